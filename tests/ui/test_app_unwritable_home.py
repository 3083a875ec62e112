"""A first start where the console cannot write its files — a read-only home folder, a full disk —
says so in words and exits 1: no traceback in the user's face (or, from the packaged app, nothing at
all), and no window that would send money actions it cannot journal. A second console on the same
home (the icon double-clicked) says the console is already running and exits: two would act as one
crew seat. A lock left by a console that crashed is no obstacle."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from anchor_console.ui.shell import app as app_module


@pytest.fixture
def boxes(monkeypatch):
    """The texts of the message boxes shown; each is plain text (a folder name is not markup)."""
    shown: list[str] = []

    def show(box, *_args):
        assert box.textFormat() is Qt.TextFormat.PlainText
        shown.append(box.text())
        return 0
    monkeypatch.setattr(QMessageBox, "exec", show)
    return shown


@pytest.fixture
def root_handlers_restored():
    """run_app logs to the console's file from the root logger. During the test the root logger has
    only what run_app gives it — a handler an earlier test in this worker left on a stream since
    closed would print its own "Logging error" traceback into the stderr checked here — and after
    it, the handlers it had before."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    for handler in before:
        root.removeHandler(handler)
    yield
    root.setLevel(level)
    for handler in root.handlers[:]:
        root.removeHandler(handler)
        handler.close()
    for handler in before:
        root.addHandler(handler)


def _args():
    return argparse.Namespace(lang="en", smoke_test=False, command=None)


def test_a_home_folder_that_cannot_be_written_is_said_not_a_traceback(qapp, tmp_path, monkeypatch, boxes, capsys,
                                                                     root_handlers_restored):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the console's folder would go", encoding="utf-8")
    monkeypatch.setenv("ANCHOR_CONSOLE_HOME", str(blocker / "anchor"))
    assert app_module.run_app(_args()) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "cannot start" in err and str(blocker) in err, err
    assert len(boxes) == 1 and "cannot write its files" in boxes[0] and str(blocker) in boxes[0], boxes


def test_a_full_disk_at_the_first_start_is_said_not_a_traceback(qapp, monkeypatch, boxes, capsys,
                                                                 root_handlers_restored):
    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    def log_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(logging, "raiseExceptions", True)
    monkeypatch.setattr(logging.handlers.RotatingFileHandler, "shouldRollover", log_full)
    monkeypatch.setattr("anchor_console.session.console.open_journal", full)
    assert app_module.run_app(_args()) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "database or disk is full" in err, err
    assert len(boxes) == 1 and "Free some disk space" in boxes[0], boxes


def test_a_second_console_on_the_same_home_says_it_is_already_running(qapp, private_home, boxes, capsys,
                                                                       root_handlers_restored):
    from anchor_console.session.paths import Paths

    paths = Paths.for_user().create()
    first = app_module.hold_instance_lock(paths.data)   # the console running already
    try:
        assert first is not None and first.isLocked()
        assert app_module.run_app(_args()) == 0
    finally:
        first.unlock()
    assert len(boxes) == 1 and "already running" in boxes[0], boxes
    assert "already running" in capsys.readouterr().err
    assert not paths.journal_file.exists()   # nothing of the running console's was touched


HOLDER = """
import sys
from pathlib import Path
from anchor_console.ui.shell.app import hold_instance_lock
lock = hold_instance_lock(Path(sys.argv[1]))
print("held" if lock is not None and lock.isLocked() else "not held", flush=True)
sys.stdin.read()
"""


def test_a_lock_left_by_a_killed_console_does_not_keep_the_next_one_from_starting(qapp, tmp_path):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(app_module.__file__).parents[3]),
                                                       os.environ.get("PYTHONPATH", "")]))
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert holder.stdout.readline().strip() == "held"
        hours_ago = time.time() - 6 * 3600
        os.utime(tmp_path / "console.lock", (hours_ago, hours_ago))
        assert app_module.hold_instance_lock(tmp_path) is None   # a console running for hours keeps its lock
    finally:
        holder.kill()   # SIGKILL: no chance to let go of the lock
        holder.wait()
    assert (tmp_path / "console.lock").exists()
    lock = app_module.hold_instance_lock(tmp_path)
    assert lock is not None and lock.isLocked()
    lock.unlock()
