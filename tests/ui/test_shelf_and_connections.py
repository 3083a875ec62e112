"""Shelf details (drag to reorder, sale toggle, search) and the Connections dialog (tokens only in
the keyring; a clear message when there is no keyring)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QModelIndex, Qt

from support.studio import studio_settings
from support.waiting import until
from support.window import shelf_of


@pytest.mark.asyncio
async def test_drag_reorder_sale_toggle_and_search(console_factory, studio_factory):
    studio = studio_factory("--demo", "--audience", "0")
    console = await console_factory(studio_settings(studio), token=studio.tokens["assistant"])
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
    studio = studio_factory("--demo", "--audience", "0")
    console = await console_factory(studio_settings(studio), token=studio.tokens["assistant"])
    from anchor_console.ui.settings.connections_dialog import ConnectionsDialog

    dialog = ConnectionsDialog(console.session, console.window)
    dialog.open()
    dialog.add_connection()
    dialog.name.setText("备用直播间")
    dialog.name.textEdited.emit("备用直播间")
    dialog.url.setText(studio.url)
    dialog.url.textEdited.emit(studio.url)
    dialog.token.setText("secret-token-123")
    dialog.token.textEdited.emit("secret-token-123")
    dialog.room.setEditText(str(studio.room_id))
    new_id = dialog.current().id
    dialog.save()
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
    texts = [w.text() for w in dialog.findChildren(type(console.window.header.title))]
    assert any("tokens are kept only until the console closes" in t for t in texts)
    dialog.deleteLater()


@pytest.mark.asyncio
async def test_price_change_is_a_confirmed_money_action(console_factory, studio_factory):
    from anchor_console.ui.shelf.shelf_panel import PriceDialog
    from support.window import confirm_money_action

    studio = studio_factory("--demo", "--audience", "0")
    console = await console_factory(studio_settings(studio), token=studio.tokens["assistant"])
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
