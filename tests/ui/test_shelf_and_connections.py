"""Shelf details (drag to reorder, sale toggle, search) and the Connections dialog (tokens only in
the keyring; a clear message when there is no keyring)."""

from __future__ import annotations

import json

import pytest
import shiboken6
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel

from support.studio import on_demo_studio, studio_settings
from support.waiting import until
from support.window import open_connections, shelf_of, type_into
from support.blocked_files import block



@pytest.mark.asyncio
async def test_drag_reorder_sale_toggle_and_search(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    shelf = shelf_of(console.window)
    await until(lambda: len(shelf.model.rows) == 10)
    before = [it.product_id for it in shelf.model.rows]
    # Drag row 0 below row 2.
    data = shelf.model.mimeData([shelf.model.index(0, 0)])
    shelf.model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    expected = before[1:3] + before[:1] + before[3:]
    assert [it.product_id for it in shelf.model.rows] == expected  # optimistic at once
    await until(lambda: [it.product_id for it in console.session.room.state.shelf] == expected)

    # Sale toggle on the selected product, from the keyboard shortcut's slot.
    shelf.select_product(before[4])
    shelf.toggle_sale()
    await until(lambda: not console.session.room.state.shelf_item(before[4]).on_sale)
    await until(lambda: shelf.model.state_text(next(i for i in shelf.model.rows if i.product_id == before[4]))
                == "Off sale")

    # Search narrows the view, and reordering is off while it does.
    shelf.search.setText("口红")
    assert shelf.proxy.rowCount() == 1
    assert not shelf.view.dragEnabled()
    shelf.search.clear()
    assert shelf.proxy.rowCount() == 10


@pytest.mark.asyncio
async def test_connections_dialog_keeps_tokens_in_the_keyring(console_factory, studio_factory, memory_keyring):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    dialog = open_connections(console)
    dialog.add_connection()
    type_into(dialog.name, "备用直播间")
    type_into(dialog.url, studio.url)
    type_into(dialog.token, "secret-token-123")
    dialog.room.setEditText(str(studio.room_id))
    dialog.enabled.setChecked(False)   # the room connected already: a second connection on to it is refused
    new_id = dialog.current().id
    await dialog.save()
    assert memory_keyring.store[("anchor-console", new_id)] == "secret-token-123"
    raw = console.session.paths.settings_file.read_text(encoding="utf-8")
    assert "secret-token-123" not in raw
    saved = json.loads(raw)["connections"]
    assert [c["name"] for c in saved] == ["Studio", "备用直播间"]


@pytest.mark.asyncio
async def test_no_keyring_is_said_plainly(console_factory, studio_factory, monkeypatch):
    import anchor_console.session.tokens as ts

    monkeypatch.setattr(ts, "keyring_usable", lambda: False)
    studio = studio_factory("--demo", "--audience", "0")
    console = await console_factory(studio_settings(studio), wait_loaded=False)
    assert not console.session.tokens.persistent
    await until(lambda: any("No system keyring" in m for m in console.window.notifications.messages()))
    from anchor_console.ui.settings.connections_dialog import ConnectionsDialog

    dialog = ConnectionsDialog(console.session, console.window)
    texts = [w.text() for w in dialog.findChildren(QLabel)]
    assert any("tokens are kept only until the console closes" in t for t in texts)
    dialog.deleteLater()


@pytest.mark.asyncio
async def test_price_change_is_a_confirmed_money_action(console_factory, studio_factory):
    from anchor_console.ui.shelf.shelf_panel import PriceDialog
    from support.window import confirm_money_action

    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    shelf = shelf_of(console.window)
    await until(lambda: shelf.model.rows)
    shelf.select_product("1002")
    shelf.change_price()
    dialog = next(w for w in shelf.findChildren(PriceDialog))
    dialog.price.setValue(99.0)
    dialog._accept()
    await confirm_money_action()
    await until(lambda: console.session.room.state.shelf_item("1002").product.skus[0].price_fen == 9900)
    # The room's event can arrive before the request's answer: the journal follows right after.
    entry = await until(lambda: next((e for e in console.session.journal.entries()
                                      if e.kind == "set_price" and e.status == "confirmed"), None))
    assert entry.money


@pytest.mark.asyncio
async def test_switching_connection_puts_the_old_room_away(console_factory, studio_factory):
    """Switching to another connection with the audience talking, a held comment and a viewer's card
    open: no error, and nothing of the old room stays in the feed, review, questions or the card."""
    from anchor_console.ui.comments.user_card import UserCard
    from support.viewers import post
    from support.window import comments_of

    first = studio_factory("--demo", "--audience", "30", name="first")
    second = studio_factory("--demo", "--audience", "0", name="second")
    console = await console_factory(studio_settings(first), token=first.tokens["assistant"])
    comments = comments_of(console.window)
    await post(first, "加我微信 abc12345 领福利", nickname="引流号")  # held or acted on by the default rules
    await post(first, "这件衣服有没有XL码?", nickname="问码")
    await until(lambda: len(comments.feed.model.items()) >= 10, 30, message="the audience did not arrive")
    await until(lambda: any(i.comment.text == "这件衣服有没有XL码?" for i in comments.feed.model.items()), 15)
    item = next(i for i in comments.feed.model.items() if i.comment.text == "这件衣服有没有XL码?")
    card = UserCard(console.window, console.session.desk, item.record)
    card.open()
    await until(lambda: "这件衣服有没有XL码?" in card.comments.toPlainText(), 10,   # read off the ui thread
                message="the viewer's card did not show their comments")
    # The rules act here (once the room's first lease answer is in): trusting here is enough.
    await until(lambda: console.session.crew.moderation.holds, 10, message="this seat never took the lease")
    assert card.trust_note.isHidden()

    settings = studio_settings(second)
    settings.connections[0].id = "second-studio"
    console.session.tokens.set("second-studio", second.tokens["assistant"])
    console.session.apply_settings(settings)
    await until(lambda: console.session.room is not None and console.session.room.room_key.startswith("second")
                and console.session.room.state.loaded, 30, message="the second room did not load")
    await post(second, "第二个直播间的第一句", nickname="新观众")
    feed = comments.feed.model
    try:
        await until(lambda: [i.comment.text for i in feed.items()] == ["第二个直播间的第一句"], 15)
    except AssertionError:
        raise AssertionError(f"the feed is not the second room's: {[i.comment.text for i in feed.items()][:8]}, "
                             f"{feed.pending_count()} pending, paused {sorted(feed._pauses)}") from None
    assert not shiboken6.isValid(card) or not card.isVisible(), "the viewer's card of the old room stayed open"
    # Whatever still holds an old room's comment cannot act on it in the new room.
    from anchor_console.moderation.wordlists import Action
    from anchor_console.moderation.desk import CommentState
    before = item.record.state
    console.session.desk.perform(item.record, Action.BAN)
    assert item.record.state is before is not CommentState.DELETING   # refused at once, nothing sent
    assert not [e for e in console.session.journal.entries(limit=20) if e.kind == "ban_viewer"]
    desk = console.session.desk
    assert len(desk.review) == 0 and not desk.questions.top(10)
    messages = console.window.notifications.messages()
    assert not any("went wrong" in m for m in messages), messages


@pytest.mark.asyncio
async def test_test_connection_says_when_the_typed_room_is_not_there(console_factory, studio_factory, memory_keyring):
    """A room id with a typo: Test connection reaches the server and lists its rooms, and says the
    room typed is not one of them (it used to say only "Connected: 1 room(s) found.", and Save then
    kept a room that does not exist)."""
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    dialog = open_connections(console)
    dialog.add_connection()
    type_into(dialog.url, studio.url + "/")
    type_into(dialog.token, studio.tokens["assistant"])
    dialog.room.setEditText("9999")
    dialog.test_connection()
    await until(lambda: dialog.result.text().startswith("Connected"), 15, message=dialog.result.text())
    assert "There is no room “9999” among them" in dialog.result.text()
    dialog.room.setEditText(str(studio.room_id))
    dialog.test_connection()
    await until(lambda: dialog.result.text().startswith("Connected"), 15, message=dialog.result.text())
    assert "There is no room" not in dialog.result.text()
    dialog.reject()


@pytest.mark.asyncio
async def test_a_token_typed_and_erased_is_not_saved(console_factory, studio_factory, memory_keyring):
    """Pasting a token into a connection that has one saved, then erasing it, keeps the saved one
    (the erased text was saved over it)."""
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    saved = memory_keyring.store[("anchor-console", "test-studio")]
    dialog = open_connections(console)
    type_into(dialog.token, "wrong-token-pasted")
    type_into(dialog.token, "")
    type_into(dialog.name, "主直播间")
    await dialog.save()
    assert memory_keyring.store[("anchor-console", "test-studio")] == saved
    assert console.session.settings.connections[0].name == "主直播间"


@pytest.mark.asyncio
async def test_test_connection_says_what_is_wrong_with_the_address(console_factory, studio_factory, memory_keyring):
    """A Studio URL with a path, or one where nothing listens: the answer names the address and what
    to check (it was "Could not connect: Not Found", and "…; the action was not applied")."""
    import socket

    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    with socket.socket() as s:   # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    dialog = open_connections(console)
    dialog.add_connection()
    type_into(dialog.token, studio.tokens["assistant"])
    dialog.room.setEditText(str(studio.room_id))
    for url, said in ((studio.url + "/api/v1", "with no path after it"), (closed, "that Studio is running there")):
        type_into(dialog.url, url)
        dialog.test_connection()
        await until(lambda: dialog.result.text().startswith("Could not connect"), 15, message=dialog.result.text())
        assert url in dialog.result.text() and said in dialog.result.text()
        assert "action" not in dialog.result.text()
    dialog.reject()


@pytest.mark.asyncio
async def test_a_second_connection_to_the_same_room_is_refused(console_factory, studio_factory, memory_keyring):
    """Two connections to the same Studio room (one added again, with a trailing slash): Save says
    which, and a settings file with both sends a coupon once (each connection had sent it with its own
    idempotency key, so the room issued it twice)."""
    import dataclasses

    import httpx

    from anchor_console.room.commands import IssueCoupon

    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant", confirm_money_actions=False)
    session = console.session
    dialog = open_connections(console)
    dialog.add_connection()
    type_into(dialog.name, "又一个")
    type_into(dialog.url, studio.url + "/")
    type_into(dialog.token, studio.tokens["assistant"])
    dialog.room.setEditText(str(studio.room_id))
    await dialog.save()
    assert dialog.isVisible() and "“又一个” reaches the same room as “Studio”" in dialog.result.text()
    assert len(session.settings.connections) == 1
    dialog.reject()

    settings = dataclasses.replace(session.settings)
    settings.connections = [*session.settings.connections,
                            dataclasses.replace(session.settings.connections[0], id="twin", name="又一个")]
    session.tokens.set("twin", studio.tokens["assistant"])
    session.apply_settings(settings)
    await until(lambda: session.room is not None and session.room.state.loaded, 15)
    await until(lambda: any("reaches the same room as" in m for m in console.window.notifications.messages()))
    assert session.actions.run(IssueCoupon("2", 10, 30))
    await until(lambda: not session.actions.is_pending(IssueCoupon.kind))
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers("anchor")) as client:
        coupons = (await client.get(f"/api/v1/rooms/{studio.room_id}/coupons")).json()["items"]
    assert len(coupons) == 1


@pytest.mark.asyncio
async def test_connections_that_cannot_be_saved_say_so(console_factory, studio_factory, memory_keyring):
    """The settings file cannot be written (a folder stands in its place): Save says so and the dialog
    stays open with what was typed; the console keeps its connections (the save task failed with
    "Something went wrong (IsADirectoryError)" and the console went on with unsaved settings)."""
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    session = console.session
    block(session.paths.settings_file)
    dialog = open_connections(console)
    type_into(dialog.name, "主直播间")
    await dialog.save()
    assert dialog.isVisible() and "could not be saved" in dialog.result.text()
    assert session.settings.connections[0].name == "Studio"
    assert not any("went wrong" in m for m in console.window.notifications.messages())
    session.paths.settings_file.rmdir()   # writable again
    await dialog.save()
    assert not dialog.isVisible() and session.settings.connections[0].name == "主直播间"


def test_the_price_dialog_shows_any_price_studio_takes_and_ok_unchanged_sends_nothing(qtbot):
    """The field used to stop at ¥1,000,000 and at ¥0.01: a dearer SKU, or a free one, opened
    clamped, and OK sent the clamped price as a price change."""
    from anchor_console.domain.models import Product, Sku
    from anchor_console.ui.shelf.shelf_panel import PriceDialog

    for price_fen in (250_000_000, 0, 9_999_999_999):   # ¥2,500,000.00, free, Studio's highest but a fen
        dialog = PriceDialog(None, Product("1", "金条", (Sku("11", "1", "1kg", price_fen, 1),)))
        qtbot.addWidget(dialog)
        sent = []
        dialog.chosen.connect(lambda sku, fen: sent.append((sku, fen)))
        assert round(dialog.price.value() * 100) == price_fen
        dialog._accept()
        assert sent == [], price_fen


@pytest.mark.asyncio
async def test_the_room_shows_its_title_before_any_test(console_factory, studio_factory, memory_keyring):
    """The room the console follows shows as "id · title" as soon as the dialog opens (a bare "1"
    said nothing until Test connection); a new connection's empty room says what to put there."""
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    title = console.session.room.state.room.title
    assert title
    dialog = open_connections(console)
    assert dialog.room.currentText() == f"{studio.room_id} · {title}"
    assert dialog.room.currentData() == str(studio.room_id)
    type_into(dialog.name, "主直播间")   # editing the form keeps the room's id, not its label
    assert dialog.current().room_id == str(studio.room_id)
    dialog.add_connection()
    assert dialog.room.currentText() == "" and dialog.room.lineEdit().placeholderText()
    assert "Test connection" in dialog.room.toolTip()
    dialog.reject()
