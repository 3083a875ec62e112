"""The show editor's banners, the line under its segment list that sums up the show's problems,
and the question before a show with problems is run.

Banners: one in view at a time — the newest; older ones wait behind "N more" — and a newer one
replaces an older one of the same kind (a notice that names no kind is of its level's: every
"could not be opened/saved/exported" is an error, each replacing the last). A long one shows its
first lines; all of it is in its tooltip. The bar never takes more height than the editor has left on
its screen: three failed opens grew the editor past a 900-px screen, hiding the buttons under the
segments. File errors are over once a show is put in or saved (`file_problems_over`): a red "could
not open unknown.show.toml" stayed above the show imported after it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QSizePolicy, QWidget

from anchor_console.show import CheckedField, SegmentProblem
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import NotificationBar, plain_tooltip

FILE_PROBLEMS = "show-editor:error"   # the kind of an error notice that names none: a file not read or written
TITLE_BAR = 40                          # what a window's frame takes of the screen's height (as fit_to_screen)



class EditorNotices(NotificationBar):
    LINES = 5   # a notice's lines in view; the rest in its tooltip

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.show_at_most(1)

    def notify(self, text: str, actions=(), *, level: str = "error", timeout_ms: int = 0, key: str | None = None):
        lines = text.split("\n")
        shown = text
        if len(lines) > self.LINES:
            rest = len(lines) - (self.LINES - 1)
            more = QCoreApplication.translate("ShowEditor", "… and {n} more lines").format(n=rest)
            shown = "\n".join(lines[:self.LINES - 1] + [more])
        self.fit_height()   # before it is shown: once shown, a window too short for it grows at once
        frame = super().notify(shown, actions, level=level, timeout_ms=timeout_ms,
                               key=key if key is not None else f"show-editor:{level}")
        frame.findChild(QLabel).setToolTip(plain_tooltip(text))   # all of it, also where the bar is too short to show it
        return frame

    def file_problems_over(self) -> None:
        """A show was opened, imported, restored or saved: what failed with a file before is over."""
        self.clear(FILE_PROBLEMS)

    def fit_height(self) -> None:
        """At most the height the rest of the editor leaves on its screen — its status bar counted
        as shown ("Opening…" shows it) — but a line at least."""
        window = self.window()
        screen = window.screen() if window is not None else None
        if screen is None or window is self:
            return
        others = window.minimumSizeHint().height()   # counts this bar at the height it may have now
        if not self.isHidden():
            others -= min(self.minimumSizeHint().height(), self.maximumHeight())
        else:
            holder = self.parentWidget().layout() if self.parentWidget() is not None else None
            others += max(0, holder.spacing()) if holder is not None else 0   # the gap it brings when shown
        status = window.statusBar() if hasattr(window, "statusBar") else None
        if status is not None and status.isHidden():
            others += status.sizeHint().height()
        room = screen.availableGeometry().height() - TITLE_BAR - others
        self.setMaximumHeight(max(self.fontMetrics().height() + 12, room))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.fit_height()


class ProblemsLine(QLabel):
    """One line under the segments: how many problems the show has, and the chosen segment's first
    (all of them in the tooltip); green when there are none. A long line never widens the editor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setObjectName("show-problems")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.full_text = ""   # what it says, shown cut with "…" where the line is too short

    def _say(self, text: str) -> None:
        self.full_text = text
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, max(0, self.width())))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._elide()

    def show_problems(self, problems: list[SegmentProblem], chosen: str | None,
                      numbers: dict[str, tuple[int, str]]) -> None:
        """`numbers`: each segment's (row number, title), to say where a problem is."""
        if not problems:
            self._say(QCoreApplication.translate("ShowEditor", "✓ No problems found"))
            self.setStyleSheet("color: #2e7d32;")
            self.setToolTip("")
            return
        segments = len({p.segment_id for p in problems})
        first = next((p for p in problems if p.segment_id == chosen), problems[0])
        self._say(QCoreApplication.translate(
            "ShowEditor", "⚠ {n} problems in {segments} segments — {where}: {problem}").format(
            n=len(problems), segments=segments, where=where_text(first, numbers), problem=tr_text(first.message)))
        blocking = any(p.blocks_run for p in problems)
        self.setStyleSheet("color: #c62828;" if blocking else "color: #e65100;")
        self.setToolTip(plain_tooltip(problems_list(problems, numbers, most=20, mark="")))


def ask_before_run(editor, problems: list[SegmentProblem], numbers: dict[str, tuple[int, str]], run) -> QMessageBox:
    """"Run this show" with problems left: listed, and asked — Run anyway calls `run`; Fix them first
    (the default, and Escape) chooses the segment of the first. The console itself still refuses a
    live start for the problems that block one."""
    buttons = QMessageBox.StandardButton
    text = QCoreApplication.translate("ShowEditor", "This show has {n} problems:").format(n=len(problems))
    text += "\n" + problems_list(problems, numbers)
    if any(p.blocks_run for p in problems):
        text += "\n\n" + QCoreApplication.translate(
            "ShowEditor", "The console will not start it live while the problems marked red remain (a dry run "
                             "leaves unfinished cues out).")
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("ShowEditor", "Run a show with problems?"),
                      text, buttons.Yes | buttons.No, editor)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(QCoreApplication.translate("ShowEditor", "Run it in the console anyway?"))
    box.button(buttons.Yes).setText(QCoreApplication.translate("ShowEditor", "Run anyway"))
    box.button(buttons.No).setText(QCoreApplication.translate("ShowEditor", "Fix them first"))
    box.setDefaultButton(buttons.No)
    box.setEscapeButton(buttons.No)
    box.setObjectName("confirm-run-with-problems")
    first = problems[0].segment_id

    def answered(result: int) -> None:
        show = editor.document.show
        if result == buttons.Yes:
            run()
        elif first and show.segment(first) is not None:
            editor.view.selectRow(show.index_of(first))
            editor.view.setFocus()

    box.finished.connect(answered)
    box.open()
    return box


def problems_list(problems: list[SegmentProblem], numbers: dict[str, tuple[int, str]], most: int = 6,
                  mark: str = "• ") -> str:
    """The first `most` problems, one a line, each saying where it is (a question box, a tooltip)."""
    lines = [f"{mark}{where_text(p, numbers)}: {tr_text(p.message)}" for p in problems[:most]]
    if len(problems) > most:
        lines.append(QCoreApplication.translate("ShowEditor", "… and {n} more").format(n=len(problems) - most))
    return "\n".join(lines)


def where_text(problem: SegmentProblem, numbers: dict[str, tuple[int, str]]) -> str:
    """Where a problem is: "No. 2 “福利款”" (a segment with no title by its number), or the show title."""
    if problem.segment_id not in numbers:
        return tr_text(CheckedField.SHOW_TITLE.label)
    number, title = numbers[problem.segment_id]
    if title.strip():
        return QCoreApplication.translate("ShowEditor", "No. {n} “{title}”").format(n=number, title=title)
    return QCoreApplication.translate("ShowEditor", "No. {n}").format(n=number)
