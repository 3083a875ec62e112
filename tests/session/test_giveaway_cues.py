"""Lucky-bag and red-packet cues in a show rehearsed at 10× in the console session against a real
Studio whose simulated audience enters by commenting the keyword: each fires once, the bag is
drawn once (when Studio's faster countdown closes it), its winners verify, and the keyword is
exempt from the flood rules only while the bag is open."""

from __future__ import annotations

import httpx
import pytest

from anchor_console.domain.giveaways import EntryRule, LuckyBagSetup, RedPacketSpec
from anchor_console.show import save_show
from anchor_console.show.model import Cue, CueMode, SendRedPacket, Segment, Show, StartLuckyBag, Trigger
from anchor_console.session.giveaway_store import DRAWN
from support.studio import studio_settings
from support.waiting import until


@pytest.mark.asyncio
async def test_giveaway_cues_fire_once_in_a_rehearsal_at_ten_times(session_factory, studio_factory, tmp_path):
    studio = studio_factory("--demo", "--audience", "0")
    with studio.client("assistant") as c:
        r = c.put(f"/api/v1/rooms/{studio.room_id}/audience", json={"enabled": True, "comments_per_s": 5,
                                                                    "viewers": 80})
        assert r.status_code == 200, r.text
    setup = LuckyBagSetup("保温杯", 3, EntryRule.KEYWORD, "来了", countdown_s=60)
    show = Show("福袋彩排", segments=(
        Segment("seg-a", "开场福袋", 300, cues=(
            Cue("cue-bag", StartLuckyBag(setup), Trigger.at_start(), CueMode.AUTO),
            Cue("cue-red", SendRedPacket(RedPacketSpec(5000, 20)), Trigger.after(20), CueMode.AUTO))),
        Segment("seg-b", "下播", 60),
    ))
    path = tmp_path / "giveaways.show.toml"
    save_show(show, path)
    session = await session_factory(studio_settings(studio, confirm_money_actions=False),
                                    token=studio.tokens["assistant"])
    assert session.show.load(path) and session.show.start(rehearse=True, speed=10)
    await until(lambda: session.giveaways.bags() and session.giveaways.bags()[0].state != "committed", 15,
                message="the lucky-bag cue did not start a bag")
    assert session.desk.pipeline.entry_keywords == frozenset({"来了"})
    await until(lambda: session.giveaways.bags()[0].state == DRAWN, 40, message="the bag was not drawn")
    bag = session.giveaways.bags()[0]
    assert bag.verified and bag.entrant_count >= 3 and len(bag.winners) == 3
    assert session.desk.pipeline.entry_keywords == frozenset()
    await until(lambda: any(e.kind == "send_red_packet" and e.status == "confirmed"
                            for e in session.journal.entries()), 20, message="the red-packet cue did not fire")
    for _ in range(5):
        await session.show.engine.step()
        await session.giveaways.tick()
    session.show.end()
    kinds = [e.kind for e in session.journal.entries(limit=5000)]
    assert kinds.count("start_lucky_bag") == 1 and kinds.count("draw_lucky_bag") == 1
    assert kinds.count("send_red_packet") == 1
    with httpx.Client(base_url=studio.url, headers=studio.headers("anchor")) as c:
        bags = c.get(f"/api/v1/rooms/{studio.room_id}/lucky-bags").json()["items"]
        packets = c.get(f"/api/v1/rooms/{studio.room_id}/red-packets").json()["items"]
    assert [b["state"] for b in bags] == ["drawn"] and len(packets) == 1
    assert (await session.giveaways.recheck(bag.bag_id)).ok
