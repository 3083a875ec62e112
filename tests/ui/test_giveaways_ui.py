"""The giveaways dock (福袋/抽奖 and 红包) against a real Studio with its simulated audience: a keyword
lucky bag set up and started from the dock through the money confirmation (a double click starts
one), the audience enters (the count rises in the dock), Draw now, the winners shown (plain text)
with the revealed seed and the draw verified, the winners exported to .xlsx and .csv and read back,
the draw re-checked; a red packet sent through the money confirmation (a double click sends one),
its claims shown live; on a platform without lucky bags or red packets the buttons are off and say
why. Screenshots: ANCHOR_SHOTS=/some/dir pytest …"""

from __future__ import annotations

import asyncio
import csv
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox
from support.screenshots import shot
from support.studio import on_demo_studio
from support.viewers import post
from support.waiting import until
from support.window import find_dialog

from anchor_console.domain import draw
from anchor_console.domain.giveaways import EntryRule, LuckyBagSetup, Split
from anchor_console.session.giveaway_store import DRAWN, OPEN


def giveaways_of(window):
    from anchor_console.ui.giveaways.giveaways_panel import GiveawaysFeature

    return window.feature(GiveawaysFeature).panel


async def recheck_verifies(panel) -> None:
    """Re-check pressed for the chosen bag: its draw is verified (✓)."""
    panel.recheck_button.click()
    await until(lambda: panel.verdict.text().startswith(("✓", "✗")) and panel.recheck_button.isEnabled(), 15,
                message="Re-check said nothing")
    assert panel.verdict.text().startswith("✓"), panel.verdict.text()


async def export_through_dialog(panel, path: Path) -> None:
    """Export winners… as a person does: the save dialog, a file chosen."""
    panel.export_button.click()
    dialog = await until(lambda: find_dialog("export-winners-dialog"), 5, message="no save dialog")
    dialog.selectFile(str(path))
    dialog.accept()
    await until(lambda: path.exists(), 5, message=f"{path.name} was not written")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.asyncio
async def test_a_lucky_bag_and_a_red_packet_from_the_dock(console_factory, studio_factory, qapp, tmp_path, lang):
    from anchor_console.ui.common.i18n import install_translations

    install_translations(qapp, lang)
    native = QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    try:
        studio, console = await on_demo_studio(console_factory, studio_factory, "assistant", audience=30)
        await lucky_bag_from_the_dock(console, studio, tmp_path, lang)
        await red_packet_from_the_dock(console, lang)
    finally:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, native)
        install_translations(qapp, "en")


async def fire_in_the_confirmation(*words: str) -> None:
    """The money confirmation opened, saying what it fires (`words`); Fire is pressed."""
    box = await until(lambda: find_dialog("confirm-money-action"), 5, message="no money confirmation")
    assert all(w in box.text() for w in words), box.text()
    box.button(QMessageBox.StandardButton.Yes).click()


async def lucky_bag_from_the_dock(console, studio, tmp_path: Path, lang: str) -> None:
    window, session = console.window, console.session
    panel = giveaways_of(window)
    window.show_dock("giveaways")
    panel.tabs.setCurrentIndex(0)
    assert panel.bag_note.isHidden() and panel.packet_note.isHidden()
    await until(lambda: panel.start_button.isEnabled() and panel.bag_form.prize.count() > 0, 20,
                message="Start lucky bag is not offered")
    form = panel.bag_form
    assert form.staff.isChecked() and form.banned.isChecked() and form.muted.isChecked()
    form.prize.setEditText("")
    panel.start_button.click()                       # no prize: refused, and it says why
    assert panel.bag_problem.isVisible() and not session.giveaways.bags()
    assert panel.bag_problem.text() == {"en": "no prize given; no keyword for viewers to comment",   # the domain's
                                        "zh_CN": "未填写奖品；没有填写观众要评论的口令"}[lang]
    await shot(window.docks["giveaways"], f"giveaways-no-prize-{lang}")
    product = form.prize.itemText(0)
    form.prize.setCurrentIndex(0)
    form.winners.setValue(3)
    form.rule.setCurrentIndex(form.rule.findData(EntryRule.FOLLOW))
    assert form.keyword.isHidden()
    form.rule.setCurrentIndex(form.rule.findData(EntryRule.KEYWORD))
    assert not form.keyword.isHidden()
    form.keyword.setText("福袋666")
    form.set_countdown(300)
    assert form.minutes.value() == 5 and form.seconds.value() == 0
    panel.start_button.click()
    panel.start_button.click()                       # a double click: one confirmation, one bag
    await fire_in_the_confirmation(product, "3")
    bag = await until(lambda: next((b for b in session.giveaways.bags() if b.state == OPEN), None), 15,
                      message="the lucky bag did not open")
    setup = bag.setup
    assert setup.prize == product and setup.prize_product_id and setup.keyword == "福袋666"
    assert setup.countdown_s == 300 and setup.rule is EntryRule.KEYWORD
    await asyncio.sleep(0.3)
    assert len(session.giveaways.bags()) == 1
    kept_seed = session.giveaways.store.get(bag.local_id).seed

    # The audience enters (and so do three viewers of ours): the count rises in the dock.
    for i in range(3):
        await post(studio, "福袋666", nickname=f"<b>幸运儿{i}</b>")
    model = panel.bag_model
    count = lambda: int(model.data(model.index(0, model.ENTRANTS)).replace(",", "")) if model.rows else 0
    await until(lambda: count() >= 5, 20, message="the entrant count did not rise in the dock")
    assert model.rows[0].local_id == bag.local_id and model.data(model.index(0, model.TIME)) not in ("—", "")
    panel.select_bag(bag.local_id)
    assert bag.commitment[:12] in panel.commitment.text() and panel.commitment.toolTip() == bag.commitment
    # What the hex is, said under it; the buttons sit right under the list, the prize has the width.
    assert panel.commitment_note.isVisible() and panel.commitment_note.text()
    assert "seed" in panel.commitment_note.toolTip() or lang != "en"
    assert panel.draw_button.geometry().bottom() < panel.commitment.geometry().top()
    view = panel.bag_view
    assert view.columnWidth(model.PRIZE) > view.columnWidth(model.ENTRY)
    assert view.columnWidth(model.ENTRY) >= view.fontMetrics().horizontalAdvance(
        model.data(model.index(0, model.ENTRY)))
    prize = model.data(model.index(0, model.PRIZE))   # whole: on one line, or wrapped onto two
    lines = -(-view.fontMetrics().horizontalAdvance(prize) // max(1, view.columnWidth(model.PRIZE) - 8))
    assert view.wordWrap() and view.rowHeight(0) >= min(lines, 2) * view.fontMetrics().height()
    assert kept_seed[:12] not in panel.seed.text() and not panel.seed.toolTip()   # the secret stays secret
    assert panel.draw_button.isEnabled() and not panel.export_button.isEnabled()
    await shot(window, "giveaways-open-bag")

    panel.draw_button.click()
    drawn = await until(lambda: next((b for b in session.giveaways.bags() if b.state == DRAWN), None), 20,
                        message="Draw now did not draw")
    assert drawn.verified and drawn.winners
    await until(lambda: panel.selected_bag() is not None and panel.selected_bag().state == DRAWN, 5)
    assert panel.seed.toolTip() == kept_seed and kept_seed[:12] in panel.seed.text()
    for w in drawn.winners:
        assert (w.nickname or w.user_id) in panel.winners.text()
    assert panel.winners.textFormat() == Qt.TextFormat.PlainText
    assert panel.verdict.text().startswith("✓")
    assert panel.export_button.isEnabled() and panel.recheck_button.isEnabled() and not panel.draw_button.isEnabled()
    if lang == "en":
        assert "Drawn ✓" in model.data(model.index(0, model.STATE))
    await shot(window, "giveaways-drawn")
    await shot(window.docks["giveaways"], "giveaways-dock-drawn")

    xlsx, csv_path = tmp_path / "winners.xlsx", tmp_path / "winners.csv"
    await export_through_dialog(panel, xlsx)
    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == [w.user_id for w in drawn.winners] and rows[1][6] == kept_seed
    await export_through_dialog(panel, csv_path)
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        read = list(csv.reader(fh))
    assert [r[2] for r in read[1:]] == [w.nickname for w in drawn.winners]

    panel.verdict.setText("")
    await recheck_verifies(panel)
    assert lang != "en" or "Verified" in panel.verdict.text()
    await another_consoles_bag(console, panel)


async def another_consoles_bag(console, panel) -> None:
    """A bag this console did not start (another seat's, say) is listed from the room's events:
    it cannot be drawn from here, its seed shows once the platform published it, and its draw
    can be re-checked."""
    session = console.session
    binding = session.room.bindings[0]
    platform, room_id = binding.platform, binding.room_id
    seed = draw.new_seed()
    other = await platform.start_lucky_bag(room_id, LuckyBagSetup("口红", 1, EntryRule.FOLLOW, countdown_s=60),
                                           draw.commitment(seed), key="another-console:start")
    row = lambda: next((b for b in panel.bag_model.rows if b.bag_id == other.id), None)
    await until(row, 10, message="another console's bag is not listed")
    panel.select_bag(row().local_id)
    assert not panel.draw_button.isEnabled() and seed[:12] not in panel.seed.text()
    await asyncio.sleep(1.0)                         # the audience follows and enters
    await platform.close_lucky_bag(room_id, other.id, key="another-console:close")
    await platform.draw_lucky_bag(room_id, other.id, seed, key="another-console:draw")
    await until(lambda: row().state == DRAWN, 10, message="its draw did not show")
    panel.select_bag(row().local_id)
    assert panel.seed.toolTip() == seed
    await recheck_verifies(panel)


async def red_packet_from_the_dock(console, lang: str) -> None:
    window, session = console.window, console.session
    panel = giveaways_of(window)
    panel.tabs.setCurrentIndex(1)
    form = panel.packet_form
    form.total.setValue(12.34)
    form.count.setValue(5)
    form.split.setCurrentIndex(form.split.findData(Split.EQUAL))
    form.message.setText("感谢支持")
    assert form.spec().total_fen == 1234
    assert panel.send_button.isEnabled()
    panel.send_button.click()
    panel.send_button.click()                        # a double click: one confirmation, one packet
    box = await until(lambda: find_dialog("confirm-money-action"), 5, message="no money confirmation")
    assert "¥12.34" in box.text() and "5" in box.text()
    assert not panel.send_button.isEnabled()
    await shot(box, "giveaways-red-packet-confirm")
    box.button(QMessageBox.StandardButton.Yes).click()
    packets = panel.packet_model
    await until(lambda: packets.rows, 15, message="the red packet is not listed")
    assert len(packets.rows) == 1 and packets.rows[0].spec.total_fen == 1234
    await until(lambda: packets.rows[0].claimed_count > 0, 20, message="no claim showed")
    assert format(packets.rows[0].claimed_count) in packets.data(packets.index(0, packets.CLAIMED))
    await shot(window, "giveaways-red-packets")
    # Cancelled: nothing goes out. (The button waits for the first packet's answer: under load that
    # can come after the first claim shows.)
    await until(lambda: panel.send_button.isEnabled(), 15, message="Send stays off after the packet was sent")
    panel.send_button.click()
    box = await until(lambda: find_dialog("confirm-money-action"), 5, message="no money confirmation")
    box.button(QMessageBox.StandardButton.Cancel).click()
    await until(lambda: panel.send_button.isEnabled(), 5)
    await asyncio.sleep(0.3)
    assert len(await session.giveaways.room_red_packets()) == 1


@pytest.mark.asyncio
async def test_on_wechat_the_buttons_are_off_and_say_why(console_factory, studio_factory):
    from support.wechat import emulated_console

    console = await emulated_console(console_factory, studio_factory("--demo", "--audience", "0"))
    session = console.session
    await until(lambda: session.room is not None and all(s.loaded for s in session.room.states.values())
                and "shop" in session.room.platform_ids, 40, message="the WeChat room did not load")
    console.window._refresh_dirty()
    panel = giveaways_of(console.window)
    console.window.show_dock("giveaways")
    for button, what in ((panel.start_button, "lucky bags"), (panel.send_button, "red packets")):
        assert not button.isEnabled()
        tip = button.toolTip()
        assert what in tip and "小程序直播" in tip and "视频号小店" in tip, tip
        assert len(tip.splitlines()) >= 2, tip        # each platform's own reason, in words
    assert panel.bag_note.isVisible() and "lucky bags" in panel.bag_note.text()
    await shot(console.window, "giveaways-wechat")
    panel.start_bag()        # even if reached: nothing starts, and nothing breaks
    await asyncio.sleep(0.2)
    assert not session.giveaways.bags()


@pytest.mark.asyncio
async def test_exporting_many_winners_does_not_hold_the_window(console_factory, studio_factory, tmp_path, monkeypatch):
    """Up to 10,000 winners (openpyxl took 2.4 s for them): written in the background, said when done."""
    import threading
    import time

    from anchor_console.domain.giveaways import Entrant
    from anchor_console.session.giveaway_store import KeptBag

    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    session, panel = console.session, giveaways_of(console.window)
    released = threading.Event()
    real = session.giveaways.export_winners

    def slow(*args, **kwargs):   # a long write, over when the test says so
        assert released.wait(3), "the write was never let go"
        return real(*args, **kwargs)

    monkeypatch.setattr(session.giveaways, "export_winners", slow)
    bag = KeptBag("local", "key", session.room.room_key, "", LuckyBagSetup("帆布包", 10_000), "s" * 64, "c" * 64,
                  state=DRAWN, bag_id="9", drawn_at=time.time(),
                  winners=tuple(Entrant(f"u{i}", f"观众{i}") for i in range(10_000)))
    path = tmp_path / "winners.xlsx"
    began = time.monotonic()
    panel.export(bag, path)
    assert time.monotonic() - began < 1.0, "the window waited for the file"
    assert "Exporting" in console.window.statusBar().currentMessage()
    released.set()
    await until(lambda: "Winners exported" in console.window.statusBar().currentMessage(), 15)
    assert load_workbook(path).active.max_row == 10_001


@pytest.mark.asyncio
async def test_a_bag_of_a_seat_that_went_is_drawn_here(console_factory, studio_factory, tmp_path):
    """Two seats: the assistant's starts a bag, the anchor's dock lists it with whose it is and Draw
    here off, saying why; the assistant's computer dies; Draw here comes on, takes the bag over
    (taken over from the assistant's seat) and, pressed again as Draw now, draws it. A bag whose
    seed only its computer has (no crew channel) says so, on both seats."""
    from support.studio import staff_token, studio_settings

    studio = studio_factory("--demo", "--audience", "0")
    names = {"assistant": "李场控", "anchor": "王主播"}
    consoles = {}
    for role, name in names.items():
        settings = studio_settings(studio)
        settings.operator_name = ""
        consoles[role] = await console_factory(settings, token=staff_token(studio, name, role), home=tmp_path / role)
    starter, here = consoles["assistant"].session, consoles["anchor"]
    await until(lambda: all(len([p for p in c.session.crew.seats() if not p.gone]) == 2 for c in consoles.values()),
                30, message="the seats did not see each other")
    panel = giveaways_of(here.window)
    here.window.show_dock("giveaways")
    setup = LuckyBagSetup(prize="保温杯", winners=1, rule=EntryRule.KEYWORD, keyword="666", countdown_s=600)
    started = await starter.giveaways.start_lucky_bag(setup)
    assert started.ok and started.bag.shared

    def row():
        return next((b for b in panel.bag_model.rows if b.commitment == started.bag.commitment), None)

    await until(lambda: row() is not None, 15, message="the other seat's bag is not listed")
    panel.select_bag(row().local_id)
    await until(lambda: "李场控" in panel.crew_line.text(), 10, message="the dock does not say whose bag it is")
    assert panel.crew_line.isVisible() and "draws it when entry closes" in panel.crew_line.text()
    assert panel.draw_button.text() == "Draw here" and not panel.draw_button.isEnabled()

    starter.tasks.cancel("giveaways")   # the assistant's computer dies
    starter.tasks.cancel("crew")
    await until(lambda: panel.draw_button.isEnabled(), 30, message="Draw here did not come on")
    assert "which is gone" in panel.crew_line.text()
    panel.draw_button.click()
    taken = await until(lambda: next((b for b in here.session.giveaways.bags()
                                      if b.commitment == started.bag.commitment), None), 15,
                        message="the bag was not taken over")
    assert taken.state == OPEN and taken.started_by == "李场控"
    await until(lambda: panel.selected_bag() is not None and panel.selected_bag().local_id == taken.local_id, 5)
    assert panel.crew_line.text() == "Taken over from 李场控's seat."
    assert panel.draw_button.text() == "Draw now" and panel.draw_button.isEnabled()
    panel.draw_button.click()
    drawn = await until(lambda: next((b for b in here.session.giveaways.bags() if b.state == DRAWN), None), 20,
                        message="the taken-over bag was not drawn")
    assert drawn.verified and drawn.seed == started.bag.seed

    starter.crew.set_room(None)   # no crew channel: the seed stays on the computer that starts the bag
    alone = await starter.giveaways.start_lucky_bag(replace(setup, prize="帆布包"))
    assert alone.ok and not alone.bag.shared
    await until(lambda: row_of(panel, alone.bag.commitment) is not None, 15)
    panel.select_bag(row_of(panel, alone.bag.commitment).local_id)
    assert "not shared with the crew" in panel.crew_line.text() and not panel.draw_button.isEnabled()
    mine = giveaways_of(consoles["assistant"].window)
    mine.refresh_bags()
    mine.select_bag(alone.bag.local_id)
    assert "Only this computer can draw" in mine.crew_line.text()


def row_of(panel, commitment: str):
    return next((b for b in panel.bag_model.rows if b.commitment == commitment), None)
