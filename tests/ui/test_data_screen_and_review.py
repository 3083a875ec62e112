"""The data screen and the review (复盘) in the console (#15, ui part): the data screen draws what the
live figures give (numbers, rates, curves, segment bands, cue markers, the stage, the top
products); the review window shows a finished show's sections with its figures, keeps notes and
commission with the record, exports .xlsx, HTML (with the charts) and PDF; the past-shows list
opens any review, a broken record says so; the review opens by itself when a show ends.

The show is recorded by `tests/session/show_harness.py` (a real Studio in this process, on an
injected clock) and handed to a console. Screenshots: ANCHOR_SHOTS=/some/dir pytest …"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import pytest_asyncio
from PySide6.QtCore import Qt
from support.screenshots import shot
from support.waiting import until

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.models import Product
from anchor_console.session.review import compute_review
from anchor_console.session.show_record_file import FIGURES

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "session"))
from show_harness import PRODUCTS, planned_show, run_show, show_on_console  # noqa: E402


@pytest_asyncio.fixture
async def recorded_show(tmp_path):
    """A 12-minute show in two segments, recorded to the end: (record path, the harness's live figures)."""
    async with show_on_console(tmp_path) as h:
        await run_show(h, planned_show(hours=0.2, segments=2))
        [path] = sorted((h.folder / "shows").glob("*.sqlite"))
        kept = tmp_path / "records"
        kept.mkdir()
        shutil.copy(path, kept / path.name)
        live = h.recorder.live
    yield kept / path.name, live


def review_of(window):
    from anchor_console.ui.review.feature import ReviewFeature

    return window.feature(ReviewFeature)


def data_screen_of(window):
    from anchor_console.ui.data_screen.data_screen import DataScreenFeature

    return window.feature(DataScreenFeature)


def one_more_second(live, **figures: int) -> None:
    """The recorded show goes on a second more: its last figures again, with `figures` changed."""
    row = [live.columns[f][-1] for f in FIGURES]
    for figure, value in figures.items():
        row[FIGURES.index(figure)] = value
    live.add_second(live.times[-1] + 1, tuple(row))


def in_console(console, path: Path) -> Path:
    target = console.session.paths.show_records / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, target)
    return target


@pytest.mark.asyncio
async def test_the_data_screen_draws_the_live_figures(console_factory, recorded_show):
    path, _ = recorded_show
    console = await console_factory()
    window = console.window
    for pid, (name, _price) in PRODUCTS.items():   # the recorded show's products, by name
        console.session.catalog.products[str(pid)] = Product(str(pid), name)
    screen = data_screen_of(window).open_screen()
    assert screen.isVisible() and "No show" in screen.clock.text()
    # With no show: how to get figures, not "Nothing on stage" while a product may be on stage.
    assert screen.stage_name.text() == "" and "run of show" in screen.stage_figures.text()
    live = console.session.recorder.live
    live.load(path)      # what the recorder does when a run resumes: the show so far
    last = record_last = [live.columns[f][-1] for f in FIGURES]
    t = live.times[-1]
    for step in (1, 2):         # two more seconds: 300 more online, ¥50 more
        row = list(record_last)
        row[FIGURES.index("online")] += 300 * step
        row[FIGURES.index("gmv_fen")] += 5000 * step
        live.add_second(t + step, tuple(row))
        last = row
    screen.render(live.view)    # what the once-a-second timer does
    view = live.view
    assert screen.tiles["online"].value.text() == f"{last[FIGURES.index('online')]:,}"
    assert screen.tiles["gmv_fen"].value.text() == f"¥{last[FIGURES.index('gmv_fen')] // 100:,}." \
        f"{last[FIGURES.index('gmv_fen')] % 100:02d}"   # grouped like the counts beside it
    assert "in the last minute" in screen.tiles["gmv_fen"].note.text()
    # The rates are what their captions say: a share of the audience, orders per buyer.
    assert screen.rate_tiles["buyer_rate"].value.text() == f"{view.buyer_rate * 100:.1f}%"
    assert 0 < view.buyer_rate <= 1
    assert screen.rate_tiles["orders_per_buyer"].value.text() == f"{view.orders_per_buyer:.2f}"
    assert "÷" in screen.rate_tiles["buyer_rate"].toolTip()
    assert screen.online_chart.point_count == len(live.times) == screen.gmv_chart.point_count
    assert screen.online_chart.band_count == len(live.bands) == 2
    assert screen.online_chart.marker_count == len(live.markers) > 5
    assert view.top_products and screen.top_list.text().startswith("1. ")
    screen.resize(1366, 768)
    await shot(screen, "data-screen-1366")
    screen.resize(1920, 1080)
    await shot(screen, "data-screen-1920")
    # Drawn at most once a second: seconds in a burst are one draw.
    screen.render(view)
    live.add_second(t + 3, tuple(last))
    live.add_second(t + 4, tuple(last))
    assert screen._timer.isActive() and screen.online_chart.point_count == len(live.times) - 2
    await until(lambda: screen.online_chart.point_count == len(live.times), 3)


@pytest.mark.asyncio
async def test_the_data_screen_counts_one_order_in_the_singular(console_factory, recorded_show):
    """"1 orders · 1 pieces" on the screen the anchor reads."""
    from dataclasses import replace

    from anchor_console.session.live_figures import ProductFigures

    path, _ = recorded_show
    console = await console_factory()
    screen = data_screen_of(console.window).open_screen()
    live = console.session.recorder.live
    live.load(path)
    one_more_second(live)
    one = ProductFigures(str(next(iter(PRODUCTS))), 1, 1, 9900)
    screen.render(replace(live.view, stage_product_id=one.product_id, stage_since_t=live.view.t - 30,
                          stage_sales=one, top_products=(one, replace(one, product_id="x", orders=2, units=3))))
    assert screen.stage_figures.text().startswith("1 order · 1 piece · "), screen.stage_figures.text()
    assert "· 1 order\n" in screen.top_list.text() and screen.top_list.text().endswith("· 2 orders")
    screen.close()


@pytest.mark.asyncio
async def test_the_review_shows_saves_and_exports_a_finished_show(console_factory, recorded_show, tmp_path):
    from openpyxl import load_workbook

    source, _ = recorded_show
    console = await console_factory()
    window = console.window
    path = in_console(console, source)
    expected = compute_review(path)
    review = review_of(window).open_review(path)
    await until(lambda: review.review is not None, 20, message="the review did not load")
    assert not review.badge.isVisible()
    overview = {review.overview_table.item(r, 0).text(): review.overview_table.item(r, 1).text()
                for r in range(review.overview_table.rowCount())}
    gmv = expected.overview.totals["gmv_fen"]
    assert overview["GMV"] == f"¥{gmv // 100:,}.{gmv % 100:02d}"
    assert overview["Orders"] == f"{expected.overview.totals['orders']:,}"
    segments = [s for s in expected.segments if s.segment_id]
    assert review.segments_table.rowCount() == len(expected.segments)
    over = review.segments_table.item(0, 5).text()
    assert ("over" in over) if segments[0].over_s > 15 else ("under" in over or "on time" in over)
    assert review.cues_table.rowCount() == sum(len(s.cues) for s in expected.segments)
    # Figures at the right of their columns, names at the left; the cue's name no wider than its cap.
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    seg = review.segments_table
    headers = [seg.horizontalHeaderItem(c).text() for c in range(seg.columnCount())]
    assert int(seg.item(0, headers.index("GMV")).textAlignment()) == right
    assert int(seg.item(0, headers.index("Orders")).textAlignment()) == right
    assert not int(seg.item(0, 0).textAlignment()) & int(Qt.AlignmentFlag.AlignRight)
    review.tabs.setCurrentIndex(1)
    review.resize(1900, 1000)   # a wide window: the cue column does not take all of it
    await until(lambda: review.cues_table.viewport().width() > 1500)
    cues = review.cues_table
    cap = cues.fontMetrics().horizontalAdvance("0") * 48
    assert cues.columnWidth(cues.wide) <= cap < cues.viewport().width() // 2
    review.resize(1280, 720)
    assert review.products_table.rowCount() == len(expected.products)
    assert review.online_chart.point_count == expected.overview.series_points
    assert review.online_chart.band_count == 2 and review.gmv_chart.marker_count > 5
    for i in range(review.tabs.count()):
        review.tabs.setCurrentIndex(i)
        await shot(review, f"review-1366-tab{i}")
    review.tabs.setCurrentIndex(0)

    # Notes and commission are kept with the record.
    review.notes.setPlainText("库存备少了")
    review.save_notes()
    await until(lambda: "saved" in review.notes_status.text(), 10)
    assert compute_review(path).notes == "库存备少了"
    box = review.products_table.cellWidget(0, 10)   # the commission rate: after the id, the name and the figures
    pid = expected.products[0].product_id
    box.setValue(12.5)
    box.editingFinished.emit()
    await until(lambda: {p.product_id: p.commission_bp for p in review.review.products}[pid] == 1250, 10)
    assert {p.product_id: p.commission_bp for p in compute_review(path).products}[pid] == 1250

    # Exports.
    xlsx, page, pdf = tmp_path / "r.xlsx", tmp_path / "r.html", tmp_path / "r.pdf"
    for kind, target in (("xlsx", xlsx), ("html", page), ("pdf", pdf)):
        task = review.export(kind, target)
        await until(task.done, 30, message=f"{kind} export did not finish")
        assert task.exception() is None and "Exported" in review.status.text()
    assert "Overview" in load_workbook(xlsx).sheetnames
    text = page.read_text(encoding="utf-8")
    assert text.count("data:image/png;base64,") == 2 and "库存备少了" in text
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    # QPdfWriter says nothing when it cannot write: the review must not claim it exported.
    task = review.export("pdf", tmp_path / "no such folder" / "r.pdf")
    await until(task.done, 30, message="the pdf export did not finish")
    assert "could not be exported" in review.status.text()
    # Over an old file it cannot replace (a folder stands where the file goes: as a file a viewer
    # holds), "it exists" proved nothing: said, and what stands there is left as it was.
    (tmp_path / "held.pdf").mkdir()
    task = review.export("pdf", tmp_path / "held.pdf")
    await until(task.done, 30, message="the pdf export did not finish")
    assert "could not be exported" in review.status.text() and (tmp_path / "held.pdf").is_dir()
    review.close()


@pytest.mark.asyncio
async def test_past_shows_open_a_review_and_a_broken_record_says_why(console_factory, recorded_show):
    source, _ = recorded_show
    console = await console_factory()
    window = console.window
    path = in_console(console, source)
    broken = path.with_name("20200101-000000-broken.sqlite")
    broken.write_bytes(b"not a database at all" * 100)
    past = review_of(window).open_past_shows()
    await until(lambda: len(past.shows) == 2, 10, message="the past shows were not listed")
    rows = {s.path: r for r, s in enumerate(past.shows)}
    assert past.table.item(rows[path], 1).text() == "长测专场"
    assert "not a readable show record" in past.table.item(rows[broken], 6).text()
    await shot(past, "past-shows")
    review = past.open_row(rows[path])
    await until(lambda: review.review is not None, 20)
    assert review.review.path == path
    bad = past.open_row(rows[broken])
    await until(lambda: "cannot be read" in bad.status.text(), 10, message="no clear message for a broken record")
    assert not bad.tabs.isVisible()
    past.close()


@pytest.mark.asyncio
async def test_in_chinese_a_broken_record_says_why_in_chinese(console_factory, recorded_show, qapp):
    """The list and the review window said what is wrong with a record in English words
    ("… is not a readable show record (…)") on a Chinese console."""
    from anchor_console.ui.common.i18n import install_translations

    source, _ = recorded_show
    install_translations(qapp, "zh_CN")
    try:
        console = await console_factory()
        path = in_console(console, source)
        broken = path.with_name("20200101-000000-broken.sqlite")
        broken.write_bytes(b"not a database at all" * 100)
        past = review_of(console.window).open_past_shows()
        await until(lambda: len(past.shows) == 2, 10, message="the past shows were not listed")
        row = next(r for r, s in enumerate(past.shows) if s.path == broken)
        assert "不是可读取的直播记录" in past.table.item(row, 6).text()
        assert "readable" not in past.table.item(row, 6).toolTip()
        bad = past.open_row(row)
        await until(lambda: "不是可读取的直播记录" in bad.status.text(), 10, message=bad.status.text())
        assert "readable" not in bad.status.text()
        past.close()
    finally:
        install_translations(qapp, "en")


@pytest.mark.asyncio
async def test_the_review_opens_when_a_show_ends(console_factory):
    console = await console_factory()
    recorder, window = console.session.recorder, console.window
    clock = ManualClock()
    recorder.begin(run_id="ends-here", started_at=clock.now(), axis=clock, rehearsal=True)
    for _ in range(5):
        clock.advance(1)
        recorder.tick()
    path = recorder.finish()
    reviews = review_of(window).reviews
    assert path in reviews and reviews[path].isVisible()
    review = reviews[path]
    await until(lambda: review.review is not None, 20)
    assert review.review.overview.rehearsal and review.badge.isVisible()


@pytest.mark.asyncio
async def test_in_chinese_the_data_screen_and_the_review_read_in_chinese(console_factory, recorded_show, qapp):
    from anchor_console.ui.common.i18n import install_translations

    source, _ = recorded_show
    install_translations(qapp, "zh_CN")
    try:
        console = await console_factory()
        window = console.window
        for pid, (name, _price) in PRODUCTS.items():
            console.session.catalog.products[str(pid)] = Product(str(pid), name)
        live = console.session.recorder.live
        live.load(source)
        one_more_second(live)
        screen = data_screen_of(window).open_screen()
        screen.render(live.view)
        assert screen.heading.text() == "数据大屏" and "近一分钟" in screen.tiles["gmv_fen"].note.text()
        screen.resize(1366, 768)
        await shot(screen, "data-screen-1366")
        screen.resize(1920, 1080)
        await shot(screen, "data-screen-1920")
        review = review_of(window).open_review(in_console(console, source))
        await until(lambda: review.review is not None, 20)
        assert review.tabs.tabText(0) == "总览" and review.heading.text() == "复盘：长测专场"
        for i in range(review.tabs.count()):
            review.tabs.setCurrentIndex(i)
            await shot(review, f"review-1366-tab{i}")
        review.close()
        screen.close()
    finally:
        install_translations(qapp, "en")


def test_the_envelope_keeps_each_buckets_low_and_high_in_order_as_the_series_grows():
    import numpy as np

    from anchor_console.ui.data_screen.charts import Envelope

    xs = np.arange(1000, dtype=float)
    ys = np.sin(xs / 7) * 100 + xs
    grown = Envelope()
    for n in (5, 333, 334, 999, 1000):      # second by second, as a show grows
        x, y = grown.update(xs, ys, n, 10)
    once_x, once_y = Envelope().update(xs, ys, 1000, 10)
    assert np.array_equal(x, once_x) and np.array_equal(y, once_y) and len(x) == 200
    assert np.all(np.diff(x) >= 0)          # in time order: a rising series never zigzags back
    for k in range(100):
        bucket = ys[k * 10:(k + 1) * 10]
        assert sorted(y[2 * k:2 * k + 2]) == [bucket.min(), bucket.max()]
    short_x, _ = Envelope().update(xs, ys, 50, 1)
    assert len(short_x) == 50               # one point a bucket: the series itself


@pytest.mark.asyncio
async def test_a_six_figure_gmv_is_shown_whole_on_a_laptop_sized_data_screen(console_factory, recorded_show):
    """¥146463.80 in the GMV tile at 1366×768 was drawn "¥146463…": the amount is drawn smaller instead."""
    path, _ = recorded_show
    console = await console_factory()
    screen = data_screen_of(console.window).open_screen()
    screen.resize(1280, 720)
    live = console.session.recorder.live
    live.load(path)
    one_more_second(live, gmv_fen=14_646_380, entries=1_234_567)
    screen.render(live.view)
    await until(lambda: screen.tiles["gmv_fen"].value.width() < 300)   # laid out at the new size
    for figure in ("gmv_fen", "entries"):
        value = screen.tiles[figure].value
        font, drawn = value.fitted()
        assert drawn == value.text(), (figure, drawn, value.width())
        assert font.pixelSize() >= value.font().pixelSize() * 0.6
    screen.close()


def test_every_review_title_header_and_label_is_translated_for_the_screen_and_the_workbook(qapp, recorded_show):
    """The sections are declared once, Qt-free: a header lupdate cannot see (built from a variable)
    would show in English in a Chinese review and workbook."""
    from anchor_console.domain.text import Text
    from anchor_console.session.review_export import UNITS
    from anchor_console.session.review_sections import all_sections
    from anchor_console.ui.common.i18n import install_translations, tr_text

    path, _ = recorded_show
    sections = all_sections(compute_review(path))
    texts = [*UNITS.values()]
    for section in sections:
        texts += [section.title, *(c.header for c in section.columns), *(label for label, _ in section.summary)]
        texts += [t for t in (section.note, section.empty) if t is not None]
        texts += [row[0] for row in section.rows if section.key == "overview"]
    install_translations(qapp, "zh_CN")
    try:
        untranslated = {t.english() for t in texts if isinstance(t, Text) and t.context and tr_text(t) == t.english()}
    finally:
        install_translations(qapp, "en")
    assert len(texts) > 80 and not untranslated, untranslated


def test_the_reviews_moderation_names_rules_as_staff_call_them_in_both_languages(qapp):
    """The rules' column read "list:diversion", "detector:flood" (ids, English in a Chinese review)."""
    from types import SimpleNamespace

    from anchor_console.session.review import Moderation, RuleResult
    from anchor_console.ui.common.i18n import install_translations
    from anchor_console.session.review_sections import moderation
    from anchor_console.ui.review.review_tables import as_table

    def moderation_table(review):
        return as_table(moderation(review))

    review = SimpleNamespace(moderation=Moderation(rules=(
        RuleResult("list:diversion", True, {"delete": 3}, 0, 0),
        RuleResult("detector:flood", True, {"hide_local": 5}, 0, 0),
        RuleResult("list:水军", True, {"hold": 1}, 0, 0),
        RuleResult("小王", False, {"mute": 1}, 0, 0)), questions=()))
    names = [row[0].text for row in moderation_table(review).rows]
    assert names == ["word list “引流”", "flooding (too many messages)", "word list “水军”", "小王"]
    install_translations(qapp, "zh_CN")
    try:
        names = [row[0].text for row in moderation_table(review).rows]
    finally:
        install_translations(qapp, "en")
    assert names[0] == "词库“引流”" and names[2] == "词库“水军”" and names[3] == "小王", names
    assert not any(c.isascii() and c.isalpha() for c in names[1]), names[1]


def test_the_reviews_giveaways_tables_list_each_red_packet_and_lucky_bag_in_both_languages(qapp):
    from types import SimpleNamespace

    from anchor_console.session.review import Giveaways, LuckyBagResult, RedPacketResult
    from anchor_console.ui.common.i18n import install_translations
    from anchor_console.session.review_sections import lucky_bags, red_packets
    from anchor_console.ui.review.review_tables import as_table

    def red_packets_table(review):
        return as_table(red_packets(review))

    def lucky_bags_table(review):
        return as_table(lucky_bags(review))

    review = SimpleNamespace(giveaways=Giveaways(
        (RedPacketResult("7", 95.0, 8800, 3, "random", 2, 6100, "expired"),),
        (LuckyBagResult("4", "保温杯", 120.0, 2, 57, (("v1", "小红"), ("v9", "阿明")), 420.0, "drawn"),)))
    packets, bags = red_packets_table(review), lucky_bags_table(review)
    assert [c.text for c in packets.rows[0]] == ["7", "1:35", "¥88.00", "3", "2", "¥61.00", "time up"]
    assert "¥61.00" in packets.note
    assert [c.text for c in bags.rows[0]] == ["4", "保温杯", "2:00", "2", "57", "7:00", "drawn", "小红、阿明"]
    install_translations(qapp, "zh_CN")
    try:
        assert lucky_bags_table(review).rows[0][6].text == "已开奖"
        assert lucky_bags_table(SimpleNamespace(giveaways=Giveaways())).note == "本场没有福袋。"
    finally:
        install_translations(qapp, "en")


@pytest.mark.asyncio
async def test_past_shows_say_the_show_being_recorded_is_on_now_not_interrupted(console_factory, studio_factory,
                                                                                 tmp_path):
    from support.studio import on_demo_studio

    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    runner, recorder = console.session.show, console.session.recorder
    sample = Path(__file__).resolve().parents[1] / "show" / "samples" / "sample_30min.show.toml"
    shutil.copy(sample, tmp_path / "sample.show.toml")
    assert runner.load(tmp_path / "sample.show.toml")
    assert runner.start(rehearse=True, speed=10)
    await until(lambda: recorder.recording, 10, message="the show is not being recorded")
    past = review_of(console.window).open_past_shows()
    await until(lambda: len(past.shows) == 1, 10, message="the past shows were not listed")
    assert past.table.item(0, 2).text() == "rehearsal (on now)"
    runner.end()
    await until(lambda: not recorder.recording, 10)
    past.reload()
    await until(lambda: past.shows and past.shows[0].ended, 10)
    assert past.table.item(0, 2).text() == "rehearsal"
    past.close()


def test_the_data_screens_gmv_per_thousand_visitors_is_rounded_to_the_fen_not_cut(qapp):
    # A GPM of 1,234.9 fen reads ¥12.35, as a calculator says (it was cut to ¥12.34).
    from anchor_console.ui.data_screen.data_screen import format_rate

    assert format_rate("gmv_per_mille", 1234.9) == "¥12.35"
    assert format_rate("gmv_per_mille", 1234.4) == "¥12.34"
