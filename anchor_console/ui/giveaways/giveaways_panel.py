"""The giveaways dock (福袋/抽奖 and 红包), tabbed with promotions.

Lucky bags: the set-up form and Start — a money action, confirmed first like a red packet, one
bag however often it is clicked; the room's bags with the entrant count live and the time left on
the session's clock; for the selected bag its commitment (published before the draw), and once
drawn the revealed seed, the winners (plain text: nicknames come from viewers), whether the draw
verified here, Export winners… (.xlsx/.csv) and Re-check draw (from what the platform published).
Draw now closes entry before the countdown ends.

A crew (session/crew_bags.py): another seat's bag shows whose it is (other_bags.py); Draw here takes
it over once that seat is gone or late to draw, and is off, saying why, until then.

Red packets: the form and Send red packet… — a money action, confirmed first (the same box as
every money action) and never fired twice by a double click (the button is off while one is
out) — and the room's packets with what was claimed, live.

Every coroutine started here is one of the session's owned tasks, under a key this panel cancels
when it closes; what goes wrong is said in words."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog, QGridLayout, QGroupBox, QHeaderView, QPushButton, QTabWidget, QVBoxLayout, QWidget,
)

from anchor_console.domain.events import unsubscribe_all
from anchor_console.domain.capabilities import Capability
from anchor_console.domain.giveaways import RedPacket
from anchor_console.platforms.errors import PlatformError
from anchor_console.room.commands import SendRedPacket, StartLuckyBag
from anchor_console.room.room_state import Aspect
from anchor_console.session.giveaway_store import DRAWN, OPEN, KeptBag
from anchor_console.ui.common import confirm
from anchor_console.ui.common.feature import FeatureBase
from anchor_console.ui.common.i18n import count_text, reasons_text, tr_text
from anchor_console.ui.common.widgets import (
    Throttle, every_second, gate, plain_label, plain_tooltip,
)
from anchor_console.ui.common.palette import GREEN, RED
from anchor_console.ui.giveaways.forms import LuckyBagForm, RedPacketForm
from anchor_console.ui.giveaways.giveaways_models import BagModel, RedPacketModel
from anchor_console.ui.giveaways.other_bags import PAST, crew_bag_of, past_bag, whose_bag_text
from anchor_console.ui.giveaways.page_parts import giveaway_table, lay_out_page, say_why, setup_box

SHORT_HASH = 12


class GiveawaysPanel(QWidget):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.giveaways = window.session.giveaways
        self._busy: set[str] = set()          # "start", "send", "draw:<id>", "recheck:<id>": what is out
        self._asking: set[str] = set()        # of those, "start" or "send" while the confirmation is up
        self._keys: set[str] = set()          # the owned tasks started here (cancelled on close)
        self._packets: dict[str, RedPacket] = {}
        self._past: dict[str, KeptBag] = {}  # bag id -> the platform's bags this console did not start
        self._checks: dict[str, tuple[bool, str]] = {}   # bag id -> what Re-check said

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("giveaways-tabs")
        self.tabs.addTab(self._build_bags(), self.tr("Lucky bags (福袋)"))
        self.tabs.addTab(self._build_red_packets(), self.tr("Red packets (红包)"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs)

        self._redraw = Throttle(200, self.refresh_bags, self)
        self._ticker = every_second(self._tick, self)   # time left moves every second
        self._unfollow = [self.giveaways.changed.connect(self._redraw.poke),
                          self.giveaways.drawn.connect(self._drawn),
                          self.giveaways.red_packets.connect(self._packet_changed),
                          self.session.catalog.changed.connect(self.refresh_products),
                          self.session.crew.seats_changed.connect(self._redraw.poke)]   # a starter gone
        self.refresh_products()
        self.refresh_bags()
        self.refresh_buttons()

    # ------------------------------------------------------------------ building

    def _build_bags(self) -> QWidget:
        page = QWidget(self)
        setup, self.bag_form, self.start_button, self.bag_problem = setup_box(
            page, self.tr("New lucky bag"), LuckyBagForm, self._bag_edited,
            self.tr("Start lucky bag"), "start-lucky-bag", self.start_bag)

        bags = QGroupBox(self.tr("This room's lucky bags"), page)
        self.bag_model = BagModel(self.session.platform_clock, self)
        self.bag_model.platform_end = self._platform_end
        # The prize takes the width left; how to enter is short ("666", a rule's name).
        self.bag_view = giveaway_table(bags, self.bag_model, "lucky-bags", (BagModel.PRIZE,))
        self.bag_view.setMinimumHeight(70)   # a few bags: the buttons under it stay in the dock
        # A prize too long for a narrow dock wraps onto a second line rather than being cut ("春季新款针织开…").
        self.bag_view.setWordWrap(True)
        self.bag_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.bag_view.selectionModel().selectionChanged.connect(lambda *_a: self.show_selected())
        self.commitment = plain_label("", bags)
        # What the hex is, in a line: the operator (and a viewer who asks) can say why the draw is fair.
        self.commitment_note = plain_label(self.tr("Published before the draw, so the winners cannot be chosen "
                                                   "afterwards."), bags)
        self.commitment_note.setToolTip(self.tr(
            "The commitment is a fingerprint of the draw's secret seed, public before entry closes. At the draw the "
            "seed is revealed: anyone can check that it matches the commitment and that the winners follow from it."))
        self.commitment_note.setObjectName("commitment-note")
        self.commitment_note.setStyleSheet("color: palette(placeholder-text);")
        self.seed = plain_label("", bags)
        self.winners = plain_label("", bags)
        self.verdict = plain_label("", bags)
        for label in (self.commitment, self.commitment_note, self.seed, self.winners, self.verdict):
            label.setWordWrap(True)
        for label in (self.commitment, self.seed, self.winners, self.verdict):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.draw_button = QPushButton(self.tr("Draw now"), bags)
        self.draw_button.setObjectName("draw-lucky-bag")
        self.draw_button.setToolTip(self.tr("Close entry and draw the winners before the countdown ends"))
        self.draw_button.clicked.connect(self.draw_now)
        # Whose bag the selected one is (other_bags.py): another seat's, taken over, or only ours to draw.
        self.crew_line = plain_label("", bags, wrap=True)
        self.crew_line.setObjectName("lucky-bag-crew")
        self.crew_line.setStyleSheet("color: palette(placeholder-text);")
        self.crew_line.hide()
        self.copy_button = QPushButton(self.tr("Copy proof"), bags)
        self.copy_button.setToolTip(self.tr("Copy the commitment (and the seed, once revealed) to publish them"))
        self.copy_button.clicked.connect(self.copy_proof)
        self.export_button = QPushButton(self.tr("Export winners…"), bags)
        self.export_button.setObjectName("export-winners")
        self.export_button.clicked.connect(self.choose_export)
        self.recheck_button = QPushButton(self.tr("Re-check draw"), bags)
        self.recheck_button.setObjectName("recheck-draw")
        self.recheck_button.setToolTip(self.tr("Verify the draw again from what the platform published"))
        self.recheck_button.clicked.connect(self.recheck)
        buttons = QGridLayout()
        for i, b in enumerate((self.draw_button, self.copy_button, self.export_button, self.recheck_button)):
            buttons.addWidget(b, i // 2, i % 2)
        # The buttons right under the list: a long list of winners below them cannot push them out
        # of the dock (they were cut off at its bottom edge).
        bl = QVBoxLayout(bags)
        bl.addWidget(self.bag_view, 1)
        bl.addWidget(self.crew_line)
        bl.addLayout(buttons)
        for label in (self.commitment, self.commitment_note, self.seed, self.winners, self.verdict):
            bl.addWidget(label)

        self.bag_note = lay_out_page(page, setup, bags)
        return page

    def _build_red_packets(self) -> QWidget:
        page = QWidget(self)
        setup, self.packet_form, self.send_button, self.packet_problem = setup_box(
            page, self.tr("New red packet"), RedPacketForm, self._packet_edited,
            self.tr("Send red packet…"), "send-red-packet", self.send_packet)
        sent = QGroupBox(self.tr("This room's red packets"), page)
        self.packet_model = RedPacketModel(self.session.platform_clock, self)
        self.packet_view = giveaway_table(sent, self.packet_model, "red-packets", (RedPacketModel.SHARES,))
        QVBoxLayout(sent).addWidget(self.packet_view)
        self.packet_note = lay_out_page(page, setup, sent)
        return page

    # ------------------------------------------------------------------ showing

    @property
    def room(self):
        return self.session.room

    def _platform_end(self, bag: KeptBag) -> float | None:
        """When `bag`'s entry closes on its platform's clock, as the platform said (its events, or
        its list for a bag this console did not start: that end is on the platform's clock too)."""
        room = self.room
        if room is None or not bag.bag_id:
            return None
        states = [room.states[bag.connection_id]] if bag.connection_id in room.states else room.states.values()
        seen = next((s.lucky_bags[bag.bag_id] for s in states if bag.bag_id in s.lucky_bags), None)
        if seen is not None and seen.ends_at:
            return seen.ends_at
        return bag.due_at if bag.local_id.startswith(PAST) else None

    def set_room(self, room) -> None:
        self._packets = {}
        self._past = {}
        self._checks = {}
        self.refresh_bags()
        self.refresh_packets()
        self.refresh_buttons()
        if room is not None and room.supports(Capability.RED_PACKETS):
            self._spawn(self._load_packets(), "packets")
        if room is not None and room.supports(Capability.LUCKY_BAGS):
            self._spawn(self._load_past(), "past-bags")

    def refresh_products(self) -> None:
        products = sorted(self.session.catalog.products.values(), key=lambda p: p.id)
        self.bag_form.set_products([(p.id, p.name) for p in products])

    def refresh_bags(self) -> None:
        room = self.room
        bags = self.giveaways.bags() if room is not None else []
        ours = {b.bag_id for b in bags}
        past = dict(self._past)
        if room is not None:   # another console's bags, as the room's events tell them
            past.update((b.id, past_bag(b, room.room_key)) for b in room.state.lucky_bags.values())
        self.bag_model.show_bags(bags + [b for bag_id, b in past.items() if bag_id not in ours])
        if self.bag_view.selectionModel().selectedRows() == [] and self.bag_model.rows:
            self.bag_view.selectRow(0)
        self.show_selected()

    def selected_bag(self) -> KeptBag | None:
        rows = self.bag_view.selectionModel().selectedRows()
        return self.bag_model.rows[rows[0].row()] if rows and rows[0].row() < len(self.bag_model.rows) else None

    def select_bag(self, local_id: str) -> None:
        for i, bag in enumerate(self.bag_model.rows):
            if bag.local_id == local_id:
                self.bag_view.selectRow(i)

    def show_selected(self) -> None:
        """The selected bag's proof: its commitment, and once drawn the seed, winners and verdict."""
        bag = self.selected_bag()
        if bag is None:
            for label in (self.commitment, self.seed, self.winners, self.verdict):
                label.setText("")
                label.setToolTip("")
            self.commitment_note.hide()
            self.refresh_buttons()
            return
        self.commitment.setText(self.tr("Commitment: {hash}…").format(hash=bag.commitment[:SHORT_HASH]))
        self.commitment.setToolTip(plain_tooltip(bag.commitment))   # the platform's text
        self.commitment_note.show()
        seed = bag.revealed_seed
        self.seed.setText(self.tr("Seed: {hash}…").format(hash=seed[:SHORT_HASH]) if seed
                          else self.tr("Seed: revealed at the draw"))
        self.seed.setToolTip(plain_tooltip(seed or ""))
        if bag.state == DRAWN:
            names = self.tr(", ").join(w.nickname or w.user_id for w in bag.winners)
            text = (self.tr("Winners ({n}): {names}").format(n=len(bag.winners), names=names)
                    if bag.winners else self.tr("No winners: nobody entered."))
            if bag.announcement_comment_id:
                text += " " + self.tr("(announced in the room, pinned)")
            self.winners.setText(text)
        else:
            self.winners.setText("")
        self._show_verdict(bag)
        self.refresh_buttons()

    def _show_verdict(self, bag: KeptBag) -> None:
        check = self._checks.get(bag.bag_id or "")
        if check is not None:
            ok, text = check
        elif bag.state == DRAWN and bag.verified is not None:
            ok = bool(bag.verified)
            text = (count_text(
                len(bag.entrants),
                self.tr("✓ Verified here: the winners follow from the revealed seed and the {n} entrant."),
                self.tr("✓ Verified here: the winners follow from the revealed seed and the {n} entrants.")) if ok else
                    self.tr("✗ Not verified: the winners do not follow from the revealed seed. Check before "
                            "shipping any prize."))
        else:
            self.verdict.setText("")
            return
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"color: {GREEN if ok else RED};")

    def refresh_buttons(self) -> None:
        room = self.room
        say_why(self.bag_note, room, Capability.LUCKY_BAGS)
        say_why(self.packet_note, room, Capability.RED_PACKETS)
        gate(self.start_button, room, Capability.LUCKY_BAGS, session=self.session, kind="start_lucky_bag")
        if "start" in self._busy:   # asked (the box is up) or out
            self.start_button.setEnabled(False)
        starting = "start" in self._busy - self._asking
        self.start_button.setText(self.tr("Starting…") if starting else self.tr("Start lucky bag"))
        gate(self.send_button, room, Capability.RED_PACKETS, session=self.session, kind="send_red_packet")
        if "send" in self._busy:
            self.send_button.setEnabled(False)
        sending = "send" in self._busy - self._asking
        self.send_button.setText(self.tr("Sending…") if sending else self.tr("Send red packet…"))
        bag = self.selected_bag()
        for button in (self.draw_button, self.recheck_button):
            gate(button, room, Capability.LUCKY_BAGS, session=self.session, kind="draw_lucky_bag")
        other = crew_bag_of(self.giveaways, bag)
        self._say_whose(bag, other)
        self.draw_button.setText(self.tr("Draw here") if other is not None else self.tr("Draw now"))
        self.draw_button.setToolTip(self.tr("Draw this lucky bag from this seat: now if entry has closed, else when "
                                            "it closes") if other is not None else
                                    self.tr("Close entry and draw the winners before the countdown ends"))
        self.draw_button.setEnabled(self.draw_button.isEnabled() and bag is not None and bag.state == OPEN
                                    and (other.may_draw if other is not None else not bag.local_id.startswith(PAST))
                                    and f"draw:{bag.local_id}" not in self._busy)
        self.recheck_button.setEnabled(self.recheck_button.isEnabled() and bag is not None and bag.state == DRAWN
                                       and f"recheck:{bag.bag_id}" not in self._busy)
        self.export_button.setEnabled(bag is not None and bag.state == DRAWN and bool(bag.winners))
        self.copy_button.setEnabled(bag is not None)

    def _say_whose(self, bag: KeptBag | None, other) -> None:
        text = whose_bag_text(bag, other, ours=bag is not None and not bag.local_id.startswith(PAST),
                              crew=self.giveaways.crew_bags.has_crew())
        self.crew_line.setText(text)
        self.crew_line.setVisible(bool(text))

    def refresh_packets(self) -> None:
        packets = dict(self._packets)
        if self.room is not None:
            packets.update(self.room.state.red_packets)
        self.packet_model.show_packets(packets.values())

    def _tick(self) -> None:
        self.bag_model.tick()
        self.packet_model.tick()
        bag = self.selected_bag()
        if bag is not None and bag.local_id.startswith(PAST):   # another seat's: a late starter lets this seat draw
            self.refresh_buttons()   # (which looks the bag up among the crew's, once)

    def _bag_edited(self) -> None:
        self.bag_problem.hide()

    def _packet_edited(self) -> None:
        self.packet_problem.hide()

    def _drawn(self, bag: KeptBag) -> None:
        self.refresh_bags()
        self.select_bag(bag.local_id)
        self._past.pop(bag.bag_id or "", None)

    def _packet_changed(self, packet: RedPacket) -> None:
        self._packets[packet.id] = packet
        self.refresh_packets()

    # ------------------------------------------------------------------ tasks

    def _spawn(self, coro, key: str) -> None:
        full = f"giveaways-ui:{key}"
        self._keys.add(full)
        self.session.tasks.spawn(coro, name=full, key=full)

    def _hold(self, what: str, on: bool) -> None:
        (self._busy.add if on else self._busy.discard)(what)
        self.refresh_buttons()

    async def _confirmed(self, what: str, command) -> bool:
        """The money confirmation, if the settings ask for one; while it is up the button does not
        say the action is out (it is not: Cancel sends nothing)."""
        if not self.session.settings.confirm_money_actions:
            return True
        self._asking.add(what)
        self.refresh_buttons()
        try:
            return await confirm.ask_to_fire(self.window, command)
        finally:
            self._asking.discard(what)
            self.refresh_buttons()   # answered: "Starting…"/"Sending…" while it is out

    def _fail(self, text: str) -> None:
        self.window.notify(text, level="warning", timeout_ms=15000)

    async def _load_packets(self) -> None:
        try:
            for packet in await self.giveaways.room_red_packets():
                self._packets.setdefault(packet.id, packet)
        except PlatformError as exc:
            self._fail(self.tr("The room's red packets could not be read: {why}").format(why=tr_text(exc.message)))
            return
        self.refresh_packets()

    async def _load_past(self) -> None:
        """The room's lucky bags as the platform lists them, past ones too, so any draw can be re-checked."""
        room = self.room
        try:
            listed = await self.giveaways.past_bags()
        except PlatformError as exc:
            self._fail(self.tr("The room's past lucky bags could not be read: {why}").format(why=tr_text(exc.message)))
            return
        if room is None or room is not self.room:
            return
        self._past = {b.id: past_bag(b, room.room_key) for b in listed}
        self.refresh_bags()

    # ------------------------------------------------------------------ lucky bags

    def start_bag(self) -> None:
        setup = self.bag_form.setup()
        problems = setup.problems()
        if problems:
            self.bag_problem.setText(reasons_text(problems))
            self.bag_problem.show()
            return
        if "start" in self._busy:
            return
        self._hold("start", True)
        self._spawn(self._start(setup), "start")

    async def _start(self, setup) -> None:
        try:   # a prize given away: money, confirmed first like a red packet (the box shows no seed)
            if not await self._confirmed("start", StartLuckyBag(setup, commitment="")):
                return
            result = await self.giveaways.start_lucky_bag(setup)
        except PlatformError as exc:
            result = None
            self._fail(self.tr("The lucky bag did not start: {why}").format(why=tr_text(exc.message)))
        finally:
            self._hold("start", False)
        if result is None:
            return
        if not result.ok:
            self._fail(self.tr("The lucky bag did not start: {why}").format(why=tr_text(result.reason)))
        else:
            self.window.show_status(self.tr("Lucky bag “{prize}” started").format(prize=setup.prize), 4000)
        self.refresh_bags()
        if result.bag is not None:
            self.select_bag(result.bag.local_id)

    def draw_now(self) -> None:
        bag = self.selected_bag()
        if bag is None or bag.state != OPEN or f"draw:{bag.local_id}" in self._busy:
            return
        self._hold(f"draw:{bag.local_id}", True)
        other = crew_bag_of(self.giveaways, bag)
        self._spawn(self._draw(bag) if other is None else self._take_over(bag, other.commitment),
                    f"draw:{bag.local_id}")

    async def _take_over(self, bag: KeptBag, commitment: str) -> None:
        """Another seat's bag drawn from here: taken over, then drawn (now, or when entry closes)."""
        try:
            result = await self.giveaways.take_over(commitment)
        finally:
            self._hold(f"draw:{bag.local_id}", False)
        if not result.ok:
            self._fail(self.tr("The lucky bag was not drawn here: {why}").format(why=tr_text(result.reason)))
        elif result.bag is not None and result.bag.state == OPEN:
            self.window.show_status(self.tr("Lucky bag “{prize}” taken over: drawn here when entry closes").format(
                prize=bag.setup.prize), 6000)
        self._past.pop(bag.bag_id or "", None)
        self.refresh_bags()
        if result.bag is not None:
            self.select_bag(result.bag.local_id)

    async def _draw(self, bag: KeptBag) -> None:
        try:
            await self.giveaways.draw(bag.local_id)
        except PlatformError as exc:
            self._fail(self.tr("The draw did not go through; it will be tried again: {why}").format(
                why=tr_text(exc.message)))
        finally:
            self._hold(f"draw:{bag.local_id}", False)
        self.refresh_bags()

    def recheck(self) -> None:
        bag = self.selected_bag()
        if bag is None or bag.bag_id is None or f"recheck:{bag.bag_id}" in self._busy:
            return
        self._hold(f"recheck:{bag.bag_id}", True)
        self.verdict.setText(self.tr("Checking…"))
        self._spawn(self._recheck(bag), f"recheck:{bag.bag_id}")

    async def _recheck(self, bag: KeptBag) -> None:
        try:
            check = await self.giveaways.recheck(bag.bag_id, bag.connection_id or None)
        except PlatformError as exc:
            self._checks[bag.bag_id] = (False, self.tr("✗ Could not re-check: {why}").format(why=tr_text(exc.message)))
        else:
            mark = "✓" if check.ok else "✗"
            self._checks[bag.bag_id] = (check.ok, f"{mark} {tr_text(check.reason)}")
        finally:
            self._hold(f"recheck:{bag.bag_id}", False)
        self.show_selected()

    def copy_proof(self) -> None:
        bag = self.selected_bag()
        if bag is None:
            return
        lines = [self.tr("Commitment: {hash}").format(hash=bag.commitment)]
        if bag.revealed_seed:
            lines.append(self.tr("Seed: {hash}").format(hash=bag.revealed_seed))
        QGuiApplication.clipboard().setText("\n".join(lines))
        self.window.show_status(self.tr("Copied."), 2000)

    def choose_export(self) -> None:
        """A save dialog that does not block; the file is written when one is chosen."""
        bag = self.selected_bag()
        if bag is None or bag.state != DRAWN:
            return
        filters = ";;".join((self.tr("Excel workbooks (*.xlsx)"), self.tr("CSV files (*.csv)")))
        name = f"winners-{bag.bag_id or bag.local_id[:8]}.xlsx"
        dialog = QFileDialog(self, self.tr("Export winners"), str(Path.home() / name), filters)
        dialog.setObjectName("export-winners-dialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("xlsx")
        dialog.fileSelected.connect(lambda p, bag=bag: self.export(bag, Path(p)))
        dialog.open()

    def export(self, bag: KeptBag, path: Path) -> None:
        """Write the winners off the ui thread (10,000 of them to .xlsx took openpyxl 2.4 s, mid-show)."""
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".xlsx")
        self.window.show_status(self.tr("Exporting the winners…"), 0)
        self._spawn(self._export(bag, path), f"export:{bag.local_id}")

    async def _export(self, bag: KeptBag, path: Path) -> None:
        try:
            written = await asyncio.to_thread(self.giveaways.export_winners, bag, path, tr_text)
        except (OSError, ValueError) as exc:
            self.window.show_status("")
            why = getattr(exc, "strerror", None) or type(exc).__name__   # the system's words, or the error's name
            self._fail(self.tr("The winners could not be exported: {why}").format(why=why))
            return
        self.window.show_status(self.tr("Winners exported to {path}").format(path=str(written)), 6000)

    # ------------------------------------------------------------------ red packets

    def send_packet(self) -> None:
        spec = self.packet_form.spec()
        problems = spec.problems()
        if problems:
            self.packet_problem.setText(reasons_text(problems))
            self.packet_problem.show()
            return
        if "send" in self._busy:    # a double click: one packet
            return
        self._hold("send", True)
        self._spawn(self._send(spec), "send")

    async def _send(self, spec) -> None:
        command = SendRedPacket(spec)
        try:
            if not await self._confirmed("send", command):
                return
            result = await self.giveaways.send_red_packet(spec)
        finally:
            self._hold("send", False)
        if result.outcome is not None:
            confirm.report_outcome(self.window, command, result.outcome)
        elif not result.ok:
            self._fail(self.tr("The red packet was not sent: {why}").format(why=tr_text(result.reason)))
        self.refresh_packets()

    def stop(self) -> None:
        self._ticker.stop()
        self._redraw.stop()
        unsubscribe_all(self._unfollow)
        for key in self._keys:
            self.session.tasks.cancel(key)


class GiveawaysFeature(FeatureBase):
    """Lucky bags and red packets, in a dock tabbed with promotions."""

    def __init__(self, window) -> None:
        self.panel = GiveawaysPanel(window)
        window.add_dock("giveaways", QCoreApplication.translate("MainWindow", "Giveaways"), self.panel,
                        Qt.DockWidgetArea.RightDockWidgetArea, tab_with="promotions", scroll=True)

    def set_room(self, room) -> None:
        self.panel.set_room(room)

    def refresh(self, dirty: set[Aspect]) -> None:
        if Aspect.ROOM in dirty:
            self.panel.refresh_buttons()
        if Aspect.GIVEAWAYS in dirty:
            self.panel.refresh_packets()
            self.panel.refresh_bags()

    def stop(self) -> None:
        self.panel.stop()
