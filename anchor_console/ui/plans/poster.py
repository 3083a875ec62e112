"""The share poster of a live plan (直播预告海报): a portrait PNG with the cover on top, the title
(wrapped, the last line elided), the start time and the anchor, and a QR code that opens the
room's link, with the link written under it — for the anchor to post in chats and moments.

The QR code is segno's (no encoder of our own): its module matrix is drawn at a whole number of
pixels per module, dark on white with the standard four-module quiet zone, so any phone and
any decoder read it straight off the image."""

from __future__ import annotations

from pathlib import Path

import segno
from PySide6.QtCore import QCoreApplication, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetrics, QImage, QPainter, QTextLayout

WIDTH, HEIGHT = 1080, 1920
COVER_HEIGHT = 810                 # 4:3 over the full width
MARGIN = 72
QR_TARGET = 440                    # pixels the QR code (with its quiet zone) is made close to, never over
QUIET_ZONE = 4                     # modules of white around the code (ISO/IEC 18004)
TITLE_LINES = 3
# Fonts that carry Chinese, in order of preference per system; the first one installed is used.
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Hiragino Sans GB",
                "WenQuanYi Micro Hei", "Noto Serif CJK SC", "Noto Sans SC", "SimHei")
INK, MUTED, ACCENT, PAPER = QColor("#1f2329"), QColor("#646a73"), QColor("#fe2c55"), QColor("#ffffff")


def cjk_font(pixel_size: int, *, bold: bool = False) -> QFont:
    """A font that shows Chinese (the system's default font where none of the known ones is there)."""
    installed = set(QFontDatabase.families())
    family = next((f for f in CJK_FAMILIES if f in installed), "")
    font = QFont(family) if family else QFont()
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    return font


def qr_matrix(link: str) -> list[list[bool]]:
    """The link's QR code as rows of dark (True) modules, without the quiet zone."""
    code = segno.make_qr(link, error="m")
    return [[bool(m) for m in row] for row in code.matrix]


def draw_qr(painter: QPainter, link: str, left: int, top: int, target: int = QR_TARGET) -> int:
    """Draw the QR code with its quiet zone at (left, top), as large as fits in `target` pixels at a
    whole number of pixels per module; returns the side it took."""
    matrix = qr_matrix(link)
    modules = len(matrix) + 2 * QUIET_ZONE
    size = max(2, target // modules)       # whole pixels per module: sharp edges, nothing resampled
    side = modules * size
    painter.fillRect(QRect(left, top, side, side), PAPER)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(QRect(left + (x + QUIET_ZONE) * size, top + (y + QUIET_ZONE) * size, size, size),
                                 QColor("#000000"))
    return side


def _draw_cover(painter: QPainter, cover: QImage | None) -> None:
    area = QRect(0, 0, WIDTH, COVER_HEIGHT)
    if cover is None or cover.isNull():
        painter.fillRect(area, QColor("#ffe4e8"))
        painter.setPen(ACCENT)
        painter.setFont(cjk_font(96, bold=True))
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, QCoreApplication.translate("PlanPoster", "LIVE"))
        return
    # Fill the area, cropping what overflows (a cover of another shape keeps its proportions).
    scaled = cover.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                          Qt.TransformationMode.SmoothTransformation)
    x, y = (scaled.width() - WIDTH) // 2, (scaled.height() - COVER_HEIGHT) // 2
    painter.drawImage(area, scaled, QRect(x, y, WIDTH, COVER_HEIGHT))


def wrapped_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """The text broken into lines that fit `width` (Chinese breaks between any two characters),
    at most `max_lines`, the last one elided when more text is left."""
    layout = QTextLayout(" ".join(text.split()), font)
    layout.beginLayout()
    lines: list[tuple[int, int]] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append((line.textStart(), line.textLength()))
    layout.endLayout()
    full = layout.text()
    out = [full[start:start + length].rstrip() for start, length in lines[:max_lines]]
    if len(lines) > max_lines:
        rest = full[lines[max_lines - 1][0]:]
        out[-1] = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return out


def _draw_text_block(painter: QPainter, title: str, starts_at: str, anchor: str, top: int) -> int:
    """Title, time and anchor from `top`; returns where the block ends."""
    width = WIDTH - 2 * MARGIN
    title_font = cjk_font(64, bold=True)
    painter.setFont(title_font)
    painter.setPen(INK)
    line_height = QFontMetrics(title_font).lineSpacing()
    for line in wrapped_lines(title, title_font, width, TITLE_LINES):
        painter.drawText(QRectF(MARGIN, top, width, line_height), Qt.AlignmentFlag.AlignLeft, line)
        top += line_height
    top += 24
    for text, color, size in ((starts_at, ACCENT, 44), (anchor, MUTED, 38)):
        if not text:
            continue
        font = cjk_font(size, bold=color == ACCENT)
        painter.setFont(font)
        painter.setPen(color)
        metrics = QFontMetrics(font)
        painter.drawText(QRectF(MARGIN, top, width, metrics.lineSpacing()), Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
        top += metrics.lineSpacing() + 12
    return top


def render_poster(cover: QImage | None, title: str, starts_at: str, link: str, anchor: str = "") -> QImage:
    """The poster, 1080×1920. `starts_at` and `anchor` are shown as given (the caller words and
    formats them in the operator's language); `link` is what the QR code opens."""
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    image.fill(PAPER)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)   # the QR code's edges stay sharp
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        _draw_cover(painter, cover)
        anchor_line = (QCoreApplication.translate("PlanPoster", "Anchor: {anchor}").format(anchor=anchor)
                       if anchor else "")
        text_end = _draw_text_block(painter, title, starts_at, anchor_line, COVER_HEIGHT + 56)
        caption_font = cjk_font(34)
        caption = QFontMetrics(caption_font)
        room_below = 2 * caption.lineSpacing() + 80
        target = min(QR_TARGET, HEIGHT - text_end - 40 - room_below)
        modules = len(qr_matrix(link)) + 2 * QUIET_ZONE
        side = modules * max(2, target // modules)
        top = max(text_end + 40, HEIGHT - room_below - side)
        draw_qr(painter, link, (WIDTH - side) // 2, top, target)
        painter.setFont(caption_font)
        painter.setPen(MUTED)
        y = top + side + 16
        painter.drawText(QRectF(MARGIN, y, WIDTH - 2 * MARGIN, caption.lineSpacing()), Qt.AlignmentFlag.AlignHCenter,
                         QCoreApplication.translate("PlanPoster", "Scan to watch and get a reminder"))
        painter.drawText(QRectF(MARGIN, y + caption.lineSpacing(), WIDTH - 2 * MARGIN, caption.lineSpacing()),
                         Qt.AlignmentFlag.AlignHCenter,
                         caption.elidedText(link, Qt.TextElideMode.ElideMiddle, WIDTH - 2 * MARGIN))
    finally:
        painter.end()
    return image


def save_poster(image: QImage, path: Path | str) -> Path:
    """Write the poster as PNG (".png" added where the name lacks it); returns the file written,
    OSError (naming the path) when it cannot be written."""
    path = Path(path)
    if path.suffix.lower() != ".png":
        path = path.with_name(path.name + ".png")
    if not image.save(str(path), "PNG"):
        raise OSError(QCoreApplication.translate("PlanPoster", "it could not be written to {file}").format(
            file=str(path)))
    return path
