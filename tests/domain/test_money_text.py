"""Money has its digits grouped like the counts beside it ("¥98,595.00" beside "1,429"), in a cue's
words too; an exported run sheet's amounts read back grouped, and as older sheets wrote them."""

from __future__ import annotations

import pytest

from anchor_console.domain.money import format_money


@pytest.mark.parametrize("fen, shown", [
    (0, "¥0.00"), (5, "¥0.05"), (12345, "¥123.45"), (99999, "¥999.99"), (100000, "¥1,000.00"),
    (9859500, "¥98,595.00"), (10**10, "¥100,000,000.00"), (-123456, "-¥1,234.56"),
])
def test_money_on_screen_groups_its_digits(fen, shown):
    assert format_money(fen) == shown


def test_without_the_symbol():
    assert format_money(9859500, symbol="") == "98,595.00"


def test_a_run_sheet_line_with_a_large_amount_reads_back():
    from anchor_console.domain.giveaways import RedPacketSpec
    from anchor_console.show.cue_text import cue_line, read_cue_line
    from anchor_console.show.model import Cue, CueMode, SendRedPacket, Trigger

    cue = Cue("c", SendRedPacket(RedPacketSpec(200_000, 100)), Trigger.at_start(), CueMode.CONFIRM)
    line = cue_line(cue, lambda text: text.english())
    assert "¥2,000.00" in line
    for written in (line, line.replace("¥2,000.00", "¥2000.00")):   # and as a sheet exported before wrote it
        read = read_cue_line(written, ())
        assert read is not None and read[1].spec.total_fen == 200_000, written


def test_an_amount_written_as_the_console_writes_it_is_read_back():
    from anchor_console.domain.money import parse_yuan
    assert parse_yuan("¥1,299.00") == parse_yuan("1299") == 129900 and parse_yuan("¥1,000,000.5") == 100000050
    for wrong in ("1,29", "12,3456", ",100"):
        with pytest.raises(ValueError):
            parse_yuan(wrong)
