"""Draws the README's picture of the Companion page (resources/companion/buttons.json) on a 5×3
Stream Deck, as the keys look in one moment of a show: product 2 on stage, a cue waiting for GO,
a flash sale armed (FIRE lit), the segment counting down. Offscreen Qt, no window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/screenshots/stream_deck.py"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QLinearGradient, QPainter, QPainterPath, QPen

ROOT = Path(__file__).resolve().parents[2]
BUTTONS = ROOT / "resources" / "companion" / "buttons.json"
OUT = ROOT / "resources" / "screenshots" / "stream-deck.png"

# One moment of a show, as the state stream would say it: which feedbacks are on.
LIT = {(0, 1): "green", (1, 2): "green", (2, 1): "amber", (2, 2): "red", (1, 1): "countdown"}
SUBTITLE = {(0, 1): "牛仔裤", (1, 2): "满199减30", (2, 1): "¥99 × 20", (1, 1): "04:12"}
COLORS = {"green": ("#1b5e20", "#43a047"), "amber": ("#8d5a00", "#f0a020"), "red": ("#7f0000", "#e53935"),
          "countdown": ("#0d2a4a", "#1e5a9a"), None: ("#1c1c1e", "#2c2c30")}
KEY, GAP, MARGIN = 150, 34, 70


def key_face(p: QPainter, rect: QRectF, button: dict, lit: str | None, subtitle: str | None) -> None:
    dark, light = COLORS[lit]
    path = QPainterPath()
    path.addRoundedRect(rect, 18, 18)
    shade = QLinearGradient(rect.topLeft(), rect.bottomLeft())
    shade.setColorAt(0, QColor(light))
    shade.setColorAt(1, QColor(dark))
    p.fillPath(path, shade)
    p.setPen(QPen(QColor(255, 255, 255, 40), 2))
    p.drawPath(path)
    gloss = QPainterPath()
    gloss.addRoundedRect(rect.adjusted(6, 6, -6, -rect.height() * 0.55), 14, 14)
    p.fillPath(gloss, QColor(255, 255, 255, 22))
    text_rect = rect.adjusted(8, 10, -8, -(34 if subtitle else 10))
    p.setPen(QColor("#ffffff" if lit else "#d8d8dc"))
    font = QFont("Noto Sans CJK SC", 19 if len(button["text"]) < 12 else 16, QFont.Weight.Bold)
    p.setFont(font)
    p.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, button["text"])
    if subtitle:
        p.setFont(QFont("Noto Sans CJK SC", 13))
        p.setPen(QColor(255, 255, 255, 220))
        p.drawText(rect.adjusted(6, rect.height() - 40, -6, -8), Qt.AlignmentFlag.AlignCenter, subtitle)


def draw(buttons: dict) -> QImage:
    cols, rows = buttons["columns"], buttons["rows"]
    width = 2 * MARGIN + cols * KEY + (cols - 1) * GAP
    height = 2 * MARGIN + rows * KEY + (rows - 1) * GAP
    image = QImage(width + 120, height + 160, QImage.Format.Format_ARGB32)
    desk = QLinearGradient(0, 0, 0, image.height())
    desk.setColorAt(0, QColor("#6b5a4a"))
    desk.setColorAt(1, QColor("#3e3128"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.fillRect(image.rect(), desk)
    body = QRectF(60, 60, width, height)
    shadow = QPainterPath()
    shadow.addRoundedRect(body.translated(10, 18), 42, 42)
    p.fillPath(shadow, QColor(0, 0, 0, 110))
    frame = QPainterPath()
    frame.addRoundedRect(body, 42, 42)
    metal = QLinearGradient(body.topLeft(), body.bottomLeft())
    metal.setColorAt(0, QColor("#3a3a3e"))
    metal.setColorAt(1, QColor("#121214"))
    p.fillPath(frame, metal)
    p.setPen(QPen(QColor(255, 255, 255, 30), 3))
    p.drawPath(frame)
    for button in buttons["buttons"]:
        r, c = button["row"], button["column"]
        rect = QRectF(body.left() + MARGIN + c * (KEY + GAP), body.top() + MARGIN + r * (KEY + GAP), KEY, KEY)
        p.fillRect(rect.adjusted(-4, -4, 4, 4), QColor(0, 0, 0, 90))
        key_face(p, rect, button, LIT.get((r, c)), SUBTITLE.get((r, c)))
    p.setPen(QColor(255, 255, 255, 150))
    p.setFont(QFont("Noto Sans", 13))
    p.drawText(QPointF(body.left() + 24, body.bottom() + 60),
               "Anchor Console · Companion page (resources/companion/buttons.json)")
    p.end()
    return image


def main() -> None:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    buttons = json.loads(BUTTONS.read_text(encoding="utf-8"))
    draw(buttons).save(str(OUT))
    print(OUT)
    del app


if __name__ == "__main__":
    main()
