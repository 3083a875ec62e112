"""Carrying out verdicts — and the moderators' own clicks — on the platform, with escalation for
repeat offenders, a local fallback where the platform cannot act, and a mod-log line for every
action with its reason and result.

Escalation: a viewer's offences within a window climb a ladder (by default: delete, mute 10 min,
mute 60 min, ban); the verdict's own action is a floor. Where the comment's platform cannot
delete, mute or ban, the comment is hidden locally instead and the log says so."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import Clock
from anchor_console.domain.models import Comment
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.moderation.modlog import FAILED, FELL_BACK, LOGGED, ModLog
from anchor_console.moderation.pipeline import Verdict
from anchor_console.moderation.wordlists import Action

log = logging.getLogger("anchor_console.moderation")


class ModerationTarget(Protocol):
    """What enforcement needs from the room (the ui wires a LiveRoom behind it)."""

    def supports(self, capability: Capability, connection_id: str) -> bool: ...

    def platform_name(self, connection_id: str) -> str: ...

    async def delete_comment(self, comment: Comment, reason: str) -> None: ...

    async def hide_comment(self, comment: Comment, reason: str) -> None: ...

    async def mute_viewer(self, comment: Comment, seconds: int, reason: str) -> None: ...

    async def unmute_viewer(self, comment: Comment, reason: str) -> None: ...

    async def ban_viewer(self, comment: Comment, reason: str) -> None: ...

    def hide_locally(self, comment: Comment) -> None:
        """Hide in this console only (always possible)."""


@dataclass(frozen=True, slots=True)
class Step:
    action: Action
    minutes: int = 0


DEFAULT_LADDER = (Step(Action.DELETE), Step(Action.MUTE, 10), Step(Action.MUTE, 60), Step(Action.BAN))


@dataclass
class Escalation:
    ladder: tuple[Step, ...] = DEFAULT_LADDER
    window_s: float = 24 * 3600      # offences older than this are forgotten
    max_tracked: int = 50_000
    _offences: dict[str, list[float]] = field(default_factory=dict)

    def record(self, user: str, now: float) -> int:
        """Count this offence; returns the viewer's offences within the window (1 = first)."""
        times = [t for t in self._offences.get(user, ()) if now - t <= self.window_s]
        times.append(now)
        self._offences[user] = times
        if len(self._offences) > self.max_tracked:
            oldest = sorted(self._offences, key=lambda u: self._offences[u][-1])[: self.max_tracked // 4]
            for u in oldest:
                del self._offences[u]
        return len(times)

    def offences(self, user: str, now: float) -> int:
        return sum(1 for t in self._offences.get(user, ()) if now - t <= self.window_s)

    def step(self, count: int) -> Step:
        return self.ladder[min(count, len(self.ladder)) - 1]


class Enforcer:
    def __init__(self, target: ModerationTarget, modlog: ModLog, clock: Clock, *,
                 escalation: Escalation | None = None) -> None:
        self.target = target
        self.modlog = modlog
        self.clock = clock
        self.escalation = escalation or Escalation()

    async def apply(self, comment: Comment, verdict: Verdict, *, actor: str = "") -> None:
        """Act on an automatic verdict (the pipeline's). SHOW/HIGHLIGHT need nothing."""
        if verdict.action <= Action.HIGHLIGHT or verdict.exempt:
            return
        reason = verdict.reason or QT_TRANSLATE_NOOP("Moderation", "rule")
        actor = actor or verdict.rule
        if verdict.dry_run:
            self.modlog.add(actor, comment, verdict.action, reason, LOGGED, dry_run=True,
                            detail=QT_TRANSLATE_NOOP("Moderation", "test mode: nothing was done"))
            return
        action, minutes = verdict.action, verdict.mute_minutes
        if action >= Action.DELETE:
            count = self.escalation.record(comment.user_id, self.clock.now())
            step = self.escalation.step(count)
            if step.action > action or (step.action == action == Action.MUTE and step.minutes > minutes):
                action, minutes = step.action, step.minutes
                reason = QT_TRANSLATE_NOOP("Moderation", "{reason} (offence {n})").fill(reason=reason, n=count)
        await self.perform(comment, action, reason, actor=actor, minutes=minutes)

    async def perform(self, comment: Comment, action: Action, reason: Text, *, actor: str,
                      minutes: int = 10) -> None:
        """Do one action (also the moderators' clicks): delete, hide, mute, ban, with fallback."""
        t = self.target
        conn = comment.connection_id
        english = reason.english()
        try:
            if action == Action.HIDE_LOCAL:
                t.hide_locally(comment)
                self.modlog.add(actor, comment, action, reason, LOGGED)
                return
            if action == Action.HOLD:
                t.hide_locally(comment)
                self.modlog.add(actor, comment, action, reason, LOGGED)
                return
            await self._remove(comment, action, reason, actor, english)
            if action == Action.MUTE:
                if t.supports(Capability.MUTE, conn):
                    await t.mute_viewer(comment, minutes * 60, english)
                    self.modlog.add(actor, comment, action, reason, LOGGED,
                                    detail=QT_TRANSLATE_NOOP("Moderation", "muted for {n} min").fill(n=minutes))
                else:
                    self._fell_back(actor, comment, action, reason, Capability.MUTE)
            elif action == Action.BAN:
                if t.supports(Capability.BAN, conn):
                    await t.ban_viewer(comment, english)
                    self.modlog.add(actor, comment, action, reason, LOGGED)
                else:
                    self._fell_back(actor, comment, action, reason, Capability.BAN)
        except Exception as exc:  # a platform error must not take the feed down
            log.warning("moderation %s on %s failed: %s", action.name, comment.id, exc)
            why = getattr(exc, "message", None)
            self.modlog.add(actor, comment, action, reason, FAILED,
                            detail=why if isinstance(why, Text) else QT_TRANSLATE_NOOP(
                                "Moderation", "failed: {error}").fill(error=str(exc)[:200]))

    async def _remove(self, comment: Comment, action: Action, reason: Text, actor: str, english: str) -> None:
        """Delete the comment (for delete, mute and ban), or hide it where deleting is impossible."""
        t = self.target
        conn = comment.connection_id
        if t.supports(Capability.DELETE_COMMENT, conn):
            await t.delete_comment(comment, english)
            if action == Action.DELETE:
                self.modlog.add(actor, comment, action, reason, LOGGED)
        elif t.supports(Capability.HIDE_COMMENT, conn):
            await t.hide_comment(comment, english)
            self.modlog.add(actor, comment, action, reason, FELL_BACK, detail=QT_TRANSLATE_NOOP(
                "Moderation", "{platform} cannot delete comments; hidden on the platform instead").fill(
                platform=t.platform_name(conn)))
        else:
            self._fell_back(actor, comment, Action.DELETE, reason, Capability.DELETE_COMMENT)

    def _fell_back(self, actor: str, comment: Comment, action: Action, reason: Text, capability: Capability) -> None:
        self.target.hide_locally(comment)
        self.modlog.add(actor, comment, action, reason, FELL_BACK, detail=QT_TRANSLATE_NOOP(
            "Moderation", "{platform} cannot do {capability}; hidden locally instead").fill(
            platform=self.target.platform_name(comment.connection_id), capability=capability.label))

    async def unmute(self, comment: Comment, *, actor: str) -> None:
        reason = QT_TRANSLATE_NOOP("Moderation", "unmuted by {actor}").fill(actor=actor)
        try:
            if self.target.supports(Capability.MUTE, comment.connection_id):
                await self.target.unmute_viewer(comment, reason.english())
            self.modlog.add(actor, comment, Action.SHOW, reason, LOGGED)
        except Exception as exc:
            self.modlog.add(actor, comment, Action.SHOW, reason, FAILED,
                            detail=QT_TRANSLATE_NOOP("Moderation", "failed: {error}").fill(error=str(exc)[:200]))
