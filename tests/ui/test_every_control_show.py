"""Every control of the run of show, pressed once: against a real Studio with an audience, an
assistant's console has the show editor opened and every control of it and of the dialogs it
opens used (segments, products, cues, undo and redo, save, save as, exports, extra words, the
Segment menu, import of a spreadsheet, run in the console — asked first while the show has
problems), then a show opened in the Run of show panel and run — the presenter view opened and
made full screen and back, a rehearsal at 10× through Next, Skip, Previous, Fire, GO, Extend,
Dismiss and Send, the editor's show sent to the console while it runs,
End show (its review opens), a dry run in a rehearsal room with comments replayed (its review,
marked a rehearsal, opens when the room is left) — and the editor emptied and closed (File →
Close). The way a
person reaches them (rows selected first, dialogs answered, file dialogs given a file under
tmp_path), and nothing may go wrong meanwhile (see support/crawl.py) but for the
steps whose right outcome is a notice. The rest of the window is crawled by
test_every_control_window.py.

The presenter view has no buttons: its F11 is pressed. After the scripted steps a sweep presses
any button of the run of show (the panel, the rehearsal bar, the editor and the presenter view)
still unpressed that is enabled and in view, so a button added later is pressed too."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from support.crawl import (
    Crawl, action_named, button_named, label, outside_show_area, own_buttons, run_crawl,
)
from support.screenshots import save_shot
from support.window import comments_of, show_of

from anchor_console.show import CueState, RunPhase
from anchor_console.ui.review.review_window import ReviewWindow

SAMPLES = Path(__file__).resolve().parents[1] / "show" / "samples"
SAMPLE_SHOW = SAMPLES / "sample_30min.show.toml"
B = QDialogButtonBox.StandardButton
# A hang guard, not a speed claim, for steps that read or write a file off the ui thread: on a busy
# 2-core laptop (other tests' fsyncs queued before ours) Save took over 2 s.
FILE_WRITTEN = 10


@pytest.mark.slow(20)
@pytest.mark.asyncio
async def test_every_control_of_the_run_of_show(console_factory, studio_factory, tmp_path, monkeypatch):
    await run_crawl(console_factory, studio_factory, tmp_path, monkeypatch,
                    [show_editor, run_of_show, closing_the_editor, sweep],
                    elsewhere=outside_show_area,   # crawled by test_every_control_window.py
                    windows=show_windows)


def show_windows(crawl: Crawl) -> list:
    """The run of show's own windows, crawled besides the main window."""
    feature = show_of(crawl.window)
    return [feature.editor, feature.presenter]


# ---------------------------------------------------------------------- show editor

async def show_editor(crawl: Crawl) -> None:
    """The editor is opened, every control of it used; it stays open for the run of show."""
    editor = await opening_the_editor(crawl)
    if editor is None:
        return
    await editor_segments_and_products(crawl, editor)
    await editor_cues(crawl, editor)
    await editor_menus(crawl, editor)
    await editor_segment_menu(crawl, editor)
    await editor_import_and_run(crawl, editor)


def act(editor, text: str) -> QAction:
    return action_named(editor.menuBar(), text)


async def opening_the_editor(crawl: Crawl):
    window = crawl.window
    feature = show_of(window)
    edit_copy = crawl.tmp / "edit.show.toml"
    shutil.copy(SAMPLE_SHOW, edit_copy)
    editor = None
    async with crawl.phase("Show editor: open"):
        crawl.trigger(action_named(window.menuBar(), "Show editor"))
        editor = await crawl.expect(lambda: feature.editor is not None and feature.editor.isVisible() and feature.editor,
                                    "the show editor opens", 3)
        crawl.press(button_named(window, "Edit…"))
        assert await editor.open_path(SAMPLE_SHOW)
        assert len(editor.document.show.segments) == 7
        # Everything below writes to copies: File → Open… a copy first.
        crawl.trigger(act(editor, "Open…"))
        await crawl.answer_file(edit_copy)
        await crawl.expect(lambda: editor.document.path == edit_copy, "File → Open… opens the chosen show")
    return editor


async def editor_segments_and_products(crawl: Crawl, editor) -> None:
    form = editor.form

    async with crawl.phase("Show editor: segments"):
        editor.view.selectRow(1)
        count = len(editor.document.show.segments)
        for text in ("Add segment", "Duplicate"):
            crawl.press(button_named(editor, text))
        await crawl.expect(lambda: len(editor.document.show.segments) == count + 2, "Add and Duplicate add segments", 1)
        order = [s.id for s in editor.document.show.segments]
        crawl.press(button_named(editor, "Up"))
        await crawl.expect(lambda: [s.id for s in editor.document.show.segments] != order, "Up moves it", 1)
        crawl.press(button_named(editor, "Down"))
        await crawl.expect(lambda: [s.id for s in editor.document.show.segments] == order, "Down moves it back", 1)
        crawl.press(button_named(editor, "Remove"))
        await crawl.expect(lambda: len(editor.document.show.segments) == count + 1, "Remove removes one", 1)

    async with crawl.phase("Show editor: products"):
        editor.view.selectRow(1)
        products = len(editor.current_segment().products)
        form.product_pick.setCurrentIndex(form.product_pick.findData("1005"))
        crawl.press(button_named(editor, "Add product"))
        await crawl.expect(lambda: len(editor.current_segment().products) == products + 1, "Add product adds it", 1)
        await remove_the_last(crawl, editor, form.products, "Remove product",
                              lambda: len(editor.current_segment().products) == products)


async def remove_the_last(crawl: Crawl, editor, listing, button: str, removed) -> None:
    """The last row of `listing` selected, the editor's `button` pressed: `removed()` comes true."""
    listing.setCurrentRow(listing.count() - 1)
    crawl.press(button_named(editor, button))
    await crawl.expect(removed, f"{button} removes it", 1)


async def editor_cues(crawl: Crawl, editor) -> None:
    form = editor.form

    async with crawl.phase("Show editor: cues"):
        from anchor_console.ui.show.cue_dialog import CueDialog

        # Each cue of the show, opened in the cue dialog and accepted as it is.
        for row in range(len(editor.document.show.segments)):
            editor.view.selectRow(row)
            seg = editor.current_segment()
            for i in range(len(seg.cues)):
                form.cues.setCurrentRow(i)
                crawl.press(button_named(editor, "Edit cue…"), f"Edit cue… ({seg.cues[i].id})")
                dialog = await crawl.popup(CueDialog)
                if dialog is None:
                    continue
                crawl.press(dialog.findChild(QDialogButtonBox).button(B.Ok), f"Cue: OK ({seg.cues[i].id})")
                if dialog.isVisible():  # refused, and it says why
                    crawl.done.append(f"    refused: {dialog.problem.text()!r}")
                    await crawl.finish_dialog(dialog, B.Cancel)
        editor.view.selectRow(0)
        cues = len(editor.current_segment().cues)
        crawl.press(button_named(editor, "Add cue…"))
        dialog = await crawl.popup(CueDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("message"))
        dialog.message.setText("欢迎新进来的宝宝")
        await crawl.finish_dialog(dialog, B.Ok)
        await crawl.expect(lambda: len(editor.current_segment().cues) == cues + 1, "Add cue… adds it", 1)
        await giveaway_cues(crawl, editor)
        cues = len(editor.current_segment().cues) - 1
        crawl.press(button_named(editor, "Add cue…"), "Add cue… (cancelled)")
        dialog = await crawl.popup(CueDialog)
        await crawl.finish_dialog(dialog, B.Cancel)
        await remove_the_last(crawl, editor, form.cues, "Remove cue", lambda: len(editor.current_segment().cues) == cues)


async def giveaway_cues(crawl: Crawl, editor) -> None:
    """A lucky-bag cue and a red-packet cue: added with the giveaways' forms (the lucky bag's
    presets pressed), then opened again — they come back as they were set up."""
    from anchor_console.domain.giveaways import EntryRule, Split
    from anchor_console.show.model import SendRedPacket, StartLuckyBag
    from anchor_console.ui.show.cue_dialog import CueDialog

    form = editor.form
    crawl.press(button_named(editor, "Add cue…"), "Add cue… (lucky bag)")
    dialog = await crawl.popup(CueDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("lucky_bag"))
    bag = dialog.lucky_bag
    bag.prize.setEditText("")
    crawl.press(dialog.findChild(QDialogButtonBox).button(B.Ok), "Cue: OK (lucky bag without a prize)")
    await crawl.expect(lambda: dialog.isVisible() and dialog.problem.text(), "a lucky bag without a prize is refused", 1)
    bag.prize.setEditText("保温杯")
    bag.rule.setCurrentIndex(bag.rule.findData(EntryRule.KEYWORD))
    bag.keyword.setText("666")
    for preset in (b for b in own_buttons(dialog) if bag.isAncestorOf(b)):
        crawl.press(preset, f"Countdown preset {label(preset)}")
    await crawl.finish_dialog(dialog, B.Ok)
    crawl.press(button_named(editor, "Add cue…"), "Add cue… (red packet)")
    dialog = await crawl.popup(CueDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("red_packet"))
    dialog.red_packet.total.setValue(66.6)
    dialog.red_packet.count.setValue(10)
    dialog.red_packet.split.setCurrentIndex(dialog.red_packet.split.findData(Split.EQUAL))
    await crawl.finish_dialog(dialog, B.Ok)
    actions = [c.action for c in editor.current_segment().cues[-2:]]
    await crawl.expect(lambda: isinstance(actions[0], StartLuckyBag) and actions[0].setup.prize == "保温杯"
                       and actions[0].setup.keyword == "666" and actions[0].setup.countdown_s == 600
                       and isinstance(actions[1], SendRedPacket) and actions[1].spec.total_fen == 6660
                       and actions[1].spec.split is Split.EQUAL, "the giveaway cues are as set up", 1,
                       detail=lambda: actions)
    for i in (-2, -1):     # opened again and accepted: unchanged
        form.cues.setCurrentRow(form.cues.count() + i)
        before = editor.current_segment().cues[i].action
        crawl.press(button_named(editor, "Edit cue…"), f"Edit cue… ({type(before).__name__})")
        dialog = await crawl.popup(CueDialog)
        await crawl.finish_dialog(dialog, B.Ok)
        await crawl.expect(lambda i=i, before=before: editor.current_segment().cues[i].action == before,
                           f"{type(before).__name__} comes back as it was", 1,
                           detail=lambda i=i: editor.current_segment().cues[i].action)


async def editor_menus(crawl: Crawl, editor) -> None:
    session = crawl.session

    async with crawl.phase("Show editor: Edit menu"):
        shows = len(editor.document.show.segments)
        crawl.trigger(editor.undo_action)
        crawl.trigger(editor.redo_action)
        assert len(editor.document.show.segments) == shows

    async with crawl.phase("Show editor: save, save as, export"):
        crawl.trigger(act(editor, "Save"))
        await crawl.expect(lambda: not editor.document.dirty, "Save writes the copy", FILE_WRITTEN)
        saved_as = crawl.tmp / "saved-as.show.toml"
        crawl.trigger(act(editor, "Save as…"))
        await crawl.answer_file(saved_as)
        await crawl.expect(lambda: saved_as.exists() and editor.document.path == saved_as, "Save as… writes it",
                           FILE_WRITTEN)
        for text, suffix in (("Export to .xlsx…", "xlsx"), ("Export printable HTML…", "html"), ("Export PDF…", "pdf")):
            out = crawl.tmp / f"export.{suffix}"
            crawl.trigger(act(editor, text))
            await crawl.answer_file(out)
            await crawl.expect(lambda out=out: out.exists() and out.stat().st_size > 0, f"{text} writes {out.name}",
                               FILE_WRITTEN)

    async with crawl.phase("Show editor: extra words"):
        from anchor_console.ui.show.words_dialog import ExtraWordsDialog

        crawl.trigger(act(editor, "Edit my extra words to avoid…"))
        dialog = await crawl.popup(ExtraWordsDialog)
        dialog.edit.setPlainText("纯棉\n显瘦")
        await crawl.finish_dialog(dialog, B.Save)
        await crawl.expect(lambda: session.staff_words.find("这条裙子很显瘦"), "the extra words are checked", 2)
        crawl.trigger(act(editor, "Edit my extra words to avoid…"), "Edit my extra words to avoid… (cancelled)")
        dialog = await crawl.popup(ExtraWordsDialog)
        await crawl.finish_dialog(dialog, B.Cancel)


async def editor_segment_menu(crawl: Crawl, editor) -> None:
    """The Segment menu (its keys are test_show_editor_keys.py's): each action once, undone after."""
    from anchor_console.ui.show.cue_dialog import CueDialog

    async with crawl.phase("Show editor: Segment menu"):
        show = editor.document.show
        editor.view.selectRow(1)
        for text in ("Add segment", "Duplicate segment", "Move segment up", "Move segment down", "Remove segment"):
            crawl.trigger(act(editor, text))
        await crawl.expect(lambda: len(editor.document.show.segments) == len(show.segments) + 1,
                           "Add, Duplicate and Remove segment add one in all", 1)
        crawl.trigger(act(editor, "Edit segment"))
        await crawl.expect(lambda: editor.focusWidget() is editor.form.seg_title, "Edit segment goes to its title", 1)
        editor.view.selectRow(next(i for i, s in enumerate(editor.document.show.segments) if len(s.cues) >= 2))
        editor.form.cues.setCurrentRow(0)
        cues = [c.id for c in editor.current_segment().cues]
        crawl.trigger(act(editor, "Move cue down"))
        await crawl.expect(lambda: [c.id for c in editor.current_segment().cues][1] == cues[0], "Move cue down", 1)
        crawl.trigger(act(editor, "Move cue up"))
        crawl.trigger(act(editor, "Remove cue"))
        await crawl.expect(lambda: len(editor.current_segment().cues) == len(cues) - 1, "Remove cue removes it", 1)
        for text in ("Add cue…", "Edit cue…"):
            crawl.trigger(act(editor, text))
            dialog = await crawl.popup(CueDialog)
            if dialog is not None:
                await crawl.finish_dialog(dialog, B.Cancel)
        crawl.trigger(act(editor, "Go to the next problem"))
        while editor.document.show != show and editor.document.can_undo:
            editor.undo()
        await crawl.expect(lambda: editor.document.show == show, "Undo takes back every one of them", 1)


async def editor_import_and_run(crawl: Crawl, editor) -> None:
    session = crawl.session

    async with crawl.phase("Show editor: import a spreadsheet"):
        from anchor_console.ui.show.import_dialog import ImportDialog

        crawl.trigger(act(editor, "Import a spreadsheet"))
        await crawl.answer_file(SAMPLES / "clothing_spring_launch.xlsx")
        dialog = await crawl.popup(ImportDialog)
        await crawl.expect(lambda: dialog.segments.rowCount() > 0, "the preview shows segments", 3)
        crawl.press(button_named(dialog, "Choose file…"))
        await crawl.answer_file(SAMPLES / "jewelry_relative_minutes.csv")
        await crawl.expect(lambda: dialog.path.name == "jewelry_relative_minutes.csv" and dialog.segments.rowCount() > 0,
                           "another file previews", 3)
        segments = dialog.preview.show.segments
        crawl.press(dialog.import_button)
        await crawl.expect(lambda: not dialog.isVisible() and editor.document.show.segments == segments,
                           "Import puts the sheet in the editor", 2)
        crawl.trigger(act(editor, "Import a spreadsheet"), "Import a spreadsheet… (cancelled)")
        # the import is unsaved work: replacing it is asked first (and Discard only lets the next import go on)
        await crawl.answer_box(QMessageBox.StandardButton.Discard, name="confirm-unsaved-show")
        await crawl.answer_file(SAMPLES / "food_newyear_gbk.csv")
        dialog = await crawl.popup(ImportDialog)
        await crawl.finish_dialog(dialog, B.Cancel)

    async with crawl.phase("Show editor: run this show in the console"):
        imported = crawl.tmp / "imported.show.toml"
        problems = bool(editor.problems)   # (an import's products not linked, its cues unfinished): asked first
        if problems:
            crawl.trigger(act(editor, "Run this show in the console"), "Run this show in the console (fix first)")
            await crawl.answer_box(QMessageBox.StandardButton.No, name="confirm-run-with-problems")
        crawl.trigger(act(editor, "Run this show in the console"), "Run this show in the console (not saved yet)")
        if problems:
            await crawl.answer_box(QMessageBox.StandardButton.Yes, name="confirm-run-with-problems")
        await crawl.answer_file(imported)
        await crawl.expect(lambda: editor.document.path == imported, "it is saved first", FILE_WRITTEN)
        crawl.trigger(act(editor, "Run this show in the console"))
        if problems:
            await crawl.answer_box(QMessageBox.StandardButton.Yes, name="confirm-run-with-problems")
        await crawl.expect(lambda: session.show.show_path == imported, "the console runs the saved show", FILE_WRITTEN)


async def closing_the_editor(crawl: Crawl) -> None:
    editor = show_of(crawl.window).editor
    if editor is None:
        return
    async with crawl.phase("Show editor: new, close"):
        crawl.trigger(action_named(editor.menuBar(), "New"))
        await crawl.expect(lambda: editor.document.path is None and not editor.document.show.segments,
                           "New starts an empty show", 1)
        await crawl.sweep(editor)
        crawl.trigger(act(editor, "Close"))
        await crawl.expect(lambda: not editor.isVisible(), "File → Close closes the editor", 1)

# ---------------------------------------------------------------------- run of show and presenter view

async def run_of_show(crawl: Crawl) -> None:
    await opening_the_show_and_presenter_view(crawl)
    await rehearsal(crawl)
    await another_show_while_one_runs(crawl)
    await end_show_and_dry_run(crawl)


def current_segment(runner) -> str | None:
    snap = runner.engine.snapshot() if runner.engine is not None else None
    return snap.current.segment_id if snap is not None and snap.current is not None else None


async def opening_the_show_and_presenter_view(crawl: Crawl) -> None:
    window, runner = crawl.window, crawl.session.show
    feature = show_of(window)
    run_copy = crawl.tmp / "run.show.toml"
    shutil.copy(SAMPLE_SHOW, run_copy)

    async with crawl.phase("Run of show: open, presenter view"):
        window.show_dock("timeline")
        crawl.press(button_named(window, "Open show…"))
        await crawl.answer_file(run_copy)
        await crawl.expect(lambda: runner.show is not None and runner.show_path == run_copy, "the show is loaded")
        crawl.trigger(action_named(window.menuBar(), "Presenter view"))
        presenter = await crawl.expect(lambda: feature.presenter is not None and feature.presenter.isVisible() and
                                       feature.presenter, "the presenter view opens", 3)
        if presenter is not None:
            await crawl.activate(presenter)
            QTest.keyClick(presenter, Qt.Key.Key_F11)
            await crawl.expect(lambda: presenter.isFullScreen(), "F11 makes the presenter view full screen", 2)
            QTest.keyClick(presenter, Qt.Key.Key_F11)
            await crawl.expect(lambda: not presenter.isFullScreen(), "F11 again makes it a window", 2)
            crawl.done.append("presenter-view: F11, F11 (full screen and back)")
            crawl.skipped.append("presenter view: it has no buttons (F11 and Esc are its only controls)")


async def rehearsal(crawl: Crawl) -> None:
    window = crawl.window
    feature = show_of(window)
    timeline, runner = feature.timeline, crawl.session.show

    def current() -> str | None:
        return current_segment(runner)

    async with crawl.phase("Run of show: rehearsal at 10×"):
        timeline.mode.setCurrentIndex(timeline.mode.findData("rehearse"))
        timeline.speed.setCurrentIndex(timeline.speed.findData(10.0))
        crawl.press(timeline.start_button)
        await crawl.expect(lambda: runner.running and current() == "seg-open" and timeline.next_button.isEnabled(),
                           "the rehearsal starts", 3)
        crawl.press(timeline.extend_button, "Extend (+1 min)")
        crawl.press(timeline.next_button)
        await crawl.expect(lambda: current() == "seg-jeans", "Next goes to the second segment", 3)
        crawl.press(timeline.skip_button)
        await crawl.expect(lambda: runner.engine.snapshot().next.segment_id == "seg-tryon", "Skip next skips the dress")
        crawl.press(timeline.next_button)
        await crawl.expect(lambda: current() == "seg-tryon", "Next goes past the skipped segment", 3)
        await crawl.expect(lambda: timeline.cue_list.count() > 0, "the segment's cues are listed", 3)
        for row in range(timeline.cue_list.count()):
            if timeline.cue_list.item(row).data(Qt.ItemDataRole.UserRole)[0] == "cue-tryon-unmute":
                timeline.cue_list.setCurrentRow(row)
        crawl.press(timeline.fire_button)
        await crawl.expect(lambda: runner.engine.cue_state("cue-tryon-unmute").fired, "the manual cue fires")
        crawl.press(timeline.prev_button, "◀ Previous segment")
        await crawl.expect(lambda: current() != "seg-tryon", "Previous goes back")
        for _ in range(6):
            if current() == "seg-lucky":
                break
            timeline.next_button.click()
            await crawl.settle(0.1)
        await crawl.expect(lambda: current() == "seg-lucky", "Next reaches the lucky-bag segment")
        await crawl.expect(lambda: timeline.go_box.isVisible(), "its confirm cue waits for GO")
        crawl.press(timeline.go_button, "GO")
        await crawl.expect(lambda: runner.engine.cue_state("cue-lucky-msg") is CueState.SUCCEEDED, "GO fires the cue")
        timeline.next_button.click()
        await crawl.expect(lambda: current() == "seg-close", "the last segment")
        timeline.extend_spin.setValue(-3)
        crawl.press(timeline.extend_button, "Extend (−3 min)")
        await crawl.expect(lambda: timeline.go_box.isVisible(), "the off-sale cue becomes due and waits for GO")
        crawl.press(timeline.dismiss_button)
        await crawl.expect(lambda: runner.engine.cue_state("cue-close-offsale") is CueState.DISMISSED,
                           "Dismiss declines it")
        timeline.extend_spin.setValue(1)
        timeline.message.setText("现在讲尺码")
        crawl.press(button_named(window, "Send"))
        if feature.presenter is not None:
            await crawl.expect(lambda: "现在讲尺码" in feature.presenter.message.text(), "the presenter view shows it", 2)


async def another_show_while_one_runs(crawl: Crawl) -> None:
    feature, runner = show_of(crawl.window), crawl.session.show

    async with crawl.phase("Show editor: run another show while one runs"):
        # The editor holds the imported show (saved); the running rehearsal is of the sample. Sending
        # it to the console now must be refused with a word, or take its place — never crash.
        editor = feature.editor
        assert runner.running and editor is not None and editor.document.path is not None
        with crawl.trap.expecting_notices():
            crawl.trigger(action_named(editor.menuBar(), "Run this show in the console"),
                          "Run this show in the console (while another show runs)")
            if editor.problems:   # (the imported show's, asked about first)
                await crawl.answer_box(QMessageBox.StandardButton.Yes, name="confirm-run-with-problems")
            await crawl.settle(0.2)


async def end_show_and_dry_run(crawl: Crawl) -> None:
    window, session = crawl.window, crawl.session
    feature = show_of(window)
    timeline, runner = feature.timeline, session.show

    async with crawl.phase("Run of show: End show"):
        crawl.press(timeline.end_button)
        await crawl.answer_box(QMessageBox.StandardButton.Yes, name="confirm-end-show")
        await crawl.expect(lambda: runner.engine.phase is RunPhase.ENDED, "End show ends it", 3)
        review = await crawl.popup(ReviewWindow)     # the show's review (复盘) opens by itself
        await crawl.expect(lambda: review.review is not None, "the review of the show is read", 10)
        review.close()

    async with crawl.phase("Run of show: dry run in a rehearsal room"):
        live_room = session.room
        rehearsal_bar = feature.rehearsal_bar
        timeline.mode.setCurrentIndex(timeline.mode.findData("dry_run"))
        crawl.press(timeline.start_button, "Start show (dry run)")
        await crawl.expect(lambda: session.rehearsal.active and rehearsal_bar.isVisible() and runner.running,
                           "the dry run starts in a rehearsal room", 10)
        # Its controls wrap under its words: the banner never widens the middle column (1093 px window).
        least = rehearsal_bar.minimumSizeHint().width()
        assert least <= 400, f"the rehearsal banner needs {least} px"   # the shelf's own least is ~410
        save_shot(window, "dry run")   # to look at (ANCHOR_SHOTS=<folder>)
        log = crawl.tmp / "comments.jsonl"
        log.write_text("\n".join(json.dumps({"t": i * 0.1, "nickname": f"回放{i}", "text": f"回放评论{i}"},
                                            ensure_ascii=False) for i in range(3)) + "\n", encoding="utf-8")
        crawl.press(button_named(window, "Replay comments…"))
        await crawl.answer_file(log)
        feed = comments_of(window).feed
        await crawl.expect(lambda: any(it.comment.text.startswith("回放评论") for it in feed.model.items()),
                           "the replayed comments reach the feed", 10)
        crawl.press(button_named(window, "Leave rehearsal room"))
        await crawl.expect(lambda: not session.rehearsal.active and session.room is live_room
                           and not rehearsal_bar.isVisible(), "the live room is back", 10)
        review = await crawl.popup(ReviewWindow)     # the dry run ended: its review, marked a rehearsal
        await crawl.expect(lambda: review.review is not None and review.badge.isVisible(),
                           "the dry run's review says it was a rehearsal", 10)
        review.close()
        timeline.mode.setCurrentIndex(timeline.mode.findData("rehearse"))


# ---------------------------------------------------------------------- what is left

async def sweep(crawl: Crawl) -> None:
    async with crawl.phase("Sweep: every button not pressed yet"):
        crawl.window.activateWindow()
        await crawl.sweep(crawl.window)   # its run of show: the rest is test_every_control_window.py's
        presenter = show_of(crawl.window).presenter
        if presenter is not None:
            await crawl.sweep(presenter)
            presenter.close()
