"""Carrying out verdicts — and the moderators' own clicks — on the platform, with escalation for
repeat offenders, a local fallback where the platform cannot act, and a mod-log line for every
action with its reason and result.

Escalation: offences against rules that escalate (引流 contact details and lists, abuse) climb a
ladder per viewer (by default: delete, mute 10 min, mute 60 min, ban); the verdict's own action
is a floor. At most one step is climbed per `step_s` (a burst of five comments in a second is one
offence, not five), and offences are forgotten after a day. Other rules only ever do their own
action. A viewer who has ordered in this room (`is_buyer`) is never muted or banned by a rule:
the comment is deleted and the log says why. Where the comment's platform cannot delete, mute or
ban, the comment is hidden locally instead and the log says so.

Order: platforms keep the latest mute's end, so a rule's mute is not sent where a longer mute or a
ban is in force already — given by this seat, or (as the room's events or, once, the platform say:
standing.py) by staff on another seat: the moderator's 60 minutes stay 60. A moderator's unmute or
unban, here or on another seat, drops every mute and ban decided before it (queued, or waiting to be
tried again)."""

from __future__ import annotations

import asyncio
import collections
import logging
import math
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Protocol

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import Clock
from anchor_console.domain.models import Comment, Viewer
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.moderation.modlog import FAILED, FELL_BACK, LOGGED, ModLog
from anchor_console.moderation.pipeline import Verdict
from anchor_console.moderation.standing import ViewerKey, ViewerStandings
from anchor_console.moderation.wordlists import Action

log = logging.getLogger("anchor_console.moderation")


@dataclass(frozen=True, slots=True)
class ActedBy:
    """Whose doing a moderation request is, for the room's journal: a person's (`name`: theirs — a
    click, a key, the viewer card, the review queue) or a comment rule's, acting by itself (`rule`;
    `name`: the rule as the mod log names it, "list:diversion", "detector:flood")."""

    name: str
    rule: bool = False


class ModerationTarget(Protocol):
    """What enforcement needs from the room (the ui wires a LiveRoom behind it). `by` says whose
    doing each request is: the journal keeps a rule's apart from a person's."""

    def supports(self, capability: Capability, connection_id: str) -> bool: ...

    def platform_name(self, connection_id: str) -> str: ...

    async def delete_comment(self, comment: Comment, reason: str, *, by: ActedBy) -> None: ...

    async def hide_comment(self, comment: Comment, reason: str, *, by: ActedBy) -> None: ...

    async def mute_viewer(self, comment: Comment, seconds: int, reason: str, *, by: ActedBy) -> None: ...

    async def unmute_viewer(self, comment: Comment, reason: str, *, by: ActedBy) -> None: ...

    async def ban_viewer(self, comment: Comment, reason: str, *, by: ActedBy) -> None: ...

    async def unban_viewer(self, comment: Comment, reason: str, *, by: ActedBy) -> None: ...

    async def viewer_standing(self, comment: Comment) -> Viewer:
        """The platform's word on the comment's viewer now: muted until when (its clock), banned."""

    def hide_locally(self, comment: Comment) -> None:
        """Hide in this console only (always possible)."""

    def removal_settled(self, comment: Comment, *, removed: bool) -> None:
        """What became of a removal the platform will not report: it had removed the comment
        already (True), or the delete failed for good and the comment is still up (False)."""


@dataclass(frozen=True, slots=True)
class Step:
    action: Action
    minutes: int = 0


DEFAULT_LADDER = (Step(Action.DELETE), Step(Action.MUTE, 10), Step(Action.MUTE, 60), Step(Action.BAN))


def ladder_words(ladder: tuple[Step, ...] = DEFAULT_LADDER) -> list[Text]:
    """The ladder as staff read it: "offence 2: mute for 10 min", one Text a step."""
    return [QT_TRANSLATE_NOOP("Moderation", "offence {n}: {action}").fill(
        n=n, action=QT_TRANSLATE_NOOP("Moderation", "mute for {minutes} min").fill(minutes=step.minutes)
        if step.action is Action.MUTE else step.action.label) for n, step in enumerate(ladder, start=1)]


@dataclass
class Escalation:
    ladder: tuple[Step, ...] = DEFAULT_LADDER
    window_s: float = 24 * 3600      # offences older than this are forgotten
    step_s: float = 60.0             # at most one step up the ladder per this many seconds
    max_tracked: int = 50_000
    _offences: dict[str, list[float]] = field(default_factory=dict)

    def record(self, user: str, now: float) -> int:
        """Count this offence — unless the last one was less than `step_s` ago: what a viewer
        sends in one burst is one offence. Returns the viewer's offences within the window."""
        times = [t for t in self._offences.get(user, ()) if now - t <= self.window_s]
        if not times or now - times[-1] >= self.step_s:
            times.append(now)
        self._offences[user] = times
        if len(self._offences) > self.max_tracked:
            oldest = sorted(self._offences, key=lambda u: self._offences[u][-1])[: self.max_tracked // 4]
            for u in oldest:
                del self._offences[u]
        return len(times)

    def latest(self, user: str) -> float | None:
        """When the viewer's latest offence counted (a comment of a burst belongs to it)."""
        times = self._offences.get(user)
        return times[-1] if times else None

    def forget(self, user: str, at: float) -> None:
        """Take back the offence counted at `at`: staff found it was not one (an undone false positive)."""
        times = self._offences.get(user)
        if times and at in times:
            times.remove(at)

    def offences(self, user: str, now: float) -> int:
        return sum(1 for t in self._offences.get(user, ()) if now - t <= self.window_s)

    def step(self, count: int) -> Step:
        return self.ladder[min(count, len(self.ladder)) - 1]


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    minutes: int
    reason: Text
    actor: str
    lifts: int = 0   # the viewer's unmutes and unbans when it was decided (see Enforcer.lifts)


OFFENCES_REMEMBERED = 20_000   # comments whose offence can still be taken back
RETRIES = 2            # a request refused for a passing reason is tried again this many times…
BACKOFF_S = 1.0        # …after 1 s, then 2 s (or as long as a rate limit asks)…
LONGEST_WAIT_S = 30.0  # …but never waiting longer than this between tries


def _nobody_bought(comment: Comment) -> bool:
    return False


def _viewer(comment: Comment) -> ViewerKey:
    """A viewer in one room: a mute or ban holds in the room it was given in."""
    return comment.connection_id, comment.room_id, comment.user_id


class Lifted(Exception):
    """The viewer was unmuted or unbanned after this mute or ban was decided: it is not sent (again)."""


class Enforcer:
    def __init__(self, target: ModerationTarget, modlog: ModLog, clock: Clock, *,
                 escalation: Escalation | None = None, is_buyer: Callable[[Comment], bool] = _nobody_bought,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.target = target
        self._sleep = sleep   # between tries of a refused request (tests pass a fake)
        self.modlog = modlog
        self.clock = clock
        self.escalation = escalation or Escalation()
        self.is_buyer = is_buyer   # has this comment's viewer ordered in the room?
        # Which offence each escalating comment counted in, and the offence behind each viewer's
        # latest mute or ban: undoing the action (unmute, approve) takes that offence back.
        self._offence_of: dict[tuple[str, str], tuple[str, float]] = {}
        self._silenced_for: dict[tuple[str, str], float] = {}
        # Per viewer, when the mute or ban this seat gave (a moderator's or a rule's) ends, on the
        # monotonic clock (a ban: never). Platforms keep the *latest* mute's end, so a rule's shorter
        # mute sent after a longer one would cut it short: rules do not send one then.
        self._silenced_until: dict[tuple[str, str, str], float] = {}
        # Per viewer, how many times staff lifted a mute or ban: one decided before the latest lift
        # (queued, or waiting to be tried again) is dropped, not sent over the moderator's unmute.
        self._lifts: dict[tuple[str, str, str], int] = {}
        # What the platform says of each viewer, whoever silenced them (another seat's moderator too),
        # from the room's events (the desk passes them on). Its times are the platform's: the session
        # gives it that platform's clock (session/crew_moderation.py); until then, ours.
        self.standings = ViewerStandings(lambda connection_id: self.clock.now(), clock.monotonic)
        self.standings.lifted = lambda viewer, change: self._taken_back(viewer, ban=change == "unbanned")

    def lifts(self, comment: Comment) -> int:
        return self._lifts.get(_viewer(comment), 0)

    def silenced_at_least(self, comment: Comment, action: Action, minutes: int) -> bool:
        """Whether a mute or ban as strong as this one (`action`, `minutes`) is in force already:
        one this seat gave, or one the platform said the viewer has (from any seat)."""
        if self.standings.silenced_at_least(comment, action, minutes):
            return True
        until = self._silenced_until.get(_viewer(comment))
        if until is None:
            return False
        return until == math.inf if action == Action.BAN else until >= self.clock.monotonic() + minutes * 60

    async def apply(self, comment: Comment, verdict: Verdict, *, actor: str = "") -> None:
        """Act on an automatic verdict (the pipeline's). SHOW/HIGHLIGHT need nothing."""
        decision = self.decide(comment, verdict, actor=actor)
        if decision is not None:
            await self.perform(comment, decision.action, decision.reason, actor=decision.actor,
                               minutes=decision.minutes, automatic=True, lifts=decision.lifts)

    def decide(self, comment: Comment, verdict: Verdict, *, actor: str = "") -> "Decision | None":
        """What an automatic verdict comes to after escalation (counting the offence), or None
        when nothing is to be done on the platform. Test mode is logged here and ends here."""
        if verdict.action <= Action.HIGHLIGHT or verdict.exempt:
            return None
        reason = verdict.reason or QT_TRANSLATE_NOOP("Moderation", "rule")
        actor = actor or verdict.rule
        if verdict.dry_run:
            self.modlog.add(actor, comment, verdict.action, reason, LOGGED, dry_run=True,
                            detail=QT_TRANSLATE_NOOP("Moderation", "test mode: nothing was done"))
            return None
        action, minutes = verdict.action, verdict.mute_minutes
        offence = None
        if action >= Action.DELETE and verdict.escalates:
            count = self.escalation.record(comment.user_id, self.clock.monotonic())   # wall clock set back: the ladder climbs on
            offence = self._remember_offence(comment)
            step = self.escalation.step(count)
            if step.action > action or (step.action == action == Action.MUTE and step.minutes > minutes):
                action, minutes = step.action, step.minutes
                reason = QT_TRANSLATE_NOOP("Moderation", "{reason} (offence {n})").fill(reason=reason, n=count)
        if action > Action.DELETE and self.is_buyer(comment):
            action = Action.DELETE
            reason = QT_TRANSLATE_NOOP("Moderation", "{reason} (has ordered in this room: deleted, not muted or "
                                                     "banned)").fill(reason=reason)
        if offence is not None and action in (Action.MUTE, Action.BAN):
            self._silenced_for[(comment.connection_id, comment.user_id)] = offence
        return Decision(action, minutes, reason, actor, self.lifts(comment))

    def hide_here(self, comment: Comment, action: Action, reason: Text, actor: str) -> None:
        """Hiding in this console (or holding): no platform request, so never queued or waited for."""
        self.target.hide_locally(comment)
        self.modlog.add(actor, comment, action, reason, LOGGED)

    async def perform(self, comment: Comment, action: Action, reason: Text, *, actor: str,
                      minutes: int = 10, automatic: bool = False, lifts: int | None = None) -> None:
        """Do one action (also the moderators' clicks): delete, hide, mute, ban, with fallback.
        The comment's removal and the viewer's mute or ban are separate requests with separate
        results: a delete that fails (the platform already removed the comment, a rate limit)
        does not stop the ban. A rule's (`automatic`) mute or ban is not sent where one as strong
        is in force; none is sent once staff lifted the viewer's mute or ban after `lifts`."""
        t = self.target
        if action in (Action.HIDE_LOCAL, Action.HOLD):
            self.hide_here(comment, action, reason, actor)
            return
        lifts = self.lifts(comment) if lifts is None else lifts
        by = ActedBy(actor, rule=automatic)   # a verdict's (its rule is the actor), or a person's click
        await self._remove(t, comment, action, reason, by)
        if action not in (Action.MUTE, Action.BAN):
            return
        if automatic and lifts == self.lifts(comment):   # where the room's events do not say, asked
            await self.standings.learn(comment, lambda c: t.viewer_standing(c))
        if lifts != self.lifts(comment):
            self._deleted_only(actor, comment, reason, LIFTED_MEANWHILE)
        elif automatic and self.silenced_at_least(comment, action, minutes):
            self._deleted_only(actor, comment, reason, SILENCED_ALREADY)
        else:
            await self._silence(t, comment, action, reason, by, minutes, lifts)

    async def _silence(self, t: ModerationTarget, comment: Comment, action: Action, reason: Text, by: ActedBy,
                       minutes: int, lifts: int) -> None:
        """Mute or ban the viewer (the comment is dealt with), noting until when: from before the
        request leaves, so that a rule's shorter mute decided meanwhile waits for this one."""
        conn, actor = comment.connection_id, by.name
        english = reason.english()
        viewer = _viewer(comment)
        before = self._silenced_until.get(viewer)
        if before is None and len(self._silenced_until) >= OFFENCES_REMEMBERED:
            now = self.clock.monotonic()
            self._silenced_until = {v: end for v, end in self._silenced_until.items() if end > now}
        until = math.inf if action == Action.BAN or before == math.inf else self.clock.monotonic() + minutes * 60
        self._silenced_until[viewer] = until
        wanted = lambda: self._lifts.get(viewer, 0) == lifts  # noqa: E731
        try:
            if action == Action.MUTE:
                if t.supports(Capability.MUTE, conn):
                    await self._attempt(lambda: t.mute_viewer(comment, minutes * 60, english, by=by), wanted)
                    self.modlog.add(actor, comment, action, reason, LOGGED,
                                    detail=QT_TRANSLATE_NOOP("Moderation", "muted for {n} min").fill(n=minutes))
                    return
                self._fell_back(t, actor, comment, action, reason, Capability.MUTE)
            elif t.supports(Capability.BAN, conn):
                await self._attempt(lambda: t.ban_viewer(comment, english, by=by), wanted)
                self.modlog.add(actor, comment, action, reason, LOGGED)
                return
            else:
                self._fell_back(t, actor, comment, action, reason, Capability.BAN)
        except Lifted:
            self._deleted_only(actor, comment, reason, LIFTED_MEANWHILE)
        except Exception as exc:  # a platform error must not take the feed down
            self._failed(actor, comment, action, reason, exc)
        # Not silenced on the platform: what was in force before still is (unless lifted meanwhile).
        if self._silenced_until.get(viewer) == until and wanted():
            if before is None:
                del self._silenced_until[viewer]
            else:
                self._silenced_until[viewer] = before

    def _deleted_only(self, actor: str, comment: Comment, reason: Text, why: Text) -> None:
        self.modlog.add(actor, comment, Action.DELETE, reason, LOGGED, detail=why)

    async def _remove(self, t: ModerationTarget, comment: Comment, action: Action, reason: Text, by: ActedBy) -> None:
        """Delete the comment (for delete, mute and ban), or hide it where deleting is impossible.
        A failure is logged (as the delete's own line) and told to the target `t` the action
        started on, never raised."""
        conn, actor = comment.connection_id, by.name
        english = reason.english()
        try:
            if t.supports(Capability.DELETE_COMMENT, conn):
                try:
                    await self._attempt(lambda: t.delete_comment(comment, english, by=by))
                except Exception as exc:
                    if getattr(exc, "kind", None) != "not_found":
                        raise
                    # Removed already (by the platform, or by other staff): what was asked is done.
                    t.removal_settled(comment, removed=True)
                    self.modlog.add(actor, comment, Action.DELETE, reason, LOGGED, detail=QT_TRANSLATE_NOOP(
                        "Moderation", "the platform had already removed it"))
                    return
                if action == Action.DELETE:
                    self.modlog.add(actor, comment, action, reason, LOGGED)
            elif t.supports(Capability.HIDE_COMMENT, conn):
                await self._attempt(lambda: t.hide_comment(comment, english, by=by))
                self.modlog.add(actor, comment, action, reason, FELL_BACK, detail=QT_TRANSLATE_NOOP(
                    "Moderation", "{platform} cannot delete comments; hidden on the platform instead").fill(
                    platform=t.platform_name(conn)))
            else:
                self._fell_back(t, actor, comment, Action.DELETE, reason, Capability.DELETE_COMMENT)
        except Exception as exc:
            self._failed(actor, comment, Action.DELETE, reason, exc)
            t.removal_settled(comment, removed=False)

    async def _attempt(self, request: Callable[[], Awaitable[None]],
                       wanted: Callable[[], bool] | None = None) -> None:
        """One platform request, tried again while its failure is a passing one (a rate limit, the
        platform unreachable): a bounded number of times, backing off, and never sooner than a
        rate limit asks. Lifted, before a try, once `wanted` says the request is wanted no more."""
        for attempt in range(RETRIES + 1):
            if wanted is not None and not wanted():
                raise Lifted()
            try:
                await request()
                return
            except Exception as exc:
                if attempt == RETRIES or not getattr(exc, "retryable", False):
                    raise
                wait = max(BACKOFF_S * 2 ** attempt, getattr(exc, "retry_after", None) or 0.0)
                await self._sleep(min(wait, LONGEST_WAIT_S))

    def _failed(self, actor: str, comment: Comment, action: Action, reason: Text, exc: Exception) -> None:
        log.warning("moderation %s on %s failed: %s", action.name, comment.id, exc)
        self.modlog.add(actor, comment, action, reason, FAILED, detail=_failure(exc))

    def _fell_back(self, t: ModerationTarget, actor: str, comment: Comment, action: Action, reason: Text,
                   capability: Capability) -> None:
        # `t`: the target the action started on; `self.target` may be another room's by now.
        t.hide_locally(comment)
        self.modlog.add(actor, comment, action, reason, FELL_BACK, detail=QT_TRANSLATE_NOOP(
            "Moderation", "{platform} cannot do {capability}; hidden locally instead").fill(
            platform=t.platform_name(comment.connection_id), capability=capability.label))

    def _remember_offence(self, comment: Comment) -> float | None:
        """Note which offence this comment counted in (to take back if staff undo it); its time."""
        at = self.escalation.latest(comment.user_id)
        if at is None:
            return None
        self._offence_of[(comment.connection_id, comment.id)] = (comment.user_id, at)
        if len(self._offence_of) > OFFENCES_REMEMBERED:
            del self._offence_of[next(iter(self._offence_of))]
        if len(self._silenced_for) > OFFENCES_REMEMBERED:
            del self._silenced_for[next(iter(self._silenced_for))]
        return at

    def forgive(self, comment: Comment) -> None:
        """Staff undid what a rule did to this comment (approved it): its offence no longer counts."""
        counted = self._offence_of.pop((comment.connection_id, comment.id), None)
        if counted is not None:
            self.escalation.forget(*counted)

    async def unmute(self, comment: Comment, *, actor: str) -> None:
        await self._lift(comment, Capability.MUTE, QT_TRANSLATE_NOOP("Moderation", "unmuted by {actor}").fill(
            actor=actor), actor, lambda t, why: t.unmute_viewer(comment, why, by=ActedBy(actor)))

    async def unban(self, comment: Comment, *, actor: str) -> None:
        await self._lift(comment, Capability.BAN, QT_TRANSLATE_NOOP("Moderation", "unbanned by {actor}").fill(
            actor=actor), actor, lambda t, why: t.unban_viewer(comment, why, by=ActedBy(actor)))

    async def _lift(self, comment: Comment, capability: Capability, reason: Text, actor: str,
                    request: Callable[[ModerationTarget, str], Awaitable[None]]) -> None:
        """Take back a mute or ban. It was a mistake: the offence that climbed to it no longer counts
        (the next one would otherwise go straight to 60 minutes, then a ban)."""
        viewer = _viewer(comment)
        self._taken_back(viewer, ban=capability == Capability.BAN)
        sent = False
        try:
            if self.target.supports(capability, comment.connection_id):
                self.standings.lifting(viewer)   # its event, when it comes, is not another seat's lift
                sent = True
                await request(self.target, reason.english())
            self.modlog.add(actor, comment, Action.SHOW, reason, LOGGED)
        except Exception as exc:
            if sent:
                self.standings.not_lifted(viewer)
            self.modlog.add(actor, comment, Action.SHOW, reason, FAILED, detail=_failure(exc))

    def _taken_back(self, viewer: ViewerKey, *, ban: bool) -> None:
        """Staff lifted the viewer's mute (`ban`: ban), here or on another seat (the room's events
        said): the offence behind this seat's last mute or ban no longer counts, and what was
        decided before it — queued, or waiting to be tried again — is dropped."""
        connection_id, _room_id, user_id = viewer
        at = self._silenced_for.pop((connection_id, user_id), None)
        if at is not None:
            self.escalation.forget(user_id, at)
        self._lifts[viewer] = self._lifts.get(viewer, 0) + 1
        if ban or self._silenced_until.get(viewer) != math.inf:   # unmuted, still banned
            self._silenced_until.pop(viewer, None)


LIFTED_MEANWHILE = QT_TRANSLATE_NOOP("Moderation", "the viewer was unmuted or unbanned meanwhile; deleted only")
SILENCED_ALREADY = QT_TRANSLATE_NOOP("Moderation", "the viewer is already muted for longer or banned; deleted only")


def _failure(exc: Exception) -> Text:
    """Why a moderation request failed: the platform's own (translatable) words where it has them."""
    why = getattr(exc, "message", None)
    return why if isinstance(why, Text) else QT_TRANSLATE_NOOP("Moderation", "failed: {error}").fill(
        error=type(exc).__name__)   # not a platform's refusal: a bug's name (the log has the rest)


def _strength(decision: Decision) -> tuple[Action, int]:
    """How hard a mute or ban silences: a ban over any mute, a longer mute over a shorter one."""
    return decision.action, decision.minutes if decision.action == Action.MUTE else 0


class ActionQueue:
    """Automatic actions wait here and go out a few at a time, bans before mutes before deletes.

    A spam wave can ask for hundreds of deletions a second, more than any platform accepts (and
    the same connection carries the assistant's shelf and money actions, which must not wait
    behind them). So at most `workers` moderation requests are in flight; a ban or mute, which
    silences a spammer for good, overtakes pending deletions; and when the backlog passes
    `max_backlog` the oldest pending deletion (the mildest action) is given up — that comment
    stays hidden in this console and the mod log says why. Each connection has its own lines and
    backlog, and the workers take turns between connections: a spam wave on one platform (or one
    slowed by its rate limit) neither holds up nor crowds out the deletions on another. Nothing here
    touches Qt: `run()` is a coroutine the ui starts and cancels."""

    def __init__(self, enforcer: Enforcer, *, workers: int = 3, max_backlog: int = 300) -> None:
        self.enforcer = enforcer
        self.workers = workers
        self.max_backlog = max_backlog
        # One first-in-first-out line per action (most severe first) and connection (in turn, the
        # one served last at the end): O(1) to add, take, give up. Empty lines are dropped.
        self._lines: dict[Action, dict[str, collections.deque[tuple[Comment, Decision]]]] = {
            a: {} for a in (Action.BAN, Action.MUTE, Action.DELETE)}
        self._size = 0
        self._sizes: collections.Counter[str] = collections.Counter()   # waiting, per connection
        # The mutes and bans queued or in flight, per viewer: one spammer's burst is one mute, not one
        # per comment jumping ahead of everyone else's deletions (only a stronger step is queued beside it).
        self._silencing: dict[tuple[str, str], list[tuple[tuple[Action, int], int]]] = {}
        self._ready = asyncio.Event()
        self.in_flight = 0
        self.done = 0
        self.given_up = 0
        self._generation = 0   # bumped by `clear`: an action taken out before it is for another room
        # With seats in sync, asked before each automatic action (session/crew_moderation.py): True,
        # this seat acts; False, another seat acts on (or has acted on) this comment, so this one does
        # not; None, it could not be asked (the crew's server did not answer): hidden here only.
        self.claim: Callable[[Comment], Awaitable[bool | None]] | None = None

    def __len__(self) -> int:
        return self._size

    def clear(self) -> None:
        """Forget the actions still waiting (they were for a room the desk no longer follows)."""
        for lines in self._lines.values():
            lines.clear()
        self._size = 0
        self._sizes.clear()
        self._silencing.clear()   # the old room's viewers (one still in flight finds nothing to take off)
        self._generation += 1

    def submit(self, comment: Comment, verdict: Verdict) -> Decision | None:
        """Queue what a verdict calls for (after escalation); returns the decision, if any."""
        decision = self.enforcer.decide(comment, verdict)
        if decision is None:
            return None
        if decision.action in (Action.HIDE_LOCAL, Action.HOLD):
            self.enforcer.hide_here(comment, decision.action, decision.reason, decision.actor)
            return decision
        if decision.action in (Action.MUTE, Action.BAN):
            viewer = (comment.connection_id, comment.user_id)
            pending = self._silencing.setdefault(viewer, [])
            strength = _strength(decision)
            # (those queued before staff lifted the viewer's mute or ban will be dropped: they do not count)
            if any(s >= strength for s, lifts in pending if lifts == decision.lifts) or \
                    self.enforcer.silenced_at_least(comment, decision.action, decision.minutes):
                decision = Decision(Action.DELETE, 0, QT_TRANSLATE_NOOP(
                    "Moderation", "{reason} (already being muted or banned: deleted only)").fill(
                    reason=decision.reason), decision.actor, decision.lifts)
            else:
                pending.append((strength, decision.lifts))
        connection = comment.connection_id
        self._lines[decision.action].setdefault(connection, collections.deque()).append((comment, decision))
        self._size += 1
        self._sizes[connection] += 1
        if self._sizes[connection] > self.max_backlog:
            self._give_up_mildest(connection)
        self._ready.set()
        return decision

    def _take(self, connection: str | None = None) -> tuple[Comment, Decision]:
        """The next action out of the lines, oldest first in its line."""
        if connection is None:   # the most severe waiting; between connections, in turn
            lines = next(ls for ls in self._lines.values() if ls)
            connection = next(iter(lines))
        else:                    # the mildest of this connection's own (to give up)
            lines = next(ls for ls in reversed(self._lines.values()) if connection in ls)
        line = lines.pop(connection)
        item = line.popleft()
        if line:
            lines[connection] = line   # back in, at the end: the other connections go first
        self._size -= 1
        self._sizes[connection] -= 1
        if not self._sizes[connection]:
            del self._sizes[connection]
        return item

    def _give_up_mildest(self, connection: str) -> None:
        comment, decision = self._take(connection)
        self.given_up += 1
        self._silenced(comment, decision)
        self.enforcer.target.hide_locally(comment)
        self.enforcer.modlog.add(decision.actor, comment, decision.action, decision.reason, FELL_BACK,
                                 detail=QT_TRANSLATE_NOOP("Moderation",
                                                          "too many actions at once; hidden here only"))

    async def run(self) -> None:
        """The workers, as one task to own and cancel: cancelling it cancels and awaits them all."""
        async with asyncio.TaskGroup() as group:
            for n in range(self.workers):
                group.create_task(self._work(), name=f"moderation-worker-{n + 1}")

    async def _work(self) -> None:
        while True:
            while not self._size:
                self._ready.clear()
                await self._ready.wait()
            comment, d = self._take()
            generation = self._generation
            self.in_flight += 1
            try:
                claimed = True if self.claim is None else await self.claim(comment)
                if generation != self._generation:
                    continue   # cleared while it was being claimed: the desk follows another room now
                if claimed is None:
                    self._unsure(comment, d)
                    continue
                if not claimed:
                    continue   # another seat acts on it (or acted already): never twice
                await self.enforcer.perform(comment, d.action, d.reason, actor=d.actor, minutes=d.minutes,
                                            automatic=True, lifts=d.lifts)
            except Exception:  # one action's bug must not stop the worker (perform logs platform errors)
                log.exception("moderation %s on %s failed unexpectedly", d.action.name, comment.id)
            finally:
                self._silenced(comment, d)
                self.in_flight -= 1
                self.done += 1

    def _unsure(self, comment: Comment, decision: Decision) -> None:
        """Whether another seat acts on it is not known: acting here might act twice on the
        platform, so it is only hidden here — out of the anchor's sight, and said in the log."""
        self.enforcer.target.hide_locally(comment)
        self.enforcer.modlog.add(decision.actor, comment, decision.action, decision.reason, FELL_BACK,
                                 detail=QT_TRANSLATE_NOOP("Moderation", "the crew's server could not be asked "
                                                                        "whether another seat acts; hidden here only"))

    def _silenced(self, comment: Comment, decision: Decision) -> None:
        """A mute or ban left the queue (done, failed or given up): the viewer's next offence may silence again."""
        if decision.action not in (Action.MUTE, Action.BAN):
            return
        viewer = (comment.connection_id, comment.user_id)
        pending = self._silencing.get(viewer)
        strength = (_strength(decision), decision.lifts)
        if pending is not None and strength in pending:
            pending.remove(strength)
            if not pending:
                del self._silencing[viewer]
