"""The comment desk: where the live room's comments meet moderation, in the ui.

Comments from the room's event stream are collected and processed in batches (every 100 ms):
classified by the pipeline, written to the session store, grouped on the question board, held
for review or acted on — deletions, mutes and bans go through the live room, so they are
journalled like every other action. The feed panels read from here."""

from __future__ import annotations

import collections
import dataclasses
import json
import logging
import re
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import SystemClock
from anchor_console.domain.models import Comment
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.moderation.comment_store import CommentStore
from anchor_console.moderation.enforcement import ActionQueue, Enforcer
from anchor_console.moderation.modlog import LOGGED, ModLog
from anchor_console.moderation.pipeline import ModerationPipeline, Verdict
from anchor_console.moderation.questions import QuestionBoard
from anchor_console.moderation.review import ReviewQueue
from anchor_console.moderation.wordlists import Action, WordGroup, WordLists
from anchor_console.settings import config_dir, data_dir
from anchor_console.ui.feed_view import FeedItem, make_item

log = logging.getLogger("anchor_console.ui.comments")
RECENT = 10_000          # comments kept in memory for instant filter switches (all are in the store)
SLICE_S = 0.004          # the longest the desk works in one turn of the event loop
SLICE_COMMENTS = 32      # comments classified together (the clock is read between slices)


class RoomTarget:
    """Moderation's view of the live room: capabilities per connection, actions journalled."""

    def __init__(self, desk: "CommentDesk") -> None:
        self.desk = desk

    @property
    def room(self):
        return self.desk.console.room

    def supports(self, capability: Capability, connection_id: str) -> bool:
        return self.room is not None and self.room.supports(capability, connection_id)

    def platform_name(self, connection_id: str) -> str:
        return self.room.platform_name(connection_id) if self.room is not None else connection_id

    async def _perform(self, kind: str, params: dict, comment: Comment) -> None:
        outcome = await self.room.perform(kind, params, connection_id=comment.connection_id,
                                          origin="moderation", actor=self.desk.actor_name)
        if not outcome.ok:
            reason = next((r for _, r in outcome.reasons()), None)
            raise PlatformRefused(reason)

    async def delete_comment(self, comment: Comment, reason: str) -> None:
        await self._perform("delete_comment", {"comment_id": comment.id}, comment)

    async def hide_comment(self, comment: Comment, reason: str) -> None:
        await self._perform("hide_comment", {"comment_id": comment.id}, comment)

    async def mute_viewer(self, comment: Comment, seconds: int, reason: str) -> None:
        await self._perform("mute_viewer", {"user_id": comment.user_id, "seconds": seconds}, comment)

    async def unmute_viewer(self, comment: Comment, reason: str) -> None:
        await self._perform("unmute_viewer", {"user_id": comment.user_id}, comment)

    async def ban_viewer(self, comment: Comment, reason: str) -> None:
        await self._perform("ban_viewer", {"user_id": comment.user_id}, comment)

    def hide_locally(self, comment: Comment) -> None:
        self.desk.set_state(comment, "hidden")


class PlatformRefused(Exception):
    def __init__(self, message: Text | None) -> None:
        self.message = message or QT_TRANSLATE_NOOP("Moderation", "the platform refused")
        super().__init__(self.message.english())


class CommentDesk(QObject):
    batch_ready = Signal(list)        # list[FeedItem] that pass the current filter, oldest first
    item_changed = Signal(str)        # comment id whose state changed
    questions_changed = Signal()
    review_changed = Signal()
    modlog_changed = Signal()
    rate_changed = Signal(float)      # comments per second, over the last few seconds

    def __init__(self, console, parent=None) -> None:
        super().__init__(parent)
        self.console = console
        self.clock = SystemClock()
        self.lists = load_word_lists()
        self.pipeline = ModerationPipeline(self.lists, self.clock)
        self.modlog = ModLog(self.clock)
        self.modlog.listeners.append(lambda _e: self.modlog_changed.emit())
        self.review = ReviewQueue()
        self.review.listeners.append(self.review_changed.emit)
        self.questions = QuestionBoard(self.clock)
        self.target = RoomTarget(self)
        self.enforcer = Enforcer(self.target, self.modlog, self.clock)
        self.queue = ActionQueue(self.enforcer)
        self._queue_task = None
        self.store: CommentStore | None = None
        self.recent: collections.deque[FeedItem] = collections.deque(maxlen=RECENT)
        self.by_id: dict[tuple[str, str], FeedItem] = {}
        self.filter = "all"
        self.filter_user: str | None = None
        self.filter_product: str | None = None
        self._pending: list[tuple[Comment, bool]] = []
        self._continue_scheduled = False
        self._totals: collections.deque[int] = collections.deque([0], maxlen=6)  # `total` each second, 5 s back
        self.total = 0
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self.process)
        self._timer.start()
        self._rate_timer = QTimer(self)
        self._rate_timer.setInterval(1000)
        self._rate_timer.timeout.connect(self._emit_rate)
        self._rate_timer.start()
        self._room = None
        console.room_changed.connect(self.set_room)

    @property
    def actor_name(self) -> str:
        return self.console.operator

    # ------------------------------------------------------------------ the room

    def set_room(self, room) -> None:
        if self._room is not None and self._on_comment in self._room.comment_listeners:
            self._room.comment_listeners.remove(self._on_comment)
        self._room = room
        if room is None:
            return
        room.comment_listeners.append(self._on_comment)
        if self._queue_task is None or self._queue_task.done():
            self._queue_task = self.console.tasks.spawn(self.queue.run(), name="moderation-queue")
        if self.store is None:
            safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", room.room_key)[:80]
            folder = data_dir() / "sessions"
            folder.mkdir(parents=True, exist_ok=True)
            self.store = CommentStore(folder / f"{time.strftime('%Y%m%d')}-{safe}.sqlite")
            self.store.start()

    def stop(self) -> None:
        self._timer.stop()
        self._rate_timer.stop()
        if self.store is not None:
            self.store.close()
            self.store = None

    def _on_comment(self, comment: Comment, is_new: bool) -> None:
        self._pending.append((comment, is_new))

    # ------------------------------------------------------------------ the batch

    def process(self) -> None:
        """Take in what arrived, in slices of a few milliseconds: a backlog (a burst, a stall)
        is worked through over several turns of the event loop, never in one long step."""
        self._continue_scheduled = False
        pending = self._pending
        if not pending:
            return
        deadline = time.perf_counter() + SLICE_S
        taken = 0
        while taken < len(pending):
            self._take(pending[taken:taken + SLICE_COMMENTS])
            taken += SLICE_COMMENTS
            if time.perf_counter() >= deadline:
                break
        del pending[:taken]
        if pending and not self._continue_scheduled:
            self._continue_scheduled = True
            QTimer.singleShot(0, self.process)

    def _take(self, pending: list[tuple[Comment, bool]]) -> None:
        new = [c for c, is_new in pending if is_new]
        for comment, is_new in pending:
            if not is_new:
                self._updated(comment)
        if not new:
            return
        self.total += len(new)
        verdicts = self.pipeline.classify_many(new)
        stage = self._room.state.stage_product_id if self._room is not None else None
        shown: list[FeedItem] = []
        questions = False
        store = self.store
        for comment, verdict in zip(new, verdicts):
            item = make_item(comment, question=verdict.question, intent=verdict.intent, flagged=verdict.flagged,
                             highlight=verdict.action == Action.HIGHLIGHT, verdict=verdict)
            item.extra["stage"] = stage
            self.recent.append(item)
            self.by_id[(comment.connection_id, comment.id)] = item
            if len(self.by_id) > RECENT * 2:
                self.by_id = {(i.comment.connection_id, i.comment.id): i for i in self.recent}
            if (verdict.question or verdict.intent) and not comment.is_staff:
                self.questions.add(comment.text, kind="question" if verdict.question else "intent",
                                   product_id=stage)
                questions = True
            self._act(comment, verdict, item)
            if store is not None:
                store.append(comment, action=verdict.action.name.lower(), rule=verdict.rule,
                             question=verdict.question, intent=verdict.intent, state=item.state)
            if self.matches(item):
                shown.append(item)
        if shown:
            self.batch_ready.emit(shown)
        if questions:
            self.questions_changed.emit()

    def _act(self, comment: Comment, verdict: Verdict, item: FeedItem) -> None:
        if verdict.exempt or verdict.action <= Action.HIGHLIGHT:
            return
        if verdict.dry_run:
            self.queue.submit(comment, verdict)  # logs what would happen; does nothing
            return
        if verdict.action == Action.HIDE_LOCAL:
            item.state = "hidden"
            self.modlog.add(verdict.rule, comment, verdict.action, verdict.reason, LOGGED)
        elif verdict.action == Action.HOLD:
            item.state = "held"
            self.review.hold(comment, verdict)
            self.modlog.add(verdict.rule, comment, verdict.action, verdict.reason, LOGGED)
        else:
            item.state = "deleting"
            self.queue.submit(comment, verdict)

    def _updated(self, comment: Comment) -> None:
        """A comment changed on the platform (deleted, hidden, pinned — by us or other staff)."""
        item = self.by_id.get((comment.connection_id, comment.id))
        state = "deleted" if comment.deleted else ("hidden" if comment.hidden else ("pinned" if comment.pinned else ""))
        if comment.deleted:
            self.review.drop(comment.id)
        if item is not None:
            item.comment = comment
            if state or item.state in ("deleting", "pinned"):
                item.state = state
            self.item_changed.emit(comment.id)
        if self.store is not None and state:
            self.store.mark(comment, state)

    def set_state(self, comment: Comment, state: str) -> None:
        item = self.by_id.get((comment.connection_id, comment.id))
        if item is not None:
            item.state = state
            self.item_changed.emit(comment.id)
        if self.store is not None:
            self.store.mark(comment, state)

    def _emit_rate(self) -> None:
        self._totals.append(self.total)
        self.rate_changed.emit((self._totals[-1] - self._totals[0]) / 5.0)

    # ------------------------------------------------------------------ filters

    def matches(self, item: FeedItem) -> bool:
        f = self.filter
        if f == "all":
            return item.state != "held"
        if f == "questions":
            return item.question
        if f == "intent":
            return item.intent
        if f == "flagged":
            return item.flagged
        if f == "held":
            return item.state == "held"
        if f == "user":
            return item.comment.user_id == self.filter_user
        if f == "product":
            return item.extra.get("stage") == self.filter_product
        return True

    def set_filter(self, name: str, *, user: str | None = None, product: str | None = None) -> list[FeedItem]:
        """Switch the feed's filter; returns what the window should now show (oldest first)."""
        self.filter, self.filter_user, self.filter_product = name, user, product
        return [i for i in self.recent if self.matches(i)]

    # ------------------------------------------------------------------ moderators' actions

    def perform(self, item: FeedItem, action: Action, *, minutes: int = 10) -> None:
        reason = QT_TRANSLATE_NOOP("Moderation", "by {actor}").fill(actor=self.actor_name)
        if action in (Action.DELETE, Action.MUTE, Action.BAN):
            item.state = "deleting"
            self.item_changed.emit(item.comment.id)
        self.console.tasks.spawn(self.enforcer.perform(item.comment, action, reason, actor=self.actor_name,
                                                       minutes=minutes), name=f"moderate:{action.name}")

    def unmute(self, item: FeedItem) -> None:
        self.console.tasks.spawn(self.enforcer.unmute(item.comment, actor=self.actor_name), name="unmute")

    def approve(self, comment_id: str) -> None:
        held = self.review.take(comment_id)
        if held is None:
            return
        comment, verdict = held
        self.modlog.add(self.actor_name, comment, Action.SHOW, QT_TRANSLATE_NOOP("Moderation", "approved"), LOGGED)
        self.set_state(comment, "approved")
        item = self.by_id.get((comment.connection_id, comment.id))
        if item is not None and self.filter == "all":
            self.batch_ready.emit([item])

    def reject(self, comment_id: str) -> None:
        held = self.review.take(comment_id)
        if held is None:
            return
        comment, _ = held
        self.set_state(comment, "deleting")  # no longer held: out of the held filter at once
        self.console.tasks.spawn(self.enforcer.perform(
            comment, Action.DELETE, QT_TRANSLATE_NOOP("Moderation", "rejected in review"), actor=self.actor_name),
            name="reject")

    def pin(self, item: FeedItem) -> None:
        if self._room is None:
            return
        self.console.window.actions.run("pin_comment", {"comment_id": item.comment.id, "pinned": True},
                                        connection_id=item.comment.connection_id, gate=f"pin:{item.comment.id}")

    def allow(self, user_id: str, allowed: bool = True) -> None:
        (self.pipeline.allow_list.add if allowed else self.pipeline.allow_list.discard)(user_id)

    def save_word_lists(self) -> None:
        save_word_lists(self.lists)


def word_lists_path() -> Path:
    return config_dir() / "wordlists.json"


def load_word_lists() -> WordLists:
    """The moderators' word lists (groups, actions, words) or the shipped defaults."""
    path = word_lists_path()
    if path.exists():
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            groups = [WordGroup(g["key"], g["name"], Action[g["action"]], int(g.get("mute_minutes", 10)),
                                list(g.get("words", [])), dict(g.get("notes", {})), bool(g.get("enabled", True)),
                                int(g.get("min_length", 1))) for g in raw["groups"]]
            return WordLists(groups)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("word lists unreadable (%s); using the shipped ones", exc)
            path.replace(path.with_name(f"{path.name}.unreadable-{int(time.time())}"))
    return WordLists.defaults()


def save_word_lists(lists: WordLists) -> None:
    data = {"version": 1, "groups": [{**dataclasses.asdict(g), "action": g.action.name} for g in lists.groups]}
    path = word_lists_path()
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
