"""The comment desk: where the live room's comments meet moderation (no Qt).

Comments from the room's stream are collected and taken in every 100 ms, in slices of a few
milliseconds (a burst or a backlog never holds the loop for long): classified by the pipeline,
written to the session store, grouped on the question board, held for review or acted on.
Deletions, mutes and bans go through the live room as typed commands, so they are journalled
like every other action. The desk also learns who has ordered in the room (its `order.created`
events): rules never mute or ban a buyer. Each comment becomes a `DeskComment`, a record of what
the desk decided and did with it; the feed panels show those records and hear of changes through
the desk's events."""

from __future__ import annotations

import asyncio
import collections
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable

from anchor_console.domain.clock import Clock
from anchor_console.domain.events import Event, unsubscribe_all
from anchor_console.domain.models import Comment
from anchor_console.domain.text import QT_TRANSLATE_NOOP, LabelledEnum
from anchor_console.moderation.comment_store import CommentStore, StoredComment
from anchor_console.moderation.enforcement import ActionQueue, Enforcer
from anchor_console.moderation.list_edits import ListEdits
from anchor_console.moderation.modlog import FELL_BACK, LOGGED, ModLog
from anchor_console.moderation.pipeline import ModerationPipeline, Verdict
from anchor_console.moderation.questions import QuestionBoard
from anchor_console.moderation.review import ReviewQueue
from anchor_console.moderation.room_target import RoomTarget
from anchor_console.moderation.trusted_viewers import TrustedViewer, TrustedViewers
from anchor_console.moderation.wordlists import Action, load_word_lists
from anchor_console.room.live_room import LiveRoom
from anchor_console.room.room_state import Aspect

log = logging.getLogger("anchor_console.moderation.desk")
RECENT = 10_000          # comments kept in memory for instant filter switches (all are in the store)
SLICE_S = 0.004          # the longest the desk works in one turn of the event loop
SLICE_COMMENTS = 32      # comments classified together (the budget is checked between slices)
HOLD_BATCH = 100         # held comments claimed on Studio in one request (a wave of them: one request, not one each)
HOLD_GATHER_S = 0.5      # held comments gathered this long before their claim goes: two requests a second at most
HOLD_BATCH_GAP_S = 0.1   # instead, while a full batch waits: up to 1,000 holds a second in ten requests
HOLDS_WAITING = 2000     # held comments waiting for their claim at most; past it the oldest are hidden here only
Spawn = Callable[..., Any]   # spawn(coroutine, name=...): the session's owned tasks


class CommentState(LabelledEnum):
    """What has become of a comment (stored by value in the session file)."""

    SHOWN = "", QT_TRANSLATE_NOOP("CommentState", "shown")
    HELD = "held", QT_TRANSLATE_NOOP("CommentState", "held")
    HIDDEN = "hidden", QT_TRANSLATE_NOOP("CommentState", "hidden here")  # in this console only
    # asked of the platform, not confirmed yet
    DELETING = "deleting", QT_TRANSLATE_NOOP("CommentState", "deleting")
    DELETED = "deleted", QT_TRANSLATE_NOOP("CommentState", "deleted")
    # the platform refused the delete (after retries): the comment is still up for the viewers
    DELETE_FAILED = "delete_failed", QT_TRANSLATE_NOOP("CommentState", "not deleted")
    APPROVED = "approved", QT_TRANSLATE_NOOP("CommentState", "approved")
    PINNED = "pinned", QT_TRANSLATE_NOOP("CommentState", "pinned")


# Deleted, hidden, held or being deleted: a question in one of these states is off the question board.
OFF_THE_BOARD = frozenset({CommentState.HELD, CommentState.HIDDEN, CommentState.DELETING, CommentState.DELETED,
                           CommentState.DELETE_FAILED})


class RulesMode(LabelledEnum):
    """What the automatic rules do at this console. Two consoles on one room must not both act
    (each would delete, mute and ban the same viewers): one seat acts, the others only mark."""

    ACT = "act", QT_TRANSLATE_NOOP("RulesMode", "Rules act here")
    MARK = "mark", QT_TRANSLATE_NOOP("RulesMode", "Rules only mark (another seat acts)")
    TEST = "test", QT_TRANSLATE_NOOP("RulesMode", "Rules in test mode (log what they would do)")


@dataclass(slots=True, eq=False)
class DeskComment:
    """A comment as the desk sees it: what the rules said, what was done, what was on stage."""

    comment: Comment
    verdict: Verdict | None = None
    stage_product_id: str | None = None
    state: CommentState = CommentState.SHOWN
    question: bool = False
    intent: bool = False
    flagged: bool = False
    highlight: bool = False
    claiming: bool = False   # this seat's claim to hold it for review is on its way to Studio (`hold`)

    @classmethod
    def judged(cls, comment: Comment, verdict: Verdict, stage_product_id: str | None) -> "DeskComment":
        return cls(comment, verdict, stage_product_id, question=verdict.question, intent=verdict.intent,
                   flagged=verdict.flagged, highlight=verdict.action == Action.HIGHLIGHT)

    @classmethod
    def stored(cls, row: StoredComment) -> "DeskComment":
        """From the session file (a search result): flags and state as they were written."""
        try:
            state = CommentState(row.state)
        except ValueError:
            state = CommentState.SHOWN
        return cls(row.as_comment(), state=state, question=row.question, intent=row.intent)


class CommentDesk:
    def __init__(self, *, clock: Clock, sessions_dir: Path, word_lists_file: Path, spawn: Spawn,
                 actor: Callable[[], str], sleep=asyncio.sleep, trusted_file: Path | None = None) -> None:
        self.clock = clock
        self.sessions_dir = sessions_dir
        self.word_lists_file = word_lists_file
        self.spawn = spawn
        self.actor = actor
        self._sleep = sleep
        # The warning, if the saved lists (or part of them) could not be read: said at start (session/console.py).
        self.lists, self.lists_warning = load_word_lists(word_lists_file)
        self.team_lists = False   # the lists in force are the crew's, from Studio (session/crew_moderation.py)
        self.pipeline = ModerationPipeline(self.lists, clock)
        self.trusted = TrustedViewers(trusted_file)   # never acted on; the room's go into the pipeline
        # Edits of the lists (the word lists dialog): checked, built and saved off the event loop.
        self.list_edits = ListEdits(self.lists, self.pipeline, spawn=spawn,
                                    file=lambda: None if self.team_lists else self.word_lists_file)
        self.modlog = ModLog(clock)
        self.review = ReviewQueue()
        self.questions = QuestionBoard(clock)
        self.buyers: set[tuple[str, str]] = set()   # (connection id, viewer id) who ordered in this room
        self.enforcer = Enforcer(RoomTarget(self, None), self.modlog, clock, is_buyer=self.is_buyer, sleep=sleep)
        self._rules_mode = RulesMode.ACT
        # False while another seat on the room runs the automatic rules (session/crew_moderation.py):
        # verdicts are still computed and shown, as when marking.
        self.acting_seat = True
        # A seat on a crew room does not know yet whether it acts (its first lease answer is on the way):
        # what the rules would hold or take out is kept out of the feed until it knows (`lease_settled`).
        self.awaiting_lease = False
        self._awaiting: list[DeskComment] = []
        self.queue = ActionQueue(self.enforcer)
        # With seats in sync (session/crew_moderation.py): claims the rules' holds on Studio, many in
        # one request, and answers the ids granted. None: this seat holds alone.
        self.claim_holds: Callable[[list[Comment]], Awaitable[set[str]]] | None = None
        self._holds_to_claim: list[DeskComment] = []
        self._claiming_holds: asyncio.Future | None = None
        self._room_turn = 0   # one more for every room the desk follows: a late claim's answer is about no comment here
        self.store: CommentStore | None = None
        self.room: LiveRoom | None = None
        self.recent: collections.deque[DeskComment] = collections.deque(maxlen=RECENT)
        self.by_id: dict[tuple[str, str], DeskComment] = {}
        self.filter = "all"
        self.filter_user: str | None = None
        self.filter_product: str | None = None
        self._pending: list[tuple[Comment, bool]] = []
        self._totals: collections.deque[int] = collections.deque([0], maxlen=6)  # `total` each second, 5 s back
        self.total = 0
        self._unsubscribe: list[Callable[[], None]] = []
        self.batch_ready = Event("desk.batch_ready")      # [DeskComment] that pass the filter, oldest first
        self.comment_changed = Event("desk.comment_changed")  # (comment id) whose state changed
        self.questions_changed = Event("desk.questions_changed")
        self.rate_changed = Event("desk.rate_changed")    # (comments per second over the last 5 s)
        # (Text | None) the comments cannot be saved (a full disk), or None: saved again
        self.store_trouble = Event("desk.store_trouble")
        self._store_failing = False

    # ------------------------------------------------------------------ the room

    def set_room(self, room: LiveRoom | None) -> None:
        """Follow another room (or none): what belonged to the previous room is put away."""
        unsubscribe_all(self._unsubscribe)
        self.enforcer.target = RoomTarget(self, room)
        if room is not None and self.room is not None and room.room_key == self.room.room_key:
            self.room = room
            self._follow(room)
            return
        self.room = room
        self._forget_room()
        if room is None:
            return
        self._follow(room)
        self.pipeline.allow_list = self.trusted.user_ids(b.connection_id for b in room.bindings)
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", room.room_key)[:80]
        day = time.strftime("%Y%m%d", time.localtime(self.clock.now()))
        self.sessions_dir.mkdir(parents=True, exist_ok=True)
        self.store = CommentStore(self.sessions_dir / f"{day}-{safe}.sqlite")
        self.store.start()
        turn = self._room_turn
        self.spawn(self.review.hold_again(self.store, lambda: turn == self._room_turn), name="review-held")

    def _follow(self, room: LiveRoom) -> None:
        self._unsubscribe = [room.comments.connect(self._on_comment), room.changed.connect(self._on_room_changed),
                             room.changed.connect(self.enforcer.standings.on_room_changed)]   # any seat's mutes

    def _on_room_changed(self, connection_id: str, aspect: Aspect, event: Any) -> None:
        if aspect is Aspect.ORDER and event is not None:
            order = event.data.get("order")
            if order is not None:
                self.buyers.add((connection_id, order.viewer_id))

    def is_buyer(self, comment: Comment) -> bool:
        """Has this comment's viewer ordered in the room (since the desk has been following it)?"""
        return (comment.connection_id, comment.user_id) in self.buyers

    def _forget_room(self) -> None:
        self._room_turn += 1
        self._holds_to_claim.clear()
        if self.store is not None:
            self.store.close()
            self.store = None
        self._pending.clear()
        # Kept back for the old room's first lease answer, or waiting to be acted on: the next
        # room's lease answer (or queue worker) would otherwise show them in its feed, or act on them.
        self._awaiting.clear()
        self.queue.clear()
        self.recent.clear()
        self.by_id.clear()
        self.review.clear()
        self.questions.clear()
        self.modlog.clear()
        self.buyers.clear()
        self.total = 0
        self._totals = collections.deque([0], maxlen=6)

    def close(self) -> None:
        self.set_room(None)

    def _on_comment(self, comment: Comment, is_new: bool) -> None:
        self._pending.append((comment, is_new))

    # ------------------------------------------------------------------ the stream

    async def run(self) -> None:
        """Take in arrivals every 100 ms (in slices, yielding between them), say the rate each
        second, and carry out the queued automatic actions — until cancelled."""
        async with asyncio.TaskGroup() as group:
            group.create_task(self.queue.run(), name="moderation-queue")
            group.create_task(self._say_rate(), name="comment-rate")
            while True:
                await self._sleep(0.1)
                while self.process():
                    await asyncio.sleep(0)

    async def _say_rate(self) -> None:
        while True:
            await self._sleep(1.0)
            self._totals.append(self.total)
            # Over the seconds seen so far (up to five): the first seconds after a connect are not divided by five.
            self.rate_changed.emit((self._totals[-1] - self._totals[0]) / (len(self._totals) - 1))
            self._watch_store()

    def _watch_store(self) -> None:
        """Say once when the session's comments stop being saved, and once when they are again."""
        why = self.store.failing if self.store is not None else None
        if (why is not None) == self._store_failing:
            return
        self._store_failing = why is not None
        self.store_trouble.emit(None if why is None else QT_TRANSLATE_NOOP(
            "CommentDesk", "This session's comments cannot be saved on this computer ({error}). The feed keeps "
                           "working; search and the viewer card miss what is not saved. Free some disk "
                           "space.").fill(error=why[:200]))

    def process(self) -> bool:
        """Take in what arrived, for at most SLICE_S; True if more is waiting."""
        pending = self._pending
        if not pending:
            return False
        deadline = time.perf_counter() + SLICE_S
        taken = 0
        while taken < len(pending):
            self._take(pending[taken:taken + SLICE_COMMENTS])
            taken += SLICE_COMMENTS
            if time.perf_counter() >= deadline:
                break
        del pending[:taken]
        return bool(pending)

    def _take(self, pending: list[tuple[Comment, bool]]) -> None:
        # New comments first, then changes: a comment posted and deleted (by another seat) within one
        # slice must end up deleted, not shown — its change is for a record the news creates.
        self._take_new([c for c, is_new in pending if is_new])
        for comment, is_new in pending:
            if not is_new:
                self._updated(comment)

    def _take_new(self, new: list[Comment]) -> None:
        if not new:
            return
        self.total += len(new)
        verdicts = self.pipeline.classify_many(new)
        stage = self.room.state.stage_product_id if self.room is not None else None
        shown: list[DeskComment] = []
        questions = False
        store = self.store
        for comment, verdict in zip(new, verdicts):
            record = DeskComment.judged(comment, verdict, stage)
            self.recent.append(record)
            self.by_id[(comment.connection_id, comment.id)] = record
            if len(self.by_id) > RECENT * 2:
                self.by_id = {(r.comment.connection_id, r.comment.id): r for r in self.recent}
            # Staff answers and what the rules hide or take out (引流 dressed as a question, a wall of
            # text ending in 吗) are not buyers' questions.
            if (verdict.question or verdict.intent) and not comment.is_staff and verdict.action < Action.HIDE_LOCAL:
                if self.questions.add(comment.text, kind="question" if verdict.question else "intent",
                                      product_id=stage, asker=f"{comment.connection_id}:{comment.user_id}",
                                      comment_key=(comment.connection_id, comment.id)):
                    questions = True
            self._act(record)
            if store is not None:
                store.append(comment, action=verdict.action.name.lower(), rule=verdict.rule,
                             question=verdict.question, intent=verdict.intent, state=record.state.value)
            if self.matches(record):
                shown.append(record)
        if shown:
            self.batch_ready.emit(shown)
        if questions:
            self.questions_changed.emit()

    @property
    def rules_mode(self) -> RulesMode:
        return self._rules_mode

    @rules_mode.setter
    def rules_mode(self, mode: RulesMode) -> None:
        self._rules_mode = mode
        self.pipeline.test_mode = mode is RulesMode.TEST

    def _act(self, record: DeskComment) -> None:
        comment, verdict = record.comment, record.verdict
        if verdict.exempt or verdict.action <= Action.HIGHLIGHT:
            return
        if (self.awaiting_lease and self._rules_mode is RulesMode.ACT and not verdict.dry_run
                and verdict.action >= Action.HOLD):
            record.state = CommentState.HELD   # out of the feed, not in review: decided by `lease_settled`
            self._awaiting.append(record)
            return
        if (self._rules_mode is RulesMode.MARK or not (self.acting_seat or verdict.dry_run)) \
                and verdict.action != Action.HIDE_LOCAL:
            return  # the verdict shows on the comment; the seat that acts does the rest
        if verdict.dry_run:
            self.queue.submit(comment, verdict)  # logs what would happen; does nothing
            return
        if verdict.action == Action.HIDE_LOCAL:
            record.state = CommentState.HIDDEN
            self.modlog.add(verdict.rule, comment, verdict.action, verdict.reason, LOGGED)
        elif verdict.action == Action.HOLD:
            record.state = CommentState.HELD   # a new comment: out of the feed, whatever the claim's answer
            self.hold(record)
        else:
            record.state = CommentState.DELETING
            self.queue.submit(comment, verdict)

    def hold(self, record: DeskComment) -> None:
        """Hold for review what the rules hold. With seats in sync (`claim_holds`) it goes into review
        only once this seat's claim on it is granted, so one seat holds it: a seat that takes the
        lease over and catches up (session/crew_moderation.py) does not hold again what the last
        holder held, and perhaps approved or removed. Meanwhile a comment already in the feed stays."""
        claim = self.claim_holds
        if claim is None:
            self._into_review(record)
        elif not record.claiming:
            record.claiming = True
            self._holds_to_claim.append(record)
            if len(self._holds_to_claim) > HOLDS_WAITING:
                self._hold_given_up(self._holds_to_claim.pop(0))
            if self._claiming_holds is None or self._claiming_holds.done():
                self._claiming_holds = self.spawn(self._claim_holds(claim, self._room_turn), name="claim-holds")

    def _hold_given_up(self, record: DeskComment) -> None:
        """Too many holds wait for their claim (a wave past 1,000 a second): the oldest is hidden here
        only, as the action queue does with deletions, and logged — not left out of sight for minutes."""
        record.claiming = False
        self._mark(record, CommentState.HIDDEN)
        verdict = record.verdict
        self.modlog.add(verdict.rule, record.comment, Action.HOLD, verdict.reason, FELL_BACK,
                        detail=QT_TRANSLATE_NOOP("Moderation", "too many held at once; hidden here only"))

    async def _claim_holds(self, claim: Callable[[list[Comment]], Awaitable[set[str]]], turn: int) -> None:
        """One request at a time claims the holds gathered, up to HOLD_BATCH in one: a wave of held
        comments costs a request or two, not one each (the seat's deletions share its request rate).
        While a full batch waits the next goes after a short gap (a gathering pause capped it at 200/s).
        The records themselves are followed, not their `by_id` entries: a fast room may age them out
        of `recent` meanwhile."""
        while self._holds_to_claim and turn == self._room_turn:
            await self._sleep(HOLD_BATCH_GAP_S if len(self._holds_to_claim) >= HOLD_BATCH else HOLD_GATHER_S)
            if turn != self._room_turn:
                return
            batch, self._holds_to_claim = self._holds_to_claim[:HOLD_BATCH], self._holds_to_claim[HOLD_BATCH:]
            granted: set[str] = set()
            try:
                granted = await claim([r.comment for r in batch])
            except Exception:  # noqa: BLE001 - unsure means not held here: shown with their mark, never lost
                log.warning("the claim to hold %d comments failed", len(batch), exc_info=True)
            finally:
                for record in batch:
                    record.claiming = False
            if turn != self._room_turn:
                return   # the desk follows another room now: the answer is about none of its comments
            shown = [r for r in batch if not self._claimed(r, r.comment.id in granted)]
            shown = [r for r in shown if self.matches(r)]
            if shown:
                self.batch_ready.emit(shown)

    def _claimed(self, record: DeskComment, granted: bool) -> bool:
        """Held for review here (True), or shown with its verdict as on a marking seat (False)."""
        if granted and record.state in (CommentState.SHOWN, CommentState.HELD):
            self._into_review(record)
            return True
        if not granted and record.state is CommentState.HELD:
            self._mark(record, CommentState.SHOWN)
            return False
        return True   # otherwise it has moved on (deleted, pinned…): nothing to show again

    def _into_review(self, record: DeskComment) -> None:
        comment, verdict = record.comment, record.verdict
        if record.state is not CommentState.HELD:
            self._mark(record, CommentState.HELD)   # the feed drops it at once
        self.review.hold(comment, verdict)
        self.modlog.add(verdict.rule, comment, verdict.action, verdict.reason, LOGGED)

    def _mark(self, record: DeskComment, state: CommentState) -> None:
        record.state = state   # also when it has aged out of `by_id`
        self.set_state(record.comment, state)

    def lease_settled(self, acting: bool) -> None:
        """This seat now knows whether it runs the automatic rules (a crew room's lease answer): the
        comments kept back meanwhile are acted on here, or shown with their verdict for the acting
        seat to act on."""
        self.acting_seat = acting
        self.awaiting_lease = False
        records, self._awaiting = self._awaiting, []
        for record in records:
            record.state = CommentState.SHOWN
            self._act(record)
            if self.store is not None and record.state is not CommentState.HELD:
                self.store.mark(record.comment, record.state.value)
        shown = [r for r in records if self.matches(r)]
        if shown:
            self.batch_ready.emit(shown)

    def _updated(self, comment: Comment) -> None:
        """A comment changed on the platform (deleted, hidden, pinned — by us or other staff)."""
        record = self.by_id.get((comment.connection_id, comment.id))
        state = (CommentState.DELETED if comment.deleted else CommentState.HIDDEN if comment.hidden
                 else CommentState.PINNED if comment.pinned else CommentState.SHOWN)
        if comment.deleted:
            self.review.drop(comment.id)
        if state in OFF_THE_BOARD:
            self._off_the_board(comment)
        if record is not None:
            record.comment = comment
            if state is not CommentState.SHOWN or record.state in (CommentState.DELETING, CommentState.PINNED):
                record.state = state
            self.comment_changed.emit(comment.id)
        if self.store is not None and state is not CommentState.SHOWN:
            self.store.mark(comment, state.value)

    def set_state(self, comment: Comment, state: CommentState) -> None:
        record = self.by_id.get((comment.connection_id, comment.id))
        if record is not None:
            record.state = state
            self.comment_changed.emit(comment.id)
        if state in OFF_THE_BOARD:
            self._off_the_board(comment)
        if self.store is not None:
            self.store.mark(comment, state.value)

    def _off_the_board(self, comment: Comment) -> None:
        """Deleted, hidden or held: a question it asked no longer counts (the anchor's screen shows
        the most asked; twelve trolls' deleted insult must not top it)."""
        if self.questions.withdraw((comment.connection_id, comment.id)):
            self.questions_changed.emit()

    # ------------------------------------------------------------------ filters

    def matches(self, record: DeskComment) -> bool:
        f = self.filter
        if f == "all":
            return record.state is not CommentState.HELD
        if f == "questions":
            return record.question
        if f == "intent":
            return record.intent
        if f == "flagged":
            return record.flagged
        if f == "held":
            return record.state is CommentState.HELD
        if f == "user":
            return record.comment.user_id == self.filter_user
        if f == "product":
            return record.stage_product_id == self.filter_product
        if f == "search":   # a search result is what was found: new comments do not join it
            return False
        return True

    def set_filter(self, name: str, *, user: str | None = None, product: str | None = None) -> list[DeskComment]:
        """Switch the feed's filter; returns what the feed should now show (oldest first)."""
        self.filter, self.filter_user, self.filter_product = name, user, product
        return [r for r in self.recent if self.matches(r)]

    def found(self, row: StoredComment) -> DeskComment:
        """A search result as the feed shows it: the desk's own record while it holds the comment (so
        its marks follow what is done to it), else the session file's."""
        return self.by_id.get((row.connection_id, row.id)) or DeskComment.stored(row)

    # ------------------------------------------------------------------ moderators' actions

    def in_this_room(self, comment: Comment) -> bool:
        """Was it said in the room the desk follows now (not one it followed before)?"""
        binding = self.room.binding(comment.connection_id) if self.room is not None else None
        return binding is not None and str(binding.room_id) == str(comment.room_id)

    def perform(self, record: DeskComment, action: Action, *, minutes: int = 10) -> None:
        if not self.in_this_room(record.comment):
            return   # a card or list left over from another room: that room is not ours to act on
        actor = self.actor()
        reason = QT_TRANSLATE_NOOP("Moderation", "by {actor}").fill(actor=actor)
        if action in (Action.DELETE, Action.MUTE, Action.BAN):
            record.state = CommentState.DELETING
            self.comment_changed.emit(record.comment.id)
            self._off_the_board(record.comment)
        self.spawn(self.enforcer.perform(record.comment, action, reason, actor=actor, minutes=minutes),
                   name=f"moderate:{action.name}")

    def unmute(self, record: DeskComment) -> None:
        if not self.in_this_room(record.comment):
            return
        self.spawn(self.enforcer.unmute(record.comment, actor=self.actor()), name="unmute")

    def unban(self, record: DeskComment) -> None:
        if not self.in_this_room(record.comment):
            return
        self.spawn(self.enforcer.unban(record.comment, actor=self.actor()), name="unban")

    def approve(self, comment_id: str, record: DeskComment | None = None) -> None:
        """Show a held comment after all (`record`: the feed's row, for one the review queue let go)."""
        comment = self._take_held(comment_id, record)
        if comment is None:
            return
        self.enforcer.forgive(comment)   # a false positive: it must not count towards a mute or ban
        self.modlog.add(self.actor(), comment, Action.SHOW, QT_TRANSLATE_NOOP("Moderation", "approved"), LOGGED)
        record = self._decided(comment, record, CommentState.APPROVED)
        if record is not None and self.filter == "all":
            self.batch_ready.emit([record])

    def reject(self, comment_id: str, record: DeskComment | None = None) -> None:
        """Delete a held comment on the platform (`record`: as for `approve`)."""
        comment = self._take_held(comment_id, record)
        if comment is None:
            return
        self._decided(comment, record, CommentState.DELETING)  # no longer held: out of the held filter at once
        self.spawn(self.enforcer.perform(comment, Action.DELETE, QT_TRANSLATE_NOOP("Moderation", "rejected in review"),
                                         actor=self.actor()), name="reject")

    def _take_held(self, comment_id: str, record: DeskComment | None) -> Comment | None:
        """The held comment to decide on, out of the review queue; one a full queue let go (a flood of
        held spam) from its record (the feed's Held filter lists it): never left undecidable."""
        held = self.review.take(comment_id)
        if held is not None:
            return held[0]
        if record is None:   # a moderator's key press: one scan of the recent comments is nothing
            record = next((r for r in reversed(self.recent) if r.comment.id == comment_id
                           and r.state is CommentState.HELD), None)
        if (record is None or record.comment.id != comment_id or record.state is not CommentState.HELD
                or record.claiming or any(r is record for r in self._awaiting)):
            return None   # not held, or not held *yet* (its claim, or the room's first lease answer, is on its way)
        self.review.decided_elsewhere(comment_id)
        return record.comment

    def _decided(self, comment: Comment, record: DeskComment | None, state: CommentState) -> DeskComment | None:
        self.set_state(comment, state)
        record = self.by_id.get((comment.connection_id, comment.id)) or record
        if record is not None and record.state is not state:   # aged out of `by_id`: the feed's row follows too
            record.state = state
            self.comment_changed.emit(comment.id)
        return record

    def hidden_here(self, comment: Comment) -> None:
        """Hidden on this console only (the platform cannot delete or hide it)."""
        self.set_state(comment, CommentState.HIDDEN)

    def removal_settled(self, comment: Comment, *, removed: bool) -> None:
        self.set_state(comment, CommentState.DELETED if removed else CommentState.DELETE_FAILED)

    def allow(self, comment: Comment, allowed: bool = True) -> None:
        """Trust a viewer (the rules never act on them), kept for their next visit, or stop."""
        viewer = TrustedViewer(comment.connection_id, comment.user_id, comment.nickname, self.clock.now())
        if allowed:
            self.pipeline.allow_list.add(comment.user_id)
            self.trusted.set(viewer, True)
        else:
            self.distrust(viewer)

    def distrust(self, viewer: TrustedViewer) -> None:
        self.trusted.set(viewer, False)
        if self.room is not None:   # the room's trusted ids, without this one (another platform's same id stays)
            self.pipeline.allow_list = self.trusted.user_ids(b.connection_id for b in self.room.bindings)
        else:
            self.pipeline.allow_list.discard(viewer.user_id)

    def exempt_entry_keywords(self, keywords: frozenset[str]) -> None:
        """The keywords of the room's open lucky bags: comments with one are people entering, not
        a flood or a spam wave (the giveaways desk calls this when a bag opens or closes)."""
        self.pipeline.entry_keywords = frozenset(k for k in keywords if k)

