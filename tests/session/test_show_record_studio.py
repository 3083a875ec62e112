"""The recorder in a running console session against a real Studio process: viewers buy (one with
a coupon the show's cue issued) while the show runs; once the last stats event is in, the review's
totals are Studio's own and the journal's, to the fen."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from anchor_console.session.review import compute_review
from anchor_console.show import save_show
from anchor_console.show.model import Cue, CueMode, IssueCoupon, Segment, Show, StageProduct, Trigger
from support.studio import on_demo_studio
from support.waiting import until


def viewer(studio, nickname: str) -> httpx.Client:
    r = httpx.post(f"{studio.url}/api/v1/viewers", json={"nickname": nickname}, timeout=10)
    assert r.status_code == 201, r.text
    return httpx.Client(base_url=studio.url, headers={"Authorization": f"Bearer {r.json()['token']}"}, timeout=10)


@pytest.mark.studio
@pytest.mark.asyncio
async def test_a_show_recorded_in_a_session_reviews_to_studios_totals(session_factory, studio_factory, tmp_path):
    studio, session = await on_demo_studio(session_factory, studio_factory, "assistant")
    recorder = session.recorder   # the session's own, recording every show it runs
    ended = []
    recorder.ended.connect(ended.append)
    show = Show("真实联调", start=dt.time(0, 0), commission_bp=1000, segments=(
        Segment("seg-a", "开场", 600, cues=(
            Cue("cue-stage", StageProduct("1002", "牛仔裤"), Trigger.at_start(), CueMode.AUTO),
            Cue("cue-coupon", IssueCoupon("2", 50, 10, "无门槛10元券"), Trigger.at_start(), CueMode.AUTO))),
        Segment("seg-b", "返场", 600),
    ))
    path = tmp_path / "live.show.toml"
    save_show(show, path)
    assert session.show.load(path) and session.show.start()
    room = session.room
    await until(lambda: room.state.stage_product_id == "1002" and room.state.coupons, 15)
    batch = next(iter(room.state.coupons))
    sku = next(s for s in room.state.shelf_item("1002").product.skus if s.stock > 5)
    buyers = [viewer(studio, f"买家{i}") for i in range(3)]
    try:
        claim = buyers[0].post(f"/api/v1/rooms/{studio.room_id}/coupons/{batch}/claim").json()["claim_id"]
        for i, client in enumerate(buyers):
            body = {"sku_id": int(sku.id), "quantity": 1 + i % 2}
            if i == 0:
                body["coupon_claim_id"] = claim
            assert client.post(f"/api/v1/rooms/{studio.room_id}/orders", json=body).status_code == 201
        session.show.next()
        assert buyers[1].post(f"/api/v1/rooms/{studio.room_id}/orders",
                              json={"sku_id": int(sku.id)}).status_code == 201
    finally:
        for client in buyers:
            client.close()
    with httpx.Client(base_url=studio.url, headers=studio.headers("assistant")) as c:
        truth = c.get(f"/api/v1/rooms/{studio.room_id}/stats").json()
    await until(lambda: recorder.live.view is not None and recorder.live.view.values["orders"] == truth["orders"], 15,
                message="the last stats never reached the record")
    session.show.end()
    await until(lambda: ended, 10)
    review = compute_review(ended[0], journal=session.journal)
    totals = review.overview.totals
    assert truth["orders"] == 4     # a fresh room: the show's share is the room's total
    for figure in ("orders", "gmv_fen", "buyers", "coupon_claims", "coupon_uses", "coupon_gmv_fen"):
        assert totals[figure] == truth[figure], figure
    assert review.coupons.issued == review.coupons.issued_per_journal == 50
    assert review.overview.orders_seen == 4 and sum(s.figures["orders"] for s in review.segments) == 4
    assert review.revenue.total_fen == truth["gmv_fen"] // 10
    assert review.overview.figures_lacking == ()
