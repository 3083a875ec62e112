"""Orders: a room's orders page by page, and viewers buying from the shelf."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field

from anchor_console.studio.routes import schemas
from anchor_console.studio.routes.schemas import ok
from anchor_console.studio.routes.context import require, respond, studio_of
from anchor_console.studio.routes.inputs import Body, BodyId, Id, IdemKey
from anchor_console.studio.store import MAX_INT, Principal

router = APIRouter(tags=["orders"])


class OrderIn(Body):
    sku_id: BodyId
    quantity: Annotated[int, Field(ge=1, le=100)] = 1
    coupon_claim_id: BodyId | None = None


@router.get("/api/v1/rooms/{room_id}/orders", responses=ok(schemas.OrderPage))
async def list_orders(room_id: Id, request: Request, after_id: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
                      limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                      who: Principal = Depends(require("order.read"))):
    items = studio_of(request).orders.list_orders(room_id, after_id, limit)
    return {"items": items, "next_after_id": items[-1]["id"] if items else after_id}


@router.post("/api/v1/rooms/{room_id}/orders", status_code=201, responses=ok(schemas.Order, 201))
async def create_order(room_id: Id, body: OrderIn, request: Request, key: IdemKey = None,
                       who: Principal = Depends(require("order.create"))):
    return await respond(who, key, request, body, lambda: studio_of(request).orders.create(
        room_id, who.viewer_id, body.sku_id, body.quantity, body.coupon_claim_id), 201, durable=True)
