"""GUI tests: the real window, on a qasync loop, offscreen, against real Studio processes.

Never call qtbot.waitUntil/waitSignal in these async tests (it nests a Qt loop inside the running
task and wedges it): await `until()` instead."""

from __future__ import annotations

import argparse
import asyncio
import time

import pytest
import pytest_asyncio
from PySide6.QtWidgets import QApplication, QMessageBox

from anchor_console.settings import ConnectionSettings, Settings


async def until(predicate, timeout: float = 15.0, interval: float = 0.05, message: str = ""):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message or f"condition not met within {timeout} s")
        await asyncio.sleep(interval)


def find_dialog(object_name: str):
    for w in QApplication.topLevelWidgets():
        if w.objectName() == object_name and w.isVisible():
            return w
    return None


async def confirm_money_action(timeout: float = 5.0) -> None:
    box = await until(lambda: find_dialog("confirm-money-action"), timeout, message="no confirmation dialog")
    box.button(QMessageBox.StandardButton.Yes).click()


def studio_settings(studio, *, profile: str = "studio", room_id: int | None = None, **kw) -> Settings:
    return Settings(connections=[ConnectionSettings(id="test-studio", name="Studio", url=studio.url,
                                                    room_id=str(room_id or studio.room_id), profile=profile)],
                    operator_name="测试员", **kw)


@pytest_asyncio.fixture
async def console_factory(qapp, memory_keyring):
    from anchor_console.ui.console import Console

    consoles = []

    async def make(settings: Settings | None = None, *, token: str | None = None, wait_loaded: bool = True):
        settings = settings or Settings()
        console = Console(qapp, settings, argparse.Namespace(smoke_test=False, lang="en", studio_url=None))
        if token is not None:
            for conn in settings.connections:
                console.tokens.set(conn.id, token)
        consoles.append(console)
        await console.start()
        if wait_loaded:
            await until(lambda: console.room is not None and console.room.state.loaded, 40,
                        message="the console did not load the room")
        return console

    yield make
    for console in consoles:
        await console.shutdown()
