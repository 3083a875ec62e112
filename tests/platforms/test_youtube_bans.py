"""YouTube lifts a ban only by the id `liveChatBans.insert` answered, and lists no bans: the adapter
keeps the ids in the connection's ledger, so a viewer banned or timed out before the console was
restarted can still be unbanned from it — and a ban this console never made says so clearly."""

from __future__ import annotations

import pytest
from support.world_fixture import world_fixture
from support.youtube_world import World

from anchor_console.platforms import errors as pe
from anchor_console.platforms.wechat_client import JsonLinesLedger
from anchor_console.studio.youtube.core import viewer_channel


world = world_fixture(World)


@pytest.mark.asyncio
async def test_a_ban_and_a_time_out_made_before_a_restart_are_lifted_after_it(world, tmp_path):
    credentials = await world.signed_in()
    ledger_path = tmp_path / "ledger" / "yt.jsonl"
    _, troll = world.viewer_comment("刷屏刷屏")
    _, spammer = world.viewer_comment("加v123456")
    troll_channel, spammer_channel = viewer_channel(troll), viewer_channel(spammer)
    before = world.adapter(credentials, ledger=JsonLinesLedger(ledger_path))
    assert (await before.ban_viewer(world.video, troll_channel, key="b1")).banned
    assert (await before.mute_viewer(world.video, spammer_channel, 600, key="m1")).muted_until is not None
    await before.aclose()

    after = world.adapter(credentials, ledger=JsonLinesLedger(ledger_path))      # the console restarted
    assert (await after.get_viewer(world.video, troll_channel)).banned
    assert not (await after.unban_viewer(world.video, troll_channel, key="u1")).banned
    assert (await after.unmute_viewer(world.video, spammer_channel, key="u2")).muted_until is None
    assert not world.studio.moderation.viewer_card(world.room_id, troll)["banned"]
    assert world.studio.moderation.viewer_card(world.room_id, spammer)["muted_until"] is None

    again = world.adapter(credentials, ledger=JsonLinesLedger(ledger_path))      # lifted stays lifted
    with pytest.raises(pe.NotFound) as info:
        await again.unban_viewer(world.video, troll_channel, key="u3")
    assert "YouTube Studio" in info.value.message.english()
