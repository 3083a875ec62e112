"""The notification bar: a notice that times out after it was dismissed does nothing (its timer
used to fire on a deleted frame: "Internal C++ object already deleted"), at most two show, a
notice that wraps gets the height of all its lines, and the bar is as tall as the notices it shows."""

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


def test_the_bar_is_as_tall_as_the_notices_it_shows(qtbot):
    """Two notices shown and two behind "2 more": the bar is the two, the button and its margins —
    no blank where the hidden ones would be, however it was expanded and folded before."""
    window = QWidget()
    qtbot.addWidget(window)
    column = QVBoxLayout(window)
    bar = NotificationBar(window)
    column.addWidget(bar)
    column.addWidget(QTextEdit())
    window.resize(548, 600)
    window.show()

    def blank() -> int:
        """Height in the bar above the button that no shown notice takes."""
        shown = [f for f in bar._frames() if f.isVisible()]
        return bar.more.geometry().top() - max(f.geometry().bottom() for f in shown)

    for i in range(4):
        bar.notify(f"A notice that is long enough to wrap on a narrow column, number {i}.", level="warning")
    # At once, before any layout pass: the height asked for is the two shown, the button, the margins.
    shown = bar._frames()[:2]
    margins = bar.layout().contentsMargins()
    two = sum(f.heightForWidth(bar.width() - margins.left() - margins.right()) for f in shown)
    expected = (two + bar._layout.spacing() + bar.layout().spacing() + bar.more.sizeHint().height()
                + margins.top() + margins.bottom())
    assert bar.minimumSizeHint().height() == bar.sizeHint().height() == expected
    qtbot.waitUntil(lambda: bar.more.isVisible())
    qtbot.wait(50)
    assert blank() <= 8, blank()
    assert all(f.height() <= f.heightForWidth(f.width()) + 2 for f in bar._frames() if f.isVisible())
    bar.more.click()
    qtbot.waitUntil(lambda: all(f.isVisible() for f in bar._frames()))
    qtbot.wait(50)
    bar.more.click()
    qtbot.wait(50)
    assert [f.isVisible() for f in bar._frames()] == [True, True, False, False]
    assert blank() <= 8, blank()
    assert bar.height() <= bar.sizeHint().height()
