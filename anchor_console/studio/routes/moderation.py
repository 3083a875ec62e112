"""Moderating viewers in a room: the viewer card, mute and unmute, ban and unban, muting the
whole room, and its chat modes (slow mode, followers-only, shield)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import AfterValidator, Field, WithJsonSchema

from anchor_console.studio.errors import NotFound
from anchor_console.studio.routes import schemas
from anchor_console.studio.routes.schemas import ok
from anchor_console.studio.services import chat_modes
from anchor_console.studio.routes.context import Caller, Change, caller_for, change_for
from anchor_console.studio.routes.inputs import Body, Id, ViewerRef
from anchor_console.studio.store import MAX_INT

router = APIRouter(tags=["moderation"])


class MuteIn(Body):
    duration_s: Annotated[int, Field(ge=1, le=30 * 24 * 3600)]


class MuteAllIn(Body):
    muted: bool


def _in_range(ok_if, rule: str):
    def check(value):
        if not ok_if(value):
            raise ValueError(rule)
        return value
    return AfterValidator(check)


SlowModeS = Annotated[int, _in_range(chat_modes.slow_mode_ok, chat_modes.SLOW_MODE_RULE), WithJsonSchema(
    {"anyOf": [{"type": "integer", "const": 0},
               {"type": "integer", "minimum": chat_modes.SLOW_MODE_RANGE[0], "maximum": chat_modes.SLOW_MODE_RANGE[1]}],
     "description": "0: off; else the seconds a viewer waits between comments"})]
FollowersOnlyMin = Annotated[int | None, _in_range(chat_modes.followers_only_ok, chat_modes.FOLLOWERS_ONLY_RULE),
                             WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0,
                                                        "maximum": chat_modes.FOLLOWERS_ONLY_RANGE[1]},
                                                       {"type": "null"}],
                                             "description": "null: off; else the minutes a viewer must have "
                                                            "followed (0: any follower)"})]


class ChatModesIn(Body):
    """Any of the three; a key left out stays as it is."""
    slow_mode_s: SlowModeS = 0
    followers_only_min: FollowersOnlyMin = None
    shield: bool = False


def _viewer_id(viewer: str) -> int:
    # "v123" (as comments name their author) or "123"
    raw = viewer[1:] if viewer[:1] == "v" else viewer
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_INT:
        raise NotFound(f"Viewer {viewer} does not exist.", code="viewer_unknown")
    return int(raw)


@router.get("/api/v1/rooms/{room_id}/viewers/{viewer}", responses=ok(schemas.ViewerCard))
async def get_viewer(room_id: Id, viewer: ViewerRef, caller: Caller = Depends(caller_for("viewer.read"))):
    return caller.studio.moderation.viewer_card(room_id, _viewer_id(viewer))


@router.put("/api/v1/rooms/{room_id}/viewers/{viewer}/mute", responses=ok(schemas.ViewerCard))
async def mute_viewer(room_id: Id, viewer: ViewerRef, body: MuteIn,
                      change: Change = Depends(change_for("viewer.moderate"))):
    return await change.apply(body, lambda studio: studio.moderation.mute(room_id, _viewer_id(viewer), body.duration_s))


@router.delete("/api/v1/rooms/{room_id}/viewers/{viewer}/mute", responses=ok(schemas.ViewerCard))
async def unmute_viewer(room_id: Id, viewer: ViewerRef, change: Change = Depends(change_for("viewer.moderate"))):
    return await change.apply(None, lambda studio: studio.moderation.unmute(room_id, _viewer_id(viewer)))


@router.put("/api/v1/rooms/{room_id}/viewers/{viewer}/ban", responses=ok(schemas.ViewerCard))
async def ban_viewer(room_id: Id, viewer: ViewerRef, change: Change = Depends(change_for("viewer.moderate"))):
    return await change.apply(None, lambda studio: studio.moderation.ban(room_id, _viewer_id(viewer), True))


@router.delete("/api/v1/rooms/{room_id}/viewers/{viewer}/ban", responses=ok(schemas.ViewerCard))
async def unban_viewer(room_id: Id, viewer: ViewerRef, change: Change = Depends(change_for("viewer.moderate"))):
    return await change.apply(None, lambda studio: studio.moderation.ban(room_id, _viewer_id(viewer), False))


@router.put("/api/v1/rooms/{room_id}/mute-all", responses=ok(schemas.Room))
async def mute_all(room_id: Id, body: MuteAllIn, change: Change = Depends(change_for("room.mute_all"))):
    return await change.apply(body, lambda studio: studio.moderation.set_mute_all(room_id, body.muted))


@router.put("/api/v1/rooms/{room_id}/chat-modes", responses=ok(schemas.Room))
async def set_chat_modes(room_id: Id, body: ChatModesIn, change: Change = Depends(change_for("room.chat_modes"))):
    """Slow mode, followers-only chat and shield mode (partial: only the keys sent change)."""
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    return await change.apply(body, lambda studio: studio.moderation.set_chat_modes(room_id, **changes))
