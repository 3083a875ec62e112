"""Show → .xlsx run sheet → import → the same show, cycle after cycle, in English and in the Chinese
the console exports in: the target length comes back, and a message to the anchor keeps its text
(it used to nest one "Message to the anchor:" deeper on every cycle)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, time
from pathlib import Path

import pytest

from anchor_console.domain.text import Text
from anchor_console.show.cue_text import cue_line, read_cue_line
from anchor_console.show.export import export_xlsx
from anchor_console.show.model import (
    AnchorMessage, Cue, CueMode, FeaturedProduct, IssueCoupon, Segment, SetOnSale, SetRoomMute, Show,
    StageProduct, StartFlashSale, StartMode, Trigger,
)
from anchor_console.show.showfile import loads_show
from anchor_console.show.showfile_writer import dumps_show
from anchor_console.show.spreadsheet import preview_import

TS = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "anchor_console_zh_CN.ts"


def chinese() -> dict[str, str]:
    """The shipped zh_CN translations of the show's strings."""
    out = {}
    for context in ET.parse(TS).getroot().iter("context"):
        if context.findtext("name") == "Show":
            for message in context.iter("message"):
                translation = message.findtext("translation")
                if translation:
                    out[message.findtext("source")] = translation
    return out


ZH = chinese()


def to_chinese(text: Text) -> str:
    """The ui's translator, standing in: the template in Chinese, nested texts translated too."""
    args = {k: to_chinese(v) if isinstance(v, Text) else v for k, v in text.args.items()}
    return ZH.get(text.template, text.template).format(**args)


def run_sheet_show() -> Show:
    """A show made only of what a run sheet carries (cues suggested on import are confirm cues
    with no note, and the ids are the importer's)."""
    white = FeaturedProduct("1001", "基础款白T恤")
    dress = FeaturedProduct("1002", "法式碎花连衣裙")

    def cue(seg: str, n: int, action, trigger=Trigger.at_start()) -> Cue:
        return Cue(f"{seg}-c{n}", action, trigger, CueMode.CONFIRM)

    return Show("春季上新专场", date(2026, 3, 8), time(20, 0), 5400, (
        Segment("seg-01", "开场暖场", 600, products=(), talking_points="欢迎来到直播间\n先点关注", notes="上福袋", cues=(
            cue("seg-01", 1, AnchorMessage("福袋：关注+评论抽5人")),
            cue("seg-01", 2, AnchorMessage("报一下今天的福利；别忘了（自动）"), Trigger.after(90)),
            cue("seg-01", 3, SetRoomMute(True), Trigger.at_end(30)),
            cue("seg-01", 4, SetRoomMute(False), Trigger.at_end()),
        )),
        Segment("seg-02", "福利款", 930, products=(white,), talking_points="240g重磅", cues=(
            cue("seg-02", 1, StageProduct(white.id, white.name)),
            cue("seg-02", 2, SetOnSale(white.id, True, white.name), Trigger.after(5)),
            cue("seg-02", 3, StartFlashSale(white.id, "", 3990, 200, product_name=white.name), Trigger.after(120)),
            cue("seg-02", 4, SetOnSale(white.id, False, white.name), Trigger.at_end(60)),
        )),
        Segment("seg-03", "主推款", 1200, StartMode.HARD, time(20, 30), products=(white, dress), cues=(
            cue("seg-03", 1, IssueCoupon("", 500, 15, "满199减30")),
            cue("seg-03", 2, AnchorMessage("Message to the anchor: 嵌套")),
        )),
        Segment("seg-04", "下播", 300, notes="下播前10分钟提醒主播"),
    ))


@pytest.mark.parametrize("translate", [Text.english, to_chinese], ids=["english", "chinese"])
def test_show_to_xlsx_to_import_is_the_same_show_cycle_after_cycle(tmp_path, translate):
    show = run_sheet_show()
    for cycle in range(3):
        path = tmp_path / f"cycle{cycle}.xlsx"
        export_xlsx(show, path, translate=translate)
        again = preview_import(path).show
        assert again == show, f"cycle {cycle}"
        assert loads_show(dumps_show(again)) == again
        show = again
    assert show.target_length_s == 5400
    assert show.segments[2].cues[1].action == AnchorMessage("Message to the anchor: 嵌套")


@pytest.mark.parametrize("translate", [Text.english, to_chinese], ids=["english", "chinese"])
def test_every_cue_line_reads_back(translate):
    products = run_sheet_show().segments[2].products
    for _, c in run_sheet_show().all_cues():
        assert read_cue_line(cue_line(c, translate), products) == (c.trigger, c.action)
        assert read_cue_line(cue_line(c, translate).replace("(confirm)", "(auto)"), products)[1] == c.action


def test_lines_people_write_are_not_taken_for_exported_cues():
    for text in ("讲解 白T恤", "福袋", "at segment start", "Put it on stage", "结束前 99:99：全员禁言",
                 "开始后 1:00：发放 99999999999999 张 X 优惠券（有效 5 分钟）"):
        assert read_cue_line(text) is None, text
