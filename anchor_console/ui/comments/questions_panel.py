"""Buyer questions grouped by similarity ("XL有吗 ×37") with the product on stage: send one to
the presenter view, answer it with a pinned staff comment, or mark it answered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from anchor_console.moderation.desk import CommentDesk
from anchor_console.moderation.questions import QuestionGroup
from anchor_console.ui.common.display import display_text
from anchor_console.ui.common.table_model import RowsModel
from anchor_console.ui.common.widgets import Throttle, plain_tooltip, row_table


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
                return ("★ " if g.sent_to_presenter else "") + display_text(g.text, 40)
            if column == 1:
                return f"×{g.count}"
            if column == 2:
                return self.catalog.product_name(g.product_id) if g.product_id else "—"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip("\n".join(display_text(e, 60) for e in [g.text, *g.examples]))
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
        row_table(self.view, fit=(1, 2))
        to_presenter = QPushButton(self.tr("To presenter view"), self)
        to_presenter.setToolTip(self.tr("Show this question on the anchor's screen"))
        to_presenter.clicked.connect(self.send_to_presenter)
        self.answer = QLineEdit(self)
        self.answer.setPlaceholderText(self.tr("Answer to post and pin, e.g. XL有货,拍2号链接"))
        self.answer.returnPressed.connect(self.post_answer)
        answer = QPushButton(self.tr("Post and pin"), self)
        answer.clicked.connect(self.post_answer)
        done = QPushButton(self.tr("Answered"), self)
        done.clicked.connect(self.mark_answered)
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addStretch(1)
        row.addWidget(to_presenter)
        row.addWidget(done)
        row2 = QHBoxLayout()
        row2.addWidget(self.answer, 1)
        row2.addWidget(answer)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addLayout(row2)
        # Groups change with every question: once a second is plenty.
        self._refresh = Throttle(1000, self.refresh, self)
        desk.questions_changed.connect(self._refresh.poke)
        self.refresh()

    def refresh(self) -> None:
        selected = self.selected()
        self.model.set_rows(self.desk.questions.top(30, kind=self.kind.currentData()))
        if selected is not None:
            for row, g in enumerate(self.model.groups):
                if g.id == selected.id:
                    self.view.selectRow(row)

    def selected(self):
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.groups[rows[0].row()] if rows and rows[0].row() < len(self.model.groups) else None

    def send_to_presenter(self) -> None:
        g = self.selected()
        if g is None:
            return
        self.desk.questions.send_to_presenter(g.id)
        self.window.session.show.anchor_message.emit(self.tr("Buyers ask: {q} (×{n})").format(q=g.text, n=g.count))
        self.refresh()

    def mark_answered(self) -> None:
        g = self.selected()
        if g is not None:
            self.desk.questions.mark_answered(g.id)
            self.refresh()

    def post_answer(self) -> None:
        text = self.answer.text().strip()
        if not text or not self.window.session.actions.post_and_pin(text):
            return
        self.answer.clear()
        g = self.selected()
        if g is not None:
            self.desk.questions.mark_answered(g.id)
            self.refresh()

    def stop(self) -> None:
        self._refresh.stop()
