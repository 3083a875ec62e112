"""Moderation of viewers in a room: mute for a while, ban, mute the whole room and set its chat
modes (slow mode, followers-only, shield: chat_modes.py); the viewer's card as moderators see it.
Mutes and bans are mirrored in memory, because the audience checks them for every simulated
comment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from anchor_console.studio.errors import Forbidden
from anchor_console.studio.services.accounts import Accounts
from anchor_console.studio.services.chat_modes import ChatModeGate, ChatModes
from anchor_console.studio.services.rooms import RoomService


@dataclass(eq=False)
class Moderation(RoomService):
    accounts: Accounts

    def __post_init__(self) -> None:
        super().__post_init__()
        self.chat_gate = ChatModeGate(self.store)
        self._muted: dict[int, dict[int, float]] = {}
        self._banned: dict[int, set[int]] = {}
        for row in self.db.execute("SELECT room_id, viewer_id, muted_until, banned FROM room_viewers "
                                   "WHERE banned = 1 OR muted_until IS NOT NULL"):
            if row["banned"]:
                self._banned.setdefault(row["room_id"], set()).add(row["viewer_id"])
            if row["muted_until"]:
                self._muted.setdefault(row["room_id"], {})[row["viewer_id"]] = row["muted_until"]
        # Several workers (PostgreSQL): a mute or ban made on another worker reaches this one's
        # cache through its event (event_feed.table_listeners).
        self.store.feed.table_listeners.append(self._on_table_event)

    def _on_table_event(self, room_id: int, event_type: str, data: dict) -> None:
        card = data.get("viewer") if event_type == "viewer.updated" else None
        if not card or not str(card.get("id", "")).startswith("v"):
            return
        viewer_id = int(card["id"][1:])
        if card.get("banned"):
            self._banned.setdefault(room_id, set()).add(viewer_id)
        else:
            self._banned.get(room_id, set()).discard(viewer_id)
        if card.get("muted_until"):
            self._muted.setdefault(room_id, {})[viewer_id] = card["muted_until"]
        else:
            self._muted.get(room_id, {}).pop(viewer_id, None)

    def refuse_banned(self, room_id: int, viewer_id: int) -> None:
        if viewer_id in self._banned.get(room_id, ()):
            raise Forbidden("You have been removed from this room.", code="banned")

    def muted_until(self, room_id: int, viewer_id: int) -> float | None:
        until = self._muted.get(room_id, {}).get(viewer_id)
        if until is not None and until <= self.store.clock.now():
            del self._muted[room_id][viewer_id]
            return None
        return until

    def viewer_may_comment(self, room_id: int, viewer_id: int, room_muted: bool,
                           chat: ChatModes | None = None) -> str | None:
        """None if the viewer may comment now, else the refusal code; `chat`: the room's chat modes
        (None: not checked)."""
        return self.comment_refusals(room_id, [viewer_id], room_muted, chat)[0]

    def comment_refusals(self, room_id: int, viewer_ids: list[int], room_muted: bool,
                         chat: ChatModes | None = None) -> list[str | None]:
        """`viewer_may_comment` for each would-be comment of a batch, in order (a batch costs at most
        two queries, and only while followers-only or shield is on)."""
        answers: list[str | None] = []
        for viewer_id in viewer_ids:
            if viewer_id in self._banned.get(room_id, ()):
                answers.append("banned")
            elif room_muted:
                answers.append("room_muted")
            elif self.muted_until(room_id, viewer_id) is not None:
                answers.append("muted")
            else:
                answers.append(None)
        if chat is not None and chat.any_on:
            open_ids = [v for v, a in zip(viewer_ids, answers) if a is None]
            by_mode = iter(self.chat_gate.refusals(room_id, open_ids, chat))
            answers = [next(by_mode) if a is None else a for a in answers]
        return answers

    def viewer_card(self, room_id: int, viewer_id: int) -> dict:
        self.rooms.row(room_id)
        v = self.accounts.viewer_row(viewer_id)
        rv = self.db.execute("SELECT comments FROM room_viewers WHERE room_id = ? AND viewer_id = ?",
                             (room_id, viewer_id)).fetchone()
        return {"id": f"v{viewer_id}", "nickname": v["nickname"], "muted_until": self.muted_until(room_id, viewer_id),
                "banned": viewer_id in self._banned.get(room_id, ()),
                "comments": self.db.execute("SELECT COUNT(*) FROM comments WHERE room_id = ? AND viewer_id = ?",
                                            (room_id, viewer_id)).fetchone()[0] if rv is None else rv["comments"]}

    def _upsert_viewer_state(self, room_id: int, viewer_id: int, **fields: Any) -> None:
        self.db.execute("INSERT INTO room_viewers(room_id, viewer_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                        (room_id, viewer_id))
        for k, v in fields.items():
            self.db.execute(f"UPDATE room_viewers SET {k} = ? WHERE room_id = ? AND viewer_id = ?", (v, room_id, viewer_id))

    def mute(self, room_id: int, viewer_id: int, duration_s: int) -> dict:
        self.rooms.require_not_ended(room_id)
        self.accounts.viewer_row(viewer_id)
        until = self.store.clock.now() + duration_s
        with self.store.tx():
            self._upsert_viewer_state(room_id, viewer_id, muted_until=until)
            self._muted.setdefault(room_id, {})[viewer_id] = until
            self.rooms.relay_chat(room_id, "mute", viewer_id=viewer_id, duration_s=duration_s)
            self.store.emit(room_id, "viewer.updated", {"viewer": self.viewer_card(room_id, viewer_id),
                                                        "change": "muted", "duration_s": duration_s})
        return self.viewer_card(room_id, viewer_id)

    def unmute(self, room_id: int, viewer_id: int) -> dict:
        self.accounts.viewer_row(viewer_id)
        with self.store.tx():
            self._upsert_viewer_state(room_id, viewer_id, muted_until=None)
            self._muted.get(room_id, {}).pop(viewer_id, None)
            self.rooms.relay_chat(room_id, "unmute", viewer_id=viewer_id)
            self.store.emit(room_id, "viewer.updated", {"viewer": self.viewer_card(room_id, viewer_id),
                                                        "change": "unmuted"})
        return self.viewer_card(room_id, viewer_id)

    def ban(self, room_id: int, viewer_id: int, banned: bool = True) -> dict:
        self.rooms.require_not_ended(room_id)
        self.accounts.viewer_row(viewer_id)
        with self.store.tx():
            self._upsert_viewer_state(room_id, viewer_id, banned=int(banned))
            if banned:
                self._banned.setdefault(room_id, set()).add(viewer_id)
            else:
                self._banned.get(room_id, set()).discard(viewer_id)
            self.rooms.relay_chat(room_id, "ban" if banned else "unban", viewer_id=viewer_id)
            self.store.emit(room_id, "viewer.updated", {"viewer": self.viewer_card(room_id, viewer_id),
                                                        "change": "banned" if banned else "unbanned"})
        return self.viewer_card(room_id, viewer_id)

    def set_mute_all(self, room_id: int, muted: bool) -> dict:
        self.rooms.require_not_ended(room_id)
        with self.store.tx():
            self.db.execute("UPDATE rooms SET mute_all = ? WHERE id = ?", (int(muted), room_id))
            self.rooms.relay_chat(room_id, "mute_all", muted=muted)
            self.store.emit(room_id, "room.updated", {"room": self.rooms.get(room_id)})
        return self.rooms.get(room_id)

    def set_chat_modes(self, room_id: int, **changes) -> dict:
        """Slow mode, followers-only, shield (any of them; the others stay): `room.updated` if one changed."""
        with self.store.tx():
            modes = ChatModes.of(self.rooms.require_not_ended(room_id))
            wanted = modes.changed(**changes)
            if wanted != modes:
                self.db.execute("UPDATE rooms SET slow_mode_s = ?, followers_only_min = ?, shield = ? WHERE id = ?",
                                (wanted.slow_mode_s, wanted.followers_only_min, int(wanted.shield), room_id))
                self.store.emit(room_id, "room.updated", {"room": self.rooms.get(room_id)})
        return self.rooms.get(room_id)
