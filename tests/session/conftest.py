"""Session tests: a ConsoleSession (no window, no Qt) against real Studio processes, on a plain
asyncio loop."""

from __future__ import annotations

import asyncio

import pytest_asyncio

from anchor_console.session.settings import Settings
from support.waiting import until


@pytest_asyncio.fixture
async def session_factory(private_home, memory_keyring):
    """Start ConsoleSessions; all are shut down after the test."""
    from anchor_console.session.console import ConsoleSession
    from anchor_console.session.paths import Paths

    sessions = []

    async def make(settings: Settings | None = None, *, token: str | None = None, wait_loaded: bool = True,
                   home=None, sleep=None):
        """`sleep`: the session's waits on the test's time (support.manual_sleep); else real ones."""
        settings = settings or Settings()
        paths = Paths.for_user({"ANCHOR_CONSOLE_HOME": str(home or private_home)})
        session = ConsoleSession(settings, paths, sleep=sleep or asyncio.sleep)
        if token is not None:
            for conn in settings.connections:
                session.tokens.set(conn.id, token)
        sessions.append(session)
        await session.start()
        if wait_loaded:   # on the test's time, a retry during the first load waits until the test moves it on
            loaded = lambda: session.room is not None and session.room.state.loaded   # noqa: E731
            await (sleep.advance_until(loaded, 40, step=0.5, message="the session did not load the room")
                   if sleep is not None else until(loaded, 40, message="the session did not load the room"))
        return session

    yield make
    for session in sessions:
        await session.shutdown()
