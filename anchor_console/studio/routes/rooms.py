"""Rooms: list, create, start and end a show, the signed RTMP push URL for OBS, and the snapshot
a console loads before it subscribes to the room's events."""

from __future__ import annotations

import time

from fastapi import APIRouter, Depends, Request

from anchor_console.studio.push_url import sign_push_url
from anchor_console.studio.routes import schemas
from anchor_console.studio.routes.schemas import ok
from anchor_console.studio.routes.context import Caller, Change, caller_for, change_for, context_of, require
from anchor_console.studio.routes.inputs import Body, Id, Name
from anchor_console.studio.store import Principal

router = APIRouter(tags=["rooms"])


class RoomIn(Body):
    title: Name


@router.get("/api/v1/rooms", responses=ok(schemas.RoomList))
async def list_rooms(caller: Caller = Depends(caller_for("room.read"))):
    return {"items": [r for r in caller.studio.rooms.list_rooms() if caller.who.may_enter(r["id"])]}


@router.post("/api/v1/rooms", status_code=201, responses=ok(schemas.Room, 201))
async def create_room(body: RoomIn, change: Change = Depends(change_for("room.manage"))):
    return await change.apply(body, lambda studio: studio.rooms.create(body.title), 201)


@router.get("/api/v1/rooms/{room_id}", responses=ok(schemas.Room))
async def get_room(room_id: Id, caller: Caller = Depends(caller_for("room.read"))):
    return caller.studio.rooms.get(room_id)


@router.post("/api/v1/rooms/{room_id}/start", responses=ok(schemas.Room))
async def start_room(room_id: Id, change: Change = Depends(change_for("room.manage"))):
    return await change.apply(None, lambda studio: studio.rooms.start(room_id))


@router.post("/api/v1/rooms/{room_id}/end", responses=ok(schemas.Room))
async def end_room(room_id: Id, change: Change = Depends(change_for("room.manage"))):
    return await change.apply(None, lambda studio: studio.rooms.end(room_id), durable=True)


@router.get("/api/v1/rooms/{room_id}/push-url", responses=ok(schemas.PushUrl))
async def push_url(room_id: Id, request: Request, who: Principal = Depends(require("room.manage"))):
    context = context_of(request)
    stream_name, _ = context.studio.rooms.push_info(room_id)
    return sign_push_url(context.push_domain, stream_name, context.push_key, int(time.time()) + 24 * 3600)


@router.get("/api/v1/rooms/{room_id}/snapshot", responses=ok(schemas.Snapshot))
async def snapshot(room_id: Id, caller: Caller = Depends(caller_for("room.read"))):
    """Everything a console shows, consistent with `last_event_id`: subscribe from there."""
    studio = caller.studio
    pinned = studio.comments.pinned(room_id)
    return {"room": studio.rooms.get(room_id), "shelf": studio.shelf.items(room_id),
            "coupons": studio.coupons.list_batches(room_id), "flash_sales": studio.flash_sales.list_in_room(room_id),
            "stats": studio.stats.of_room(room_id), "pinned_comment": pinned,
            "last_event_id": studio.store.last_event_id}
