"""The share poster of a live plan: a portrait PNG whose QR code, decoded by a real reader
(zxing-cpp) from the saved file, is the room's link — with a Chinese title, a cover, and without."""

from __future__ import annotations

import numpy as np
import pytest
import zxingcpp
from PySide6.QtGui import QColor, QImage

from anchor_console.ui.plans.poster import HEIGHT, WIDTH, qr_matrix, render_poster, save_poster, wrapped_lines, cjk_font

LINK = "http://127.0.0.1:8765/watch/42"


def decoded(path) -> list[str]:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_Grayscale8)
    buffer = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    pixels = np.ascontiguousarray(buffer[:, :image.width()])
    return [b.text for b in zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)]


def a_cover() -> QImage:
    cover = QImage(1600, 900, QImage.Format.Format_RGB32)          # wider than the poster's 4:3: cropped
    cover.fill(QColor("#3c8dbc"))
    return cover


@pytest.mark.parametrize("cover", [a_cover(), None], ids=["cover", "no-cover"])
def test_the_posters_qr_code_opens_the_room_link(qapp, tmp_path, cover):
    poster = render_poster(cover, "春季上新专场 · 新品首发整点抽奖,全场包邮,还有更多惊喜等你来拿,不见不散哦",
                           "2026-03-18 20:00 – 22:00", LINK, "小美主播")
    assert (poster.width(), poster.height()) == (WIDTH, HEIGHT)
    written = save_poster(poster, tmp_path / "poster")
    assert written.name == "poster.png" and written.read_bytes().startswith(b"\x89PNG")
    assert decoded(written) == [LINK]
    if cover is not None:
        assert QImage(str(written)).pixelColor(WIDTH // 2, 100) == QColor("#3c8dbc")


def test_a_long_link_still_decodes_and_the_title_is_elided_not_cut(qapp, tmp_path):
    link = "https://studio.example.com/watch/123456?from=poster&utm_source=wechat_moments&anchor=" + "x" * 120
    written = save_poster(render_poster(None, "标题", "今晚 20:00", link), tmp_path / "long.png")
    assert decoded(written) == [link]
    lines = wrapped_lines("春" * 200, cjk_font(64, bold=True), 936, 3)
    assert len(lines) == 3 and lines[-1].endswith("…") and all(lines)


def test_the_qr_code_is_segnos_with_dark_finder_patterns(qapp):
    matrix = qr_matrix(LINK)
    assert len(matrix) == len(matrix[0]) >= 21
    assert all(matrix[0][:7]) and all(matrix[6][:7])          # the top-left finder pattern's edges


def test_a_poster_that_cannot_be_written_says_where(qapp, tmp_path):
    with pytest.raises(OSError) as info:
        save_poster(render_poster(None, "标题", "今晚", LINK), tmp_path / "missing-folder" / "p.png")
    assert "missing-folder" in str(info.value)


def test_a_file_that_cannot_be_written_is_said_in_the_interface_language(qapp, tmp_path):
    """A poster, a run sheet or a review exported as PDF into a folder that is not there: the
    reason shown after "导出失败：" was our own English sentence ("nothing was written to …")."""
    from anchor_console.ui.common.i18n import install_translations
    from anchor_console.ui.show.run_sheet_pdf import write_pdf as write_run_sheet_pdf

    missing = tmp_path / "missing-folder"
    install_translations(qapp, "zh_CN")
    try:
        with pytest.raises(OSError) as poster:
            save_poster(render_poster(None, "标题", "今晚", LINK), missing / "p.png")
        with pytest.raises(OSError) as run_sheet:
            write_run_sheet_pdf("<p>开场</p>", missing / "run.pdf")
    finally:
        install_translations(qapp, "en")
    for info in (poster, run_sheet):
        assert "无法写入" in str(info.value) and "missing-folder" in str(info.value), str(info.value)


def test_a_poster_for_viewers_in_china_gives_beijing_time_wherever_it_is_made(qapp):
    """Made on a laptop set to another zone, a 20:00 Beijing show printed as that zone's hour."""
    from types import SimpleNamespace

    from anchor_console.ui.plans.poster_dialog import plan_times

    at_eight_in_beijing = SimpleNamespace(plan=SimpleNamespace(starts_at=1773835200, ends_at=1773842400))
    assert "20:00 – 22:00" in plan_times(at_eight_in_beijing, beijing=True)
