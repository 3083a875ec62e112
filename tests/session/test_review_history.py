"""The list of past shows and the comparison of a show with the earlier ones of the same script
(else the same room), with trend arrows; a record that cannot be read is listed with its problem."""

from __future__ import annotations

from anchor_console.session.review import compute_review
from anchor_console.session.review_history import DOWN, FLAT, UP, compare, past_shows
from anchor_console.session.show_record_file import FIGURES, ShowRecordFile


def recorded(folder, name, *, title, room="studio:1", started, gmv, orders, rehearsal=False, length=3600.0):
    record = ShowRecordFile(folder / f"{name}.sqlite")
    record.set_meta(title=title, room_key=room, started_at=started, wall_started_at=started, rehearsal=rehearsal,
                    baseline=[0] * len(FIGURES), length_s=length, ended_at=started + length, show_path="")
    values = dict.fromkeys(FIGURES, 0) | {"gmv_fen": gmv, "orders": orders}
    record.write_second(int(length) - 1, tuple(values[f] for f in FIGURES))
    record.close()
    return folder / f"{name}.sqlite"


def test_past_shows_newest_first_and_a_broken_one_says_why(tmp_path):
    recorded(tmp_path, "a", title="周三专场", started=1000, gmv=100_00, orders=10)
    recorded(tmp_path, "b", title="周三专场", started=9000, gmv=300_00, orders=30)
    (tmp_path / "c.sqlite").write_bytes(b"garbage" * 50)
    shows = past_shows(tmp_path)
    readable = [s for s in shows if not s.problem]
    assert [s.path.stem for s in readable] == ["b", "a"]
    broken = next(s for s in shows if s.path.stem == "c")
    assert "not a readable show record" in broken.problem.english()
    assert readable[0].totals["gmv_fen"] == 300_00 and readable[0].gmv_per_minute_fen == 500


def test_a_show_is_compared_with_the_earlier_shows_of_its_script_else_its_room(tmp_path):
    recorded(tmp_path, "1", title="周三专场", started=1000, gmv=200_00, orders=20)
    recorded(tmp_path, "2", title="周三专场", started=2000, gmv=100_00, orders=30)
    recorded(tmp_path, "3", title="别的脚本", started=2500, gmv=999_00, orders=1)
    recorded(tmp_path, "r", title="周三专场", started=2600, gmv=1, orders=1, rehearsal=True)
    now = recorded(tmp_path, "4", title="周三专场", started=3000, gmv=150_00, orders=30)
    trends = {t.figure: t for t in compare(now, tmp_path)}
    assert trends["gmv_fen"].previous == 100_00 and trends["gmv_fen"].average == 150_00
    assert trends["gmv_fen"].arrow == UP and trends["orders"].arrow == FLAT
    other = recorded(tmp_path, "5", title="新脚本", started=4000, gmv=10_00, orders=1)
    trends = {t.figure: t for t in compare(other, tmp_path)}
    assert trends["gmv_fen"].previous == 150_00 and trends["gmv_fen"].arrow == DOWN   # same room
    review = compute_review(now, history=tmp_path)
    assert {t.figure for t in review.comparison} >= {"gmv_fen", "orders", "length_s"}


def test_the_list_and_the_review_count_a_show_from_its_baseline_and_online_as_it_is(tmp_path):
    # The room had sold and had viewers before the show began; this record's baseline is shorter
    # than FIGURES (an older console's): the figures it lacks are counted from 0.
    path = recorded(tmp_path, "a", title="周三专场", started=1000, gmv=500_00, orders=50)
    record = ShowRecordFile(path)
    record.set_meta(baseline=[40, 0, 0, 0, 0, 20, 200_00])     # online … gmv_fen; none from buyers on
    values = dict.fromkeys(FIGURES, 7) | {"online": 90, "gmv_fen": 500_00, "orders": 50}
    record.write_second(3600, tuple(values[f] for f in FIGURES))
    record.close()
    [listed] = past_shows(tmp_path)
    totals = compute_review(path).overview.totals
    assert listed.totals == totals
    assert (totals["online"], totals["orders"], totals["gmv_fen"], totals["buyers"]) == (90, 30, 300_00, 7)


def bare_record(path, **meta_raw):
    """A record file as another tool (or a disk fault) could leave it: meta values stored as given."""
    import sqlite3

    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("CREATE TABLE series(t INTEGER PRIMARY KEY, online INTEGER)")
    db.executemany("INSERT INTO meta VALUES (?,?)", list(meta_raw.items()))
    db.commit()
    db.close()


def test_one_bad_record_of_any_kind_is_listed_with_its_problem_and_the_others_still_are(tmp_path):
    import json
    import random

    from anchor_console.session.show_record_file import FORMAT

    recorded(tmp_path, "good", title="周三专场", started=1000, gmv=100_00, orders=10)
    fmt = json.dumps(FORMAT)
    bare_record(tmp_path / "format_not_json.sqlite", format=FORMAT)
    bare_record(tmp_path / "version_text.sqlite", format=fmt, version='"2"')
    bare_record(tmp_path / "title_not_json.sqlite", format=fmt, version="1", title="{oops")
    bare_record(tmp_path / "figures_missing.sqlite", format=fmt, version="1")
    for name, started in (("started_text", "yesterday"), ("started_huge", 1e300), ("length_text", None)):
        record = ShowRecordFile(tmp_path / f"{name}.sqlite")
        record.set_meta(title=name, wall_started_at=started or 2000, length_s="long" if started is None else 60)
        record.close()
    # …and one whose pages after the meta are damaged on disk ("database disk image is malformed").
    record = ShowRecordFile(tmp_path / "damaged.sqlite")
    record.set_meta(title="damaged", wall_started_at=3000)
    for t in range(20_000):
        record.write_second(t, tuple(range(len(FIGURES))))
    record.close()
    data, noise = bytearray((tmp_path / "damaged.sqlite").read_bytes()), random.Random(1)
    for offset in range(3 * 4096, len(data), 4096):
        data[offset:offset + 4096] = noise.randbytes(4096)
    (tmp_path / "damaged.sqlite").write_bytes(bytes(data))

    shows = {s.path.stem: s for s in past_shows(tmp_path)}
    assert shows.pop("good").problem is None
    assert len(shows) == 8 and all("not a readable show record" in s.problem.english() for s in shows.values()), shows
    assert "version is not a whole number" in shows["version_text"].problem.english()
    assert "start time is not a usable number" in shows["started_text"].problem.english()
    assert "malformed" in shows["damaged"].problem.english()


def test_a_show_that_never_ended_has_one_length_and_a_short_one_no_gmv_per_minute_anywhere(tmp_path):
    """The list of past shows said 0:00 (and GMV/min 0) for a show whose console was closed hard,
    while its review said how long it ran; and GMV per minute of a show under a minute was in the
    comparison but not in the overview."""
    from anchor_console.session.review_sections import overview

    crashed = recorded(tmp_path, "crashed", title="周四专场", started=1000, gmv=600_00, orders=6, length=1800.0)
    record = ShowRecordFile(crashed)
    record.set_meta(length_s=None, ended_at=None)   # what a show that never ended leaves
    record.close()
    (listed,) = past_shows(tmp_path)
    review = compute_review(crashed, history=tmp_path)
    assert listed.length_s == review.overview.length_s == 1800.0 and listed.gmv_per_minute_fen == 20_00
    short = recorded(tmp_path, "short", title="周四专场", started=5000, gmv=100_00, orders=1, length=30.0)
    trends = {t.figure: t for t in compare(short, tmp_path)}
    assert "gmv_per_minute_fen" not in trends and trends["length_s"].previous == 1800.0
    labels = [row[0].english() for row in overview(compute_review(short, history=tmp_path)).rows]
    assert "Length" in labels and "GMV per minute" not in labels, labels
