"""A room's shelf (list, add, remove, reorder, on/off sale) and its stage (讲解)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import Field

from anchor_console.studio.routes import schemas
from anchor_console.studio.routes.schemas import ok
from anchor_console.studio.routes.context import require, respond, studio_of
from anchor_console.studio.routes.inputs import Body, BodyId, Id, IdemKey
from anchor_console.studio.store import Principal

router = APIRouter(tags=["shelf"])


class ShelfAddIn(Body):
    product_id: BodyId
    on_sale: bool = True


class ShelfOrderIn(Body):
    product_ids: Annotated[list[BodyId], Field(max_length=500)]


class SaleIn(Body):
    on_sale: bool


class StageIn(Body):
    product_id: BodyId
    replace: bool = True


@router.get("/api/v1/rooms/{room_id}/shelf", responses=ok(schemas.Shelf))
async def get_shelf(room_id: Id, request: Request, who: Principal = Depends(require("room.read"))):
    return {"items": studio_of(request).shelf.items(room_id)}


@router.post("/api/v1/rooms/{room_id}/shelf", status_code=201, responses=ok(schemas.ShelfItem, 201))
async def add_to_shelf(room_id: Id, body: ShelfAddIn, request: Request, key: IdemKey = None,
                       who: Principal = Depends(require("shelf.write"))):
    return await respond(who, key, request, body, lambda: studio_of(request).shelf.add(room_id, body.product_id, body.on_sale), 201)


@router.delete("/api/v1/rooms/{room_id}/shelf/{product_id:int}", responses=ok(schemas.Ok))
async def remove_from_shelf(room_id: Id, product_id: Id, request: Request, key: IdemKey = None,
                            who: Principal = Depends(require("shelf.write"))):
    return await respond(who, key, request, None,
                         lambda: (studio_of(request).shelf.remove(room_id, product_id), {"ok": True})[1])


# `{product_id:int}` below: `/shelf/order` is the order's resource, so DELETE on it is a 405, not a
# product named "order".
@router.put("/api/v1/rooms/{room_id}/shelf/order", responses=ok(schemas.Shelf))
async def reorder_shelf(room_id: Id, body: ShelfOrderIn, request: Request, key: IdemKey = None,
                        who: Principal = Depends(require("shelf.write"))):
    return await respond(who, key, request, body, lambda: {"items": studio_of(request).shelf.reorder(room_id, body.product_ids)})


@router.put("/api/v1/rooms/{room_id}/shelf/{product_id:int}/sale", responses=ok(schemas.ShelfItem))
async def set_sale(room_id: Id, product_id: Id, body: SaleIn, request: Request,
                   key: IdemKey = None, who: Principal = Depends(require("shelf.write"))):
    return await respond(who, key, request, body, lambda: studio_of(request).shelf.set_on_sale(room_id, product_id, body.on_sale))


@router.put("/api/v1/rooms/{room_id}/stage", responses=ok(schemas.Room))
async def put_on_stage(room_id: Id, body: StageIn, request: Request, key: IdemKey = None,
                       who: Principal = Depends(require("shelf.write"))):
    return await respond(who, key, request, body,
                         lambda: studio_of(request).shelf.put_on_stage(room_id, body.product_id, body.replace))


@router.delete("/api/v1/rooms/{room_id}/stage", responses=ok(schemas.Room))
async def clear_stage(room_id: Id, request: Request, key: IdemKey = None,
                      who: Principal = Depends(require("shelf.write"))):
    return await respond(who, key, request, None, lambda: studio_of(request).shelf.clear_stage(room_id))
