"""A message for the person at the console, from code that cannot show it (no Qt below the ui):
what happened, how serious, how long to show it, and the buttons that go with it. A notice with
a `key` ("connect:token:studio-1") replaces the one shown under that key, and goes away when the
session says that key's problem is over."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Callable

from anchor_console.domain.text import Text


class Level(enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Notice:
    text: Text
    level: Level = Level.ERROR
    timeout_ms: int = 0                                      # 0: until dismissed or replaced
    buttons: tuple[tuple[Text, Callable[[], None]], ...] = ()
    key: str | None = None                                   # the same key replaces, and clears with it
