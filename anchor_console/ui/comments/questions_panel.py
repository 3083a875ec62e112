"""Buyer questions grouped by similarity ("XL有吗 ×37") with the product on stage: send one to
the presenter view, answer it with a pinned staff comment, or mark it answered. Answered groups stay
at the bottom, grey, so a mistaken click can be taken back; one that more viewers keep asking comes
back up (↻)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from anchor_console.moderation.desk import CommentDesk
from anchor_console.moderation.questions import QuestionGroup
from anchor_console.ui.common.display import display_text
from anchor_console.ui.common.flow_layout import flow_row
from anchor_console.ui.common.table_model import RowsModel
from anchor_console.ui.common.widgets import Throttle, as_wide_as_text, plain_tooltip, row_table


OPEN_SHOWN = 30
ANSWERED_SHOWN = 10   # below the open ones: enough to take a mistaken "Answered" back


class QuestionsModel(RowsModel[QuestionGroup]):
    def __init__(self, catalog, parent=None) -> None:
        self.catalog = catalog
        super().__init__(parent)

    @property
    def groups(self) -> list[QuestionGroup]:
        return self.rows

    def headers(self) -> list[str]:
        return [self.tr("Asked"), self.tr("Times"), self.tr("Product on stage")]

    def cell(self, g: QuestionGroup, column: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return (("★ " if g.sent_to_presenter else "") + ("↻ " if g.asked_again else "")
                        + display_text(g.text, 40))
            if column == 1:
                return f"×{g.count}"
            if column == 2:
                return self.catalog.product_name(g.product_id) if g.product_id else "—"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [display_text(e, 60) for e in [g.text, *g.examples]]
            if g.asked_again:
                lines.insert(0, self.tr("Asked again after it was answered"))
            return plain_tooltip("\n".join(lines))
        if role == Qt.ItemDataRole.ForegroundRole and g.answered:
            return QColor("#9e9e9e")
        return None


class QuestionsPanel(QWidget):
    def __init__(self, window, desk: CommentDesk) -> None:
        super().__init__(window)
        self.window = window
        self.desk = desk
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Questions"), "question")
        self.kind.addItem(self.tr("Want to buy"), "intent")
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.model = QuestionsModel(window.session.catalog, self)
        self.view = QTableView(self)
        self.view.setObjectName("question-groups")
        self.view.setModel(self.model)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._name_done())
        row_table(self.view, fit=(1, 2))
        to_presenter = QPushButton(self.tr("To presenter view"), self)
        to_presenter.setToolTip(self.tr("Show this question on the anchor's screen"))
        to_presenter.clicked.connect(self.send_to_presenter)
        self.answer = QLineEdit(self)
        self.answer.setPlaceholderText(self.tr("Answer to post and pin, e.g. XL有货,拍2号链接"))
        self.answer.returnPressed.connect(self.post_answer)
        answer = QPushButton(self.tr("Post and pin"), self)
        answer.clicked.connect(self.post_answer)
        self.done = done = QPushButton(self.tr("Answered"), self)
        done.clicked.connect(self.mark_answered)
        as_wide_as_text(to_presenter, answer)
        as_wide_as_text(done, also=(self.tr("Not answered"),))
        buttons, row = flow_row(self)   # the buttons under the choice in a narrow column (1093 px window)
        row.addWidget(self.kind)
        row.addStretch(1)
        row.addWidget(to_presenter)
        row.addWidget(done)
        row2 = QHBoxLayout()
        row2.addWidget(self.answer, 1)
        row2.addWidget(answer)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(buttons)
        layout.addWidget(self.view, 1)
        layout.addLayout(row2)
        # Groups change with every question: once a second is plenty.
        self._refresh = Throttle(1000, self.refresh, self)
        self._said: dict[int, str] = {}   # group id → the message it put on the presenter view
        desk.questions_changed.connect(self._refresh.poke)
        self.refresh()

    def refresh(self) -> None:
        selected = self.selected()
        board, kind = self.desk.questions, self.kind.currentData()
        ranked = board.top(len(board), kind=kind, include_answered=True)   # one sort, most asked first
        self.model.set_rows([g for g in ranked if not g.answered][:OPEN_SHOWN]
                            + [g for g in ranked if g.answered][:ANSWERED_SHOWN])
        if selected is not None:
            for row, g in enumerate(self.model.groups):
                if g.id == selected.id:
                    self.view.selectRow(row)
        self._name_done()

    def _name_done(self) -> None:
        g = self.selected()
        self.done.setText(self.tr("Not answered") if g is not None and g.answered else self.tr("Answered"))

    def selected(self):
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.groups[rows[0].row()] if rows and rows[0].row() < len(self.model.groups) else None

    def send_to_presenter(self) -> None:
        g = self.selected()
        if g is None:
            return
        self.desk.questions.send_to_presenter(g.id)
        message = self.tr("Buyers ask: {q} (×{n})").format(q=g.text, n=g.count)
        self._said[g.id] = message
        self.window.session.show.anchor_message.emit(message)
        self.refresh()

    def mark_answered(self) -> None:
        """Answered, or (an answered one selected) not after all."""
        g = self.selected()
        if g is not None:
            self._answered(g, not g.answered)

    def _answered(self, g: QuestionGroup, answered: bool) -> None:
        self.desk.questions.mark_answered(g.id, answered)
        if answered and g.id in self._said:   # the anchor has answered it: off their screen
            self.window.session.show.anchor_message_withdrawn.emit(self._said.pop(g.id))
        self.refresh()

    def post_answer(self) -> None:
        text = self.answer.text().strip()
        if not text or not self.window.session.actions.post_and_pin(text):
            return
        self.answer.clear()
        g = self.selected()
        if g is not None:
            self._answered(g, True)

    def stop(self) -> None:
        self._refresh.stop()
