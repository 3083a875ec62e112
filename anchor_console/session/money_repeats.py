"""Double presses of money actions: an identical money action pressed again this soon after it
was done, with no confirmation box between the presses, is a double click (a local platform
answers in milliseconds), not a second coupon batch, red packet or lucky bag — it is not sent,
and said. Clicks, keys and the control API alike; a cue has its own key and is never a repeat."""

from __future__ import annotations

from anchor_console.domain.clock import Clock
from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.room.commands import Command
from anchor_console.room.live_room import same_press

MONEY_REPEAT_S = 2.0
REPEAT_NOT_SENT = QT_TRANSLATE_NOOP(
    "RoomActions", "The same money action was done a moment ago, so this press was not sent (a double click?). "
                   "To do it once more, press again in a moment.")


class RecentMoney:
    """The last money action of each kind done on each connection, and when (monotonic: a wall
    clock set back must not hold presses off)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._done: dict[tuple[str, str | None], tuple[tuple, float]] = {}

    def just_done(self, command: Command, connection_id: str | None) -> bool:
        """The last money action of this kind there was this very one, done less than
        MONEY_REPEAT_S ago. A price set to 99 and back to 89 at once is two presses."""
        last = self._done.get((command.kind, connection_id))
        return (last is not None and last[0] == same_press(command.kind, command.params(), connection_id)
                and self.clock.monotonic() - last[1] < MONEY_REPEAT_S)

    def done(self, command: Command, connection_id: str | None) -> None:
        self._done[(command.kind, connection_id)] = (same_press(command.kind, command.params(), connection_id),
                                                      self.clock.monotonic())
