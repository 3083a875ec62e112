"""A room's chat through Tencent Cloud IM, on Studio's side: what arrives (after-send callbacks →
Studio comments, deduplicated), what is checked before IM sends (the pre-send word lists), and what
goes out (the moderation desk's actions → rows of the outbox, written in the same transaction as
the change; sender.py delivers them).

Who is who: an IM account (From_Account) becomes a Studio viewer the first time it speaks
(`tencent_im_accounts`), so mutes and bans on that viewer go back to the same account. Which
message is which: `tencent_im_messages` keeps (GroupId, MsgSeq) → comment, which is how a
retried callback is dropped (IM retries a callback Studio did not answer in time) and how a
hidden or deleted comment is recalled (group_msg_recall takes MsgSeq)."""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from anchor_console.studio.services.chat_modes import ChatModes
from anchor_console.studio.tencent_im.config import ImConfig
from anchor_console.studio.tencent_im.presend import PreSendFilter, Verdict

if TYPE_CHECKING:
    from anchor_console.studio.services import Studio

NOTICE_MAX_BYTES = 300   # "群公告,最长300字节" (the Web SDK's page; the C++ SDK's says 400: the smaller)

log = logging.getLogger("anchor_console.studio.tencent_im")

# tencent_im_messages' key is (MsgSeq, GroupId), MsgSeq first: a room is one group, so GroupId tells
# its messages nothing apart, and a key led by it let PostgreSQL's planner (before its first ANALYZE
# of a table that grew quickly) read every message of the group to find a batch's 50: 38 ms at
# 20,000 messages, growing with the show (migrations.py, version 6). `unlinked`: the staff posts
# waiting for their MsgSeq (_link_staff_post), found without a scan.
SCHEMA = """
CREATE TABLE IF NOT EXISTS tencent_im_accounts(
  account TEXT PRIMARY KEY, viewer_id INTEGER NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS tencent_im_messages(
  id INTEGER PRIMARY KEY, group_id TEXT NOT NULL, msg_seq INTEGER, random INTEGER,
  room_id INTEGER NOT NULL, comment_id INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS tencent_im_messages_seq ON tencent_im_messages(msg_seq, group_id);
CREATE INDEX IF NOT EXISTS tencent_im_messages_comment ON tencent_im_messages(comment_id);
CREATE INDEX IF NOT EXISTS tencent_im_messages_unlinked ON tencent_im_messages(group_id, random)
  WHERE msg_seq IS NULL;
CREATE TABLE IF NOT EXISTS tencent_im_outbox(
  id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL, action TEXT NOT NULL, command TEXT NOT NULL,
  body TEXT NOT NULL, comment_id INTEGER, status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0, claimed_by TEXT, claimed_at REAL,
  error_code INTEGER, error_info TEXT, answer TEXT, created_at REAL NOT NULL, done_at REAL,
  first_claimed_at REAL);
CREATE INDEX IF NOT EXISTS tencent_im_outbox_status ON tencent_im_outbox(status, id);
"""

# IM's "Duration" is an unsigned 32-bit number of seconds; Studio's ban has no end.
BAN_FOREVER_S = 4294967295
MUTE_MEMBERS = "group_open_http_svc/forbid_send_msg"
BAN_MEMBERS = "group_open_http_svc/ban_group_member"
UNBAN_MEMBERS = "group_open_http_svc/unban_group_member"
RECALL = "group_open_http_svc/group_msg_recall"
MODIFY_GROUP = "group_open_http_svc/modify_group_base_info"
SEND_MSG = "group_open_http_svc/send_group_msg"


@dataclass(frozen=True)
class TextMessage:
    group_id: str
    account: str
    msg_seq: int
    random: int
    text: str


def text_of(body: dict) -> str:
    """The text of a callback's MsgBody: its TIMTextElem parts, joined (other elements carry none)."""
    parts = []
    for elem in body.get("MsgBody") or []:
        if isinstance(elem, dict) and elem.get("MsgType") == "TIMTextElem":
            parts.append(str((elem.get("MsgContent") or {}).get("Text", "")))
    return "".join(parts)


class ImBridge:
    """One Studio's link to one IM app. `install` hooks it into Studio's services; `wake` (set by
    the sender) is called when a row is written to the outbox."""

    def __init__(self, studio: Studio, config: ImConfig) -> None:
        self.studio, self.config = studio, config
        self.db = studio.store.db
        self.db.executescript(SCHEMA)
        self.presend = PreSendFilter(studio.crew.word_lists, config.blocked_words)
        self.wake: Callable[[], None] = lambda: None
        self._viewers: dict[str, int] = {}

    def install(self) -> None:
        self.studio.rooms.relay_chat_with(self.relay)

    # ------------------------------------------------------------------ inbound

    def viewer_for(self, account: str) -> int:
        viewer = self._viewers.get(account)
        if viewer is None:
            row = self.db.execute("SELECT viewer_id FROM tencent_im_accounts WHERE account = ?", (account,)).fetchone()
            if row is None:
                viewer = self.studio.accounts.create_viewers([account])[0]
                self.db.execute("INSERT INTO tencent_im_accounts(account, viewer_id) VALUES (?, ?)", (account, viewer))
            else:
                viewer = row[0]
            self._viewers[account] = viewer
        return viewer

    def account_of(self, viewer_id: int) -> str | None:
        row = self.db.execute("SELECT account FROM tencent_im_accounts WHERE viewer_id = ?", (viewer_id,)).fetchone()
        return row[0] if row else None

    def take_after_send(self, bodies: list[dict]) -> int:
        """Group.CallbackAfterSendMsg bodies → comments on their rooms, in one transaction; a
        message already taken (same GroupId and MsgSeq: IM retried) is dropped. Returns how many
        comments were made."""
        messages: dict[tuple[str, int], TextMessage] = {}
        for body in bodies:
            message = self._message(body)
            if message is not None:
                messages.setdefault((message.group_id, message.msg_seq), message)
        try:
            return self._take(messages)
        except Exception:
            self._viewers.clear()   # it may hold viewers made in the transaction that rolled back
            raise

    def _take(self, messages: dict[tuple[str, int], TextMessage]) -> int:
        made = 0
        with self.studio.store.tx():
            for key in self.already_taken(list(messages)):
                del messages[key]
            by_room: dict[int, list[TextMessage]] = {}
            for message in messages.values():
                if message.account == self.config.admin and self._link_staff_post(message):
                    continue
                by_room.setdefault(self.config.room_of(message.group_id), []).append(message)
            for room, in_room in by_room.items():
                items = [(self.viewer_for(m.account), m.account, m.text) for m in in_room]
                comments = self.studio.comments.add_batch(room, items)
                self.db.executemany("INSERT INTO tencent_im_messages(group_id, msg_seq, random, room_id, comment_id) "
                                    "VALUES (?,?,?,?,?)", [(m.group_id, m.msg_seq, m.random, room, c["id"])
                                                           for m, c in zip(in_room, comments)])
                made += len(comments)
        return made

    def already_taken(self, keys: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """Which of these (GroupId, MsgSeq) are comments already: one query per group."""
        taken = []
        for group in {g for g, _ in keys}:
            seqs = [seq for g, seq in keys if g == group]
            for at in range(0, len(seqs), 500):   # well under any engine's limit of parameters
                part = seqs[at:at + 500]
                rows = self.db.execute(f"SELECT msg_seq FROM tencent_im_messages WHERE group_id = ? AND msg_seq IN "
                                       f"({','.join('?' * len(part))})", (group, *part)).fetchall()
                taken += [(group, r[0]) for r in rows]
        return taken

    def _message(self, body: dict) -> TextMessage | None:
        try:
            message = TextMessage(str(body["GroupId"]), str(body["From_Account"]), int(body["MsgSeq"]),
                                  int(body.get("Random") or 0), text_of(body))
        except (KeyError, TypeError, ValueError):
            return None
        if self.config.room_of(message.group_id) is None or not message.text:
            return None   # a group Studio does not run, or no text (a custom message: our own pins)
        return message

    def _link_staff_post(self, message: TextMessage) -> bool:
        """A staff post Studio sent itself comes back as an after-send callback: it is already a
        comment, so it only gets its MsgSeq (found by the Random Studio sent it with)."""
        cur = self.db.execute("UPDATE tencent_im_messages SET msg_seq = ? WHERE group_id = ? AND random = ? "
                              "AND msg_seq IS NULL", (message.msg_seq, message.group_id, message.random))
        return cur.rowcount > 0

    def check_before_send(self, body: dict) -> Verdict:
        """Group.CallbackBeforeSendMsg: refused if the team's lists refuse its text, if Studio
        already knows the sender banned or muted (the outbox may not have told IM yet), or if the
        room's chat modes refuse them (slow mode, followers-only, shield: IM has no such rules)."""
        group, account = str(body.get("GroupId", "")), str(body.get("From_Account", ""))
        room = self.config.room_of(group)
        if room is None or account == self.config.admin:
            return Verdict(True)
        verdict = self.presend.check(text_of(body))
        if not verdict.allowed:
            return verdict
        viewer = self._viewers.get(account)
        if viewer is not None:   # IM runs the room-wide mute itself; the chat modes are Studio's
            modes = ChatModes.of(self.studio.rooms.row(room))
            refusal = self.studio.moderation.viewer_may_comment(room, viewer, False, modes)
            if refusal is not None:
                return Verdict(False, refusal)
        return verdict

    # ------------------------------------------------------------------ outbound

    def relay(self, room_id: int, action: str, args: dict[str, Any]) -> None:
        """A moderation change on `room_id` (in its transaction): the same change for IM, as an
        outbox row that commits or rolls back with it."""
        group = self.config.group_of(room_id)
        if group is None:
            return
        made = self._command(group, action, args)
        if made is None:
            return
        command, body = made
        comment_id = args.get("comment_id")
        self.db.execute("INSERT INTO tencent_im_outbox(room_id, action, command, body, comment_id, created_at) "
                        "VALUES (?,?,?,?,?,?)", (room_id, action, command, json.dumps(body, ensure_ascii=False),
                                                 comment_id, self.studio.store.clock.now()))
        if action == "staff_post":
            self.db.execute("INSERT INTO tencent_im_messages(group_id, msg_seq, random, room_id, comment_id) "
                            "VALUES (?, NULL, ?, ?, ?)", (group, body["Random"], room_id, comment_id))
        self.wake()

    def _command(self, group: str, action: str, args: dict[str, Any]) -> tuple[str, dict] | None:
        if action in ("mute", "unmute", "ban", "unban"):
            account = self.account_of(args["viewer_id"])
            if account is None:
                return None   # a viewer who never spoke through IM has nothing there to mute
            members = {"GroupId": group, "Members_Account": [account]}
            return {"mute": (MUTE_MEMBERS, {**members, "MuteTime": int(args.get("duration_s", 0))}),
                    "unmute": (MUTE_MEMBERS, {**members, "MuteTime": 0}),
                    "ban": (BAN_MEMBERS, {**members, "Duration": BAN_FOREVER_S}),
                    "unban": (UNBAN_MEMBERS, members)}[action]
        if action == "mute_all":
            # MuteAllMember: the field's name on today's page (修改群基础资料, 2024); older pages say ShutUpAllMember.
            return MODIFY_GROUP, {"GroupId": group, "MuteAllMember": "On" if args["muted"] else "Off"}
        if action == "recall":
            if self.db.execute("SELECT 1 FROM tencent_im_messages WHERE comment_id = ?",
                               (args["comment_id"],)).fetchone() is None:
                return None   # a comment that never went through IM (Studio's own audience, say)
            # MsgSeq is looked up when the row is sent: a staff post learns its own from IM's answer.
            return RECALL, {"GroupId": group}
        random = secrets.randbelow(2**32)   # kept in the row: a resend is the same message to IM
        if action == "staff_post":
            return SEND_MSG, {"GroupId": group, "Random": random, "From_Account": self.config.admin,
                              "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": args["text"]}}]}
        if action in ("pin", "unpin"):
            # IM's REST API has no pinned message: the group notice (公告, `Notification`), which
            # viewers' IM clients show above the chat, carries the pinned comment; unpin clears it.
            text = args.get("text", "") if action == "pin" else ""
            while len(text.encode()) > NOTICE_MAX_BYTES:    # a long comment, cut to what a notice holds
                text = text[:-1]
            return MODIFY_GROUP, {"GroupId": group, "Notification": text}
        return None

    def msg_seq_of(self, comment_id: int) -> int | None:
        row = self.db.execute("SELECT msg_seq FROM tencent_im_messages WHERE comment_id = ?", (comment_id,)).fetchone()
        return None if row is None else row[0]

    def outbox(self, room_id: int | None = None) -> list[dict]:
        rows = self.db.execute("SELECT * FROM tencent_im_outbox" + (" WHERE room_id = ?" if room_id else "")
                               + " ORDER BY id", (room_id,) if room_id else ()).fetchall()
        return [{"id": r["id"], "room_id": r["room_id"], "action": r["action"], "command": r["command"],
                 "status": r["status"], "attempts": r["attempts"], "error_code": r["error_code"],
                 "error": r["error_info"], "created_at": r["created_at"], "done_at": r["done_at"]} for r in rows]
