"""The run of show in the window: a rehearsal at 10× against Studio fires cues through the journal,
a confirm cue waits for GO, the presenter view follows; a live show resumes after a crash with
no cue fired twice; the editor edits, checks and saves a show."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from anchor_console.show import CueState, RunPhase, load_show, save_show
from anchor_console.show.model import IssueCoupon, Segment, Show, StageProduct
from support.studio import on_demo_studio
from support.waiting import until
from support.window import show_of, type_into

SAMPLE = Path(__file__).resolve().parents[1] / "show" / "samples" / "sample_30min.show.toml"


def test_the_go_box_names_a_cue_by_its_action():
    from anchor_console.domain.text import QT_TRANSLATE_NOOP, text_from_dict, text_to_dict
    from anchor_console.show.model import Cue, CueMode, Trigger
    from anchor_console.ui.show.timeline_panel import cue_action

    cue = Cue("c1", IssueCoupon("t1", 500, 30, "满199减30"), Trigger.after(60), CueMode.CONFIRM)
    assert cue_action(cue.describe()) == cue.action.describe()
    # as another seat sends it (JSON), and an older record's plain line, which is shown as it is
    assert cue_action(text_from_dict(text_to_dict(cue.describe()))).english() == cue.action.describe().english()
    plain = QT_TRANSLATE_NOOP("", "1:00 after start: Issue 500 coupons")
    assert cue_action(plain) is plain


def contrast(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio of two colours (1 to 21)."""
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.asyncio
async def test_rehearsal_fires_cues_and_waits_for_go(console_factory, studio_factory, tmp_path):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    window = console.window
    runner = window.session.show
    show_path = tmp_path / "sample.show.toml"
    shutil.copy(SAMPLE, show_path)
    assert runner.load(show_path)
    second = runner.show.segments[1]
    stage_cue = next(c for c in second.cues if isinstance(c.action, StageProduct))
    coupon_cue_id = next(c.id for c in second.cues if isinstance(c.action, IssueCoupon))
    product_id = stage_cue.action.product_id
    panel = show_of(window).timeline
    assert panel.start_button.isEnabled()
    panel.mode.setCurrentIndex(panel.mode.findData("rehearse"))
    panel.speed.setCurrentIndex(panel.speed.findData(10.0))
    panel.start_button.click()
    assert runner.running and runner.rehearsing
    # Segment 2's auto cues put its product on stage through the journal.
    runner.next()
    stage_entries = lambda: [e for e in console.session.journal.entries() if e.kind == "put_on_stage"]  # noqa: E731
    await until(stage_entries, 30, message="the 讲解 cue did not fire")
    await until(lambda: console.session.room.state.stage_product_id == product_id, 10)
    entry = stage_entries()[0]
    assert entry.origin.startswith("cue:") and entry.action_key.startswith("show:")
    # The confirm cue (coupon, 1:00 after the start = 6 s at 10×) waits for GO.
    window.show_dock("timeline")
    await until(lambda: panel.go_box.isVisible(), 15, message="no GO button")
    # Which cue the GO fires, in full and without its time: the coupon, under the button, wrapped.
    coupon_cue = next(c for c in second.cues if c.id == coupon_cue_id)
    assert panel.go_button.text() == "GO (F9)"
    assert panel.go_cue.text() == coupon_cue.action.describe().english() and "after start" not in panel.go_cue.text()
    assert panel.go_cue.isVisible() and panel.go_cue.wordWrap()
    assert panel.go_cue.height() >= panel.go_cue.heightForWidth(panel.go_cue.width()), "the cue's text is cut"
    assert coupon_cue.describe().english() in panel.go_button.toolTip()
    assert studio.coupons() == []  # nothing issued before the go
    QTest.keyClick(window, Qt.Key.Key_F9)
    await until(lambda: len(studio.coupons()) == 1, 10)
    await until(lambda: not panel.go_box.isVisible(), 5)
    await until(lambda: runner.engine.cue_state(coupon_cue_id) is CueState.SUCCEEDED, 10)
    # The presenter view shows the segment, the countdown and the product on stage.
    show_of(window).open_presenter()
    pv = show_of(window).presenter
    await until(lambda: pv.title.text() and ":" in pv.countdown.text())
    assert pv.stage_name.text() == console.session.room.state.shelf_item(product_id).product.name
    assert "¥" in pv.stage_figures.text()
    panel.message.setText("现在讲尺码")
    panel.send_message()
    assert pv.message.isVisible() and "现在讲尺码" in pv.message.text()
    # Overrun shows in red; extend, then the show ends.
    runner.extend(60)
    runner.end()
    assert runner.engine.phase is RunPhase.ENDED
    pv.close()


@pytest.mark.asyncio
async def test_editor_edits_checks_undoes_and_saves(console_factory, studio_factory, tmp_path):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    window = console.window
    await until(lambda: window.session.catalog.products)
    show_of(window).open_editor()
    editor = show_of(window).editor
    editor.add_segment()
    type_into(editor.form.seg_title, "爆款讲解")
    editor.form.seg_minutes.setValue(12)
    editor.form.points.setPlainText("这是全网最低价,100%纯棉")
    await until(lambda: editor.form.findings_list.count() >= 2)
    texts = [editor.form.findings_list.item(i).text() for i in range(editor.form.findings_list.count())]
    assert any("全网最低价" in t for t in texts) and any("100%" in t for t in texts)
    # The crew's own words are checked at once, beside the shipped list.
    from anchor_console.ui.show.words_dialog import ExtraWordsDialog

    editor.edit_extra_words()
    words = next(d for d in editor.findChildren(ExtraWordsDialog) if d.isVisible())
    words.edit.setPlainText("纯棉")
    words.save()
    await until(lambda: any("纯棉" in editor.form.findings_list.item(i).text()
                            for i in range(editor.form.findings_list.count())))
    seg = editor.document.show.segments[-1]
    assert (seg.title, seg.duration_s) == ("爆款讲解", 720)
    editor.form.product_pick.setCurrentIndex(editor.form.product_pick.findData("1003"))
    editor.form.add_product()
    assert [p.id for p in editor.document.show.segments[-1].products] == ["1003"]
    editor.undo()
    assert editor.document.show.segments[-1].products == ()
    editor.redo()
    assert editor.model.rowCount() == len(editor.document.show.segments)
    path = tmp_path / "edited.show.toml"
    await editor._write(path)   # off the ui thread
    again = load_show(path)
    assert again.segments[-1].title == "爆款讲解" and again.segments[-1].products[0].id == "1003"
    assert not editor.document.dirty
    # Exports.
    assert await editor.export("xlsx", tmp_path / "run.xlsx") and (tmp_path / "run.xlsx").stat().st_size > 0
    assert await editor.export("html", tmp_path / "run.html") and "爆款讲解" in (tmp_path / "run.html").read_text("utf-8")
    assert await editor.export("pdf", tmp_path / "run.pdf") and (tmp_path / "run.pdf").read_bytes()[:4] == b"%PDF"
    assert "Exported" in editor.statusBar().currentMessage()
    # A place no file can be written (its "folder" is a file): said in the editor, nothing claimed.
    assert not await editor.export("xlsx", tmp_path / "run.html" / "run.xlsx")
    assert any("Export failed" in m for m in editor.notifications.messages())
    editor.close()


def unsaved_changes_box(editor):
    return next((b for b in editor.findChildren(QMessageBox)
                 if b.isVisible() and b.objectName() == "confirm-unsaved-show"), None)


@pytest.mark.asyncio
async def test_new_open_or_import_asks_before_unsaved_edits_are_dropped(console_factory, studio_factory, tmp_path):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    show_of(console.window).open_editor()
    editor = show_of(console.window).editor
    path = tmp_path / "edited.show.toml"
    shutil.copy(SAMPLE, path)
    assert await editor.open_path(path)
    editor.add_segment()
    edited = editor.document.show
    for replace in (editor.new_show, editor.open_dialog, editor.import_dialog):
        replace()
        assert editor.document.show == edited   # nothing replaced before the answer
        box = await until(lambda: unsaved_changes_box(editor))
        box.button(QMessageBox.StandardButton.Cancel).click()
        await until(lambda: unsaved_changes_box(editor) is None)
        assert editor.document.show == edited and editor.document.dirty
    editor.new_show()
    (await until(lambda: unsaved_changes_box(editor))).button(QMessageBox.StandardButton.Save).click()
    await until(lambda: editor.document.path is None and not editor.document.show.segments)
    assert load_show(path) == edited
    editor.add_segment()
    editor.new_show()
    (await until(lambda: unsaved_changes_box(editor))).button(QMessageBox.StandardButton.Discard).click()
    await until(lambda: not editor.document.show.segments and not editor.document.dirty)
    editor.new_show()     # nothing unsaved: no question
    assert unsaved_changes_box(editor) is None
    editor.close()


@pytest.mark.asyncio
async def test_a_new_show_never_saved_is_offered_again_after_quitting(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    feature = show_of(console.window)
    editor = feature.open_editor()
    editor.new_show()
    editor.add_segment()
    editor.document.set_show_field("title", "没保存的新脚本")
    written = editor.document.show
    console.window.stop_features()   # what quitting does first; the edits are only seconds old
    await console.window.finish_features()
    feature.editor = None            # the next start's editor
    editor = feature.open_editor()
    box = await until(lambda: next((b for b in editor.findChildren(QMessageBox) if b.isVisible()), None))
    assert "Unsaved work found" in box.windowTitle()
    box.button(QMessageBox.StandardButton.Yes).click()
    await until(lambda: editor.document.show == written)
    assert editor.document.path is None and editor.document.dirty
    editor.close()


@pytest.mark.asyncio
async def test_a_long_segment_and_target_are_not_cut_by_the_editor(console_factory, studio_factory, tmp_path):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    path = tmp_path / "marathon.show.toml"
    save_show(Show("48小时马拉松", target_length_s=48 * 3600, segments=(Segment("a", "通宵", 11 * 3600),)), path)
    editor = show_of(console.window).open_editor()
    assert await editor.open_path(path)
    editor.form.seg_seconds.setValue(30)     # only the seconds edited
    assert editor.document.show.segments[0].duration_s == 11 * 3600 + 30
    editor.form.seg_seconds.setValue(0)
    editor.document.set_segment_field("a", "title", "通宵场")
    assert editor.document.show.target_length_s == 48 * 3600 and editor.target.value() == 48 * 60
    editor.close()


@pytest.mark.asyncio
async def test_a_broken_show_file_says_where_and_changes_nothing(console_factory, studio_factory, tmp_path):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    bad = tmp_path / "bad.show.toml"
    bad.write_text('format = "anchor-console-show"\nversion = 1\ntitle = "x"\n[[segments]]\nid = "a"\n'
                   'title = "开场"\nduration = "ten minutes"\n', encoding="utf-8")
    before = bad.read_bytes()
    assert not console.window.session.show.load(bad)
    message = console.window.notifications.messages()[0]
    assert "bad.show.toml" in message and ("line 7" in message.lower() or "7" in message)
    assert bad.read_bytes() == before


@pytest.mark.asyncio
async def test_presenter_flags_sold_out_and_marks_listed_words(console_factory, studio_factory):
    from support.viewers import set_stock

    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    window = console.window
    pv = show_of(window).open_presenter()
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers("assistant")) as c:
        assert (await c.put(f"/api/v1/rooms/{studio.room_id}/stage", json={"product_id": 1006})).status_code == 200
        skus = (await c.get("/api/v1/products/1006")).json()["skus"]
    await until(lambda: console.session.room.state.stage_product_id == "1006")
    pv.render_stage()
    assert pv.stage_alarm.isHidden()
    for sku in skus:
        await set_stock(studio, sku["id"], 0)
    await until(lambda: console.session.room.state.shelf_item("1006").product.stock == 0)
    pv.render_stage()
    assert not pv.stage_alarm.isHidden() and pv.stage_alarm.text() == "SOLD OUT"
    assert pv.stage_band.property("alarm") is True
    # The caption over the red band stays legible (WCAG: 4.5:1 for small text).
    from anchor_console.ui.show.presenter_view import SOLD_OUT
    pv.stage_caption.ensurePolished()
    caption = pv.stage_caption.palette().color(pv.stage_caption.foregroundRole())
    assert contrast(caption, QColor(SOLD_OUT)) >= 4.5, caption.name()
    # Talking points: advertising-law words are marked where the anchor reads them.
    pv.points.setPlainText("这是全网最低价的好面料")
    formats = pv.points.document().firstBlock().layout().formats()
    assert [(f.start, f.length) for f in formats] == [(2, 5)]
    pv.close()


def test_presenter_goes_to_another_screen_when_there_is_one():
    from anchor_console.ui.common.widgets import second_screen

    class Screen:
        def __init__(self, w, h):
            self.size = (w, h)

        def geometry(self):
            from PySide6.QtCore import QRect
            return QRect(0, 0, *self.size)

    laptop, small, big = Screen(1366, 768), Screen(1024, 768), Screen(1920, 1080)
    assert second_screen(laptop, [laptop]) is None
    assert second_screen(laptop, [laptop, small, big]) is big
    assert second_screen(big, [laptop, big]) is laptop


@pytest.mark.asyncio
async def test_in_chinese_a_dry_runs_room_is_titled_in_chinese(console_factory, studio_factory, qapp, tmp_path):
    """The header shows the rehearsal room's title: the console names it in its own language."""
    from anchor_console.ui.common.i18n import install_translations

    install_translations(qapp, "zh_CN")
    try:
        studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
        window, session = console.window, console.session
        show_path = tmp_path / "sample.show.toml"
        shutil.copy(SAMPLE, show_path)
        assert session.show.load(show_path)
        panel = show_of(window).timeline
        panel.mode.setCurrentIndex(panel.mode.findData("dry_run"))
        panel.speed.setCurrentIndex(panel.speed.findData(10.0))
        panel.start_button.click()
        await until(lambda: session.rehearsal.active and session.room.state.loaded, 20,
                    message="no rehearsal room")
        await until(lambda: session.show.show.title in window.header.title.text(), 10)
        assert window.header.title.text().startswith("彩排 · "), window.header.title.text()
        await session.rehearsal.leave()
    finally:
        install_translations(qapp, "en")


@pytest.mark.asyncio
async def test_a_loaded_show_lists_its_segments_before_it_starts(console_factory, studio_factory, tmp_path):
    """Between loading and starting, the run of show shows what was loaded, not "Not running"
    over an empty list."""
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    runner, panel = console.session.show, show_of(console.window).timeline
    show_path = tmp_path / "sample.show.toml"
    shutil.copy(SAMPLE, show_path)
    assert runner.load(show_path)
    titles = [row.title for row in panel.segments_model.rows]
    assert titles == [s.title for s in runner.show.segments]
    assert panel.segment_title.text().startswith("Ready: 7 segments"), panel.segment_title.text()
    assert panel.segments_model.data(panel.segments_model.index(0, 1)) == "20:00"
    assert panel.start_button.isEnabled()
    panel.start_button.click()   # live: the snapshots take over
    assert runner.running
    await until(lambda: panel.segment_title.text().startswith("1/7 "), 5)
    runner.end()


@pytest.mark.asyncio
async def test_a_long_cue_wraps_in_the_editor_and_the_run_of_show(console_factory, studio_factory, tmp_path):
    """A flash sale cue's line (product, price, stock, limit, countdown, length) is read whole at
    1366 px: it wraps in the lists instead of running off their edge behind a sideways scroll bar."""
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    window = console.window
    show_path = tmp_path / "sample.show.toml"
    shutil.copy(SAMPLE, show_path)
    show_of(window).open_editor()
    editor = show_of(window).editor
    editor.resize(900, 700)   # the form beside the segments, as narrow as on a laptop in Chinese
    assert await editor.open_path(show_path)
    flash_segment = next(i for i, s in enumerate(editor.document.show.segments)
                         if any(c.id == "cue-dress-flash" for c in s.cues))
    editor.view.selectRow(flash_segment)
    cues = editor.form.cues
    await until(lambda: cues.count() >= 2 and cues.viewport().width() > 100)
    long_item = max((cues.item(i) for i in range(cues.count())), key=lambda it: len(it.text()))

    def too_long() -> bool:
        return cues.fontMetrics().horizontalAdvance(long_item.text()) > cues.viewport().width()
    if not too_long():   # narrower glyphs (no CJK font installed): a larger font makes the line long
        font = cues.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        cues.setFont(font)
        await until(too_long, 5, message="the cue line is not longer than the list")
    await until(lambda: cues.visualItemRect(long_item).height() > cues.fontMetrics().height() * 1.5, 5,
                message="the long cue does not wrap")
    assert cues.horizontalScrollBar().maximum() == 0
    assert cues.visualItemRect(long_item).right() <= cues.viewport().width()
    editor.close()


@pytest.mark.asyncio
async def test_quitting_keeps_the_show_editors_last_edits_recoverable(console_factory, studio_factory, tmp_path):
    """The recovery copy follows an edit once typing pauses (2 s): quitting the console right after
    an edit still keeps it, offered the next time the show is opened."""
    from anchor_console.show import save_show
    from anchor_console.show.autosave import recovery_for
    from anchor_console.show.model import Segment, Show

    path = tmp_path / "quit.show.toml"
    save_show(Show("开场前", segments=(Segment("seg-a", "第一段", 600),)), path)
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    editor = show_of(console.window).open_editor()
    assert await editor.open_path(path)
    type_into(editor.title, "改过的标题")
    await console.shutdown()   # File → Quit at once
    recovery = recovery_for(console.session.paths.recovery, path)
    assert recovery is not None and recovery.show().title == "改过的标题"
    assert not editor.isVisible()   # and the editor went with the console
