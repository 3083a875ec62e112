"""A change Studio confirmed but Tencent Cloud IM did not carry out reaches the console as a notice
(no window): Studio's `chat_relay.failed` event, through the Studio adapter and the live room, to the
session's ChatRelayWatch, worded for the action and carrying IM's reason."""

from __future__ import annotations

import pytest
import pytest_asyncio

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.events import Event
from anchor_console.domain.models import RoomEvent
from anchor_console.domain.notice import Level
from anchor_console.platforms.studio import StudioPlatform
from anchor_console.platforms.transport import Endpoint
from anchor_console.room.journal import ActionJournal
from anchor_console.room.live_room import Binding, LiveRoom
from anchor_console.session.chat_relay import NOTICE_KEY, ChatRelayWatch, relay_notice
from support.tencent_im_world import make_world


@pytest_asyncio.fixture
async def side(tmp_path):
    world = make_world(tmp_path)
    platform = StudioPlatform("studio", Endpoint("http://studio", world.tokens["assistant"]), world.client)
    journal = ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="test")
    room = LiveRoom(f"studio:{world.room_id}", [Binding(platform, str(world.room_id))], journal, actor="场控")
    notices: list = []
    heard = Event()
    heard.connect(notices.append)
    watch = ChatRelayWatch(heard)

    def deliver(room_id: int, event_type: str, data: dict) -> None:   # as the room's event stream would
        event = RoomEvent(0, event_type, str(room_id), world.wall(), platform._domain_data(event_type, data))
        aspect = room.state.apply(event)
        if aspect is not None:
            room._notify("studio", aspect, event)

    world.studio.store.listeners.append(deliver)
    await room.reload("studio")
    watch.set_room(room)
    yield world, notices
    watch.set_room(None)
    await world.aclose()


@pytest.mark.asyncio
async def test_a_room_wide_mute_im_refused_is_told_with_ims_reason(side):
    world, notices = side
    world.emulator.groups.clear()          # the group was dismissed in IM's console: IM answers 10010
    r = await world.client.put(f"/api/v1/rooms/{world.room_id}/mute-all", json={"muted": True}, headers=world.headers())
    assert r.status_code == 200            # Studio confirmed it: the console shows the room muted
    assert notices == []
    await world.im.sender.drain()
    [notice] = notices
    assert notice.level is Level.WARNING and notice.key == NOTICE_KEY + "mute_all"
    assert notice.text.english().startswith("Tencent Cloud IM did not change the room-wide mute of the viewers' "
                                            "chat: The IM group no longer exists (dismissed).")


def test_an_action_the_console_does_not_know_yet_is_still_told_plainly():
    notice = relay_notice({"service": "another_im", "action": "slow_mode", "message": ""})
    assert notice.text.english() == ("The viewers' chat service did not carry out a moderation change (slow_mode) "
                                     "in the viewers' chat: no reason given")
