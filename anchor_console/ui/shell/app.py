"""Start-up: the one place where the console is wired together.

Boot is staged and narrated (qutebrowser's way): paths → logging → QApplication → settings →
language → the console's lock (one console per home) → the asyncio loop (qasync) → `ConsoleApp.run()`, which opens the window, starts the
session (which connects, starting the bundled Studio when nothing is configured) and then waits
for the window to ask to close.
Shutdown is driven from that coroutine — Qt never quits on its own (quitOnLastWindowClosed is
off) — so every task is cancelled and awaited, the HTTP client and Studio are closed."""

from __future__ import annotations

import argparse
import asyncio
import logging
import logging.handlers
import os
import sqlite3
import sys
import traceback

from anchor_console.domain.log_secrets import MaskSecrets

log = logging.getLogger("anchor_console")


def configure_logging(paths) -> None:
    paths.logs.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(paths.console_log, maxBytes=5_000_000, backupCount=3,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskSecrets())   # a credential in a logged URL, whichever library wrote it
    root = logging.getLogger()
    root.addHandler(handler)
    # A log line that cannot be written (a full disk) is lost quietly: logging would print a
    # traceback on stderr for every line.
    logging.raiseExceptions = False
    root.setLevel(logging.INFO)
    # httpx logs every request line at INFO; URLs carry no secrets but would drown the log.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def install_excepthook(report) -> None:
    """An unexpected error is logged with its traceback and reported in words — never a traceback
    in the user's face, never a dead window."""

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        try:
            report(exc)
        except Exception:  # the reporter itself must never raise here
            pass

    sys.excepthook = hook


def cannot_start(folder, exc: BaseException) -> int:
    """The console's own files cannot be written (a read-only or full home folder, no permission):
    it says so in words, on stderr and in a box, and exits 1 — no traceback, and no window that
    could send money actions it cannot journal."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from anchor_console import APP_NAME

    where = getattr(exc, "filename", None) or folder
    message = QCoreApplication.translate(
        "Console", "Anchor Console cannot start: it cannot write its files in {folder} ({error}). Free some disk "
                   "space or make that folder writable, then start it again.").format(
        folder=where, error=getattr(exc, "strerror", None) or str(exc))
    if logging.getLogger().handlers:   # the console's log, when its folder could be made
        log.error("cannot start: %s", exc)
    print(message, file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, message)
    box.setTextFormat(Qt.TextFormat.PlainText)   # a folder or an OS error that looks like markup is shown as written
    box.exec()   # before the event loop runs: nothing else is waiting
    return 1


def hold_instance_lock(data_folder):
    """The lock that keeps a second console off this home: two would act as one crew seat (each rule
    hit deleted twice, two bundled Studios on one database). Returns the lock, held until exit, or
    None when a running console holds it. A lock left by a console that crashed or was killed is
    taken over: its process is gone."""
    from PySide6.QtCore import QLockFile

    lock = QLockFile(str(data_folder / "console.lock"))
    lock.setStaleLockTime(0)   # stale only when its process is gone, never by age: a show lasts hours
    if lock.tryLock(0) or lock.error() != QLockFile.LockError.LockFailedError:
        if not lock.isLocked():   # no permission, say: a lock that cannot be made keeps no console from starting
            log.warning("the console's lock could not be made (%s); starting without it", lock.error().name)
        return lock
    return None


def already_running() -> int:
    """Another console runs on this home: it says so, in a box, and exits without touching anything."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QMessageBox

    from anchor_console import APP_NAME

    message = QCoreApplication.translate("Console", "Anchor Console is already running. Switch to its window.")
    log.info("another console is running on this home; exiting")
    print(message, file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, message)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
    return 0


def run_app(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_API", "pyside6")
    from anchor_console.session.paths import Paths

    paths = Paths.for_user()
    try:
        paths.create()
        configure_logging(paths)
        unwritable = None
    except OSError as exc:
        unwritable = exc

    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from anchor_console import APP_NAME, ORG_NAME, __version__
    from anchor_console.resources import resource_path
    from anchor_console.session.settings import Settings, load_settings
    from anchor_console.ui.common.i18n import choose_language, install_translations

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORG_NAME)
    app.setDesktopFileName("anchor-console")
    icon = resource_path("icons", "app.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    app.setQuitOnLastWindowClosed(False)
    settings, settings_warning = (Settings(), None) if unwritable else load_settings(paths.settings_file)
    language = install_translations(app, args.lang or choose_language(settings.language))
    if unwritable:
        return cannot_start(paths.data, unwritable)
    instance = hold_instance_lock(paths.data)
    if instance is None:
        return already_running()
    try:
        return run_console(app, settings, args, paths, settings_warning, language)
    finally:
        instance.unlock()


def run_console(app, settings, args, paths, settings_warning, language) -> int:
    """The console itself, from its window to its shutdown (its lock held)."""
    from anchor_console import __version__
    from anchor_console.ui.shell.console_app import ConsoleApp
    from anchor_console.ui.shell.event_loop import ConsoleEventLoop

    log.info("Anchor Console %s starting (language %s)", __version__, language)
    try:
        console = ConsoleApp(app, settings, args, paths=paths, settings_warning=settings_warning)
    except (OSError, sqlite3.OperationalError) as exc:   # the journal on a full disk, say
        return cannot_start(paths.data, exc)
    install_excepthook(console.session.report_unexpected)
    with asyncio.Runner(loop_factory=lambda: ConsoleEventLoop(app)) as runner:
        return runner.run(console.run())
