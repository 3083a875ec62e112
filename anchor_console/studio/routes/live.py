"""What a console follows while a room is on air: its live stats, and its Server-Sent-Events
stream of every change in order.

A client that resumes from an event more than RESYNC_AFTER ids behind is not replayed the whole
backlog: it gets `event: resync` with the id to continue from, and reloads the room's snapshot.
A stream whose token is revoked or expires gets `event: closed` and ends (open_streams.py)."""

from __future__ import annotations

import json
import re
import time
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import StreamingResponse

from anchor_console.studio.errors import Invalid
from anchor_console.studio.open_streams import OpenStreams
from anchor_console.studio.routes.context import Caller, caller_for, context_of, require
from anchor_console.studio.routes.inputs import Id
from anchor_console.studio.routes.schemas import EVENT_STREAM, Stats, ok
from anchor_console.studio.store import MAX_INT, Principal, StudioStore

router = APIRouter(tags=["live"])

RESYNC_AFTER = 100_000
_EVENT_ID = re.compile(r"[0-9]{1,16}")   # ASCII digits only: str.isdigit() also takes "²", which int() refuses


@router.get("/api/v1/rooms/{room_id}/stats", responses=ok(Stats))
async def get_stats(room_id: Id, caller: Caller = Depends(caller_for("stats.read"))):
    return caller.studio.stats.of_room(room_id)


@router.get("/api/v1/rooms/{room_id}/events", response_class=StreamingResponse, responses=EVENT_STREAM)
async def events(room_id: Id, request: Request,
                 last_event_id: Annotated[str | None, Header(alias="Last-Event-ID", max_length=20)] = None,
                 after: Annotated[int | None, Query(ge=0, le=MAX_INT)] = None,
                 who: Principal = Depends(require("events.read"))):
    """Server-Sent Events: every change in the room, in order, each with an increasing id.
    Resume with the `Last-Event-ID` header (or `after`); nothing is skipped or repeated — or, when
    far behind, `event: resync` says where to continue after reloading the snapshot."""
    context = context_of(request)
    context.studio.rooms.get(room_id)
    start = after or 0
    if last_event_id not in (None, ""):
        if not _EVENT_ID.fullmatch(last_event_id) or int(last_event_id) > MAX_INT:
            raise Invalid("Last-Event-ID must be an event id.")
        start = int(last_event_id)
    chaos = context.chaos
    cut_after = chaos.sse_cut_every_s if chaos is not None and chaos.sse_cut_every_s > 0 else None
    return StreamingResponse(_stream(context.studio.store, context.streams, who, room_id, start, cut_after),
                             media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


async def _stream(store: StudioStore, streams: OpenStreams, who: Principal, room_id: int, last_id: int,
                  cut_after: float | None):
    feed = store.feed.room(room_id)
    started = time.monotonic()
    handle = streams.open(who, room_id)   # here, so the `finally` below always releases it
    try:
        yield b"retry: 1000\n\n"
        # Tells a resuming client where the server is: ids lower than its own mean a reset server.
        yield f"event: hello\ndata: {json.dumps({'last_event_id': store.last_event_id})}\n\n".encode()
        if last_id < feed.floor and store.last_event_id - last_id > RESYNC_AFTER:
            last_id = store.last_event_id
            yield f"event: resync\ndata: {json.dumps({'last_event_id': last_id})}\n\n".encode()
        while handle.closed is None:
            page = feed.since(last_id)
            if page is None:  # behind the in-memory window: catch up from the database
                rows = store.events_after(room_id, last_id)
                if not rows:  # nothing stored for this room up to the window: continue from memory
                    page = ([], max(last_id, feed.floor))
                else:
                    page = ([frame for _, frame in rows], rows[-1][0])
            frames, last_id = page
            if frames:
                yield b"".join(frames)
            elif not await feed.wait(15.0):
                yield b": keepalive\n\n"
            if cut_after is not None and time.monotonic() - started > cut_after:
                return  # fault injection: the server drops the stream; the client must resume
        yield handle.closing_frame()
    finally:
        streams.release(handle)
