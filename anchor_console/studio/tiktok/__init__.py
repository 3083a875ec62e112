"""Studio's emulation of TikTok Shop's Partner API (202309 versions) and its seller authorization,
on Studio's own state.

Studio answers the paths the console's TikTok Shop adapter calls, on its own port, so the adapter
pointed at Studio instead of https://open-api.tiktokglobalshop.com (and auth.tiktok-shops.com,
services.tiktokshop.com) works unchanged:
  GET  /oauth/authorize?app_key&state, /open/authorize?service_id&state   the authorization page
  POST /oauth/authorize/decide                                          its Authorize / Cancel buttons
  GET  /api/v2/token/get, /api/v2/token/refresh                         tokens (core.Gate)
  GET  /authorization/202309/shops                                      the authorized shop and its cipher
  POST /product/202309/products/search, GET /product/202309/products/{id}   Studio's catalog
  POST /promotion/202309/activities, …/search; GET, PUT …/{id}/products, POST …/{id}/deactivate
  POST /promotion/202406/coupons/search                                 read only
Every Partner API call passes the gate (signature, timestamp, token, scope, shop: core.py) and is
answered `{code, message, request_id, data}` (HTTP 429 with Retry-After over the per-second limit,
when one is set). One app and one shop are made on first start and kept;
their app key, app secret, service id and shop are on Studio's start-up line (`tiktok`).

Modules: core (the app, tokens, the gate, codes), promotions (activities as Studio flash sales,
coupons), this one (routes, the authorization page, products)."""

from __future__ import annotations

import html
import json
import logging
import math
import urllib.parse
from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from anchor_console.studio.tiktok.core import (
    catalog_product, INTERNAL, INVALID_PARAMS, TOO_MANY, Call, Gate, TikTokConfig, TtError, envelope,
)
from anchor_console.studio.tiktok.promotions import Promotions, money, page_of

if TYPE_CHECKING:
    from anchor_console.studio.services import Studio

log = logging.getLogger("anchor_console.studio.tiktok")

A = "/promotion/202309/activities"
Handler = Callable[[Call], dict]


class TikTokEmulator:
    def __init__(self, studio: Studio, config: TikTokConfig | None = None,
                 wall: Callable[[], float] | None = None) -> None:
        self.studio = studio
        self.config = config or TikTokConfig()
        self.gate = Gate(studio, self.config, wall)
        self.promotions = Promotions(studio)
        self.app = self.gate.ensure_app()

    # ------------------------------------------------------------------ what Studio prints

    def announcement(self) -> dict:
        a = self.app
        return {"app_key": a["app_key"], "app_secret": a["secret"], "service_id": a["service_id"],
                "redirect_uri": a["redirect_uri"], "shop": {"id": a["shop_id"], "name": a["shop_name"],
                                                            "cipher": a["shop_cipher"]}}

    # ------------------------------------------------------------------ routes

    def router(self) -> APIRouter:
        r = APIRouter()
        apis: list[tuple[str, str, str, bool, Handler]] = [
            ("/authorization/202309/shops", "GET", "seller.authorization.info", False, self.shops),
            ("/product/202309/products/search", "POST", "seller.product.basic", True, self.product_search),
            ("/product/202309/products/{product_id}", "GET", "seller.product.basic", True, self.product_get),
            (A, "POST", "seller.promotion.write", True, self.promotions.create),
            (f"{A}/search", "POST", "seller.promotion.info", True, self.promotions.search),
            (f"{A}/{{activity_id}}", "GET", "seller.promotion.info", True, self.promotions.get),
            (f"{A}/{{activity_id}}/products", "PUT", "seller.promotion.write", True, self.promotions.set_products),
            (f"{A}/{{activity_id}}/deactivate", "POST", "seller.promotion.write", True, self.promotions.deactivate),
            ("/promotion/202406/coupons/search", "POST", "seller.promotion.info", True, self.promotions.coupons),
        ]
        for path, method, scope, shop, handler in apis:
            r.add_api_route(path, self._endpoint(path, scope, shop, handler), methods=[method],
                            include_in_schema=False)
        r.add_api_route("/api/v2/token/get", self._token(self.gate.token_get), methods=["GET"],
                        include_in_schema=False)
        r.add_api_route("/api/v2/token/refresh", self._token(self.gate.token_refresh), methods=["GET"],
                        include_in_schema=False)
        r.add_api_route("/oauth/authorize", self.authorize_page, methods=["GET"], include_in_schema=False)
        r.add_api_route("/open/authorize", self.authorize_page, methods=["GET"], include_in_schema=False)
        r.add_api_route("/oauth/authorize/decide", self.decide, methods=["POST"], include_in_schema=False)
        return r

    def _endpoint(self, path: str, scope: str, shop: bool, handler: Handler):
        async def endpoint(request: Request):
            raw = await request.body()
            query = dict(request.query_params)
            try:
                app = self.gate.check(request.url.path, query, raw, request.headers.get("x-tts-access-token"),
                                      scope=scope, shop=shop)
                wait = self.gate.rate_limited(app["app_key"], path)
                if wait is not None:   # HTTP 429 with the envelope and when to come back
                    return JSONResponse(envelope(TOO_MANY), status_code=429,
                                        headers={"Retry-After": str(max(1, math.ceil(wait)))})
                body = self._json(raw) if request.method != "GET" else {}
                data = handler(Call(app_key=app["app_key"], query=query, body=body,
                                    path_params=dict(request.path_params), base_url=str(request.base_url)))
                answer = envelope(0, data)
            except TtError as exc:
                answer = envelope(exc.code, message=exc.message)
            except Exception:  # pragma: no cover - a bug, logged loudly; TikTok's internal error to the caller
                log.exception("TikTok emulator: unexpected error on %s", path)
                answer = envelope(INTERNAL)
            return JSONResponse(answer)
        endpoint.__name__ = "tiktok_" + path.strip("/").replace("/", "_").replace("{", "").replace("}", "")
        return endpoint

    def _token(self, grant: Callable[[dict], dict]):
        async def endpoint(request: Request):
            try:
                return JSONResponse(envelope(0, grant(dict(request.query_params))))
            except TtError as exc:
                return JSONResponse(envelope(exc.code, message=exc.message))
        endpoint.__name__ = "tiktok_token_" + grant.__name__
        return endpoint

    @staticmethod
    def _json(raw: bytes) -> dict:
        if not raw.strip():
            return {}
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise TtError(INVALID_PARAMS) from None
        if not isinstance(body, dict):
            raise TtError(INVALID_PARAMS)
        return body

    # ------------------------------------------------------------------ the authorization page

    async def authorize_page(self, request: Request):
        q = request.query_params
        try:
            app = (self.gate.app_by_service(q.get("service_id")) if request.url.path.startswith("/open/")
                   else self.gate.app(q.get("app_key")))
        except TtError as exc:
            return HTMLResponse(f"<!doctype html><p>{html.escape(exc.message)}</p>", status_code=400)
        e = html.escape
        page = f"""<!doctype html><html><head><meta charset="utf-8">
<title>Authorize app – TikTok Shop (Studio)</title></head><body><h1>Authorize this app to access your shop</h1>
<p>Shop: <b>{e(app['shop_name'])}</b> ({e(app['shop_id'])})</p>
<p>Permissions: {e(', '.join(self.config.granted_scopes))}</p>
<form method="post" action="/oauth/authorize/decide">
<input type="hidden" name="app_key" value="{e(app['app_key'])}">
<input type="hidden" name="state" value="{e(q.get('state', ''))}">
<button type="submit" name="decision" value="authorize">Authorize</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</form></body></html>"""
        return HTMLResponse(page)

    async def decide(self, request: Request):
        form = urllib.parse.parse_qs((await request.body()).decode("utf-8", "replace"))
        field = {k: v[0] for k, v in form.items()}
        try:
            app = self.gate.app(field.get("app_key"))
        except TtError as exc:
            return HTMLResponse(f"<!doctype html><p>{html.escape(exc.message)}</p>", status_code=400)
        if field.get("decision") == "authorize":
            code = self.gate.new_code(app["app_key"])
            if code is None:
                return HTMLResponse("<!doctype html><p>Too many authorizations of this app are waiting; try again "
                                    "in a few minutes.</p>", status_code=429)
            params = {"code": code, "state": field.get("state", "")}
        else:
            params = {"error": "access_denied", "error_description": "The seller cancelled the authorization",
                      "state": field.get("state", "")}
        return RedirectResponse(app["redirect_uri"] + "?" + urllib.parse.urlencode(params), status_code=302)

    # ------------------------------------------------------------------ shops and products

    def shops(self, call: Call) -> dict:
        return {"shops": [self.gate.shop_view(self.gate.app(call.app_key))]}

    def _product_view(self, product: dict, *, detail: bool, base_url: str = "") -> dict:
        # Seller SKU codes as the WeChat emulator's sku_code: the console links the platforms by them.
        skus = [{"id": str(s["id"]), "seller_sku": f"SKU{s['id']}",
                 "price": {"currency": "GBP", "sale_price": money(s["price_fen"]),
                           "tax_exclusive_price": money(s["price_fen"])},
                 "inventory": [{"quantity": s["stock"], "warehouse_id": "7000000000000000001"}],
                 **({"sales_attributes": [{"name": "Variant", "value_name": s["name"]}]} if detail else {})}
                for s in product["skus"]]
        view = {"id": str(product["id"]), "title": product["name"], "status": "ACTIVATE", "skus": skus}
        if detail:
            image = base_url.rstrip("/") + product["image_url"] if product["image_url"] else ""
            view["main_images"] = [{"urls": [image] if image else []}]
        return view

    def product_search(self, call: Call) -> dict:
        page, paging = page_of(self.studio.catalog.list_products(), call.query)
        return {"products": [self._product_view(p, detail=False) for p in page], **paging}

    def product_get(self, call: Call) -> dict:
        pid = call.path_params.get("product_id", "")
        product = catalog_product(self.studio, pid)
        return self._product_view(product, detail=True, base_url=call.base_url)
