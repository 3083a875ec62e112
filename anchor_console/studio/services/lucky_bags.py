"""Lucky bags (福袋/抽奖): a prize drawn among the viewers who entered, verifiably.

Staff start a bag with a prize, a number of winners, an entry rule, a countdown, exclusions and
the *commitment* (sha256 of a seed the console keeps). While the bag is open viewers enter — by
commenting the keyword (`keyword`), or, for the other rules, through `enter` once Studio has
checked they follow the shop (`follow`), ordered in this room (`ordered`) or are fan-club members
(`fan_club`). At the countdown's end entry closes: the exclusions are applied and the entrant list
is frozen. Then the console reveals the seed (`draw`): Studio checks it against the commitment,
computes the winners with `domain.draw` (so anyone can recompute them), stores them, and posts and
pins a staff comment announcing them. A second draw with the same seed answers the same result.

Studio is one shop: following it (and its fan club) is per viewer, not per room. Staff comment as
staff and never enter, so the staff exclusion holds by construction."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field, fields

from anchor_console.domain import draw
from anchor_console.domain.giveaways import ENTRY_RULES, Exclusions, says_keyword
from anchor_console.studio.errors import Conflict, Invalid
from anchor_console.studio.services.accounts import Accounts
from anchor_console.studio.services.comments import Comments
from anchor_console.studio.services.moderation import Moderation
from anchor_console.studio.services.rooms import RoomService
from anchor_console.studio.store import Principal, storable

EXCLUDED = Exclusions()   # who is left out unless the request says otherwise
ANNOUNCED_NAMES = 50          # winners named in the pinned comment; the rest are counted
ENTERED_EVERY_S = 0.5         # `lucky_bag.entered` at most this often per bag


@dataclass(eq=False)
class LuckyBags(RoomService):
    accounts: Accounts
    moderation: Moderation
    comments: Comments
    # room -> {bag id: keyword} for open keyword bags (every comment is checked against them)
    _keywords: dict[int, dict[int, str]] = field(default_factory=dict, init=False)
    _dirty: dict[int, int] = field(default_factory=dict, init=False)     # bag -> room, entries not yet announced
    _announced_at: dict[int, float] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        for r in self.db.execute("SELECT id, room_id, keyword FROM lucky_bags WHERE state = 'open' AND rule = 'keyword'"):
            self._keywords.setdefault(r["room_id"], {})[r["id"]] = r["keyword"]
        self.store.listeners.append(self._on_event)
        # Several workers (PostgreSQL): a keyword bag started or closed on another worker.
        self.store.feed.table_listeners.append(self._on_table_event)

    def _on_table_event(self, room_id: int, event_type: str, data: dict) -> None:
        bag = data.get("lucky_bag") if event_type.startswith("lucky_bag.") else None
        if not bag or bag.get("rule") != "keyword":
            return
        if bag.get("state") == "open":
            self._keywords.setdefault(room_id, {})[bag["id"]] = bag["keyword"]
        else:
            self._keywords.get(room_id, {}).pop(bag["id"], None)

    # ------------------------------------------------------------------ reading

    def _row(self, room_id: int, bag_id: int) -> sqlite3.Row:
        return self._row_in_room("lucky_bags", bag_id, room_id, f"Lucky bag {bag_id} does not exist in this room.")

    def _count(self, bag_id: int) -> int:
        return self.db.execute("SELECT COUNT(*) FROM lucky_bag_entries WHERE bag_id = ? AND excluded IS NULL",
                               (bag_id,)).fetchone()[0]

    def _dict(self, r: sqlite3.Row) -> dict:
        return {"id": r["id"], "room_id": r["room_id"], "prize": r["prize"], "prize_product_id": r["prize_product_id"],
                "winners_count": r["winners_count"], "rule": r["rule"], "keyword": r["keyword"],
                "countdown_s": r["countdown_s"], "exclusions": json.loads(r["exclusions"]),
                "commitment": r["commitment"], "state": r["state"], "created_at": r["created_at"],
                "ends_at": r["ends_at"], "closed_at": r["closed_at"], "entrant_count": self._count(r["id"]),
                "seed": r["seed"], "drawn_at": r["drawn_at"],
                "winners": json.loads(r["winners"]) if r["winners"] else [],
                "announcement_comment_id": r["announcement_comment_id"]}

    def get(self, room_id: int, bag_id: int) -> dict:
        self.advance()
        return self._dict(self._row(room_id, bag_id))

    def list_in_room(self, room_id: int) -> list[dict]:
        return [self._dict(r) for r in self._rows_in_room("lucky_bags", room_id, self.advance)]

    def entrants(self, room_id: int, bag_id: int) -> dict:
        """The frozen entrant list (after entry closed), in the order the draw uses."""
        bag = self.get(room_id, bag_id)
        if bag["state"] == "open":
            raise Conflict("Entry to this lucky bag is still open; the entrant list is frozen when it closes.",
                           code="lucky_bag_open")
        rows = self.db.execute("SELECT viewer_id, nickname FROM lucky_bag_entries WHERE bag_id = ? "
                               "AND excluded IS NULL", (bag_id,)).fetchall()
        items = sorted(({"user_id": f"v{r['viewer_id']}", "nickname": r["nickname"]} for r in rows),
                       key=lambda e: e["user_id"])
        excluded = self.db.execute("SELECT excluded, COUNT(*) AS n FROM lucky_bag_entries WHERE bag_id = ? "
                                   "AND excluded IS NOT NULL GROUP BY excluded", (bag_id,)).fetchall()
        return {"items": items, "excluded": {r["excluded"]: r["n"] for r in excluded}}

    # ------------------------------------------------------------------ starting and entering

    def start(self, room_id: int, *, prize: str, prize_product_id: int | None, winners_count: int, rule: str,
              keyword: str, countdown_s: int, exclusions: dict[str, bool], commitment: str, by: Principal) -> dict:
        self.rooms.require_live(room_id)
        if rule not in ENTRY_RULES:
            raise Invalid(f"Unknown entry rule {rule!r}; one of {', '.join(ENTRY_RULES)}.")
        keyword = keyword.strip()
        if rule == "keyword" and not keyword:
            raise Invalid("A keyword lucky bag needs the keyword viewers comment to enter.")
        if not draw.is_commitment(commitment):
            raise Invalid("The commitment must be the sha256 of the seed: 64 lowercase hexadecimal digits.")
        if prize_product_id is not None and self.db.execute("SELECT 1 FROM products WHERE id = ?",
                                                            (prize_product_id,)).fetchone() is None:
            raise Conflict(f"Product {prize_product_id} does not exist.", code="product_unknown")   # named in the body
        flags = {f.name: bool(exclusions.get(f.name, getattr(EXCLUDED, f.name))) for f in fields(Exclusions)}
        now = self.store.clock.now()
        with self.store.tx():
            bag_id = self.db.execute(
                "INSERT INTO lucky_bags(room_id, prize, prize_product_id, winners_count, rule, keyword, countdown_s, "
                "exclusions, commitment, state, created_at, ends_at, created_by) VALUES (?,?,?,?,?,?,?,?,?, 'open', ?,?,?)",
                (room_id, storable(prize), prize_product_id, winners_count, rule, storable(keyword if rule == "keyword"
                                                                                        else ""),
                 countdown_s, json.dumps(flags), commitment, now, now + countdown_s, by.staff_id)).lastrowid
            bag = self._dict(self._row(room_id, bag_id))
            self.store.emit(room_id, "lucky_bag.started", {"lucky_bag": bag})
        if rule == "keyword":
            self._keywords.setdefault(room_id, {})[bag_id] = bag["keyword"]
        return bag

    def enter(self, room_id: int, bag_id: int, viewer_id: int) -> dict:
        """A viewer asks to enter a bag whose rule Studio checks (follow, ordered, fan club)."""
        self.rooms.require_live(room_id)
        self.moderation.refuse_banned(room_id, viewer_id)
        bag = self.get(room_id, bag_id)
        if bag["state"] != "open":
            raise Conflict("Entry to this lucky bag has closed.", code="lucky_bag_closed")
        rule = bag["rule"]
        if rule == "keyword":
            raise Conflict(f"Comment “{bag['keyword']}” to enter this lucky bag.", code="comment_to_enter")
        if rule == "follow" and not self.follows(viewer_id):
            raise Conflict("Follow the shop first to enter this lucky bag.", code="follow_required")
        if rule == "ordered" and self.db.execute("SELECT 1 FROM orders WHERE room_id = ? AND viewer_id = ? LIMIT 1",
                                                 (room_id, viewer_id)).fetchone() is None:
            raise Conflict("Only viewers who ordered during this show can enter.", code="order_required")
        if rule == "fan_club" and self.db.execute("SELECT 1 FROM fan_club WHERE viewer_id = ?",
                                                  (viewer_id,)).fetchone() is None:
            raise Conflict("Only fan-club members can enter this lucky bag.", code="fan_club_required")
        self._add_entry(room_id, bag_id, viewer_id, self.accounts.viewer_row(viewer_id)["nickname"])
        return self.get(room_id, bag_id)

    def _add_entry(self, room_id: int, bag_id: int, viewer_id: int, nickname: str) -> None:
        with self.store.tx():
            added = self.db.execute("INSERT OR IGNORE INTO lucky_bag_entries(bag_id, viewer_id, nickname, entered_at) "
                                    "VALUES (?,?,?,?)", (bag_id, viewer_id, nickname, self.store.clock.now())).rowcount
        if added:
            self._dirty[bag_id] = room_id

    def _on_event(self, room_id: int, event_type: str, data: dict) -> None:
        """A viewer's comment with an open bag's keyword enters them (once)."""
        if event_type != "comment.created":
            return
        keywords = self._keywords.get(room_id)
        comment = data["comment"]
        if not keywords or comment["is_staff"]:
            return
        user = comment["user"]["id"]
        if not user.startswith("v"):
            return
        now = self.store.clock.now()
        for bag_id, keyword in list(keywords.items()):
            if says_keyword(comment["text"], keyword):
                ends = self.db.execute("SELECT ends_at FROM lucky_bags WHERE id = ?", (bag_id,)).fetchone()
                if ends is not None and now < ends[0]:
                    self._add_entry(room_id, bag_id, int(user[1:]), comment["user"]["nickname"])

    def follow(self, room_id: int, viewer_id: int) -> dict:
        self.follow_many(room_id, [viewer_id])
        return {"viewer_id": viewer_id, "follows": True, "fan_club": self.in_fan_club(viewer_id)}

    def follow_many(self, room_id: int, viewer_ids: list[int]) -> int:
        """These viewers follow the shop from this room, in one transaction (the audience's followers
        under followers-only chat or shield mode); returns how many were new followers."""
        self.rooms.row(room_id)
        added = 0
        with self.store.tx():
            for viewer_id in viewer_ids:
                added += self.db.execute("INSERT OR IGNORE INTO follows(viewer_id, room_id, created_at) "
                                         "VALUES (?,?,?)", (viewer_id, room_id, self.store.clock.now())).rowcount
            if added:
                self.db.execute("UPDATE room_stats SET followers = followers + ? WHERE room_id = ?", (added, room_id))
        return added

    def follows(self, viewer_id: int) -> bool:
        return self.db.execute("SELECT 1 FROM follows WHERE viewer_id = ?", (viewer_id,)).fetchone() is not None

    def in_fan_club(self, viewer_id: int) -> bool:
        return self.db.execute("SELECT 1 FROM fan_club WHERE viewer_id = ?", (viewer_id,)).fetchone() is not None

    def join_fan_club(self, room_id: int, viewer_id: int) -> dict:
        """Joining the fan club (粉丝团) follows the shop too."""
        self.follow(room_id, viewer_id)
        with self.store.tx():
            self.db.execute("INSERT OR IGNORE INTO fan_club(viewer_id, joined_at) VALUES (?,?)",
                            (viewer_id, self.store.clock.now()))
        return {"viewer_id": viewer_id, "follows": True, "fan_club": True}

    # ------------------------------------------------------------------ closing and drawing

    def advance(self) -> None:
        """Bags past their countdown close; new entries are announced (a ticker and every read)."""
        now = self.store.clock.now()
        for r in self.db.execute("SELECT id, room_id FROM lucky_bags WHERE state = 'open' AND ends_at <= ?",
                                 (now,)).fetchall():
            self._close(r["room_id"], r["id"])
        for bag_id, room_id in list(self._dirty.items()):
            if now - self._announced_at.get(bag_id, 0.0) >= ENTERED_EVERY_S:
                del self._dirty[bag_id]
                self._announced_at[bag_id] = now
                with self.store.tx():
                    self.store.emit(room_id, "lucky_bag.entered",
                                    {"lucky_bag_id": bag_id, "entrant_count": self._count(bag_id)})

    def close(self, room_id: int, bag_id: int) -> dict:
        """End entry now (the console's countdown ended first); closing a closed bag changes nothing."""
        if self._row(room_id, bag_id)["state"] == "open":
            self._close(room_id, bag_id)
        return self.get(room_id, bag_id)

    def _close(self, room_id: int, bag_id: int) -> None:
        r = self._row(room_id, bag_id)
        flags = json.loads(r["exclusions"])
        now = self.store.clock.now()
        self._keywords.get(room_id, {}).pop(bag_id, None)
        with self.store.tx():
            entries = self.db.execute("SELECT viewer_id FROM lucky_bag_entries WHERE bag_id = ?", (bag_id,)).fetchall()
            won_today = self._won_since(self._start_of_day(now)) if flags.get("won_today") else set()
            for e in entries:
                why = self._excluded(room_id, e["viewer_id"], flags, won_today)
                if why:
                    self.db.execute("UPDATE lucky_bag_entries SET excluded = ? WHERE bag_id = ? AND viewer_id = ?",
                                    (why, bag_id, e["viewer_id"]))
            self.db.execute("UPDATE lucky_bags SET state = 'closed', closed_at = ? WHERE id = ?", (now, bag_id))
            self.store.emit(room_id, "lucky_bag.closed", {"lucky_bag": self._dict(self._row(room_id, bag_id))})
        self._dirty.pop(bag_id, None)

    def _excluded(self, room_id: int, viewer_id: int, flags: dict, won_today: set[int]) -> str | None:
        if flags.get("banned") and self.moderation.viewer_may_comment(room_id, viewer_id, False) == "banned":
            return "banned"
        if flags.get("muted") and self.moderation.muted_until(room_id, viewer_id) is not None:
            return "muted"
        if viewer_id in won_today:
            return "won_today"
        return None

    @staticmethod
    def _start_of_day(now: float) -> float:
        day = dt.datetime.fromtimestamp(now)
        return day.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()

    def _won_since(self, since: float) -> set[int]:
        return {r[0] for r in self.db.execute("SELECT viewer_id FROM lucky_bag_winners WHERE drawn_at >= ?", (since,))}

    def draw(self, room_id: int, bag_id: int, seed: str, by: Principal) -> dict:
        """Reveal the seed: checked against the commitment, the winners computed and announced.
        Drawing a drawn bag again with its seed answers the same result; entry still open closes first."""
        r = self._row(room_id, bag_id)
        try:
            matches = draw.commitment(seed) == r["commitment"]
        except draw.BadSeed:
            raise Invalid("The seed must be 64 hexadecimal digits (32 bytes).", code="bad_seed") from None
        if not matches:
            raise Conflict("This seed does not match the commitment published when the lucky bag started; "
                           "the draw needs the very seed the commitment was made from.", code="seed_mismatch")
        if r["state"] == "drawn":
            return self._dict(r)
        if r["state"] == "open":
            self._close(room_id, bag_id)
        entrants = self.entrants(room_id, bag_id)["items"]
        names = {e["user_id"]: e["nickname"] for e in entrants}
        winners = [{"user_id": w, "nickname": names[w]} for w in draw.draw_winners(seed, names, r["winners_count"])]
        now = self.store.clock.now()
        with self.store.tx():
            # Two seats of a crew may draw one bag at once (its starter's and the one that took it
            # over), on two workers: the first to get here draws and announces, the other answers the same.
            if self.db.execute("UPDATE lucky_bags SET state = 'drawn', seed = ?, drawn_at = ?, winners = ? "
                               "WHERE id = ? AND state != 'drawn'",
                               (seed, now, json.dumps(winners, ensure_ascii=False), bag_id)).rowcount == 0:
                return self._dict(self._row(room_id, bag_id))
            self.db.executemany("INSERT OR IGNORE INTO lucky_bag_winners(bag_id, viewer_id, drawn_at) VALUES (?,?,?)",
                                [(bag_id, int(w["user_id"][1:]), now) for w in winners])
            if self.rooms.row(room_id)["status"] == "live":
                comment = self.comments.post(room_id, by, self._announcement(r, winners, seed))
                self.comments.pin(room_id, comment["id"])
                self.db.execute("UPDATE lucky_bags SET announcement_comment_id = ? WHERE id = ?",
                                (comment["id"], bag_id))
            bag = self._dict(self._row(room_id, bag_id))
            self.store.emit(room_id, "lucky_bag.drawn", {"lucky_bag": bag})
        return bag

    @staticmethod
    def _announcement(r: sqlite3.Row, winners: list[dict], seed: str) -> str:
        if not winners:
            return f"福袋「{r['prize']}」开奖：本次无人中奖（无人参与）。"
        names = "、".join(w["nickname"] for w in winners[:ANNOUNCED_NAMES])
        more = f"等{len(winners)}人" if len(winners) > ANNOUNCED_NAMES else f"共{len(winners)}人"
        return (f"🎉 福袋「{r['prize']}」开奖！中奖：{names}（{more}）。"
                f"可验证：种子 {seed}，开奖前公布的承诺 {r['commitment'][:16]}…，福袋编号 {r['id']}。")
