"""Crash recovery for the show editor: while a show is being edited, a recovery copy is written to
a recovery folder (given by the caller) a little after each edit; a clean save or close removes
it. On the next start the caller asks for `pending_recoveries()` — unsaved work left behind by a
crash — and offers to restore it.

No threads and no timers of its own: the editor calls `edited()` after every change and `tick()`
from its own timer; the clock is injected. A recovery copy is one JSON file (written atomically)
holding the show file text, the file it belongs to, and the state of that file when editing began,
so the caller can tell "the file was changed elsewhere since" before restoring over it."""

from __future__ import annotations

import contextlib
import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from anchor_console.domain.clock import Clock
from anchor_console.domain.json_file import UnreadableJson, read_json_file
from anchor_console.domain.text import os_error_words
from anchor_console.domain.atomic_file import write_atomically
from anchor_console.show.model import Show
from anchor_console.show.showfile import ShowFileError, file_digest, loads_show
from anchor_console.show.showfile_writer import dumps_show

RECOVERY_SUFFIX = ".recovery.json"
RETRY_AFTER_S = 30.0   # a copy that could not be written (a full disk) is tried again this much later
_FORMAT = "anchor-console-show-recovery"


def _key_for(source: Path | None, session: str) -> str:
    if source is None:
        return f"untitled-{session}"
    digest = hashlib.sha256(str(Path(source).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"{Path(source).name.split('.')[0][:40]}-{digest}"


@dataclass(frozen=True, slots=True)
class Recovery:
    """Unsaved work found in the recovery folder."""

    recovery_path: Path
    source: Path | None      # the show file it belongs to; None for a show never saved
    written_at: float        # clock time of the recovery copy
    show_text: str
    source_changed: bool     # the show file changed on disk since editing began (restoring overwrites that)
    differs_from_source: bool  # the recovered show is not what the file holds now

    def show(self) -> Show:
        """The recovered show. Raises ShowFileError if the copy is unreadable."""
        return loads_show(self.show_text, source=str(self.recovery_path))

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.recovery_path.unlink()


class ShowAutosave:
    """Keeps a recovery copy of one show being edited.

    A copy is written once the editing pauses for `quiet_s`, and during non-stop editing at the
    latest `max_delay_s` after the first unsaved edit (the editor calls `tick()` about once a
    second), so a crash loses at most a few seconds of work without writing on every keystroke."""

    def __init__(self, recovery_dir: Path, clock: Clock, *, source: Path | None = None,
                 quiet_s: float = 2.0, max_delay_s: float = 15.0, session: str | None = None) -> None:
        self.recovery_dir = Path(recovery_dir)
        self.clock = clock
        self.quiet_s = quiet_s
        self.max_delay_s = max_delay_s
        self._session = session or uuid.uuid4().hex[:12]
        self._source: Path | None = Path(source) if source is not None else None
        self._base_digest = file_digest(self._source)
        self._pending: Show | None = None
        self._first_edit: float | None = None
        self._last_edit: float | None = None
        self.failure: str | None = None       # why the last copy could not be written (the edits are kept)
        self._retry_at: float | None = None

    @property
    def recovery_path(self) -> Path:
        return self.recovery_dir / (_key_for(self._source, self._session) + RECOVERY_SUFFIX)

    @property
    def has_unwritten_edits(self) -> bool:
        return self._pending is not None

    def set_source(self, source: Path | None) -> None:
        """The show file being edited changed (opened another, "save as"): remembers its content."""
        self.discard()
        self._source = Path(source) if source is not None else None
        self._base_digest = file_digest(self._source)

    def edited(self, show: Show) -> None:
        """The show changed; a recovery copy follows on a later `tick`."""
        now = self.clock.now()
        self._pending = show
        self._last_edit = now
        if self._first_edit is None:
            self._first_edit = now

    def tick(self) -> bool:
        """Write the recovery copy if an edit is waiting and editing paused (or waited too long)."""
        if self._pending is None or self._first_edit is None or self._last_edit is None:
            return False
        now = self.clock.now()
        if now - self._last_edit < self.quiet_s and now - self._first_edit < self.max_delay_s:
            return False
        if self._retry_at is not None and now < self._retry_at:
            return False
        return self.flush()

    def flush(self) -> bool:
        """Write the recovery copy now if an edit is waiting (before a risky operation, say). A copy
        that cannot be written is kept waiting, `failure` says why, and `tick` tries again later."""
        if self._pending is None:
            return False
        record = {
            "format": _FORMAT,
            "version": 1,
            "source": str(self._source) if self._source is not None else None,
            "source_sha256": self._base_digest,
            "written_at": self.clock.now(),
            "show": dumps_show(self._pending),
        }
        try:
            write_atomically(self.recovery_path, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as exc:
            self.failure = os_error_words(exc)
            self._retry_at = self.clock.now() + RETRY_AFTER_S
            return False
        self.failure, self._retry_at = None, None
        self._pending = None
        self._first_edit = self._last_edit = None
        return True

    def saved(self, path: Path | None = None) -> None:
        """The show was saved cleanly (to `path` if given): the recovery copy is no longer needed."""
        self.discard()
        if path is not None:
            self._source = Path(path)
        self._base_digest = file_digest(self._source)

    def discard(self) -> None:
        """Saved, or closed without keeping changes: remove the recovery copy."""
        self._pending = None
        self._first_edit = self._last_edit = None
        with contextlib.suppress(FileNotFoundError):
            self.recovery_path.unlink()


def pending_recoveries(recovery_dir: Path) -> list[Recovery]:
    """Recovery copies left in the folder (by a crash), newest first. Unreadable leftovers are
    skipped, never deleted: a human may still want them."""
    out: list[Recovery] = []
    folder = Path(recovery_dir)
    if not folder.is_dir():
        return out
    for path in folder.glob("*" + RECOVERY_SUFFIX):
        try:
            record = read_json_file(path)
            if not isinstance(record, dict) or record.get("format") != _FORMAT \
                    or not isinstance(record.get("show"), str):
                continue
            source = Path(record["source"]) if isinstance(record.get("source"), str) and record["source"] else None
            current = file_digest(source)
            text = record["show"]
            differs = True
            if source is not None and current is not None:
                try:
                    differs = loads_show(source.read_text(encoding="utf-8-sig")) != loads_show(text)
                except (ShowFileError, OSError, UnicodeDecodeError):
                    differs = True
            out.append(Recovery(path, source, float(record.get("written_at", 0.0)), text,
                                source_changed=current != record.get("source_sha256"),
                                differs_from_source=differs))
        except (UnreadableJson, OSError, ValueError, KeyError, TypeError):
            continue
    out.sort(key=lambda r: r.written_at, reverse=True)
    return out


def recovery_for(recovery_dir: Path, source: Path | None) -> Recovery | None:
    """Unsaved work for this show file that differs from what the file holds now, if any."""
    want = str(Path(source).resolve()) if source is not None else None
    for rec in pending_recoveries(recovery_dir):
        have = str(rec.source.resolve()) if rec.source is not None else None
        if have == want and rec.differs_from_source:
            return rec
    return None

