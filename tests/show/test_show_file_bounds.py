"""Hostile show files: extreme numbers, deep nesting, unbounded durations, empty ids and impossible
clock values are refused with a ShowFileError naming the line and the problem (never an
OverflowError or RecursionError), and a show out of bounds is never saved where it could not be
reopened."""

from __future__ import annotations

import time
from datetime import date

import pytest

from anchor_console.show.editing import ShowDocument, ShowEditError
from anchor_console.show.export import export_html
from anchor_console.show.limits import MAX_SEGMENT_S, MAX_SEGMENTS, MAX_SHOW_S
from anchor_console.show.model import Cue, Segment, Show, StartFlashSale, Trigger
from anchor_console.show.showfile import ShowFileError, load_show, loads_show
from anchor_console.show.showfile_writer import dumps_show, save_show
from anchor_console.show.spreadsheet import preview_import

HEAD = 'format = "anchor-console-show"\nversion = 1\ntitle = "t"\n'


def segment(duration: str = '"10:00"', seg_id: str = '"s1"', extra: str = "") -> str:
    return f'\n[[segments]]\nid = {seg_id}\ntitle = "开场"\nduration = {duration}\n{extra}'


def flash_cue(**fields: str) -> str:
    values = {"id": '"c1"', "action": '"flash_sale"', "product_id": '"1"', "sku_id": '"10"', "price": '"9.90"',
              "stock": "5", **fields}
    return "\n[[segments.cues]]\n" + "".join(f"{k} = {v}\n" for k, v in values.items())


def problems(text: str) -> list[tuple[int | None, str]]:
    with pytest.raises(ShowFileError) as err:
        loads_show(text)
    return [(p.line, p.describe().english()) for p in err.value.problems]


@pytest.mark.parametrize("price", ["inf", "-inf", "nan", "1e308", "1e17", "-5", '"100000000000.00"', '"¥999999999"'])
def test_prices_out_of_bounds_are_refused_with_their_line(price):
    [(line, message)] = problems(HEAD + segment() + flash_cue(price=price))
    assert line == 15 and "price" in message


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a = ", "}")])
def test_nesting_500_deep_is_a_show_file_error_with_its_line(opening, closing):
    text = HEAD + "\nnotes = " + opening * 500 + closing * 500 + "\n"
    [(line, message)] = problems(text)
    assert line == 5 and "nested more than 32 deep" in message


def test_a_number_with_thousands_of_digits_is_a_show_file_error():
    [(_, message)] = problems(HEAD + segment(duration="9" * 5000))
    assert "not valid TOML" in message


@pytest.mark.parametrize("field, value, where", [
    ("duration", str(2 ** 63), "segments[1].duration"),
    ("duration", '"25:00:00"', "segments[1].duration"),
    ("after", str(2 ** 63), "segments[1].cues[1].after"),
    ("before", '"999:00:00"', "segments[1].cues[1].before"),
    ("countdown", str(2 ** 40), "segments[1].cues[1].countdown"),
    ("flash_duration", str(10 ** 12), "segments[1].cues[1].duration"),
    ("target_length", '"100:00:00"', "target_length"),
])
def test_durations_and_offsets_are_bounded(field, value, where):
    cue_fields = {"after": {"when": '"offset"', "after": value}, "before": {"when": '"end"', "before": value},
                  "countdown": {"countdown": value}, "flash_duration": {"duration": value}}.get(field, {})
    head = HEAD + (f"target_length = {value}\n" if field == "target_length" else "")
    seg = segment(duration=value) if field == "duration" else segment()
    found = problems(head + seg + flash_cue(**cue_fields))
    assert any(where in message for _, message in found), found


def test_all_segments_together_are_bounded():
    text = HEAD + "".join(segment(duration='"24:00:00"', seg_id=f'"s{i}"') for i in range(4))
    assert any("All segments together" in m for _, m in problems(text))
    three_days = HEAD + "".join(segment(duration='"24:00:00"', seg_id=f'"s{i}"') for i in range(3))
    assert loads_show(three_days).schedule().length_s == MAX_SHOW_S


@pytest.mark.parametrize("seg_id", ['""', '"   "'])
def test_empty_ids_are_refused(seg_id):
    assert problems(HEAD + segment(seg_id=seg_id)) == [(6, "Line 6: segments[1].id: an id cannot be empty")]
    assert problems(HEAD + segment() + flash_cue(id=seg_id))[0][0] == 11


@pytest.mark.parametrize("written", ['"0:99"', '"1:60:00"', '"1:00:60"', '"61:00"', '"0:9"'])
def test_clock_values_with_60_or_more_minutes_or_seconds_are_refused(written):
    [(line, message)] = problems(HEAD + segment(duration=written))
    assert line == 8 and "is not a duration" in message


@pytest.mark.parametrize("written, seconds", [('"0:59"', 59), ('"59:59"', 3599), ('"1:00:00"', 3600),
                                              ('"24:00:00"', MAX_SEGMENT_S), ("86400", MAX_SEGMENT_S)])
def test_clock_values_in_bounds_load(written, seconds):
    assert loads_show(HEAD + segment(duration=written)).segments[0].duration_s == seconds


def test_dates_a_schedule_cannot_reach_are_refused():
    [(line, message)] = problems(HEAD + "date = 9999-12-31\n")
    assert line == 4 and "not a date between" in message


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "big.show.toml"
    with open(path, "wb") as fh:
        fh.write(HEAD.encode())
        fh.seek(40 * 1024 * 1024)
        fh.write(b"\n")
    with pytest.raises(ShowFileError, match="larger than 32 MB"):
        load_show(path)


def test_a_show_out_of_bounds_is_not_saved_where_it_could_not_be_reopened(tmp_path):
    path = tmp_path / "s.show.toml"
    save_show(Show("ok", segments=(Segment("a", "A", 600),)), path)
    before = path.read_bytes()
    huge = Show("t", segments=(Segment("a", "A", 2 ** 63),))
    with pytest.raises(ShowFileError) as err:
        save_show(huge, path)
    assert "segments[1].duration" in err.value.problems[0].describe().english()
    assert path.read_bytes() == before
    empty_id = Show("t", segments=(Segment("", "A", 60),))
    with pytest.raises(ShowFileError):
        save_show(empty_id, path)


def test_the_editor_keeps_the_same_bounds():
    doc = ShowDocument(Show("t", segments=(Segment("a", "A", 600),)))
    for name, value in (("duration_s", MAX_SEGMENT_S + 1), ("duration_s", -1)):
        with pytest.raises(ShowEditError):
            doc.set_segment_field("a", name, value)
    with pytest.raises(ShowEditError):
        doc.set_show_field("target_length_s", MAX_SHOW_S + 1)
    with pytest.raises(ShowEditError):
        doc.set_show_field("date", date(9999, 12, 31))
    cue = doc.add_cue("a", StartFlashSale("1", "10", 990, 5))
    with pytest.raises(ShowEditError):
        doc.update_cue(cue.id, trigger=Trigger.after(MAX_SEGMENT_S + 1))
    doc.set_segment_field("a", "duration_s", MAX_SEGMENT_S)
    assert loads_show(dumps_show(doc.show)) == doc.show


def test_a_show_at_the_bounds_schedules_and_exports():
    segs = tuple(Segment(f"s{i}", "x", MAX_SEGMENT_S, cues=(Cue(f"c{i}", StartFlashSale("1", "1", 1, 1),
                                                               Trigger.after(MAX_SEGMENT_S)),)) for i in range(3))
    show = loads_show(dumps_show(Show("t", date(9000, 12, 31), None, MAX_SHOW_S, segs)))
    assert show.schedule().length_s == MAX_SHOW_S
    assert "72:00:00" in export_html(show)


def test_a_show_of_100000_segments_is_refused_at_once_with_the_line_of_the_first_too_many():
    text = HEAD + "".join(segment('"0:01"', f'"s{i}"') for i in range(100_000))
    started = time.perf_counter()
    [(line, message)] = problems(text)
    assert time.perf_counter() - started < 1.5     # reading it took seconds, the window frozen
    assert message == f"Line {line}: a show has at most {MAX_SEGMENTS} segments, not 100000"
    assert text.splitlines()[line - 1] == "[[segments]]" and line == 4 + 5 * MAX_SEGMENTS + 1
    inline = HEAD + "segments = [" + ", ".join(f'{{ id = "s{i}", title = "x", duration = "0:01" }}'
                                             for i in range(MAX_SEGMENTS + 1)) + "]\n"
    assert problems(inline) == [(4, f"Line 4: a show has at most {MAX_SEGMENTS} segments, not {MAX_SEGMENTS + 1}")]
    most = HEAD + "".join(segment('"0:01"', f'"s{i}"') for i in range(MAX_SEGMENTS))
    assert len(loads_show(most).segments) == MAX_SEGMENTS


def test_the_editor_and_the_import_keep_the_segment_bound(tmp_path):
    doc = ShowDocument(Show("t", segments=tuple(Segment(f"s{i}", "x", 1) for i in range(MAX_SEGMENTS))))
    with pytest.raises(ShowEditError, match="at most"):
        doc.add_segment("one more")
    with pytest.raises(ShowEditError, match="at most"):
        doc.duplicate_segment("s0")
    assert len(doc.show.segments) == MAX_SEGMENTS
    sheet = tmp_path / "long.csv"
    sheet.write_text("环节,时长\n" + "".join(f"第{i}段,0:01\n" for i in range(MAX_SEGMENTS + 3)), encoding="utf-8")
    preview = preview_import(sheet)
    assert len(preview.show.segments) == MAX_SEGMENTS
    assert [w.row for w in preview.warnings if "not read" in w.message.english()] == [MAX_SEGMENTS + 2]
    save_show(preview.show, tmp_path / "long.show.toml")
    assert len(load_show(tmp_path / "long.show.toml").segments) == MAX_SEGMENTS


def test_a_show_too_large_to_reopen_is_not_saved(tmp_path):
    """One big paste into the talking points: it saved ("Saved …"), and then could never be opened
    again — the loader reads no show file over 32 MB."""
    from anchor_console.show.showfile import MAX_FILE_BYTES

    path = tmp_path / "big.show.toml"
    pasted = "商品详情页全文粘贴进来了。" * (MAX_FILE_BYTES // 36 + 1000)
    with pytest.raises(ShowFileError) as refused:
        save_show(Show("大促", segments=(Segment("a", "开场", 600, talking_points=pasted),)), path)
    assert "cannot be opened again: shorten its longest talking points or notes" in str(refused.value)
    assert not path.exists()
