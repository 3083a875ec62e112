"""Every control of the console window, pressed once: against a real Studio with an audience, an
assistant's console has every menu action of its window triggered (but the run of show's) and every
button of the window and each dialog it opens pressed — the way a person reaches them (rows
selected first, at a person's pace, dialogs answered, file dialogs given a file under tmp_path):
the File, Room, View and Help menus, the shelf and the catalog, promotions, giveaways, the comment panels
and the user card, the room's end with Retry and Send again (journal), and the notifications.
Nothing may go wrong meanwhile (see support/crawl.py), except in the steps whose right outcome is
a notice (a coupon into an ended room). The run of show, the presenter view and the show editor
are crawled by test_every_control_show.py.

Not pressed: File → Quit and closing the main window (they end the app), and Room → Start the
live room (the demo room is live; Start is offered only for a scheduled room).

After the scripted steps a sweep presses any button of the window (outside the run of show)
still unpressed that is enabled and in view, so a button added later is pressed too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton, QApplication, QDialogButtonBox, QLabel, QMessageBox, QPushButton, QToolButton,
)
from support.crawl import (
    Crawl, action_named, button_named, in_show_area, key, label, own_buttons, run_crawl,
)
from support.viewers import post
from support.window import armed_bar_of, choose, comments_of, promotions_of, shelf_of

from anchor_console.domain.models import CouponState, FlashSaleState, RoomStatus
from anchor_console.room.commands import AddToShelf
from anchor_console.room.journal import CONFIRMED

B = QDialogButtonBox.StandardButton


@pytest.mark.slow(25)
@pytest.mark.asyncio
async def test_every_control_of_the_console_window(console_factory, studio_factory, tmp_path, monkeypatch):
    await run_crawl(console_factory, studio_factory, tmp_path, monkeypatch,
                    [file_menu, room_view_help_menus, live_plans, shelf_buttons, shelf_busy_row, promotions_panel,
                     giveaways_panel, comments_and_word_lists, user_card_review_questions, ending_the_room, leftovers],
                    elsewhere=in_show_area)   # crawled by test_every_control_show.py


# ---------------------------------------------------------------------- main window menus

async def file_menu(crawl: Crawl) -> None:
    window, session = crawl.window, crawl.session

    async with crawl.phase("File → Connections…"):
        from anchor_console.ui.settings.connections_dialog import ConnectionsDialog

        dialog = await crawl.from_menu("Connections", ConnectionsDialog)
        crawl.press(button_named(dialog, "Add"))
        await crawl.expect(lambda: len(dialog.settings.connections) == 2, "Add adds a connection", 1)
        crawl.press(dialog.remove_button)
        await crawl.expect(lambda: len(dialog.settings.connections) == 1, "Remove removes the new one", 1)
        crawl.press(dialog.fetch)
        await crawl.expect(lambda: "Connected" in dialog.result.text(), "Test and list rooms lists the rooms")
        old_room = session.room
        await crawl.finish_dialog(dialog, B.Save)
        await crawl.expect(lambda: session.room is not None and session.room is not old_room
                           and session.room.state.loaded and shelf_of(window).model.rows,
                           "Save reconnects to the room", 20)
        dialog = await crawl.from_menu("Connections", ConnectionsDialog)
        await crawl.finish_dialog(dialog, B.Cancel)

    async with crawl.phase("File → Settings…"):
        from anchor_console.ui.settings.settings_dialog import SettingsDialog

        for which in (B.Save, B.Cancel):
            dialog = await crawl.from_menu("Settings", SettingsDialog)
            await crawl.finish_dialog(dialog, which)


async def room_view_help_menus(crawl: Crawl) -> None:
    window, session = crawl.window, crawl.session
    bar = window.menuBar()

    async with crawl.phase("Room → Push URL for OBS…"):
        from anchor_console.ui.settings.settings_dialog import PushUrlDialog

        dialog = await crawl.from_menu("Push URL for OBS", PushUrlDialog)
        await crawl.expect(lambda: dialog.key.text() and dialog.server.text(), "the push URL loads")
        for i, copy in enumerate(b for b in own_buttons(dialog) if label(b) == "Copy"):
            crawl.press(copy, f"Copy {('server', 'stream key')[i]}")
        assert QApplication.clipboard().text() == dialog.key.text()
        from anchor_console.ui.common.clipboard import secret_mime
        marks = set(secret_mime("").formats()) - {"text/plain"}   # a secret: marked for clipboard histories
        assert marks <= set(QApplication.clipboard().mimeData().formats())
        await crawl.finish_dialog(dialog, B.Close)

    async with crawl.phase("Room → Connection status…"):
        from anchor_console.ui.shell.connection_details import ConnectionDetails

        dialog = await crawl.from_menu("Connection status", ConnectionDetails)
        assert dialog.message.text() == window.header.details and "Studio" in dialog.message.text()
        dialog.close()

    async with crawl.phase("Room → Room-wide mute"):
        room = lambda: session.room.state.room
        mute = window.mute_action
        crawl.trigger(mute, "Room-wide mute (cancelled)")
        await crawl.answer_box(QMessageBox.StandardButton.Cancel, name="confirm-room-mute")
        assert not mute.isChecked() and not room().mute_all
        crawl.trigger(mute, "Room-wide mute (on)")
        await crawl.answer_box(QMessageBox.StandardButton.Yes, name="confirm-room-mute")
        await crawl.expect(lambda: room().mute_all and mute.isChecked() and mute.isEnabled(),
                           "the room is muted (and the mute answered)")
        crawl.trigger(mute, "Room-wide mute (off)")
        await crawl.expect(lambda: not room().mute_all and not mute.isChecked(), "the room talks again")

    async with crawl.phase("View menu"):
        for key_, dock in window.docks.items():
            toggle = dock.toggleViewAction()
            crawl.trigger(toggle, f"View → {toggle.text()} (hide)")
            assert not dock.isVisible(), f"{key_} still shown"
            crawl.trigger(toggle, f"View → {toggle.text()} (show)")
            assert dock.isVisible(), f"{key_} not shown again"
        crawl.trigger(action_named(bar, "Reset layout"))
        await crawl.settle()

    async with crawl.phase("View → Data screen"):
        from anchor_console.ui.data_screen.data_screen import DataScreen

        screen = await crawl.from_menu("Data screen", DataScreen)
        screen.close()

    async with crawl.phase("File → Past shows…"):
        from anchor_console.ui.review.feature import PastShowsDialog

        dialog = await crawl.from_menu("Past shows", PastShowsDialog)
        await crawl.expect(lambda: "recorded" in dialog.status.text(), "the recorded shows are listed")
        crawl.press(button_named(dialog, "Open review"))   # the newest, if any (tests/ui/test_data_screen_and_review.py)
        crawl.press(button_named(dialog, "Close"))

    async with crawl.phase("Help → About"):
        crawl.trigger(action_named(bar, "About Anchor Console"))
        await crawl.answer_box(QMessageBox.StandardButton.Ok)

    crawl.skipped += ["File → Quit: ends the app (closing the window too)",
                      "Room → Start the live room: disabled while the room is live (offered for a scheduled room)",
                      "Room → Products across platforms: disabled in a room on one platform "
                      "(test_platform_links_dialog.py opens it on two)"]
    crawl.pressed[key(window.quit_action)] = "skipped"
    crawl.pressed[key(action_named(bar, "Products across platforms"))] = "skipped"
    crawl.pressed[key(window.start_action)] = "skipped"


async def live_plans(crawl: Crawl) -> None:
    """Room → Live plans…: a plan made in the editor, its edit cancelled, its poster, its link, and
    Go live cancelled at the question (going live would move the console to the plan's room;
    tests/ui/test_live_plans_ui.py goes live); then the window's other buttons."""
    from anchor_console.ui.plans.plans_window import PlansWindow
    from anchor_console.ui.plans.poster_dialog import PosterDialog

    async with crawl.phase("Room → Live plans…"):
        plans = await crawl.from_menu("Live plans", PlansWindow)
        await crawl.expect(lambda: "plan" in plans.status.text(), "the plans are read")
        crawl.press(plans.new_button)
        editor = await crawl.expect(lambda: plans.editor is not None and plans.editor.isVisible() and plans.editor,
                                    "the plan editor opens", 3)
        await crawl.sweep(editor, spare_dialog_buttons=True)     # Choose… (cover, run of show): cancelled
        editor.title.setText("爬虫测试直播")
        await crawl.expect(lambda: editor.ok.isEnabled(), "a plan with a title can be created", 3,
                           detail=lambda: editor.problems.text())
        crawl.press(editor.ok, "Create plan")
        await crawl.expect(lambda: not editor.isVisible() and plans.plans, "the plan is created and listed", 15)
        plans.table.selectRow(0)
        crawl.press(plans.edit_button)
        editor = await crawl.expect(lambda: plans.editor.isVisible() and plans.editor, "the editor opens", 3)
        await crawl.finish_dialog(editor, B.Cancel)
        crawl.press(plans.poster_button)
        poster = await crawl.popup(PosterDialog)
        await crawl.expect(lambda: poster.copy_button.isEnabled(), "the poster is made", 15)
        crawl.press(poster.copy_button)
        crawl.press(poster.save_button)
        await crawl.answer_file(crawl.tmp / "poster.png")
        await crawl.expect(lambda: (crawl.tmp / "poster.png").exists(), "Save PNG… writes the poster", 5)
        await crawl.finish_dialog(poster, B.Close)
        crawl.press(plans.link_button)
        await crawl.expect(lambda: QApplication.clipboard().text().endswith(f"/watch/{plans.plans[0].room_id}"),
                           "Copy link copies the room's link", 5)
        crawl.press(plans.go_button)
        await crawl.answer_box(QMessageBox.StandardButton.Cancel, name="confirm-go-live")
        await crawl.sweep(plans)
        if plans.isVisible():
            crawl.press(button_named(plans, "Close"))


# ---------------------------------------------------------------------- shelf

async def shelf_buttons(crawl: Crawl) -> None:
    window, session = crawl.window, crawl.session
    shelf = shelf_of(window)

    async with crawl.phase("Shelf: 讲解, sale, price, remove, list"):
        shelf.tabs.setCurrentIndex(0)
        shelf.view.selectRow(1)
        item = shelf.selected_item()
        pid = item.product_id

        async def row_done() -> None:
            """At a person's pace: the row's last action has its answer before the next press (a
            press while it is out is refused by design — see the step after this one)."""
            await crawl.expect(lambda: not session.actions.is_pending(f"product:{pid}"), "the row's action is answered")

        for _ in range(2):
            was = shelf.selected_item().on_stage
            crawl.press(shelf.stage_button)
            await crawl.expect(lambda was=was: (crawl.state().stage_product_id == pid) != was
                               and shelf.selected_item().on_stage != was, "讲解 toggles")
            await row_done()
        for _ in range(2):
            was = shelf.selected_item().on_sale
            crawl.press(shelf.sale_button)
            await crawl.expect(lambda was=was: shelf.selected_item().on_sale != was, "the sale toggles")
            await row_done()

        from anchor_console.ui.shelf.shelf_panel import PriceDialog

        sku = item.product.skus[0]
        crawl.press(shelf.price_button)
        dialog = await crawl.popup(PriceDialog)
        dialog.price.setValue(round(sku.price_fen * 0.9) / 100)
        await crawl.finish_dialog(dialog, QDialogButtonBox.StandardButton.Ok)
        await crawl.answer_box(QMessageBox.StandardButton.Yes, name="confirm-money-action")
        await crawl.expect(lambda: crawl.state().shelf_item(pid).product.sku(sku.id).price_fen
                           == round(sku.price_fen * 0.9), "the new price shows")
        await row_done()
        crawl.press(shelf.price_button)
        dialog = await crawl.popup(PriceDialog)
        await crawl.finish_dialog(dialog, QDialogButtonBox.StandardButton.Cancel)

        order = [it.product_id for it in crawl.state().shelf]
        crawl.press(shelf.remove_button)
        await crawl.expect(lambda: crawl.state().shelf_item(pid) is None, "Remove takes the product off the shelf")
        undo = await crawl.expect(lambda: next((b for b in window.notifications.findChildren(QPushButton)
                                                if b.text() == "Undo"), None), "the notification offers Undo")
        await row_done()
        if undo is not None:
            crawl.press(undo, "Undo (taken off the shelf)")
            await crawl.expect(lambda: [it.product_id for it in crawl.state().shelf] == order,
                               f"Undo puts the product back where it was: {order}",
                               detail=lambda: [it.product_id for it in crawl.state().shelf])
        await row_done()

        # The catalog's List is a button painted in the table: clicked with the mouse.
        shelf.tabs.setCurrentIndex(1)
        await crawl.expect(lambda: shelf.catalog_model.rows and pid not in {p.id for p in shelf.catalog_model.rows},
                           "the catalog lists the products not on the shelf",
                           detail=lambda: (f"catalog {[p.id for p in shelf.catalog_model.rows]}, shelf model "
                                           f"{[it.product_id for it in shelf.model.rows]}, room "
                                           f"{[it.product_id for it in crawl.state().shelf]}"))
        product = shelf.catalog_model.rows[0]
        view = shelf.catalog_view
        rect = view.visualRect(shelf.catalog_model.index(0, 3))
        crawl.done.append("main-window: Catalog → List (painted button)")
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        await crawl.expect(lambda: crawl.state().shelf_item(product.id) is not None,
                           "List puts the product on the shelf")
        shelf.tabs.setCurrentIndex(0)


async def shelf_busy_row(crawl: Crawl) -> None:
    window, session = crawl.window, crawl.session
    shelf = shelf_of(window)

    async with crawl.phase("Shelf: Remove while the row's last action is still out"):
        # S then Delete in quick succession: the second action on the row is refused while the first
        # is out. Whatever the console does then, it must not say the product was taken off the
        # shelf unless it was.
        shelf.view.selectRow(1)
        pid = shelf.selected_item().product_id
        said = len(crawl.notifications)
        journalled = {e.id for e in session.journal.entries(limit=200)}
        crawl.press(shelf.sale_button, "On/off sale (S), then at once…")
        crawl.press(shelf.remove_button, "…Remove")
        await crawl.expect(lambda: not session.actions.is_pending(f"product:{pid}"), "the row's actions are answered")
        if any("taken off the shelf" in n for n in crawl.notifications[said:]):
            await crawl.expect(lambda: crawl.state().shelf_item(pid) is None,
                               "the product said to be “taken off the shelf” is off the shelf", 5,
                               detail=lambda: "still on the shelf; actions sent since the press: " + ", ".join(
                                   e.kind for e in session.journal.entries(limit=200)
                                   if e.id not in journalled and e.origin not in ("moderation", "rules")))
        for frame in window.notifications._frames():   # its Undo would put back what is still there
            if "taken off the shelf" in frame.findChild(QLabel).text():
                crawl.press(next(b for b in frame.findChildren(QToolButton) if b.text() == "✕"), "✕ (that notice)")
        if crawl.state().shelf_item(pid) is None:  # it was removed after all: back on the shelf for what follows
            crawl.session.actions.run(AddToShelf(pid))
            await crawl.expect(lambda: crawl.state().shelf_item(pid) is not None, "the product is listed again")
        shelf.select_product(pid)
        await crawl.expect(lambda: not session.actions.is_pending(f"product:{pid}") and shelf.selected_item() is not None
                           and shelf.selected_item().on_sale == crawl.state().shelf_item(pid).on_sale,
                           "the row shows the room's state")
        if not crawl.state().shelf_item(pid).on_sale:
            crawl.press(shelf.sale_button, "On/off sale (S) back on")
            await crawl.expect(lambda: crawl.state().shelf_item(pid).on_sale, "it is on sale again")


# ---------------------------------------------------------------------- promotions

async def promotions_panel(crawl: Crawl) -> None:
    window = crawl.window
    panel = promotions_of(window)
    bar = armed_bar_of(window)

    async with crawl.phase("Promotions: coupons"):
        window.show_dock("promotions")
        panel.quantity.setValue(1000)   # the audience claims coupons: a small batch is all claimed before it is stopped
        await fire_then_stop(crawl, panel.issue_button, lambda: crawl.state().coupons, panel.coupon_model,
                             panel.coupon_view, panel.stop_coupon_button, CouponState.ENDED, "the issued batch shows",
                             "Stop batch ends it")

    async with crawl.phase("Promotions: flash sale"):
        form = panel.flash
        pid = shelf_of(window).model.rows[0].product_id
        choose(form.product, pid)
        form.stock.setValue(min(50, form.stock.maximum()))   # the audience buys: not sold out before Stop early
        form.countdown.setValue(0)
        form.duration.setValue(60)
        crawl.press(panel.arm_button)
        await crawl.expect(lambda: bar.isVisible(), "Arm shows the armed bar", 2)
        crawl.press(bar.disarm_button)
        await crawl.expect(lambda: not bar.isVisible(), "Disarm hides it", 2)
        crawl.press(panel.arm_button)
        await fire_then_stop(crawl, bar.fire_button, lambda: crawl.state().flash_sales, panel.flash_model,
                             panel.flash_view, panel.stop_flash_button, FlashSaleState.ENDED, "the flash sale shows",
                             "Stop early ends it")


async def fire_then_stop(crawl: Crawl, fire, items, model, view, stop_button, ended, shows: str, stops: str) -> None:
    """Press `fire` and confirm the money action: a new one appears among `items()` (the room's
    coupons or flash sales, by id), and once `model` lists it, it is selected in `view` and
    `stop_button` brings it to the `ended` state."""
    before = set(items())
    crawl.press(fire)
    await crawl.answer_box(QMessageBox.StandardButton.Yes, name="confirm-money-action")
    new = await crawl.expect(lambda: set(items()) - before, shows)
    if new:
        item_id = next(iter(new))
        await crawl.expect(lambda: any(x.id == item_id for _c, _p, x in model.rows), "listed", 3)
        view.selectRow(next(i for i, (_c, _p, x) in enumerate(model.rows) if x.id == item_id))
        crawl.press(stop_button)
        await crawl.expect(lambda: items()[item_id].state is ended, stops)


# ---------------------------------------------------------------------- giveaways

async def giveaways_panel(crawl: Crawl) -> None:
    from anchor_console.session.giveaway_store import DRAWN, OPEN
    from anchor_console.ui.giveaways.giveaways_panel import GiveawaysFeature

    window, session = crawl.window, crawl.session
    panel = window.feature(GiveawaysFeature).panel
    giveaways = session.giveaways

    async with crawl.phase("Giveaways: a lucky bag, drawn, exported, re-checked"):
        window.show_dock("giveaways")
        panel.tabs.setCurrentIndex(0)
        panel.bag_form.prize.setEditText("保温杯")
        panel.bag_form.keyword.setText("抽我")
        crawl.press(panel.start_button)
        await crawl.answer_box(QMessageBox.StandardButton.Yes, name="confirm-money-action")   # a lucky bag is money
        bag = await crawl.expect(lambda: next((b for b in giveaways.bags() if b.state == OPEN), None),
                                 "Start lucky bag opens one")
        if bag is not None:
            panel.select_bag(bag.local_id)
            crawl.press(panel.copy_button)
            await crawl.expect(lambda: panel.draw_button.isEnabled(), "Draw now is offered", 2)
            crawl.press(panel.draw_button)
            await crawl.expect(lambda: giveaways.bags()[-1].state == DRAWN and panel.recheck_button.isEnabled(),
                               "Draw now draws it")
            for path in (crawl.tmp / "winners.xlsx", crawl.tmp / "winners.csv"):
                if panel.export_button.isEnabled():   # nobody entered: nothing to export
                    crawl.press(panel.export_button)
                    await crawl.answer_file(path)
                    await crawl.expect(lambda path=path: path.exists(), f"Export winners… writes {path.name}", 3)
            crawl.press(panel.recheck_button)
            await crawl.expect(lambda: panel.verdict.text().startswith("✓"), "Re-check verifies the draw",
                               detail=lambda: panel.verdict.text())

    async with crawl.phase("Giveaways: a red packet (cancelled, then sent)"):
        panel.tabs.setCurrentIndex(1)
        crawl.press(panel.send_button, "Send red packet… (cancelled)")
        await crawl.answer_box(QMessageBox.StandardButton.Cancel, name="confirm-money-action")
        await crawl.expect(lambda: panel.send_button.isEnabled(), "Send is offered again", 2)
        crawl.press(panel.send_button)
        await crawl.answer_box(QMessageBox.StandardButton.Yes, name="confirm-money-action")
        await crawl.expect(lambda: panel.packet_model.rows, "the red packet is listed")
        panel.tabs.setCurrentIndex(0)


# ---------------------------------------------------------------------- comments

async def comments_and_word_lists(crawl: Crawl) -> None:
    window, studio = crawl.window, crawl.studio
    feed = comments_of(window).feed

    async with crawl.phase("Comments: viewers say things"):
        await post(studio, "第一次来,主播好", nickname="常客")
        for i, text in enumerate(["去某宝买同款", "拼多多更便宜啊"]):
            await post(studio, text, nickname=f"比价{i}")
        for i, text in enumerate(["XL有吗", "主播XL还有吗", "这个多少钱", "多少钱啊"]):
            await post(studio, text, nickname=f"问{i}")
        await crawl.expect(lambda: any(it.comment.text == "第一次来,主播好" for it in feed.model.items()),
                           "the regular's comment shows in the feed")

    async with crawl.phase("Comments: Word lists…"):
        from anchor_console.ui.comments.word_lists_dialog import WordListsDialog

        crawl.press(button_named(window, "Word lists…"))
        dialog = await crawl.popup(WordListsDialog)
        groups = dialog.groups.count()
        crawl.press(button_named(dialog, "New group"))
        await crawl.expect(lambda: dialog.groups.count() == groups + 1, "New group adds a group", 1)
        dialog.words.setPlainText("测试词一\n测试词二")
        crawl.press(dialog.apply_words)
        await crawl.expect(lambda: "测试词一" in dialog._group().words, "Apply keeps the words", 1)
        words = crawl.tmp / "words.txt"
        words.write_text("导入词\n", encoding="utf-8")
        crawl.press(button_named(dialog, "Import…"))
        await crawl.answer_file(words)
        await crawl.expect(lambda: "imported" in dialog.error.text(), "Import says what it imported", 2)
        exported = crawl.tmp / "exported-words.csv"
        crawl.press(button_named(dialog, "Export…"))
        await crawl.answer_file(exported)
        await crawl.expect(lambda: exported.exists() and "导入词" in exported.read_text("utf-8"),
                           "Export writes the lists", 2)
        dialog.sample.setText("加微信聊")
        await crawl.finish_dialog(dialog, QDialogButtonBox.StandardButton.Close)

    async with crawl.phase("Comments: N new ↓"):
        scroll = feed.view.verticalScrollBar()
        await crawl.expect(lambda: scroll.maximum() > 0, "the feed is long enough to scroll", 15)
        scroll.setValue(0)
        await crawl.expect(lambda: feed.view.new_button.isVisible(), "new comments wait behind “N new ↓”", 15)
        crawl.press(feed.view.new_button, "N new ↓")
        await crawl.expect(lambda: not feed.view.new_button.isVisible(), "it jumps to the newest", 3)


async def user_card_review_questions(crawl: Crawl) -> None:
    window, session = crawl.window, crawl.session
    comments = comments_of(window)
    feed, review, questions = comments.feed, comments.review, comments.questions
    desk = session.desk

    async with crawl.phase("Comments: the user card"):
        from anchor_console.ui.comments.user_card import UserCard

        row = next(r for r, it in enumerate(feed.model.items()) if it.comment.text == "第一次来,主播好")
        feed.view.setCurrentIndex(feed.model.index(row))
        await crawl.activate(window)
        feed.view.setFocus()
        crawl.done.append("main-window: U on a comment (the viewer's card)")
        QTest.keyClick(feed.view, Qt.Key.Key_U)
        card = await crawl.popup(UserCard)
        user_id = card.record.comment.user_id
        assert card.record.comment.nickname == "常客"
        logged = len(desk.modlog.for_user(user_id))
        for text in ("Mute 10 min", "Mute 60 min", "Unmute", "Ban", "Unban"):
            crawl.press(button_named(card, text))
            await crawl.settle(0.2)
        card.allow.click()
        card.allow.click()
        crawl.done.append("user-card: Trusted viewer (on, off)")
        await crawl.expect(lambda: len(desk.modlog.for_user(user_id)) >= logged + 3,
                           "the card's actions are in the mod log")
        await crawl.finish_dialog(card, QDialogButtonBox.StandardButton.Close)

    async with crawl.phase("Comments: review"):
        window.show_dock("review")
        review.tabs.setCurrentIndex(0)
        await crawl.expect(lambda: review.held.count() >= 2, "the price-comparison comments are held")
        for button in (button_named(review, "Approve (A)"), button_named(review, "Reject (R)")):
            held = len(desk.review)
            review.held.setCurrentRow(0)
            crawl.press(button)
            await crawl.expect(lambda held=held: len(desk.review) < held, f"{label(button)} takes it from the queue")
        review.tabs.setCurrentIndex(1)
        await crawl.expect(lambda: review.log.count() > 0, "the mod log lists what was done")

    async with crawl.phase("Comments: buyer questions"):
        window.show_dock("questions")
        await crawl.expect(lambda: len(questions.model.groups) >= 2, "buyer questions are grouped", 15)
        questions.view.selectRow(0)
        answered = questions.selected()
        crawl.press(button_named(questions, "Answered"))
        await crawl.expect(lambda: desk.questions.group(answered.id).answered, "Answered marks it")
        questions.view.selectRow(0)
        group = questions.selected()
        presenter_messages = []
        unsubscribe = session.show.anchor_message.connect(presenter_messages.append)
        crawl.press(button_named(questions, "To presenter view"))
        unsubscribe()
        assert presenter_messages and desk.questions.group(group.id).sent_to_presenter
        questions.view.selectRow(0)
        questions.answer.setText("XL有货,拍2号链接")
        crawl.press(button_named(questions, "Post and pin"))
        await crawl.expect(lambda: any(e.kind == "pin_comment" and e.status == CONFIRMED
                                       for e in session.journal.entries(limit=30)), "the answer is posted and pinned")


# ---------------------------------------------------------------------- the room ends; retries

async def ending_the_room(crawl: Crawl) -> None:
    window, session = crawl.window, crawl.session
    bar = window.menuBar()
    status = lambda: session.room.state.room.status
    panel = promotions_of(window)

    async with crawl.phase("Room → End the live room"):
        crawl.trigger(action_named(bar, "End the live room"), "End the live room (cancelled)")
        await crawl.answer_box(QMessageBox.StandardButton.Cancel, title="End the live room")
        await crawl.settle(0.2)
        assert status() is RoomStatus.LIVE
        crawl.trigger(action_named(bar, "End the live room"))
        await crawl.answer_box(QMessageBox.StandardButton.Yes, title="End the live room")
        await crawl.expect(lambda: status() is RoomStatus.ENDED, "the room ends")

    async with crawl.phase("Retry and Send again (a coupon into the ended room)"):
        crawl.trap.notices_expected = True   # its failures are told: that is what is pressed here
        window.show_dock("promotions")
        shown = {key(f) for f in window.notifications._frames()}
        crawl.press(panel.issue_button, "Issue coupons (room ended)")
        await crawl.answer_box(QMessageBox.StandardButton.Yes, name="confirm-money-action")

        def new_retry():
            for frame in window.notifications._frames():
                if key(frame) not in shown and frame.findChild(QLabel).text().startswith("Failed:"):
                    return next((b for b in frame.findChildren(QPushButton) if b.text() == "Retry"), None)
            return None

        retry = await crawl.expect(new_retry, "the failure is told, with Retry")
        entry = next(e for e in session.journal.entries(limit=200) if e.kind == "issue_coupon")
        if retry is not None:
            crawl.press(retry, "Retry (notification)")
            await crawl.expect(lambda: session.journal.get(entry.id).dispatches[0].attempts == 2
                               and not session.actions.is_pending(f"retry:{entry.id}"), "Retry resends it")
        from anchor_console.ui.journal.journal_panel import JournalFeature

        journal = window.feature(JournalFeature).panel
        window.show_dock("journal")
        await crawl.expect(lambda: any(e.id == entry.id for e in journal.model.entries), "the journal lists it", 3)
        journal.view.selectRow(next(i for i, e in enumerate(journal.model.entries) if e.id == entry.id))
        crawl.press(journal.retry_button)
        await crawl.expect(lambda: session.journal.get(entry.id).dispatches[0].attempts == 3
                           and not session.actions.is_pending(f"retry:{entry.id}"), "Send again resends it")
        journal.money_only.click()
        journal.money_only.click()
        crawl.trap.notices_expected = False


# ---------------------------------------------------------------------- notifications and the rest

async def leftovers(crawl: Crawl) -> None:
    window = crawl.window
    async with crawl.phase("Notifications"):
        bar = window.notifications
        while len(bar.messages()) < 3:
            window.notify(f"Notice {len(bar.messages())}", level="info")
        crawl.press(bar.more, "N more ▾")
        crawl.press(bar.more, "Show fewer ▴")
        for _ in range(10):  # each ✕ brings the next one into view
            close = next((b for b in bar.findChildren(QAbstractButton) if b.text() == "✕" and b.isVisible()), None)
            if close is None:
                break
            crawl.press(close, "✕ dismiss a notification")
        assert not bar.messages() and not bar.isVisible()

    async with crawl.phase("Sweep: every button not pressed yet"):
        crawl.trap.notices_expected = True   # the room has ended: what a button sends now fails, and says so
        window.activateWindow()
        await crawl.sweep(window)
