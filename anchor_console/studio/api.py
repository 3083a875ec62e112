"""Studio's HTTP API (FastAPI): every resource of a live-commerce platform under /api/v1, one SSE
stream per room, errors as JSON {code, message}.

Every endpoint is `async def` and calls the service synchronously, so each request's read-check-
write runs without interleaving on the event loop; mutating endpoints honour `Idempotency-Key`."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from typing import Annotated, Any, Callable, Literal

from fastapi import Depends, FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from anchor_console import __version__
from anchor_console.domain.capabilities import ALL_CAPABILITIES
from anchor_console.resources import resource_path
from anchor_console.studio.errors import ApiError, Forbidden, Invalid, NotFound, RateLimited, Unauthorized
from anchor_console.studio.permissions import Role, allowed
from anchor_console.studio.push_url import sign_push_url
from anchor_console.studio.service import MAX_INT, Principal, StudioService

log = logging.getLogger("anchor_console.studio")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(text: str) -> str:
    # A JSON body may carry lone surrogates ("\ud800"); SQLite cannot store them, so they become
    # U+FFFD instead of a 500 — a hostile comment is kept, not lost.
    return _SURROGATE.sub("\ufffd", text)


CleanStr = Annotated[str, AfterValidator(_clean)]
Name = Annotated[CleanStr, Field(min_length=1, max_length=100)]
Id = Annotated[int, Path(ge=1, le=MAX_INT)]
Fen = Annotated[int, Field(ge=0, le=10**10)]
Count = Annotated[int, Field(ge=1, le=10**7)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=255)]
ViewerRef = Annotated[str, Path(min_length=1, max_length=20, pattern=r"^v?[0-9]+$")]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RoomIn(Body):
    title: Name


class SkuIn(Body):
    name: Name
    price_fen: Fen
    stock: Annotated[int, Field(ge=0, le=10**7)]


class ProductIn(Body):
    name: Name
    category: Annotated[CleanStr, Field(max_length=50)] = ""
    description: Annotated[CleanStr, Field(max_length=2000)] = ""
    skus: Annotated[list[SkuIn], Field(min_length=1, max_length=50)]


class ProductPatch(Body):
    name: Name | None = None
    category: Annotated[CleanStr, Field(max_length=50)] | None = None
    description: Annotated[CleanStr, Field(max_length=2000)] | None = None


class SkuPatch(Body):
    price_fen: Fen | None = None
    stock: Annotated[int, Field(ge=0, le=10**7)] | None = None


class ShelfAddIn(Body):
    product_id: Annotated[int, Field(ge=1, le=MAX_INT)]
    on_sale: bool = True


class ShelfOrderIn(Body):
    product_ids: Annotated[list[Annotated[int, Field(ge=1, le=MAX_INT)]], Field(max_length=500)]


class SaleIn(Body):
    on_sale: bool


class StageIn(Body):
    product_id: Annotated[int, Field(ge=1, le=MAX_INT)]
    replace: bool = True


class CouponTemplateIn(Body):
    name: Name
    kind: Literal["cash", "threshold", "percent"]
    amount_fen: Fen = 0
    threshold_fen: Fen = 0
    percent_off: Annotated[int, Field(ge=0, le=90)] = 0


class CouponIssueIn(Body):
    template_id: Annotated[int, Field(ge=1, le=MAX_INT)]
    quantity: Annotated[int, Field(ge=1, le=1_000_000)]
    valid_minutes: Annotated[int, Field(ge=1, le=7 * 24 * 60)]


class FlashSaleIn(Body):
    product_id: Annotated[int, Field(ge=1, le=MAX_INT)]
    sku_id: Annotated[int, Field(ge=1, le=MAX_INT)]
    sale_price_fen: Fen
    stock: Annotated[int, Field(ge=1, le=1_000_000)]
    per_buyer_limit: Annotated[int, Field(ge=1, le=100)] = 1
    countdown_s: Annotated[int, Field(ge=0, le=300)] = 0
    duration_s: Annotated[int, Field(ge=10, le=24 * 3600)] = 300


class BuyIn(Body):
    quantity: Annotated[int, Field(ge=1, le=100)] = 1


class OrderIn(Body):
    sku_id: Annotated[int, Field(ge=1, le=MAX_INT)]
    quantity: Annotated[int, Field(ge=1, le=100)] = 1
    coupon_claim_id: Annotated[int, Field(ge=1, le=MAX_INT)] | None = None


class CommentIn(Body):
    text: Annotated[CleanStr, Field(min_length=1, max_length=2000)]


class HideIn(Body):
    hidden: bool = True


class MuteIn(Body):
    duration_s: Annotated[int, Field(ge=1, le=30 * 24 * 3600)]


class MuteAllIn(Body):
    muted: bool


class StaffIn(Body):
    name: Name
    role: Literal["anchor", "assistant", "moderator"]


class ViewerJoinIn(Body):
    nickname: Name


class AudienceIn(Body):
    enabled: bool | None = None
    comments_per_s: Annotated[float, Field(ge=0, le=5000)] | None = None
    viewers: Annotated[int, Field(ge=0, le=1_000_000)] | None = None


class ClockIn(Body):
    speed: Annotated[float, Field(ge=0.1, le=20)]


class ChaosIn(Body):
    fail_before: Annotated[float, Field(ge=0, le=1)] = 0
    rate_limit: Annotated[float, Field(ge=0, le=1)] = 0
    fail_after: Annotated[float, Field(ge=0, le=1)] = 0
    drop_after: Annotated[float, Field(ge=0, le=1)] = 0
    delay_after: Annotated[float, Field(ge=0, le=1)] = 0
    delay_s: Annotated[float, Field(ge=0, le=60)] = 5
    kill_after: Annotated[float, Field(ge=0, le=1)] = 0
    sse_cut_every_s: Annotated[float, Field(ge=0, le=3600)] = 0
    seed: int | None = None


class TokenBucket:
    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self._state: dict[str, tuple[float, float]] = {}

    def take(self, who: str) -> None:
        now = time.monotonic()
        tokens, last = self._state.get(who, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1:
            raise RateLimited((1 - tokens) / self.rate)
        self._state[who] = (tokens - 1, now)
        if len(self._state) > 100_000:  # forget idle callers
            self._state = {k: v for k, v in self._state.items() if now - v[1] < 60}


def create_app(service: StudioService, *, audience: Any = None, chaos: Any = None,
               push_domain: str = "push.studio.local", push_key: str = "studio-demo-push-key") -> FastAPI:
    app = FastAPI(title="Anchor Console Studio", version=__version__,
                  description="A live-commerce platform with every capability the console drives.")
    staff_bucket = TokenBucket(rate=100, burst=200)
    viewer_bucket = TokenBucket(rate=20, burst=20)
    join_bucket = TokenBucket(rate=500, burst=2000)
    svc = service

    # ---------------------------------------------------------------- errors

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
        return JSONResponse({"code": "invalid", "message": "; ".join(parts) or "Invalid request."}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        codes = {404: "not_found", 405: "method_not_allowed", 400: "bad_request"}
        return JSONResponse({"code": codes.get(exc.status_code, "error"), "message": str(exc.detail)},
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):  # pragma: no cover - a bug, logged loudly
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse({"code": "internal", "message": "Studio hit an unexpected error; it was logged."},
                            status_code=500)

    # ---------------------------------------------------------------- auth

    def require(action: str) -> Callable[..., Principal]:
        def dependency(request: Request,
                       authorization: Annotated[str | None, Header(max_length=1000)] = None) -> Principal:
            if not authorization or not authorization.lower().startswith("bearer "):
                raise Unauthorized("Send an access token: Authorization: Bearer <token>.")
            principal = svc.authenticate(authorization[7:].strip())
            (viewer_bucket if principal.role is Role.VIEWER else staff_bucket).take(principal.scope)
            if not allowed(principal.role, action):
                raise Forbidden(f"The {principal.role.value} role may not do this ({action}).")
            return principal
        return dependency

    async def respond(who: Principal, key: str | None, request: Request, body: BaseModel | None,
                      run: Callable[[], Any], status: int = 200) -> JSONResponse:
        payload = body.model_dump(mode="json") if body is not None else None
        fingerprint = json.dumps([request.method, request.url.path, payload], sort_keys=True, ensure_ascii=True)
        code, result = svc.idempotent(who, key, fingerprint, lambda: (status, run()))
        return JSONResponse(result, status_code=code)

    # ---------------------------------------------------------------- meta

    @app.get("/api/v1/health")
    async def health():
        return {"ok": True, "version": __version__, "time": svc.clock.now(), "clock_speed": svc.clock.speed}

    @app.get("/api/v1/capabilities")
    async def capabilities(who: Principal = Depends(require("room.read"))):
        return {"platform": "studio", "capabilities": sorted(c.value for c in ALL_CAPABILITIES)}

    @app.get("/api/v1/me")
    async def me(who: Principal = Depends(require("comment.post"))):
        return {"role": who.role.value, "name": who.name, "staff_id": who.staff_id, "viewer_id": who.viewer_id}

    @app.put("/api/v1/studio/clock")
    async def set_clock(body: ClockIn, who: Principal = Depends(require("studio.clock"))):
        svc.clock.set_speed(body.speed)
        return {"speed": svc.clock.speed, "time": svc.clock.now()}

    # ---------------------------------------------------------------- staff and viewers

    @app.get("/api/v1/staff")
    async def list_staff(who: Principal = Depends(require("staff.read"))):
        return {"items": svc.list_staff()}

    @app.post("/api/v1/staff", status_code=201)
    async def create_staff(body: StaffIn, request: Request, key: IdemKey = None,
                           who: Principal = Depends(require("staff.manage"))):
        return await respond(who, key, request, body, lambda: svc.create_staff(body.name, Role(body.role)), 201)

    @app.delete("/api/v1/staff/{staff_id}")
    async def remove_staff(staff_id: Id, request: Request, key: IdemKey = None,
                           who: Principal = Depends(require("staff.manage"))):
        return await respond(who, key, request, None, lambda: (svc.remove_staff(staff_id, who), {"ok": True})[1])

    @app.post("/api/v1/viewers", status_code=201)
    async def join_as_viewer(body: ViewerJoinIn, request: Request):
        join_bucket.take(request.client.host if request.client else "?")
        return JSONResponse(svc.join_as_viewer(body.nickname), status_code=201)

    # ---------------------------------------------------------------- rooms

    @app.get("/api/v1/rooms")
    async def list_rooms(who: Principal = Depends(require("room.read"))):
        return {"items": svc.list_rooms()}

    @app.post("/api/v1/rooms", status_code=201)
    async def create_room(body: RoomIn, request: Request, key: IdemKey = None,
                          who: Principal = Depends(require("room.manage"))):
        return await respond(who, key, request, body, lambda: svc.create_room(body.title), 201)

    @app.get("/api/v1/rooms/{room_id}")
    async def get_room(room_id: Id, who: Principal = Depends(require("room.read"))):
        return svc.room(room_id)

    @app.post("/api/v1/rooms/{room_id}/start")
    async def start_room(room_id: Id, request: Request, key: IdemKey = None,
                         who: Principal = Depends(require("room.manage"))):
        return await respond(who, key, request, None, lambda: svc.start_room(room_id))

    @app.post("/api/v1/rooms/{room_id}/end")
    async def end_room(room_id: Id, request: Request, key: IdemKey = None,
                       who: Principal = Depends(require("room.manage"))):
        return await respond(who, key, request, None, lambda: svc.end_room(room_id))

    @app.get("/api/v1/rooms/{room_id}/push-url")
    async def push_url(room_id: Id, who: Principal = Depends(require("room.manage"))):
        stream_name, _ = svc.push_info(room_id)
        return sign_push_url(push_domain, stream_name, push_key, int(time.time()) + 24 * 3600)

    @app.get("/api/v1/rooms/{room_id}/snapshot")
    async def snapshot(room_id: Id, who: Principal = Depends(require("room.read"))):
        """Everything a console shows, consistent with `last_event_id`: subscribe from there."""
        pinned = svc.db.execute("SELECT * FROM comments WHERE room_id = ? AND pinned = 1", (room_id,)).fetchone()
        return {"room": svc.room(room_id), "shelf": svc.shelf(room_id), "coupons": svc.list_coupon_issues(room_id),
                "flash_sales": svc.list_flash_sales(room_id), "stats": svc.stats(room_id),
                "pinned_comment": svc.comment_dict(pinned) if pinned else None,
                "last_event_id": svc._next_event_id - 1}

    # ---------------------------------------------------------------- catalog

    @app.get("/api/v1/products")
    async def list_products(who: Principal = Depends(require("catalog.read"))):
        return {"items": svc.list_products()}

    @app.post("/api/v1/products", status_code=201)
    async def create_product(body: ProductIn, request: Request, key: IdemKey = None,
                             who: Principal = Depends(require("catalog.write"))):
        return await respond(who, key, request, body, lambda: svc.create_product(
            body.name, [s.model_dump() for s in body.skus], category=body.category, description=body.description), 201)

    @app.get("/api/v1/products/{product_id}")
    async def get_product(product_id: Id, who: Principal = Depends(require("catalog.read"))):
        return svc.product(product_id)

    @app.patch("/api/v1/products/{product_id}")
    async def patch_product(product_id: Id, body: ProductPatch, request: Request, key: IdemKey = None,
                            who: Principal = Depends(require("catalog.write"))):
        return await respond(who, key, request, body, lambda: svc.update_product(product_id, body.model_dump()))

    @app.patch("/api/v1/skus/{sku_id}")
    async def patch_sku(sku_id: Id, body: SkuPatch, request: Request, key: IdemKey = None,
                        who: Principal = Depends(require("catalog.write"))):
        return await respond(who, key, request, body,
                             lambda: svc.update_sku(sku_id, price_fen=body.price_fen, stock=body.stock))

    # ---------------------------------------------------------------- shelf and stage

    @app.get("/api/v1/rooms/{room_id}/shelf")
    async def get_shelf(room_id: Id, who: Principal = Depends(require("room.read"))):
        return {"items": svc.shelf(room_id)}

    @app.post("/api/v1/rooms/{room_id}/shelf", status_code=201)
    async def add_to_shelf(room_id: Id, body: ShelfAddIn, request: Request, key: IdemKey = None,
                           who: Principal = Depends(require("shelf.write"))):
        return await respond(who, key, request, body, lambda: svc.add_to_shelf(room_id, body.product_id, body.on_sale),
                             201)

    @app.delete("/api/v1/rooms/{room_id}/shelf/{product_id}")
    async def remove_from_shelf(room_id: Id, product_id: Id, request: Request, key: IdemKey = None,
                                who: Principal = Depends(require("shelf.write"))):
        return await respond(who, key, request, None,
                             lambda: (svc.remove_from_shelf(room_id, product_id), {"ok": True})[1])

    @app.put("/api/v1/rooms/{room_id}/shelf/order")
    async def reorder_shelf(room_id: Id, body: ShelfOrderIn, request: Request, key: IdemKey = None,
                            who: Principal = Depends(require("shelf.write"))):
        return await respond(who, key, request, body, lambda: {"items": svc.reorder_shelf(room_id, body.product_ids)})

    @app.put("/api/v1/rooms/{room_id}/shelf/{product_id}/sale")
    async def set_sale(room_id: Id, product_id: Id, body: SaleIn, request: Request, key: IdemKey = None,
                       who: Principal = Depends(require("shelf.write"))):
        return await respond(who, key, request, body, lambda: svc.set_on_sale(room_id, product_id, body.on_sale))

    @app.put("/api/v1/rooms/{room_id}/stage")
    async def put_on_stage(room_id: Id, body: StageIn, request: Request, key: IdemKey = None,
                           who: Principal = Depends(require("shelf.write"))):
        return await respond(who, key, request, body,
                             lambda: svc.put_on_stage(room_id, body.product_id, body.replace))

    @app.delete("/api/v1/rooms/{room_id}/stage")
    async def clear_stage(room_id: Id, request: Request, key: IdemKey = None,
                          who: Principal = Depends(require("shelf.write"))):
        return await respond(who, key, request, None, lambda: svc.clear_stage(room_id))

    # ---------------------------------------------------------------- coupons

    @app.get("/api/v1/coupon-templates")
    async def list_templates(who: Principal = Depends(require("coupon.read"))):
        return {"items": svc.list_coupon_templates()}

    @app.post("/api/v1/coupon-templates", status_code=201)
    async def create_template(body: CouponTemplateIn, request: Request, key: IdemKey = None,
                              who: Principal = Depends(require("coupon.write"))):
        return await respond(who, key, request, body, lambda: svc.create_coupon_template(
            body.name, body.kind, body.amount_fen, body.threshold_fen, body.percent_off), 201)

    @app.get("/api/v1/rooms/{room_id}/coupons")
    async def list_coupons(room_id: Id, who: Principal = Depends(require("coupon.read"))):
        return {"items": svc.list_coupon_issues(room_id)}

    @app.post("/api/v1/rooms/{room_id}/coupons", status_code=201)
    async def issue_coupon(room_id: Id, body: CouponIssueIn, request: Request, key: IdemKey = None,
                           who: Principal = Depends(require("coupon.write"))):
        return await respond(who, key, request, body, lambda: svc.issue_coupon(
            room_id, body.template_id, body.quantity, body.valid_minutes, who), 201)

    @app.get("/api/v1/rooms/{room_id}/coupons/{issue_id}")
    async def get_coupon(room_id: Id, issue_id: Id, who: Principal = Depends(require("coupon.read"))):
        return svc.coupon_issue(issue_id, room_id)

    @app.post("/api/v1/rooms/{room_id}/coupons/{issue_id}/stop")
    async def stop_coupon(room_id: Id, issue_id: Id, request: Request, key: IdemKey = None,
                          who: Principal = Depends(require("coupon.write"))):
        return await respond(who, key, request, None, lambda: svc.stop_coupon(room_id, issue_id))

    @app.post("/api/v1/rooms/{room_id}/coupons/{issue_id}/claim", status_code=201)
    async def claim_coupon(room_id: Id, issue_id: Id, request: Request, key: IdemKey = None,
                           who: Principal = Depends(require("coupon.claim"))):
        return await respond(who, key, request, None,
                             lambda: svc.claim_coupon(room_id, issue_id, who.viewer_id), 201)

    # ---------------------------------------------------------------- flash sales

    @app.get("/api/v1/rooms/{room_id}/flash-sales")
    async def list_flash_sales(room_id: Id, who: Principal = Depends(require("flash_sale.read"))):
        return {"items": svc.list_flash_sales(room_id)}

    @app.post("/api/v1/rooms/{room_id}/flash-sales", status_code=201)
    async def create_flash_sale(room_id: Id, body: FlashSaleIn, request: Request, key: IdemKey = None,
                                who: Principal = Depends(require("flash_sale.manage"))):
        return await respond(who, key, request, body, lambda: svc.create_flash_sale(
            room_id, body.product_id, body.sku_id, body.sale_price_fen, body.stock, body.per_buyer_limit,
            body.countdown_s, body.duration_s, who), 201)

    @app.get("/api/v1/rooms/{room_id}/flash-sales/{sale_id}")
    async def get_flash_sale(room_id: Id, sale_id: Id, who: Principal = Depends(require("flash_sale.read"))):
        return svc.flash_sale(sale_id, room_id)

    @app.post("/api/v1/rooms/{room_id}/flash-sales/{sale_id}/start")
    async def start_flash_sale(room_id: Id, sale_id: Id, request: Request, key: IdemKey = None,
                               who: Principal = Depends(require("flash_sale.manage"))):
        return await respond(who, key, request, None, lambda: svc.start_flash_sale(room_id, sale_id))

    @app.post("/api/v1/rooms/{room_id}/flash-sales/{sale_id}/stop")
    async def stop_flash_sale(room_id: Id, sale_id: Id, request: Request, key: IdemKey = None,
                              who: Principal = Depends(require("flash_sale.manage"))):
        return await respond(who, key, request, None, lambda: svc.stop_flash_sale(room_id, sale_id))

    @app.post("/api/v1/rooms/{room_id}/flash-sales/{sale_id}/buy", status_code=201)
    async def buy_flash_sale(room_id: Id, sale_id: Id, body: BuyIn, request: Request, key: IdemKey = None,
                             who: Principal = Depends(require("order.create"))):
        return await respond(who, key, request, body,
                             lambda: svc.buy_flash_sale(room_id, sale_id, who.viewer_id, body.quantity), 201)

    # ---------------------------------------------------------------- orders

    @app.get("/api/v1/rooms/{room_id}/orders")
    async def list_orders(room_id: Id, after_id: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
                          limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                          who: Principal = Depends(require("order.read"))):
        items = svc.list_orders(room_id, after_id, limit)
        return {"items": items, "next_after_id": items[-1]["id"] if items else after_id}

    @app.post("/api/v1/rooms/{room_id}/orders", status_code=201)
    async def create_order(room_id: Id, body: OrderIn, request: Request, key: IdemKey = None,
                           who: Principal = Depends(require("order.create"))):
        return await respond(who, key, request, body, lambda: svc.create_order(
            room_id, who.viewer_id, body.sku_id, body.quantity, body.coupon_claim_id), 201)

    # ---------------------------------------------------------------- comments

    @app.get("/api/v1/rooms/{room_id}/comments")
    async def list_comments(room_id: Id, after_id: Annotated[int | None, Query(ge=0, le=MAX_INT)] = None,
                            before_id: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
                            limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                            who: Principal = Depends(require("comment.read"))):
        items = svc.list_comments(room_id, after_id, before_id, limit)
        return {"items": items, "next_after_id": items[-1]["id"] if items else after_id,
                "next_before_id": items[0]["id"] if items else before_id}

    @app.post("/api/v1/rooms/{room_id}/comments", status_code=201)
    async def post_comment(room_id: Id, body: CommentIn, request: Request, key: IdemKey = None,
                           who: Principal = Depends(require("comment.post"))):
        return await respond(who, key, request, body, lambda: svc.post_comment(room_id, who, body.text), 201)

    @app.put("/api/v1/rooms/{room_id}/comments/{comment_id}/pin")
    async def pin_comment(room_id: Id, comment_id: Id, request: Request, key: IdemKey = None,
                          who: Principal = Depends(require("comment.moderate"))):
        return await respond(who, key, request, None, lambda: svc.pin_comment(room_id, comment_id))

    @app.delete("/api/v1/rooms/{room_id}/comments/{comment_id}/pin")
    async def unpin_comment(room_id: Id, comment_id: Id, request: Request, key: IdemKey = None,
                            who: Principal = Depends(require("comment.moderate"))):
        return await respond(who, key, request, None, lambda: svc.unpin_comment(room_id, comment_id))

    @app.put("/api/v1/rooms/{room_id}/comments/{comment_id}/hidden")
    async def hide_comment(room_id: Id, comment_id: Id, body: HideIn, request: Request, key: IdemKey = None,
                           who: Principal = Depends(require("comment.moderate"))):
        return await respond(who, key, request, body, lambda: svc.hide_comment(room_id, comment_id, body.hidden))

    @app.delete("/api/v1/rooms/{room_id}/comments/{comment_id}")
    async def delete_comment(room_id: Id, comment_id: Id, request: Request, key: IdemKey = None,
                             who: Principal = Depends(require("comment.moderate"))):
        return await respond(who, key, request, None, lambda: svc.delete_comment(room_id, comment_id))

    # ---------------------------------------------------------------- viewers and room mute

    def _viewer_id(viewer: str) -> int:
        raw = viewer[1:] if viewer[:1] == "v" else viewer
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_INT:
            raise NotFound(f"Viewer {viewer} does not exist.")
        return int(raw)

    @app.get("/api/v1/rooms/{room_id}/viewers/{viewer}")
    async def get_viewer(room_id: Id, viewer: ViewerRef, who: Principal = Depends(require("viewer.read"))):
        return svc.viewer(room_id, _viewer_id(viewer))

    @app.put("/api/v1/rooms/{room_id}/viewers/{viewer}/mute")
    async def mute_viewer(room_id: Id, viewer: ViewerRef, body: MuteIn, request: Request, key: IdemKey = None,
                          who: Principal = Depends(require("viewer.moderate"))):
        return await respond(who, key, request, body,
                             lambda: svc.mute_viewer(room_id, _viewer_id(viewer), body.duration_s))

    @app.delete("/api/v1/rooms/{room_id}/viewers/{viewer}/mute")
    async def unmute_viewer(room_id: Id, viewer: ViewerRef, request: Request, key: IdemKey = None,
                            who: Principal = Depends(require("viewer.moderate"))):
        return await respond(who, key, request, None, lambda: svc.unmute_viewer(room_id, _viewer_id(viewer)))

    @app.put("/api/v1/rooms/{room_id}/viewers/{viewer}/ban")
    async def ban_viewer(room_id: Id, viewer: ViewerRef, request: Request, key: IdemKey = None,
                         who: Principal = Depends(require("viewer.moderate"))):
        return await respond(who, key, request, None, lambda: svc.ban_viewer(room_id, _viewer_id(viewer), True))

    @app.delete("/api/v1/rooms/{room_id}/viewers/{viewer}/ban")
    async def unban_viewer(room_id: Id, viewer: ViewerRef, request: Request, key: IdemKey = None,
                           who: Principal = Depends(require("viewer.moderate"))):
        return await respond(who, key, request, None, lambda: svc.ban_viewer(room_id, _viewer_id(viewer), False))

    @app.put("/api/v1/rooms/{room_id}/mute-all")
    async def mute_all(room_id: Id, body: MuteAllIn, request: Request, key: IdemKey = None,
                       who: Principal = Depends(require("room.mute_all"))):
        return await respond(who, key, request, body, lambda: svc.set_mute_all(room_id, body.muted))

    # ---------------------------------------------------------------- stats and events

    @app.get("/api/v1/rooms/{room_id}/stats")
    async def get_stats(room_id: Id, who: Principal = Depends(require("stats.read"))):
        return svc.stats(room_id)

    @app.get("/api/v1/rooms/{room_id}/events")
    async def events(room_id: Id, request: Request,
                     last_event_id: Annotated[str | None, Header(alias="Last-Event-ID", max_length=20)] = None,
                     after: Annotated[int | None, Query(ge=0, le=MAX_INT)] = None,
                     who: Principal = Depends(require("events.read"))):
        """Server-Sent Events: every change in the room, in order, each with an increasing id.
        Resume with the `Last-Event-ID` header (or `after`); nothing is skipped or repeated."""
        svc.room(room_id)
        start = after or 0
        if last_event_id not in (None, ""):
            if not last_event_id.isdigit():
                raise Invalid("Last-Event-ID must be an event id.")
            start = int(last_event_id)
        cut_after = chaos.sse_cut_every_s if chaos is not None and chaos.sse_cut_every_s > 0 else None
        return StreamingResponse(_stream(svc, room_id, start, cut_after), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    # ---------------------------------------------------------------- audience

    def _audience():
        if audience is None:
            raise NotFound("This Studio runs without an audience simulator.")
        return audience

    @app.get("/api/v1/rooms/{room_id}/audience")
    async def get_audience(room_id: Id, who: Principal = Depends(require("audience.control"))):
        svc.room(room_id)
        return _audience().settings(room_id)

    @app.put("/api/v1/rooms/{room_id}/audience")
    async def set_audience(room_id: Id, body: AudienceIn, who: Principal = Depends(require("audience.control"))):
        svc.room(room_id)
        return _audience().configure(room_id, enabled=body.enabled, comments_per_s=body.comments_per_s,
                                     viewers=body.viewers)

    @app.post("/api/v1/rooms/{room_id}/audience/replay")
    async def replay(room_id: Id, request: Request,
                     speed: Annotated[float, Query(ge=1, le=20)] = 1.0,
                     who: Principal = Depends(require("audience.control"))):
        """Replay a recorded comment log (JSON Lines: {"t": seconds, "nickname": ..., "text": ...})."""
        svc._require_live(room_id)
        raw = await request.body()
        if len(raw) > 100 * 1024 * 1024:
            raise Invalid("The comment log is larger than 100 MB.")
        return _audience().start_replay(room_id, raw, speed)

    @app.delete("/api/v1/rooms/{room_id}/audience/replay")
    async def stop_replay(room_id: Id, who: Principal = Depends(require("audience.control"))):
        svc.room(room_id)
        return _audience().stop_replay(room_id)

    # ---------------------------------------------------------------- chaos (fault injection for tests)

    if chaos is not None:
        @app.put("/api/v1/_chaos", include_in_schema=False)
        async def set_chaos(body: ChaosIn):
            chaos.configure(**body.model_dump())
            return chaos.settings()

    images = resource_path("images")
    if images.is_dir():
        app.mount("/media", StaticFiles(directory=str(images)), name="media")
    return app


async def _stream(svc: StudioService, room_id: int, last_id: int, cut_after: float | None):
    feed = svc.feed.room(room_id)
    started = time.monotonic()
    yield b"retry: 1000\n\n"
    # Tells a resuming client where the server is: ids lower than its own mean a reset server.
    yield f"event: hello\ndata: {json.dumps({'last_event_id': svc._next_event_id - 1})}\n\n".encode()
    while True:
        page = feed.since(last_id)
        if page is None:  # behind the in-memory window: catch up from the database
            rows = svc.events_after(room_id, last_id)
            if not rows:  # nothing stored for this room up to the window: continue from memory
                page = ([], max(last_id, feed.floor))
            else:
                page = ([frame for _, frame in rows], rows[-1][0])
        frames, last_id = page
        if frames:
            yield b"".join(frames)
        elif not await feed.wait(15.0):
            yield b": keepalive\n\n"
        if cut_after is not None and time.monotonic() - started > cut_after:
            return  # fault injection: the server drops the stream; the client must resume


class Chaos:
    """Fault injection for the platform layer's fault tests (`studio --chaos` only)."""

    def __init__(self) -> None:
        import random

        self.rng = random.Random()
        self.configure()

    def configure(self, fail_before: float = 0, rate_limit: float = 0, fail_after: float = 0,
                  drop_after: float = 0, delay_after: float = 0, delay_s: float = 5, kill_after: float = 0,
                  sse_cut_every_s: float = 0, seed: int | None = None) -> None:
        self.fail_before, self.rate_limit, self.fail_after = fail_before, rate_limit, fail_after
        self.drop_after, self.delay_after, self.delay_s = drop_after, delay_after, delay_s
        self.kill_after, self.sse_cut_every_s = kill_after, sse_cut_every_s
        if seed is not None:
            self.rng.seed(seed)

    def settings(self) -> dict:
        return {k: getattr(self, k) for k in ("fail_before", "rate_limit", "fail_after", "drop_after",
                                              "delay_after", "delay_s", "kill_after", "sse_cut_every_s")}

    def middleware(self, app):
        chaos = self

        async def wrapped(scope, receive, send):
            if (scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH", "DELETE")
                    or not scope["path"].startswith("/api/v1/") or scope["path"] == "/api/v1/_chaos"
                    or scope["path"] == "/api/v1/viewers"):
                return await app(scope, receive, send)
            roll = chaos.rng.random()
            edges = []
            acc = 0.0
            for name in ("fail_before", "rate_limit", "fail_after", "drop_after", "delay_after", "kill_after"):
                acc += getattr(chaos, name)
                edges.append((acc, name))
            fault = next((name for edge, name in edges if roll < edge), None)
            if fault == "fail_before":
                return await _send_json(send, 503, {"code": "unavailable", "message": "Injected fault."})
            if fault == "rate_limit":
                return await _send_json(send, 429, {"code": "rate_limited", "message": "Injected fault.",
                                                    "retry_after": 1}, {"retry-after": "1"})
            if fault is None:
                return await app(scope, receive, send)
            messages: list[dict] = []

            async def capture(message):
                messages.append(message)

            await app(scope, receive, capture)  # the change is applied and committed here
            if fault == "fail_after":
                return await _send_json(send, 502, {"code": "bad_gateway", "message": "Injected fault."})
            if fault == "kill_after":
                import os

                os._exit(137)  # the server dies after committing, before answering
            if fault == "drop_after":
                start = next(m for m in messages if m["type"] == "http.response.start")
                await send(start)
                raise ConnectionAbortedError("injected: connection dropped after the change was applied")
            await asyncio.sleep(chaos.delay_s)
            for m in messages:
                await send(m)

        return wrapped


async def _send_json(send, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
    raw = json.dumps(body).encode()
    hdrs = [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
    hdrs += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": hdrs})
    await send({"type": "http.response.body", "body": raw})
