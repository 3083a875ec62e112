"""Red packets (红包): an amount (fen) split into shares that viewers claim, one each, within a
claim window. A money action: created and claimed in durable transactions, applied once per
Idempotency-Key.

The shares are fixed when the packet is sent, so a claim is one row update:
  equal   total // count each, the first total % count shares one 分 more (sums exactly).
  random  拼手气: count − 1 distinct cut points drawn uniformly from 1 … total − 1 and sorted; the
          shares are the gaps between 0, the cuts and total — each ≥ 1 分, summing exactly to the
          total, every such split equally likely."""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass, field

from anchor_console.domain.giveaways import SPLITS
from anchor_console.studio.errors import Invalid
from anchor_console.studio.services.accounts import Accounts
from anchor_console.studio.services.claims import ClaimRules
from anchor_console.studio.services.moderation import Moderation
from anchor_console.studio.services.rooms import RoomService
from anchor_console.studio.store import Principal, storable

FIELDS = ("id", "room_id", "total_fen", "count", "split", "message", "claimed_count", "claimed_fen", "state",
          "created_at", "ends_at")
CLAIMS = ClaimRules("red_packet_claims", "packet_id", open_state="open", used_up_state="finished",
                    used_up=("All of this red packet has been claimed.", "red_packet_empty"),
                    closed=("This red packet has expired.", "red_packet_expired"),
                    already="You have already claimed this red packet.")


def split_shares(total_fen: int, count: int, split: str, rng: random.Random) -> list[int]:
    """`count` shares of `total_fen`, each at least 1 分 (see the module's description)."""
    if count < 1 or total_fen < count:
        raise Invalid(f"A red packet of {count} shares needs at least {count} 分 (1 分 each).",
                      code="red_packet_too_small")
    if split == "equal":
        base, extra = divmod(total_fen, count)
        return [base + (1 if i < extra else 0) for i in range(count)]
    cuts = sorted(rng.sample(range(1, total_fen), count - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total_fen])]


@dataclass(eq=False)
class RedPackets(RoomService):
    accounts: Accounts
    moderation: Moderation
    rng: random.Random = field(default_factory=random.SystemRandom)

    def _row(self, room_id: int, packet_id: int) -> sqlite3.Row:
        return self._row_in_room("red_packets", packet_id, room_id, f"Red packet {packet_id} does not exist in this room.")

    @staticmethod
    def _dict(r: sqlite3.Row) -> dict:
        return {k: r[k] for k in FIELDS}

    def get(self, room_id: int, packet_id: int) -> dict:
        self.expire()
        return self._dict(self._row(room_id, packet_id))

    def list_in_room(self, room_id: int) -> list[dict]:
        return [self._dict(r) for r in self._rows_in_room("red_packets", room_id, self.expire)]

    def claims(self, room_id: int, packet_id: int) -> list[dict]:
        self._row(room_id, packet_id)
        return [{"user_id": f"v{r['viewer_id']}", "nickname": r["nickname"], "amount_fen": r["amount_fen"],
                 "created_at": r["created_at"]} for r in self.db.execute(
            "SELECT c.*, v.nickname FROM red_packet_claims c JOIN viewers v ON v.id = c.viewer_id "
            "WHERE c.packet_id = ? ORDER BY c.created_at, c.viewer_id", (packet_id,))]

    def send(self, room_id: int, total_fen: int, count: int, split: str, claim_window_s: int, message: str,
             by: Principal) -> dict:
        self.rooms.require_live(room_id)
        if split not in SPLITS:
            raise Invalid(f"Unknown split {split!r}; one of {', '.join(SPLITS)}.")
        shares = split_shares(total_fen, count, split, self.rng)
        now = self.store.clock.now()
        with self.store.tx(durable=True):
            packet_id = self.db.execute(
                "INSERT INTO red_packets(room_id, total_fen, count, split, message, shares, state, created_at, ends_at, "
                "created_by) VALUES (?,?,?,?,?,?, 'open', ?,?,?)",
                (room_id, total_fen, count, split, storable(message), json.dumps(shares), now, now + claim_window_s,
                 by.staff_id)).lastrowid
            packet = self._dict(self._row(room_id, packet_id))
            self.store.emit(room_id, "red_packet.sent", {"red_packet": packet})
        return packet

    def claim(self, room_id: int, packet_id: int, viewer_id: int) -> dict:
        CLAIMS.claimable(self.rooms, self.moderation, room_id, viewer_id, lambda: self.get(room_id, packet_id))
        with self.store.tx(durable=True):
            CLAIMS.refuse_second_claim(self.db, packet_id, viewer_id)
            r = self._row(room_id, packet_id)
            amount = json.loads(r["shares"])[r["claimed_count"]]
            if self.db.execute("UPDATE red_packets SET claimed_count = claimed_count + 1, claimed_fen = claimed_fen + ? "
                               "WHERE id = ? AND claimed_count = ? AND claimed_count < count",
                               (amount, packet_id, r["claimed_count"])).rowcount != 1:
                raise CLAIMS.used_up_error()
            self.db.execute("INSERT INTO red_packet_claims(packet_id, viewer_id, amount_fen, created_at) VALUES (?,?,?,?)",
                            (packet_id, viewer_id, amount, self.store.clock.now()))
            r = self._row(room_id, packet_id)
            if r["claimed_count"] >= r["count"]:
                self.db.execute("UPDATE red_packets SET state = 'finished' WHERE id = ?", (packet_id,))
                r = self._row(room_id, packet_id)
            nickname = self.accounts.viewer_row(viewer_id)["nickname"]
            packet = self._dict(r)
            self.store.emit(room_id, "red_packet.claimed", {
                "red_packet": packet, "viewer": {"id": f"v{viewer_id}", "nickname": nickname}, "amount_fen": amount})
        return {"amount_fen": amount, "red_packet": packet}

    def expire(self) -> None:
        """Open packets past their claim window expire (a ticker and every read); what was not
        claimed goes back to the shop."""
        due = self.db.execute("SELECT id, room_id FROM red_packets WHERE state = 'open' AND ends_at <= ?",
                              (self.store.clock.now(),)).fetchall()
        if due:
            with self.store.tx(durable=True):
                for r in due:
                    self.db.execute("UPDATE red_packets SET state = 'expired' WHERE id = ?", (r["id"],))
                    self.store.emit(r["room_id"], "red_packet.updated",
                                    {"red_packet": self._dict(self._row(r["room_id"], r["id"]))})
