"""The set-up of a lucky bag (福袋/抽奖) and of a red packet (红包) as forms: the giveaways dock
and the cue dialog of the run of show share them, so a cue is set up exactly like a bag started
by hand.

Lucky bag: the prize (a catalog product by name, or any text), how many winners, how viewers enter
(comment a keyword — the keyword field shows only for that rule — follow, ordered during the
show, fan-club member), the countdown (minutes and seconds, with 1/3/5/10 min presets) and who
cannot win. Red packet: the total in yuan (two decimals, kept in fen), the number of shares, how
the amount is split, how long viewers can claim, a message."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGridLayout, QHBoxLayout, QLineEdit, QSpinBox,
    QToolButton, QWidget,
)

from anchor_console.domain.giveaways import (
    MAX_CLAIM_WINDOW_S, MAX_COUNTDOWN_S, MAX_KEYWORD_CHARS, MAX_PACKET_MESSAGE, MAX_RED_PACKET_COUNT,
    MAX_RED_PACKET_FEN, MAX_WINNERS, EntryRule, Exclusions, LuckyBagSetup, RedPacketSpec, Split,
)
from anchor_console.domain.money import MAX_PRICE_FEN
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import spin_box

PRESETS_MIN = (1, 3, 5, 10)
_LINE_EDIT_MAX = 32767   # QLineEdit's own limit: no cut of ours


class _SetupForm(QWidget):
    """Fields in a form (labels on the left, fields taking the width); any change says `edited`."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form = QFormLayout(self)
        self._form.setContentsMargins(0, 0, 0, 0)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

    def _edited_on(self, *signals) -> None:
        for signal in signals:
            signal.connect(lambda *_a: self.edited.emit())


def _minutes_and_seconds(minutes: QSpinBox, seconds: QSpinBox) -> QHBoxLayout:
    """A duration's two fields side by side, sharing the width."""
    row = QHBoxLayout()
    row.setSpacing(1)
    row.addWidget(minutes, 1)
    row.addWidget(seconds, 1)
    return row


class LuckyBagForm(_SetupForm):
    """The fields of a lucky bag's set-up; `setup()` reads them, `set_setup()` fills them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prize = QComboBox(self)
        self.prize.setObjectName("lucky-bag-prize")
        self.prize.setEditable(True)
        self.prize.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.prize.setMinimumContentsLength(8)
        self.prize.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.prize.lineEdit().setPlaceholderText(self.tr("a product, or any prize"))
        self.winners = spin_box(self, 1, MAX_WINNERS, 3)
        self.winners.setObjectName("lucky-bag-winners")
        self.rule = QComboBox(self)
        self.rule.setObjectName("lucky-bag-rule")
        for rule in EntryRule:
            self.rule.addItem(tr_text(rule.label), rule)
        self.keyword = QLineEdit(self)
        self.keyword.setObjectName("lucky-bag-keyword")
        self.keyword.setMaxLength(MAX_KEYWORD_CHARS)
        self.keyword.setPlaceholderText(self.tr("e.g. 666 or 福袋来了"))
        self.minutes = spin_box(self, 0, MAX_COUNTDOWN_S // 60, 3, self.tr(" min"))
        self.minutes.setObjectName("lucky-bag-minutes")
        self.seconds = spin_box(self, 0, 59, 0, self.tr(" s"))
        self.seconds.setObjectName("lucky-bag-seconds")
        countdown = _minutes_and_seconds(self.minutes, self.seconds)
        for m in PRESETS_MIN:
            preset = QToolButton(self)
            preset.setText(self.tr("{n}′").format(n=m))
            preset.setToolTip(self.tr("Countdown: {n} min").format(n=m))
            preset.clicked.connect(lambda _=False, m=m: self.set_countdown(m * 60))
            # Down to its words and a little air where the dock is narrow (a 1093 px window).
            preset.setMinimumWidth(preset.fontMetrics().horizontalAdvance(preset.text()) + 6)
            countdown.addWidget(preset)
        self.staff = QCheckBox(self.tr("staff"), self)
        self.banned = QCheckBox(self.tr("banned"), self)
        self.muted = QCheckBox(self.tr("muted"), self)
        self.won_today = QCheckBox(self.tr("won today"), self)
        self.won_today.setToolTip(self.tr("Viewers who already won a lucky bag today"))
        exclusions = QGridLayout()
        exclusions.setContentsMargins(0, 0, 0, 0)
        for i, box in enumerate((self.staff, self.banned, self.muted, self.won_today)):
            exclusions.addWidget(box, i // 2, i % 2)
        form = self._form
        form.addRow(self.tr("Prize"), self.prize)
        form.addRow(self.tr("Winners"), self.winners)
        form.addRow(self.tr("Entry"), self.rule)
        form.addRow(self.tr("Keyword"), self.keyword)
        form.addRow(self.tr("Countdown"), countdown)
        form.addRow(self.tr("Cannot win"), exclusions)
        self.rule.currentIndexChanged.connect(self._rule_changed)
        self._edited_on(self.prize.currentTextChanged, self.winners.valueChanged, self.keyword.textChanged,
                        self.minutes.valueChanged, self.seconds.valueChanged,
                        *(box.toggled for box in (self.staff, self.banned, self.muted, self.won_today)))
        self.set_setup(LuckyBagSetup(prize="", winners=3, countdown_s=180))

    def _rule_changed(self, *_a) -> None:
        keyword = self.rule.currentData() is EntryRule.KEYWORD
        self._form.setRowVisible(self.keyword, keyword)
        self.edited.emit()

    def hold_any_keyword(self) -> None:
        """In the cue editor: a keyword as long as a show file has it (its problems() refuse one too
        long on OK), so a cue opened and accepted untouched is not cut short."""
        self.keyword.setMaxLength(_LINE_EDIT_MAX)

    def set_countdown(self, seconds: int) -> None:
        self.minutes.setValue(seconds // 60)
        self.seconds.setValue(seconds % 60)

    def set_products(self, products: list[tuple[str, str]]) -> None:
        """Offer these catalog products (id, name) as prizes; what is typed stays."""
        text = self.prize.currentText()
        self.prize.blockSignals(True)
        self.prize.clear()
        for pid, name in products:
            self.prize.addItem(name, pid)
        self.prize.setCurrentIndex(-1)
        self.prize.setEditText(text)
        self.prize.blockSignals(False)

    def _product_id(self, prize: str) -> str:
        index = self.prize.findText(prize)
        return str(self.prize.itemData(index) or "") if index >= 0 else ""

    def setup(self) -> LuckyBagSetup:
        prize = self.prize.currentText().strip()
        rule = self.rule.currentData()
        return LuckyBagSetup(prize=prize, winners=self.winners.value(), rule=rule,
                             keyword=self.keyword.text().strip() if rule is EntryRule.KEYWORD else "",
                             countdown_s=self.minutes.value() * 60 + self.seconds.value(),
                             prize_product_id=self._product_id(prize),
                             exclusions=Exclusions(staff=self.staff.isChecked(), banned=self.banned.isChecked(),
                                                   muted=self.muted.isChecked(),
                                                   won_today=self.won_today.isChecked()))

    def set_setup(self, setup: LuckyBagSetup) -> None:
        if setup.prize_product_id and self.prize.findData(setup.prize_product_id) < 0:
            self.prize.addItem(setup.prize, setup.prize_product_id)
        self.prize.setEditText(setup.prize)
        self.winners.setValue(setup.winners)
        self.rule.setCurrentIndex(max(0, self.rule.findData(setup.rule)))
        self.keyword.setText(setup.keyword)
        self.set_countdown(setup.countdown_s)
        ex = setup.exclusions
        for box, on in ((self.staff, ex.staff), (self.banned, ex.banned), (self.muted, ex.muted),
                        (self.won_today, ex.won_today)):
            box.setChecked(on)
        self._rule_changed()


class RedPacketForm(_SetupForm):
    """The fields of a red packet; `spec()` reads them (the amount in fen), `set_spec()` fills them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.total = QDoubleSpinBox(self)
        self.total.setObjectName("red-packet-total")
        self.total.setPrefix("¥")
        self.total.setDecimals(2)
        self.total.setRange(0.01, MAX_RED_PACKET_FEN / 100)
        self.total.setValue(88.00)
        self.count = spin_box(self, 1, MAX_RED_PACKET_COUNT, 20, self.tr(" shares"))
        self.count.setObjectName("red-packet-count")
        self.split = QComboBox(self)
        self.split.setObjectName("red-packet-split")
        for split in Split:
            self.split.addItem(tr_text(split.label), split)
        self.window_min = spin_box(self, 0, MAX_CLAIM_WINDOW_S // 60, 5, self.tr(" min"))
        self.window_sec = spin_box(self, 0, 59, 0, self.tr(" s"))
        claim = _minutes_and_seconds(self.window_min, self.window_sec)
        self.message = QLineEdit(self)
        self.message.setObjectName("red-packet-message")
        self.message.setMaxLength(MAX_PACKET_MESSAGE)
        self.message.setPlaceholderText(self.tr("e.g. 感谢大家支持!"))
        form = self._form
        form.addRow(self.tr("Total"), self.total)
        form.addRow(self.tr("Shares"), self.count)
        form.addRow(self.tr("Split"), self.split)
        form.addRow(self.tr("Claim within"), claim)
        form.addRow(self.tr("Message"), self.message)
        self._edited_on(self.total.valueChanged, self.count.valueChanged, self.split.currentIndexChanged,
                        self.window_min.valueChanged, self.window_sec.valueChanged, self.message.textChanged)

    def hold_show_file_range(self) -> None:
        """In the cue editor: any amount and message a show file may hold (the spec's problems()
        refuse what the platform would, on OK), so a cue opened and accepted untouched keeps its own
        money and words — a ¥50,000 packet was cut to ¥20,000 here and passed as valid."""
        self.total.setRange(0.0, MAX_PRICE_FEN / 100)
        self.message.setMaxLength(_LINE_EDIT_MAX)

    def spec(self) -> RedPacketSpec:
        return RedPacketSpec(total_fen=round(self.total.value() * 100), count=self.count.value(),
                             split=self.split.currentData(),
                             claim_window_s=self.window_min.value() * 60 + self.window_sec.value(),
                             message=self.message.text().strip())

    def set_spec(self, spec: RedPacketSpec) -> None:
        self.total.setValue(spec.total_fen / 100)
        self.count.setValue(spec.count)
        self.split.setCurrentIndex(max(0, self.split.findData(spec.split)))
        self.window_min.setValue(spec.claim_window_s // 60)
        self.window_sec.setValue(spec.claim_window_s % 60)
        self.message.setText(spec.message)
