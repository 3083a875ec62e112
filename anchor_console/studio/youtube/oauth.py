"""Google's OAuth 2.0 for installed apps, as the emulator answers it: the consent page
(`GET /o/oauth2/v2/auth`, HTML with Allow and Deny), the decision that redirects the browser to
the app's loopback `redirect_uri` with `code` and `state` (or `error=access_denied`), and the token
endpoint (`POST /token`, form-encoded) for the code (PKCE verified: S256 or plain) and for refresh.

Strict like Google (developers.google.com/identity/protocols/oauth2/native-app): an unknown
client is `invalid_client` (401), a wrong secret too; a used, expired or foreign code, a wrong
verifier or redirect_uri, a revoked refresh token are `invalid_grant` (400); a scope Google does
not know is refused on the consent page (`invalid_scope`); redirect_uri must be a loopback
address. One Desktop-app client is made on first start and kept (its id and secret are on
Studio's start-up line); refresh tokens are kept in Studio's database, access tokens and codes
only in memory (a restart refuses old access tokens: the app refreshes, as against Google)."""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from anchor_console.studio.store import EmulatorTables
from anchor_console.studio.youtube.core import KNOWN_SCOPES, YouTubeConfig

if TYPE_CHECKING:
    from anchor_console.studio.services import Studio

SCHEMA = """
CREATE TABLE IF NOT EXISTS yt_clients(
  client_id TEXT PRIMARY KEY, client_secret TEXT NOT NULL, name TEXT NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS yt_refresh(
  token TEXT PRIMARY KEY, client_id TEXT NOT NULL, scope TEXT NOT NULL, issued_at REAL NOT NULL, revoked_at REAL);
"""
SCOPE_WORDS = {
    "https://www.googleapis.com/auth/youtube.force-ssl": "See, edit, and permanently delete your YouTube videos, "
                                                         "ratings, comments and captions (and moderate your live "
                                                         "chat)",
    "https://www.googleapis.com/auth/youtube": "Manage your YouTube account",
    "https://www.googleapis.com/auth/youtube.readonly": "View your YouTube account",
}
CONSENT_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Sign in - Google Accounts (Studio)</title>
</head><body><h1>{app} wants access to your Google Account</h1>
<p>Signed in as the Studio channel. This will allow {app} to:</p><ul>{scopes}</ul>
<form method="post" action="/o/oauth2/v2/auth/decision">{fields}
<button type="submit" name="decision" value="allow" id="submit_approve_access">Allow</button>
<button type="submit" name="decision" value="deny" id="submit_deny_access">Cancel</button></form>
<p>Studio's emulation of Google's consent screen.</p></body></html>"""
ERROR_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Error</title></head><body>
<h1>Access blocked: authorization error</h1><p>Error {status}: {error}</p><p>{detail}</p></body></html>"""
MAX_LIVE_CODES = 1000   # unexpired consent codes per client (its id is public; a code needs nothing else)


@dataclass
class _Code:
    client_id: str
    redirect_uri: str
    scope: str
    challenge: str
    method: str
    expires_at: float


def _token_error(error: str, description: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, status_code=status)


async def form_of(request: Request) -> dict[str, str]:
    """An application/x-www-form-urlencoded body (without python-multipart, which Studio does not ship)."""
    try:
        return dict(parse_qsl((await request.body()).decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        return {}


def loopback(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")


class OAuth(EmulatorTables):
    schema = SCHEMA

    def __init__(self, studio: Studio, config: YouTubeConfig) -> None:
        super().__init__(studio)
        self.config = config
        self._codes: dict[str, _Code] = {}
        self._access: dict[str, tuple[str, str, float]] = {}   # token -> (client id, scope, expires at)

    def ensure_client(self) -> dict:
        row = self.db.execute("SELECT * FROM yt_clients ORDER BY created_at LIMIT 1").fetchone()
        if row is None:
            client_id = f"{secrets.randbelow(9 * 10**11) + 10**11}-studio{secrets.token_hex(8)}.apps.googleusercontent.com"
            with self.store.tx():
                self.db.execute("INSERT INTO yt_clients VALUES (?,?,?,?)",
                                (client_id, "GOCSPX-" + secrets.token_urlsafe(21), "Anchor Console", self.now()))
            row = self.db.execute("SELECT * FROM yt_clients ORDER BY created_at LIMIT 1").fetchone()
        return {"client_id": row["client_id"], "client_secret": row["client_secret"]}

    def _client(self, client_id: str):
        return self.db.execute("SELECT * FROM yt_clients WHERE client_id = ?", (client_id,)).fetchone()

    # ------------------------------------------------------------------ the consent page

    def _consent_problem(self, q: dict[str, str]) -> tuple[str, str] | None:
        if self._client(q.get("client_id", "")) is None:
            return "invalid_client", "The OAuth client was not found."
        if q.get("response_type") != "code":
            return "unsupported_response_type", "Only response_type=code is supported for installed apps."
        if not loopback(q.get("redirect_uri", "")):
            return "redirect_uri_mismatch", "An installed app must redirect to a loopback address (http://127.0.0.1)."
        scopes = q.get("scope", "").split()
        if not scopes or not set(scopes) <= KNOWN_SCOPES:
            return "invalid_scope", "Some requested scopes were invalid: " + " ".join(sorted(set(scopes) - KNOWN_SCOPES))
        if not q.get("code_challenge") or q.get("code_challenge_method", "plain") not in ("S256", "plain"):
            return "invalid_request", "code_challenge (PKCE) is required, with code_challenge_method S256 or plain."
        return None

    async def consent(self, request: Request):
        q = dict(request.query_params)
        problem = self._consent_problem(q)
        if problem is not None:
            return HTMLResponse(ERROR_PAGE.format(status=400, error=problem[0], detail=html.escape(problem[1])),
                                status_code=400)
        keep = ("client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method")
        fields = "".join(f'<input type="hidden" name="{k}" value="{html.escape(q.get(k, ""), quote=True)}">'
                         for k in keep)
        scopes = "".join(f"<li>{html.escape(SCOPE_WORDS.get(s, s))}</li>" for s in q["scope"].split())
        name = self._client(q["client_id"])["name"]
        return HTMLResponse(CONSENT_PAGE.format(app=html.escape(name), scopes=scopes, fields=fields))

    async def decision(self, request: Request):
        form = await form_of(request)
        problem = self._consent_problem({**form, "response_type": "code"})
        if problem is not None:
            return HTMLResponse(ERROR_PAGE.format(status=400, error=problem[0], detail=html.escape(problem[1])),
                                status_code=400)
        state = {"state": form["state"]} if form.get("state") else {}
        target = form["redirect_uri"]
        sep = "&" if urlsplit(target).query else "?"
        if form.get("decision") != "allow":
            return RedirectResponse(target + sep + urlencode({"error": "access_denied", **state}), status_code=302)
        if not self._room_for_a_code(form["client_id"]):
            return HTMLResponse(ERROR_PAGE.format(status=429, error="rate_limit_exceeded",
                                                  detail="Too many sign-ins are under way. Try again later."),
                                status_code=429)
        code = "4/0Studio" + secrets.token_urlsafe(32)
        self._codes[code] = _Code(form["client_id"], target, form["scope"], form["code_challenge"],
                                  form.get("code_challenge_method") or "plain", self.now() + self.config.code_ttl_s)
        return RedirectResponse(target + sep + urlencode({"code": code, "scope": form["scope"], **state}),
                                status_code=302)

    def _room_for_a_code(self, client_id: str) -> bool:
        """Sweeps expired codes (an expired code and an unknown one get the same answer); False if
        the client already has MAX_LIVE_CODES unexchanged ones (anyone may ask for codes)."""
        now = self.now()
        self._codes = {c: code for c, code in self._codes.items() if code.expires_at >= now}
        return sum(code.client_id == client_id for code in self._codes.values()) < MAX_LIVE_CODES

    # ------------------------------------------------------------------ the token endpoint

    async def token(self, request: Request):
        form = await form_of(request)
        client = self._client(form.get("client_id", ""))
        if client is None:
            return _token_error("invalid_client", "The OAuth client was not found.", 401)
        if not secrets.compare_digest(form.get("client_secret", ""), client["client_secret"]):
            return _token_error("invalid_client", "Unauthorized", 401)
        grant = form.get("grant_type")
        if grant == "authorization_code":
            return self._exchange(form)
        if grant == "refresh_token":
            return self._refresh(form)
        return _token_error("unsupported_grant_type", f"Invalid grant_type: {grant}")

    def _exchange(self, form: dict[str, str]) -> JSONResponse:
        code = self._codes.pop(form.get("code", ""), None)   # one use only
        if code is None or code.expires_at < self.now() or code.client_id != form["client_id"]:
            return _token_error("invalid_grant", "Malformed auth code.")
        if form.get("redirect_uri") != code.redirect_uri:
            return _token_error("redirect_uri_mismatch", "Bad Request")
        verifier = form.get("code_verifier", "")
        if not verifier:
            return _token_error("invalid_grant", "Missing code verifier.")
        made = verifier if code.method == "plain" else base64.urlsafe_b64encode(
            hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not secrets.compare_digest(made, code.challenge):
            return _token_error("invalid_grant", "Invalid code verifier.")
        refresh = "1//0Studio" + secrets.token_urlsafe(48)
        with self.store.tx():
            self.db.execute("INSERT INTO yt_refresh(token, client_id, scope, issued_at) VALUES (?,?,?,?)",
                            (refresh, code.client_id, code.scope, self.now()))
        return JSONResponse({**self._access_token(code.client_id, code.scope), "refresh_token": refresh})

    def _refresh(self, form: dict[str, str]) -> JSONResponse:
        row = self.db.execute("SELECT * FROM yt_refresh WHERE token = ?", (form.get("refresh_token", ""),)).fetchone()
        if row is None or row["revoked_at"] is not None or row["client_id"] != form["client_id"]:
            return _token_error("invalid_grant", "Token has been expired or revoked.")
        return JSONResponse(self._access_token(row["client_id"], row["scope"]))

    def _access_token(self, client_id: str, scope: str) -> dict:
        token = "ya29.Studio" + secrets.token_urlsafe(40)
        self._access[token] = (client_id, scope, self.now() + self.config.token_ttl_s)
        return {"access_token": token, "expires_in": int(self.config.token_ttl_s), "scope": scope,
                "token_type": "Bearer"}

    # ------------------------------------------------------------------ for the API

    def authenticate(self, header: str) -> tuple[str, frozenset[str]] | None:
        """(client id, scopes) of a valid `Authorization: Bearer` header, else None."""
        if not header.startswith("Bearer "):
            return None
        found = self._access.get(header[7:].strip())
        if found is None or found[2] <= self.now():
            return None
        return found[0], frozenset(found[1].split())

    def expire_tokens(self) -> int:
        n = len(self._access)
        self._access.clear()
        return n

    def revoke_refresh_tokens(self) -> int:
        with self.store.tx():
            return self.db.execute("UPDATE yt_refresh SET revoked_at = ? WHERE revoked_at IS NULL",
                                   (self.now(),)).rowcount
