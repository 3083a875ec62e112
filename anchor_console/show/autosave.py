"""Crash recovery for the show editor: while a show is being edited, a recovery copy is written to
a recovery folder (given by the caller) a little after each edit; a clean save or close removes
it. On the next start the caller asks for `pending_recoveries()` — unsaved work left behind by a
crash — and offers to restore it.

No timers of its own: the editor calls `edited()` after every change, asks `due()` from its own
timer and awaits `write()`; the clock is injected. Copies are written by a worker thread of their
own, one at a time and in order. A recovery copy is one JSON file (written atomically)
holding the show file text, the file it belongs to, and the state of that file when editing began,
so the caller can tell "the file was changed elsewhere since" before restoring over it."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from anchor_console.domain.clock import Clock
from anchor_console.domain.json_file import UnreadableJson, read_json_object
from anchor_console.domain.text import os_error_words
from anchor_console.domain.atomic_file import write_atomically
from anchor_console.show.model import Show
from anchor_console.show.showfile import ShowFileError, file_digest, loads_show
from anchor_console.show.showfile_writer import dumps_show

log = logging.getLogger("anchor_console.show.autosave")

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


@dataclass(frozen=True, slots=True)
class _Copy:
    """One recovery copy to write: the show as it was when the write was asked for."""

    seq: int
    show: Show
    path: Path
    source: Path | None
    base_digest: str | None
    written_at: float
    discards: int
    first_edit: float


class ShowAutosave:
    """Keeps a recovery copy of one show being edited.

    A copy is due once the editing pauses for `quiet_s`, and during non-stop editing at the latest
    `max_delay_s` after the first unsaved edit (the editor asks `due()` about once a second), so a
    crash loses at most a few seconds of work without writing on every keystroke.

    Copies are written, and removed, by one worker thread in the order they were asked for: the
    caller's thread never waits on the disk, a later copy is never overwritten by an earlier one
    finishing late, and a copy still being written when the show is saved or dropped is removed
    after it lands, not before."""

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
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="recovery-copy")
        self._last_job: Future | None = None   # the last write or removal handed to the worker
        self._writing: dict[int, asyncio.Future] = {}   # copies under way, by sequence number
        self._seq = 0          # copies asked for
        self._settled = 0      # the newest copy whose outcome was taken in
        self._discards = 0     # saves and drops: a copy asked for before one is no longer wanted

    @property
    def recovery_path(self) -> Path:
        return self.recovery_dir / (_key_for(self._source, self._session) + RECOVERY_SUFFIX)

    @property
    def has_unwritten_edits(self) -> bool:
        """Edits not yet known to be in a recovery copy (waiting, or being written)."""
        return self._pending is not None or bool(self._writing)

    @property
    def source(self) -> Path | None:
        """The show file being edited (None: never saved)."""
        return self._source

    @property
    def base_digest(self) -> str | None:
        """SHA-256 of what that file held when opened or last saved here (None: no file)."""
        return self._base_digest

    def set_source(self, source: Path | None, digest: str | None = None) -> None:
        """The show file being edited changed (opened another, "save as"): remembers its content
        (`digest` of its bytes when the caller has it, else read)."""
        self.discard()
        self._source = Path(source) if source is not None else None
        self._base_digest = digest if digest is not None else file_digest(self._source)

    def edited(self, show: Show) -> None:
        """The show changed; a recovery copy is due a little later."""
        now = self.clock.now()
        self._pending = show
        self._last_edit = now
        if self._first_edit is None:
            self._first_edit = now

    def due(self) -> bool:
        """An edit is waiting and editing paused (or has gone on too long), and a copy that could
        not be written is not tried again yet."""
        if self._pending is None or self._first_edit is None or self._last_edit is None:
            return False
        now = self.clock.now()
        if now - self._last_edit < self.quiet_s and now - self._first_edit < self.max_delay_s:
            return False
        return self._retry_at is None or now >= self._retry_at

    async def write(self) -> bool:
        """Write the recovery copy of the edits made so far, now, off this thread (before a risky
        operation, or quitting). True when they are kept — written now, or by a copy already under
        way. A copy that cannot be written keeps the edits waiting, `failure` says why, and it is
        due again `RETRY_AFTER_S` later."""
        if self._pending is not None:
            seq = self._start_copy()
        elif self._writing:
            seq = max(self._writing)
        else:
            return True
        # Shielded: a caller cancelled (the console closing) must not cancel a copy not yet begun.
        return _failure_of(await asyncio.shield(asyncio.gather(self._writing[seq], return_exceptions=True))) is None

    def _start_copy(self) -> int:
        assert self._pending is not None and self._first_edit is not None
        self._seq += 1
        copy = _Copy(self._seq, self._pending, self.recovery_path, self._source, self._base_digest,
                     self.clock.now(), self._discards, self._first_edit)
        self._pending = None
        self._first_edit = self._last_edit = None
        job = self._submit(self._write_copy, copy)
        done = asyncio.wrap_future(job)
        self._writing[copy.seq] = done
        done.add_done_callback(lambda f: self._copy_finished(copy, f))
        return copy.seq

    def _submit(self, fn, *args) -> Future:
        self._last_job = self._worker.submit(fn, *args)
        return self._last_job

    def _write_copy(self, copy: _Copy) -> str | None:
        """In the worker: write one copy; why it failed, or None."""
        if copy.discards != self._discards:   # saved or dropped since it was asked for
            return None
        record = {
            "format": _FORMAT,
            "version": 1,
            "source": str(copy.source) if copy.source is not None else None,
            "source_sha256": copy.base_digest,
            "written_at": copy.written_at,
            "show": dumps_show(copy.show),
        }
        try:
            write_atomically(copy.path, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as exc:
            return os_error_words(exc)
        return None

    def _copy_finished(self, copy: _Copy, done: asyncio.Future) -> None:
        """On the caller's loop: the outcome of one copy. An older copy's outcome, arriving after a
        newer one's, is not taken in; edits whose copy failed wait again (unless newer ones do)."""
        self._writing.pop(copy.seq, None)
        if done.cancelled() or copy.seq < self._settled:
            return
        self._settled = copy.seq
        why = _failure_of([done.exception() or done.result()])
        if copy.discards != self._discards:
            return
        if why is None:
            self.failure, self._retry_at = None, None
            return
        self.failure = why
        self._retry_at = self.clock.now() + RETRY_AFTER_S
        if self._pending is None:
            self._pending = copy.show
            self._first_edit = self._last_edit = copy.first_edit

    async def settle(self) -> None:
        """Wait until every copy and removal asked for so far is done (the console closing)."""
        if self._last_job is not None:   # (its outcome was taken in where it was asked for)
            await asyncio.wait([asyncio.wrap_future(self._last_job)])

    def saved(self, path: Path | None = None, digest: str | None = None) -> None:
        """The show was saved cleanly (to `path` if given; `digest` of the bytes written): the
        recovery copy is no longer needed."""
        self.discard()
        if path is not None:
            self._source = Path(path)
        self._base_digest = digest if digest is not None else file_digest(self._source)

    def discard(self) -> None:
        """Saved, or closed without keeping changes: remove the recovery copy (after any copy still
        being written)."""
        self._pending = None
        self._first_edit = self._last_edit = None
        self._discards += 1
        self._submit(_remove, self.recovery_path)

    def remove_left_copy(self, recovery: Recovery) -> None:
        """A copy a crash left, offered and then restored or declined: removed by this autosave's
        worker, off the caller's thread and in order with its own copies — the restored show's
        first copy may be written to the same path, and must not be removed after it."""
        self._submit(_remove, recovery.recovery_path)


def _failure_of(outcome: list) -> str | None:
    """Why a copy failed — the worker's words, or an error it raised — or None when it was written."""
    [result] = outcome
    if isinstance(result, BaseException):
        log.error("the recovery copy could not be written", exc_info=result)
        return os_error_words(result)
    return result


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:   # left behind: offered once more at the next start, where it can be declined
        log.warning("a recovery copy no longer needed could not be removed: %s", path, exc_info=True)


def pending_recoveries(recovery_dir: Path) -> list[Recovery]:
    """Recovery copies left in the folder (by a crash), newest first. Unreadable leftovers are
    skipped, never deleted: a human may still want them."""
    out: list[Recovery] = []
    folder = Path(recovery_dir)
    if not folder.is_dir():
        return out
    for path in folder.glob("*" + RECOVERY_SUFFIX):
        try:
            record = read_json_object(path)
            if record.get("format") != _FORMAT or not isinstance(record.get("show"), str):
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

