"""The cue dialog opened on a cue that is already written gives it back as it was: a flash sale on a
product the catalog does not hold (editing offline, or the product deleted) keeps its SKU, and
numbers the show file allows (stock, quantities, validity, offsets) are not cut to a smaller
range of the dialog's boxes."""

from __future__ import annotations

import pytest

from anchor_console.domain.models import (
    MAX_COUPON_QUANTITY, MAX_COUPON_VALID_MIN, MAX_PER_BUYER, MAX_SALE_S, MAX_SALE_STOCK, Product, Sku,
)
from anchor_console.domain.giveaways import EntryRule, LuckyBagSetup, RedPacketSpec
from anchor_console.show.chat_cues import AnnounceToRoom
from anchor_console.show.limits import MAX_COUNT, MAX_SEGMENT_S, MAX_VALID_MINUTES
from anchor_console.show.model import (
    Cue, CueMode, FeaturedProduct, IssueCoupon, Segment, SendRedPacket, StartFlashSale, StartLuckyBag, Trigger,
)


class NoCatalog:
    products: dict = {}
    templates: dict = {}


class Catalog:
    products = {"1002": Product("1002", "连衣裙", skus=(Sku("10021", "1002", "M", 12900, 40),))}
    templates: dict = {}


SEGMENT = Segment("s", "连衣裙", MAX_SEGMENT_S, products=(FeaturedProduct("1002", "连衣裙"),))


def accepted(catalog, cue: Cue):
    from anchor_console.ui.show.cue_dialog import CueDialog

    dialog = CueDialog(None, catalog, SEGMENT, cue)
    got = []
    dialog.accepted_cue.connect(lambda action, trigger, mode, note: got.append(Cue(cue.id, action, trigger, mode, note)))
    dialog._accept()
    problem = dialog.problem.text()
    dialog.deleteLater()
    return got[0] if got else problem


@pytest.mark.gui
@pytest.mark.parametrize("catalog", [NoCatalog(), Catalog()], ids=["offline", "the SKU deleted"])
def test_a_flash_sale_on_a_product_the_catalog_does_not_hold_keeps_its_sku(qapp, catalog):
    cue = Cue("c", StartFlashSale("1002", "10029", 5990, 30, 2, 10, 300, "连衣裙"), Trigger.after(120),
              CueMode.CONFIRM, "主播一起倒数")
    assert accepted(catalog, cue) == cue


@pytest.mark.gui
@pytest.mark.parametrize("cue", [
    Cue("c", StartFlashSale("1002", "10021", 5990, MAX_SALE_STOCK, MAX_PER_BUYER, 10, MAX_SALE_S, "连衣裙"),
        Trigger.after(3600)),
    Cue("c", IssueCoupon("t1", MAX_COUPON_QUANTITY, MAX_COUPON_VALID_MIN, "满199减30"), Trigger.after(MAX_SEGMENT_S - 59)),
    Cue("c", IssueCoupon("t1", 5_000, 60, "满199减30"), Trigger.at_end(11 * 3600)),
], ids=["stock and per-buyer limit", "quantity, validity and offset", "a small quantity"])
def test_numbers_in_bounds_come_back_as_they_were(qapp, cue):
    assert accepted(NoCatalog(), cue) == cue


@pytest.mark.gui
@pytest.mark.parametrize("cue, why", [
    (Cue("c", StartFlashSale("1002", "10021", 5990, 2_000_000, 200, 10, 300, "连衣裙")),
     "the stock must be from 1 to 1,000,000\nthe per-buyer limit must be from 1 to 100"),
    (Cue("c", IssueCoupon("t1", MAX_COUNT, MAX_VALID_MINUTES, "满199减30")),
     "the quantity must be from 1 to 1,000,000\nthe coupons stay valid from 1 minute to 7 days"),
    (Cue("c", StartFlashSale("1002", "10021", 5990, 30, 1, 600, 300, "连衣裙")),
     "the countdown must be from 0 to 300 seconds"),
], ids=["flash sale", "coupons", "a countdown"])
def test_numbers_a_show_file_may_hold_but_the_platform_refuses_are_kept_and_refused_on_ok(qapp, cue, why):
    """Studio (and the Promotions panel, and the control API) refuse these: the cue would fail only
    when it fires. The dialog keeps the numbers as the file has them and says why it cannot take them."""
    assert accepted(NoCatalog(), cue) == why


@pytest.mark.gui
def test_a_flash_sale_against_its_sku_is_refused_in_the_words_the_desk_arms_with(qapp):
    """The cue dialog and the desk's arming held a sale against its SKU with sentences of their own."""
    class HeldSku:
        products = {"1002": Product("1002", "连衣裙", skus=(Sku("10021", "1002", "M", 12900, 40),))}
        templates: dict = {}

    cue = Cue("c", StartFlashSale("1002", "10021", 12900, 50, 1, 10, 300, "连衣裙"))
    assert accepted(HeldSku(), cue) == ("The flash-sale price must be below the regular price (¥129.00).\n"
                                       "Only 40 left of 连衣裙 · M; the sale needs 50.")


@pytest.mark.gui
@pytest.mark.parametrize("cue, why", [
    (Cue("c", StartFlashSale("1002", "10021", 0, 100, 1, 10, 300, "连衣裙")), "the sale price must be more than 0"),
    (Cue("c", SendRedPacket(RedPacketSpec(5_000_000, 100, message="感谢家人们的支持！" * 8))),
     "the amount must be at most ¥20,000.00\nthe message may have at most 60 characters"),
    (Cue("c", StartLuckyBag(LuckyBagSetup("保温杯", 1, keyword="评论我要福袋" * 4, countdown_s=180))),
     "the keyword may have at most 20 characters"),
    (Cue("c", AnnounceToRoom("关注主播" * 130)), "an announcement has at most 500 characters"),
], ids=["a ¥0 flash sale", "a ¥50,000 red packet", "a long keyword", "a long announcement"])
def test_ok_on_an_untouched_cue_never_changes_its_money_or_words(qapp, cue, why):
    """OK on a cue the show refuses, left untouched, made it valid: a ¥0 flash sale became ¥0.01, a
    ¥50,000 red packet ¥20,000 (the boxes' own ranges), a greeting or keyword was cut to fit."""
    assert accepted(NoCatalog(), cue) == why


@pytest.mark.gui
def test_a_value_no_field_can_show_is_kept_as_the_cue_has_it(qapp):
    """A keyword written for a bag whose entry rule has none: the form reads it back empty."""
    cue = Cue("c", StartLuckyBag(LuckyBagSetup("保温杯", 1, rule=EntryRule.FOLLOW, keyword="666", countdown_s=180)),
              mode=CueMode.MANUAL)
    assert accepted(NoCatalog(), cue) == cue
