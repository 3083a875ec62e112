"""Room → Products across platforms: which product, SKU and coupon on each other platform of the room
is the catalog's one — how each was linked (merchant code, same id and name, or by hand), what has
no match, and the operator's own links (saved per connection; an action on an unlinked product is not
sent to that platform)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QTabWidget,
    QVBoxLayout, QWidget,
)

from anchor_console.domain.models import CouponTemplate, Product
from anchor_console.room.platform_ids import Edits, Link, PlatformIds, Via, link_products
from anchor_console.ui.common.widgets import dialog_buttons, fit_to_screen, plain_label, plain_tooltip, row_table

NONE = ""   # the combo's "no match" entry: a link deliberately left empty


class LinkTable(QTableWidget):
    """Ours on the left, a choice of theirs on the right; remembers what the operator changed."""

    def __init__(self, parent: QWidget, headers: list[str]) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        row_table(self, stretch=(0, 2), fit=())
        self.changed: dict[str, str] = {}      # our id → their id chosen here ("" = none)

    def fill(self, rows: list[tuple[str, str, str]], choices: list[tuple[str, str]],
             links: dict[str, Link]) -> None:
        """`rows`: (our id, our name, our code); `choices`: (their id, their name)."""
        self.setRowCount(len(rows))
        for r, (ours, name, code) in enumerate(rows):
            item = QTableWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, ours)
            item.setToolTip(plain_tooltip(f"#{ours}"))
            self.setItem(r, 0, item)
            self.setItem(r, 1, QTableWidgetItem(code))
            combo = QComboBox(self)
            combo.addItem(self.tr("— no match —"), NONE)
            for their_id, their_name in choices:
                combo.addItem(f"{their_name}  (#{their_id})", their_id)
            link = links.get(ours)
            chosen = self.changed.get(ours, link.theirs if link else NONE)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.currentIndexChanged.connect(lambda _i, o=ours, c=combo: self._chose(o, c))
            self.setCellWidget(r, 2, combo)
            via = QTableWidgetItem(self.via_text(link) if ours not in self.changed else self.tr("changed, not saved"))
            if link is None and ours not in self.changed:
                via.setForeground(Qt.GlobalColor.darkRed)
            self.setItem(r, 3, via)
        self.resizeColumnToContents(1)
        self.resizeColumnToContents(3)

    def via_text(self, link: Link | None) -> str:
        if link is None:
            return self.tr("no match")
        return {Via.CODE: self.tr("merchant code"), Via.EDITED: self.tr("linked by you"),
                Via.SAME: self.tr("same id and name"), Via.NAME: self.tr("same name")}[link.via]

    def _chose(self, ours: str, combo: QComboBox) -> None:
        self.changed[ours] = combo.currentData()
        row = next(r for r in range(self.rowCount()) if self.item(r, 0).data(Qt.ItemDataRole.UserRole) == ours)
        self.item(row, 3).setText(self.tr("changed, not saved"))

    def choice(self, ours: str) -> str | None:
        return self.changed.get(ours)


class ConnectionLinks(QWidget):
    """The links to one other platform: products, the selected product's SKUs, coupon templates."""

    def __init__(self, parent: QWidget, ids: PlatformIds, ours: list[Product], theirs: list[Product],
                 our_templates: list[CouponTemplate], their_templates: list[CouponTemplate],
                 unsaved: Edits = Edits()) -> None:
        super().__init__(parent)
        self.ids, self.ours, self.theirs = ids, ours, {p.id: p for p in theirs}
        self.products = LinkTable(self, [self.tr("Product (catalog)"), self.tr("Code"),
                                         self.tr("On {platform}").format(platform=ids.platform_name),
                                         self.tr("Linked by")])
        self.skus = LinkTable(self, [self.tr("SKU"), self.tr("Code"), self.tr("Their SKU"), self.tr("Linked by")])
        self.templates = LinkTable(self, [self.tr("Coupon"), "", self.tr("Their coupon"), self.tr("Linked by")])
        self.unlinked = plain_label("", self, wrap=True)   # their products' names
        self.products.changed, self.skus.changed = dict(unsaved.products), dict(unsaved.skus)
        self.templates.changed = dict(unsaved.templates)
        self.products.fill([(p.id, p.name, p.code) for p in ours], [(p.id, p.name) for p in theirs], ids.products)
        self.templates.fill([(t.id, t.name, "") for t in our_templates], [(t.id, t.name) for t in their_templates],
                            ids.templates)
        self.templates.setColumnHidden(1, True)
        self.products.itemSelectionChanged.connect(self._show_skus)
        tabs = QTabWidget(self)
        tabs.addTab(self.products, self.tr("Products"))
        tabs.addTab(self.templates, self.tr("Coupons"))
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 3)
        layout.addWidget(QLabel(self.tr("SKUs of the selected product"), self))
        layout.addWidget(self.skus, 2)
        layout.addWidget(self.unlinked)
        self._say_unlinked()
        if ours:
            self.products.selectRow(0)

    def _their_product(self, ours: str) -> Product | None:
        chosen = self.products.choice(ours)
        their_id = chosen if chosen is not None else self.ids.product(ours)
        return self.theirs.get(their_id) if their_id else None

    def _show_skus(self) -> None:
        rows = self.products.selectionModel().selectedRows()
        product = self.ours[rows[0].row()] if rows else None
        theirs = self._their_product(product.id) if product else None
        links = self.ids.skus
        if product is not None and theirs is not None and self.products.choice(product.id) is not None:
            # A product linked here, not saved yet: show the SKU links saving it would make.
            links = link_products("", "", [product], [theirs], Edits(products={product.id: theirs.id})).skus
        self.skus.fill([(s.id, s.name, s.code) for s in product.skus] if product else [],
                       [(s.id, s.name) for s in theirs.skus] if theirs else [], links)

    def _say_unlinked(self) -> None:
        names = [self.theirs[t].name for t in self.ids.unlinked_theirs if t in self.theirs]
        text = self.tr("Every product of the catalog has a match.") if not self.ids.unlinked_ours else self.tr(
            "{n} catalog product(s) have no match here: actions on them are not sent to this platform.").format(
            n=len(self.ids.unlinked_ours))
        if names:
            text += " " + self.tr("Not linked to anything of the catalog: {names}").format(names="、".join(names[:10]))
        self.unlinked.setText(text)

    def unsaved(self) -> Edits:
        return Edits(dict(self.products.changed), dict(self.skus.changed), dict(self.templates.changed))

    def edits(self, before: Edits) -> Edits:
        return Edits({**before.products, **self.products.changed}, {**before.skus, **self.skus.changed},
                     {**before.templates, **self.templates.changed})


class PlatformLinksDialog(QDialog):
    """Opened from the Room menu, not modal (the room keeps running beside it)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.session = window.session
        self.setWindowTitle(self.tr("Products across platforms"))
        self.setObjectName("platform-links")
        self._saving = False
        self.intro = plain_label("", self, wrap=True)   # the platforms' names
        self.pages = QTabWidget(self)
        self.refresh_button = QPushButton(self.tr("Refresh from the platforms"), self)
        self.refresh_button.clicked.connect(self._refresh)
        buttons = dialog_buttons(self, self._save, save=True)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.pages, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 900, 640)
        self.session.platform_links.changed.connect(self._fill)
        self._fill()

    def done(self, result: int) -> None:
        self.session.platform_links.changed.disconnect(self._fill)
        super().done(result)

    def _fill(self) -> None:
        if self._saving:
            return
        room = self.session.room
        unsaved = {page.property("connection_id"): page.unsaved() for page in self._pages()}
        self.pages.clear()
        if room is None or len(room.bindings) < 2:
            self.intro.setText(self.tr("The room is on one platform: there is nothing to link."))
            return
        self.intro.setText(self.tr("The catalog is {primary}'s. Products and coupons of the other platforms are "
                                   "linked to it by merchant code (商家编码), by the same id and name, or by you. An "
                                   "action on something without a match is not sent to that platform.").format(
            primary=room.primary.platform.display_name))
        catalog = self.session.catalog
        ours, our_templates = list(catalog.products.values()), list(catalog.templates.values())
        for b in room.bindings[1:]:
            ids = room.platform_ids.get(b.connection_id)
            theirs, their_templates = self.session.platform_links.theirs.get(b.connection_id, ([], []))
            if ids is None:
                page: QWidget = QLabel(self.tr("The products of this platform have not been read (yet)."), self)
            else:
                page = ConnectionLinks(self, ids, ours, theirs, our_templates, their_templates,
                                       unsaved.get(b.connection_id, Edits()))
            page.setProperty("connection_id", b.connection_id)
            self.pages.addTab(page, b.platform.display_name)

    def _refresh(self) -> None:
        room, catalog = self.session.room, self.session.catalog
        if room is not None:
            self.session.tasks.spawn(self.session.platform_links.refresh(
                room, list(catalog.products.values()), list(catalog.templates.values())),
                name="platform-links", key="platform-links")

    def _save(self) -> None:
        room, catalog, links = self.session.room, self.session.catalog, self.session.platform_links
        if room is None:
            self.accept()
            return
        self._saving = True   # each save relinks: the pages stay as they are until the dialog closes
        for page in self._pages():
            connection_id = page.property("connection_id")
            links.save(room, connection_id, page.edits(links.file.get(connection_id)),
                       list(catalog.products.values()), list(catalog.templates.values()))
        self.accept()

    def _pages(self) -> list[ConnectionLinks]:
        return [w for w in (self.pages.widget(i) for i in range(self.pages.count())) if isinstance(w, ConnectionLinks)]
