"""Before the seat that took a show over sends one of its money cues (no Qt): was it paid already?

The seat that went may have fired the cue in its last moment — after its last broadcast, before
its shared log got out (a cue fired early by hand, or one just due) — and the platform applied it.
The cues it said it fired are never sent again (show_follow.take_over_point); for the others, the
first send in the run taken over looks on each platform the cue goes to for a batch, sale, red
packet or lucky bag with the cue's very terms made since that seat last said what it fired:

  found       on every platform: the cue is adopted (recorded done, not sent), and the operator told
  not found   on every platform that can say: it is sent (also past the crew's guard, which a
              pending entry the gone seat wrote ahead of that cue would hold back for good)
  can't tell  (a platform that lists no such thing, no answer, found on some only, or another cue of
              the same terms that seat fired may account for what was found): not sent; the cue
              fails with the question, and Retry — the operator's answer — sends it.

Non-money cues are not looked for: staging a product or muting the room again changes nothing,
and an announcement said twice costs nothing (a cue of them already due still waits for a GO)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from anchor_console.domain.notice import Level
from anchor_console.domain.models import FlashSale, FlashSaleSpec, FlashSaleState
from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.platforms.errors import PlatformError
from anchor_console.room import commands
from anchor_console.room.journal import CONFIRMED, FAILED
from anchor_console.room.platform_ids import Unlinked
from anchor_console.show import model
from anchor_console.show.timeline_types import CueOutcome

if TYPE_CHECKING:
    from anchor_console.room.live_room import Binding
    from anchor_console.session.seats import CrewSeats
    from anchor_console.session.show_follow import LeftShow

log = logging.getLogger("anchor_console.session.take_over_check")
MARGIN_S = 2.0   # before the window, for the two seats' estimates of Studio's time
ADOPTED = QT_TRANSLATE_NOOP("Crew", "“{cue}” was not sent again: {name}'s seat sent it just before it went, and "
                                    "{platform} has it. It is marked done here.")
HELD = QT_TRANSLATE_NOOP("Crew", "Held, not sent: {name}'s seat may have sent it just before it went, and "
                                 "{platform} cannot say. Look there first; Retry cue sends it.")
FOUND, ABSENT, UNSURE = "found", "absent", "unsure"


def _command(cue: model.Cue) -> commands.Command | None:
    """The room command a cue fires: a lucky bag's with no commitment yet (each start makes a fresh
    seed, so it is no part of what the bag is)."""
    if isinstance(cue.action, model.StartLuckyBag):
        return commands.StartLuckyBag(cue.action.setup, "")
    return cue.action.command()


def money_cue(cue: model.Cue) -> bool:
    """A cue that pays out (coupons, flash sale, red packet, lucky bag)."""
    command = _command(cue)
    return command is not None and command.money


def _terms(cue: model.Cue) -> Any:
    """What two cues firing the same money action share (their ids differ)."""
    command = _command(cue)
    return (command.kind, command.terms(command.params())) if command is not None else None


def _spec_of(sale: FlashSale) -> FlashSaleSpec:
    return FlashSaleSpec(*(getattr(sale, f.name) for f in fields(FlashSaleSpec)))


@dataclass
class TakeOverCheck:
    """The run `run_id` here took over the live show `left` behind at Studio time `took_over_at`."""

    seats: CrewSeats
    left: LeftShow
    run_id: str
    took_over_at: float
    asked: set[str] = field(default_factory=set)   # cues held for the operator once: Retry sends them

    @property
    def window(self) -> tuple[float, float]:
        """Studio times between which the gone seat's last fires were made: from its last word (less
        the seats' error on Studio's time) to the take-over (it had gone seconds before; what this
        run sends comes after)."""
        return self.left.said_at - MARGIN_S, self.took_over_at

    async def vet(self, cue: model.Cue, show: model.Show | None) -> CueOutcome | None:
        """None to send the cue; else what to record instead of sending it (adopted, or held)."""
        if not money_cue(cue) or cue.id in self.asked:
            return None
        room = self.seats.room
        if room is None:
            return None   # the send says the room is not connected
        verdicts = [(b.platform.display_name, await self._look(b, cue)) for b in self._targets(room, cue)]
        if not verdicts:
            return None   # nowhere to send it: the send says so
        others = self._others_fired_there(cue, show)
        name = self.left.caller_name or "?"
        if all(v == ABSENT for _, v in verdicts):
            self._excuse(cue.id)
            return None
        if all(isinstance(v, int) and v > others for _, v in verdicts):
            platforms = ", ".join(p for p, _ in verdicts)
            log.info("%s adopted: found on %s", cue.id, platforms)
            self.seats.notify(ADOPTED.fill(cue=cue.action.describe(), name=name, platform=platforms), Level.INFO)
            return CueOutcome.success()
        self.asked.add(cue.id)
        unsure = ", ".join(p for p, v in verdicts if v == UNSURE or isinstance(v, int)) or verdicts[0][0]
        return CueOutcome.failure(HELD.fill(name=name, platform=unsure))

    def _targets(self, room, cue: model.Cue) -> list[Binding]:
        command = _command(cue)
        able = [b for b in room.bindings if b.platform.supports(command.capability)]
        return able[:1] if command.per_connection else able   # a red packet, a lucky bag: one place

    async def _look(self, binding: Binding, cue: model.Cue) -> int | str:
        """How many of the cue's actions `binding`'s platform made in the window (ABSENT for none),
        or UNSURE when it cannot say."""
        room = self.seats.room
        try:
            found = await self._made(binding, cue, room)
        except (PlatformError, Unlinked, NotImplementedError, AttributeError, TypeError, ValueError) as exc:
            log.info("%s on %s: cannot tell whether it was sent (%s)", cue.id, binding.platform.display_name, exc)
            return UNSURE
        if found is None:
            return UNSURE
        return found or ABSENT

    async def _made(self, binding: Binding, cue: model.Cue, room) -> int | None:
        """The matches made in the window; None if one of them has no time to place it by."""
        start, end = self.window
        platform, room_id = binding.platform, binding.room_id
        action = cue.action
        if isinstance(action, model.StartLuckyBag):
            items = [(b.created_at, b.setup == action.setup) for b in await platform.list_lucky_bags(room_id)]
        else:
            command = action.command()
            ids = room.platform_ids.get(binding.connection_id)
            if ids is not None and binding is not room.primary:
                command = ids.translate(command)
            if isinstance(command, commands.IssueCoupon):
                items = [(c.created_at, c.template_id == command.template_id and c.quantity == command.quantity
                          and abs(c.valid_until - c.created_at - command.valid_minutes * 60) < 120)
                         for c in await platform.list_coupons(room_id)]
            elif isinstance(command, commands.LaunchFlashSale):
                spec = command.spec
                items = [((s.starts_at - s.countdown_s) if s.starts_at else 0.0, _spec_of(s) == spec)
                         for s in await platform.list_flash_sales(room_id)
                         if s.state is not FlashSaleState.DRAFT]   # a draft was never launched: nothing paid
            elif isinstance(command, commands.SendRedPacket):
                items = [(p.created_at, p.spec == command.spec) for p in await platform.list_red_packets(room_id)]
            else:
                return None
        matches = [at for at, same in items if same]
        if any(not at for at in matches):
            return None
        return sum(1 for at in matches if start <= at <= end)

    def _others_fired_there(self, cue: model.Cue, show: model.Show | None) -> int:
        """Other cues of the same terms the gone seat said it fired: what was found may be theirs."""
        if show is None:
            return 0
        fired = {cue_id for cue_id, _state in self.left.fired}
        terms = _terms(cue)
        return sum(1 for _seg, other in show.all_cues()
                   if other.id != cue.id and other.id in fired and _terms(other) == terms)

    def _excuse(self, cue_id: str) -> None:
        """The platforms do not have it: the gone seat's own entry of this cue (written ahead, its
        answer never said) no longer holds this seat's send back."""
        origin = f"cue:{self.left.run_id}:{cue_id}"
        for key, entry in self.seats.shared.items():
            if (entry.seat_id == self.left.seat_id and entry.origin == origin
                    and entry.state not in (CONFIRMED, FAILED)):
                self.seats.not_applied.add(key)
