"""Idempotency-Key: a change requested twice with the same key applies once. Keys are remembered
for KEY_WINDOW_S (7 days, as long as a finished show's events), then pruned.

A change that mints a token (a new staff member) answers with that token. The stored answer never
holds it in plain text: it is sealed with a key derived from the caller's own token, which Studio
does not store either, so only the caller can open it again — and a repeat answers with it only
while the token still signs in."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from anchor_console.studio.errors import Conflict, Invalid
from anchor_console.studio.services.tokens import Tokens
from anchor_console.studio.store import Principal, StoreService

KEY_WINDOW_S = 7 * 24 * 3600
# Two seats of a crew pressing the same money action at once (each with its own key) before either
# hears of the other's: the second within this many seconds is refused, not paid twice (the
# consoles' shared log holds presses back after that). Another caller's identical request only.
CREW_REPEAT_S = 3.0


def _keystream(caller_token: str, key: str, nonce: bytes, length: int) -> bytes:
    stream = hmac.new(caller_token.encode("utf-8", "surrogatepass"), nonce + key.encode("utf-8", "surrogatepass"),
                      hashlib.sha512).digest()
    assert length <= len(stream), "tokens are 43 characters"
    return stream[:length]


def seal(token: str, caller_token: str, key: str) -> str:
    nonce = secrets.token_bytes(16)
    raw = token.encode("ascii")
    sealed = bytes(a ^ b for a, b in zip(raw, _keystream(caller_token, key, nonce, len(raw))))
    return base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def unseal(sealed: str, caller_token: str, key: str) -> str | None:
    try:
        blob = base64.urlsafe_b64decode(sealed.encode("ascii"))
        nonce, body = blob[:16], blob[16:]
        return bytes(a ^ b for a, b in zip(body, _keystream(caller_token, key, nonce, len(body)))).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        return None


@dataclass(eq=False)
class Idempotency(StoreService):
    tokens: Tokens

    def once(self, principal: Principal, key: str | None, fingerprint: str, run: Callable[[], tuple[int, Any]], *,
             durable: bool = False, caller_token: str = "", terms: str | None = None) -> tuple[int, Any]:
        """Run `run` once per (account, key). A repeat returns the first result and has no second
        effect; the same key with a different request is refused. The change and its stored result
        commit in one transaction, so a server killed mid-request did both or neither and a retry
        with the same key is always safe. Refusals (4xx) change nothing and are not stored: once
        the cause is fixed (the room goes live, say), a retry with the same key can succeed."""
        if not key:
            return run()
        row = self._stored(principal, key)
        if row is None:
            with self.store.tx(durable=durable):
                # Again under the writers' lock: another worker may have committed this key since.
                row = self._stored(principal, key)
                if row is None:
                    if terms is not None:
                        self._not_just_done_elsewhere(principal, terms)
                    status, body = run()
                    self.db.execute("INSERT INTO idempotency(scope, key, fingerprint, status, response, created_at) "
                                    "VALUES (?,?,?,?,?,?)", (principal.scope, key, fingerprint, status,
                                                              json.dumps(self._sealed(body, caller_token, key),
                                                                         ensure_ascii=False), time.time()))
                    return status, body
        if row["fingerprint"] != fingerprint:
            raise Invalid("This Idempotency-Key was already used for a different request.",
                          code="idempotency_key_reused")
        return row["status"], self._reopen(json.loads(row["response"]), caller_token, key)

    def _not_just_done_elsewhere(self, principal: Principal, terms: str) -> None:
        """Refuse a money request another caller made with the same `terms` (method, path and body,
        less what is new on every press) less than CREW_REPEAT_S ago; else remember this one.
        Under the writers' lock, so two workers cannot both let the same one through."""
        now = time.monotonic()
        # A seat is a token: one staff member's two computers are two seats as well.
        seat = f"t{principal.token_id}" if principal.token_id is not None else principal.scope
        self.db.execute("DELETE FROM crew_money WHERE at < ?", (now - 60.0,))
        if self.db.execute("SELECT 1 FROM crew_money WHERE terms = ? AND scope != ? AND at > ?",
                           (terms, seat, now - CREW_REPEAT_S)).fetchone() is not None:
            raise Conflict("Another seat did this same money action a moment ago; it was not done again.",
                           code="same_money_action_elsewhere")
        self.db.execute("INSERT INTO crew_money(terms, scope, at) VALUES (?,?,?)", (terms, seat, now))

    def _stored(self, principal: Principal, key: str):
        return self.db.execute("SELECT fingerprint, status, response FROM idempotency WHERE scope = ? AND key = ?",
                               (principal.scope, key)).fetchone()

    @staticmethod
    def _sealed(body: Any, caller_token: str, key: str) -> Any:
        if not (isinstance(body, dict) and isinstance(body.get("token"), str)):
            return body
        return {**body, "token": None, "token_sealed": seal(body["token"], caller_token, key)}

    def _reopen(self, body: Any, caller_token: str, key: str) -> Any:
        if not (isinstance(body, dict) and "token" in body and body["token"] is None):
            return body
        sealed = body.pop("token_sealed", None)
        token = unseal(sealed, caller_token, key) if sealed else None
        token_id = body.get("token_id")
        if token is None or not isinstance(token_id, int) or not self.tokens.matches(token_id, token):
            raise Conflict("This request made an access token, which can only be repeated to the token that "
                           "asked for it; list the staff to see what it created.", code="token_not_repeatable")
        if not self.tokens.still_valid([token_id]):
            raise Conflict("The access token this request made is no longer valid (revoked, expired or its "
                           "staff member removed).", code="token_no_longer_valid")
        return {**body, "token": token}

    def prune(self, older_than_s: float = KEY_WINDOW_S) -> int:
        """Forget keys older than the window (wall clock: a rehearsal at 10× must not age them)."""
        with self.store.tx():
            return self.db.execute("DELETE FROM idempotency WHERE created_at < ?",
                                   (time.time() - older_than_s,)).rowcount
