"""The giveaways dock's tables: the room's lucky bags (prize, how to enter, the live entrant count,
time left on the platform's clock, state and whether the draw verified) and its red packets
(amount, shares, claimed so far, state). Nicknames and prizes are plain text (table items never
interpret markup)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from anchor_console.domain.clock import format_clock
from anchor_console.domain.giveaways import EntryRule, LuckyBagSetup, RedPacket
from anchor_console.domain.money import format_money
from anchor_console.session.giveaway_store import (
    COMMITTED, DRAWN, FAILED, OPEN, KeptBag,
)
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.table_model import CountdownRows
from anchor_console.ui.common.palette import GREEN, GREY, RED
from anchor_console.ui.common.widgets import plain_tooltip


def entry_words(model, setup: LuckyBagSetup) -> str:
    """How a viewer enters, short: “666” for a keyword (the column says it is one), else the rule's name."""
    if setup.rule is EntryRule.KEYWORD:
        return f"“{setup.keyword}”"
    return tr_text(setup.rule.label)


class BagModel(CountdownRows[KeptBag]):
    """This room's lucky bags as the console keeps them, open ones first, newest first."""

    PRIZE, ENTRY, ENTRANTS, TIME, STATE = range(5)

    def headers(self) -> list[str]:
        return [self.tr("Prize"), self.tr("Entry"), self.tr("Entrants"), self.tr("Time left"), self.tr("State")]

    def show_bags(self, bags: list[KeptBag]) -> None:
        live = {COMMITTED: 0, OPEN: 0}
        self.set_rows(sorted(bags, key=lambda b: (live.get(b.state, 1), -b.created_at)),
                      identity=lambda b: b.local_id)

    platform_end = None   # bag -> its end on the platform's clock, where the platform said it (set by the panel)

    def time_left(self, bag: KeptBag) -> str:
        ends = self.platform_end(bag) if self.platform_end is not None and bag.state == OPEN else None
        if ends is not None:   # counted as the platform counts: at a rehearsal's 10× too
            left = ends - self.now(bag.connection_id or None)
            return format_clock(max(0.0, left)) if left > 0 else self.tr("drawing…")
        if bag.state == OPEN and bag.due_at is not None:   # the console's own deadline for its draw
            left = bag.due_at - getattr(self.clock, "local_now", self.clock.now)()
            return format_clock(max(0.0, left)) if left > 0 else self.tr("drawing…")
        if bag.state == COMMITTED:
            return self.tr("starting…")
        return "—"

    def state_text(self, bag: KeptBag) -> str:
        if bag.state == DRAWN:
            if bag.verified is False:
                return self.tr("Drawn ✗")
            return self.tr("Drawn ✓") if bag.verified else self.tr("Drawn")
        return {COMMITTED: self.tr("Starting"), OPEN: self.tr("Open"), FAILED: self.tr("Not started")}.get(
            bag.state, bag.state)

    def cell(self, bag: KeptBag, col: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.PRIZE:
                return f"{bag.setup.prize} ×{bag.setup.winners}"
            if col == self.ENTRY:
                return entry_words(self, bag.setup)
            if col == self.ENTRANTS:
                return f"{bag.entrant_count:,}"
            if col == self.TIME:
                return self.time_left(bag)
            if col == self.STATE:
                return self.state_text(bag)
        if role == Qt.ItemDataRole.ToolTipRole and col in (self.PRIZE, self.ENTRY):   # elided in a narrow dock
            return plain_tooltip(self.cell(bag, col, Qt.ItemDataRole.DisplayRole))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.ENTRANTS, self.TIME):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and bag.state == OPEN:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.STATE and bag.state == DRAWN:
                return QColor(RED if bag.verified is False else GREEN)
            if bag.state in (DRAWN, FAILED):
                return QColor(GREY) if col != self.STATE else QColor(RED)
        return None


class RedPacketModel(CountdownRows[RedPacket]):
    """The room's red packets with what was claimed, newest first."""

    AMOUNT, SHARES, CLAIMED, TIME, STATE = range(5)

    def headers(self) -> list[str]:
        return [self.tr("Amount"), self.tr("Split"), self.tr("Claimed"), self.tr("Time left"), self.tr("State")]

    def show_packets(self, packets) -> None:
        self.set_rows(sorted(packets, key=lambda p: (-p.created_at, p.id)), identity=lambda p: p.id)

    def cell(self, p: RedPacket, col: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.AMOUNT:
                return format_money(p.spec.total_fen)
            if col == self.SHARES:
                return self.tr("{count} · {split}").format(count=p.spec.count, split=tr_text(p.spec.split.label))
            if col == self.CLAIMED:
                return self.tr("{claimed}/{count} · {amount}").format(claimed=p.claimed_count, count=p.spec.count,
                                                                       amount=format_money(p.claimed_fen))
            if col == self.TIME:
                left = p.ends_at - self.now()   # on the platform's clock (a rehearsal's 10× too)
                return format_clock(left) if p.state == "open" and left > 0 else "—"
            if col == self.STATE:
                return {"open": self.tr("Open"), "finished": self.tr("All claimed"),
                        "expired": self.tr("Expired")}.get(p.state, p.state)
        if role == Qt.ItemDataRole.ToolTipRole and p.spec.message:
            return plain_tooltip(p.spec.message)
        if role == Qt.ItemDataRole.ForegroundRole and p.state != "open":
            return QColor(GREY)
        return None
