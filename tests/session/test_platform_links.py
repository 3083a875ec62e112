"""A room on two platforms: the other platform's products are fetched and linked to the catalog,
the operator's links are kept in a file (a broken one is kept aside, never lost), and what has no
match is said once, under one key that clears when it is linked."""

from __future__ import annotations

import json

import pytest

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import ManualClock
from anchor_console.domain.events import Event
from anchor_console.domain.models import Product, Sku
from anchor_console.platforms import errors as pe
from anchor_console.platforms.base import Platform
from anchor_console.room.journal import ActionJournal
from anchor_console.room.live_room import Binding, LiveRoom
from anchor_console.room.platform_ids import Edits, Via
from anchor_console.session.platform_links import LinksFile, PlatformLinks


class Shop(Platform):
    kind = "shop"

    def __init__(self, connection_id, name, capabilities, products, fail=None):
        super().__init__(connection_id, name)
        self.capabilities = frozenset(capabilities)
        self.products, self.fail = products, fail

    async def products_to_match(self):
        if self.fail:
            raise self.fail
        return self.products

    async def list_coupon_templates(self):
        return []


OURS = [Product("1001", "大衣", (Sku("10011", "1001", "M", 9900, 5, "COAT-M"),)),
        Product("1002", "衬衫", (Sku("10021", "1002", "S", 5900, 5, ""),))]
THEIRS = [Product("p-1", "大衣", (Sku("s-1", "p-1", "M", 9900, 5, "COAT-M"),)),
          Product("p-2", "衬衫 新款", (Sku("s-2", "p-2", "S", 5900, 5, ""),))]


def setup(tmp_path, fail=None):
    mini = Shop("mini", "WeChat mini-program live", {Capability.SHELF, Capability.STAGE}, OURS)
    channels = Shop("ch", "WeChat Channels", {Capability.FLASH_SALES, Capability.COUPONS}, THEIRS, fail)
    journal = ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="c")
    room = LiveRoom("r", [Binding(mini, "1"), Binding(channels, "9")], journal, actor="me")
    notices, resolved = Event("notices"), Event("resolved")
    said, cleared = [], []
    notices.connect(said.append)
    resolved.connect(cleared.append)
    links = PlatformLinks(LinksFile(tmp_path / "platform_links.json"), notices, resolved)
    return room, links, said, cleared


@pytest.mark.asyncio
async def test_the_other_platform_is_linked_and_the_unmatched_are_said_once(tmp_path):
    room, links, said, cleared = setup(tmp_path)
    await links.refresh(room, OURS, [])
    ids = room.platform_ids["ch"]
    assert ids.product("1001") == "p-1" and ids.products["1001"].via is Via.CODE
    assert ids.unlinked_ours == ("1002",) and "mini" not in room.platform_ids
    (notice,) = said
    assert notice.key == "platform-links:ch" and "1 products have no match on WeChat Channels" in notice.text.english()

    links.save(room, "ch", Edits(products={"1002": "p-2"}), OURS, [])
    assert room.platform_ids["ch"].product("1002") == "p-2" and room.platform_ids["ch"].sku("10021") == "s-2"
    assert cleared == ["platform-links:ch"]
    saved = json.loads((tmp_path / "platform_links.json").read_text(encoding="utf-8"))
    assert saved == {"ch": {"products": {"1002": "p-2"}, "skus": {}, "templates": {}}}
    assert LinksFile(tmp_path / "platform_links.json").get("ch") == Edits(products={"1002": "p-2"})


@pytest.mark.asyncio
async def test_a_platform_that_cannot_list_its_products_is_said_and_left_unlinked(tmp_path):
    room, links, said, _ = setup(tmp_path, fail=pe.NotPermitted("48001"))
    await links.refresh(room, OURS, [])
    assert "ch" not in room.platform_ids
    assert "Could not read the products of WeChat Channels" in said[0].text.english()


def test_a_broken_links_file_is_kept_aside_and_said(tmp_path):
    path = tmp_path / "platform_links.json"
    path.write_text("{not json", encoding="utf-8")
    links_file = LinksFile(path)
    assert links_file.edits == {} and links_file.warning is not None
    (kept,) = tmp_path.glob("platform_links.json.unreadable-*")
    assert kept.read_text(encoding="utf-8") == "{not json" and str(kept) in links_file.warning.text.english()
    links_file.set("ch", Edits(products={"1": "2"}))
    assert LinksFile(path).get("ch").products == {"1": "2"}


def test_links_that_cannot_be_written_apply_all_the_same_and_are_said(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    links_file = LinksFile(blocked / "platform_links.json")
    problem = links_file.set("ch", Edits(products={"1": "2"}))
    assert "could not be written" in problem.text.english() and links_file.get("ch").products == {"1": "2"}
