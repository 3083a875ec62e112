"""Flash sales (秒杀): arm one, fire it, stop it early, and viewers buying from it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import Field

from anchor_console.domain.models import MAX_PER_BUYER, MAX_SALE_COUNTDOWN_S, MAX_SALE_S, MAX_SALE_STOCK, MIN_SALE_S

from anchor_console.studio.routes import schemas
from anchor_console.studio.routes.schemas import ok
from anchor_console.studio.routes.context import Caller, Change, caller_for, change_for
from anchor_console.studio.routes.inputs import Body, BodyId, Fen, Id

router = APIRouter(tags=["flash sales"])


class FlashSaleIn(Body):
    product_id: BodyId
    sku_id: BodyId
    sale_price_fen: Fen
    stock: Annotated[int, Field(ge=1, le=MAX_SALE_STOCK)]
    per_buyer_limit: Annotated[int, Field(ge=1, le=MAX_PER_BUYER)] = 1
    countdown_s: Annotated[int, Field(ge=0, le=MAX_SALE_COUNTDOWN_S)] = 0
    duration_s: Annotated[int, Field(ge=MIN_SALE_S, le=MAX_SALE_S)] = 300


class BuyIn(Body):
    quantity: Annotated[int, Field(ge=1, le=100)] = 1


@router.get("/api/v1/rooms/{room_id}/flash-sales", responses=ok(schemas.FlashSaleList))
async def list_flash_sales(room_id: Id, caller: Caller = Depends(caller_for("flash_sale.read"))):
    return {"items": caller.studio.flash_sales.list_in_room(room_id)}


@router.post("/api/v1/rooms/{room_id}/flash-sales", status_code=201, responses=ok(schemas.FlashSale, 201))
async def create_flash_sale(room_id: Id, body: FlashSaleIn, change: Change = Depends(change_for("flash_sale.manage"))):
    return await change.apply(body, lambda studio: studio.flash_sales.create(
        room_id, body.product_id, body.sku_id, body.sale_price_fen, body.stock, body.per_buyer_limit,
        body.countdown_s, body.duration_s, change.who), 201, durable=True)


@router.get("/api/v1/rooms/{room_id}/flash-sales/{sale_id}", responses=ok(schemas.FlashSale))
async def get_flash_sale(room_id: Id, sale_id: Id, caller: Caller = Depends(caller_for("flash_sale.read"))):
    return caller.studio.flash_sales.get(sale_id, room_id)


@router.post("/api/v1/rooms/{room_id}/flash-sales/{sale_id}/start", responses=ok(schemas.FlashSale))
async def start_flash_sale(room_id: Id, sale_id: Id, change: Change = Depends(change_for("flash_sale.manage"))):
    return await change.apply(None, lambda studio: studio.flash_sales.start(room_id, sale_id), durable=True)


@router.post("/api/v1/rooms/{room_id}/flash-sales/{sale_id}/stop", responses=ok(schemas.FlashSale))
async def stop_flash_sale(room_id: Id, sale_id: Id, change: Change = Depends(change_for("flash_sale.manage"))):
    return await change.apply(None, lambda studio: studio.flash_sales.stop(room_id, sale_id), durable=True)


@router.post("/api/v1/rooms/{room_id}/flash-sales/{sale_id}/buy", status_code=201, responses=ok(schemas.Order, 201))
async def buy_flash_sale(room_id: Id, sale_id: Id, body: BuyIn, change: Change = Depends(change_for("order.create"))):
    return await change.apply(body, lambda studio: studio.flash_sales.buy(
        room_id, sale_id, change.who.viewer_id, body.quantity), 201, durable=True)
