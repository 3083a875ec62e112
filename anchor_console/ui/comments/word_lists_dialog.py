"""The moderators' word lists: groups of words with an action each; edits apply at once and are
saved; import and export .txt/.csv; a box to try a sample comment against them. Entries the
lists refuse are named with the reason; entries that would act on much of the room are kept and
the dialog says so. Checking, building and saving 50,000 entries happen in a worker thread (the
desk's `list_edits`): Apply says it is working meanwhile and the window stays live."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QFileDialog, QHBoxLayout, QLineEdit, QListWidget, QPlainTextEdit,
    QPushButton, QVBoxLayout,
)

from anchor_console.domain.text import Text
from anchor_console.moderation.desk import CommentDesk
from anchor_console.moderation.enforcement import Escalation, ladder_words
from anchor_console.moderation.list_edits import Applied
from anchor_console.moderation.wordlists import MAX_MUTE_MINUTES, Action
from anchor_console.platforms.errors import PlatformError
from anchor_console.ui.comments.trusted_viewers_dialog import TrustedViewersDialog
from anchor_console.ui.common.i18n import count_text, reasons_text, tr_text
from anchor_console.ui.common.widgets import dialog_buttons, fit_to_screen, plain_label, plain_tooltip, spin_box


class WordListsDialog(QDialog):
    """Groups of words, each with its action; edits apply at once. Import/export .txt and .csv;
    a test box shows which rule a sample comment would trigger."""

    def __init__(self, window, desk: CommentDesk) -> None:
        super().__init__(window)
        self.desk = desk
        self.lists = desk.lists
        self.setWindowTitle(self.tr("Word lists"))
        self.setObjectName("word-lists")
        fit_to_screen(self, 820, 560)
        self.groups = QListWidget(self)
        self.groups.currentRowChanged.connect(self._show)
        self.action = QComboBox(self)
        for a in Action:
            self.action.addItem(tr_text(a.label), a)
        self.action.currentIndexChanged.connect(self._action_changed)
        self.minutes = spin_box(self, 1, MAX_MUTE_MINUTES, 1, self.tr(" min"))
        self.minutes.valueChanged.connect(self._action_changed)
        self.enabled = QCheckBox(self.tr("In use"), self)
        self.enabled.toggled.connect(self._action_changed)
        self.escalate = QCheckBox(self.tr("Escalate repeat offenders"), self)
        self.escalate.setToolTip(self.tr("Deleted comments count as offences (what a viewer sends within {seconds} s "
                                         "is one): {steps}. Never a viewer who has ordered in the room.").format(
            seconds=int(Escalation.step_s), steps=reasons_text(ladder_words())))
        self.escalate.toggled.connect(self._action_changed)
        self.words = QPlainTextEdit(self)
        self.words.setPlaceholderText(self.tr("One entry per line. “=word” matches a Latin word only as a whole word; "
                                              "“re:” starts a regular expression."))
        self.apply_words = QPushButton(self.tr("Apply"), self)
        self.apply_words.clicked.connect(self._words_changed)
        self.error = plain_label("", self, wrap=True)
        self.error.setStyleSheet("color: #c62828;")
        self.warning = plain_label("", self, wrap=True)
        self.warning.setStyleSheet("color: #b26a00;")
        self.sample = QLineEdit(self)
        self.sample.setPlaceholderText(self.tr("Try a comment: which rule would fire?"))
        self.sample.textChanged.connect(self._try)
        self.result = plain_label("", self, wrap=True)
        left = self._groups_column()
        right = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(plain_label(self.tr("Action"), self))
        row.addWidget(self.action)
        row.addWidget(plain_label(self.tr("Mute for"), self))
        row.addWidget(self.minutes)
        row.addWidget(self.enabled)
        row.addWidget(self.escalate)
        row.addStretch(1)
        right.addLayout(row)
        right.addWidget(self.words, 1)
        apply_row = QHBoxLayout()
        apply_row.addWidget(self.error, 1)
        apply_row.addWidget(self.apply_words)
        right.addLayout(apply_row)
        right.addWidget(self.warning)
        right.addWidget(self.sample)
        right.addWidget(self.result)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 2)
        bottom = self._bottom_row(window)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        self._loading = False
        self._closed = False
        self.finished.connect(lambda _r: setattr(self, "_closed", True))
        self._refill()

    def _bottom_row(self, window) -> QHBoxLayout:
        """Share with the team (and, on a crew's lists, what that means here), then Close."""
        close = dialog_buttons(self)
        self.team = self._team_button(window)
        bottom = QHBoxLayout()
        bottom.addWidget(self.team)
        trusted = QPushButton(self.tr("Trusted viewers…"), self)
        trusted.clicked.connect(lambda: TrustedViewersDialog(self, self.desk, self._platform_name).open())
        bottom.addWidget(trusted)
        if self.desk.team_lists:   # the crew's lists, from Studio: not this computer's file
            self.team_note = plain_label(self.tr("These are the team's lists: a change here applies on this "
                                                 "seat only and is not saved on this computer (share it to make "
                                                 "it the team's); this computer's own lists come back off this "
                                                 "room."), self)
            self.team_note.setWordWrap(True)
            bottom.addWidget(self.team_note, 1)
        bottom.addStretch(1)
        bottom.addWidget(close)
        return bottom

    def _platform_name(self, connection_id: str) -> str:
        room = self.desk.room
        return room.platform_name(connection_id) if room is not None else connection_id

    def _groups_column(self) -> QVBoxLayout:
        """The groups, and New group / Import… / Export… under them."""
        left = QVBoxLayout()
        left.addWidget(self.groups, 1)
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("New group"), self._add_group), (self.tr("Import…"), self._import),
                           (self.tr("Export…"), self._export)):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        left.addLayout(buttons)
        return left

    # ------------------------------------------------------------------ the team's lists

    def _team_button(self, window) -> QPushButton:
        """On a room run by a crew, the anchor makes these lists every seat's (applied live there)."""
        button = QPushButton(self.tr("Share with the team"), self)
        button.setObjectName("share-team-word-lists")
        self.session = getattr(window, "session", None)
        crew = getattr(self.session, "crew", None)
        if crew is None or not crew.active:
            button.setEnabled(False)
            button.setToolTip(self.tr("Team word lists need a Studio room run by several seats; "
                                      "these lists are this computer's."))
            return button
        allowed, why = self.session.may("edit_team_word_lists")
        button.setEnabled(allowed)
        button.setToolTip(plain_tooltip(tr_text(why)) if why is not None else
                          self.tr("Make these lists every seat's on this room; each seat applies them at once."))
        button.clicked.connect(lambda: self.session.tasks.spawn(self._share(), name="share-word-lists",
                                                                key="share-word-lists"))
        return button

    async def _share(self) -> None:
        try:
            shared = await self.session.crew.moderation.publish_word_lists()
        except PlatformError as exc:
            text = self.tr("The lists were not shared: {why}").format(why=tr_text(exc.message))
        else:
            text = self.tr("Every seat on this room now uses these lists.") if shared else \
                self.tr("The lists were not shared: this console is not on a crew's room.")
        if not self._closed:
            self.result.setText(text)

    def _refill(self, select: int = 0) -> None:
        """The groups again, and the words of the one selected (put in the editor once: 50,000 take 0.1 s)."""
        self.groups.blockSignals(True)
        self.groups.clear()
        for g in self.lists.groups:
            self.groups.addItem(self._label(g))
        self.groups.setCurrentRow(min(select, self.groups.count() - 1))
        self.groups.blockSignals(False)
        self._show(self.groups.currentRow())

    def _label(self, g) -> str:
        return f"{g.name} ({len(g.words)}) → {tr_text(g.action.label)}"

    def _relabel(self) -> None:
        """The groups' counts and actions as they are now; the words being edited stay as they are."""
        if self.groups.count() != len(self.lists.groups):   # the team's lists came in meanwhile
            self._refill(self.groups.currentRow())
            return
        for row, g in enumerate(self.lists.groups):
            self.groups.item(row).setText(self._label(g))

    def _group(self):
        row = self.groups.currentRow()
        return self.lists.groups[row] if 0 <= row < len(self.lists.groups) else None

    def _show(self, _row: int) -> None:
        g = self._group()
        if g is None:
            return
        self._loading = True
        self.action.setCurrentIndex(self.action.findData(g.action))
        self.minutes.setValue(g.mute_minutes)
        self.enabled.setChecked(g.enabled)
        self.escalate.setChecked(g.escalate)
        self.words.setPlainText("\n".join(g.words))
        self.error.setText("")
        self.warning.setText("")
        self._loading = False

    def _save(self) -> None:
        """An edit made in place (an action, a group, an import): built and saved in the background
        (after an Apply under way, if there is one)."""
        self.desk.list_edits.changed(done=self._applied)
        self._relabel()

    def _gone(self) -> bool:
        """Closed (or deleted) before the background work it asked for ended: nothing to show."""
        return self._closed or not shiboken6.isValid(self)

    def _set_applying(self, applying: bool) -> None:
        """Apply can't be pressed again while the lists are being applied, and says so."""
        self.apply_words.setEnabled(not applying)
        self.apply_words.setText(self.tr("Applying…") if applying else self.tr("Apply"))

    def _applied(self, outcome: Applied) -> None:
        """The lists are in force (called on the loop when the background work ends)."""
        if self._gone():
            return
        if outcome.problem is not None:
            self.error.setText(tr_text(outcome.problem))
        if self.sample.text():
            self._try(self.sample.text())   # said "applying…" meanwhile

    def _action_changed(self, *_a) -> None:
        g = self._group()
        if g is None or self._loading:
            return
        g.action, g.mute_minutes, g.enabled = self.action.currentData(), self.minutes.value(), self.enabled.isChecked()
        g.escalate = self.escalate.isChecked()
        self._save()

    def _words_changed(self) -> None:
        g = self._group()
        if g is None or not self.apply_words.isEnabled():
            return
        self._set_applying(True)
        self.error.setText("")
        self.desk.list_edits.set_words(g.key, self.words.toPlainText().splitlines(), done=self._words_applied)

    def _words_applied(self, outcome: Applied) -> None:
        if self._gone():
            return
        self._set_applying(False)
        if outcome.refused is not None:
            self.error.setText(tr_text(outcome.refused))   # nothing changed; the entries stay in the editor
        else:
            self._relabel()
            self._warn(outcome.warnings)
        self._applied(outcome)

    def _warn(self, warnings) -> None:
        """Accepted, but worth a second look: entries that match nothing or much of the room."""
        self.warning.setText("\n".join(tr_text(w) for w in warnings))

    def _add_group(self) -> None:
        self.lists.add_group(self.tr("New group"), Action.HOLD)
        self._refill(len(self.lists.groups) - 1)
        self._save()

    def _import(self) -> None:
        dialog = QFileDialog(self, self.tr("Import words"), "", self.tr("Word lists (*.txt *.csv)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)

        dialog.fileSelected.connect(self.import_from)
        dialog.open()

    def import_from(self, path: str) -> None:
        """A chosen file's entries: read, added and applied in the background (50,000 lines)."""
        self.error.setText(self.tr("Importing…"))
        self.desk.list_edits.import_file(Path(path), self._group().name if self._group() else None,
                                         done=self._imported)

    def _imported(self, outcome: Applied) -> None:
        """An import read (in the background) and in force: the imported words in the editor, and how many."""
        if self._gone():
            return
        if outcome.refused is not None:
            self.error.setText(tr_text(outcome.refused))
            return
        self._refill(self.groups.currentRow())
        added = outcome.imported.added if outcome.imported is not None else 0
        self.error.setText(count_text(added, self.tr("{n} entry imported"), self.tr("{n} entries imported")))
        self._warn(outcome.warnings)
        self._applied(outcome)

    def _export(self) -> None:
        dialog = QFileDialog(self, self.tr("Export words"), "wordlists.csv", self.tr("Word lists (*.txt *.csv)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(self.export_to)
        dialog.open()

    def export_to(self, path: str) -> None:
        """The lists written to the chosen file in the background; where, or why not, is said."""
        self.error.setText(self.tr("Exporting…"))
        self.desk.list_edits.export(Path(path), done=lambda problem: self._exported(Path(path), problem))

    def _exported(self, path: Path, problem: Text | None) -> None:
        if self._gone():
            return
        self.error.setText(tr_text(problem) if problem is not None else
                           self.tr("Exported to {file}.").format(file=path.name))

    def _try(self, text: str) -> None:
        from anchor_console.domain.models import Comment
        from anchor_console.moderation.pipeline import ModerationPipeline

        if not text:
            self.result.setText("")
            return
        if self.desk.list_edits.busy:   # tried again once they are in use
            self.result.setText(self.tr("Applying the lists…"))
            return
        # Its own flood state: a test changes nothing. The lists as the desk compiled them: never
        # compiled on a keystroke (50,000 imported words: 0.3 s).
        probe = ModerationPipeline(self.lists, self.desk.clock, compiled_lists=self.desk.pipeline.compiled)
        v = probe.classify(Comment("test", "", "test-user", "", text, 0.0))
        if not v.matches:
            self.result.setText(self.tr("No rule fires: shown.") + (self.tr(" (a question)") if v.question else ""))
            return
        lines = [self.tr("Would {action}: {why}").format(action=tr_text(v.action.label), why=tr_text(v.reason))]
        for m in v.matches:
            lines.append(f"· {tr_text(m.name)} → {tr_text(m.action.label)} ({m.detail})")
        self.result.setText("\n".join(lines))
