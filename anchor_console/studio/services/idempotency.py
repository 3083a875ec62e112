"""Idempotency-Key: a change requested twice with the same key applies once."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from anchor_console.studio.errors import Invalid
from anchor_console.studio.store import Principal, StudioStore


@dataclass(eq=False)
class Idempotency:
    store: StudioStore

    def __post_init__(self) -> None:
        self.db = self.store.db

    def once(self, principal: Principal, key: str | None, fingerprint: str,
             run: Callable[[], tuple[int, Any]]) -> tuple[int, Any]:
        """Run `run` once per (account, key). A repeat returns the first result and has no second
        effect; the same key with a different request is refused. The change and its stored result
        commit in one transaction, so a server killed mid-request did both or neither and a retry
        with the same key is always safe. Refusals (4xx) change nothing and are not stored: once
        the cause is fixed (the room goes live, say), a retry with the same key can succeed."""
        if not key:
            return run()
        row = self.db.execute("SELECT fingerprint, status, response FROM idempotency WHERE scope = ? AND key = ?",
                              (principal.scope, key)).fetchone()
        if row is not None:
            if row["fingerprint"] != fingerprint:
                raise Invalid("This Idempotency-Key was already used for a different request.",
                              code="idempotency_key_reused")
            return row["status"], json.loads(row["response"])
        with self.store.tx():
            status, body = run()
            self.db.execute("INSERT INTO idempotency(scope, key, fingerprint, status, response, created_at) "
                            "VALUES (?,?,?,?,?,?)", (principal.scope, key, fingerprint, status,
                                                      json.dumps(body, ensure_ascii=False), self.store.clock.now()))
        return status, body
