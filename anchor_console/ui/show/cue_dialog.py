"""The cue editor: what the cue does (讲解, on/off sale, coupon, flash sale, room mute, chat modes (slow,
followers-only, shield) and announcements, a message to the anchor, a lucky bag, a red packet — the last two with the giveaways dock's own forms), when (at the segment's start, N after it, at its end or N before it) and how (auto,
confirm, manual)."""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLineEdit, QStackedWidget, QVBoxLayout,
    QWidget,
)

from anchor_console.domain.money import format_money
from anchor_console.domain.text import Text
from anchor_console.show import (
    AnchorMessage, CueMode, IssueCoupon, SetOnSale, SetRoomMute, StageProduct, StartFlashSale, Trigger,
    TriggerKind,
)
from anchor_console.domain.models import (
    ANNOUNCEMENT_COLORS, Sku,
)
from anchor_console.room.commands import follow_duration
from anchor_console.show.chat_cues import AnnounceToRoom, SetFollowersOnly, SetShieldMode, SetSlowMode
from anchor_console.show.limits import MAX_COUNT, MAX_PRICE_FEN, MAX_SEGMENT_S, MAX_VALID_MINUTES
from anchor_console.show.model import SendRedPacket, StartLuckyBag
from anchor_console.ui.comments.chat_modes import COLOR_NAMES, FOLLOW_CHOICES, OFF, SLOW_CHOICES
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import dialog_buttons, plain_label, spin_box
from anchor_console.ui.giveaways.forms import LuckyBagForm, RedPacketForm

ACTIONS = ["stage", "on_sale", "off_sale", "coupon", "flash_sale", "mute", "unmute", "message", "lucky_bag",
           "red_packet", "slow_mode", "followers_only", "shield_on", "shield_off", "announce"]


class CueDialog(QDialog):
    accepted_cue = Signal(object, object, object, str)   # action, trigger, mode, note

    def __init__(self, parent, catalog, segment, cue=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cue") if cue is None else self.tr("Edit cue"))
        self.setObjectName("cue-dialog")
        self.catalog = catalog
        self.segment = segment

        self.kind = QComboBox(self)
        for key, label in zip(ACTIONS, (self.tr("Put a product on stage (讲解)"), self.tr("Put a product on sale"),
                                        self.tr("Take a product off sale"), self.tr("Issue a coupon"),
                                        self.tr("Start a flash sale"), self.tr("Mute the whole room"),
                                        self.tr("Unmute the room"), self.tr("Message to the anchor"),
                                        self.tr("Start a lucky bag (福袋)"), self.tr("Send a red packet (红包)"),
                                        self.tr("Slow mode"), self.tr("Followers-only chat"),
                                        self.tr("Shield mode on"), self.tr("Shield mode off"),
                                        self.tr("Announce to the room"))):
            self.kind.addItem(label, key)
        self.when = QComboBox(self)
        for kind, label in ((TriggerKind.START, self.tr("at the segment's start")),
                            (TriggerKind.OFFSET, self.tr("after the start by")),
                            (TriggerKind.END, self.tr("before the segment's end by"))):
            self.when.addItem(label, kind)
        self.when_min = spin_box(self, 0, MAX_SEGMENT_S // 60, 0, self.tr(" min"))
        self.when_sec = spin_box(self, 0, 59, 0, self.tr(" s"))
        self.mode = QComboBox(self)
        for m, label in ((CueMode.CONFIRM, self.tr("Confirm: the assistant presses GO")),
                         (CueMode.AUTO, self.tr("Auto: fires by itself")),
                         (CueMode.MANUAL, self.tr("Manual: listed, fired by hand"))):
            self.mode.addItem(label, m)

        self._build_pages(catalog)
        self.kind.currentIndexChanged.connect(lambda _i: self._show_chat_rows())
        self.kind.currentIndexChanged.connect(
            lambda _i: self.pages.setCurrentIndex(self._page_of[self.kind.currentData()]))
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("Note for the assistant (optional)"))
        self.problem = plain_label("", self, wrap=True)
        self.problem.setStyleSheet("color: #c62828;")

        self._fill_products()
        form = QFormLayout()
        form.addRow(self.tr("Action"), self.kind)
        when_row = QHBoxLayout()
        when_row.addWidget(self.when, 1)
        when_row.addWidget(self.when_min)
        when_row.addWidget(self.when_sec)
        form.addRow(self.tr("When"), when_row)
        form.addRow(self.tr("Mode"), self.mode)
        buttons = dialog_buttons(self, self._accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.pages)
        note_row = QFormLayout()   # labelled: once filled in, the placeholder no longer says what it is
        note_row.addRow(self.tr("Note"), self.note)
        layout.addLayout(note_row)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._loaded: tuple[Any, Any] | None = None   # (the cue's action, as the fields read it back)
        if cue is not None:
            self._load(cue)
            self._loaded = (cue.action, self.action())
        self.pages.setCurrentIndex(self._page_of[self.kind.currentData()])
        self._show_chat_rows()

    def _build_pages(self, catalog) -> None:
        """One page of settings per kind of action (several kinds share one)."""
        self.pages = QStackedWidget(self)
        # product page (stage / sale)
        product_page = QWidget(self.pages)
        self.product = QComboBox(product_page)
        QFormLayout(product_page).addRow(self.tr("Product"), self.product)
        coupon_page = self._coupon_page()
        flash_page = self._flash_page()
        # nothing page (mute / unmute)
        none_page = QWidget(self.pages)
        QVBoxLayout(none_page).addWidget(plain_label(self.tr("No settings."), none_page))
        # message page
        message_page = QWidget(self.pages)
        self.message = QLineEdit(message_page)
        self.message.setPlaceholderText(self.tr("e.g. 现在讲满199减30,提醒大家领券"))
        QFormLayout(message_page).addRow(self.tr("Message"), self.message)
        self.lucky_bag = LuckyBagForm(self.pages)
        self.lucky_bag.hold_any_keyword()
        self.lucky_bag.set_products([(p.id, p.name) for p in sorted(catalog.products.values(), key=lambda p: p.id)])
        self.red_packet = RedPacketForm(self.pages)
        self.red_packet.hold_show_file_range()
        for page in (product_page, coupon_page, flash_page, none_page, message_page, self.lucky_bag, self.red_packet,
                     self._chat_page()):
            self.pages.addWidget(page)
        self._page_of = {"stage": 0, "on_sale": 0, "off_sale": 0, "coupon": 1, "flash_sale": 2, "mute": 3,
                         "unmute": 3, "message": 4, "lucky_bag": 5, "red_packet": 6, "slow_mode": 7,
                         "followers_only": 7, "shield_on": 3, "shield_off": 3, "announce": 7}

    def _follow_label(self, minutes: int) -> str:
        """A followers-only choice in the words the header and the journal use (follow_duration)."""
        if minutes == OFF:
            return self.tr("off")
        return self.tr("any follower") if minutes == 0 else tr_text(follow_duration(minutes))

    def _chat_page(self) -> QWidget:
        """Slow mode's wait, followers-only's time followed, an announcement's text and colour (the
        rows of the chosen kind are shown)."""
        page = QWidget(self.pages)
        self.slow = QComboBox(page)
        for seconds in SLOW_CHOICES:
            self.slow.addItem(self.tr("off") if seconds == 0 else self.tr("{n} s").format(n=seconds), seconds)
        self.slow.setCurrentIndex(self.slow.findData(10))
        self.followers = QComboBox(page)
        for minutes in FOLLOW_CHOICES:
            self.followers.addItem(self._follow_label(minutes), minutes)
        self.followers.setCurrentIndex(self.followers.findData(0))
        self.announcement = QLineEdit(page)   # as long as the show file has it: refused on OK when too long
        self.announcement.setPlaceholderText(self.tr("e.g. 今晚8点抽奖,关注主播不迷路"))
        self.announce_color = QComboBox(page)
        for color in ANNOUNCEMENT_COLORS:
            self.announce_color.addItem(tr_text(COLOR_NAMES[color]), color)
        self.chat_form = QFormLayout(page)
        self.chat_form.addRow(self.tr("Wait between comments"), self.slow)
        self.chat_form.addRow(self.tr("Followed for at least"), self.followers)
        self.chat_form.addRow(self.tr("Announcement"), self.announcement)
        self.chat_form.addRow(self.tr("Colour"), self.announce_color)
        return page

    def _show_chat_rows(self) -> None:
        key = self.kind.currentData()
        for widget, shown in ((self.slow, key == "slow_mode"), (self.followers, key == "followers_only"),
                              (self.announcement, key == "announce"), (self.announce_color, key == "announce")):
            self.chat_form.setRowVisible(widget, shown)

    def _coupon_page(self) -> QWidget:
        """Which coupon template, how many, valid how long."""
        coupon_page = QWidget(self.pages)
        self.template = QComboBox(coupon_page)
        for t in self.catalog.templates.values():
            self.template.addItem(t.name, t.id)
        self.quantity = spin_box(coupon_page, 0, MAX_COUNT, 500)   # as the flash sale's: refused on OK
        self.validity = spin_box(coupon_page, 1, MAX_VALID_MINUTES, 30, self.tr(" min"))
        cf = QFormLayout(coupon_page)
        cf.addRow(self.tr("Coupon"), self.template)
        cf.addRow(self.tr("Quantity"), self.quantity)
        cf.addRow(self.tr("Valid for"), self.validity)
        return coupon_page

    def _flash_page(self) -> QWidget:
        """Product, SKU, sale price, stock, per-buyer limit, countdown and duration of a flash sale."""
        flash_page = QWidget(self.pages)
        self.flash_product = QComboBox(flash_page)
        self.flash_product.currentIndexChanged.connect(self._fill_skus)
        self.sku = QComboBox(flash_page)
        self.price = QDoubleSpinBox(flash_page)
        self.price.setPrefix("¥")
        self.price.setRange(0.0, MAX_PRICE_FEN / 100)
        # A show file's bounds, not the platform's: a cue opened from a file keeps its numbers (a ¥0
        # sale price too, not made ¥0.01), and one beyond what the platform takes is refused on OK
        # with the reason (its problems()).
        self.stock = spin_box(flash_page, 0, MAX_COUNT, 100)
        self.limit = spin_box(flash_page, 1, MAX_COUNT, 1)
        self.countdown = spin_box(flash_page, 0, MAX_SEGMENT_S, 10, self.tr(" s"))   # kept as the file has it
        self.duration = spin_box(flash_page, 0, MAX_SEGMENT_S, 300, self.tr(" s"))
        ff = QFormLayout(flash_page)
        ff.addRow(self.tr("Product"), self.flash_product)
        ff.addRow(self.tr("SKU"), self.sku)
        ff.addRow(self.tr("Sale price"), self.price)
        ff.addRow(self.tr("Stock"), self.stock)
        ff.addRow(self.tr("Per buyer"), self.limit)
        ff.addRow(self.tr("Countdown"), self.countdown)
        ff.addRow(self.tr("Duration"), self.duration)
        return flash_page

    def _fill_products(self) -> None:
        featured = [(p.id, p.label) for p in self.segment.products if p.id]
        rest = [(p.id, p.name) for p in sorted(self.catalog.products.values(), key=lambda p: p.id)
                if p.id not in {f[0] for f in featured}]
        for combo in (self.product, self.flash_product):
            combo.clear()
            for pid, name in featured + rest:
                combo.addItem(f"{name} (#{pid})", (pid, name))
        self._fill_skus()

    def _fill_skus(self, *_a) -> None:
        self.sku.clear()
        data = self.flash_product.currentData()
        product = self.catalog.products.get(data[0]) if data else None
        if product is None:
            return
        stock = self.tr("stock")
        for s in product.skus:
            self.sku.addItem(f"{s.name} · {format_money(s.price_fen)} · {stock} {s.stock}",
                             (s.id, s.price_fen, s.stock, f"{product.name} · {s.name}"))
        if product.skus:
            self.price.setValue(round(product.skus[0].price_fen * 0.7) / 100)

    def _select(self, combo: QComboBox, pid: str, name: str = "") -> None:
        for i in range(combo.count()):
            if combo.itemData(i) and combo.itemData(i)[0] == pid:
                combo.setCurrentIndex(i)
                return
        combo.addItem(f"{name or pid} (#{pid})", (pid, name))
        combo.setCurrentIndex(combo.count() - 1)

    def _load(self, cue) -> None:
        a = cue.action
        key = {StageProduct: "stage", IssueCoupon: "coupon", StartFlashSale: "flash_sale",
               AnchorMessage: "message", StartLuckyBag: "lucky_bag", SendRedPacket: "red_packet"}.get(type(a))
        if isinstance(a, SetOnSale):
            key = "on_sale" if a.on_sale else "off_sale"
        if isinstance(a, SetRoomMute):
            key = "mute" if a.muted else "unmute"
        key = self._load_chat(a) or key
        self.kind.setCurrentIndex(self.kind.findData(key))
        self.when.setCurrentIndex(self.when.findData(cue.trigger.kind))
        self.when_min.setValue(cue.trigger.seconds // 60)
        self.when_sec.setValue(cue.trigger.seconds % 60)
        self.mode.setCurrentIndex(self.mode.findData(cue.mode))
        self.note.setText(cue.note)
        if isinstance(a, (StageProduct, SetOnSale)):
            self._select(self.product, a.product_id, a.product_name)
        elif isinstance(a, IssueCoupon):
            idx = self.template.findData(a.template_id) if a.template_id else -1
            if idx < 0 and a.name:  # written before it was linked (imported offline): the same name is the same coupon
                idx = self.template.findText(a.name, Qt.MatchFlag.MatchFixedString)
            if idx < 0:
                self.template.addItem(a.name or a.template_id, a.template_id)
                idx = self.template.count() - 1
            self.template.setCurrentIndex(idx)
            self.quantity.setValue(a.quantity)
            self.validity.setValue(a.valid_minutes)
        elif isinstance(a, StartFlashSale):
            self._select(self.flash_product, a.product_id, a.product_name)
            at = next((i for i in range(self.sku.count()) if self.sku.itemData(i)[0] == a.sku_id), -1)
            if at < 0 and a.sku_id:  # not in the catalog now (offline, or deleted): kept, never another SKU
                self.sku.addItem(f"#{a.sku_id}", (a.sku_id, None, None, f"#{a.sku_id}"))
                at = self.sku.count() - 1
            self.sku.setCurrentIndex(at)
            self.price.setValue(a.sale_price_fen / 100)
            self.stock.setValue(a.stock)
            self.limit.setValue(a.per_buyer_limit)
            self.countdown.setValue(a.countdown_s)
            self.duration.setValue(a.duration_s)
        elif isinstance(a, AnchorMessage):
            self.message.setText(a.text)
        elif isinstance(a, StartLuckyBag):
            self.lucky_bag.set_setup(a.setup)
        elif isinstance(a, SendRedPacket):
            self.red_packet.set_spec(a.spec)

    def _load_chat(self, a) -> str | None:
        """A chat-mode or announcement cue into the chat page; its kind (None for other cues)."""
        if isinstance(a, SetSlowMode):
            if self.slow.findData(a.seconds) < 0:
                self.slow.addItem(self.tr("{n} s").format(n=a.seconds), a.seconds)
            self.slow.setCurrentIndex(self.slow.findData(a.seconds))
            return "slow_mode"
        if isinstance(a, SetFollowersOnly):
            minutes = OFF if a.minutes is None else a.minutes
            if self.followers.findData(minutes) < 0:
                self.followers.addItem(self._follow_label(minutes), minutes)
            self.followers.setCurrentIndex(self.followers.findData(minutes))
            return "followers_only"
        if isinstance(a, SetShieldMode):
            return "shield_on" if a.active else "shield_off"
        if isinstance(a, AnnounceToRoom):
            self.announcement.setText(a.text)
            self.announce_color.setCurrentIndex(max(0, self.announce_color.findData(a.color)))
            return "announce"
        return None

    def _chat_action(self, key: str):
        if key == "slow_mode":
            return SetSlowMode(int(self.slow.currentData()))
        if key == "followers_only":
            minutes = int(self.followers.currentData())
            return SetFollowersOnly(None if minutes == OFF else minutes)
        if key in ("shield_on", "shield_off"):
            return SetShieldMode(key == "shield_on")
        return AnnounceToRoom(self.announcement.text().strip(), str(self.announce_color.currentData()))

    def action(self):
        key = self.kind.currentData()
        if key in ("slow_mode", "followers_only", "shield_on", "shield_off", "announce"):
            return self._chat_action(key)
        product = self.product.currentData() or ("", "")
        if key == "stage":
            return StageProduct(product[0], product[1])
        if key in ("on_sale", "off_sale"):
            return SetOnSale(product[0], key == "on_sale", product[1])
        if key == "coupon":
            return IssueCoupon(self.template.currentData() or "", self.quantity.value(), self.validity.value(),
                               self.template.currentText())
        if key == "flash_sale":
            fp = self.flash_product.currentData() or ("", "")
            sku = self.sku.currentData() or ("", 0, 0)
            return StartFlashSale(fp[0], sku[0], round(self.price.value() * 100), self.stock.value(),
                                  self.limit.value(), self.countdown.value(), self.duration.value(), fp[1])
        if key in ("mute", "unmute"):
            return SetRoomMute(key == "mute")
        if key == "lucky_bag":
            return StartLuckyBag(self.lucky_bag.setup())
        if key == "red_packet":
            return SendRedPacket(self.red_packet.spec())
        return AnchorMessage(self.message.text().strip())

    def trigger(self) -> Trigger:
        seconds = self.when_min.value() * 60 + self.when_sec.value()
        kind = self.when.currentData()
        if kind is TriggerKind.START:
            return Trigger.at_start()
        if kind is TriggerKind.OFFSET:
            return Trigger.after(seconds)
        return Trigger.at_end(seconds)

    def _flash_sale_problems(self, action: StartFlashSale) -> list[Text]:
        """Against the chosen SKU as the catalog knows it now, as the desk arms a sale
        (FlashSaleSpec.problems_against); a price or stock the catalog does not say is not held against it."""
        data = self.sku.currentData()
        if not data:
            return []
        sku_id, price_fen, stock, label = data
        sku = Sku(sku_id, action.product_id, label, action.sale_price_fen + 1 if price_fen is None else price_fen,
                  action.stock if stock is None else stock)
        return action.problems_against(sku, label)

    def _accept(self) -> None:
        action = self.action()
        if self._loaded is not None:
            action = _kept(action, *self._loaded)
        problems = [tr_text(p) for p in action.problems()]
        if isinstance(action, StartFlashSale):
            problems += [tr_text(p) for p in self._flash_sale_problems(action)]
        if problems:
            self.problem.setText("\n".join(problems))
            return
        self.accepted_cue.emit(action, self.trigger(), self.mode.currentData(), self.note.text().strip())
        self.accept()


def _kept(new: Any, original: Any, loaded: Any) -> Any:
    """`new` with every value still as the fields showed it put back as the cue has it: a value a
    field cannot hold exactly (a keyword of an entry rule without one, a text longer than a line
    takes) is not changed by opening the cue and pressing OK — its problems() judge it as it is."""
    if not (type(new) is type(original) is type(loaded)):
        return new   # another kind of action was chosen
    if not is_dataclass(new):
        return original if new == loaded else new
    return replace(new, **{f.name: _kept(getattr(new, f.name), getattr(original, f.name), getattr(loaded, f.name))
                           for f in fields(new) if f.init})
