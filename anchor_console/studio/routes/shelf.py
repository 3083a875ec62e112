"""A room's shelf (list, add, remove, reorder, on/off sale) and its stage (讲解)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import Field

from anchor_console.studio.routes import schemas
from anchor_console.studio.routes.schemas import ok
from anchor_console.studio.routes.context import Caller, Change, caller_for, change_for
from anchor_console.studio.routes.inputs import Body, BodyId, Id

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
async def get_shelf(room_id: Id, caller: Caller = Depends(caller_for("room.read"))):
    return {"items": caller.studio.shelf.items(room_id)}


@router.post("/api/v1/rooms/{room_id}/shelf", status_code=201, responses=ok(schemas.ShelfItem, 201))
async def add_to_shelf(room_id: Id, body: ShelfAddIn, change: Change = Depends(change_for("shelf.write"))):
    return await change.apply(body, lambda studio: studio.shelf.add(room_id, body.product_id, body.on_sale), 201)


@router.delete("/api/v1/rooms/{room_id}/shelf/{product_id:int}", responses=ok(schemas.Ok))
async def remove_from_shelf(room_id: Id, product_id: Id, change: Change = Depends(change_for("shelf.write"))):
    return await change.apply(None, lambda studio: (studio.shelf.remove(room_id, product_id), {"ok": True})[1])


# `{product_id:int}` below: `/shelf/order` is the order's resource, so DELETE on it is a 405, not a
# product named "order".
@router.put("/api/v1/rooms/{room_id}/shelf/order", responses=ok(schemas.Shelf))
async def reorder_shelf(room_id: Id, body: ShelfOrderIn, change: Change = Depends(change_for("shelf.write"))):
    return await change.apply(body, lambda studio: {"items": studio.shelf.reorder(room_id, body.product_ids)})


@router.put("/api/v1/rooms/{room_id}/shelf/{product_id:int}/sale", responses=ok(schemas.ShelfItem))
async def set_sale(room_id: Id, product_id: Id, body: SaleIn, change: Change = Depends(change_for("shelf.write"))):
    return await change.apply(body, lambda studio: studio.shelf.set_on_sale(room_id, product_id, body.on_sale))


@router.put("/api/v1/rooms/{room_id}/stage", responses=ok(schemas.Room))
async def put_on_stage(room_id: Id, body: StageIn, change: Change = Depends(change_for("shelf.write"))):
    return await change.apply(body, lambda studio: studio.shelf.put_on_stage(room_id, body.product_id, body.replace))


@router.delete("/api/v1/rooms/{room_id}/stage", responses=ok(schemas.Room))
async def clear_stage(room_id: Id, change: Change = Depends(change_for("shelf.write"))):
    return await change.apply(None, lambda studio: studio.shelf.clear_stage(room_id))
