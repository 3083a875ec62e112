"""Orders: a room's orders page by page, and viewers buying from the shelf."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import Field

from anchor_console.studio.routes import schemas
from anchor_console.studio.routes.schemas import ok
from anchor_console.studio.routes.context import Caller, Change, caller_for, change_for
from anchor_console.studio.routes.inputs import Body, BodyId, Id
from anchor_console.studio.store import MAX_INT

router = APIRouter(tags=["orders"])


class OrderIn(Body):
    sku_id: BodyId
    quantity: Annotated[int, Field(ge=1, le=100)] = 1
    coupon_claim_id: BodyId | None = None


@router.get("/api/v1/rooms/{room_id}/orders", responses=ok(schemas.OrderPage))
async def list_orders(room_id: Id, after_id: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
                      limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                      caller: Caller = Depends(caller_for("order.read"))):
    items = caller.studio.orders.list_orders(room_id, after_id, limit)
    return {"items": items, "next_after_id": items[-1]["id"] if items else after_id}


@router.post("/api/v1/rooms/{room_id}/orders", status_code=201, responses=ok(schemas.Order, 201))
async def create_order(room_id: Id, body: OrderIn, change: Change = Depends(change_for("order.create"))):
    return await change.apply(body, lambda studio: studio.orders.create(
        room_id, change.who.viewer_id, body.sku_id, body.quantity, body.coupon_claim_id), 201, durable=True)
