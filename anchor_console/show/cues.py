"""How a run-of-show cue acts on the room: as a typed command through the live room, journalled
under the cue's action key, so a cue fires at most once per run even across retries and crashes.
A money cue meeting the same action from a button — still out, or pressed and left without an
answer — joins that action (the live room's rule; the cue's key then names it) and records its outcome.
A message to the anchor goes to the presenter view instead of a platform. A lucky bag goes through
the session's giveaways desk (`LuckyBagStarter`), which keeps the draw's seed before the bag
starts; a red packet, like every action on one platform only, goes to the room's first platform
that can send it."""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Protocol

from anchor_console.domain.events import Event
from anchor_console.domain.giveaways import LuckyBagSetup
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, joined
from anchor_console.room import commands
from anchor_console.room.journal import CONFIRMED, SKIPPED, UNKNOWN
from anchor_console.room.live_room import NOT_CONNECTED, LiveRoom
from anchor_console.show import model
from anchor_console.show.timeline_types import CueOutcome

log = logging.getLogger("anchor_console.cues")


def cue_command(cue: model.Cue) -> commands.Command | None:
    """The room command a cue fires, or None for a message to the anchor or a lucky bag (its seed is
    the giveaways desk's: see LuckyBagStarter). Each cue action says its own (`command()`)."""
    return cue.action.command()


class LuckyBagStarter(Protocol):
    """Starts a lucky bag with a freshly kept seed (session.giveaways.Giveaways.start_lucky_bag);
    its answer has `ok`, `reason` (Text | None) and `outcome` (the journal's ActionOutcome | None)."""

    def __call__(self, setup: LuckyBagSetup, *, origin: str, action_key: str) -> Awaitable[Any]: ...


class RoomCueExecutor:
    def __init__(self, room: Callable[[], LiveRoom | None], *, actor: Callable[[], str],
                 start_lucky_bag: LuckyBagStarter | None = None) -> None:
        self._room = room
        self._actor = actor
        self._start_lucky_bag = start_lucky_bag
        self.anchor_message = Event("cues.anchor_message")   # (text, cue id)
        # Asked before a cue is sent: None to send it, or the outcome to record instead (a run that
        # took a gone seat's show over: that seat may have paid this cue already, session/take_over_check.py)
        self.vet: Callable[[model.Cue, str], Awaitable[CueOutcome | None]] | None = None

    async def execute(self, cue: model.Cue, *, action_key: str) -> CueOutcome:
        if isinstance(cue.action, model.AnchorMessage):
            self.anchor_message.emit(cue.action.text, cue.id)
            return CueOutcome.success()
        if self.vet is not None and (instead := await self.vet(cue, action_key)) is not None:
            return instead
        run_id = action_key.split(":")[1] if action_key.count(":") >= 3 else ""
        origin = f"cue:{run_id}:{cue.id}"
        if isinstance(cue.action, model.StartLuckyBag):
            return await self._lucky_bag(cue.action.setup, origin, action_key)
        command = cue_command(cue)
        room = self._room()
        if command is None or room is None:
            return CueOutcome.failure(NOT_CONNECTED)
        connection_id = None
        if command.per_connection:   # one place only (a red packet): the first platform that can
            connection_id = next((b.connection_id for b in room.bindings if b.platform.supports(command.capability)),
                                 None)
            if connection_id is None:
                why = next((r for _, r in room.why_not(command.capability) if r is not None), None)
                return CueOutcome.failure(why or QT_TRANSLATE_NOOP("Show", "No platform of this room can do this"))
        outcome = await room.perform(command, origin=origin, action_key=action_key, actor=self._actor(),
                                     connection_id=connection_id)
        return self._outcome(outcome)

    async def _lucky_bag(self, setup: LuckyBagSetup, origin: str, action_key: str) -> CueOutcome:
        if self._start_lucky_bag is None or self._room() is None:
            return CueOutcome.failure(NOT_CONNECTED)
        started = await self._start_lucky_bag(setup, origin=origin, action_key=action_key)
        if started.outcome is not None:
            return self._outcome(started.outcome)
        return CueOutcome.success() if started.ok else CueOutcome.failure(
            started.reason or QT_TRANSLATE_NOOP("Show", "The cue failed"))

    @staticmethod
    def _outcome(outcome) -> CueOutcome:
        if outcome.status == CONFIRMED:
            return CueOutcome.success()
        reasons = joined((QT_TRANSLATE_NOOP("Show", "{platform}: {reason}").fill(platform=platform, reason=reason)
                          for platform, reason in outcome.reasons()), "; ")
        if outcome.status == SKIPPED:
            return CueOutcome.failure(outcome.reasons()[0][1] if outcome.reasons() else QT_TRANSLATE_NOOP(
                "Show", "No platform of this room can do this"))
        if outcome.status == UNKNOWN:
            return CueOutcome.failure(QT_TRANSLATE_NOOP(
                "Show", "No answer from the platform; retrying is safe ({detail})").fill(detail=reasons))
        first = next((r for _, r in outcome.reasons()), None)
        return CueOutcome.failure(first if isinstance(first, Text) else QT_TRANSLATE_NOOP("Show", "The cue failed"))
