"""A room's comments: read page by page, post, announce (staff), and pin, hide or delete one."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import Field

from anchor_console.domain.models import ANNOUNCEMENT_COLORS, MAX_ANNOUNCEMENT
from anchor_console.studio.routes import schemas
from anchor_console.studio.errors import Forbidden
from anchor_console.studio.permissions import Role
from anchor_console.studio.routes.schemas import ok
from anchor_console.studio.routes.context import Caller, Change, caller_for, change_for
from anchor_console.studio.routes.inputs import Body, CleanStr, Id
from anchor_console.studio.store import MAX_INT

router = APIRouter(tags=["comments"])


class CommentIn(Body):
    text: Annotated[CleanStr, Field(min_length=1, max_length=2000)]


class AnnouncementIn(Body):
    text: Annotated[CleanStr, Field(min_length=1, max_length=MAX_ANNOUNCEMENT)]
    color: Literal[ANNOUNCEMENT_COLORS] = "primary"   # (a tuple in Literal[] is its values)


class HideIn(Body):
    hidden: bool = True


@router.get("/api/v1/rooms/{room_id}/comments", responses=ok(schemas.CommentPage))
async def list_comments(room_id: Id, after_id: Annotated[int | None, Query(ge=0, le=MAX_INT)] = None,
                        before_id: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
                        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                        caller: Caller = Depends(caller_for("comment.read"))):
    items = caller.studio.comments.list_comments(room_id, after_id, before_id, limit)
    return {"items": items, "next_after_id": items[-1]["id"] if items else after_id,
            "next_before_id": items[0]["id"] if items else before_id}


@router.post("/api/v1/rooms/{room_id}/comments", status_code=201, responses=ok(schemas.Comment, 201))
async def post_comment(room_id: Id, body: CommentIn, change: Change = Depends(change_for("comment.post"))):
    return await change.apply(body, lambda studio: studio.comments.post(room_id, change.who, body.text), 201)


@router.post("/api/v1/rooms/{room_id}/announcements", status_code=201, responses=ok(schemas.Comment, 201))
async def post_announcement(room_id: Id, body: AnnouncementIn, change: Change = Depends(change_for("comment.post"))):
    """A staff comment shown as an announcement in its color (`announcement` in the comment)."""
    if change.who.role is Role.VIEWER:
        raise Forbidden("Only staff can post announcements.")
    return await change.apply(body, lambda studio: studio.comments.post(
        room_id, change.who, body.text, announcement=body.color), 201)


@router.put("/api/v1/rooms/{room_id}/comments/{comment_id}/pin", responses=ok(schemas.Comment))
async def pin_comment(room_id: Id, comment_id: Id, change: Change = Depends(change_for("comment.moderate"))):
    return await change.apply(None, lambda studio: studio.comments.pin(room_id, comment_id))


@router.delete("/api/v1/rooms/{room_id}/comments/{comment_id}/pin", responses=ok(schemas.Comment))
async def unpin_comment(room_id: Id, comment_id: Id, change: Change = Depends(change_for("comment.moderate"))):
    return await change.apply(None, lambda studio: studio.comments.unpin(room_id, comment_id))


@router.put("/api/v1/rooms/{room_id}/comments/{comment_id}/hidden", responses=ok(schemas.Comment))
async def hide_comment(room_id: Id, comment_id: Id, body: HideIn,
                       change: Change = Depends(change_for("comment.moderate"))):
    return await change.apply(body, lambda studio: studio.comments.hide(room_id, comment_id, body.hidden))


@router.delete("/api/v1/rooms/{room_id}/comments/{comment_id}", responses=ok(schemas.Comment))
async def delete_comment(room_id: Id, comment_id: Id, change: Change = Depends(change_for("comment.moderate"))):
    return await change.apply(None, lambda studio: studio.comments.delete(room_id, comment_id))
