"""The show model: planned times for soft and hard starts, length against the target, readiness
problems, and the package staying free of Qt."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, time

from anchor_console.show.model import (
    AnchorMessage, Cue, IssueCoupon, Segment, SendRedPacket, SetOnSale, Show, StartFlashSale, StartLuckyBag, StartMode,
    Trigger,
    format_clock, resolve_time_of_day,
)
from show_builders import evening_show


def test_planned_schedule_with_gaps_overlaps_and_the_target():
    show = evening_show()
    sched = show.schedule()
    assert [(i.start.time(), i.end.time()) for i in sched.items] == [
        (time(20, 0), time(20, 10)), (time(20, 10), time(20, 20)), (time(20, 30), time(20, 40)),
        (time(20, 40), time(20, 50))]
    assert sched.length_s == 3000 and sched.over_target_s == 0
    [gap] = sched.gaps_and_overlaps()
    assert gap.segment_id == "C" and gap.gap_before_s == 600
    tight = Show("t", None, time(20, 0), 1200, (Segment("a", "A", 900), Segment("b", "B", 600, StartMode.HARD,
                                                                                    time(20, 10))))
    sched = tight.schedule()
    assert sched.item("b").gap_before_s == -300 and sched.length_s == 1200 and sched.over_target_s == 0
    assert Show("x", segments=(Segment("a", "A", 60),)).schedule().over_target_s is None


def test_schedule_from_a_given_start():
    sched = evening_show().schedule(datetime(2026, 3, 8, 20, 25))  # started 25 minutes late
    assert sched.item("B").start.time() == time(20, 35)
    assert sched.item("C").start.time() == time(20, 30) and sched.item("C").gap_before_s == -900


def test_nearest_time_of_day_crosses_midnight_both_ways():
    assert resolve_time_of_day(time(0, 20), datetime(2026, 3, 8, 23, 50)) == datetime(2026, 3, 9, 0, 20)
    assert resolve_time_of_day(time(23, 50), datetime(2026, 3, 9, 0, 10)) == datetime(2026, 3, 8, 23, 50)
    assert resolve_time_of_day(time(20, 0), datetime(2026, 3, 8, 19, 0)) == datetime(2026, 3, 8, 20, 0)


def test_problems_before_going_live():
    show = Show("t", date(2026, 3, 8), None, 0, (
        Segment("a", "A", 60, StartMode.HARD, None, cues=(
            Cue("c", IssueCoupon("", 0, 30)),
            Cue("c", AnchorMessage(" "), Trigger.after(120)),
        )),
        Segment("a", "B", -1, StartMode.HARD, time(20, 0), cues=(
            Cue("f", StartFlashSale("1001", "", 100, 10, 1, 301, 60)),
            Cue("s", SetOnSale("")),
        )),
    ))
    messages = [p.message.english() for p in show.problems()]
    assert "“A” has a hard start but no time" in messages
    assert any("no coupon template chosen" in m for m in messages)
    assert any("the quantity must be from 1 to 1,000,000" in m for m in messages)
    assert any("Cue id “c” is empty or used twice" in m for m in messages)
    assert any("the message is empty" in m for m in messages)
    assert any("due after the segment's planned end" in m for m in messages)
    assert any("Segment id “a” is empty or used twice" in m for m in messages)
    assert any("negative duration" in m for m in messages)
    assert any("the countdown must be from 0 to 300 seconds" in m for m in messages)
    assert any("no SKU chosen" in m for m in messages)
    assert any("no product chosen" in m for m in messages)
    assert "The show has hard starts but no planned start time" in messages
    assert evening_show().problems() == []


def test_clock_format_and_trigger_offsets():
    assert [format_clock(s) for s in (0, 59, 600, 3725, -75, 7200)] == ["0:00", "0:59", "10:00", "1:02:05", "-1:15",
                                                                        "2:00:00"]
    assert Trigger.at_start().offset_in(600) == 0
    assert Trigger.after(90).offset_in(600) == 90
    assert Trigger.at_end().offset_in(600) == 600 and Trigger.at_end(30).offset_in(600) == 570
    assert Trigger.at_end(900).offset_in(600) == 0
    assert Trigger.at_end(30).describe().english() == "0:30 before end"
    assert Cue("x", SetOnSale("1", False, "白T"), Trigger.after(65)).describe().english() == \
        "1:05 after start: Take 白T off sale"


def test_the_show_package_does_not_import_qt():
    code = ("import sys, anchor_console.show, anchor_console.show.spreadsheet, anchor_console.show.export;"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'qasync')];"
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_user_visible_string_can_be_extracted_for_translation():
    """pyside6-lupdate only sees QT_TRANSLATE_NOOP("Show", "literal") outside f-strings."""
    import ast
    from pathlib import Path

    import anchor_console.show

    folder = Path(anchor_console.show.__file__).parent
    count = 0
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside_fstrings = {id(n) for f in ast.walk(tree) if isinstance(f, ast.JoinedStr) for n in ast.walk(f)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "QT_TRANSLATE_NOOP":
                where = f"{path.name}:{node.lineno}"
                assert id(node) not in inside_fstrings, where
                assert [type(a) for a in node.args] == [ast.Constant, ast.Constant], where
                assert node.args[0].value == "Show" and node.args[1].value.strip(), where
                count += 1
    assert count > 100


def test_cues_beyond_what_the_platform_takes_are_problems_not_failures_when_fired():
    """A show file may hold wider numbers than Studio takes (show.limits); each such cue is listed
    with the platform's bound, before the show goes live, instead of failing when it fires."""
    from anchor_console.domain.giveaways import EntryRule, LuckyBagSetup, RedPacketSpec

    cases = [
        (StartFlashSale("1001", "10011", 100, 5_000_000, 500, 0, 5),
         ["the stock must be from 1 to 1,000,000", "the per-buyer limit must be from 1 to 100",
          "a sale lasts from 10 seconds to 24 hours"]),
        (IssueCoupon("t1", 10, 30 * 24 * 60), ["the coupons stay valid from 1 minute to 7 days"]),
        (StartLuckyBag(LuckyBagSetup("杯" * 101, 1, EntryRule.FOLLOW, countdown_s=2)),
         ["the prize may have at most 100 characters", "the countdown must be between 5 seconds and 1:00:00"]),
        (StartLuckyBag(LuckyBagSetup("杯", 1, EntryRule.KEYWORD, keyword="福" * 21)),   # the desk's field stops at 20
         ["the keyword may have at most 20 characters"]),
        (SendRedPacket(RedPacketSpec(1000, 5, claim_window_s=5, message="谢" * 61)),
         ["the claim window must be between 10 seconds and 24 hours", "the message may have at most 60 characters"]),
    ]
    for action, expected in cases:
        assert [p.english() for p in action.problems()] == expected, action


def test_every_cue_action_says_its_kind_words_problems_and_the_command_it_fires():
    """A cue action is one class (model.py, chat_cues.py): the editor, the run sheet and the runner
    ask it, so adding one touches one place."""
    from anchor_console.show.model import CUE_ACTIONS
    assert len({action.kind for action in CUE_ACTIONS}) == len(CUE_ACTIONS)
    for action in CUE_ACTIONS:
        assert all(callable(getattr(action, name, None)) for name in ("describe", "problems", "command")), action
