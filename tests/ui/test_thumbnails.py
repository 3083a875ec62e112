"""Product thumbnails: fetched once, decoded and scaled off the ui thread, and a URL that cannot be
fetched — or not even parsed — leaves the placeholder, never an error in the operator's face."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import httpx
import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from anchor_console.ui.common.images import ImageCache


def png(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#ff8800"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


@pytest.mark.asyncio
async def test_a_thumbnail_is_scaled_and_a_url_that_cannot_be_parsed_leaves_the_placeholder(qapp):
    photo = png(1600, 1200)
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(200, content=photo)

    tasks: list[asyncio.Task] = []
    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        session = SimpleNamespace(http=http, tasks=SimpleNamespace(
            spawn=lambda coro, name="": tasks.append(asyncio.get_running_loop().create_task(coro)) or tasks[-1]))
        cache = ImageCache(session, size=64)
        loaded: list[str] = []
        cache.loaded.connect(loaded.append)
        placeholder = cache.pixmap("http://[::1/broken.png")
        cache.pixmap("https://img.example/a.png")
        await asyncio.gather(*tasks)   # neither fetch raises
        assert asked == ["https://img.example/a.png"] and loaded == ["https://img.example/a.png"]
        got = cache.pixmap("https://img.example/a.png")
        assert (got.width(), got.height()) == (64, 48)
        assert cache.pixmap("http://[::1/broken.png").cacheKey() == placeholder.cacheKey()
