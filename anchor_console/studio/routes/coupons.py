"""Coupons: templates, batches issued into a room, stopping a batch, and viewers claiming one."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import Field

from anchor_console.domain.models import MAX_COUPON_QUANTITY, MAX_COUPON_VALID_MIN, MAX_PERCENT_OFF
from anchor_console.domain.money import MAX_PRICE_FEN
from anchor_console.studio.routes import schemas
from anchor_console.studio.routes.schemas import ok
from anchor_console.studio.routes.context import Caller, Change, caller_for, change_for
from anchor_console.studio.routes.inputs import Body, BodyId, Fen, Id, Name

router = APIRouter(tags=["coupons"])


Percent = Annotated[int, Field(ge=0, le=MAX_PERCENT_OFF)]
PositiveFen = Annotated[int, Field(ge=1, le=MAX_PRICE_FEN)]


# One shape per kind, so the document says what each needs (a threshold coupon's threshold must
# also be above its amount: the one rule a schema cannot say, answered with 422).
class CashTemplateIn(Body):
    name: Name
    kind: Literal["cash"]
    amount_fen: PositiveFen
    threshold_fen: Fen = 0
    percent_off: Percent = 0


class ThresholdTemplateIn(Body):
    name: Name
    kind: Literal["threshold"]
    amount_fen: PositiveFen
    threshold_fen: Annotated[int, Field(ge=2, le=MAX_PRICE_FEN)]
    percent_off: Percent = 0


class PercentTemplateIn(Body):
    name: Name
    kind: Literal["percent"]
    amount_fen: Fen = 0
    threshold_fen: Fen = 0
    percent_off: Annotated[int, Field(ge=1, le=MAX_PERCENT_OFF)]


CouponTemplateIn = Annotated[CashTemplateIn | ThresholdTemplateIn | PercentTemplateIn, Field(discriminator="kind")]


class CouponIssueIn(Body):
    template_id: BodyId
    quantity: Annotated[int, Field(ge=1, le=MAX_COUPON_QUANTITY)]
    valid_minutes: Annotated[int, Field(ge=1, le=MAX_COUPON_VALID_MIN)]


@router.get("/api/v1/coupon-templates", responses=ok(schemas.CouponTemplateList))
async def list_templates(caller: Caller = Depends(caller_for("coupon.read"))):
    return {"items": caller.studio.coupons.list_templates()}


@router.post("/api/v1/coupon-templates", status_code=201, responses=ok(schemas.CouponTemplate, 201))
async def create_template(body: CouponTemplateIn, change: Change = Depends(change_for("coupon.write"))):
    return await change.apply(body, lambda studio: studio.coupons.create_template(
        body.name, body.kind, body.amount_fen, body.threshold_fen, body.percent_off), 201, durable=True)


@router.get("/api/v1/rooms/{room_id}/coupons", responses=ok(schemas.CouponBatchList))
async def list_coupons(room_id: Id, caller: Caller = Depends(caller_for("coupon.read"))):
    return {"items": caller.studio.coupons.list_batches(room_id)}


@router.post("/api/v1/rooms/{room_id}/coupons", status_code=201, responses=ok(schemas.CouponBatch, 201))
async def issue_coupon(room_id: Id, body: CouponIssueIn, change: Change = Depends(change_for("coupon.write"))):
    return await change.apply(body, lambda studio: studio.coupons.issue(
        room_id, body.template_id, body.quantity, body.valid_minutes, change.who), 201, durable=True)


@router.get("/api/v1/rooms/{room_id}/coupons/{issue_id}", responses=ok(schemas.CouponBatch))
async def get_coupon(room_id: Id, issue_id: Id, caller: Caller = Depends(caller_for("coupon.read"))):
    return caller.studio.coupons.batch(issue_id, room_id)


@router.post("/api/v1/rooms/{room_id}/coupons/{issue_id}/stop", responses=ok(schemas.CouponBatch))
async def stop_coupon(room_id: Id, issue_id: Id, change: Change = Depends(change_for("coupon.write"))):
    return await change.apply(None, lambda studio: studio.coupons.stop(room_id, issue_id), durable=True)


@router.post("/api/v1/rooms/{room_id}/coupons/{issue_id}/claim", status_code=201, responses=ok(schemas.CouponClaim, 201))
async def claim_coupon(room_id: Id, issue_id: Id, change: Change = Depends(change_for("coupon.claim"))):
    return await change.apply(None, lambda studio: studio.coupons.claim(room_id, issue_id, change.who.viewer_id),
                              201, durable=True)
