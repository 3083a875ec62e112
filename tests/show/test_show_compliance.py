"""Compliance pre-flight: advertising-law words found in what is said or shown, with exact spans,
the rule that applies, and the bare 最 reported without drowning the script in time words."""

from __future__ import annotations

from dataclasses import replace

import pytest

from anchor_console.domain.word_list_file import WordListError
from anchor_console.show.compliance import CheckedField, ListedWord, WordList, check_show
from anchor_console.show.model import AnchorMessage, Cue, IssueCoupon, Segment, Show
from anchor_console.show.showfile import load_show
from anchor_console.show.spreadsheet import preview_import
from show_builders import SAMPLES


@pytest.fixture(scope="module")
def words():
    return WordList.load()


def found(words, text):
    return [(text[s:e], w.word, w.group) for s, e, w in words.find(text)]


def test_findings_carry_the_span_word_group_and_rule(words):
    show = Show("全网最低价专场", None, None, 0, (
        Segment("s1", "爆款推荐", 600, talking_points="这款面霜可以美白祛斑，\n用了绝对不过敏", cues=(
            Cue("c1", AnchorMessage("告诉大家：销量第一！")),
            Cue("c2", IssueCoupon("1", 10, 5, "最便宜的券")),  # coupon names are not spoken: not checked
        )),
    ))
    findings = check_show(show, words)
    assert [(f.segment_id, f.field, f.written) for f in findings] == [
        ("", CheckedField.SHOW_TITLE, "全网最低价"),
        ("s1", CheckedField.TALKING_POINTS, "美白祛斑"),
        ("s1", CheckedField.TALKING_POINTS, "绝对"),
        ("s1", CheckedField.ANCHOR_MESSAGE, "销量第一"),
    ]
    whitening = findings[1]
    text = show.segments[0].talking_points
    assert text[whitening.start:whitening.end] == "美白祛斑" and (whitening.start, whitening.end) == (6, 10)
    assert whitening.group == "医疗用语" and "化妆品监督管理条例" in whitening.rule
    assert findings[3].cue_id == "c1"
    assert "美白祛斑" in whitening.message.english() and "医疗用语" in whitening.message.english()
    assert CheckedField.TALKING_POINTS.label.english() == "talking points"


def test_the_longest_listed_word_wins(words):
    assert found(words, "史上最低价") == [("史上最低价", "史上最低价", "虚假价格")]
    assert found(words, "全网最低价，最好的") == [("全网最低价", "全网最低价", "极限词"), ("最好", "最好", "极限词")]


def test_bare_zui_is_reported_but_not_time_words(words):
    text = "最近上新的款，最后三分钟，最终解释权归商家，最早一批，最美的裙子"
    assert found(words, text) == [("最", "最", "极限词")]
    [(start, end, w)] = words.find(text)
    assert text[start:end + 1] == "最美"
    finding = check_show(Show("", None, None, 0, (Segment("s", "t", 1, talking_points=text),)), words)[0]
    assert finding.broad  # one-character word: the editor shows it as "check the context"
    assert found(words, "最后一天！") == [("最后一天", "最后一天", "虚假紧迫")]  # listed on its own


def test_case_and_width_do_not_hide_a_word(words):
    assert [w for _, w, _ in found(words, "销量ＮＯ．１，top1 的品牌，no1")] == ["NO.1", "TOP1", "No1"]
    text = "全场１００％纯棉"
    [(written, word, _)] = found(words, text)
    assert written == "１００％" and word == "100%"


def test_extra_words_from_csv_and_txt(tmp_path, words):
    csv_path = tmp_path / "mine.csv"
    csv_path.write_text("word,group,note\n# 竞品\n某宝,竞品,不要提竞品平台\n", encoding="utf-8")
    txt_path = tmp_path / "mine.txt"
    txt_path.write_bytes("# 我们自己的禁词\n加微信\n\n私聊\n".encode("gbk"))
    mine = WordList.load(csv_path)
    [(s, e, w)] = mine.find("某宝上更贵")
    assert (w.group, w.note, w.extra) == ("竞品", "不要提竞品平台", True)
    assert WordList.load(txt_path).find("加微信私聊")[1][2].word == "私聊"
    show = Show("", None, None, 0, (Segment("s", "t", 1, talking_points="想要的加微信"),))
    [finding] = check_show(show, WordList.load(txt_path))
    assert finding.group == "" and "on your list" in finding.message.english()
    assert mine.find("最好") and words.find("某宝") == []


def test_a_missing_extra_list_gives_a_readable_error(tmp_path):
    with pytest.raises(WordListError) as err:
        WordList.load(tmp_path / "nope.txt")
    assert "Cannot read the word list" in err.value.message.english()


def test_a_txt_list_reads_group_headers_as_the_moderators_lists_do(tmp_path):
    txt_path = tmp_path / "mine.txt"
    txt_path.write_text("[竞品]\n某宝\n", encoding="utf-8")
    [(_, _, w)] = WordList.load(txt_path).find("某宝上更贵")
    assert (w.word, w.group) == ("某宝", "竞品")   # a "[竞品]" line is a header, not a word to look for
    assert WordList.load(txt_path).find("[竞品]") == []


def test_a_list_in_an_unknown_encoding_is_refused_and_staff_keep_the_shipped_list(tmp_path):
    from anchor_console.session.staff_words import StaffWords
    garbage = tmp_path / "mine.csv"
    garbage.write_bytes(bytes(range(128, 256)) * 20)
    with pytest.raises(WordListError) as err:
        WordList.load(garbage)
    assert "Cannot tell the encoding of" in err.value.message.english()
    staff = StaffWords(garbage)
    assert staff.problem is not None and "UTF-8" in staff.problem.english()
    assert [f.written for f in staff.find("全网最低价")] == ["全网最低价"]


def test_an_empty_list_finds_nothing():
    assert WordList([]).find("最好的") == []


def test_sample_sheets_and_show(words):
    beauty = preview_import(SAMPLES / "beauty_time_ranges.xlsx").show
    assert [(f.segment_id, f.written) for f in check_show(beauty, words)] == [("seg-03", "全网最低价")]
    assert check_show(load_show(SAMPLES / "sample_30min.show.toml"), words) == []
    edited = load_show(SAMPLES / "sample_30min.show.toml")
    seg = replace(edited.segments[0], title="最火开场")
    assert [f.word for f in check_show(replace(edited, segments=(seg,)), words)] == ["最火"]


def test_a_check_after_an_edit_reads_again_only_the_text_that_changed(tmp_path):
    """The editor checks the whole show on every keystroke: what the last check found in texts
    that did not change is taken from it, and the findings are the same as a fresh check's."""
    words = WordList([ListedWord("最低价", "极限词", "")])
    show = Show("", None, None, 0, tuple(Segment(f"s{i}", "t", 60, talking_points=f"全网最低价 {i}") for i in range(3)))
    last: dict = {}
    check_show(show, words, last=last)
    read: list[str] = []
    real_find = words.find
    words.find = lambda text: read.append(text) or real_find(text)
    edited = replace(show, segments=(replace(show.segments[0], talking_points="最低价！最低价"),) + show.segments[1:])
    assert check_show(edited, words, last=last) == check_show(edited, WordList([ListedWord("最低价", "极限词", "")]))
    assert read == ["最低价！最低价"]


def test_what_cues_show_every_viewer_is_checked_too():
    """An announcement, a red packet's greeting and a lucky bag's prize are shown by the platform as
    written: "全网最低价" there was never flagged."""
    from anchor_console.domain.giveaways import LuckyBagSetup, RedPacketSpec
    from anchor_console.show.chat_cues import AnnounceToRoom
    from anchor_console.show.model import SendRedPacket, StartLuckyBag

    show = Show("春装专场", segments=(Segment("s", "开场", 600, cues=(
        Cue("c-ann", AnnounceToRoom("全网最低价，今晚8点抽奖")),
        Cue("c-rp", SendRedPacket(RedPacketSpec(8800, 20, message="感谢支持 全网最低价"))),
        Cue("c-lb", StartLuckyBag(LuckyBagSetup("全网最低价保温杯", 1))))),))
    findings = check_show(show, WordList.load())
    assert [(f.cue_id, f.field, f.written, f.start) for f in findings] == [
        ("c-ann", CheckedField.ANNOUNCEMENT, "全网最低价", 0),
        ("c-rp", CheckedField.PACKET_GREETING, "全网最低价", 5),
        ("c-lb", CheckedField.LUCKY_BAG_PRIZE, "全网最低价", 0)]
