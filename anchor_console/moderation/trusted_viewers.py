"""Trusted viewers: people the automatic rules never act on (the brand's own accounts, a regular
who writes phone-number-like order codes). Kept per platform connection — a viewer's id is the
platform's, and the same regular comes back to tomorrow's room — in one small JSON file, saved off
the event loop. A file that cannot be read is moved aside and said, never lost."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from anchor_console.domain.atomic_file import write_atomically
from anchor_console.domain.events import Event
from anchor_console.domain.json_file import NOT_THE_EXPECTED_FORM, UnreadableJson, read_json_file
from anchor_console.domain.kept_files import move_aside
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text

log = logging.getLogger("anchor_console.moderation.trusted")
VERSION = 1
NOT_SAVED = QT_TRANSLATE_NOOP(
    "Moderation", "The trusted viewers could not be saved ({error}); they hold until the console closes.")
UNREADABLE = QT_TRANSLATE_NOOP(
    "Moderation", "The trusted viewers could not be read ({error}); the rules act on everyone until you trust them "
                  "again. The file was kept as {backup}.")


@dataclass(frozen=True, slots=True)
class TrustedViewer:
    connection_id: str
    user_id: str
    nickname: str
    since: float


class TrustedViewers:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._by_connection: dict[str, dict[str, TrustedViewer]] = {}
        self.warning: Text | None = None   # said at start when the file could not be read
        self._saving: asyncio.Task | None = None
        self._save_again = False
        self.save_failed = Event("trusted.save_failed")   # (Text) why, for the session to say
        if path is not None:
            self._load(path)

    def _load(self, path: Path) -> None:
        if not path.exists():
            return
        try:
            data = read_json_file(path)
            for connection_id, viewers in data["connections"].items():
                self._by_connection[str(connection_id)] = {
                    str(uid): TrustedViewer(str(connection_id), str(uid), str(v.get("nickname", "")),
                                            float(v.get("since", 0.0)))
                    for uid, v in viewers.items()}
        except (UnreadableJson, ValueError, KeyError, TypeError, AttributeError) as exc:
            self._by_connection.clear()
            backup = move_aside(path)
            why = exc.message if isinstance(exc, UnreadableJson) else NOT_THE_EXPECTED_FORM
            self.warning = UNREADABLE.fill(error=why, backup=str(backup))
            log.warning("trusted viewers not read from %s: %r", path, exc.__cause__ or exc)

    def user_ids(self, connection_ids) -> set[str]:
        """The trusted viewers' ids on these connections (a room's)."""
        return {uid for c in connection_ids for uid in self._by_connection.get(c, {})}

    def viewers(self) -> list[TrustedViewer]:
        return sorted((v for vs in self._by_connection.values() for v in vs.values()), key=lambda v: v.since)

    def is_trusted(self, connection_id: str, user_id: str) -> bool:
        return user_id in self._by_connection.get(connection_id, {})

    def set(self, viewer: TrustedViewer, trusted: bool) -> None:
        """Trust (or stop trusting) a viewer; saved in the background, the latest state last."""
        kept = self._by_connection.setdefault(viewer.connection_id, {})
        if trusted:
            kept[viewer.user_id] = viewer
        else:
            kept.pop(viewer.user_id, None)
        if self.path is not None:
            self._save_soon()

    def _save_soon(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:   # no event loop (a script, a test): saved here and now
            self._write()
            return
        if self._saving is not None and not self._saving.done():
            self._save_again = True   # the running save is followed by one of the latest state
            return
        self._saving = loop.create_task(self._save(), name="trusted-viewers")

    def _data(self) -> bytes:
        return json.dumps({"version": VERSION, "connections": {
            c: {uid: {"nickname": v.nickname, "since": v.since} for uid, v in vs.items()}
            for c, vs in self._by_connection.items() if vs}}, ensure_ascii=False, indent=1).encode("utf-8")

    def _write(self) -> None:
        try:
            write_atomically(self.path, self._data())
        except OSError as exc:
            self._not_saved(exc)

    def _not_saved(self, exc: OSError) -> None:
        """Kept in memory for this session; the next change tries again."""
        log.warning("trusted viewers not saved: %s", exc)
        self.save_failed.emit(NOT_SAVED.fill(error=type(exc).__name__))

    async def _save(self) -> None:
        while True:
            self._save_again = False
            data = self._data()   # the state now, taken on the loop; written in a worker
            try:
                await asyncio.to_thread(write_atomically, self.path, data)
            except OSError as exc:
                self._not_saved(exc)
            if not self._save_again:
                return

    async def aclose(self) -> None:
        """Let the last save finish (the session's shutdown)."""
        if self._saving is not None:
            await asyncio.shield(self._saving)
