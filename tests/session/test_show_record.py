"""The show recorder and the review against Studio's own figures: a show run on an injected clock
against a Studio in this process (its services, its HTTP API, the console's real adapter, live
room, journal, runner and cue executor: `show_harness`), then reviewed; a crash mid-show; a
broken record; moderation and questions; the live figures for the data screen."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import pytest
import pytest_asyncio

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.events import Event
from anchor_console.domain.text import Text
from anchor_console.moderation.wordlists import Action
from anchor_console.session.live_figures import LiveFigures
from anchor_console.session.review import OUTSIDE, compute_review, save_notes, set_commission
from anchor_console.session.show_record import ShowRecorder
from anchor_console.session.show_record_file import FIGURES, RecordedEvent, RecordedOrder, RecordError, ShowRecordFile
from show_harness import InProcessShow, planned_show, run_show, show_on_console


def only_record(h: InProcessShow):
    [path] = sorted((h.folder / "shows").glob("*.sqlite"))
    return path


def assert_review_matches_studio(review, h: InProcessShow) -> None:
    studio = h.totals()
    totals = review.overview.totals
    for figure in ("orders", "gmv_fen", "buyers", "coupon_claims", "coupon_uses", "coupon_gmv_fen"):
        assert totals[figure] == studio[figure], figure
    # Segments (and the time outside them) add up to the show's totals, exactly.
    for figure in FIGURES:
        if figure != "online":
            assert sum(s.figures[figure] for s in review.segments) == totals[figure], figure
    # Every order was seen one by one: per product, on stage and off, they add up to Studio's.
    assert review.overview.orders_seen == studio["orders"]
    assert {p.product_id: p.gmv_fen for p in review.products if p.gmv_fen} == studio["per_product_gmv"]
    assert sum(p.orders for p in review.products) == studio["orders"]
    assert review.coupons.issued == review.coupons.issued_per_journal == studio["coupons_issued"]
    assert review.revenue.total_fen == sum(p.gmv_fen * p.commission_bp // 10_000 for p in review.products)


@pytest_asyncio.fixture
async def harness(tmp_path):
    async with show_on_console(tmp_path) as h:
        yield h


@pytest.mark.asyncio
async def test_a_show_reviewed_adds_up_to_studios_and_the_journals_totals(harness):
    h = harness
    show = planned_show(hours=0.5, segments=3)
    seconds = []
    h.recorder.live.second.connect(lambda view: seconds.append(view.t))
    await run_show(h, show)
    review = compute_review(only_record(h), journal=h.journal)
    assert_review_matches_studio(review, h)
    o = review.overview
    assert o.ended and not o.rehearsal and o.figures_lacking == ()
    assert o.series_points == len(seconds) >= 1800       # one row and one screen event a second
    assert seconds == sorted(set(seconds))
    segs = {s.segment_id: s for s in review.segments}
    assert [round(segs[f"seg-{i}"].over_s) for i in range(3)] == [60, -45, 0]
    assert segs["seg-1"].planned_start_t == 600 and segs["seg-1"].actual_start_t == pytest.approx(660, abs=1)
    assert all(c.outcome == "succeeded" for s in review.segments if s.segment_id != OUTSIDE
               for c in s.cues if not c.cue_id.startswith("cue-manual"))
    assert {c.outcome for s in review.segments for c in s.cues if c.cue_id.startswith("cue-manual")} == {
        "not_reached"}
    stage_cue = next(c for c in segs["seg-0"].cues if c.cue_id == "cue-stage-0")
    assert stage_cue.orders_after > 0 and stage_cue.gmv_after_fen > 0      # what the cue brought
    sales = review.flash_sales
    assert len(sales) == 3 and all(s.sold == s.stock == 30 and s.sell_through == 1.0 for s in sales)
    assert all(s.sold_out_after_s is not None and s.sold_out_after_s > 0 for s in sales)
    staged = {p.product_id: p for p in review.products}
    assert staged["501"].stage_s == pytest.approx(660, abs=2) and staged["501"].gmv_per_stage_minute_fen > 0
    assert staged["503"].commission_bp == 3000 and staged["502"].commission_bp == 2000


@pytest.mark.asyncio
async def test_the_exported_workbook_opens_and_its_figures_are_the_reviews(harness, tmp_path):
    from openpyxl import load_workbook

    from anchor_console.session.review_export import export_xlsx

    h = harness
    await run_show(h, planned_show(hours=0.25, segments=2))
    path = only_record(h)
    save_notes(path, "开场福利太早，下次放到第二段")
    review = compute_review(path, journal=h.journal)
    out = export_xlsx(review, tmp_path / "review.xlsx")
    wb = load_workbook(out)
    assert {"Overview", "Segments", "Cues", "Products", "Flash sales", "Coupons", "Moderation", "Questions",
            "Revenue", "Notes", "Per minute"} <= set(wb.sheetnames)
    overview = {r[0]: r[1] for r in wb["Overview"].iter_rows(min_row=2, values_only=True)}
    assert overview["Orders"] == review.overview.totals["orders"]
    assert round(overview["GMV (¥)"] * 100) == review.overview.totals["gmv_fen"]
    segments = list(wb["Segments"].iter_rows(min_row=3, values_only=True))
    assert sum(round(r[6] * 100) for r in segments) == review.overview.totals["gmv_fen"]
    assert sum(r[7] for r in segments) == review.overview.totals["orders"]
    products = {r[0]: r for r in wb["Products"].iter_rows(min_row=3, values_only=True)}
    for p in review.products:
        assert round(products[p.product_id][4] * 100) == p.gmv_on_stage_fen
        assert round(products[p.product_id][11] * 100) == p.commission_fen
    revenue = list(wb["Revenue"].iter_rows(min_row=3, values_only=True))
    assert round(revenue[-1][4] * 100) == review.revenue.total_fen
    assert wb["Notes"]["A3"].value == "开场福利太早，下次放到第二段"
    assert wb["Segments"]._charts and wb["Products"]._charts and len(wb["Per minute"]._charts) == 2

    # In the operator's language: every sheet, header and label goes through the ui's translate.
    marked = load_workbook(export_xlsx(review, tmp_path / "marked.xlsx", translate=lambda t: f"«{t.english()}»"))
    assert all(name.startswith("«") for name in marked.sheetnames)
    assert all(str(v).startswith("«") for v in next(marked["«Segments»"].iter_rows(min_row=2, max_row=2, values_only=True)))
    # A cue's outcome and a sale's ending are words, not the record's codes.
    outcomes = {r[2] for r in marked["«Cues»"].iter_rows(min_row=3, values_only=True)}
    assert outcomes and all(str(o).startswith("«") for o in outcomes), outcomes
    endings = {r[8] for r in marked["«Flash sales»"].iter_rows(min_row=3, values_only=True)} - {None, ""}
    assert all(str(e).startswith("«") for e in endings), endings


@pytest.mark.asyncio
async def test_a_crash_mid_show_loses_at_most_the_last_second_and_the_run_goes_on_in_the_same_file(harness):
    h = harness
    show = planned_show(hours=0.25, segments=3)
    await run_show(h, show, stop_after_s=400)
    path = only_record(h)
    before = {r[0] for r in ShowRecordFile(path, writable=False).series()}
    # The console dies: the record's open second is never committed; nothing is closed cleanly.
    h.recorder.record.db.close()
    h.recorder.record = None
    recorded = {r[0] for r in ShowRecordFile(path, writable=False).series()}
    assert recorded == before and max(recorded) >= 398
    runner, recorder = h.console()
    assert runner.resume_if_running() and recorder.recording
    await run_show(h, show)
    assert only_record(h) == path
    review = compute_review(path, journal=h.journal)
    assert_review_matches_studio(review, h)
    seconds = [r[0] for r in review.series]
    missing = set(range(seconds[0], seconds[-1] + 1)) - set(seconds)
    assert len(missing) <= 1, missing
    kinds = [e.kind for e in ShowRecordFile(path, writable=False).events()]
    assert kinds.count("record_started") == 1 and kinds.count("record_resumed") == 1


def test_a_broken_record_is_kept_aside_and_reading_it_says_so(tmp_path):
    path = tmp_path / "20260101-000000-abc.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(RecordError, match="not a readable show record"):
        compute_review(path)
    record = ShowRecordFile(path)      # the recorder starts afresh; the broken file is kept
    record.close()
    aside = list(tmp_path.glob("*.broken-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"not a database")
    with pytest.raises(RecordError):
        save_notes(tmp_path / "missing.sqlite", "x")


def test_moderation_actions_undone_ones_and_questions_are_in_the_review(tmp_path):
    clock = ManualClock()
    runner = SimpleNamespace(happened=Event(), show_changed=Event(), engine=None, running=False)
    group = SimpleNamespace(text="尺码偏大吗", count=12, answered=True, product_id="501")
    desk = SimpleNamespace(modlog=SimpleNamespace(added=Event()),
                           questions=SimpleNamespace(top=lambda n, include_answered: [group]))
    recorder = ShowRecorder(tmp_path, clock)
    recorder.attach(runner=runner, desk=desk)
    recorder.begin(run_id="r1", started_at=clock.now(), axis=clock)

    def entry(actor, action, comment, user, result="done"):
        return SimpleNamespace(actor=actor, action=action, result=result, comment_id=comment, user_id=user,
                               reason=Text("", "r"), text="t", dry_run=False)

    for i in range(5):
        desk.modlog.added.emit(entry("list:diversion", Action.DELETE, f"c{i}", f"u{i}"))
    desk.modlog.added.emit(entry("detector:phone", Action.MUTE, "c9", "u9"))
    desk.modlog.added.emit(entry("小王", Action.SHOW, "c2", "u2"))          # approved: a false positive
    desk.modlog.added.emit(entry("小王", Action.SHOW, "c8", "u9"))          # unmuted
    desk.modlog.added.emit(entry("小王", Action.BAN, "c7", "u7", "failed"))
    clock.advance(3)
    path = recorder.finish()
    review = compute_review(path)
    rules = {r.actor: r for r in review.moderation.rules}
    assert rules["list:diversion"].actions == {"delete": 5} and rules["list:diversion"].undone == 1
    assert rules["detector:phone"].undone == 1 and rules["小王"].failed == 1 and not rules["小王"].by_rule
    assert review.moderation.undone == 2
    [q] = review.moderation.questions
    assert q.text == "尺码偏大吗" and q.answered and q.count == 12


@pytest.mark.asyncio
async def test_live_figures_give_the_data_screen_rates_deltas_and_the_stage(harness):
    h = harness
    views = []
    h.recorder.live.second.connect(views.append)
    await run_show(h, planned_show(hours=0.25, segments=2), stop_after_s=300)
    v = views[-1]
    live = h.recorder.live
    assert v.t == live.times[-1] and len(live.times) == len(views)
    assert v.orders_per_buyer == v.values["orders"] / v.values["buyers"] >= 1
    audience = live.columns["online"][0] + v.values["entries"]
    assert v.buyer_rate == v.values["buyers"] / audience <= 1   # a share of the viewers, never 126 %
    assert v.gmv_per_mille == v.values["gmv_fen"] * 1000 / v.values["entries"]
    a_minute_ago = live.columns["orders"][live.times.index(v.t - 60)]
    assert v.per_minute["orders"] == v.values["orders"] - a_minute_ago
    assert v.stage_product_id == "501" and v.stage_sales.orders > 0
    assert v.top_products[0].gmv_fen >= v.top_products[-1].gmv_fen
    assert [b.segment_id for b in live.bands] == ["seg-0"] and live.bands[0].end_t is None
    assert {m.kind for m in live.markers} >= {"cue_fired", "cue_succeeded", "stage", "coupon_issued", "flash_sale"}
    # Resumed from its record (after a crash), the figures know each flash sale's last state, so
    # the sale's next update is not recorded as a change a second time.
    resumed = LiveFigures()
    record = ShowRecordFile(only_record(h), writable=False)
    try:
        resumed.reset(record)
    finally:
        record.close()
    assert live.flash_states and resumed.flash_states == live.flash_states


@pytest.mark.asyncio
async def test_notes_and_commission_set_after_the_show_are_kept_with_it(harness):
    h = harness
    await run_show(h, planned_show(hours=0.1, segments=1))
    path = only_record(h)
    save_notes(path, "库存备少了")
    set_commission(path, {"501": 1500})
    review = compute_review(path)
    assert review.notes == "库存备少了"
    assert {p.product_id: p.commission_bp for p in review.products}["501"] == 1500
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_rehearsals_review_and_workbook_say_it_was_a_rehearsal(tmp_path):
    from openpyxl import load_workbook

    from anchor_console.session.review_export import export_xlsx

    clock = ManualClock()
    recorder = ShowRecorder(tmp_path, clock)
    recorder.begin(run_id="dry", started_at=clock.now(), axis=clock, rehearsal=True)
    for _ in range(3):
        clock.advance(1)
        recorder.sample(SimpleNamespace(**dict.fromkeys(FIGURES, 1), sales={}, flash_sale_sold={}))
    path = recorder.finish()
    review = compute_review(path)
    assert review.overview.rehearsal and review.overview.series_points == 3
    wb = load_workbook(export_xlsx(review, tmp_path / "dry.xlsx"))
    assert wb["Overview"]["A1"].value == "REHEARSAL"
    assert all(str(wb[name]["A1"].value).startswith("REHEARSAL") for name in wb.sheetnames if name != "Overview")


def test_resumed_live_figures_count_the_stage_products_sales_since_it_went_on_stage(tmp_path):
    # The console restarted mid-segment: product 501 went on stage at 100 s and sold twice since
    # (once before it, at 50 s). The data screen's "since on stage" is 2 orders, not 0.
    path = tmp_path / "show.sqlite"
    record = ShowRecordFile(path)
    record.write_order(RecordedOrder("o1", 50.0, "501", 1, 9900, "v1", False, None))
    record.write_event(RecordedEvent(100.0, "stage", product_id="501"))
    record.write_order(RecordedOrder("o2", 120.0, "501", 2, 19800, "v2", False, None))
    record.write_order(RecordedOrder("o3", 150.0, "501", 1, 9900, "v3", False, None))
    record.write_second(150, tuple(0 for _ in FIGURES))
    record.commit()
    live = LiveFigures()
    live.reset(record)
    record.close()
    live.add_second(151, tuple(0 for _ in FIGURES))
    sales = live.view.stage_sales
    assert live.view.stage_since_t == 100.0
    assert (sales.orders, sales.units, sales.gmv_fen) == (2, 3, 29700)


@pytest.mark.asyncio
async def test_the_data_screen_shows_the_shows_figures_as_the_review_does_not_the_rooms_since_it_opened(harness):
    # The room sold before the show started (the audience buys as soon as the room is live): the
    # data screen's GMV and orders at the end are the show's, the very figures of the review.
    h = harness
    for _ in range(5):
        h._order(h.viewers[0], 501)
    h.studio.stats.emit(h.room_id)
    views = []
    h.recorder.live.second.connect(views.append)
    await run_show(h, planned_show(hours=0.1, segments=1))
    totals = compute_review(only_record(h)).overview.totals
    assert totals["orders"] > 0
    for figure in ("orders", "gmv_fen", "buyers", "entries", "comments", "online"):   # online: as it is, in both
        assert views[-1].values[figure] == totals[figure], figure
    assert views[-1].orders_per_buyer == totals["orders"] / totals["buyers"]


@pytest.mark.asyncio
async def test_the_review_lists_the_shows_red_packets_and_lucky_bags_with_their_times_and_outcomes(harness):
    # Money given away during the show is in its review: the red packet (sent when, how much, how
    # much was claimed, how it ended) and the lucky bag (started when, entrants, winners, drawn when).
    from anchor_console.domain import draw
    from anchor_console.domain.giveaways import EntryRule, LuckyBagSetup, RedPacketSpec
    from anchor_console.room.commands import SendRedPacket
    from anchor_console.session.review_export import export_xlsx

    h = harness
    show = planned_show(hours=0.1, segments=1)
    await run_show(h, show, stop_after_s=30)
    outcome = await h.room.perform(SendRedPacket(RedPacketSpec(8800, 3, claim_window_s=60)), connection_id="studio")
    assert outcome.ok
    packet_id = int(outcome.results()["studio"]["id"])
    for viewer in h.viewers[:2]:
        h.studio.red_packets.claim(h.room_id, packet_id, viewer)
    seed = draw.new_seed()
    bag = await h.platform.start_lucky_bag(str(h.room_id), LuckyBagSetup("保温杯", 1, EntryRule.FOLLOW, countdown_s=10),
                                           draw.commitment(seed), key="bag-1")
    for viewer in h.viewers[:4]:
        h.studio.lucky_bags.follow(h.room_id, viewer)
        h.studio.lucky_bags.enter(h.room_id, int(bag.id), viewer)
    for _ in range(70):       # the bag's countdown and the packet's claim window end
        await h.second()
    h.studio.red_packets.expire()     # Studio's ticker
    await h.platform.draw_lucky_bag(str(h.room_id), bag.id, seed, key="bag-1:draw")
    await run_show(h, show)
    review = compute_review(only_record(h))
    [p] = review.giveaways.red_packets
    assert (p.total_fen, p.count, p.claimed_count, p.state) == (8800, 3, 2, "expired")
    assert 30 <= p.sent_at_t <= 32 and 0 < p.claimed_fen < 8800
    [b] = review.giveaways.lucky_bags
    assert (b.prize, b.winners_wanted, b.entrants, b.state, len(b.winners)) == ("保温杯", 1, 4, "drawn", 1)
    assert 30 <= b.started_at_t < b.drawn_at_t
    book = export_xlsx(review, h.folder / "review.xlsx")
    import openpyxl
    sheets = openpyxl.load_workbook(book).sheetnames
    assert "Red packets" in sheets and "Lucky bags" in sheets
