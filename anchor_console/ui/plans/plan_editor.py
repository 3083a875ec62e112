"""The plan editor (直播预告): a new plan, or a change to one not started yet — the connection to
plan it on, title, cover image, start and end, anchor (and, for WeChat, the anchor's WeChat ID),
description, the products to list before going live and the run-of-show file.

The plan is checked against the connection's rules as it is typed (`LivePlans.validate`): what is
wrong is listed under the form and OK waits until nothing is. Saving runs as a tracked task; a
refusal (`PlanRejected`) is shown in the dialog, with everything typed still there."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import uuid
from pathlib import Path

from PySide6.QtCore import QDateTime, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QComboBox, QDateTimeEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)
from shiboken6 import isValid

from anchor_console.domain.models import RoomPlan
from anchor_console.domain.plan_rules import ANCHOR_MAX, TITLE_MAX
from anchor_console.domain.text import Text
from anchor_console.platforms.errors import PlatformError
from anchor_console.platforms.wechat_live_rules import IMAGE_MAX
from anchor_console.session.live_plans import (
    LivePlan, LivePlans, PlanRejected, read_show_file,
)
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import (
    ElidedLabel, Throttle, dialog_buttons, fit_to_screen, plain_label, plain_tooltip,
)
from anchor_console.ui.plans.poster_dialog import fetch_image

log = logging.getLogger("anchor_console.ui.plans")

THUMB = QSize(128, 96)
PENDING_COVER = "cover-file"      # stands for the chosen file while checking (it is uploaded on OK)
LEAD_S, ROUND_S, LENGTH_S = 15 * 60, 30 * 60, 2 * 3600


def default_times(now: float) -> tuple[float, float]:
    """The next round half hour at least 15 minutes ahead, and two hours after it."""
    start = math.ceil((now + LEAD_S) / ROUND_S) * ROUND_S
    return start, start + LENGTH_S


def thumbnail(image: QImage, size: QSize = THUMB) -> QPixmap:
    return QPixmap.fromImage(image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.SmoothTransformation))


def cover_thumbnail(path: str, size: QSize = THUMB) -> QImage:
    """The image file at `path` decoded at the preview's size (a null image if it is not one); may
    run in any thread (a QImage, not a QPixmap)."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    full = reader.size()
    if full.isValid():
        reader.setScaledSize(full.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


def file_size(path: str) -> int:
    """The file's size in bytes, 0 if it cannot be told; may run in any thread (a network disk)."""
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


class FileRow(QWidget):
    """A chosen file's name (elided; the whole path in its tooltip), Choose… and Clear."""

    def __init__(self, parent: QWidget, caption: str, name_filter: str, on_change) -> None:
        super().__init__(parent)
        self.path = ""
        self.caption, self.name_filter, self.on_change = caption, name_filter, on_change
        self.name = ElidedLabel("", self)
        self.choose = QPushButton(self.tr("Choose…"), self)
        self.clear = QPushButton(self.tr("Clear"), self)
        self.choose.clicked.connect(self.open_chooser)
        self.clear.clicked.connect(lambda: self.set_path(""))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.name, 1)
        row.addWidget(self.choose)
        row.addWidget(self.clear)
        self.empty_text = self.tr("none")
        self.name.setText(self.empty_text)
        self.clear.setEnabled(False)

    def open_chooser(self) -> QFileDialog:
        start = str(Path(self.path).parent) if self.path else str(Path.home())
        dialog = QFileDialog(self, self.caption, start, self.name_filter)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.set_path)
        dialog.open()
        return dialog

    def set_empty_text(self, text: str) -> None:
        """What the row says while no file is chosen."""
        self.empty_text = text
        if not self.path:
            self.name.setText(text)

    def set_path(self, path: str) -> None:
        self.path = path
        self.name.setText(Path(path).name if path else self.empty_text)
        self.name.setToolTip(plain_tooltip(path))
        self.clear.setEnabled(bool(path))
        self.on_change()


class PlanEditor(QDialog):
    """New plan (`live_plan` None) or a change to `live_plan`."""

    def __init__(self, parent: QWidget, session, live_plan: LivePlan | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.plans: LivePlans = session.live_plans
        self.live_plan = live_plan
        self.saved: LivePlan | None = None
        self._key = f"plan:{uuid.uuid4().hex}"      # a retry of the same new plan never plans two
        self._task_key = f"plan-editor:{id(self)}"
        self._show_checked: tuple[str, list[Text]] = ("", [])   # (file, why it cannot be used) once read
        self._show_reading = False   # the chosen run-of-show file is being read
        self._saving = False
        self._missing: list[str] = []
        self._cover_unreadable = False
        self._cover_bytes = 0
        self._cover_read: tuple[str, QImage, int] = ("", QImage(), 0)   # (file, its preview, its bytes) once read
        self.setObjectName("plan-editor")
        self.setWindowTitle(self.tr("New live plan") if live_plan is None else self.tr("Edit live plan"))
        self._last_start: QDateTime | None = None
        self._check_soon = Throttle(150, self.check, self)
        self._build()
        self._fill(live_plan)
        for signal in (self.title.textChanged, self.anchor.textChanged, self.anchor_account.textChanged,
                       self.description.textChanged, self.starts.dateTimeChanged, self.ends.dateTimeChanged,
                       self.products.itemChanged, self.connection.currentIndexChanged):
            signal.connect(self._check_soon.poke)
        self.connection.currentIndexChanged.connect(self._connection_changed)
        self._connection_changed()
        self._unhear_catalog = session.catalog.changed.connect(self._catalog_changed)
        self.check()
        fit_to_screen(self, 980, 640, near=parent)

    # ------------------------------------------------------------------ the form

    def _build(self) -> None:
        self.connection = QComboBox(self)
        self.title = QLineEdit(self)
        self.title.setMaxLength(TITLE_MAX + 20)
        self.title.setPlaceholderText(self.tr("What the show is, e.g. 春季上新专场"))
        self.cover_preview = QLabel(self)
        self.cover_preview.setFixedSize(THUMB)
        self.cover_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cover_preview.setStyleSheet("QLabel { border: 1px solid palette(mid); background: palette(base); }")
        self.cover = FileRow(self, self.tr("Choose a cover image"), self.tr("Images (*.png *.jpg *.jpeg)"),
                             self._cover_changed)
        self.cover_note = plain_label("", self, wrap=True)
        self.cover_note.setStyleSheet("color: palette(placeholder-text);")
        cover_box = QHBoxLayout()
        cover_box.addWidget(self.cover_preview, 0, Qt.AlignmentFlag.AlignTop)
        cover_side = QVBoxLayout()
        cover_side.addWidget(self.cover)
        cover_side.addWidget(self.cover_note)
        cover_side.setAlignment(Qt.AlignmentFlag.AlignTop)
        cover_box.addLayout(cover_side, 1)
        self.starts, self.ends = self._time_edit(), self._time_edit()
        self.starts.dateTimeChanged.connect(self._start_moved)
        self.anchor = QLineEdit(self)
        self.anchor.setMaxLength(ANCHOR_MAX + 10)
        self.anchor_account = QLineEdit(self)
        self.anchor_account.setPlaceholderText(self.tr("real-name verified WeChat ID"))
        self.description = QPlainTextEdit(self)
        self.description.setPlaceholderText(self.tr("What viewers get, for the share page"))
        self.description.setMinimumHeight(self.description.fontMetrics().lineSpacing() * 3 + 12)
        self.show_file = FileRow(self, self.tr("Choose a run-of-show file"), self.tr("Shows (*.show.toml *.toml)"),
                                 self._show_changed)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(self.tr("Connection"), self.connection)
        self.form.addRow(self.tr("Title"), self.title)
        self.form.addRow(self.tr("Cover"), cover_box)
        self.form.addRow(self.tr("Starts"), self.starts)
        self.form.addRow(self.tr("Ends"), self.ends)
        self.form.addRow(self.tr("Anchor"), self.anchor)
        self.form.addRow(self.tr("Anchor's WeChat ID"), self.anchor_account)
        self.form.addRow(self.tr("Description"), self.description)
        self.form.addRow(self.tr("Run of show"), self.show_file)

        self.products = QListWidget(self)
        self.products.setObjectName("plan-products")
        self.product_filter = QLineEdit(self)
        self.product_filter.setPlaceholderText(self.tr("Filter products"))
        self.product_filter.setClearButtonEnabled(True)
        self.product_filter.textChanged.connect(self._filter_products)
        self.products_caption = plain_label("", self, wrap=True)
        self.products.itemChanged.connect(self._count_products)
        side = QVBoxLayout()
        side.addWidget(self.products_caption)
        side.addWidget(self.product_filter)
        side.addWidget(self.products, 1)

        self.problems = plain_label("", self, wrap=True)
        self.problems.setObjectName("plan-problems")
        self.problems.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.buttons = dialog_buttons(self, self.save, save=self.live_plan is not None)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Save if self.live_plan is not None
                                      else QDialogButtonBox.StandardButton.Ok)
        if self.live_plan is None:
            self.ok.setText(self.tr("Create plan"))
        columns = QHBoxLayout()
        columns.addLayout(self.form, 3)
        columns.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

    def _time_edit(self) -> QDateTimeEdit:
        edit = QDateTimeEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd  HH:mm")
        return edit

    def _fill(self, live_plan: LivePlan | None) -> None:
        if live_plan is None:
            for platform in self.plans.platforms():
                self.connection.addItem(platform.display_name, platform.connection_id)
            start, end = default_times(self.session.clock.now())
            self.starts.setDateTime(QDateTime.fromSecsSinceEpoch(int(start)))
            self.ends.setDateTime(QDateTime.fromSecsSinceEpoch(int(end)))
            chosen: tuple[str, ...] = ()
        else:
            plan = live_plan.plan
            self.connection.addItem(live_plan.platform_name, live_plan.connection_id)
            self.connection.setEnabled(False)    # a plan stays on its platform
            self.title.setText(plan.title)
            self.starts.setDateTime(QDateTime.fromSecsSinceEpoch(int(plan.starts_at)))
            self.ends.setDateTime(QDateTime.fromSecsSinceEpoch(int(plan.ends_at)))
            self.anchor.setText(plan.anchor_name)
            self.anchor_account.setText(plan.anchor_account)
            self.description.setPlainText(plan.description)
            chosen = live_plan.extras.product_ids
            if live_plan.cover_url and not self.wechat():     # (WeChat's must be chosen again)
                self.cover.set_empty_text(self.tr("the current cover"))
            if live_plan.extras.show_file:
                self.show_file.set_path(live_plan.extras.show_file)
        self._fill_products(chosen)
        self._cover_changed()

    def _fill_products(self, chosen: tuple[str, ...]) -> None:
        catalog = self.session.catalog.products
        self.products.clear()
        for product in catalog.values():
            item = QListWidgetItem(f"{product.name}  #{product.id}")
            item.setData(Qt.ItemDataRole.UserRole, product.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if product.id in chosen else Qt.CheckState.Unchecked)
            self.products.addItem(item)
        self._missing = [pid for pid in chosen if pid not in catalog]   # kept as they were (validate names them)
        self._filter_products(self.product_filter.text())
        self._count_products()

    def _catalog_changed(self) -> None:
        """The catalog loaded (or changed) while the dialog is open: the list follows, the choice kept."""
        chosen = self.product_ids()
        self.products.blockSignals(True)
        try:
            self._fill_products(chosen)
        finally:
            self.products.blockSignals(False)
        self._check_soon.poke()

    def _count_products(self, *_args) -> None:
        if not self.products.count():
            self.products_caption.setText(self.tr("Products to list before going live: the catalog has not "
                                                  "loaded (yet)."))
        else:
            self.products_caption.setText(self.tr("Products to list before going live ({n} chosen)").format(
                n=len(self.product_ids())))

    def _filter_products(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.products.count()):
            item = self.products.item(i)
            item.setHidden(bool(needle) and needle not in item.text().lower())

    # ------------------------------------------------------------------ reactions

    def wechat(self) -> bool:
        platform = self.plans.platform(self.connection.currentData() or "")
        return platform is not None and self.plans.is_wechat(platform)

    def _connection_changed(self, *_args) -> None:
        self.form.setRowVisible(self.anchor_account, self.wechat())
        self._cover_changed()

    def _start_moved(self, new: QDateTime) -> None:
        """The end keeps the length the live had (a start moved past the end does not break it)."""
        previous = self._last_start
        if previous is not None and self.ends.dateTime() > previous:
            self.ends.setDateTime(self.ends.dateTime().addSecs(previous.secsTo(new)))
        self._last_start = new

    def _cover_changed(self) -> None:
        path = self.cover.path
        if path and self._cover_read[0] != path:
            # decoded (scaled) off the ui thread, once a file: a 24-megapixel photo takes a while
            self.cover_preview.setPixmap(QPixmap())
            self.cover_preview.setText(self.tr("reading…"))
            self.session.tasks.spawn(self._read_cover(path), name="plan-cover-file", key=f"{self._task_key}:cover-file")
        elif path:
            image = self._cover_read[1]
            self.cover_preview.setText(self.tr("unreadable") if image.isNull() else "")
            self.cover_preview.setPixmap(QPixmap() if image.isNull() else QPixmap.fromImage(image))
        else:
            self.cover_preview.setPixmap(QPixmap())
            self.cover_preview.setText(self.tr("no cover"))
        if self.live_plan is not None and not path and self.live_plan.cover_url and not self.wechat():
            note = self.tr("The current cover is kept unless you choose another.")
        elif self.wechat():
            note = self.tr("Required on WeChat (also when a plan is changed): PNG or JPEG, at most {n} MB.").format(
                n=IMAGE_MAX // (1024 * 1024))
        else:
            note = self.tr("Shown on the share page and the poster (optional).")
        self.cover_note.setText(note)
        self._cover_unreadable = bool(path) and self._cover_read[0] == path and self._cover_read[1].isNull()
        self._cover_bytes = self._cover_read[2] if path and self._cover_read[0] == path else 0
        if not path and self.live_plan is not None and self.live_plan.cover_url:
            self.session.tasks.spawn(self._show_current_cover(), name="plan-cover", key=f"{self._task_key}:cover")
        self._check_soon.poke()

    async def _read_cover(self, path: str) -> None:
        image, size = await asyncio.to_thread(lambda: (cover_thumbnail(path), file_size(path)))
        if isValid(self) and self.cover.path == path:
            self._cover_read = (path, image, size)
            self._cover_changed()

    async def _show_current_cover(self) -> None:
        """The plan's cover as the platform has it, in the preview (until another file is chosen)."""
        image = await fetch_image(self.session, self.live_plan.cover_url)
        if image is not None and not self.cover.path:
            self.cover_preview.setPixmap(thumbnail(image))

    def _show_changed(self) -> None:
        """The run-of-show file chosen: read and checked off the ui thread (a show on a network disk
        froze the dialog); the row says so meanwhile, and OK waits for it."""
        path = self.show_file.path
        self._show_checked = (path, [])
        self._show_reading = bool(path)
        if path:
            self.show_file.name.setText(self.tr("{file} (reading…)").format(file=Path(path).name))
            self.session.tasks.spawn(self._read_show_file(path), name="plan-show-file",
                                     key=f"{self._task_key}:show-file")
        self._check_soon.poke()

    async def _read_show_file(self, path: str) -> None:
        problems: list[Text] = []
        try:
            _show, problems = await asyncio.to_thread(read_show_file, path)
        finally:   # (a reader's bug is said by the task; the form is given back all the same)
            if isValid(self) and self.show_file.path == path and not asyncio.current_task().cancelling():
                self._show_checked, self._show_reading = (path, problems), False
                self.show_file.name.setText(Path(path).name)
                self.check()

    # ------------------------------------------------------------------ checking and saving

    def product_ids(self) -> tuple[str, ...]:
        ids = [self.products.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.products.count())
               if self.products.item(i).checkState() == Qt.CheckState.Checked]
        return tuple(ids + self._missing)

    def plan(self) -> RoomPlan:
        """The plan as typed (the cover as the platform has it now; a chosen file is uploaded on OK)."""
        fields = dict(title=self.title.text().strip(), starts_at=float(self.starts.dateTime().toSecsSinceEpoch()),
                      ends_at=float(self.ends.dateTime().toSecsSinceEpoch()), anchor_name=self.anchor.text().strip(),
                      anchor_account=self.anchor_account.text().strip() if self.wechat() else "",
                      description=self.description.toPlainText().strip())
        if self.live_plan is not None:
            return dataclasses.replace(self.live_plan.plan, **fields)
        return RoomPlan(cover_image="", share_image="", **fields)

    def problem_list(self) -> list[Text]:
        plan = self.plan()
        if self.cover.path:
            plan = dataclasses.replace(plan, cover_image=PENDING_COVER)
        elif self.live_plan is not None and self.wechat():
            plan = dataclasses.replace(plan, cover_image="")     # WeChat's media ids last three days: a new one
        connection = self.connection.currentData() or ""
        problems = self.plans.validate(plan, connection, product_ids=self.product_ids())
        if self._show_checked[0] != self.show_file.path:
            self._show_changed()
        return problems + list(self._show_checked[1])

    def check(self) -> bool:
        """Show what is wrong; True if nothing is (and the run-of-show file is read: OK waits for it)."""
        problems = [tr_text(p) for p in self.problem_list()]
        if self._cover_unreadable:
            problems.append(self.tr("The cover image cannot be read."))
        elif self.wechat() and self._cover_bytes > IMAGE_MAX:
            problems.append(self.tr("WeChat takes a cover of at most {limit} MB; this one has {size:.1f} MB.").format(
                limit=IMAGE_MAX // (1024 * 1024), size=self._cover_bytes / (1024 * 1024)))
        if self.connection.count() == 0:
            problems.insert(0, self.tr("No connection of this room can plan lives."))
        # A new plan is not told off for the title it has not been given yet: Create waits for it.
        untouched = self.live_plan is None and not self.title.text() and not self.title.isModified()
        self.show_problems([] if untouched and len(problems) == 1 else problems)
        self.ok.setEnabled(not problems and not self._saving and not self._show_reading)
        return not problems and not self._show_reading

    def show_problems(self, problems: list[str], head: str = "") -> None:
        self.problems.setText("\n".join(([head] if head else []) + [f"• {p}" for p in problems]))
        self.problems.setStyleSheet("QLabel { color: #b3261e; }")
        self.problems.setVisible(bool(problems))

    def save(self):
        """OK: create or change the plan (a task; returned, for tests)."""
        self._check_soon.stop()      # checked now; a check still due would hide a refusal
        if not self.check():
            return None
        self._saving = True
        self.ok.setEnabled(False)
        self.problems.setStyleSheet("QLabel { color: palette(text); }")
        self.problems.setText(self.tr("Uploading the cover and saving the plan…") if self.cover.path
                              else self.tr("Saving the plan…"))
        self.problems.setVisible(True)
        return self.session.tasks.spawn(self._save(), name=f"plan-save:{id(self)}", key=self._task_key)

    async def _save(self) -> None:
        plans, cover = self.plans, self.cover.path or None
        try:
            if self.live_plan is None:
                self.saved = await plans.create(self.connection.currentData(), self.plan(), cover_file=cover,
                                                product_ids=self.product_ids(), show_file=self.show_file.path,
                                                key=self._key)
            else:
                self.saved = await plans.edit(self.live_plan, self.plan(), cover_file=cover,
                                              product_ids=self.product_ids(), show_file=self.show_file.path)
        except PlanRejected as exc:
            self._refused([tr_text(p) for p in exc.problems])
            return
        except PlatformError as exc:
            self._refused([tr_text(exc.message)])
            return
        except Exception as exc:   # a bug must give the form back, not leave it saving for ever
            log.exception("saving a live plan failed")
            self._refused([self.tr("Something went wrong ({error}); the live may have been planned: check the "
                                   "list before saving again.").format(error=type(exc).__name__)])
            return
        self.accept()

    def _refused(self, problems: list[str]) -> None:
        self._saving = False
        self.show_problems(problems, self.tr("The plan was not saved:"))
        self.ok.setEnabled(True)

    def done(self, result: int) -> None:
        self.session.tasks.cancel(self._task_key)
        self.session.tasks.cancel(f"{self._task_key}:cover")
        self.session.tasks.cancel(f"{self._task_key}:cover-file")
        self.session.tasks.cancel(f"{self._task_key}:show-file")
        self._unhear_catalog()
        super().done(result)
