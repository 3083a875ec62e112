"""The review window of a dry run stopped after two overrun segments of seven: its overview says how
many segments aired and holds them against their own plan ("▲ 17:51 over"), not the 25:51 against
the whole 30:00 plan ("▼ 4:09 under"); the segments' rows are as they were. Screenshots:
ANCHOR_SHOTS=/some/dir pytest …"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from support.screenshots import shot
from support.waiting import until

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "session"))
from test_review_against_the_plan import JEANS_S, OPEN_S, dry_run  # noqa: E402


@pytest.mark.asyncio
async def test_the_review_of_a_show_stopped_early_reads_late_with_the_unaired_segments_counted(console_factory):
    from anchor_console.ui.review.feature import ReviewFeature

    console = await console_factory()
    folder = console.session.paths.show_records
    folder.mkdir(parents=True, exist_ok=True)
    path = dry_run(folder, (("seg-open", OPEN_S), ("seg-jeans", JEANS_S)))
    review = console.window.feature(ReviewFeature).open_review(path)
    await until(lambda: review.review is not None, 20, message="the review did not load")
    table = review.overview_table
    overview = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert overview["Length"] == "25:51" and overview["Planned length"] == "30:00"
    assert overview["Segments aired"] == "2 of 7; 5 not aired"
    assert overview["Planned length of the aired segments"] == "8:00"
    assert overview["Aired segments against their plan"] == "▲ 17:51 over"
    assert "Against the plan" not in overview and not any("under" in v for v in overview.values())
    segments = review.segments_table
    marks = [segments.item(r, 5).text() for r in range(segments.rowCount())]
    assert marks == ["▲ 3:06 over", "▲ 14:45 over"] + ["not on air"] * 5
    review.resize(1280, 720)
    await shot(review, "review-stopped-early-overview")
    review.close()
