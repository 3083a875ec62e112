"""Two seats of a crew and one money action: each seat has its own journal and keys, so the same
red packet (or coupon batch) sent from a second seat a moment after the first would be paid twice.
The second seat refuses it in words while the first one's is out or just done; pressed at the same
moment, before the second seat hears of the first's, Studio refuses it."""

from __future__ import annotations

import pytest

from anchor_console.domain.giveaways import RedPacketSpec, Split
from anchor_console.room.commands import IssueCoupon
from anchor_console.session import seats
from support.waiting import until
from test_crew_seats import crew_of_three


@pytest.mark.asyncio
async def test_a_red_packet_or_coupon_sent_by_one_seat_is_not_sent_again_by_another(session_factory, studio_factory,
                                                                                    tmp_path, monkeypatch):
    studio = studio_factory("--demo", "--audience", "0")
    crew = await crew_of_three(studio, session_factory, tmp_path)
    first, second = crew["assistant"], crew["anchor"]
    spec = RedPacketSpec(total_fen=20000, count=50, split=Split.RANDOM, claim_window_s=300)
    sent = await first.giveaways.send_red_packet(spec)
    assert sent.ok
    await until(lambda: any(e.kind == "send_red_packet" for e in second.crew.shared.values()), 10,
                message="the second seat did not hear of the red packet")
    again = await second.giveaways.send_red_packet(spec)
    assert not again.ok and "李场控's seat sent this same money action" in again.reason.english()
    assert len(await first.giveaways.room_red_packets()) == 1

    said = []
    second.notices.connect(said.append)
    coupon = IssueCoupon("2", 7, 10)
    first.settings.confirm_money_actions = second.settings.confirm_money_actions = False
    assert await first.actions.launch(coupon)
    await until(lambda: any(e.kind == coupon.kind for e in second.crew.shared.values()), 10)
    assert second.actions.launch(coupon) is None and "not sent again from here" in said[-1].text.english()
    # A cue (or the control API, a lucky bag…) goes through the room, which asks the crew too.
    cue = await second.room.perform(coupon, origin="cue:run1:c1", action_key="show:run1:cue:c1")
    assert not cue.ok and "not sent again from here" in cue.reasons()[0][1].english()
    # Held back there is nothing paid: it holds nothing back here.
    await until(lambda: any(e.state == "failed" for e in first.crew.shared.values()), 10,
                message="the first seat did not hear of the held-back cue")
    assert (await first.room.perform(coupon)).ok

    # Had the second seat not heard of the first's packet yet (both pressed at once), Studio itself
    # refuses the same money action from another seat a moment after the first (3 s).
    monkeypatch.setattr(seats, "MONEY_ELSEWHERE_S", 0.0)
    monkeypatch.setattr(seats, "UNKNOWN_ELSEWHERE_S", 0.0)
    at_once = await second.giveaways.send_red_packet(spec)
    assert not at_once.ok and "Another seat of the crew" in at_once.reason.english()
    other = RedPacketSpec(total_fen=10000, count=20, split=Split.RANDOM, claim_window_s=300)
    assert (await second.giveaways.send_red_packet(other)).ok    # another packet is another action
    assert len(await first.giveaways.room_red_packets()) == 2
    assert len([b for b in await first.room.primary.platform.list_coupons(first.room.primary.room_id)
                if b.quantity == 7]) == 2
