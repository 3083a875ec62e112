"""Screenshots the UI tests take for a person to look at: saved only when ANCHOR_SHOTS names a folder
(ANCHOR_SHOTS=/some/dir pytest …)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from PySide6.QtCore import QLocale


def save_shot(widget, name: str) -> None:
    """`widget` as it looks now, saved as ANCHOR_SHOTS/<locale>-<name>.png (nothing without ANCHOR_SHOTS)."""
    if os.environ.get("ANCHOR_SHOTS"):
        widget.grab().save(str(Path(os.environ["ANCHOR_SHOTS"]) / f"{QLocale().name()}-{name}.png"))


async def shot(widget, name: str) -> None:
    """save_shot once the layout has caught up with a new size and fonts."""
    if os.environ.get("ANCHOR_SHOTS"):
        await asyncio.sleep(0.3)
        save_shot(widget, name)
