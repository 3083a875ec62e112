"""The notification bar: a notice that times out after it was dismissed does nothing (its timer
used to fire on a deleted frame: "Internal C++ object already deleted"), at most two show, and a
notice that wraps gets the height of all its lines."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTextEdit, QVBoxLayout, QWidget

from anchor_console.ui.common.widgets import NotificationBar


def test_a_dismissed_notice_times_out_quietly(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    bar = NotificationBar(parent)
    frame = bar.notify("taken off the shelf", timeout_ms=30)
    bar._dismiss(frame)
    qtbot.wait(150)          # the frame is deleted, then its timeout passes: no error
    bar.notify("a", timeout_ms=30)
    qtbot.wait(150)          # one that times out by itself goes
    assert bar.messages() == []


def test_two_notices_show_and_the_rest_wait_behind_more(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    bar = NotificationBar(parent)
    parent.show()
    for i in range(4):
        bar.notify(f"notice {i}")
    assert [f.isVisible() for f in bar._frames()] == [True, True, False, False]
    assert bar.more.isVisible()
    bar._dismiss(bar._frames()[0])
    assert [f.isVisible() for f in bar._frames()] == [True, True, False]


def test_a_notice_of_two_lines_shows_both(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    column = QVBoxLayout(window)
    bar = NotificationBar(window)
    column.addWidget(bar)
    column.addWidget(QTextEdit())    # the shelf below, which takes whatever height the bar leaves
    window.resize(490, 600)
    window.show()
    bar.notify("Tencent Cloud IM did not ban the viewer from the viewers' chat: The UserSig has expired (is "
               "Studio's clock right?). IM said: usersig expired", level="warning")
    label = bar.findChildren(QLabel)[0]
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()) > label.fontMetrics().height() * 1.5)
