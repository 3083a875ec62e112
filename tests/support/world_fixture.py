"""The `world` fixture of a test file whose world is made in process for each test (a Studio app
with an emulator, a platform, a clock the test moves): made in the test's tmp_path, and closed
after the test, however it ended."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import pytest_asyncio


class _World(Protocol):
    async def aclose(self) -> None: ...


def world_fixture(make: Callable[[Path], _World]):
    """An async fixture named `world`, to assign to that name in a test module: make(tmp_path) for
    each test, its aclose() awaited after it."""

    @pytest_asyncio.fixture
    async def world(tmp_path):
        async with contextlib.aclosing(make(tmp_path)) as w:
            yield w

    return world
