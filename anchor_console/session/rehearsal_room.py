"""A dry run in a rehearsal room: the show is rehearsed in a room of its own on the same Studio,
with the show's products listed and a simulated audience, so nothing reaches the live room —
not a 讲解, not a coupon, not a deleted comment. While it lasts the whole console follows the
rehearsal room; leaving ends it and brings the live room back.

Cues that are not finished yet (no product chosen, say) are left out of a dry run instead of
stopping it, and the audience's rate and a recorded comment log can be played in."""

from __future__ import annotations

import asyncio
import logging
import uuid
from pathlib import Path
from typing import Callable

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.events import Event
from anchor_console.domain.notice import Level
from anchor_console.domain.text import QT_TRANSLATE_NOOP, os_error_words, Text
from anchor_console.platforms.errors import PlatformError
from anchor_console.room.live_room import Binding, LiveRoom

log = logging.getLogger("anchor_console.rehearsal_room")
MAX_LOG_BYTES = 100 * 1024 * 1024


class RehearsalRoom:
    def __init__(self, session) -> None:
        self.session = session
        self.room: LiveRoom | None = None      # the rehearsal room while in it
        self.live: LiveRoom | None = None      # the live room, set aside meanwhile
        self.changed = Event("rehearsal_room.changed")   # (in a rehearsal room: bool)

    @property
    def active(self) -> bool:
        return self.room is not None

    def available(self) -> bool:
        room = self.session.room
        return room is not None and room.primary.platform.supports(Capability.REHEARSAL_ROOMS)

    def _product_ids(self) -> list[str]:
        """The show's products (featured, and the ones its cues act on) first, then what is on
        the live shelf."""
        show, live = self.session.show.show, self.session.room
        ids = []
        for seg in show.segments if show else ():
            ids += [p.id for p in seg.products if p.id]
            ids += [getattr(c.action, "product_id", "") for c in seg.cues]
        ids = [i for i in ids if i]
        ids += [it.product_id for it in live.state.shelf] if live is not None else []
        return list(dict.fromkeys(ids))

    async def enter(self, speed: float, *, translate: Callable[[Text], str] = Text.english) -> bool:
        """Make a rehearsal room, follow it instead of the live room and start the dry run.
        `translate` words the room's title in the console's language (the header shows it)."""
        session, runner = self.session, self.session.show
        if self.active or runner.show is None or runner.running or not self.available():
            return False
        if session.giveaways.open_bags():   # its draw is this console's; followed away, it would wait for it
            session.notify(QT_TRANSLATE_NOOP("RehearsalRoom", "A lucky bag is open in the live room: draw it (or let "
                                                              "it draw) before rehearsing."), Level.WARNING)
            return False
        live = session.room
        title = translate(QT_TRANSLATE_NOOP("RehearsalRoom", "Rehearsal · {title}").fill(title=runner.show.title))[:100]
        try:
            created = await live.primary.platform.create_rehearsal_room(title, self._product_ids(),
                                                                        key=f"rehearsal:{uuid.uuid4().hex}")
        except PlatformError as exc:
            session.notify(QT_TRANSLATE_NOOP("RehearsalRoom", "No rehearsal room could be made: {why}").fill(why=exc.message))
            return False
        self.live = live
        self.room = LiveRoom(f"{live.primary.connection_id}:{created.id}:rehearsal",
                             [Binding(live.primary.platform, str(created.id))], session.journal, actor=session.operator,
                             sleep=session.sleep)
        session.switch_room(self.room)
        self.changed.emit(True)
        if not runner.start(rehearse=True, speed=speed, skip_incomplete=True):
            await self.leave()
            return False
        return True

    async def leave(self) -> None:
        """End the dry run and the rehearsal room; the live room comes back."""
        if not self.active:
            return
        runner, room = self.session.show, self.room
        if runner.running:
            runner.end()
        self.room, live, self.live = None, self.live, None
        try:
            await room.primary.platform.end_room(room.primary.room_id, key=f"{room.room_key}:end")
        except PlatformError as exc:  # it ends by itself when Studio stops; nothing is lost
            log.info("rehearsal room %s not ended: %s", room.room_key, exc.detail)
        if live is not None:
            self.session.switch_room(live)
        self.changed.emit(False)

    async def close(self, timeout: float = 2.0) -> None:
        """The console is closing during a dry run: its room is ended (on a team's Studio it stayed
        live, its audience talking). The live room is not followed again; the session closes it."""
        room, self.room = self.room, None
        if room is None:
            return
        try:
            await asyncio.wait_for(room.primary.platform.end_room(room.primary.room_id, key=f"{room.room_key}:end"),
                                   timeout)
        except (asyncio.TimeoutError, PlatformError) as exc:
            log.info("rehearsal room %s not ended: %r", room.room_key, exc)

    async def set_audience(self, comments_per_s: float) -> None:
        if self.room is None:
            return
        b = self.room.primary
        try:
            await b.platform.set_audience(b.room_id, enabled=comments_per_s > 0, comments_per_s=comments_per_s)
        except PlatformError as exc:
            self.session.notify(exc.message, Level.WARNING, 8000)

    async def replay(self, path: Path, speed: float = 1.0) -> None:
        """Play a recorded comment log into the rehearsal room."""
        if self.room is None:
            return
        try:
            data = await asyncio.to_thread(_read_at_most, Path(path), MAX_LOG_BYTES + 1)
        except OSError as exc:
            self.session.notify(QT_TRANSLATE_NOOP("RehearsalRoom", "The comment log could not be read: {why}").fill(
                why=os_error_words(exc)), Level.WARNING, 8000)
            return
        if len(data) > MAX_LOG_BYTES:
            self.session.notify(QT_TRANSLATE_NOOP("RehearsalRoom", "The comment log is larger than 100 MB."), Level.WARNING)
            return
        if self.room is None:   # left while the file was read
            return
        b = self.room.primary
        try:
            await b.platform.replay_comments(b.room_id, data, speed=speed)
        except PlatformError as exc:
            self.session.notify(exc.message, Level.WARNING, 8000)


def _read_at_most(path: Path, limit: int) -> bytes:
    """The file's first `limit` bytes: a log too large is refused without reading it whole (on a
    worker thread, so a slow disk does not stop the window)."""
    with path.open("rb") as f:
        return f.read(limit)
