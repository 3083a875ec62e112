"""Product thumbnails, fetched once over the connection's HTTP client and cached in memory."""

from __future__ import annotations

import asyncio
import logging
import time

import httpx
from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

log = logging.getLogger("anchor_console.ui.common.images")


def _thumbnail(data: bytes, size: int) -> QImage:
    image = QImage.fromData(data)
    if image.isNull():
        return image
    return image.scaled(QSize(size, size), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


class ImageCache(QObject):
    loaded = Signal(str)   # url

    def __init__(self, session, size: int = 64, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.size = size
        self._pixmaps: dict[str, QPixmap] = {}
        self._rounded: dict[str, QPixmap] = {}  # lists ask again for every row they paint
        self._requested: set[str] = set()
        self._failed_at: dict[str, float] = {}
        self._placeholder = self._make_placeholder()

    def _make_placeholder(self) -> QPixmap:
        pm = QPixmap(self.size, self.size)
        pm.fill(QColor("#eceff1"))
        return pm

    def pixmap(self, url: str) -> QPixmap:
        if not url:
            return self._placeholder
        pm = self._pixmaps.get(url)
        if pm is not None:
            return pm
        failed = self._failed_at.get(url)
        if failed is not None and time.monotonic() - failed < 60:
            return self._placeholder  # a missing image is asked for again a minute later, not on every paint
        if url not in self._requested and self.session.http is not None:
            self._requested.add(url)
            self.session.tasks.spawn(self._fetch(url), name="thumbnail")
        return self._placeholder

    async def _fetch(self, url: str) -> None:
        try:
            response = await self.session.http.get(url, timeout=10.0)
            response.raise_for_status()
        except (httpx.HTTPError, httpx.InvalidURL) as exc:   # a URL httpx cannot even parse is not an HTTPError
            log.info("thumbnail %s not loaded: %s", url, type(exc).__name__)
            self._requested.discard(url)
            self._failed_at[url] = time.monotonic()
            return
        # decoded and scaled off the ui thread (a platform's "thumbnail" may be a 24-megapixel photo);
        # a QImage may be made in any thread, a QPixmap only in this one
        image = await asyncio.to_thread(_thumbnail, response.content, self.size)
        if image.isNull():
            return
        self._pixmaps[url] = QPixmap.fromImage(image)
        self.loaded.emit(url)

    def rounded(self, url: str) -> QPixmap:
        done = self._rounded.get(url)
        if done is not None:
            return done
        src = self.pixmap(url)
        out = QPixmap(src.size())
        out.fill(Qt.GlobalColor.transparent)
        p = QPainter(out)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setBrush(src)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(out.rect(), 6, 6)
        p.end()
        if url in self._pixmaps:  # not the placeholder: the real image replaces it once loaded
            self._rounded[url] = out
        return out
