"""Going live from a plan of another room: the console follows the plan's room from then on, with
every other connection of the room it followed (a simulcast goes on), and — when the settings
cannot be saved (a full disk) — goes live all the same and says it will not remember the room."""

from __future__ import annotations

import errno
import time

import pytest

import anchor_console.session.live_plans as live_plans
from anchor_console.room.journal import CONFIRMED
from anchor_console.session.settings import ConnectionSettings, load_settings
from support.studio import make_room, on_demo_studio, studio_settings
from support.waiting import until
from test_live_plans import a_plan


@pytest.mark.asyncio
async def test_go_live_when_the_settings_cannot_be_saved_goes_live_and_says_so(session_factory, studio_factory,
                                                                              monkeypatch):
    studio, session = await on_demo_studio(session_factory, studio_factory, "assistant")
    await until(lambda: session.catalog.products, 10, message="the catalog did not load")
    made = await session.live_plans.create("test-studio", a_plan(time.time()), product_ids=("1004",))
    before = session.room.primary.room_id

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(live_plans, "save_settings", disk_full)
    summary = await session.live_plans.go_live(made)
    assert summary.started and summary.listed == ("1004",)
    assert session.room.primary.room_id == made.room_id != before
    (problem,) = summary.problems
    assert problem.english() == ("The console follows the plan's room now, but the settings could not be saved "
                                 "(No space left on device): the next start may follow the room from before.")
    kinds = {e.kind: e.status for e in session.journal.entries() if e.room_key.endswith(f":{made.room_id}")}
    assert kinds == {"add_to_shelf": CONFIRMED, "start_room": CONFIRMED}


@pytest.mark.asyncio
async def test_go_live_from_a_plan_keeps_the_rooms_other_connections(session_factory, studio_factory):
    """A room followed on two connections: the plan's connection moves to the plan's room, the
    second one stays followed (its comments, rules and actions went on only after a restart)."""
    studio = studio_factory("--demo", "--audience", "0")
    other_room = make_room(studio)
    settings = studio_settings(studio)
    settings.connections.append(ConnectionSettings(id="second", name="第二平台", url=studio.url + "/",
                                                   room_id=str(other_room)))
    session = await session_factory(settings, token=studio.tokens["assistant"])
    before = {b.connection_id: b for b in session.room.bindings}
    await until(lambda: session.catalog.products, 10, message="the catalog did not load")
    made = await session.live_plans.create("test-studio", a_plan(time.time()))
    summary = await session.live_plans.go_live(made)
    assert summary.started and summary.problems == ()
    after = {b.connection_id: b for b in session.room.bindings}
    assert sorted(after) == sorted(before)
    assert after["test-studio"].room_id == made.room_id and after["second"].room_id == str(other_room)
    assert after["second"].platform is before["second"].platform    # the same adapter, still open
    saved = {c.id: c.room_id for c in load_settings(session.paths.settings_file)[0].connections}
    assert saved == {"test-studio": made.room_id, "second": str(other_room)}
