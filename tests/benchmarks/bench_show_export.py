"""How long the printable HTML run sheet takes for a very long show (20,000 segments with cues and
a fixed start now and then), which must grow linearly with the show. Prints one JSON line:
{"export_html_20000_segments_s": …, "export_html_2000_segments_s": …, "growth_10x": …}."""

from __future__ import annotations

import json
import time as clock
from datetime import date, time

from anchor_console.show.export import export_html
from anchor_console.show.model import (
    AnchorMessage, Cue, FeaturedProduct, Segment, Show, StartMode, Trigger,
)


def long_show(segments: int) -> Show:
    out = []
    for i in range(segments):
        hard = i % 50 == 49
        out.append(Segment(f"s{i}", f"第{i + 1}款", 10, StartMode.HARD if hard else StartMode.SOFT,
                           time(i % 24, 0) if hard else None, (FeaturedProduct(str(1000 + i), f"商品{i}"),),
                           "卖点一\n卖点二", "上链接", (Cue(f"c{i}", AnchorMessage("报库存"), Trigger.after(5)),)))
    return Show("长时间直播", date(2026, 3, 8), time(20, 0), 0, tuple(out))


def best_of(show: Show, runs: int = 3) -> float:
    took = []
    for _ in range(runs):
        began = clock.perf_counter()
        export_html(show)
        took.append(clock.perf_counter() - began)
    return min(took)


def main() -> None:
    large, small = best_of(long_show(20_000)), best_of(long_show(2_000))
    print(json.dumps({"export_html_20000_segments_s": round(large, 3), "export_html_2000_segments_s": round(small, 3),
                      "growth_10x": round(large / small, 1)}))


if __name__ == "__main__":
    main()
