"""Where connecting stands while the console follows no room: still connecting, failed (and why),
or nothing to connect to — for the window's header, which otherwise said "Connecting…" for ever
under "Not connected"."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text


class Phase(enum.Enum):
    CONNECTING = "connecting"
    FAILED = "failed"                 # `reason` says why (the notice says more)
    NOTHING_TO_CONNECT = "nothing"    # no enabled connection the console can use


NO_USABLE_CONNECTION = QT_TRANSLATE_NOOP("Console", "No connection can be used; open Connections.")
RECONNECT = QT_TRANSLATE_NOOP("Console", "Reconnect")   # the button of what connecting needs done again


@dataclass(frozen=True, slots=True)
class ConnectState:
    phase: Phase = Phase.CONNECTING
    reason: Text | None = None


CONNECTING = ConnectState()
