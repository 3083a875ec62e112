"""GUI tests: the real window, on a qasync loop, offscreen, against real Studio processes.

Never call qtbot.waitUntil/waitSignal in these async tests (it nests a Qt loop inside the running
task and wedges it): await `until()` instead."""

from __future__ import annotations

import argparse

import pytest_asyncio

from anchor_console.session.settings import Settings
from support.waiting import until


@pytest_asyncio.fixture
async def console_factory(qapp, memory_keyring, private_home):
    from anchor_console.session.paths import Paths
    from anchor_console.ui.shell.console_app import ConsoleApp

    consoles = []

    async def make(settings: Settings | None = None, *, token: str | None = None, wait_loaded: bool = True,
                   home=None):
        """`home`: a folder of its own (another seat of a crew: its own journal and console id)."""
        settings = settings or Settings()
        if home is not None:
            home.mkdir(parents=True, exist_ok=True)
        console = ConsoleApp(qapp, settings, argparse.Namespace(smoke_test=False, lang="en"),
                             paths=Paths.for_user({"ANCHOR_CONSOLE_HOME": str(home or private_home)}))
        if token is not None:
            for conn in settings.connections:
                console.session.tokens.set(conn.id, token)
        consoles.append(console)
        await console.start()
        if wait_loaded:
            await until(lambda: console.session.room is not None and console.session.room.state.loaded, 40,
                        message="the console did not load the room")
        return console

    yield make
    for console in consoles:
        await console.shutdown()


@pytest_asyncio.fixture
async def editor(console_factory):
    """The show editor, open on a console with no show loaded; closed after. A test file may
    override it (a fixture `editor(editor)` setting the editor up further)."""
    from support.window import show_of

    console = await console_factory(wait_loaded=False)
    editor = show_of(console.window).open_editor()
    yield editor
    editor.close()
