"""What the store promises beyond a single change: money writes are committed with FULL sync, old
idempotency keys are pruned after their window, a room's events in memory stay within a budget,
and a client too far behind is told to resync instead of being replayed the whole backlog."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time

import pytest

from anchor_console.studio.database import WRITER_LOCK
from anchor_console.studio.event_feed import RoomFeed
from anchor_console.studio.open_streams import OpenStreams
from anchor_console.studio.permissions import Role
from anchor_console.studio.routes import live
from anchor_console.studio.services import Studio
from anchor_console.studio.services.idempotency import KEY_WINDOW_S
from anchor_console.studio.store import LAST_IDS, Principal
from support.postgres import studio_database


@pytest.fixture
def studio(tmp_path):
    s = Studio(str(studio_database(tmp_path, "s")))
    yield s
    s.store.close()


def live_room(studio: Studio) -> int:
    room = studio.rooms.create("r")["id"]
    studio.catalog.create_product("p", [{"id": 501, "name": "s", "price_fen": 1000, "stock": 5}], product_id=50)
    studio.shelf.add(room, 50)
    studio.rooms.start(room)
    return room


def syncs_of(studio: Studio, change) -> list[str]:
    seen: list[str] = []
    studio.store.db.set_trace_callback(seen.append)
    try:
        change()
    finally:
        studio.store.db.set_trace_callback(None)
    return [s for s in seen if s.startswith(("PRAGMA synchronous", "BEGIN", "COMMIT"))]


def test_an_order_commits_with_full_sync_and_a_comment_does_not(studio):
    room = live_room(studio)
    viewer = studio.accounts.join_as_viewer("买家")["viewer_id"]
    if studio.store.engine.name == "postgresql":   # synchronous commit is PostgreSQL's default
        newest = ", ".join(f"(SELECT COALESCE(MAX(id), 0) FROM {table})" for table in LAST_IDS)
        lock = f"SELECT pg_advisory_xact_lock({WRITER_LOCK});SELECT {newest}"
        durable, normal = [f"BEGIN;{lock}", "COMMIT"], [f"BEGIN;SET LOCAL synchronous_commit TO off;{lock}", "COMMIT"]
    else:
        durable = ["PRAGMA synchronous=FULL", "BEGIN IMMEDIATE", "COMMIT", "PRAGMA synchronous=NORMAL"]
        normal = ["BEGIN IMMEDIATE", "COMMIT"]
    assert syncs_of(studio, lambda: studio.orders.create(room, viewer, 501, 1)) == durable
    assert syncs_of(studio, lambda: studio.comments.add_batch(room, [(viewer, "买家", "hi")])) == normal


def test_a_money_write_inside_a_change_that_is_not_durable_is_a_bug_caught_at_once(studio):
    room = live_room(studio)
    viewer = studio.accounts.join_as_viewer("买家")["viewer_id"]
    with pytest.raises(AssertionError, match="money write"):
        with studio.store.tx():
            studio.orders.create(room, viewer, 501, 1)
    assert studio.catalog.sku_row(501)["stock"] == 5   # rolled back


def test_idempotency_keys_are_pruned_after_their_window(studio):
    who = Principal(Role.ANCHOR, staff_id=1)
    studio.idempotency.once(who, "old", "f", lambda: (200, {"ok": 1}))
    studio.idempotency.once(who, "new", "f", lambda: (200, {"ok": 2}))
    studio.store.db.execute("UPDATE idempotency SET created_at = ? WHERE key = 'old'", (time.time() - KEY_WINDOW_S - 1,))
    assert studio.idempotency.prune() == 1
    keys = [r[0] for r in studio.store.db.execute("SELECT key FROM idempotency")]
    assert keys == ["new"]


def test_a_rooms_events_in_memory_stay_within_their_budget():
    feed = RoomFeed(floor=0, max_bytes=100_000)
    frame = b"x" * 500
    for event_id in range(1, 10_001):
        feed.publish([(event_id, frame)])
        assert feed.bytes <= 100_000
    assert feed.floor > 9_000 and feed.since(feed.floor - 1) is None   # older ones: from the database
    frames, last = feed.since(feed.floor)
    assert last == 10_000 and len(frames) == 10_000 - feed.floor


async def _first_frames(studio: Studio, room: int, last_id: int, n: int) -> list[bytes]:
    streams = OpenStreams(studio.store, studio.tokens)
    who = Principal(Role.MODERATOR, staff_id=1, token_id=None)
    stream = live._stream(studio.store, streams, who, room, last_id, None)
    try:
        return [await asyncio.wait_for(stream.__anext__(), 5) for _ in range(n)]
    finally:
        await stream.aclose()


@pytest.mark.asyncio
async def test_a_client_far_behind_is_told_to_resync_and_a_near_one_is_replayed(studio, monkeypatch):
    room = live_room(studio)
    studio.store.feed.room(room).floor = studio.store.last_event_id   # as after a restart: memory empty
    viewer = studio.accounts.join_as_viewer("v")["viewer_id"]
    for i in range(30):
        studio.comments.add_batch(room, [(viewer, "v", f"c{i}")])
    monkeypatch.setattr(live, "RESYNC_AFTER", 10)
    frames = await _first_frames(studio, room, 1, 3)
    assert frames[2].startswith(b"event: resync\n")
    assert json.loads(frames[2].split(b"data: ")[1]) == {"last_event_id": studio.store.last_event_id}
    monkeypatch.setattr(live, "RESYNC_AFTER", 100_000)
    frames = await _first_frames(studio, room, 1, 3)
    assert frames[2].startswith(b"id: 2\n")   # replayed from the database, in order


def test_a_change_by_another_process_is_seen(studio, tmp_path):
    if studio.store.engine.name == "postgresql":
        pytest.skip("SQLite's data_version only: on PostgreSQL every sweep re-reads the tokens' revision")
    assert not studio.store.changed_elsewhere()
    other = sqlite3.connect(tmp_path / "s.sqlite")
    other.execute("INSERT INTO meta(key, value) VALUES ('x', '1')")
    other.commit()
    other.close()
    assert studio.store.changed_elsewhere() and not studio.store.changed_elsewhere()
