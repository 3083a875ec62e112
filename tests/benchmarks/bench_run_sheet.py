"""An .xlsx run sheet exported and imported back whole (show/sheet_record.py), for the 30-minute
sample show and for the largest show a file holds (1,000 segments, 12 cues each, all kinds); the
import runs in a worker thread in the editor. Prints one JSON line:

  sample_export_s / sample_import_s       the sample show (best of 3)
  large_export_s / large_import_s         1,000 segments (best of 3)
  large_import_without_record_s           the same sheet with its record removed: what reading
                                          the record and restoring from it adds
  large_round_trip_equal / cues_restored  whether the show came back equal, and how many cues whole"""

from __future__ import annotations

import json
import tempfile
import time as clock
from datetime import date, time
from pathlib import Path

from openpyxl import load_workbook

from anchor_console.domain.giveaways import EntryRule, Exclusions, LuckyBagSetup, RedPacketSpec, Split
from anchor_console.show.chat_cues import AnnounceToRoom, SetSlowMode
from anchor_console.show.export import export_xlsx
from anchor_console.show.model import (
    AnchorMessage, Cue, CueMode, FeaturedProduct, IssueCoupon, Segment, SendRedPacket, SetOnSale, Show,
    StageProduct, StartFlashSale, StartLuckyBag, Trigger,
)
from anchor_console.show.sheet_record import RECORD_SHEET, without_commissions
from anchor_console.show.showfile import load_show
from anchor_console.show.spreadsheet import preview_import

SAMPLE = Path(__file__).resolve().parents[1] / "show" / "samples" / "sample_30min.show.toml"


def large_show(segments: int = 1000) -> Show:
    out = []
    for i in range(segments):
        p = FeaturedProduct(str(1000 + i), f"商品{i}", commission_bp=1200)
        actions = [StageProduct(p.id, p.name), SetOnSale(p.id, True, p.name),
                   StartFlashSale(p.id, f"sku-{i}", 3990, 200, 2, 10, 120, p.name),
                   IssueCoupon(f"tpl-{i}", 500, 15, "满199减30"), SendRedPacket(RedPacketSpec(8888, 20, Split.EQUAL, 120, "谢谢")),
                   StartLuckyBag(LuckyBagSetup("白T", 3, EntryRule.KEYWORD, "我要", 180, p.id, Exclusions(won_today=True))),
                   AnnounceToRoom("欢迎", "purple"), SetSlowMode(15), AnchorMessage(f"报库存{i}"),
                   SetOnSale(p.id, False, p.name), AnchorMessage("下一款"), StageProduct(p.id, p.name)]
        cues = tuple(Cue(f"c{i}-{k}", a, Trigger.after(k * 10), CueMode.AUTO if k % 3 == 0 else CueMode.CONFIRM,
                         note="备注" if k % 4 == 0 else "") for k, a in enumerate(actions))
        out.append(Segment(f"s{i}", f"第{i + 1}款", 200, products=(p,), talking_points="卖点一\n卖点二", notes="上链接",
                           cues=cues))
    return Show("长时间直播", date(2026, 3, 8), time(20, 0, 30), 0, tuple(out), commission_bp=1000)


def best_of(action, runs: int = 3) -> tuple[float, object]:
    took, result = [], None
    for _ in range(runs):
        began = clock.perf_counter()
        result = action()
        took.append(clock.perf_counter() - began)
    return min(took), result


def main() -> None:
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, show in (("sample", load_show(SAMPLE)), ("large", large_show())):
            path = Path(folder) / f"{name}.xlsx"
            out[f"{name}_export_s"], _ = best_of(lambda: export_xlsx(show, path))
            out[f"{name}_import_s"], preview = best_of(lambda: preview_import(path))
            if name == "large":
                out["large_round_trip_equal"] = preview.show == without_commissions(show)   # rates stay out
                out["cues_restored"] = sum(1 for s, c in zip(show.all_cues(), preview.show.all_cues()) if s[1] == c[1])
                wb = load_workbook(path)
                del wb[RECORD_SHEET]
                bare = Path(folder) / "bare.xlsx"
                wb.save(bare)
                out["large_import_without_record_s"], _ = best_of(lambda: preview_import(bare))
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}))


if __name__ == "__main__":
    main()
