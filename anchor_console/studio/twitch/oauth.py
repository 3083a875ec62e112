"""id.twitch.tv as Studio answers it: the Device Code Grant Flow, refresh, validation, revocation,
and the activation page where the user types the code and presses Authorize.

  POST /oauth2/device    client_id, scopes → device_code, user_code, verification_uri, interval;
                         429 {"status", "message"} while the client has MAX_LIVE_GRANTS unexpired codes
  POST /oauth2/token     grant_type=…device_code: 400 {"status", "message"} with
                         authorization_pending / slow_down (polled before `interval`) /
                         expired_token / access_denied / "invalid device code"; then the tokens
                         grant_type=refresh_token: a new pair; the old refresh token stops working
                         (a public client's refresh tokens are single-use)
  GET  /oauth2/validate  Authorization: OAuth <token> → client_id, login, scopes, user_id, expires_in
  POST /oauth2/revoke    client_id, token
  GET  /activate         the page (HTML): the code, the account to sign in as, Authorize / Decline
                         (page and POST: only from loopback; 403 from elsewhere)

Error bodies of id.twitch.tv are {"status": 400, "message": "…"} (device flow, validation), the
refresh page's adds "error": "Bad Request" (Twitch's authentication guide; tests/platforms/twitch_docs)."""

from __future__ import annotations

import html
import ipaddress
import secrets
import string
from dataclasses import dataclass
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from anchor_console.studio.twitch.core import Identity

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
_CODE_LETTERS = "".join(c for c in string.ascii_uppercase if c not in "AEIOU")  # no words in codes


@dataclass
class DeviceGrant:
    device_code: str
    user_code: str
    scopes: tuple[str, ...]
    expires_at: float
    interval: float
    last_poll: float = 0.0
    user_id: str | None = None
    denied: bool = False


FORM_LIMIT = 8 * 1024
# The client_id is public and a device code needs nothing else: without a cap anyone could fill
# memory with codes. Live (unexpired) codes are capped; expired ones are swept at each new request
# once they are a TTL past expiry (until then a late poll still hears expired_token).
MAX_LIVE_GRANTS = 1000


def _form_endpoint(handler):
    """The handler as a route whose body (a small form) Studio's request guard lets in."""
    async def endpoint(request: Request):
        return await handler(request)
    endpoint.body_limit = FORM_LIMIT   # type: ignore[attr-defined]  # read by limits.RequestGuard
    return endpoint


def _from_this_computer(request: Request) -> bool:
    host = request.client.host if request.client is not None else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _not_from_here() -> HTMLResponse:
    return HTMLResponse("<!doctype html><html><body><h1>Not from here</h1><p>Studio signs Twitch accounts in "
                        "only from a browser on the computer it runs on.</p></body></html>", status_code=403)


async def _form(request: Request) -> dict[str, str]:
    """An application/x-www-form-urlencoded body (what OAuth clients send)."""
    return dict(parse_qsl((await request.body()).decode("utf-8", "replace"), keep_blank_values=True))


def _id_error(status: int, message: str, *, with_reason: bool = False) -> JSONResponse:
    """id.twitch.tv's error body; the refresh page's example also carries "error"."""
    body = {"error": "Bad Request"} if with_reason else {}
    return JSONResponse({**body, "status": status, "message": message}, status_code=status)


class OAuth:
    def __init__(self, identity: Identity) -> None:
        self.identity = identity
        self.grants: dict[str, DeviceGrant] = {}     # by device code

    def router(self) -> APIRouter:
        router = APIRouter()
        for path, method, handler in (("/oauth2/device", "POST", self.device), ("/oauth2/token", "POST", self.token),
                                      ("/oauth2/validate", "GET", self.validate),
                                      ("/oauth2/revoke", "POST", self.revoke), ("/activate", "GET", self.page),
                                      ("/activate", "POST", self.activate)):
            router.add_api_route(path, _form_endpoint(handler), methods=[method], include_in_schema=False,
                                 name=f"twitch_{method}_{path}")
        return router

    async def device(self, request: Request):
        form = await _form(request)
        if form.get("client_id") != self.identity.client_id:
            return _id_error(400, "invalid client")
        scopes = tuple(str(form.get("scopes", "")).split())
        now = self.identity.now()
        ttl = self.identity.config.device_code_ttl_s
        self.grants = {code: g for code, g in self.grants.items() if g.expires_at + ttl > now}
        if sum(g.expires_at > now for g in self.grants.values()) >= MAX_LIVE_GRANTS:
            return _id_error(429, "Too Many Requests")
        user_code = "".join(secrets.choice(_CODE_LETTERS) for _ in range(8))
        grant = DeviceGrant(secrets.token_urlsafe(30), user_code, scopes, now + ttl,
                            self.identity.config.device_interval_s)
        self.grants[grant.device_code] = grant
        base = str(request.base_url).rstrip("/")
        return {"device_code": grant.device_code, "expires_in": int(self.identity.config.device_code_ttl_s),
                "interval": int(grant.interval), "user_code": user_code,
                "verification_uri": f"{base}/activate?public=true&device-code={user_code}"}

    async def token(self, request: Request):
        form = await _form(request)
        if form.get("client_id") != self.identity.client_id:
            return _id_error(400, "invalid client")
        grant_type = form.get("grant_type")
        if grant_type == DEVICE_GRANT:
            return self._device_token(str(form.get("device_code", "")))
        if grant_type == "refresh_token":
            grant = self.identity.use_refresh(str(form.get("refresh_token", "")))
            if grant is None:
                return _id_error(400, "Invalid refresh token", with_reason=True)
            return self.identity.issue(*grant)
        return _id_error(400, "unsupported_grant_type")

    def _device_token(self, device_code: str):
        grant = self.grants.get(device_code)
        now = self.identity.now()
        if grant is None:
            return _id_error(400, "invalid device code")
        if now >= grant.expires_at:
            del self.grants[device_code]
            return _id_error(400, "expired_token")
        if grant.denied:
            del self.grants[device_code]
            return _id_error(400, "access_denied")
        too_soon = now - grant.last_poll < grant.interval
        grant.last_poll = now
        if grant.user_id is None:
            return _id_error(400, "slow_down" if too_soon else "authorization_pending")
        del self.grants[device_code]
        return self.identity.issue(grant.user_id, grant.scopes)

    async def validate(self, request: Request):
        auth = request.headers.get("authorization", "")
        token = self.identity.token(auth[6:].strip()) if auth.lower().startswith("oauth ") else None
        if token is None:
            return _id_error(401, "invalid access token")
        user = self.identity.user(token.user_id) or {"login": ""}
        return {"client_id": token.client_id, "login": user["login"], "scopes": list(token.scopes),
                "user_id": token.user_id, "expires_in": int(max(0, token.expires_at - self.identity.now()))}

    async def revoke(self, request: Request):
        form = await _form(request)
        if form.get("client_id") != self.identity.client_id:
            return _id_error(400, "invalid client")
        if self.identity.tokens.pop(str(form.get("token", "")), None) is None:
            return _id_error(400, "Invalid token")
        return JSONResponse(None, status_code=200)

    # the activation page ------------------------------------------------------------------
    # Real Twitch asks for the account's password here; Studio lets one pick any of its staff, so
    # the page (which lists them: names, logins, ids) and the choice are only for a browser on its own
    # computer (an exposed Studio would hand anyone a moderator).
    async def page(self, request: Request):
        if not _from_this_computer(request):
            return _not_from_here()
        code = html.escape(request.query_params.get("device-code", ""))
        options = "".join(f'<option value="{html.escape(u["id"])}">{html.escape(u["display_name"])} '
                          f'({html.escape(u["login"])})</option>' for u in self.identity.sign_in_choices())
        return HTMLResponse(f"""<!doctype html><html><head><meta charset="utf-8"><title>Activate your device</title>
</head><body><h1>Activate your device</h1><p>Studio's Twitch emulator.</p>
<form method="post" action="/activate">
<label>Enter the code displayed on your device <input name="user_code" value="{code}" autocomplete="off"></label>
<label>Sign in as <select name="user_id">{options}</select></label>
<button type="submit" name="decision" value="authorize">Authorize</button>
<button type="submit" name="decision" value="decline">Decline</button>
</form></body></html>""")

    async def activate(self, request: Request):
        if not _from_this_computer(request):
            return _not_from_here()
        form = await _form(request)
        user_code = str(form.get("user_code", "")).strip().upper().replace("-", "")
        grant = next((g for g in self.grants.values() if g.user_code == user_code), None)
        if grant is None or grant.expires_at <= self.identity.now():
            return HTMLResponse("<!doctype html><html><body><h1>Invalid code</h1><p>The code is wrong or has "
                                "expired.</p></body></html>", status_code=400)
        if form.get("decision") == "decline":
            grant.denied = True
            return HTMLResponse("<!doctype html><html><body><h1>Declined</h1></body></html>")
        user = self.identity.user(str(form.get("user_id", "")))
        if user is None:
            return HTMLResponse("<!doctype html><html><body><h1>Unknown account</h1></body></html>", status_code=400)
        grant.user_id = user["id"]
        return HTMLResponse(f"<!doctype html><html><body><h1>Success!</h1><p>You are signed in as "
                            f"{html.escape(user['display_name'])}. Return to your device.</p></body></html>")
