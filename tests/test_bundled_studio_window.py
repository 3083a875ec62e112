"""On Windows the packaged console (a windowed program) starts its Studio through the `anchor-studio`
twin, a console program: without CREATE_NO_WINDOW Windows gives that child a console window of its
own, open beside the console for the whole show, and closing it stops Studio."""

from __future__ import annotations

import sys

import pytest

from anchor_console.session import bundled_studio


class Spawned(Exception):
    pass


@pytest.mark.asyncio
@pytest.mark.parametrize("platform, window_flag", [("win32", 0x08000000), ("linux", None)])
async def test_studio_is_started_without_a_console_window_of_its_own(monkeypatch, platform, window_flag):
    seen: dict = {}

    async def spawn(*args, **kwargs):
        seen.update(kwargs)
        raise Spawned

    monkeypatch.setattr(bundled_studio.asyncio, "create_subprocess_exec", spawn)
    monkeypatch.setattr(sys, "platform", platform)
    with pytest.raises(Spawned):
        await bundled_studio.StudioProcess(db_path=None)._spawn(0, 1.0)
    assert seen.get("creationflags") == window_flag
