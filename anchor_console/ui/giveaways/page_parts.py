"""The building blocks of the giveaways panel's two tabs (lucky bags, red packets): each tab's
set-up box, its list of the room's, and the line saying why the tab cannot be used here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QPushButton, QTableView, QVBoxLayout, QWidget

from anchor_console.domain.capabilities import Capability
from anchor_console.ui.common.palette import RED
from anchor_console.ui.common.widgets import at_the_right, plain_label, row_table, why_not_text


def giveaway_table(parent, model, name: str, stretch: tuple[int, ...]) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    row_table(view, stretch=stretch)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setMinimumHeight(110)
    return view


def setup_box(page: QWidget, title: str, form_class, edited, button_text: str, button_name: str, clicked):
    """A tab's setup box: the form, the line saying what is wrong with it, the button at the right.
    Returns the box, the form, the button and that line."""
    box = QGroupBox(title, page)
    form = form_class(box)
    form.edited.connect(edited)
    button = QPushButton(button_text, box)
    button.setObjectName(button_name)
    button.clicked.connect(clicked)
    problem = plain_label("", box, wrap=True)
    problem.setStyleSheet(f"color: {RED};")
    problem.hide()
    layout = QVBoxLayout(box)
    layout.addWidget(form)
    layout.addWidget(problem)
    layout.addLayout(at_the_right(button))
    return box, form, button, problem


def lay_out_page(page: QWidget, setup: QWidget, listing: QWidget) -> QWidget:
    """A tab: why it cannot be used here (when it cannot: the label returned — the platforms that
    lack its actions, in their words), the setup box, then the room's list."""
    note = plain_label("", page, wrap=True)
    note.setObjectName("giveaways-unavailable")
    note.hide()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(2, 2, 2, 2)
    layout.addWidget(note)
    layout.addWidget(setup)
    layout.addWidget(listing, 1)
    return note


def say_why(label, room, capability: Capability) -> None:
    why = why_not_text(room, capability) if room is not None and not room.supports(capability) else ""
    label.setText(why)
    label.setVisible(bool(why))
