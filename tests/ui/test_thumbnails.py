"""Product thumbnails: fetched once, decoded and scaled off the ui thread, and a URL that cannot be
fetched — or not even parsed — leaves the placeholder, never an error in the operator's face."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import httpx
import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage

from anchor_console.domain.models import Product, ShelfItem
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


@pytest.mark.asyncio
async def test_a_list_gets_its_thumbnails_at_the_size_its_rows_hold_made_once(qapp):
    """A QPixmap decoration is painted at its own size whatever the view's iconSize: a 64 px
    thumbnail in a 48 px shelf row lost its caption and its rounded corners."""
    from anchor_console.ui.shelf.shelf_models import CatalogModel, ShelfModel
    from anchor_console.ui.shelf.shelf_panel import CATALOG_ROW, CATALOG_THUMB, SHELF_ROW, SHELF_THUMB

    tasks: list[asyncio.Task] = []
    photo = png(64, 48)
    async with httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(200, content=photo))) as http:
        session = SimpleNamespace(http=http, tasks=SimpleNamespace(
            spawn=lambda coro, name="": tasks.append(asyncio.get_running_loop().create_task(coro)) or tasks[-1]))
        cache = ImageCache(session, size=64)
        url = "https://img.example/a.png"
        waiting = cache.rounded(url, 40)
        assert cache.rounded(url, 40).cacheKey() == waiting.cacheKey()   # the placeholder too: not made on each paint
        await asyncio.gather(*tasks)
        for side in (SHELF_THUMB, CATALOG_THUMB):
            thumb = cache.rounded(url, side)
            logical = thumb.deviceIndependentSize()
            assert (logical.width(), logical.height()) == (side, side)
            assert thumb.cacheKey() != waiting.cacheKey()
            assert cache.rounded(url, side).cacheKey() == thumb.cacheKey()
        assert SHELF_THUMB < SHELF_ROW and CATALOG_THUMB < CATALOG_ROW

        product = Product(id="1", name="T", image_url=url)
        shelf, catalog = ShelfModel(cache, thumb_size=SHELF_THUMB), CatalogModel(cache, thumb_size=CATALOG_THUMB)
        shelf.set_items([ShelfItem(product=product, position=1)])
        catalog.set_products([product])
        deco = Qt.ItemDataRole.DecorationRole
        assert shelf.index(0, ShelfModel.PRODUCT).data(deco).deviceIndependentSize().height() == SHELF_THUMB
        assert catalog.index(0, 0).data(deco).deviceIndependentSize().height() == CATALOG_THUMB
