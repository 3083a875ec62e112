"""Product thumbnails, fetched once over the connection's HTTP client and cached in memory, and
the rounded thumbnails the lists show, made once for each size a list asks for: a QPixmap
decoration is painted at its own size whatever the view's iconSize, so a list gets one exactly as
big as its rows hold."""

from __future__ import annotations

import asyncio
import logging
import time

import httpx
from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPixmap

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
        self._rounded: dict[tuple[str, int], QPixmap] = {}  # (url, size): lists ask again for every row they paint
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

    def rounded(self, url: str, size: int | None = None) -> QPixmap:
        """The thumbnail with rounded corners, whole, centred on a `size` × `size` square (logical
        pixels; default: the cache's size). Made once per URL and size, as the placeholder is once
        per size: lists ask again for every row they paint."""
        size = self.size if size is None else size
        done = self._rounded.get((url, size))
        if done is not None:
            return done
        src = self.pixmap(url)
        if url not in self._pixmaps:   # the placeholder until the image is loaded
            url = ""
            done = self._rounded.get((url, size))
            if done is not None:
                return done
        self._rounded[(url, size)] = done = self._round(src, size)
        return done

    @staticmethod
    def _round(src: QPixmap, size: int) -> QPixmap:
        screen = QGuiApplication.primaryScreen()
        ratio = screen.devicePixelRatio() if screen is not None else 1.0
        side = round(size * ratio)   # device pixels: sharp on a high-density screen
        scaled = src.scaled(QSize(side, side), Qt.AspectRatioMode.KeepAspectRatio,
                            Qt.TransformationMode.SmoothTransformation)
        out = QPixmap(side, side)
        out.fill(Qt.GlobalColor.transparent)
        p = QPainter(out)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.translate((side - scaled.width()) / 2, (side - scaled.height()) / 2)
        p.setBrush(scaled)
        p.setPen(Qt.PenStyle.NoPen)
        radius = max(2.0, side * 6 / 64)   # 6 px on a 64 px thumbnail, in proportion on smaller ones
        p.drawRoundedRect(scaled.rect(), radius, radius)
        p.end()
        out.setDevicePixelRatio(ratio)
        return out
