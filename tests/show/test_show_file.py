"""The show file: round trips (also for nasty text), readable output, and bad files that say which
line and field is wrong — all problems at once, never a traceback."""

from __future__ import annotations

import os
import random
from dataclasses import replace
from datetime import date, time

import pytest

from anchor_console.domain.giveaways import EntryRule, Exclusions, LuckyBagSetup, RedPacketSpec, Split
from anchor_console.show.model import (
    AnchorMessage, SendRedPacket, StartLuckyBag, Cue, CueMode, FeaturedProduct, IssueCoupon, Segment,
    SetOnSale, SetRoomMute, SetShieldMode, SetSlowMode, SetFollowersOnly, AnnounceToRoom, Show, StageProduct,
    StartFlashSale, StartMode, Trigger,
)
from anchor_console.show.showfile import ShowFileError, load_show, loads_show
from anchor_console.show.showfile_writer import dumps_show, save_show
from show_builders import SAMPLES, evening_show

SAMPLE = SAMPLES / "sample_30min.show.toml"


def problems_of(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(ShowFileError) as err:
        loads_show(text)
    return [(p.line, p.path, p.message.english()) for p in err.value.problems]


# ------------------------------------------------------------------------------- round trips


def test_the_sample_show_loads_and_is_written_back_byte_for_byte():
    text = SAMPLE.read_text(encoding="utf-8")
    show = load_show(SAMPLE)
    assert len(show.segments) == 7 and show.target_length_s == 1800
    assert show.schedule().length_s == 1800
    assert dumps_show(show) == text
    modes = {c.mode for _, c in show.all_cues()}
    assert modes == {CueMode.AUTO, CueMode.CONFIRM, CueMode.MANUAL}
    flash = [c.action for _, c in show.all_cues() if isinstance(c.action, StartFlashSale)]
    assert len(flash) == 1 and (flash[0].product_id, flash[0].sku_id, flash[0].sale_price_fen) == ("1003", "10032", 12900)
    coupons = {c.action.template_id for _, c in show.all_cues() if isinstance(c.action, IssueCoupon)}
    assert coupons == {"1", "2"}
    ids = {p.id for s in show.segments for p in s.products}
    assert ids <= {str(n) for n in range(1001, 1021)}
    assert not show.problems()


def test_chinese_stays_readable_and_talking_points_are_multiline_strings():
    text = dumps_show(load_show(SAMPLE))
    assert "法式碎花连衣裙" in text and "\\u" not in text
    assert 'talking_points = """\n欢迎宝宝们来到直播间！\n' in text


def test_round_trip_of_every_action_and_trigger():
    show = evening_show()
    seg = Segment("X", "全部动作", 900, StartMode.HARD, time(21, 5, 30), (FeaturedProduct("1001", "白T"),
                                                                        FeaturedProduct("", "没编号的商品")),
                  "第一行\n第二行", "备注", (
        Cue("x1", StageProduct("1001", "白T"), Trigger.after(65), CueMode.AUTO),
        Cue("x2", SetOnSale("1001", False), Trigger.at_end(90), CueMode.MANUAL, "note"),
        Cue("x3", SetOnSale("1002", True, "连衣裙"), Trigger.at_end(), CueMode.CONFIRM),
        Cue("x4", IssueCoupon("", 0, 5), Trigger.at_start(), CueMode.CONFIRM),
        Cue("x5", StartFlashSale("", "", 0, 0, 3, 300, 3600), Trigger.after(3700), CueMode.AUTO),
        Cue("x6", SetRoomMute(True)), Cue("x7", SetRoomMute(False)),
        Cue("x8", AnchorMessage("多行\n消息")),
        Cue("x9", StartLuckyBag(LuckyBagSetup("保温杯", 5, EntryRule.KEYWORD, "666", 120, "1001",
                                              Exclusions(staff=False, won_today=True))), Trigger.after(30)),
        Cue("x10", StartLuckyBag(LuckyBagSetup("免单", 1, EntryRule.FAN_CLUB, countdown_s=3600))),
        Cue("x11", SendRedPacket(RedPacketSpec(20000, 50, Split.EQUAL, 600)), Trigger.at_end(10), CueMode.AUTO),
    ))
    show = replace(show, segments=show.segments + (seg,))
    text = dumps_show(show)
    assert loads_show(text) == show and "version = 3" in text
    assert "version = 1" in dumps_show(evening_show())   # no giveaway: still readable by older consoles
    assert loads_show(dumps_show(Show(""))) == Show("")


def test_round_trip_of_chat_mode_cues_needs_version_4():
    seg = Segment("chat-modes", "刷屏时", 600, cues=(
        Cue("c1", SetSlowMode(10), Trigger.at_start(), CueMode.AUTO), Cue("c2", SetSlowMode(0), Trigger.at_end()),
        Cue("c3", SetFollowersOnly(None)), Cue("c4", SetFollowersOnly(0)), Cue("c5", SetFollowersOnly(1440)),
        Cue("c6", SetShieldMode(True)), Cue("c7", SetShieldMode(False)),
        Cue("c8", AnnounceToRoom("今晚8点抽奖\n别走开", "purple"), Trigger.after(30)),
    ))
    show = replace(evening_show(), segments=evening_show().segments + (seg,))
    text = dumps_show(show)
    assert loads_show(text) == show and "version = 4" in text and 'action = "shield_on"' in text
    assert [p.message.english() for p in loads_show(text.replace("seconds = 10", "seconds = 2")).problems()
            if "slow mode" in p.message.english()]     # out of range: loaded, and the editor says so


def test_a_flash_sale_countdown_beyond_the_platforms_opens_as_the_cues_problem():
    """It refused the whole file; a show file keeps wider numbers than a platform takes (show.limits)."""
    seg = Segment("sale", "秒杀", 600, cues=(Cue("f", StartFlashSale("1002", "10021", 5990, 30, 1, 600, 300)),))
    show = loads_show(dumps_show(replace(evening_show(), segments=(seg,))))
    (cue,) = show.segments[0].cues
    assert cue.action.countdown_s == 600
    assert "the countdown must be from 0 to 300 seconds" in [p.english() for p in cue.action.problems()]


def test_a_red_packets_message_is_kept_and_needs_version_5():
    """The cue editor's red packet has a message (its greeting); saving used to drop it."""
    seg = Segment("packets", "红包雨", 600, cues=(
        Cue("p1", SendRedPacket(RedPacketSpec(8800, 20, Split.RANDOM, 300, "感谢大家支持\n“今晚”")), Trigger.at_start()),
        Cue("p2", SendRedPacket(RedPacketSpec(1000, 10))),
    ))
    show = replace(evening_show(), segments=evening_show().segments + (seg,))
    text = dumps_show(show)
    assert loads_show(text) == show and "version = 5" in text and "感谢大家支持" in text
    without = replace(show, segments=show.segments[:-1] + (replace(seg, cues=seg.cues[1:]),))
    assert "version = 3" in dumps_show(without)   # no message: older consoles still open it
    too_long = loads_show(text.replace("感谢大家支持", "谢" * 70))
    assert any("message may have at most 60" in p.message.english() for p in too_long.problems())


NASTY = ['"', '\\', '"""', "''' ", '\\n', "\t", "\r\n", "\x00\x07\x1b\x7f", "😀", "“中文引号”", "#", "[[segments]]",
         "a = 1", "\u2028", " ", "\n", "\n\n", '""', 'end"', "\\u0041"]


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(NASTY + ["话术", "abc", " "]) for _ in range(rng.randint(0, 8)))


def random_show(rng: random.Random) -> Show:
    segments = []
    for i in range(rng.randint(0, 5)):
        cues = []
        for j in range(rng.randint(0, 4)):
            action = rng.choice([
                StageProduct(random_text(rng), random_text(rng)),
                SetOnSale(random_text(rng), rng.random() < 0.5, random_text(rng)),
                IssueCoupon(random_text(rng), rng.randint(0, 10_000), rng.randint(1, 600), random_text(rng)),
                StartFlashSale(random_text(rng), random_text(rng), rng.randint(0, 10**7), rng.randint(0, 10**5),
                               rng.randint(1, 9), rng.randint(0, 300), rng.randint(0, 10_000), random_text(rng)),
                SetRoomMute(rng.random() < 0.5),
                SetSlowMode(rng.choice((0, 3, 120))), SetFollowersOnly(rng.choice((None, 0, 129_600))),
                SetShieldMode(rng.random() < 0.5), AnnounceToRoom(random_text(rng), rng.choice(("primary", "blue"))),
                AnchorMessage(random_text(rng)),
                StartLuckyBag(LuckyBagSetup(random_text(rng), rng.randint(1, 10_000), rng.choice(list(EntryRule)),
                                            random_text(rng), rng.randint(0, 3600), random_text(rng),
                                            Exclusions(*(rng.random() < 0.5 for _ in range(4))))),
                SendRedPacket(RedPacketSpec(rng.randint(0, 10**7), rng.randint(1, 10_000), rng.choice(list(Split)),
                                            rng.randint(0, 86400))),
            ])
            trigger = rng.choice([Trigger.at_start(), Trigger.after(rng.randint(0, 9999)),
                                  Trigger.at_end(rng.randint(0, 999))])
            cues.append(Cue(f"c{i}-{j}", action, trigger, rng.choice(list(CueMode)), random_text(rng)))
        hard = rng.random() < 0.3
        segments.append(Segment(
            f"s{i}", random_text(rng), rng.randint(0, 20_000), StartMode.HARD if hard else StartMode.SOFT,
            time(rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)) if hard else None,
            tuple(FeaturedProduct(random_text(rng), random_text(rng)) for _ in range(rng.randint(0, 3))),
            random_text(rng), random_text(rng), tuple(cues)))
    return Show(random_text(rng), rng.choice([None, date(2026, 12, 31)]),
                rng.choice([None, time(0, 0), time(23, 59, 59)]), rng.randint(0, 99_999), tuple(segments))


def test_round_trip_of_random_shows_with_nasty_text():
    rng = random.Random(20260308)
    for _ in range(150):
        show = random_show(rng)
        text = dumps_show(show)
        assert loads_show(text) == show, text
        assert dumps_show(loads_show(text)) == text


def test_save_and_load_through_a_file(tmp_path):
    show = load_show(SAMPLE)
    path = tmp_path / "plan" / "春装.show.toml"
    save_show(show, path)
    assert load_show(path) == show
    assert os.listdir(path.parent) == ["春装.show.toml"]


def test_loading_never_changes_the_file(tmp_path):
    path = tmp_path / "a.show.toml"
    path.write_bytes(SAMPLE.read_bytes().replace(b"\n", b"\r\n"))  # as saved on Windows
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    assert load_show(path) == load_show(SAMPLE)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_a_failed_save_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "plans" / "a.show.toml"
    save_show(load_show(SAMPLE), path)
    before = path.read_bytes()

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(ShowFileError) as err:
        save_show(Show("别的"), path)
    assert "No space left on device" in str(err.value)
    assert path.read_bytes() == before
    assert os.listdir(path.parent) == ["a.show.toml"]  # no temporary file left behind


def test_a_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.show.toml"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.read_bytes())
    assert load_show(path) == load_show(SAMPLE)


# ---------------------------------------------------------------------------------- bad files


def test_syntax_error_names_the_line_and_column():
    text = SAMPLE.read_text(encoding="utf-8").replace('title = "福利款：高腰阔腿牛仔裤"', "title = 福利款：高腰阔腿牛仔裤")
    [(line, path, message)] = problems_of(text)
    assert line == text.splitlines().index("title = 福利款：高腰阔腿牛仔裤") + 1
    assert message == "this is not valid TOML (a quote, bracket or “=” is missing or extra)"
    with pytest.raises(ShowFileError) as err:
        loads_show(text)
    [problem] = err.value.problems
    assert problem.column == 9   # the value's first character, where the quote is missing
    assert problem.describe().english() == (f"Line {line}, column 9: this is not valid TOML (a quote, bracket or "
                                            "“=” is missing or extra)")


@pytest.mark.parametrize("text, line, column, said", [
    ('format = "anchor-console-show"\ntitle x\n', 2, 7,
     "Line 2, column 7: this is not valid TOML (a quote, bracket or “=” is missing or extra)"),
    ('title = "a"\ntitle = "b"\n', 2, 12,
     "Line 2, column 12: this is not valid TOML (a key or table is written a second time)"),
    ('title = "unclosed\n', 1, 18,
     "Line 1, column 18: this is not valid TOML (a quote, bracket or “=” is missing or extra)"),
    ('notes = [1, 2', None, None,
     "At the end of the file: this is not valid TOML (a quote or bracket opened earlier is not closed)"),
])
def test_a_toml_syntax_error_is_said_in_our_own_translatable_words(text, line, column, said, caplog):
    """tomllib's English ("Expected '=' after a key in a key/value pair") reached the user even in
    the Chinese ui: the notice is a sentence of ours with the line and column; tomllib's is logged."""
    from anchor_console.domain.text import Text

    with caplog.at_level("INFO", logger="anchor_console.show.showfile"), pytest.raises(ShowFileError) as err:
        loads_show(text, source="x.show.toml")
    [problem] = err.value.problems
    assert (problem.line, problem.column) == (line, column)
    described = problem.describe()
    assert isinstance(described, Text) and described.english() == said
    assert "Expected" not in said and "x.show.toml" in caplog.text and "TOML" in caplog.text


def test_wrong_type_names_the_field_path_and_line():
    text = SAMPLE.read_text(encoding="utf-8").replace("quantity = 300", 'quantity = "300"')
    [(line, path, message)] = problems_of(text)
    assert path == "segments[5].cues[3].quantity"
    assert text.splitlines()[line - 1] == 'quantity = "300"'
    assert "expected a whole number, found text" in message


def test_several_errors_are_reported_at_once_in_line_order():
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace('duration = "5:00"', 'duration = "five minutes"', 1)
    text = text.replace('mode = "confirm"', 'mode = "maybe"', 1)
    text = text.replace('when = "offset"\nafter = "2:00"', 'when = "offset"\nafter = -5', 1)
    text = text.replace('id = "seg-close"', 'id = "seg-open"')
    found = problems_of(text)
    paths = [p for _, p, _ in found]
    assert paths == ["segments[2].duration", "segments[2].cues[3].mode", "segments[3].cues[2].after",
                     "segments[7].id"]
    lines = [line for line, _, _ in found]
    assert lines == sorted(lines) and all(lines)
    assert "already used by segments[1]" in found[-1][2]


def test_missing_required_fields_point_at_their_table():
    text = SAMPLE.read_text(encoding="utf-8").replace('action = "coupon"\ntemplate_id = "1"\n', 'action = "coupon"\n', 1)
    text = text.replace('title = "开场福利预告"\n', "", 1)
    found = problems_of(text)
    assert [p for _, p, _ in found] == ["segments[1].title", "segments[2].cues[3].template_id"]
    lines = text.splitlines()
    assert lines[found[0][0] - 1] == "[[segments]]"
    assert lines[found[1][0] - 1] == "[[segments.cues]]"
    assert all("required" in m for _, _, m in found)


def test_unknown_versions_are_refused_as_made_by_a_newer_app():
    from anchor_console.show.showfile_schema import VERSION
    text = SAMPLE.read_text(encoding="utf-8").replace("version = 1", f"version = {VERSION + 1}")
    [(line, path, message)] = problems_of(text)
    assert path == "version" and line == 3
    assert "made by a newer Anchor Console" in message and "Update" in message


def test_not_a_show_file():
    [(_, path, message)] = problems_of('title = "x"\n')
    assert path == "format" and "not an Anchor Console show file" in message
    [(_, path, _)] = problems_of('format = "anchor-console-show"\nversion = "1"\n')
    assert path == "version"


def test_typos_and_misplaced_keys_are_reported():
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("talking_points =", "talkingpoints =", 1)
    text = text.replace('start = "soft"\n', 'start = "soft"\nat = 20:05:00\n', 1)
    text = text.replace('id = "seg-lucky"\ntitle = "整点福袋"\nduration = "3:00"\nstart = "hard"\nat = 20:23:00',
                        'id = "seg-lucky"\ntitle = "整点福袋"\nduration = "3:00"\nstart = "hard"')
    text = text.replace('when = "start"\nmode = "auto"\naction = "message"', 'when = "start"\nbefore = "0:10"\nmode = "auto"\naction = "message"', 1)
    found = problems_of(text)
    messages = {p: m for _, p, m in found}
    assert "unknown field" in messages["segments[1].talkingpoints"] and "talking_points" in messages[
        "segments[1].talkingpoints"]
    assert 'only used with start = "hard"' in messages["segments[1].at"]
    assert "needs a time of day" in messages["segments[6].at"]
    assert "segments[1].cues[1].before" in messages


def test_bad_values_in_actions():
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace('price = "129.00"', 'price = "八十九"').replace('countdown = "0:10"', 'countdown = "六秒"')
    text = text.replace('action = "stage"', 'action = "dance"', 1)
    found = {p: m for _, p, m in problems_of(text)}
    assert "price in yuan" in found["segments[3].cues[2].price"]
    assert "countdown" in found["segments[3].cues[2].countdown"]   # (6:00 opens: the cue's problem, see above)
    assert "is not one of" in found["segments[2].cues[1].action"]


def test_products_and_dates_with_wrong_types():
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace('{ id = "1002", name = "高腰阔腿牛仔裤" },', '{ id = 1002, name = "高腰阔腿牛仔裤" },', 1)
    text = text.replace("date = 2026-03-20", 'date = "20号"').replace("start = 20:00:00", "start = 25")
    found = problems_of(text)
    by_path = {p: (line, m) for line, p, m in found}
    assert by_path["date"][0] == 6 and "a date like 2026-03-08" in by_path["date"][1]
    assert by_path["start"][0] == 7
    line, message = by_path["segments[2].products[1].id"]
    assert text.splitlines()[line - 1].strip().startswith("{ id = 1002") and "found a whole number" in message


def test_loose_spellings_that_are_accepted():
    text = SAMPLE.read_text(encoding="utf-8").replace("start = 20:00:00", 'start = "20:00"').replace(
        "date = 2026-03-20", 'date = "2026-03-20"').replace('duration = "3:00"', "duration = 180", 1).replace(
        'price = "129.00"', "price = 129")
    assert loads_show(text) == load_show(SAMPLE)


def test_files_that_cannot_be_read_give_a_show_file_error(tmp_path):
    with pytest.raises(ShowFileError) as err:
        load_show(tmp_path / "missing.show.toml")
    assert "cannot read the file" in str(err.value)
    gbk = tmp_path / "gbk.show.toml"
    gbk.write_bytes('format = "anchor-console-show"\nversion = 1\ntitle = "春装"\n'.encode("gbk"))
    with pytest.raises(ShowFileError) as err:
        load_show(gbk)
    assert err.value.problems[0].line == 3 and "not UTF-8" in str(err.value)
    assert "cannot be opened" in err.value.message.english()


def test_the_sample_show_fits_studios_demo_catalog():
    """The 30-minute sample is rehearsed at 10× against Studio's demo room: every product, SKU and
    coupon template it names must exist there, and what it stages or sells must be on the shelf."""
    from anchor_console.studio.demo import CATALOG, COUPON_TEMPLATES, DEMO_SHELF

    show = load_show(SAMPLE)
    names = {str(pid): name for pid, name, *_ in CATALOG}
    skus = {str(pid * 10 + i) for pid, *_, variants in CATALOG for i in range(1, len(variants) + 1)}
    for seg in show.segments:
        assert all(names.get(p.id) == p.name for p in seg.products), seg.title
        for cue in seg.cues:
            action = cue.action
            if isinstance(action, (StageProduct, SetOnSale, StartFlashSale)):
                assert names.get(action.product_id) == action.product_name and int(action.product_id) in DEMO_SHELF
            if isinstance(action, StartFlashSale):
                assert action.sku_id in skus and action.sku_id.startswith(action.product_id)
            if isinstance(action, IssueCoupon):
                assert int(action.template_id) in {t[0] for t in COUPON_TEMPLATES}


def test_a_commission_is_read_and_written_as_version_2_and_a_show_without_one_stays_version_1():
    from dataclasses import replace

    from anchor_console.show.showfile import loads_show
    from anchor_console.show.showfile_writer import dumps_show

    show = loads_show(SAMPLE.read_text(encoding="utf-8"))
    assert "version = 1" in dumps_show(show) and show.commission_bp == 0
    seg = show.segments[0]
    first = replace(seg.products[0], commission_bp=1250) if seg.products else None
    changed = replace(show, commission_bp=2000,
                      segments=(replace(seg, products=(first, *seg.products[1:])) if first else seg,
                                *show.segments[1:]))
    text = dumps_show(changed)
    assert "version = 2" in text and "commission_percent = 20" in text
    again = loads_show(text)
    assert again == changed
    if first:
        assert again.commission_bp_of(first.id) == 1250
    assert again.commission_bp_of("no-such-product") == 2000


def test_a_commission_outside_0_to_100_percent_is_refused_where_it_is():
    text = SAMPLE.read_text(encoding="utf-8").replace("version = 1", "version = 2\ncommission_percent = 120", 1)
    [(_, path, message)] = problems_of(text)
    assert path == "commission_percent" and "120 is not between 0 and 100" in message
