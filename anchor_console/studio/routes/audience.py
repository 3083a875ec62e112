"""Controlling the simulated audience of a room: on/off, comment rate and viewers, replaying a
recorded comment log, and — for staff measuring moderation — what each simulated comment was
generated as (its ground truth; not part of any comment a viewer or the comment API sees)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field

from anchor_console.domain.audience import MAX_COMMENTS_PER_S
from anchor_console.studio.comment_log import read_comment_log
from anchor_console.studio.errors import NotFound
from anchor_console.studio.routes.context import context_of, require, studio_of
from anchor_console.studio.routes.inputs import Body, Id
from anchor_console.studio.store import MAX_INT, Principal

if TYPE_CHECKING:
    from anchor_console.studio.audience import Audience

router = APIRouter(tags=["audience"])


class AudienceIn(Body):
    enabled: bool | None = None
    comments_per_s: Annotated[float, Field(ge=0, le=MAX_COMMENTS_PER_S)] | None = None
    viewers: Annotated[int, Field(ge=0, le=1_000_000)] | None = None


def _audience(request: Request) -> Audience:
    audience = context_of(request).audience
    if audience is None:
        raise NotFound("This Studio runs without an audience simulator.")
    return audience


@router.get("/api/v1/rooms/{room_id}/audience")
async def get_audience(room_id: Id, request: Request, who: Principal = Depends(require("audience.control"))):
    studio_of(request).rooms.get(room_id)
    return _audience(request).settings(room_id)


@router.put("/api/v1/rooms/{room_id}/audience")
async def set_audience(room_id: Id, body: AudienceIn, request: Request,
                       who: Principal = Depends(require("audience.control"))):
    studio_of(request).rooms.get(room_id)
    return _audience(request).configure(room_id, enabled=body.enabled, comments_per_s=body.comments_per_s,
                                        viewers=body.viewers)


@router.get("/api/v1/rooms/{room_id}/audience/ground-truth")
async def ground_truth(room_id: Id, request: Request,
                       after_id: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
                       limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
                       who: Principal = Depends(require("audience.control"))):
    """Which kind (question, intent, praise, chatter, emoji, spam, sensitive, abuse, flood, hostile)
    each simulated comment after `after_id` was generated as, oldest first, page by page."""
    studio_of(request).rooms.get(room_id)
    return _audience(request).ground_truth(room_id, after_id, limit)


@router.post("/api/v1/rooms/{room_id}/audience/replay")
async def replay(room_id: Id, request: Request,
                 speed: Annotated[float, Query(ge=1, le=20)] = 1.0,
                 who: Principal = Depends(require("audience.control"))):
    """Replay a recorded comment log (JSON Lines: {"t": seconds, "nickname": ..., "text": ...})."""
    studio_of(request).rooms.require_live(room_id)
    # Read by the request guard (limits.py: at most 100 MB, every comment or Invalid naming each bad
    # line); read here only when the app runs without the guard.
    log = getattr(request.state, "checked_body", None) or read_comment_log(await request.body())
    return _audience(request).start_replay(room_id, log, speed)


@router.delete("/api/v1/rooms/{room_id}/audience/replay")
async def stop_replay(room_id: Id, request: Request, who: Principal = Depends(require("audience.control"))):
    studio_of(request).rooms.get(room_id)
    return _audience(request).stop_replay(room_id)
