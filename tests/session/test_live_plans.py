"""Live plans in a session (no window) against a real Studio: a plan is checked against the target
platform's rules before anything is sent (WeChat mini-program live's stricter than Studio's), is
created with its cover, products and show file, shows its subscribers, and going live from it lists
its products (skipping what is listed), loads its show and starts its room — through the journal —
while a broken show file stops it before anything is done."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

import httpx
import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.models import RoomPlan, RoomStatus
from anchor_console.room.journal import CONFIRMED
from anchor_console.session.live_plans import LivePlan, PlanExtras, PlanRejected, PlanStore, plan_problems
from anchor_console.session.settings import load_settings
from anchor_console.show import save_show
from anchor_console.show.model import Cue, CueMode, Segment, Show, StageProduct, Trigger
from support.studio import on_demo_studio
from support.held_calls import recorded
from support.waiting import until

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def a_plan(now: float, **change) -> RoomPlan:
    fields = dict(title="春季上新专场", starts_at=now + 3600, ends_at=now + 3600 + 7200, anchor_name="小美主播",
                  anchor_account="studio_anchor", cover_image="", share_image="",
                  description="新品首发")
    return RoomPlan(**{**fields, **change})


def words(problems) -> list[str]:
    return [p.english() for p in problems]


def test_plan_rules_studio_and_wechat_in_words():
    clock = ManualClock()
    now = clock.now()
    assert plan_problems(a_plan(now), now, wechat=False) == []
    assert plan_problems(a_plan(now, cover_image="media-1"), now, wechat=True) == []
    studio_only = words(plan_problems(a_plan(now, title="春", starts_at=now - 60, ends_at=now - 120,
                                             anchor_name="主" * 41), now, wechat=False))
    assert studio_only == ["The title must be 2 to 60 characters.", "The start must be in the future.",
                           "The end must be after the start.", "The anchor's name may have at most 40 characters."]
    assert words(plan_problems(a_plan(now, ends_at=now + 3600 + 25 * 3600), now, wechat=False)) == [
        "A live may last at most 24 hours."]
    # What Studio takes and WeChat does not: a start 5 minutes ahead, a live of 20 minutes, a
    # one-character anchor, a title of 18 Chinese characters, no cover, no anchor WeChat ID.
    lax = a_plan(now, title="春" * 18, starts_at=now + 300, ends_at=now + 300 + 1200, anchor_name="美",
                 cover_image="", anchor_account=" ")
    assert plan_problems(lax, now, wechat=False) == []
    assert words(plan_problems(lax, now, wechat=True)) == [
        "WeChat: the room name must be 3 to 17 Chinese characters (a Latin letter counts half).",
        "WeChat: the anchor's name must be 2 to 15 Chinese characters (a Latin letter counts half).",
        "WeChat: the start must be at least 10 minutes from now and within 6 months.",
        "WeChat: a live must last from 30 minutes to 24 hours.",
        "WeChat: a cover image is required.",
        "WeChat: the anchor's WeChat ID is required (it must be real-name verified)."]
    assert all(p.context == "LivePlans" for p in plan_problems(lax, now, wechat=True))


def show_file(tmp_path, name="plan.show.toml"):
    show = Show("春季上新 · 流程", start=dt.time(20, 0), segments=(
        Segment("seg-a", "开场", 600, cues=(
            Cue("cue-stage", StageProduct("1004", "男士纯棉短袖T恤"), Trigger.at_start(), CueMode.MANUAL),)),))
    path = tmp_path / name
    save_show(show, path)
    return path


async def http(studio, method, path, role="anchor", **kw):
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers(role), timeout=10) as c:
        return await c.request(method, path, **kw)


@pytest.mark.asyncio
async def test_go_live_from_a_plan_lists_loads_and_starts(session_factory, studio_factory, tmp_path):
    studio, session = await on_demo_studio(session_factory, studio_factory, "assistant")
    plans = session.live_plans
    await until(lambda: session.catalog.products, 10, message="the catalog did not load")
    assert [p.connection_id for p in plans.platforms()] == ["test-studio"]
    cover = tmp_path / "cover.png"
    cover.write_bytes(PNG)
    path = show_file(tmp_path)
    announced = []
    plans.changed.connect(announced.append)

    with pytest.raises(PlanRejected) as refused:                  # checked before anything is sent
        await plans.create("test-studio", a_plan(time.time(), starts_at=time.time() - 10),
                           product_ids=("1004", "99999"), show_file=str(tmp_path / "missing.toml"))
    assert words(refused.value.problems)[0] == "The start must be in the future."
    assert "Product 99999 is not in the catalog." in words(refused.value.problems)
    assert any("missing.toml" in w for w in words(refused.value.problems))
    assert not (await plans.refresh())

    made = await plans.create("test-studio", a_plan(time.time()), cover_file=str(cover),
                              product_ids=("1004", "1001", "1005"), show_file=str(path))
    assert made.status is RoomStatus.SCHEDULED and made.subscribers == 0 and made.cover_url.endswith("/cover")
    assert made.extras == PlanExtras(("1004", "1001", "1005"), str(path))
    assert announced and announced[-1] == (made,)
    link = await plans.share_link(made)
    assert link == f"{studio.url}/watch/{made.room_id}"
    page = httpx.get(link)
    assert page.status_code == 200 and "春季上新专场" in page.text

    viewer = httpx.post(f"{studio.url}/api/v1/viewers", json={"nickname": "预约观众"}).json()
    assert httpx.post(f"{studio.url}/api/v1/rooms/{made.room_id}/reservations",
                      headers={"Authorization": f"Bearer {viewer['token']}"}).status_code == 200
    (refreshed,) = await plans.refresh()
    assert refreshed.subscribers == 1
    refreshed = await plans.edit(refreshed, dataclasses.replace(refreshed.plan, title="春季上新专场 · 周三"))
    assert refreshed.plan.title == "春季上新专场 · 周三" and refreshed.cover_url.endswith("/cover")   # cover kept
    assert refreshed.extras == made.extras and refreshed.subscribers == 1
    assert (await http(studio, "POST", f"/api/v1/rooms/{made.room_id}/shelf", json={"product_id": 1001})).status_code == 201

    summary = await plans.go_live(refreshed)
    assert summary.started and not summary.problems, words(summary.problems)
    assert (summary.listed, summary.already_listed, summary.not_listed) == (("1004", "1005"), ("1001",), ())
    assert summary.show_title == "春季上新 · 流程" and session.show.show.title == "春季上新 · 流程"
    assert session.room.primary.room_id == made.room_id                   # the console follows the plan's room
    room = (await http(studio, "GET", f"/api/v1/rooms/{made.room_id}")).json()
    assert room["status"] == "live" and room["plan"]["reminders_sent"] == 1
    shelf = (await http(studio, "GET", f"/api/v1/rooms/{made.room_id}/shelf")).json()["items"]
    assert sorted(i["product_id"] for i in shelf) == [1001, 1004, 1005]
    entries = [e for e in session.journal.entries() if e.room_key == f"test-studio:{made.room_id}"]
    assert sorted(e.kind for e in entries) == ["add_to_shelf", "add_to_shelf", "start_room"]
    assert all(e.status == CONFIRMED for e in entries)
    saved, _ = load_settings(session.paths.settings_file)
    assert saved.connections[0].room_id == made.room_id                  # and after a restart too
    assert summary.reminded == 1
    assert summary.describe().english() == ("Listed 2 product(s); 1 already on the shelf. Loaded the show “春季上新 · "
                                            "流程”. The room is live. 1 subscriber(s) were reminded.")

    again = await plans.go_live(refreshed)                                # a second go: nothing twice
    assert again.started and again.listed == () and len(session.journal.entries()) == len(
        [e for e in session.journal.entries()])
    assert [e.kind for e in session.journal.entries()].count("start_room") == 1


@pytest.mark.asyncio
async def test_a_broken_show_file_stops_go_live_before_anything_is_done(session_factory, studio_factory, tmp_path):
    studio, session = await on_demo_studio(session_factory, studio_factory, "assistant")
    path = show_file(tmp_path)
    made = await session.live_plans.create("test-studio", a_plan(time.time()), product_ids=("1004",),
                                           show_file=str(path))
    path.write_text("[show\ntitle = 'broken", encoding="utf-8")
    summary = await session.live_plans.go_live(made)
    assert not summary.started and summary.listed == ()
    assert any("plan.show.toml" in w and "cannot be used" in w for w in words(summary.problems))
    room = (await http(studio, "GET", f"/api/v1/rooms/{made.room_id}")).json()
    assert room["status"] == "scheduled"
    assert (await http(studio, "GET", f"/api/v1/rooms/{made.room_id}/shelf")).json()["items"] == []
    assert session.journal.entries() == [] and session.show.show is None
    assert session.room.primary.room_id == str(studio.room_id)          # still the room it followed


@pytest.mark.asyncio
async def test_a_plans_show_file_is_read_off_the_loops_thread(session_factory, studio_factory, tmp_path,
                                                                monkeypatch):
    """Creating, changing and going live from a plan read its show file on the ui thread (a show on a
    network disk froze the window); the cover's bytes too."""
    import threading

    import anchor_console.session.live_plans as live_plans_module

    studio, session = await on_demo_studio(session_factory, studio_factory, "assistant")
    path = show_file(tmp_path)
    cover = tmp_path / "cover.png"
    cover.write_bytes(PNG)
    threads = recorded(monkeypatch, live_plans_module, "load_show").threads
    made = await session.live_plans.create("test-studio", a_plan(time.time()), cover_file=str(cover),
                                           show_file=str(path))
    changed = await session.live_plans.edit(made, a_plan(time.time(), title="改个标题"))
    path.write_text("[show\ntitle = 'broken", encoding="utf-8")
    summary = await session.live_plans.go_live(changed)
    assert len(threads) == 3 and threading.current_thread() not in threads
    assert not summary.started and any("plan.show.toml" in w and "Line 1" in w for w in words(summary.problems))
    assert session.show.show is None and session.journal.entries() == []


@pytest.mark.asyncio
async def test_a_platform_refusal_is_a_plan_rejected_in_its_words(session_factory, studio_factory, tmp_path):
    studio, session = await on_demo_studio(session_factory, studio_factory, "assistant")
    made = await session.live_plans.create("test-studio", a_plan(time.time()))
    assert (await http(studio, "POST", f"/api/v1/rooms/{made.room_id}/start")).status_code == 200
    with pytest.raises(PlanRejected) as info:
        await session.live_plans.edit(made, a_plan(time.time(), title="改个标题"))
    assert words(info.value.problems) == ["This live has started or ended; its plan can no longer change."]
    bad_cover = tmp_path / "cover.gif"
    bad_cover.write_bytes(b"GIF89a not really")
    with pytest.raises(PlanRejected) as info:
        await session.live_plans.create("test-studio", a_plan(time.time()), cover_file=str(bad_cover))
    assert words(info.value.problems) == ["The cover must be a PNG or JPEG image."]
    nowhere = LivePlan("gone", "Gone", "1", a_plan(time.time()))
    assert words((await session.live_plans.go_live(nowhere)).problems) == [
        "The connection this plan belongs to is not connected."]


def test_the_plans_file_keeps_extras_and_an_unreadable_one_is_set_aside(tmp_path):
    path = tmp_path / "live_plans.json"
    PlanStore(path).put("studio:7", PlanExtras(("1001", "1002"), "/shows/春季.show.toml"))
    assert PlanStore(path).get("studio:7") == PlanExtras(("1001", "1002"), "/shows/春季.show.toml")
    assert PlanStore(path).get("studio:8") == PlanExtras()
    path.write_text("{not json", encoding="utf-8")
    store = PlanStore(path)
    assert store.get("studio:7") == PlanExtras() and "could not be read" in store.warning.english()
    (kept,) = tmp_path.glob("live_plans.json.unreadable-*")
    assert kept.read_text(encoding="utf-8") == "{not json"


def test_extras_that_cannot_be_written_are_kept_for_the_session_and_said(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    store = PlanStore(blocked / "live_plans.json")
    problem = store.put("studio:7", PlanExtras(("1001",), ""))
    assert "could not be written" in problem.english() and "live is planned" in problem.english()
    assert store.get("studio:7") == PlanExtras(("1001",), "")


@pytest.mark.asyncio
async def test_a_change_made_elsewhere_meanwhile_is_not_undone_by_a_stale_edit(session_factory, studio_factory):
    """Two consoles have the plan open; the other one moves the start. A change of the description
    here, from the form opened before, is refused in words (it sent the old start back and undid the
    other console's change without a word); opened again, it keeps both."""
    studio, session = await on_demo_studio(session_factory, studio_factory, "assistant")
    plans = session.live_plans
    made = await plans.create("test-studio", a_plan(time.time()))
    later = made.plan.starts_at + 1800
    moved = await http(studio, "PUT", f"/api/v1/rooms/{made.room_id}/plan", json={
        "title": made.plan.title, "starts_at": later, "ends_at": made.plan.ends_at,
        "anchor_name": made.plan.anchor_name, "description": made.plan.description})
    assert moved.status_code == 200, moved.text
    with pytest.raises(PlanRejected) as refused:
        await plans.edit(made, dataclasses.replace(made.plan, description="改了介绍"))
    assert words(refused.value.problems) == [
        "This plan was changed on another console or on the platform since you opened it; open it again to "
        "see the change, then make yours."]
    room = (await http(studio, "GET", f"/api/v1/rooms/{made.room_id}")).json()
    assert room["plan"]["starts_at"] == later and room["plan"]["description"] == made.plan.description
    current = plans.plans[made.key]                               # the list was read again meanwhile
    assert current.plan.starts_at == later
    done = await plans.edit(current, dataclasses.replace(current.plan, description="改了介绍"))
    assert done.plan.starts_at == later and done.plan.description == "改了介绍"


@pytest.mark.asyncio
async def test_a_cover_set_elsewhere_is_not_removed_by_a_stale_edit(session_factory, studio_factory):
    """The other console set the cover; the form here, opened before, would send the cover it had
    (none): refused in words, the other console's cover kept."""
    studio, session = await on_demo_studio(session_factory, studio_factory, "assistant")
    plans = session.live_plans
    made = await plans.create("test-studio", a_plan(time.time()))
    media = (await http(studio, "POST", "/api/v1/media", content=b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)).json()["media_id"]
    moved = await http(studio, "PUT", f"/api/v1/rooms/{made.room_id}/plan", json={
        "title": made.plan.title, "starts_at": made.plan.starts_at, "ends_at": made.plan.ends_at,
        "anchor_name": made.plan.anchor_name, "description": made.plan.description, "cover_media_id": media})
    assert moved.status_code == 200, moved.text
    with pytest.raises(PlanRejected):
        await plans.edit(made, dataclasses.replace(made.plan, description="改了介绍"))
    room = (await http(studio, "GET", f"/api/v1/rooms/{made.room_id}")).json()
    assert room["plan"].get("cover_media_id") == media
