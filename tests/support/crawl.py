"""The crawl: pressing every control of the console the way a person reaches it, and recording
everything that goes wrong meanwhile — the machinery the tests/ui/test_every_control_*.py files
share. It owns finding controls (own buttons, buttons and menu actions by label, bringing one into
view), the `Trap` that records what goes wrong (uncaught exceptions through sys.excepthook and the
event loop's handler, `report_unexpected`, errors logged by the console, session notices, error
notifications), the `Crawl` that presses and answers (message boxes, file dialogs, dialogs' button
boxes), keeps the phases (a phase that fails is recorded and the next goes on; nothing it opened
may stay open), sweeps what is left unpressed and reports what it pressed, and `run_crawl`, which
starts a demo Studio with an audience and an assistant's console, runs a file's phases, waits
until every action has finished and every notification timer has run, prints the report and fails
with every problem found.

A file crawls its own area of the main window (`Crawl.elsewhere` names the controls left to
another file: its sweep does not press them and its report does not list them); the windows and
dialogs it opens are its own whole."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import time
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton, QApplication, QDialog, QDialogButtonBox, QDockWidget, QFileDialog, QMainWindow,
    QMessageBox, QStackedWidget, QTabBar, QTabWidget, QWidget,
)

from support.studio import on_demo_studio
from support.waiting import until
from support.window import shelf_of, show_of

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
    """Presses, answers and keeps the phases of one crawl. `elsewhere(control)`: a control of the
    main window (a button or a menu-bar action) that another file crawls."""

    def __init__(self, console, studio, tmp_path: Path, trap: Trap,
                 elsewhere: Callable[[object], bool] = lambda control: False) -> None:
        self.console = console
        self.session = console.session
        self.window = console.window
        self.studio = studio
        self.tmp = tmp_path
        self.trap = trap
        self.elsewhere = elsewhere
        self.pressed: dict[int, str] = {}      # C++ pointer → what it was
        self.done: list[str] = []              # what was pressed or triggered, in order
        self.skipped: list[str] = []
        self.static_file_dialogs: list[str] = []
        self.notification_timers: list[tuple[float, str, str]] = []   # (due, step, text) of timed notifications
        self.notifications: list[str] = []                            # what the window and the editor said

    def state(self):
        """The room's state as the console has it now (reconnecting replaces the room)."""
        return self.session.room.state

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
        mine = [e for e in self.session.journal.entries(limit=200) if e.origin not in ("moderation", "rules")]
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

    async def from_menu(self, text: str, kind, bar=None):
        """Trigger the menu action `text` (of the console window's menu bar unless `bar` is given)
        and return the window of `kind` it opens (None, a problem, if none comes)."""
        self.trigger(action_named(bar or self.window.menuBar(), text))
        return await self.popup(kind)

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
        view, closing whatever each one opens (of the main window: those not left `elsewhere`)."""
        for button in own_buttons(top):
            if not alive(button) or key(button) in self.pressed or (top is self.window and self.elsewhere(button)):
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
            theirs = self.elsewhere if top is self.window else (lambda control: False)
            for b in own_buttons(top):
                if key(b) not in self.pressed and not theirs(b):
                    state = "disabled" if not b.isEnabled() else "hidden"
                    lines.append(f"  {top.objectName() or type(top).__name__}: {label(b)} ({state})")
            if isinstance(top, QMainWindow):
                for menu, a in menu_actions(top.menuBar()):
                    if key(a) not in self.pressed and not theirs(a):
                        lines.append(f"  {menu} → {a.text().replace('&', '')} (menu action not triggered)")
        lines.append("Notifications shown:")
        lines += [f"  {n[:160]!r}" for n in self.notifications]
        lines.append("Session notices:")
        lines += [f"  {n[:160]!r}" for n in self.trap.notices]
        if self.static_file_dialogs:
            lines += ["QFileDialog static methods called (answered empty):",
                      *("  " + name for name in self.static_file_dialogs)]
        return "\n".join(lines)


# ---------------------------------------------------------------------- the show's part of the window

def in_show_area(window) -> Callable[[object], bool]:
    """Whether a control of the main window belongs to the run of show: the Run of show panel,
    the rehearsal bar, and the Show editor and Presenter view menu actions."""
    feature = show_of(window)
    panels = (feature.timeline, feature.rehearsal_bar)
    actions = {key(action_named(window.menuBar(), text)) for text in ("Show editor", "Presenter view")}

    def within(control) -> bool:
        if isinstance(control, QAction):
            return key(control) in actions
        return any(panel is control or panel.isAncestorOf(control) for panel in panels)

    return within


def outside_show_area(window) -> Callable[[object], bool]:
    """Whether a control of the main window is not the run of show's."""
    within = in_show_area(window)
    return lambda control: not within(control)


# ---------------------------------------------------------------------- running a crawl

async def start_crawl(console_factory, studio_factory, tmp_path: Path,
                      elsewhere: Callable[[QWidget], Callable[[object], bool]] | None = None) -> Crawl:
    """A demo Studio with an audience of 20, an assistant's console on its room, loaded; the crawl
    of it (`elsewhere(window)`: the predicate of the main window's controls another file crawls)."""
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant", audience=20)
    window, session = console.window, console.session
    await until(lambda: shelf_of(window).model.rows and session.catalog.products and session.catalog.templates, 20,
                message="the demo room did not load")
    trap = Trap(session, asyncio.get_running_loop())
    if elsewhere is None:
        return Crawl(console, studio, tmp_path, trap)
    return Crawl(console, studio, tmp_path, trap, elsewhere(window))


def answer_static_file_dialogs(crawl: Crawl, monkeypatch) -> None:
    """No native file dialog, ever: the app's own dialogs are Qt's widgets (answered by the crawl),
    and the static helpers answer "cancelled" and are named in the report."""
    for name, empty in (("getOpenFileName", ("", "")), ("getOpenFileNames", ([], "")), ("getSaveFileName", ("", "")),
                        ("getExistingDirectory", ""), ("getOpenFileUrl", None), ("getSaveFileUrl", None)):
        monkeypatch.setattr(QFileDialog, name, staticmethod(
            lambda *a, _n=name, _e=empty, **k: (crawl.static_file_dialogs.append(_n), _e)[1]))


def watch_notifications(crawl: Crawl, monkeypatch) -> None:
    """Every notification is recorded, an error one is a problem (unless the step expects one),
    and one with a timeout runs a timer: every one runs before the verdict (a notification
    dismissed early must not break its timer)."""
    from anchor_console.ui.common.widgets import NotificationBar

    notify = NotificationBar.notify
    trap = crawl.trap

    def timed_notify(bar, text, actions=(), *, level="error", timeout_ms=0, key=None):
        crawl.notifications.append(f"[{trap.step}] {level}: {text}")
        if level == "error" and not trap.notices_expected:  # an action failed, or the window says something broke
            trap.add("error notification", text)
        if timeout_ms:  # Qt's coarse timers may be 5 % late
            crawl.notification_timers.append((time.monotonic() + timeout_ms / 1000 * 1.06 + 0.3, trap.step, text))
        return notify(bar, text, actions, level=level, timeout_ms=timeout_ms, key=key)

    monkeypatch.setattr(NotificationBar, "notify", timed_notify)


async def run_crawl(console_factory, studio_factory, tmp_path: Path, monkeypatch,
                    phases: list[Callable[[Crawl], Awaitable[None]]], *,
                    elsewhere: Callable[[QWidget], Callable[[object], bool]] | None = None,
                    windows: Callable[[Crawl], list[QWidget | None]] = lambda crawl: []) -> None:
    """Start the crawl (start_crawl), run the phases in order, then wait until what the presses
    started has finished and every notification timer has run; print the report (of the main
    window and `windows(crawl)`, the other windows crawled) and fail with every problem recorded."""
    crawl = await start_crawl(console_factory, studio_factory, tmp_path, elsewhere)
    trap, session = crawl.trap, crawl.session
    native_dialogs_off = QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    answer_static_file_dialogs(crawl, monkeypatch)
    watch_notifications(crawl, monkeypatch)
    started = time.monotonic()
    trap.install()
    try:
        for phase in phases:
            await phase(crawl)
        trap.step = "the end"
        await crawl.expect(lambda: not any(session.actions._pending.values()),   # no public "all idle"
                           "every action has finished", 10)
        await crawl.expect(lambda: time.monotonic() > max((due for due, _s, _t in crawl.notification_timers),
                                                          default=0.0), "every notification timer has run", 25)
    finally:
        trap.uninstall()
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, native_dialogs_off)
    report = crawl.report([w for w in (crawl.window, *windows(crawl)) if w is not None])
    print(f"{report}\nCrawl took {time.monotonic() - started:.1f} s")   # shown with a failure, or with -s
    assert not trap.problems, "\n\n".join(trap.problems)
