"""A four-hour show, second by second on an injected clock against a Studio in this process
(`show_harness`): its review adds up exactly to Studio's and the journal's totals, comes out
within two seconds, and its record stays small."""

from __future__ import annotations

import time

import pytest

from anchor_console.session.review import compute_review
from show_harness import planned_show, run_show, show_on_console
from test_show_record import assert_review_matches_studio, only_record


@pytest.mark.slow(20)
@pytest.mark.asyncio
@pytest.mark.watchdog(60, 400, 60)
async def test_a_four_hour_show_reviews_to_studios_totals_within_two_seconds(tmp_path):
    async with show_on_console(tmp_path, orders_per_s=0.5) as h:
        await run_show(h, planned_show(hours=4, segments=8))
        path = only_record(h)
        began = time.perf_counter()
        review = compute_review(path, journal=h.journal)
        took = time.perf_counter() - began
        assert_review_matches_studio(review, h)
        assert review.overview.series_points >= 4 * 3600
        assert took <= 2.0, took
        assert path.stat().st_size <= 50 * 1024 * 1024
