"""Studio's HTTP API (FastAPI): every resource of a live-commerce platform under /api/v1, one SSE
stream per room, errors as JSON {code, message}; beside it, WeChat's own paths (wechat/) and
YouTube's with Google's OAuth (youtube/), answered as those platforms answer them. `create_app`
assembles it: the routers (one per resource, in `routes/`), the error handlers, and what the
routes work with.

Every endpoint is `async def` and calls the services synchronously, so each request's read-check-
write runs without interleaving on the event loop; mutating endpoints honour `Idempotency-Key`.
`served` puts the request guard (limits.py) in front: what uvicorn runs."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from anchor_console import __version__
from anchor_console.resources import resource_path
from anchor_console.studio.errors import ApiError
from anchor_console.studio.limits import RequestGuard
from anchor_console.studio.open_streams import OpenStreams
from anchor_console.studio.openapi import studio_openapi
from anchor_console.studio.routes import RESOURCE_ROUTERS
from anchor_console.studio.routes import chaos as chaos_routes
from anchor_console.studio.routes.context import ApiContext
from anchor_console.studio.services import Studio
from anchor_console.studio.tiktok import TikTokEmulator
from anchor_console.studio.twitch import TwitchEmulator
from anchor_console.studio.twitch import control as twitch_control
from anchor_console.studio.wechat import WeChatEmulator
from anchor_console.studio.wechat import control as wechat_control
from anchor_console.studio.youtube import YouTubeEmulator
from anchor_console.studio.youtube import control as youtube_control

if TYPE_CHECKING:
    from anchor_console.studio.audience import Audience
    from anchor_console.studio.chaos import Chaos
    from anchor_console.studio.tencent_im import TencentIm
    from anchor_console.studio.tencent_live import TencentLive

log = logging.getLogger("anchor_console.studio")


def create_app(studio: Studio, *, audience: Audience | None = None, chaos: Chaos | None = None,
               push_domain: str = "push.studio.local", push_key: str = "studio-demo-push-key",
               wechat: WeChatEmulator | None = None, tiktok: TikTokEmulator | None = None,
               twitch: TwitchEmulator | None = None, youtube: YouTubeEmulator | None = None,
               tencent_live: TencentLive | None = None, tencent_im: TencentIm | None = None) -> FastAPI:
    app = FastAPI(title="Anchor Console Studio", version=__version__,
                  description="A live-commerce platform with every capability the console drives.")
    app.state.context = ApiContext(studio, audience=audience, chaos=chaos, push_domain=push_domain,
                                   push_key=push_key, streams=OpenStreams(studio.store, studio.tokens))
    _install_error_handlers(app)
    # One flat route table, in this order, as if every route were declared on the app: the routers
    # carry no prefix, dependencies or settings to merge (and nothing uses dependency_overrides),
    # while include_router would keep each as a nested branch matched again on every request
    # (0.1–0.3 ms more per request here).
    # WeChat's paths (the emulator, wechat/) on the same state; its test settings only with --chaos.
    app.state.wechat = wechat or WeChatEmulator(studio, push_domain=push_domain, push_key=push_key)
    # TikTok Shop's Partner API and seller authorization (tiktok/), on the same state.
    app.state.tiktok = tiktok or TikTokEmulator(studio)
    # Twitch's paths (twitch/: /helix, /oauth2, /activate, the EventSub socket /ws) likewise.
    app.state.twitch = twitch or TwitchEmulator(studio)
    # YouTube's paths (youtube/: Google OAuth and /youtube/v3), its test settings likewise.
    app.state.youtube = youtube or YouTubeEmulator(studio)
    emulators = (app.state.wechat, app.state.tiktok, app.state.twitch, app.state.youtube)
    controls = (chaos_routes.router, wechat_control.router, twitch_control.router, youtube_control.router)
    # Tencent Cloud Live's push/stop callbacks, when Studio follows its rooms' video there.
    app.state.tencent_live = tencent_live
    live = (tencent_live.router(),) if tencent_live is not None else ()
    for router in (*RESOURCE_ROUTERS, *(e.router() for e in emulators), *live, *(controls if chaos is not None else ())):
        app.router.routes.extend(router.routes)
    app.state.tencent_im = tencent_im   # chat through Tencent Cloud IM (tencent_im/): its callbacks, see served()
    images = resource_path("images")
    if images.is_dir():
        app.mount("/media", StaticFiles(directory=str(images)), name="media")
    app.openapi = lambda: studio_openapi(app)  # type: ignore[method-assign]
    return app


def _methods_of(app: FastAPI, scope: dict) -> list[str]:
    """The methods of the path's resource: of the most literal route template that matches it
    (`/shelf/order` is the order, not a product named "order")."""
    by_template: dict[str, set[str]] = {}
    for route in app.router.routes:
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(scope.get("path", "")) and getattr(route, "methods", None):
            by_template.setdefault(route.path, set()).update(route.methods)
    if not by_template:
        return []
    return sorted(by_template[min(by_template, key=lambda template: template.count("{"))])


def served(app: FastAPI):
    """The ASGI app uvicorn serves: the request guard, then fault injection (if on), then `app`; in
    front of them all, Tencent Cloud IM's callback path when a room's chat runs there (it checks
    its own callers, thousands a second)."""
    chaos = app.state.context.chaos
    guarded = RequestGuard(chaos.middleware(app) if chaos is not None else app, app)
    tencent_im = getattr(app.state, "tencent_im", None)
    return tencent_im.in_front_of(guarded) if tencent_im is not None else guarded


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")   # a check of ours says it all
            parts.append(f"{where}: {msg}" if where else msg)
        return JSONResponse({"code": "invalid", "message": "; ".join(parts) or "Invalid request."}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 400:   # FastAPI's "error parsing the body" (not UTF-8): a request's form, 422
            return JSONResponse({"code": "invalid", "message": "The body is not JSON in UTF-8."}, status_code=422)
        if exc.status_code == 405:   # every method of the path, not just those of the route that matched first
            headers["Allow"] = ", ".join(_methods_of(app, request.scope))
        codes = {404: "not_found", 405: "method_not_allowed"}
        return JSONResponse({"code": codes.get(exc.status_code, "error"), "message": str(exc.detail)},
                            status_code=exc.status_code, headers=headers or None)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):  # pragma: no cover - a bug, logged loudly
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse({"code": "internal", "message": "Studio hit an unexpected error; it was logged."},
                            status_code=500)
