"""Live plans on Studio (直播预告): a planned room with its plan and cover, the rules a plan keeps
(each refused with a 422 naming it), reservations counted in the room and in listings, one reminder
per subscriber when the room starts — never a second — the public share page with every text
escaped, and the simulated audience reserving planned lives."""

from __future__ import annotations

import random
import time

import httpx
import pytest

from anchor_console.studio.audience import Audience
from anchor_console.studio.errors import ApiError
from anchor_console.studio.services import Studio
from anchor_console.studio.store import StudioClock
from support.viewers import join
from support.postgres import studio_database

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def plan_body(**change) -> dict:
    start = time.time() + 3600
    return {"title": "春季上新专场", "starts_at": start, "ends_at": start + 7200, "anchor_name": "小美主播",
            "description": "新品首发,整点抽奖", **change}


def test_a_planned_room_carries_its_plan_cover_and_share_page(studio, api):
    media = api.post("/api/v1/media", content=PNG, headers={"Content-Type": "image/png"})
    assert media.status_code == 201, media.text
    created = api.post("/api/v1/plans", json=plan_body(cover_media_id=media.json()["media_id"]))
    assert created.status_code == 201, created.text
    room = created.json()
    assert room["status"] == "scheduled" and room["title"] == "春季上新专场"
    plan = room["plan"]
    assert (plan["anchor_name"], plan["subscribers"], plan["reminders_sent"]) == ("小美主播", 0, None)
    assert plan["watch_url"] == f"/watch/{room['id']}" and plan["cover_url"] == f"/watch/{room['id']}/cover"
    cover = httpx.get(f"{studio.url}{plan['cover_url']}")          # public: no token
    assert cover.status_code == 200 and cover.content == PNG and cover.headers["content-type"] == "image/png"
    page = httpx.get(f"{studio.url}/watch/{room['id']}")
    assert page.status_code == 200 and "春季上新专场" in page.text and "小美主播" in page.text
    assert any(r["id"] == room["id"] for r in api.get("/api/v1/plans").json()["items"])
    assert api.get(f"/api/v1/rooms/{room['id']}").json()["plan"]["starts_at"] == pytest.approx(plan["starts_at"])
    edited = api.put(f"/api/v1/rooms/{room['id']}/plan", json=plan_body(title="秋季上新专场"))
    assert edited.status_code == 200 and edited.json()["title"] == "秋季上新专场"
    assert edited.json()["plan"]["cover_url"] == ""


def test_the_share_page_escapes_every_text(studio, api):
    room = api.post("/api/v1/plans", json=plan_body(title="<script>alert(1)</script>", anchor_name="<b>主播</b>",
                                                    description="\"&'<img src=x>")).json()
    page = httpx.get(f"{studio.url}/watch/{room['id']}").text
    assert "<script>" not in page and "<b>" not in page and "<img src=x>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;主播&lt;/b&gt;" in page
    assert httpx.get(f"{studio.url}/watch/999999").status_code == 404
    assert httpx.get(f"{studio.url}/watch/{studio.room_id}").status_code == 404     # a room without a plan


def test_the_share_page_and_its_cover_allow_no_script_and_no_sniffing(studio, api):
    # Public and unauthenticated: should a text ever slip through unescaped, or an upload be sniffed
    # as HTML, the browser still runs nothing. The page needs only its cover and inline styles.
    media = api.post("/api/v1/media", content=PNG, headers={"Content-Type": "image/png"}).json()["media_id"]
    room = api.post("/api/v1/plans", json=plan_body(cover_media_id=media)).json()
    csp = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    for path in (f"/watch/{room['id']}", f"/watch/{room['id']}/cover"):
        r = httpx.get(f"{studio.url}{path}")
        assert r.status_code == 200 and r.headers["content-security-policy"] == csp, path
        assert r.headers["x-content-type-options"] == "nosniff", path
    page = httpx.get(f"{studio.url}/watch/{room['id']}").text
    assert "<script" not in page and "src=\"/watch/" in page and "http" not in page.split("<body", 1)[1]


@pytest.mark.parametrize("change,status,code,words", [
    ({"title": "春"}, 422, "invalid", "title: Value should have at least 2"),
    ({"title": "春" * 61}, 422, "invalid", "title: Value should have at most 60"),
    ({"starts_at": 1_000_000_000.0, "ends_at": 1_000_003_600.0}, 422, "plan_start_past", "start must be in the future"),
    ({"starts_at": time.time() + 400 * 86400, "ends_at": time.time() + 400 * 86400 + 60}, 422, "plan_start_too_far",
     "at most a year"),
    ({"ends_at": time.time()}, 422, "plan_end_before_start", "end must be after the start"),
    ({"ends_at": time.time() + 3600 + 25 * 3600}, 422, "plan_too_long", "at most 24 hours"),
    ({"anchor_name": "主" * 41}, 422, "invalid", "anchor_name: Value should have at most 40"),
    ({"cover_media_id": "nope"}, 409, "plan_cover_unknown", "upload it first"),
])
def test_a_plan_that_breaks_a_rule_is_refused_in_words(api, change, status, code, words):
    before = len(api.get("/api/v1/rooms").json()["items"])
    answer = api.post("/api/v1/plans", json=plan_body(**change))
    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code and words in answer.json()["message"]
    assert len(api.get("/api/v1/rooms").json()["items"]) == before


def test_the_service_words_every_rule_for_callers_without_the_form(tmp_path):
    studio = Studio(str(studio_database(tmp_path, "s")))
    now = studio.store.clock.now()
    for args, code in ((("春", now + 60, now + 120), "plan_title_length"),
                       (("春季上新", now + 60, now + 120, "主" * 41, ""), "plan_anchor_length"),
                       (("春季上新", now + 60, now + 120, "", "x" * 2001), "plan_description_length")):
        with pytest.raises(ApiError) as info:
            studio.plans.check(*(args + ("", "")[len(args) - 3:]), None)
        assert info.value.code == code
    studio.store.close()


def test_bad_plan_input_is_a_422_not_a_500(api):
    for body in ({"title": "春季", "starts_at": "tomorrow", "ends_at": 1}, {"title": "春季"},
                 {**plan_body(), "starts_at": True}, {**plan_body(), "extra": 1}):
        answer = api.post("/api/v1/plans", json=body)
        assert answer.status_code == 422 and answer.json()["code"] == "invalid"
    for image in (b"", b"GIF89a...", b"<svg/>"):
        answer = api.post("/api/v1/media", content=image, headers={"Content-Type": "image/png"})
        assert answer.status_code == 422, answer.text


def test_reservations_are_counted_and_each_subscriber_is_reminded_once(studio, api):
    room = api.post("/api/v1/plans", json=plan_body()).json()
    viewers = [join(studio, f"预约观众{i}") for i in range(3)]
    for v in viewers + viewers[:1]:                                    # a second reservation changes nothing
        r = httpx.post(f"{studio.url}/api/v1/rooms/{room['id']}/reservations", headers=v["headers"])
        assert r.status_code == 200 and r.json()["reserved"]
    assert r.json()["subscribers"] == 3
    assert api.get(f"/api/v1/rooms/{room['id']}").json()["plan"]["subscribers"] == 3
    listed = next(i for i in api.get("/api/v1/rooms").json()["items"] if i["id"] == room["id"])
    assert listed["plan"]["subscribers"] == 3
    cancel = httpx.delete(f"{studio.url}/api/v1/rooms/{room['id']}/reservations", headers=viewers[2]["headers"])
    assert cancel.json() == {"room_id": room["id"], "reserved": False, "subscribers": 2}
    # staff may not reserve; a viewer may not plan
    assert api.post(f"/api/v1/rooms/{room['id']}/reservations").status_code == 403
    assert httpx.post(f"{studio.url}/api/v1/plans", json=plan_body(), headers=viewers[0]["headers"]).status_code == 403

    assert api.post(f"/api/v1/rooms/{room['id']}/start").status_code == 200
    assert api.post(f"/api/v1/rooms/{room['id']}/start").status_code == 200      # starting twice
    assert api.get(f"/api/v1/rooms/{room['id']}").json()["plan"]["reminders_sent"] == 2
    for v, expected in zip(viewers, (1, 1, 0)):
        items = httpx.get(f"{studio.url}/api/v1/notifications", headers=v["headers"]).json()["items"]
        assert len(items) == expected
        if expected:
            assert items[0]["room_id"] == room["id"] and items[0]["kind"] == "live_started"
    late = httpx.post(f"{studio.url}/api/v1/rooms/{room['id']}/reservations", headers=viewers[2]["headers"])
    assert late.status_code == 409 and late.json()["code"] == "room_not_scheduled"
    edit = api.put(f"/api/v1/rooms/{room['id']}/plan", json=plan_body())
    assert edit.status_code == 409 and edit.json()["code"] == "plan_not_scheduled"


def test_reminders_go_out_once_and_say_so_in_the_rooms_events(tmp_path):
    studio = Studio(str(studio_database(tmp_path, "s")))
    seen: list[tuple[str, dict]] = []
    studio.store.listeners.append(lambda room_id, kind, data: seen.append((kind, data)))
    now = studio.store.clock.now()
    room = studio.plans.create("春季上新专场", now + 600, now + 4200)
    viewers = studio.accounts.create_viewers(["甲", "乙", "丙"])
    studio.plans.reserve(room["id"], viewers)
    studio.rooms.start(room["id"])
    studio.rooms.start(room["id"])
    assert [d for k, d in seen if k == "plan.reminders_sent"] == [{"room_id": room["id"], "count": 3}]
    rows = studio.store.db.execute("SELECT COUNT(*) FROM notifications WHERE room_id = ?", (room["id"],)).fetchone()
    assert rows[0] == 3
    plain = studio.rooms.create("没有预告的直播间")
    studio.rooms.start(plain["id"])                               # no plan: no reminders, no event
    assert len([k for k, _ in seen if k == "plan.reminders_sent"]) == 1
    studio.store.close()


def test_the_audience_reserves_planned_lives_faster_on_their_last_day(tmp_path):
    t = [1_780_000_000.0]
    studio = Studio(str(studio_database(tmp_path, "s")), clock=StudioClock(base=lambda: t[0]))
    audience = Audience(studio, random.Random(7))
    audience.reserving = True
    soon = studio.plans.create("今晚八点上新", t[0] + 3 * 3600, t[0] + 5 * 3600)
    later = studio.plans.create("下周上新专场", t[0] + 5 * 86400, t[0] + 5 * 86400 + 3600)
    for _ in range(600):                                           # ten simulated minutes, a second a step
        audience.reserve_step(1.0)
    counts = {r["id"]: r["plan"]["subscribers"] for r in studio.plans.list_planned()}
    assert 100 <= counts[soon["id"]] <= 260        # ~0.3 a second
    assert 5 <= counts[later["id"]] <= 40          # ~0.03 a second
    studio.rooms.start(soon["id"])
    before = studio.rooms.get(soon["id"])["plan"]["subscribers"]
    audience.reserve_step(60.0)
    assert studio.rooms.get(soon["id"])["plan"]["subscribers"] == before   # started: no more reservations
    studio.store.close()
