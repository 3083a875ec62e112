"""In a rehearsal at 10× Studio runs its clock at 10× too: a flash sale's countdown, a red packet's
and a lucky bag's time left are counted on Studio's clock as the session learns it (its time and
speed), so they read what was set and run at the rehearsal's speed. Counted on the console's own
clock, a 30 s countdown read 0:58 and ran at a tenth of its speed."""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

import pytest

from anchor_console.domain.giveaways import EntryRule, LuckyBagSetup, RedPacketSpec
from anchor_console.domain.models import FlashSaleSpec
from anchor_console.room.commands import LaunchFlashSale
from support.studio import on_demo_studio
from support.waiting import until
from support.window import promotions_of, show_of

COUNTING = re.compile(r"\d+:\d\d$")   # a cell that counts down ("starts in 1:58", "4:57"), not "starting…"
SAMPLE = Path(__file__).resolve().parents[1] / "show" / "samples" / "sample_30min.show.toml"


def seconds(text: str) -> int:
    """The m:ss in a cell ("starts in 1:58", "4:57")."""
    minutes, secs = text.split()[-1].split(":")
    return int(minutes) * 60 + int(secs)


@pytest.mark.asyncio
async def test_countdowns_of_a_rehearsal_at_10x_run_on_studios_clock(console_factory, studio_factory, tmp_path):
    from anchor_console.ui.giveaways.giveaways_panel import GiveawaysFeature

    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant", confirm_money_actions=False)
    window, session = console.window, console.session
    platform = session.room.primary.platform
    await until(lambda: platform.clock_reading is not None, 10, message="Studio's clock was not read")
    show_path = tmp_path / "sample.show.toml"
    shutil.copy(SAMPLE, show_path)
    assert session.show.load(show_path)
    session.show.start(rehearse=True, speed=10.0)
    await until(lambda: platform.clock_reading.speed == 10.0, 10, message="the rehearsal's speed was not learnt")
    await asyncio.sleep(1.0)   # Studio's clock runs ahead of ours from here

    room = session.room
    pid = room.state.stage_product_id
    sku = room.flash_sale_product(pid).skus[0]
    assert session.actions.run(LaunchFlashSale(FlashSaleSpec(pid, sku.id, sku.price_fen // 2, 10, 1,
                                                             countdown_s=120, duration_s=300)))
    packet = await session.giveaways.send_red_packet(RedPacketSpec(1000, 5, claim_window_s=300))
    assert packet.ok
    bag = await session.giveaways.start_lucky_bag(LuckyBagSetup("口红", 1, EntryRule.FOLLOW, countdown_s=600))
    assert bag.ok

    sales = promotions_of(window).flash_model
    giveaways = window.feature(GiveawaysFeature).panel
    packets, bags = giveaways.packet_model, giveaways.bag_model
    presenter = show_of(window).open_presenter()
    await until(lambda: sales.rows and packets.rows and bags.rows and presenter.flash_band.isVisible(), 15,
                message="the sale, the packet or the bag is not listed")

    def cells() -> tuple[str, str, str, str]:
        return (sales.data(sales.index(0, sales.TIME)), presenter.flash_countdown.text(),
                packets.data(packets.index(0, packets.TIME)), bags.data(bags.index(0, bags.TIME)))

    def shown() -> tuple[int, int, int, int]:
        return tuple(seconds(text) for text in cells())

    # The bag's row is listed as soon as it is committed ("starting…") and counts once the room's
    # event of it is in: on a busy machine that comes a moment after start_lucky_bag answers.
    await until(lambda: all(COUNTING.search(text) for text in cells()), 15,
                message=lambda: f"not every countdown runs: {cells()}")
    first = shown()
    assert first[0] <= 120 and first[1] <= 120 and first[2] <= 300 and first[3] <= 600, first
    await asyncio.sleep(1.0)
    presenter.render_flash_sale()
    later = shown()
    # A second of ours is ten of Studio's: each has run down by several seconds, not one.
    assert all(a - b >= 5 for a, b in zip(first, later)), (first, later)
    presenter.close()
    session.show.end()


def test_a_lucky_bag_known_from_the_platforms_list_counts_down_on_its_clock(qapp):
    """A bag another console started (or one from before a restart) ends at a time on Studio's
    clock, which a rehearsal left half an hour ahead: two minutes left read two minutes, not 32."""
    from types import SimpleNamespace

    from anchor_console.domain.clock import ClockReading, ManualClock
    from anchor_console.domain.giveaways import LuckyBag
    from anchor_console.session.platform_clock import PlatformClock
    from anchor_console.ui.giveaways.giveaways_models import BagModel
    from anchor_console.ui.giveaways.giveaways_panel import GiveawaysPanel, past_bag

    clock = ManualClock(1000.0)
    studio = SimpleNamespace(clock_reading=ClockReading(1000.0, 2800.0, 1.0, wall=1000.0))
    binding = SimpleNamespace(connection_id="c0", platform=studio)
    room = SimpleNamespace(bindings=[binding], primary=binding, binding=lambda _cid: binding,
                           states={"c0": SimpleNamespace(lucky_bags={})})
    bags = BagModel(PlatformClock(clock, lambda: room))
    bags.platform_end = lambda bag: GiveawaysPanel._platform_end(SimpleNamespace(room=room), bag)
    setup = LuckyBagSetup("口红", 1, EntryRule.FOLLOW, countdown_s=600)
    bags.show_bags([past_bag(LuckyBag("7", "r1", setup, "c" * 64, ends_at=2920.0), "room")])
    assert seconds(bags.data(bags.index(0, bags.TIME))) == 120
