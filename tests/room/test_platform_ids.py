"""One room on two platforms with different ids: products, SKUs and coupon templates are linked by
the merchant's codes, by the operator, or by the same id and name — and an action on something
without a link is not sent to that platform, and says why."""

from __future__ import annotations

import pytest

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.models import CouponKind, CouponTemplate, FlashSaleSpec, Product, Sku
from anchor_console.room.commands import IssueCoupon, LaunchFlashSale, PutOnStage, ReorderShelf
from anchor_console.room.journal import CONFIRMED, FAILED
from anchor_console.room.platform_ids import Edits, PlatformIds, Unlinked, Via, link_products
from fake_platform import FakePlatform
from test_live_room import make_room


def product(pid, name, code="", skus=()):
    return Product(pid, name, tuple(Sku(sid, pid, sname, 9900, 10, scode) for sid, sname, scode in skus), code=code)


OURS = [
    product("1001", "羊绒大衣", "SPU-COAT", [("10011", "驼色 M", "COAT-M"), ("10012", "驼色 L", "COAT-L")]),
    product("1002", "真丝衬衫", "", [("10021", "白 S", "SHIRT-S")]),
    product("1003", "围巾", "", [("10031", "灰", "")]),
    product("1004", "手套", "", [("10041", "黑", "")]),
]
THEIRS = [
    product("wx-9", "羊绒大衣 新款", "SPU-COAT", [("s-2", "L 码", "COAT-L"), ("s-1", "M 码", "COAT-M")]),
    product("wx-7", "衬衫", "", [("s-7", "S", "SHIRT-S")]),     # no product code: found by its SKU's
    product("1003", " 围巾 ", "", [("1003-1", "均码", "")]),     # same id, same name: one system
    product("wx-5", "帽子", "", [("s-5", "均码", "")]),
]


def test_codes_first_then_the_same_id_and_name_and_the_rest_is_listed():
    ids = link_products("ch", "WeChat Channels", OURS, THEIRS)
    assert ids.product("1001") == "wx-9" and ids.products["1001"].via is Via.CODE
    assert ids.sku("10011") == "s-1" and ids.sku("10012") == "s-2"          # by SKU code, not by order
    assert ids.product("1002") == "wx-7" and ids.sku("10021") == "s-7"
    assert ids.product("1003") == "1003" and ids.products["1003"].via is Via.SAME
    assert ids.sku("10031") == "1003-1"                                      # the only SKU of each
    assert ids.unlinked_ours == ("1004",) and ids.unlinked_theirs == ("wx-5",)
    assert ids.ours_for_product("wx-9") == "1001"


def test_the_operators_links_win_and_an_empty_link_means_none():
    edits = Edits(products={"1004": "wx-5", "1003": ""}, skus={"10041": "s-5"})
    ids = link_products("ch", "WeChat Channels", OURS, THEIRS, edits)
    assert ids.product("1004") == "wx-5" and ids.products["1004"].via is Via.EDITED and ids.sku("10041") == "s-5"
    assert ids.product("1003") is None and "1003" in ids.unlinked_ours
    assert Edits.from_json(edits.to_json()) == edits
    assert Edits.from_json({"products": {"1": ["x"], "2": 3}, "skus": "bad"}) == Edits(products={"2": "3"})


def test_one_of_theirs_links_to_one_of_ours_only():
    twins = [product("a", "大衣", "SPU-COAT"), product("b", "大衣", "SPU-COAT")]
    ids = link_products("ch", "Channels", twins, [product("x", "大衣", "SPU-COAT")])
    assert list(ids.products) == ["a"] and ids.unlinked_ours == ("b",)


def test_coupon_templates_link_by_name_or_by_the_operator():
    ours = [CouponTemplate("1", "满199减30", CouponKind.THRESHOLD), CouponTemplate("2", "新人券", CouponKind.THRESHOLD)]
    theirs = [CouponTemplate("c-8", "满199减30", CouponKind.THRESHOLD), CouponTemplate("c-9", "新客立减", CouponKind.THRESHOLD)]
    ids = link_products("ch", "Channels", [], [], Edits(templates={"2": "c-9"}), ours, theirs)
    assert ids.template("1") == "c-8" and ids.templates["1"].via is Via.NAME
    assert ids.template("2") == "c-9" and ids.templates["2"].via is Via.EDITED


def test_commands_are_translated_and_an_unlinked_one_raises():
    ids = link_products("ch", "WeChat Channels", OURS, THEIRS)
    spec = FlashSaleSpec("1001", "10012", 6900, 5)
    assert ids.translate(LaunchFlashSale(spec)).spec == FlashSaleSpec("wx-9", "s-2", 6900, 5)
    assert ids.translate(ReorderShelf(("1004", "1003", "1001"))).product_ids == ("1003", "wx-9")
    with pytest.raises(Unlinked) as refused:
        ids.translate(PutOnStage("1004"))
    assert "#1004" in refused.value.message.english() and "WeChat Channels" in refused.value.message.english()


@pytest.mark.asyncio
async def test_one_cue_goes_to_each_platform_with_its_own_ids(tmp_path):
    mini = FakePlatform("mini", "WeChat mini-program live", {Capability.STAGE, Capability.FLASH_SALES})
    channels = FakePlatform("ch", "WeChat Channels", {Capability.FLASH_SALES, Capability.COUPONS})
    room, journal = make_room(tmp_path, mini, channels)
    room.platform_ids["ch"] = link_products("ch", "WeChat Channels", OURS, THEIRS)
    outcome = await room.perform(LaunchFlashSale(FlashSaleSpec("1001", "10011", 6900, 5)))
    assert outcome.ok
    assert mini.applied == [("launch_flash_sale", {"product_id": "1001", "sku_id": "10011"})]   # the primary: ours
    assert channels.applied == [("launch_flash_sale", {"product_id": "wx-9", "sku_id": "s-1"})]
    assert outcome.entry.params["spec"]["product_id"] == "1001"   # the journal speaks our ids


@pytest.mark.asyncio
async def test_an_unlinked_product_is_not_sent_there_and_retry_sends_it_once_linked(tmp_path):
    mini = FakePlatform("mini", "WeChat mini-program live", {Capability.FLASH_SALES})
    channels = FakePlatform("ch", "WeChat Channels", {Capability.FLASH_SALES})
    room, journal = make_room(tmp_path, mini, channels)
    room.platform_ids["ch"] = link_products("ch", "WeChat Channels", OURS, THEIRS)
    outcome = await room.perform(LaunchFlashSale(FlashSaleSpec("1004", "10041", 1900, 5)))
    status = {d.connection_id: d.status for d in outcome.entry.dispatches}
    assert status == {"mini": CONFIRMED, "ch": FAILED} and channels.calls == []
    assert "no match on WeChat Channels" in dict(outcome.reasons())["WeChat Channels"].english()
    room.platform_ids["ch"] = link_products("ch", "WeChat Channels", OURS, THEIRS,
                                            Edits(products={"1004": "wx-5"}, skus={"10041": "s-5"}))
    again = await room.retry(outcome.entry.id)
    assert again.ok and len(mini.applied) == 1
    assert channels.applied == [("launch_flash_sale", {"product_id": "wx-5", "sku_id": "s-5"})]


def test_a_connection_with_nothing_linked_gets_nothing():
    ids = PlatformIds("x", "X", {}, {}, {})
    with pytest.raises(Unlinked):
        ids.translate(IssueCoupon("1", 10, 5))


def test_the_rooms_figures_sum_what_each_platform_reports_in_the_catalogs_ids(tmp_path):
    from anchor_console.domain.models import RoomStats

    mini = FakePlatform("mini", "WeChat mini-program live", {Capability.STAGE})
    mini.figures = frozenset()                                   # reports no figures at all
    channels = FakePlatform("ch", "WeChat Channels", {Capability.FLASH_SALES})
    channels.figures = frozenset({"online", "orders", "gmv_fen", "sales", "buyers"})
    room, _ = make_room(tmp_path, mini, channels)
    room.platform_ids["ch"] = link_products("ch", "WeChat Channels", OURS, THEIRS)
    room.states["mini"].stats = RoomStats(online=999, orders=999)   # zeros in truth: not counted
    room.states["ch"].stats = RoomStats(online=812, orders=37, gmv_fen=123400, buyers=35, likes=5,
                                        sales={"wx-9": 3, "wx-5": 1}, flash_sale_sold={"7": 2})
    stats = room.stats()
    assert (stats.online, stats.orders, stats.gmv_fen, stats.buyers, stats.likes) == (812, 37, 123400, 35, 0)
    assert stats.sales == {"1001": 3, "wx-5": 1} and stats.flash_sale_sold == {"ch:7": 2}
    assert room.ours_for_product("ch", "wx-9") == "1001" and room.ours_for_product("mini", "1001") == "1001"
