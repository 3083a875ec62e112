"""Files the console could not read, kept beside themselves for whoever wants to look — never
deleted, never overwritten: settings and word lists (`….unreadable-<unix time>`), and SQLite
files with their WAL (`….broken-<date-time>`)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path


def move_aside(path: Path) -> Path:
    """Move an unreadable file out of the way; where it went (the path itself if it could not move)."""
    backup = path.with_name(f"{path.name}.unreadable-{int(time.time())}")
    try:
        path.replace(backup)
    except OSError:
        return path
    return backup


def copy_aside(path: Path) -> Path:
    """A copy of a partly readable file beside it, so that saving what was read loses nothing of
    it (one copy per content: starting again with the same file makes no new one); the path
    itself if no copy could be made."""
    try:
        data = path.read_bytes()
        kept = [old for old in sorted(path.parent.glob(f"{path.name}.unreadable-*")) if old.read_bytes() == data]
        if kept:
            return kept[0]
        backup = path.with_name(f"{path.name}.unreadable-{int(time.time())}")
        shutil.copy2(path, backup)
    except OSError:
        return path
    return backup


def keep_aside(path: Path) -> Path:
    """Move a broken SQLite file (and its WAL) out of the way; OSError if it cannot be moved."""
    aside = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(aside.with_name(aside.name + suffix))
    return aside
