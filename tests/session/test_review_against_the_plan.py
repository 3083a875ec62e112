"""The review holds what aired against the plan of what aired: a dry run of the 30-minute sample
stopped after its first two segments (both long over) read "▼ 4:09 under" — ahead of schedule —
because its 25:51 were compared with the whole 30:00 plan. The segments that did not air are
counted apart, in the review and in its workbook alike."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from anchor_console.session.review import compute_review
from anchor_console.session.review_export import export_xlsx
from anchor_console.session.review_sections import Kind, Tone, Value, overview, segments
from anchor_console.session.show_record_file import FIGURES, RecordedEvent, ShowRecordFile

SAMPLE = Path(__file__).resolve().parents[1] / "show" / "samples" / "sample_30min.show.toml"
OPEN_S, JEANS_S = 6 * 60 + 6, 19 * 60 + 45     # planned 3:00 and 5:00: 3:06 and 14:45 over


def dry_run(folder: Path, aired: tuple[tuple[str, float], ...], *, ended: bool = False) -> Path:
    """A record of the sample show in which the segments `aired` (id, seconds) ran one after another."""
    path = folder / "dry.sqlite"
    record = ShowRecordFile(path)
    length = sum(s for _, s in aired)
    record.set_meta(title="【春季上新】女装 · 30分钟快闪专场", rehearsal=True, started_at=1000.0,
                    wall_started_at=1000.0, show_text=SAMPLE.read_text(encoding="utf-8"),
                    baseline=[0] * len(FIGURES), length_s=length, ended_at=1000.0 + length if ended else None)
    t = 0.0
    for segment_id, seconds in aired:
        record.write_event(RecordedEvent(t, "segment_start", segment_id=segment_id))
        record.write_event(RecordedEvent(t + seconds, "segment_end", segment_id=segment_id))
        t += seconds
    values = dict.fromkeys(FIGURES, 0) | {"online": 300, "gmv_fen": 44_014_50, "orders": 288}
    if length:
        record.write_second(int(length) - 1, tuple(values[f] for f in FIGURES))
    record.close()
    return path


def rows(review) -> dict[str, Value]:
    return {label.english(): value for label, value in overview(review).rows}


def test_a_show_stopped_after_two_overrun_segments_reads_late_with_five_not_aired(tmp_path):
    review = compute_review(dry_run(tmp_path, (("seg-open", OPEN_S), ("seg-jeans", JEANS_S))))
    shown = rows(review)
    assert shown["Length"].value == OPEN_S + JEANS_S == 25 * 60 + 51
    assert shown["Planned length"].value == 30 * 60          # the whole plan, as it was
    assert "Against the plan" not in shown                    # not the 25:51 against the whole 30:00
    aired = shown["Segments aired"]
    assert aired.value.english() == "2 of 7; 5 not aired" and aired.tone is Tone.LATE
    assert shown["Planned length of the aired segments"].value == 8 * 60
    late = shown["Aired segments against their plan"]
    assert (late.kind, late.value, late.tone) == (Kind.OVER, 3 * 60 + 6 + 14 * 60 + 45, Tone.BAD)
    # The rows per segment stay as they were: two over, five not on air.
    table = segments(review)
    marks = [row[5] for row in table.rows]     # the over / under column
    assert [m.value for m in marks[:2]] == [3 * 60 + 6, 14 * 60 + 45] and all(m.tone is Tone.BAD for m in marks[:2])
    assert all(m.value.english() == "not on air" for m in marks[2:]) and len(marks) == 7


def test_the_workbook_says_the_same_as_the_overview(tmp_path):
    review = compute_review(dry_run(tmp_path, (("seg-open", OPEN_S), ("seg-jeans", JEANS_S))))
    sheet = load_workbook(export_xlsx(review, tmp_path / "review.xlsx")).worksheets[0]
    cells = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert cells["Segments aired"] == "2 of 7; 5 not aired"
    assert cells["Planned length of the aired segments (s)"] == 480
    assert cells["Aired segments against their plan (s)"] == 17 * 60 + 51
    assert "Against the plan (s)" not in cells and cells["Planned length (s)"] == 1800


def test_a_show_that_aired_every_segment_is_held_against_its_whole_plan(tmp_path):
    from anchor_console.show.showfile import loads_show

    plan = loads_show(SAMPLE.read_text(encoding="utf-8"))
    aired = tuple((s.id, float(s.duration_s) + (60 if i == 0 else 0)) for i, s in enumerate(plan.segments))
    shown = rows(compute_review(dry_run(tmp_path, aired, ended=True)))
    assert shown["Against the plan"].value == 60 and shown["Against the plan"].tone is Tone.BAD
    assert "Segments aired" not in shown and "Aired segments against their plan" not in shown


def test_a_show_stopped_before_its_first_segment_says_none_aired_and_no_comparison(tmp_path):
    path = dry_run(tmp_path, ())
    record = ShowRecordFile(path)
    record.set_meta(length_s=40.0)
    record.write_second(39, tuple(0 for _ in FIGURES))
    record.close()
    shown = rows(compute_review(path))
    assert shown["Segments aired"].value.english() == "0 of 7; 7 not aired"
    assert not {"Against the plan", "Aired segments against their plan"} & set(shown)
