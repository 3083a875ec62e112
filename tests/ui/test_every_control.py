"""Every control, pressed once: against a real Studio with an audience, an assistant's console has
every menu action of its window triggered and every button of the window, the show editor, the
presenter view and each dialog they open pressed — the way a person reaches them (rows selected
first, at a person's pace, dialogs answered, file dialogs given a file under tmp_path) — and
nothing may go wrong meanwhile: no uncaught exception (sys.excepthook, the event loop's handler),
no `report_unexpected`, no error logged by the console, no notice from the session and no error
notification in the window, except in the steps whose right outcome is one (a coupon into an
ended room). Every notification timer runs before the verdict.

Not pressed: File → Quit and closing the main window (they end the app), and Room → Start the
live room (the demo room is live; Start is offered only for a scheduled room). The presenter view
has no buttons: its F11 is pressed.

A crawl does not stop at the first thing that goes wrong: each phase records its problems (with
the step and the traceback) and the next phase goes on, so one run names every broken control;
the test fails at the end with all of them, and prints what it pressed. After the scripted steps
a sweep presses any button still unpressed that is enabled and in view, so a button added later
is pressed too."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import shutil
import sys
import time
import traceback
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QToolButton,
    QWidget,
)
from support.studio import studio_settings
from support.viewers import post
from support.waiting import until
from support.window import armed_bar_of, choose, comments_of, promotions_of, shelf_of, show_of

from anchor_console.domain.models import CouponState, FlashSaleState, RoomStatus
from anchor_console.room.commands import AddToShelf
from anchor_console.room.journal import CONFIRMED
from anchor_console.show import CueState, RunPhase

SAMPLES = Path(__file__).resolve().parents[1] / "show" / "samples"
SAMPLE_SHOW = SAMPLES / "sample_30min.show.toml"
OWN_BUTTON_CLASSES = ("QPushButton", "QToolButton")   # not Qt's own (line-edit clear, dock title, calendar…)


# ---------------------------------------------------------------------- finding controls

def key(obj) -> int:
    return shiboken6.getCppPointer(obj)[0]


def alive(obj) -> bool:
    return obj is not None and shiboken6.isValid(obj)


def label(control) -> str:
    text = control.text().replace("&", "").strip() if hasattr(control, "text") else ""
    return (text or getattr(control, "accessibleName", lambda: "")() or control.toolTip()
            or control.objectName() or type(control).__name__)


def own_buttons(top: QWidget) -> list[QAbstractButton]:
    """The push and tool buttons whose window is `top` (not those of dialogs parented to it, nor
    the ones Qt makes inside its widgets: tab scrollers, clear buttons, dock title buttons)."""
    out = []
    for b in top.findChildren(QAbstractButton):
        if b.metaObject().className() not in OWN_BUTTON_CLASSES or b.objectName().startswith("qt_"):
            continue
        if isinstance(b.parentWidget(), QTabBar) or QWidget.window(b) is not top:
            continue
        out.append(b)
    return out


def button_named(container: QWidget, text: str) -> QAbstractButton:
    """The button labelled `text` in `container` (a window, a dialog or a panel of one)."""
    buttons = [b for b in own_buttons(QWidget.window(container))   # panels keep `self.window` for the main window
               if container.isWindow() or container.isAncestorOf(b)]
    found = [b for b in buttons if label(b) == text]
    assert found, f"no button {text!r} in {container.objectName() or type(container).__name__}: " \
                  f"{sorted(label(b) for b in buttons)}"
    return found[0]


def menu_actions(bar) -> list[tuple[str, QAction]]:
    """(menu title, action) of every action in a menu bar, submenus included, separators not."""
    out = []

    def walk(menu, title):
        for a in menu.actions():
            if a.isSeparator():
                continue
            if a.menu() is not None:
                walk(a.menu(), title + " → " + a.text().replace("&", ""))
            else:
                out.append((title, a))

    for top in bar.actions():
        if top.menu() is not None:
            walk(top.menu(), top.text().replace("&", ""))
    return out


def action_named(bar, text: str) -> QAction:
    for _menu, a in menu_actions(bar):
        if a.text().replace("&", "").rstrip("…").startswith(text.rstrip("…")):
            return a
    raise AssertionError(f"no menu action {text!r}")


def reveal(widget: QWidget) -> None:
    """Bring a widget into view the way a person would: its dock shown and in front, its tab chosen."""
    w = widget
    while alive(w) and not w.isWindow():
        parent = w.parentWidget()
        if isinstance(parent, QStackedWidget):
            tabs = parent.parentWidget()
            if isinstance(tabs, QTabWidget):
                tabs.setCurrentWidget(w)
            else:
                parent.setCurrentWidget(w)
        if isinstance(w, QDockWidget):
            if w.isHidden():
                w.show()
            w.raise_()
        w = parent


def visible_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


# ---------------------------------------------------------------------- what went wrong

class Trap:
    """Everything that goes wrong while the crawl runs, with the step it happened in."""

    def __init__(self, session, loop) -> None:
        self.session = session
        self.loop = loop
        self.step = "start"
        self.problems: list[str] = []
        self.notices: list[str] = []
        self.notices_expected = False
        self._undo: list = []

    def add(self, kind: str, text: str) -> None:
        self.problems.append(f"[{self.step}] {kind}: {text}")

    def install(self) -> None:
        from anchor_console.ui.common.i18n import tr_text

        previous_hook = sys.excepthook
        sys.excepthook = lambda t, e, tb: self.add("uncaught exception",
                                                   "".join(traceback.format_exception(t, e, tb)))
        self._undo.append(lambda: setattr(sys, "excepthook", previous_hook))

        previous_handler = self.loop.get_exception_handler()

        def handler(loop, context):
            exc = context.get("exception")
            detail = "".join(traceback.format_exception(exc)) if exc is not None else ""
            self.add("event loop error", f"{context.get('message')}\n{detail}")

        self.loop.set_exception_handler(handler)
        self._undo.append(lambda: self.loop.set_exception_handler(previous_handler))

        original = self.session.report_unexpected

        def report_unexpected(exc):
            self.add("report_unexpected", "".join(traceback.format_exception(exc)))
            original(exc)

        self.session.report_unexpected = report_unexpected
        self._undo.append(lambda: setattr(self.session, "report_unexpected", original))

        def noticed(notice):
            text = f"{notice.level.value}: {tr_text(notice.text)}"
            self.notices.append(f"[{self.step}] {text}")
            if not self.notices_expected:
                self.add("session notice", text)

        self._undo.append(self.session.notices.connect(noticed))

        trap = self

        class Errors(logging.Handler):
            def emit(self, record):
                text = record.getMessage()
                if record.exc_info:
                    text += "\n" + "".join(traceback.format_exception(*record.exc_info))
                trap.add(f"logged {record.levelname} by {record.name}", text)

        handler_ = Errors(logging.ERROR)
        console_log = logging.getLogger("anchor_console")
        console_log.addHandler(handler_)
        self._undo.append(lambda: console_log.removeHandler(handler_))

    @contextlib.contextmanager
    def expecting_notices(self):
        """A step whose right outcome may be a notice (an action refused, with the reason)."""
        self.notices_expected = True
        try:
            yield
        finally:
            self.notices_expected = False

    def uninstall(self) -> None:
        while self._undo:
            self._undo.pop()()


# ---------------------------------------------------------------------- the crawl

class Crawl:
    def __init__(self, console, studio, tmp_path: Path, trap: Trap) -> None:
        self.console = console
        self.session = console.session
        self.window = console.window
        self.studio = studio
        self.tmp = tmp_path
        self.trap = trap
        self.pressed: dict[int, str] = {}      # C++ pointer → what it was
        self.done: list[str] = []              # what was pressed or triggered, in order
        self.skipped: list[str] = []
        self.static_file_dialogs: list[str] = []
        self.notification_timers: list[tuple[float, str, str]] = []   # (due, step, text) of timed notifications
        self.notifications: list[str] = []                            # what the window and the editor said

    # -------------------------------------------------------------- phases and checks

    @contextlib.asynccontextmanager
    async def phase(self, name: str):
        """A part of the crawl: what goes wrong in it is recorded, and the crawl goes on."""
        self.trap.step = name
        started = time.monotonic()
        try:
            yield
        except Exception as exc:  # noqa: BLE001 (a broken control, or a step that could not go on: recorded)
            self.trap.add("step failed", "".join(traceback.format_exception(exc)))
        finally:
            self.trap.notices_expected = False
            await self.close_strays(name)
            self.done.append(f"    ({name}: {time.monotonic() - started:.1f} s)")

    async def expect(self, predicate, what: str, timeout: float = 10.0, detail=None):
        """Wait for `predicate`; if it does not come true, that is a problem (the crawl goes on).
        `detail()` says what there was instead."""
        try:
            return await until(predicate, timeout, message=what)
        except AssertionError:
            found = f"; instead: {detail()}" if detail is not None else ""
            self.trap.add("expected", f"{what} (within {timeout:g} s){found}; the journal's last actions:\n"
                          + self.journal_tail())
            return None
        except Exception as exc:  # noqa: BLE001 (the check itself failed: recorded)
            self.trap.add("expected", f"{what} (checking raised {exc!r})")
            return None

    def journal_tail(self, n: int = 6) -> str:
        from anchor_console.ui.common.i18n import tr_text

        lines = []
        mine = [e for e in self.session.journal.entries(limit=200) if not e.origin.startswith("moderation")]
        for e in mine[:n]:
            reasons = "; ".join(f"{d.platform}: {tr_text(d.reason)}" for d in e.dispatches if d.reason is not None)
            lines.append(f"    {e.kind} {e.params} {e.status} {reasons}")
        return "\n".join(lines)

    async def settle(self, seconds: float = 0.05) -> None:
        await asyncio.sleep(seconds)

    async def activate(self, w: QWidget) -> None:
        """Make `w` the active window (asynchronous even offscreen), so its shortcuts work."""
        w.activateWindow()
        await self.expect(lambda: w.isActiveWindow(), f"{w.objectName()} becomes the active window", 2)

    # -------------------------------------------------------------- pressing

    def press(self, button: QAbstractButton, what: str | None = None) -> None:
        assert alive(button), f"{what or '?'}: the button is gone"
        reveal(button)
        name = what or label(button)
        top = QWidget.window(button)
        where = top.objectName() or type(top).__name__
        assert button.isEnabled(), f"{where}: {name!r} is disabled"
        self.pressed[key(button)] = name
        self.done.append(f"{where}: {name}")
        self.trap.step = f"{self.trap.step.split(' › ')[0]} › {name}"
        button.click()

    def trigger(self, action: QAction, what: str | None = None) -> None:
        name = what or action.text().replace("&", "")
        assert action.isEnabled(), f"menu action {name!r} is disabled"
        self.pressed[key(action)] = name
        self.done.append(f"menu: {name}")
        self.trap.step = f"{self.trap.step.split(' › ')[0]} › {name}"
        action.trigger()

    async def popup(self, kind, *, name: str | None = None, title: str | None = None, timeout: float = 5.0):
        """The visible top-level window of this kind (a dialog, a message box); None (a problem) if
        none comes."""
        def find():
            for w in QApplication.topLevelWidgets():
                if (w.isVisible() and isinstance(w, kind) and (name is None or w.objectName() == name)
                        and (title is None or w.windowTitle() == title)):
                    return w
            return None

        return await self.expect(find, f"a {kind.__name__} {name or title or ''} opens", timeout)

    async def answer_box(self, which: QMessageBox.StandardButton, *, name: str | None = None,
                         title: str | None = None) -> bool:
        box = await self.popup(QMessageBox, name=name, title=title)
        if box is None:
            return False
        self.press(box.button(which), f"{box.windowTitle()}: {label(box.button(which))}")
        await self.expect(lambda: not box.isVisible(), "the message box closes", 2)
        return True

    async def answer_file(self, path: Path | None) -> bool:
        """Answer the file dialog that is open: choose `path` (None: cancel)."""
        dialog = await self.popup(QFileDialog)
        if dialog is None:
            return False
        if path is None:
            dialog.reject()
        else:
            dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, True)
            dialog.selectFile(str(path))
            dialog.accept()
        self.done.append(f"    file dialog “{dialog.windowTitle()}” ← {path.name if path else 'cancelled'}")
        return await self.expect(lambda: not dialog.isVisible(), f"the file dialog takes {path}", 3) is not None

    async def finish_dialog(self, dialog: QDialog, which: QDialogButtonBox.StandardButton) -> None:
        box = dialog.findChild(QDialogButtonBox)
        button = box.button(which)
        assert button is not None, f"{dialog.windowTitle()} has no {which}"
        self.press(button, f"{dialog.windowTitle()}: {label(button)}")
        await self.expect(lambda: not dialog.isVisible(), f"“{dialog.windowTitle()}” closes on {label(button)}", 3)

    # -------------------------------------------------------------- what is left

    async def sweep(self, top: QWidget, *, spare_dialog_buttons: bool = False) -> None:
        """Press every button of `top` still unpressed that is enabled and can be brought into
        view, closing whatever each one opens."""
        for button in own_buttons(top):
            if not alive(button) or key(button) in self.pressed:
                continue
            if spare_dialog_buttons and isinstance(button.parentWidget(), QDialogButtonBox):
                continue
            reveal(button)
            if not (button.isVisible() and button.isEnabled()):
                continue
            before = {key(w) for w in visible_windows()}
            self.press(button, f"{label(button)} (sweep)")
            await self.settle(0.2)
            for w in visible_windows():
                if key(w) not in before:
                    await self.close_window(w)

    async def close_window(self, w: QWidget) -> None:
        if isinstance(w, QMessageBox):
            button = w.escapeButton() or w.buttons()[-1]
            self.press(button, f"{w.windowTitle()}: {label(button)} (sweep)")
        elif isinstance(w, QFileDialog):
            w.reject()
        elif isinstance(w, QDialog):
            await self.sweep(w, spare_dialog_buttons=True)
            if w.isVisible():
                w.reject()
        else:
            w.close()

    async def close_strays(self, phase: str) -> None:
        """Nothing a phase opened stays open (a dialog left open is a problem of that phase)."""
        for w in visible_windows():
            if w is self.window or isinstance(w, QMainWindow) or w.objectName() == "presenter-view":
                continue
            self.trap.add("left open", f"{type(w).__name__} “{w.windowTitle()}” was still open after {phase}")
            if isinstance(w, QMessageBox):
                (w.escapeButton() or w.buttons()[-1]).click()
            elif isinstance(w, QDialog):
                w.reject()
            else:
                w.close()

    def report(self, tops: list[QWidget]) -> str:
        lines = ["Pressed or triggered:", *("  " + d for d in self.done), "Skipped on purpose:",
                 *("  " + s for s in self.skipped), "Buttons never pressed (disabled or out of view):"]
        for top in tops:
            if not alive(top):
                continue
            for b in own_buttons(top):
                if key(b) not in self.pressed:
                    state = "disabled" if not b.isEnabled() else "hidden"
                    lines.append(f"  {top.objectName() or type(top).__name__}: {label(b)} ({state})")
            if isinstance(top, QMainWindow):
                for menu, a in menu_actions(top.menuBar()):
                    if key(a) not in self.pressed:
                        lines.append(f"  {menu} → {a.text().replace('&', '')} (menu action not triggered)")
        lines.append("Notifications shown:")
        lines += [f"  {n[:160]!r}" for n in self.notifications]
        lines.append("Session notices:")
        lines += [f"  {n[:160]!r}" for n in self.trap.notices]
        if self.static_file_dialogs:
            lines += ["QFileDialog static methods called (answered empty):",
                      *("  " + name for name in self.static_file_dialogs)]
        return "\n".join(lines)


# ---------------------------------------------------------------------- the test

@pytest.mark.asyncio
async def test_every_control_of_the_console(console_factory, studio_factory, tmp_path, monkeypatch):
    studio = studio_factory("--demo", "--audience", "20")
    console = await console_factory(studio_settings(studio), token=studio.tokens["assistant"])
    window, session = console.window, console.session
    await until(lambda: shelf_of(window).model.rows and session.catalog.products and session.catalog.templates, 20,
                message="the demo room did not load")
    trap = Trap(session, asyncio.get_running_loop())
    crawl = Crawl(console, studio, tmp_path, trap)

    # No native file dialog, ever: the app's own dialogs are Qt's widgets (answered below), and the
    # static helpers answer "cancelled" and are named in the report.
    native_dialogs_off = QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    for name, empty in (("getOpenFileName", ("", "")), ("getOpenFileNames", ([], "")), ("getSaveFileName", ("", "")),
                        ("getExistingDirectory", ""), ("getOpenFileUrl", None), ("getSaveFileUrl", None)):
        monkeypatch.setattr(QFileDialog, name, staticmethod(
            lambda *a, _n=name, _e=empty, **k: (crawl.static_file_dialogs.append(_n), _e)[1]))

    # A notification with a timeout runs a timer: every one runs before the verdict (a notification
    # dismissed early must not break its timer).
    from anchor_console.ui.common.widgets import NotificationBar

    notify = NotificationBar.notify

    def timed_notify(bar, text, actions=(), *, level="error", timeout_ms=0, key=None):
        crawl.notifications.append(f"[{trap.step}] {level}: {text}")
        if level == "error" and not trap.notices_expected:  # an action failed, or the window says something broke
            trap.add("error notification", text)
        if timeout_ms:  # Qt's coarse timers may be 5 % late
            crawl.notification_timers.append((time.monotonic() + timeout_ms / 1000 * 1.06 + 0.3, trap.step, text))
        return notify(bar, text, actions, level=level, timeout_ms=timeout_ms, key=key)

    monkeypatch.setattr(NotificationBar, "notify", timed_notify)

    started = time.monotonic()
    trap.install()
    try:
        await main_window_menus(crawl)
        await shelf_panel(crawl)
        await promotions_panel(crawl)
        await comment_panels(crawl)
        await show_editor(crawl)
        await run_of_show(crawl)
        await closing_the_editor(crawl)
        await ending_the_room(crawl)
        await leftovers(crawl)
        trap.step = "the end"
        # What the presses started has finished, and every notification timer has run.
        await crawl.expect(lambda: not any(session.actions._pending.values()),   # no public "all idle"
                           "every action has finished", 10)
        await crawl.expect(lambda: time.monotonic() > max((due for due, _s, _t in crawl.notification_timers),
                                                          default=0.0), "every notification timer has run", 25)
    finally:
        trap.uninstall()
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, native_dialogs_off)
    editor = show_of(window).editor
    report = crawl.report([window] + [w for w in (editor, show_of(window).presenter) if w is not None])
    print(f"{report}\nCrawl took {time.monotonic() - started:.1f} s")   # shown with a failure, or with -s
    assert not trap.problems, "\n\n".join(trap.problems)


# ---------------------------------------------------------------------- main window menus

async def main_window_menus(crawl: Crawl) -> None:
    window, session = crawl.window, crawl.session
    bar = window.menuBar()
    B = QDialogButtonBox.StandardButton

    async with crawl.phase("File → Connections…"):
        from anchor_console.ui.settings.connections_dialog import ConnectionsDialog

        crawl.trigger(action_named(bar, "Connections"))
        dialog = await crawl.popup(ConnectionsDialog)
        crawl.press(button_named(dialog, "Add"))
        await crawl.expect(lambda: len(dialog.settings.connections) == 2, "Add adds a connection", 1)
        crawl.press(dialog.remove_button)
        await crawl.expect(lambda: len(dialog.settings.connections) == 1, "Remove removes the new one", 1)
        crawl.press(dialog.fetch)
        await crawl.expect(lambda: "Connected" in dialog.result.text(), "Test and list rooms lists the rooms")
        old_room = session.room
        await crawl.finish_dialog(dialog, B.Save)
        await crawl.expect(lambda: session.room is not None and session.room is not old_room
                           and session.room.state.loaded and shelf_of(window).model.rows,
                           "Save reconnects to the room", 20)
        crawl.trigger(action_named(bar, "Connections"))
        dialog = await crawl.popup(ConnectionsDialog)
        await crawl.finish_dialog(dialog, B.Cancel)

    async with crawl.phase("File → Settings…"):
        from anchor_console.ui.settings.settings_dialog import SettingsDialog

        for which in (B.Save, B.Cancel):
            crawl.trigger(action_named(bar, "Settings"))
            dialog = await crawl.popup(SettingsDialog)
            await crawl.finish_dialog(dialog, which)

    async with crawl.phase("Room → Push URL for OBS…"):
        from anchor_console.ui.settings.settings_dialog import PushUrlDialog

        crawl.trigger(action_named(bar, "Push URL for OBS"))
        dialog = await crawl.popup(PushUrlDialog)
        await crawl.expect(lambda: dialog.key.text() and dialog.server.text(), "the push URL loads")
        for i, copy in enumerate(b for b in own_buttons(dialog) if label(b) == "Copy"):
            crawl.press(copy, f"Copy {('server', 'stream key')[i]}")
        assert QApplication.clipboard().text() == dialog.key.text()
        await crawl.finish_dialog(dialog, B.Close)

    async with crawl.phase("Room → Room-wide mute"):
        room = lambda: session.room.state.room
        mute = window.mute_action
        crawl.trigger(mute, "Room-wide mute (cancelled)")
        await crawl.answer_box(QMessageBox.StandardButton.Cancel, name="confirm-room-mute")
        assert not mute.isChecked() and not room().mute_all
        crawl.trigger(mute, "Room-wide mute (on)")
        await crawl.answer_box(QMessageBox.StandardButton.Yes, name="confirm-room-mute")
        await crawl.expect(lambda: room().mute_all and mute.isChecked(), "the room is muted")
        crawl.trigger(mute, "Room-wide mute (off)")
        await crawl.expect(lambda: not room().mute_all and not mute.isChecked(), "the room talks again")

    async with crawl.phase("View menu"):
        for key_, dock in window.docks.items():
            toggle = dock.toggleViewAction()
            crawl.trigger(toggle, f"View → {toggle.text()} (hide)")
            assert not dock.isVisible(), f"{key_} still shown"
            crawl.trigger(toggle, f"View → {toggle.text()} (show)")
            assert dock.isVisible(), f"{key_} not shown again"
        crawl.trigger(action_named(bar, "Reset layout"))
        await crawl.settle()

    async with crawl.phase("Help → About"):
        crawl.trigger(action_named(bar, "About Anchor Console"))
        await crawl.answer_box(QMessageBox.StandardButton.Ok)

    crawl.skipped += ["File → Quit: ends the app (closing the window too)",
                      "Room → Start the live room: disabled while the room is live (offered for a scheduled room)"]
    crawl.pressed[key(window.quit_action)] = "skipped"
    crawl.pressed[key(window.start_action)] = "skipped"


# ---------------------------------------------------------------------- shelf

async def shelf_panel(crawl: Crawl) -> None:
    window, session = crawl.window, crawl.session
    shelf = shelf_of(window)
    state = lambda: session.room.state

    async with crawl.phase("Shelf: 讲解, sale, price, remove, list"):
        shelf.tabs.setCurrentIndex(0)
        shelf.view.selectRow(1)
        item = shelf.selected_item()
        pid = item.product_id

        async def row_done() -> None:
            """At a person's pace: the row's last action has its answer before the next press (a
            press while it is out is refused by design — see the step after this one)."""
            await crawl.expect(lambda: not session.actions.is_pending(f"product:{pid}"), "the row's action is answered")

        for _ in range(2):
            was = shelf.selected_item().on_stage
            crawl.press(shelf.stage_button)
            await crawl.expect(lambda was=was: (state().stage_product_id == pid) != was
                               and shelf.selected_item().on_stage != was, "讲解 toggles")
            await row_done()
        for _ in range(2):
            was = shelf.selected_item().on_sale
            crawl.press(shelf.sale_button)
            await crawl.expect(lambda was=was: shelf.selected_item().on_sale != was, "the sale toggles")
            await row_done()

        from anchor_console.ui.shelf.shelf_panel import PriceDialog

        sku = item.product.skus[0]
        crawl.press(shelf.price_button)
        dialog = await crawl.popup(PriceDialog)
        dialog.price.setValue(round(sku.price_fen * 0.9) / 100)
        await crawl.finish_dialog(dialog, QDialogButtonBox.StandardButton.Ok)
        await crawl.answer_box(QMessageBox.StandardButton.Yes, name="confirm-money-action")
        await crawl.expect(lambda: state().shelf_item(pid).product.sku(sku.id).price_fen == round(sku.price_fen * 0.9),
                           "the new price shows")
        await row_done()
        crawl.press(shelf.price_button)
        dialog = await crawl.popup(PriceDialog)
        await crawl.finish_dialog(dialog, QDialogButtonBox.StandardButton.Cancel)

        order = [it.product_id for it in state().shelf]
        crawl.press(shelf.remove_button)
        await crawl.expect(lambda: state().shelf_item(pid) is None, "Remove takes the product off the shelf")
        undo = await crawl.expect(lambda: next((b for b in window.notifications.findChildren(QPushButton)
                                                if b.text() == "Undo"), None), "the notification offers Undo")
        await row_done()
        if undo is not None:
            crawl.press(undo, "Undo (taken off the shelf)")
            await crawl.expect(lambda: [it.product_id for it in state().shelf] == order,
                               f"Undo puts the product back where it was: {order}",
                               detail=lambda: [it.product_id for it in state().shelf])
        await row_done()

        # The catalog's List is a button painted in the table: clicked with the mouse.
        shelf.tabs.setCurrentIndex(1)
        await crawl.expect(lambda: shelf.catalog_model.rows and pid not in {p.id for p in shelf.catalog_model.rows},
                           "the catalog lists the products not on the shelf",
                           detail=lambda: (f"catalog {[p.id for p in shelf.catalog_model.rows]}, shelf model "
                                           f"{[it.product_id for it in shelf.model.rows]}, room "
                                           f"{[it.product_id for it in state().shelf]}"))
        product = shelf.catalog_model.rows[0]
        view = shelf.catalog_view
        rect = view.visualRect(shelf.catalog_model.index(0, 3))
        crawl.done.append("main-window: Catalog → List (painted button)")
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        await crawl.expect(lambda: state().shelf_item(product.id) is not None, "List puts the product on the shelf")
        shelf.tabs.setCurrentIndex(0)

    async with crawl.phase("Shelf: Remove while the row's last action is still out"):
        # S then Delete in quick succession: the second action on the row is refused while the first
        # is out. Whatever the console does then, it must not say the product was taken off the
        # shelf unless it was.
        shelf.view.selectRow(1)
        pid = shelf.selected_item().product_id
        said = len(crawl.notifications)
        journalled = {e.id for e in session.journal.entries(limit=200)}
        crawl.press(shelf.sale_button, "On/off sale (S), then at once…")
        crawl.press(shelf.remove_button, "…Remove")
        await crawl.expect(lambda: not session.actions.is_pending(f"product:{pid}"), "the row's actions are answered")
        if any("taken off the shelf" in n for n in crawl.notifications[said:]):
            await crawl.expect(lambda: state().shelf_item(pid) is None,
                               "the product said to be “taken off the shelf” is off the shelf", 5,
                               detail=lambda: "still on the shelf; actions sent since the press: " + ", ".join(
                                   e.kind for e in session.journal.entries(limit=200)
                                   if e.id not in journalled and not e.origin.startswith("moderation")))
        for frame in window.notifications._frames():   # its Undo would put back what is still there
            if "taken off the shelf" in frame.findChild(QLabel).text():
                crawl.press(next(b for b in frame.findChildren(QToolButton) if b.text() == "✕"), "✕ (that notice)")
        if state().shelf_item(pid) is None:  # it was removed after all: back on the shelf for what follows
            crawl.session.actions.run(AddToShelf(pid))
            await crawl.expect(lambda: state().shelf_item(pid) is not None, "the product is listed again")
        shelf.select_product(pid)
        await crawl.expect(lambda: not session.actions.is_pending(f"product:{pid}") and shelf.selected_item() is not None
                           and shelf.selected_item().on_sale == state().shelf_item(pid).on_sale,
                           "the row shows the room's state")
        if not state().shelf_item(pid).on_sale:
            crawl.press(shelf.sale_button, "On/off sale (S) back on")
            await crawl.expect(lambda: state().shelf_item(pid).on_sale, "it is on sale again")


# ---------------------------------------------------------------------- promotions

async def promotions_panel(crawl: Crawl) -> None:
    window, session = crawl.window, crawl.session
    panel = promotions_of(window)
    bar = armed_bar_of(window)
    state = lambda: session.room.state

    async with crawl.phase("Promotions: coupons"):
        window.show_dock("promotions")
        before = set(state().coupons)
        panel.quantity.setValue(1000)   # the audience claims coupons: a small batch is all claimed before it is stopped
        crawl.press(panel.issue_button)
        await crawl.answer_box(QMessageBox.StandardButton.Yes, name="confirm-money-action")
        new = await crawl.expect(lambda: set(state().coupons) - before, "the issued batch shows")
        if new:
            coupon_id = next(iter(new))
            await crawl.expect(lambda: any(c.id == coupon_id for _c, _p, c in panel.coupon_model.rows), "listed", 3)
            row = next(i for i, (_c, _p, c) in enumerate(panel.coupon_model.rows) if c.id == coupon_id)
            panel.coupon_view.selectRow(row)
            crawl.press(panel.stop_coupon_button)
            await crawl.expect(lambda: state().coupons[coupon_id].state is CouponState.ENDED, "Stop batch ends it")

    async with crawl.phase("Promotions: flash sale"):
        form = panel.flash
        pid = shelf_of(window).model.rows[0].product_id
        choose(form.product, pid)
        form.stock.setValue(min(50, form.stock.maximum()))   # the audience buys: not sold out before Stop early
        form.countdown.setValue(0)
        form.duration.setValue(60)
        crawl.press(panel.arm_button)
        await crawl.expect(lambda: bar.isVisible(), "Arm shows the armed bar", 2)
        crawl.press(bar.disarm_button)
        await crawl.expect(lambda: not bar.isVisible(), "Disarm hides it", 2)
        crawl.press(panel.arm_button)
        before = set(state().flash_sales)
        crawl.press(bar.fire_button)
        await crawl.answer_box(QMessageBox.StandardButton.Yes, name="confirm-money-action")
        new = await crawl.expect(lambda: set(state().flash_sales) - before, "the flash sale shows")
        if new:
            sale_id = next(iter(new))
            await crawl.expect(lambda: any(s.id == sale_id for _c, _p, s in panel.flash_model.rows), "listed", 3)
            row = next(i for i, (_c, _p, s) in enumerate(panel.flash_model.rows) if s.id == sale_id)
            panel.flash_view.selectRow(row)
            crawl.press(panel.stop_flash_button)
            await crawl.expect(lambda: state().flash_sales[sale_id].state is FlashSaleState.ENDED, "Stop early ends it")


# ---------------------------------------------------------------------- comments

async def comment_panels(crawl: Crawl) -> None:
    window, session, studio = crawl.window, crawl.session, crawl.studio
    comments = comments_of(window)
    feed, review, questions = comments.feed, comments.review, comments.questions
    desk = session.desk

    async with crawl.phase("Comments: viewers say things"):
        await post(studio, "第一次来,主播好", nickname="常客")
        for i, text in enumerate(["去某宝买同款", "拼多多更便宜啊"]):
            await post(studio, text, nickname=f"比价{i}")
        for i, text in enumerate(["XL有吗", "主播XL还有吗", "这个多少钱", "多少钱啊"]):
            await post(studio, text, nickname=f"问{i}")
        await crawl.expect(lambda: any(it.comment.text == "第一次来,主播好" for it in feed.model.items()),
                           "the regular's comment shows in the feed")

    async with crawl.phase("Comments: Word lists…"):
        from anchor_console.ui.comments.word_lists_dialog import WordListsDialog

        crawl.press(button_named(window, "Word lists…"))
        dialog = await crawl.popup(WordListsDialog)
        groups = dialog.groups.count()
        crawl.press(button_named(dialog, "New group"))
        await crawl.expect(lambda: dialog.groups.count() == groups + 1, "New group adds a group", 1)
        dialog.words.setPlainText("测试词一\n测试词二")
        crawl.press(dialog.apply_words)
        await crawl.expect(lambda: "测试词一" in dialog._group().words, "Apply keeps the words", 1)
        words = crawl.tmp / "words.txt"
        words.write_text("导入词\n", encoding="utf-8")
        crawl.press(button_named(dialog, "Import…"))
        await crawl.answer_file(words)
        await crawl.expect(lambda: "imported" in dialog.error.text(), "Import says what it imported", 2)
        exported = crawl.tmp / "exported-words.csv"
        crawl.press(button_named(dialog, "Export…"))
        await crawl.answer_file(exported)
        await crawl.expect(lambda: exported.exists() and "导入词" in exported.read_text("utf-8"),
                           "Export writes the lists", 2)
        dialog.sample.setText("加微信聊")
        await crawl.finish_dialog(dialog, QDialogButtonBox.StandardButton.Close)

    async with crawl.phase("Comments: N new ↓"):
        scroll = feed.view.verticalScrollBar()
        await crawl.expect(lambda: scroll.maximum() > 0, "the feed is long enough to scroll", 15)
        scroll.setValue(0)
        await crawl.expect(lambda: feed.view.new_button.isVisible(), "new comments wait behind “N new ↓”", 15)
        crawl.press(feed.view.new_button, "N new ↓")
        await crawl.expect(lambda: not feed.view.new_button.isVisible(), "it jumps to the newest", 3)

    async with crawl.phase("Comments: the user card"):
        from anchor_console.ui.comments.user_card import UserCard

        row = next(r for r, it in enumerate(feed.model.items()) if it.comment.text == "第一次来,主播好")
        feed.view.setCurrentIndex(feed.model.index(row))
        await crawl.activate(window)
        feed.view.setFocus()
        crawl.done.append("main-window: U on a comment (the viewer's card)")
        QTest.keyClick(feed.view, Qt.Key.Key_U)
        card = await crawl.popup(UserCard)
        user_id = card.record.comment.user_id
        assert card.record.comment.nickname == "常客"
        logged = len(desk.modlog.for_user(user_id))
        for text in ("Mute 10 min", "Mute 60 min", "Unmute", "Ban"):
            crawl.press(button_named(card, text))
            await crawl.settle(0.2)
        card.allow.click()
        card.allow.click()
        crawl.done.append("user-card: Trusted viewer (on, off)")
        await crawl.expect(lambda: len(desk.modlog.for_user(user_id)) >= logged + 3,
                           "the card's actions are in the mod log")
        await crawl.finish_dialog(card, QDialogButtonBox.StandardButton.Close)

    async with crawl.phase("Comments: review"):
        window.show_dock("review")
        review.tabs.setCurrentIndex(0)
        await crawl.expect(lambda: review.held.count() >= 2, "the price-comparison comments are held")
        for button in (button_named(review, "Approve (A)"), button_named(review, "Reject (R)")):
            held = len(desk.review)
            review.held.setCurrentRow(0)
            crawl.press(button)
            await crawl.expect(lambda held=held: len(desk.review) < held, f"{label(button)} takes it from the queue")
        review.tabs.setCurrentIndex(1)
        await crawl.expect(lambda: review.log.count() > 0, "the mod log lists what was done")

    async with crawl.phase("Comments: buyer questions"):
        window.show_dock("questions")
        await crawl.expect(lambda: len(questions.model.groups) >= 2, "buyer questions are grouped", 15)
        questions.view.selectRow(0)
        answered = questions.selected()
        crawl.press(button_named(questions, "Answered"))
        await crawl.expect(lambda: desk.questions.group(answered.id).answered, "Answered marks it")
        questions.view.selectRow(0)
        group = questions.selected()
        presenter_messages = []
        unsubscribe = session.show.anchor_message.connect(presenter_messages.append)
        crawl.press(button_named(questions, "To presenter view"))
        unsubscribe()
        assert presenter_messages and desk.questions.group(group.id).sent_to_presenter
        questions.view.selectRow(0)
        questions.answer.setText("XL有货,拍2号链接")
        crawl.press(button_named(questions, "Post and pin"))
        await crawl.expect(lambda: any(e.kind == "pin_comment" and e.status == CONFIRMED
                                       for e in session.journal.entries(limit=30)), "the answer is posted and pinned")


# ---------------------------------------------------------------------- show editor

async def show_editor(crawl: Crawl) -> None:
    """The editor is opened, every control of it used; it stays open for the run of show."""
    window, session = crawl.window, crawl.session
    feature = show_of(window)
    B = QDialogButtonBox.StandardButton
    edit_copy = crawl.tmp / "edit.show.toml"
    shutil.copy(SAMPLE_SHOW, edit_copy)
    editor = None

    def act(text: str) -> QAction:
        return action_named(editor.menuBar(), text)

    async with crawl.phase("Show editor: open"):
        crawl.trigger(action_named(window.menuBar(), "Show editor"))
        editor = await crawl.expect(lambda: feature.editor is not None and feature.editor.isVisible() and feature.editor,
                                    "the show editor opens", 3)
        crawl.press(button_named(window, "Edit…"))
        assert editor.open_path(SAMPLE_SHOW)
        assert len(editor.document.show.segments) == 7
        # Everything below writes to copies: File → Open… a copy first.
        crawl.trigger(act("Open…"))
        await crawl.answer_file(edit_copy)
        await crawl.expect(lambda: editor.document.path == edit_copy, "File → Open… opens the chosen show")

    if editor is None:
        return
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
        form.products.setCurrentRow(form.products.count() - 1)
        crawl.press(button_named(editor, "Remove product"))
        await crawl.expect(lambda: len(editor.current_segment().products) == products, "Remove product removes it", 1)

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
        crawl.press(button_named(editor, "Add cue…"), "Add cue… (cancelled)")
        dialog = await crawl.popup(CueDialog)
        await crawl.finish_dialog(dialog, B.Cancel)
        form.cues.setCurrentRow(form.cues.count() - 1)
        crawl.press(button_named(editor, "Remove cue"))
        await crawl.expect(lambda: len(editor.current_segment().cues) == cues, "Remove cue removes it", 1)

    async with crawl.phase("Show editor: Edit menu"):
        shows = len(editor.document.show.segments)
        crawl.trigger(editor.undo_action)
        crawl.trigger(editor.redo_action)
        assert len(editor.document.show.segments) == shows

    async with crawl.phase("Show editor: save, save as, export"):
        crawl.trigger(act("Save"))
        await crawl.expect(lambda: not editor.document.dirty, "Save writes the copy", 2)
        saved_as = crawl.tmp / "saved-as.show.toml"
        crawl.trigger(act("Save as…"))
        await crawl.answer_file(saved_as)
        await crawl.expect(lambda: saved_as.exists() and editor.document.path == saved_as, "Save as… writes it", 2)
        for text, suffix in (("Export to .xlsx…", "xlsx"), ("Export printable HTML…", "html"), ("Export PDF…", "pdf")):
            out = crawl.tmp / f"export.{suffix}"
            crawl.trigger(act(text))
            await crawl.answer_file(out)
            await crawl.expect(lambda out=out: out.exists() and out.stat().st_size > 0, f"{text} writes {out.name}", 5)

    async with crawl.phase("Show editor: extra words"):
        from anchor_console.ui.show.words_dialog import ExtraWordsDialog

        crawl.trigger(act("Edit my extra words to avoid…"))
        dialog = await crawl.popup(ExtraWordsDialog)
        dialog.edit.setPlainText("纯棉\n显瘦")
        await crawl.finish_dialog(dialog, B.Save)
        await crawl.expect(lambda: session.staff_words.find("这条裙子很显瘦"), "the extra words are checked", 2)
        crawl.trigger(act("Edit my extra words to avoid…"), "Edit my extra words to avoid… (cancelled)")
        dialog = await crawl.popup(ExtraWordsDialog)
        await crawl.finish_dialog(dialog, B.Cancel)

    async with crawl.phase("Show editor: import a spreadsheet"):
        from anchor_console.ui.show.import_dialog import ImportDialog

        crawl.trigger(act("Import a spreadsheet"))
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
        crawl.trigger(act("Import a spreadsheet"), "Import a spreadsheet… (cancelled)")
        await crawl.answer_file(SAMPLES / "food_newyear_gbk.csv")
        dialog = await crawl.popup(ImportDialog)
        await crawl.finish_dialog(dialog, B.Cancel)

    async with crawl.phase("Show editor: run this show in the console"):
        imported = crawl.tmp / "imported.show.toml"
        crawl.trigger(act("Run this show in the console"), "Run this show in the console (not saved yet)")
        await crawl.answer_file(imported)
        await crawl.expect(lambda: editor.document.path == imported, "it is saved first", 2)
        crawl.trigger(act("Run this show in the console"))
        await crawl.expect(lambda: session.show.show_path == imported, "the console runs the saved show", 2)


async def closing_the_editor(crawl: Crawl) -> None:
    editor = show_of(crawl.window).editor
    if editor is None:
        return
    async with crawl.phase("Show editor: new, close"):
        crawl.trigger(action_named(editor.menuBar(), "New"))
        await crawl.expect(lambda: editor.document.path is None and not editor.document.show.segments,
                           "New starts an empty show", 1)
        await crawl.sweep(editor)
        editor.close()


# ---------------------------------------------------------------------- run of show and presenter view

async def run_of_show(crawl: Crawl) -> None:
    window, session = crawl.window, crawl.session
    feature = show_of(window)
    timeline, runner = feature.timeline, session.show
    B = QMessageBox.StandardButton
    run_copy = crawl.tmp / "run.show.toml"
    shutil.copy(SAMPLE_SHOW, run_copy)

    def current() -> str | None:
        snap = runner.engine.snapshot() if runner.engine is not None else None
        return snap.current.segment_id if snap is not None and snap.current is not None else None

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

    async with crawl.phase("Show editor: run another show while one runs"):
        # The editor holds the imported show (saved); the running rehearsal is of the sample. Sending
        # it to the console now must be refused with a word, or take its place — never crash.
        editor = feature.editor
        assert runner.running and editor is not None and editor.document.path is not None
        with crawl.trap.expecting_notices():
            crawl.trigger(action_named(editor.menuBar(), "Run this show in the console"),
                          "Run this show in the console (while another show runs)")
            await crawl.settle(0.2)

    async with crawl.phase("Run of show: End show"):
        crawl.press(timeline.end_button)
        await crawl.answer_box(B.Yes, name="confirm-end-show")
        await crawl.expect(lambda: runner.engine.phase is RunPhase.ENDED, "End show ends it", 3)

    async with crawl.phase("Run of show: dry run in a rehearsal room"):
        live_room = session.room
        rehearsal_bar = feature.rehearsal_bar
        timeline.mode.setCurrentIndex(timeline.mode.findData("dry_run"))
        crawl.press(timeline.start_button, "Start show (dry run)")
        await crawl.expect(lambda: session.rehearsal.active and rehearsal_bar.isVisible() and runner.running,
                           "the dry run starts in a rehearsal room", 10)
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
        timeline.mode.setCurrentIndex(timeline.mode.findData("rehearse"))


# ---------------------------------------------------------------------- the room ends; retries

async def ending_the_room(crawl: Crawl) -> None:
    window, session = crawl.window, crawl.session
    bar = window.menuBar()
    status = lambda: session.room.state.room.status
    panel = promotions_of(window)

    async with crawl.phase("Room → End the live room"):
        crawl.trigger(action_named(bar, "End the live room"), "End the live room (cancelled)")
        await crawl.answer_box(QMessageBox.StandardButton.Cancel, title="End the live room")
        await crawl.settle(0.2)
        assert status() is RoomStatus.LIVE
        crawl.trigger(action_named(bar, "End the live room"))
        await crawl.answer_box(QMessageBox.StandardButton.Yes, title="End the live room")
        await crawl.expect(lambda: status() is RoomStatus.ENDED, "the room ends")

    async with crawl.phase("Retry and Send again (a coupon into the ended room)"):
        crawl.trap.notices_expected = True   # its failures are told: that is what is pressed here
        window.show_dock("promotions")
        shown = {key(f) for f in window.notifications._frames()}
        crawl.press(panel.issue_button, "Issue coupons (room ended)")
        await crawl.answer_box(QMessageBox.StandardButton.Yes, name="confirm-money-action")

        def new_retry():
            for frame in window.notifications._frames():
                if key(frame) not in shown and frame.findChild(QLabel).text().startswith("Failed:"):
                    return next((b for b in frame.findChildren(QPushButton) if b.text() == "Retry"), None)
            return None

        retry = await crawl.expect(new_retry, "the failure is told, with Retry")
        entry = next(e for e in session.journal.entries(limit=200) if e.kind == "issue_coupon")
        if retry is not None:
            crawl.press(retry, "Retry (notification)")
            await crawl.expect(lambda: session.journal.get(entry.id).dispatches[0].attempts == 2
                               and not session.actions.is_pending(f"retry:{entry.id}"), "Retry resends it")
        from anchor_console.ui.journal.journal_panel import JournalFeature

        journal = window.feature(JournalFeature).panel
        window.show_dock("journal")
        await crawl.expect(lambda: any(e.id == entry.id for e in journal.model.entries), "the journal lists it", 3)
        journal.view.selectRow(next(i for i, e in enumerate(journal.model.entries) if e.id == entry.id))
        crawl.press(journal.retry_button)
        await crawl.expect(lambda: session.journal.get(entry.id).dispatches[0].attempts == 3
                           and not session.actions.is_pending(f"retry:{entry.id}"), "Send again resends it")
        journal.money_only.click()
        journal.money_only.click()
        crawl.trap.notices_expected = False


# ---------------------------------------------------------------------- notifications and the rest

async def leftovers(crawl: Crawl) -> None:
    window = crawl.window
    async with crawl.phase("Notifications"):
        bar = window.notifications
        while len(bar.messages()) < 3:
            window.notify(f"Notice {len(bar.messages())}", level="info")
        crawl.press(bar.more, "N more ▾")
        crawl.press(bar.more, "Show fewer ▴")
        for _ in range(10):  # each ✕ brings the next one into view
            close = next((b for b in bar.findChildren(QAbstractButton) if b.text() == "✕" and b.isVisible()), None)
            if close is None:
                break
            crawl.press(close, "✕ dismiss a notification")
        assert not bar.messages() and not bar.isVisible()

    async with crawl.phase("Sweep: every button not pressed yet"):
        crawl.trap.notices_expected = True   # the room has ended: what a button sends now fails, and says so
        window.activateWindow()
        await crawl.sweep(window)
        presenter = show_of(window).presenter
        if presenter is not None:
            await crawl.sweep(presenter)
            presenter.close()
