"""Coupons: templates (cash, threshold 满减, percent off), batches issued into a room with a
quantity and a validity, viewers' claims (one per viewer and batch), and what a claimed coupon
takes off an order."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from anchor_console.domain.models import MAX_PERCENT_OFF
from anchor_console.studio.errors import Conflict, Invalid, NotFound, named_in_body
from anchor_console.studio.services.claims import ClaimRules
from anchor_console.studio.services.moderation import Moderation
from anchor_console.studio.services.rooms import RoomService
from anchor_console.studio.store import Principal

COUPON_KINDS = ("cash", "threshold", "percent")
CLAIMS = ClaimRules("coupon_claims", "issue_id", open_state="active", used_up_state="exhausted",
                    used_up=("All coupons of this batch have been claimed.", "coupon_exhausted"),
                    closed=("This coupon is no longer available.", "coupon_unavailable"),
                    already="You have already claimed this coupon.")


@dataclass(eq=False)
class Coupons(RoomService):
    moderation: Moderation

    # ------------------------------------------------------------------ templates

    def _template_dict(self, r: sqlite3.Row) -> dict:
        return {"id": r["id"], "name": r["name"], "kind": r["kind"], "amount_fen": r["amount_fen"],
                "threshold_fen": r["threshold_fen"], "percent_off": r["percent_off"]}

    def list_templates(self) -> list[dict]:
        return [self._template_dict(r) for r in self.db.execute("SELECT * FROM coupon_templates ORDER BY id")]

    def template(self, template_id: int) -> dict:
        r = self.db.execute("SELECT * FROM coupon_templates WHERE id = ?", (template_id,)).fetchone()
        if r is None:
            raise NotFound(f"Coupon template {template_id} does not exist.", code="coupon_template_unknown")
        return self._template_dict(r)

    def create_template(self, name: str, kind: str, amount_fen: int = 0, threshold_fen: int = 0,
                        percent_off: int = 0, template_id: int | None = None) -> dict:
        if kind not in COUPON_KINDS:
            raise Invalid(f"Unknown coupon kind {kind!r}.")
        if kind in ("cash", "threshold") and amount_fen <= 0:
            raise Invalid("A cash or threshold coupon needs an amount.")
        if kind == "threshold" and threshold_fen <= amount_fen:
            raise Invalid("The threshold must be above the amount off.")
        if kind == "percent" and not 1 <= percent_off <= MAX_PERCENT_OFF:
            raise Invalid(f"Percent off must be between 1 and {MAX_PERCENT_OFF}.")
        with self.store.tx(durable=True):
            tid = self.db.execute(
                "INSERT INTO coupon_templates(id, name, kind, amount_fen, threshold_fen, percent_off, created_at) "
                "VALUES (?,?,?,?,?,?,?)",
                (template_id, name, kind, amount_fen, threshold_fen, percent_off, self.store.clock.now())).lastrowid
        return self.template(tid)

    # ------------------------------------------------------------------ batches in a room

    def _batch_dict(self, r: sqlite3.Row) -> dict:
        t = self.template(r["template_id"])
        return {"id": r["id"], "room_id": r["room_id"], "template_id": r["template_id"], "name": t["name"],
                "template": t, "quantity": r["quantity"], "claimed": r["claimed"], "valid_until": r["valid_until"],
                "state": r["state"], "created_at": r["created_at"]}

    def _batch_row(self, issue_id: int, room_id: int | None = None) -> sqlite3.Row:
        return self._row_in_room("coupon_issues", issue_id, room_id,
                                 f"Coupon batch {issue_id} does not exist in this room.")

    def batch(self, issue_id: int, room_id: int | None = None) -> dict:
        self.expire()
        return self._batch_dict(self._batch_row(issue_id, room_id))

    def list_batches(self, room_id: int) -> list[dict]:
        return [self._batch_dict(r) for r in self._rows_in_room("coupon_issues", room_id, self.expire)]

    def issue(self, room_id: int, template_id: int, quantity: int, valid_minutes: int, by: Principal) -> dict:
        self.rooms.require_live(room_id)
        with named_in_body():
            self.template(template_id)
        with self.store.tx(durable=True):
            now = self.store.clock.now()
            issue_id = self.db.execute(
                "INSERT INTO coupon_issues(room_id, template_id, quantity, valid_until, state, created_at, created_by) "
                "VALUES (?,?,?,?, 'active', ?, ?)",
                (room_id, template_id, quantity, now + valid_minutes * 60, now, by.staff_id)).lastrowid
            issue = self.batch(issue_id)
            self.store.emit(room_id, "coupon.issued", {"coupon": issue})
        return issue

    def stop(self, room_id: int, issue_id: int) -> dict:
        issue = self.batch(issue_id, room_id)
        if issue["state"] != "active":
            return issue
        with self.store.tx(durable=True):
            self._set_state(issue_id, "ended")
        return self.batch(issue_id)

    def _set_state(self, issue_id: int, state: str) -> None:
        self.db.execute("UPDATE coupon_issues SET state = ? WHERE id = ?", (state, issue_id))
        r = self._batch_row(issue_id)
        self.store.emit(r["room_id"], "coupon.updated", {"coupon": self._batch_dict(r)})

    def expire(self) -> None:
        """Active batches past their validity end (called on every read and by a ticker)."""
        now = self.store.clock.now()
        expired = self.db.execute("SELECT id FROM coupon_issues WHERE state = 'active' AND valid_until <= ?",
                                  (now,)).fetchall()
        if expired:
            with self.store.tx():
                for r in expired:
                    self._set_state(r["id"], "ended")

    def end_active(self, room_id: int) -> None:
        """Within the room's ending: its active batches end."""
        for ci in self.db.execute("SELECT id FROM coupon_issues WHERE room_id = ? AND state = 'active'",
                                  (room_id,)).fetchall():
            self._set_state(ci["id"], "ended")

    # ------------------------------------------------------------------ claims

    def claim(self, room_id: int, issue_id: int, viewer_id: int) -> dict:
        CLAIMS.claimable(self.rooms, self.moderation, room_id, viewer_id, lambda: self.batch(issue_id, room_id))
        with self.store.tx(durable=True):
            CLAIMS.refuse_second_claim(self.db, issue_id, viewer_id)
            cur = self.db.execute("UPDATE coupon_issues SET claimed = claimed + 1 WHERE id = ? AND claimed < quantity",
                                  (issue_id,))
            if cur.rowcount != 1:
                raise CLAIMS.used_up_error()
            claim_id = self.db.execute("INSERT INTO coupon_claims(issue_id, viewer_id, created_at) VALUES (?,?,?)",
                                       (issue_id, viewer_id, self.store.clock.now())).lastrowid
            r = self._batch_row(issue_id)
            if r["claimed"] >= r["quantity"]:
                self.db.execute("UPDATE coupon_issues SET state = 'exhausted' WHERE id = ?", (issue_id,))
                r = self._batch_row(issue_id)
            self.store.emit(room_id, "coupon.updated", {"coupon": self._batch_dict(r)})
        return {"claim_id": claim_id, "coupon": self.batch(issue_id)}

    def discount(self, room_id: int, viewer_id: int, claim_id: int, gross_fen: int) -> int:
        """Within an order's transaction: what the viewer's claimed coupon takes off `gross_fen`,
        refusing a coupon that is not theirs, already used, expired or below its threshold."""
        claim = self.db.execute(
            "SELECT c.*, i.room_id, i.valid_until, i.template_id, i.state FROM coupon_claims c "
            "JOIN coupon_issues i ON i.id = c.issue_id WHERE c.id = ? AND c.viewer_id = ?",
            (claim_id, viewer_id)).fetchone()
        if claim is None or claim["room_id"] != room_id:
            raise Conflict("You have no such coupon.", code="not_found")   # named in the order's body
        if claim["order_id"] is not None:
            raise Conflict("This coupon has already been used.", code="coupon_used")
        if claim["valid_until"] <= self.store.clock.now():
            raise Conflict("This coupon has expired.", code="coupon_expired")
        t = self.template(claim["template_id"])
        if t["kind"] == "cash":
            return min(gross_fen, t["amount_fen"])
        if t["kind"] == "threshold":
            if gross_fen < t["threshold_fen"]:
                raise Conflict("The order does not reach the coupon's threshold.", code="coupon_threshold")
            return t["amount_fen"]
        return gross_fen * t["percent_off"] // 100

    def mark_used(self, claim_id: int, order_id: int) -> None:
        self.db.execute("UPDATE coupon_claims SET order_id = ? WHERE id = ?", (order_id, claim_id))
