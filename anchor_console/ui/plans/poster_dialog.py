"""The share poster of a plan (直播预告海报) in a dialog: the room's link is asked of the platform and
the cover fetched (a poster without its cover, and a note saying so, when it cannot be), the poster
rendered (`poster.py`) and previewed; Save PNG… writes it, Copy link puts the link on the clipboard."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import httpx
from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QSize, Qt, QTimeZone
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from anchor_console.domain.text import os_error_words
from anchor_console.platforms.errors import PlatformError
from anchor_console.session.live_plans import LivePlan, PlanRejected
from anchor_console.ui.common.i18n import reasons_text
from anchor_console.ui.common.widgets import dialog_buttons, fit_to_screen, plain_label
from anchor_console.ui.plans.poster import HEIGHT, WIDTH, render_poster, save_poster

log = logging.getLogger("anchor_console.ui.plans")
PREVIEW_HEIGHT = 400     # at least; the preview grows with the dialog


async def fetch_image(session, url: str) -> QImage | None:
    """The image at `url` over the session's HTTP client (None if it cannot be had)."""
    if not url or session.http is None:
        return None
    try:
        response = await session.http.get(url, timeout=10.0)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        log.info("cover %s not fetched: %s", url, type(exc).__name__)
        return None
    image = QImage.fromData(response.content)
    return None if image.isNull() else image


BEIJING = QTimeZone(8 * 3600)   # China has one zone and no summer time
CHINESE_AUDIENCE = frozenset({"wechat_miniprogram", "wechat_channels"})   # platforms whose viewers are in China


def plan_times(live_plan: LivePlan, *, beijing: bool = False) -> str:
    """"2026-03-18 (Wed) 20:00 – 22:00" in the operator's language (the end's date too if another day).
    `beijing`: the viewers are in China — the times in Beijing time, said so when this computer's
    clock is in another zone (a poster made abroad printed a 20:00 show as 05:00)."""
    locale = QLocale()
    start = QDateTime.fromSecsSinceEpoch(int(live_plan.plan.starts_at))
    end = QDateTime.fromSecsSinceEpoch(int(live_plan.plan.ends_at))
    zone = ""
    if beijing and start.offsetFromUtc() != BEIJING.offsetFromUtc(start):
        start, end = start.toTimeZone(BEIJING), end.toTimeZone(BEIJING)
        zone = " " + QCoreApplication.translate("Poster", "(Beijing time)")
    day = f"{start.date().toString('yyyy-MM-dd')} ({locale.dayName(start.date().dayOfWeek(), QLocale.FormatType.ShortFormat)})"
    until = end.toString("HH:mm") if end.date() == start.date() else end.toString("yyyy-MM-dd HH:mm")
    return f"{day} {start.toString('HH:mm')} – {until}{zone}"


class PosterPreview(QLabel):
    """The poster scaled to fit the room the dialog gives it (its text while there is none)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setMinimumSize(QSize(WIDTH * PREVIEW_HEIGHT // HEIGHT, PREVIEW_HEIGHT))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_image(self, image: QImage) -> None:
        self.image = image
        self._scale()

    def _scale(self) -> None:
        if self.image is not None:
            self.setPixmap(QPixmap.fromImage(self.image.scaled(
                self.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._scale()


class PosterDialog(QDialog):
    def __init__(self, parent: QWidget, session, live_plan: LivePlan) -> None:
        super().__init__(parent)
        self.session = session
        self.live_plan = live_plan
        self.link = ""
        self.image: QImage | None = None
        self._key = f"plan-poster:{id(self)}"
        self.setObjectName("plan-poster")
        self.setWindowTitle(self.tr("Share poster"))
        self.preview = PosterPreview(self)
        self.preview.setText(self.tr("Making the poster…"))
        self.link_label = plain_label("", self, wrap=True)
        self.link_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = plain_label("", self, wrap=True)
        self.save_button = QPushButton(self.tr("Save PNG…"), self)
        self.copy_button = QPushButton(self.tr("Copy link"), self)
        self.save_button.clicked.connect(self.choose_file)
        self.copy_button.clicked.connect(self.copy_link)
        for b in (self.save_button, self.copy_button):
            b.setEnabled(False)
        buttons = dialog_buttons(self)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.link_label)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        fit_to_screen(self, 480, 760, near=parent)
        self.task = session.tasks.spawn(self._make(), name="plan-poster", key=self._key)

    async def _make(self) -> None:
        try:
            self.link = await self.session.live_plans.share_link(self.live_plan)
        except (PlanRejected, PlatformError) as exc:
            problems = exc.problems if isinstance(exc, PlanRejected) else [exc.message]
            self.preview.setText(self.tr("The room's link could not be had: {why}").format(
                why=reasons_text(problems)))
            return
        if not self.link:
            self.preview.setText(self.tr("The platform has no link to this room: there is nothing to share."))
            return
        cover = await fetch_image(self.session, self.live_plan.cover_url)
        plan = self.live_plan.plan
        kind = next((c.kind for c in self.session.settings.connections if c.id == self.live_plan.connection_id), "")
        self.image = render_poster(cover, plan.title, plan_times(self.live_plan, beijing=kind in CHINESE_AUDIENCE),
                                   self.link, plan.anchor_name)
        self.preview.set_image(self.image)
        self.link_label.setText(self.tr("Link: {link}").format(link=self.link))
        if self.live_plan.cover_url and cover is None:
            self.status.setText(self.tr("The cover could not be fetched: the poster has none."))
        elif not self.live_plan.cover_url:
            self.status.setText(self.tr("The plan has no cover: the poster shows LIVE instead."))
        self.save_button.setEnabled(True)
        self.copy_button.setEnabled(True)

    def copy_link(self) -> None:
        QGuiApplication.clipboard().setText(self.link)
        self.status.setText(self.tr("The link is on the clipboard."))

    def choose_file(self) -> QFileDialog:
        name = "".join(c for c in self.live_plan.plan.title if c not in '\\/:*?"<>|').strip() or "poster"
        dialog = QFileDialog(self, self.tr("Save the poster"), str(Path.home() / f"{name}.png"),
                             self.tr("PNG images (*.png)"))
        dialog.setObjectName("poster-save-dialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("png")
        dialog.fileSelected.connect(lambda path: self.save(Path(path)))
        dialog.open()
        return dialog

    def save(self, path: Path):
        """Write the poster to `path` (a task; returned, for tests)."""
        if self.image is None:
            return None
        return self.session.tasks.spawn(self._save(self.image, path), name="plan-poster-save",
                                        key=f"{self._key}:save")

    async def _save(self, image: QImage, path: Path) -> None:
        self.status.setText(self.tr("Saving…"))
        try:
            written = await asyncio.to_thread(save_poster, image, path)
        except OSError as exc:
            self.status.setText(self.tr("The poster was not saved: {why}").format(why=os_error_words(exc)))
            return
        self.status.setText(self.tr("Saved as {path}").format(path=str(written)))

    def done(self, result: int) -> None:
        self.session.tasks.cancel(self._key)
        super().done(result)
