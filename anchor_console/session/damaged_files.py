"""Opening the console's own SQLite files — the action journal and the lucky-bag store — when one
of them is damaged (a disk fault, a half-copied backup): the damaged file is kept aside under a
timestamped name, a fresh one is started, and the user is told what that means, instead of the
console not starting at all."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from anchor_console.domain.clock import Clock
from anchor_console.domain.kept_files import keep_aside
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.room.journal import ActionJournal
from anchor_console.session.giveaway_store import GiveawayStore

log = logging.getLogger("anchor_console.session.damaged_files")

JOURNAL_KEPT_ASIDE = QT_TRANSLATE_NOOP(
    "Console", "The action journal could not be read; it was kept as {file} and a new journal was started. Whether "
               "actions sent before this start reached the platform is unknown: check them on the platform before "
               "sending any again.")
GIVEAWAYS_KEPT_ASIDE = QT_TRANSLATE_NOOP(
    "Console", "The lucky-bag file could not be read; it was kept as {file} and a new one was started. Lucky bags "
               "started before this start cannot be drawn here: check them on the platform.")

Store = TypeVar("Store")


def _open(open_store: Callable[[Path], Store], path: Path, said: Text) -> tuple[Store, Text | None]:
    try:
        return open_store(path), None
    except sqlite3.DatabaseError as exc:
        # Only a damaged file (not a database, or malformed) is moved aside: a locked or unreachable
        # one (OperationalError: another console running, no permission) is not this console's to move.
        damaged = getattr(exc, "sqlite_errorname", "") in ("SQLITE_NOTADB", "SQLITE_CORRUPT")
        if isinstance(exc, sqlite3.OperationalError) or not damaged:
            raise
        aside = keep_aside(path)
        log.warning("%s is damaged (%s); kept as %s, starting a new one", path.name, exc, aside)
        return open_store(path), said.fill(file=str(aside))


def open_journal(path: Path, clock: Clock, *, console_id: str) -> tuple[ActionJournal, Text | None]:
    """The action journal, and what to tell the user if the old one had to be kept aside."""
    return _open(lambda p: ActionJournal(p, clock, console_id=console_id), path, JOURNAL_KEPT_ASIDE)


def open_giveaway_store(path: Path) -> tuple[GiveawayStore, Text | None]:
    """The lucky-bag store, and what to tell the user if the old one had to be kept aside."""
    return _open(GiveawayStore, path, GIVEAWAYS_KEPT_ASIDE)
