"""A room's comments: read page by page, post, announce (staff), and pin, hide or delete one."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field

from anchor_console.studio.routes import schemas
from anchor_console.studio.errors import Forbidden
from anchor_console.studio.permissions import Role
from anchor_console.studio.routes.schemas import ok
from anchor_console.studio.routes.context import require, respond, studio_of
from anchor_console.studio.routes.inputs import Body, CleanStr, Id, IdemKey
from anchor_console.studio.store import MAX_INT, Principal

router = APIRouter(tags=["comments"])


class CommentIn(Body):
    text: Annotated[CleanStr, Field(min_length=1, max_length=2000)]


class AnnouncementIn(Body):
    text: Annotated[CleanStr, Field(min_length=1, max_length=500)]
    color: Literal["primary", "blue", "green", "orange", "purple"] = "primary"


class HideIn(Body):
    hidden: bool = True


@router.get("/api/v1/rooms/{room_id}/comments", responses=ok(schemas.CommentPage))
async def list_comments(room_id: Id, request: Request,
                        after_id: Annotated[int | None, Query(ge=0, le=MAX_INT)] = None,
                        before_id: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
                        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                        who: Principal = Depends(require("comment.read"))):
    items = studio_of(request).comments.list_comments(room_id, after_id, before_id, limit)
    return {"items": items, "next_after_id": items[-1]["id"] if items else after_id,
            "next_before_id": items[0]["id"] if items else before_id}


@router.post("/api/v1/rooms/{room_id}/comments", status_code=201, responses=ok(schemas.Comment, 201))
async def post_comment(room_id: Id, body: CommentIn, request: Request, key: IdemKey = None,
                       who: Principal = Depends(require("comment.post"))):
    return await respond(who, key, request, body, lambda: studio_of(request).comments.post(room_id, who, body.text), 201)


@router.post("/api/v1/rooms/{room_id}/announcements", status_code=201, responses=ok(schemas.Comment, 201))
async def post_announcement(room_id: Id, body: AnnouncementIn, request: Request, key: IdemKey = None,
                            who: Principal = Depends(require("comment.post"))):
    """A staff comment shown as an announcement in its color (`announcement` in the comment)."""
    if who.role is Role.VIEWER:
        raise Forbidden("Only staff can post announcements.")
    return await respond(who, key, request, body, lambda: studio_of(request).comments.post(
        room_id, who, body.text, announcement=body.color), 201)


@router.put("/api/v1/rooms/{room_id}/comments/{comment_id}/pin", responses=ok(schemas.Comment))
async def pin_comment(room_id: Id, comment_id: Id, request: Request, key: IdemKey = None,
                      who: Principal = Depends(require("comment.moderate"))):
    return await respond(who, key, request, None, lambda: studio_of(request).comments.pin(room_id, comment_id))


@router.delete("/api/v1/rooms/{room_id}/comments/{comment_id}/pin", responses=ok(schemas.Comment))
async def unpin_comment(room_id: Id, comment_id: Id, request: Request, key: IdemKey = None,
                        who: Principal = Depends(require("comment.moderate"))):
    return await respond(who, key, request, None, lambda: studio_of(request).comments.unpin(room_id, comment_id))


@router.put("/api/v1/rooms/{room_id}/comments/{comment_id}/hidden", responses=ok(schemas.Comment))
async def hide_comment(room_id: Id, comment_id: Id, body: HideIn, request: Request,
                       key: IdemKey = None, who: Principal = Depends(require("comment.moderate"))):
    return await respond(who, key, request, body, lambda: studio_of(request).comments.hide(room_id, comment_id, body.hidden))


@router.delete("/api/v1/rooms/{room_id}/comments/{comment_id}", responses=ok(schemas.Comment))
async def delete_comment(room_id: Id, comment_id: Id, request: Request, key: IdemKey = None,
                         who: Principal = Depends(require("comment.moderate"))):
    return await respond(who, key, request, None, lambda: studio_of(request).comments.delete(room_id, comment_id))
