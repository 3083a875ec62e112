"""Draws the demo catalog's product tiles (resources/images/products/<id>.png).

    python tests/studio/make_product_images.py

Kept beside the Studio tests so the shipped images can be redrawn; not run by the test suite."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QImage, QLinearGradient, QPainter, QPen  # noqa: E402

from anchor_console.studio.demo import CATALOG  # noqa: E402

PALETTE = {  # category -> (top colour, bottom colour, glyph)
    "女装": ("#f8bbd0", "#ec407a", "👗"), "男装": ("#bbdefb", "#1e88e5", "👕"), "美妆": ("#f3e5f5", "#ab47bc", "💄"),
    "个护": ("#e0f7fa", "#26a69a", "🧴"), "食品": ("#fff3e0", "#fb8c00", "🍱"), "家居": ("#efebe9", "#8d6e63", "🏠"),
    "数码": ("#e8eaf6", "#3949ab", "🎧"), "母婴": ("#f1f8e9", "#7cb342", "🍼"),
}
GLYPHS = {"针织": "衫", "牛仔": "裤", "连衣裙": "裙", "T恤": "T", "羽绒": "绒", "洁面": "洁", "面膜": "膜", "口红": "唇",
          "防晒": "晒", "洗发": "洗", "坚果": "果", "红茶": "茶", "鸡胸": "鸡", "糍粑": "粑", "大米": "米", "保温杯": "杯",
          "护颈枕": "枕", "四件套": "被", "耳机": "耳", "充电宝": "电", "体脂秤": "秤", "水壶": "壶"}


def tile(name: str, category: str) -> QImage:
    top, bottom, _ = PALETTE.get(category, ("#eceff1", "#78909c", ""))
    glyph = next((g for k, g in GLYPHS.items() if k in name), name[0])
    size = 256
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    g = QLinearGradient(0, 0, 0, size)
    g.setColorAt(0, QColor(top))
    g.setColorAt(1, QColor(bottom))
    p.setBrush(QBrush(g))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(QRectF(8, 8, size - 16, size - 16), 28, 28)
    p.setBrush(QColor(255, 255, 255, 210))
    p.drawEllipse(QRectF(58, 34, 140, 140))
    font = QFont("Noto Sans CJK SC")
    font.setPixelSize(92)
    font.setBold(True)
    p.setFont(font)
    p.setPen(QColor(bottom))
    p.drawText(QRectF(58, 34, 140, 140), Qt.AlignmentFlag.AlignCenter, glyph)
    label = name.split(" ")[0]
    font.setPixelSize(26 if len(label) <= 7 else 21)
    p.setFont(font)
    p.setPen(QPen(QColor("white")))
    p.drawText(QRectF(14, 184, size - 28, 56), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, label)
    p.end()
    return img


def main() -> None:
    app = QGuiApplication.instance() or QGuiApplication([])
    out = ROOT / "resources" / "images" / "products"
    out.mkdir(parents=True, exist_ok=True)
    for pid, name, category, _desc, _skus in CATALOG:
        tile(name, category).save(str(out / f"{pid}.png"))
    print(f"wrote {len(CATALOG)} images to {out}")
    del app


if __name__ == "__main__":
    main()
