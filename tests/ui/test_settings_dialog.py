"""Settings that take effect at once: the demo room's audience rate."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from PySide6.QtWidgets import QDialogButtonBox
from support.blocked_files import block


async def demo_audience_becomes(session, expected: dict, timeout: float = 10.0) -> dict:
    """The bundled Studio's audience settings, as soon as they are `expected` (or after `timeout`)."""
    info = session.studio_info
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        while True:
            r = await client.get(f"{info.url}/api/v1/rooms/{info.room_id}/audience",
                                 headers={"Authorization": f"Bearer {info.tokens['assistant']}"})
            audience = r.json()
            if all(audience.get(k) == v for k, v in expected.items()) or time.monotonic() > deadline:
                return audience
            await asyncio.sleep(0.05)


@pytest.mark.asyncio
async def test_the_demo_audience_rate_applies_at_once(console_factory):
    """Settings → Demo audience: Save changes how fast the bundled Studio's room talks now (it was
    read only when the bundled Studio started, so nothing changed until the next start)."""
    from anchor_console.ui.settings.settings_dialog import SettingsDialog

    console = await console_factory()   # no configuration: the bundled demo Studio
    session = console.session
    for rate in (0, 7):
        dialog = SettingsDialog(session, console.window)
        dialog.open()
        dialog.audience.setValue(rate)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
        expected = {"enabled": rate > 0, **({"comments_per_s": rate} if rate else {})}
        audience = await demo_audience_becomes(session, expected)
        assert all(audience.get(k) == v for k, v in expected.items()), audience
        assert session.settings.bundled_studio_audience == rate


@pytest.mark.asyncio
async def test_settings_that_cannot_be_saved_say_so_and_change_nothing(console_factory, studio_factory):
    """The settings file cannot be written (here: a folder stands in its place): Save says so in the
    dialog, which stays open, and the console keeps its settings (it raised IsADirectoryError in
    the window's face, and the console went on with settings that were never saved)."""
    from anchor_console.ui.settings.settings_dialog import SettingsDialog
    from support.studio import on_demo_studio

    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    session = console.session
    block(session.paths.settings_file)
    dialog = SettingsDialog(session, console.window)
    dialog.open()
    dialog.operator.setText("小李")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible() and "could not be saved" in dialog.problem.text() and dialog.problem.isVisibleTo(dialog)
    assert session.settings.operator_name != "小李"
    session.paths.settings_file.rmdir()   # writable again
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert not dialog.isVisible() and session.settings.operator_name == "小李"
