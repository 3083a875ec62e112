"""What the word-list edit tests share (moderation/list_edits.py and the word lists dialog): a desk
whose spawned tasks the test can await, a worker runner held until the test opens it, and the
threads the matchers were built on."""

from __future__ import annotations

import asyncio
import threading

from anchor_console.domain.clock import ManualClock
from anchor_console.moderation.desk import CommentDesk
from anchor_console.moderation.wordlists import CompiledLists


class Gate:
    """A worker runner that waits to be opened before running each call in a thread (as
    asyncio.to_thread does), and records what it ran."""

    def __init__(self) -> None:
        self.open = asyncio.Event()
        self.calls: list[str] = []

    async def __call__(self, function, *args):
        self.calls.append(function.__name__)
        await self.open.wait()
        return await asyncio.to_thread(function, *args)


def make_desk(tmp_path, file=None) -> tuple[CommentDesk, set[asyncio.Task]]:
    """A desk on the test's loop, and the tasks it spawned (to await them)."""
    tasks: set[asyncio.Task] = set()

    def spawn(coro, **kw):
        task = asyncio.get_running_loop().create_task(coro, name=kw.get("name"))
        tasks.add(task)
        return task

    desk = CommentDesk(clock=ManualClock(), sessions_dir=tmp_path / "sessions",
                       word_lists_file=file or tmp_path / "wordlists.json", spawn=spawn, actor=lambda: "场控")
    return desk, tasks


def record_compiles(monkeypatch) -> list[threading.Thread]:
    """The thread of every matcher built from now on."""
    threads: list[threading.Thread] = []
    real = CompiledLists.__init__

    def init(self, *args, **kwargs):
        threads.append(threading.current_thread())
        real(self, *args, **kwargs)

    monkeypatch.setattr(CompiledLists, "__init__", init)
    return threads
