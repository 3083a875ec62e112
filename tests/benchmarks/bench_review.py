"""A four-hour show recorded second by second and reviewed: the show runs on an injected clock
against a Studio in this process (tests/session/show_harness.py: real services, HTTP API, adapter,
live room, journal, runner, cues), with a moderation load on the side (20 actions a second, what
1 % of 2,000 comments a second acted on brings). Prints one JSON line:

  review_s_4h                 computing the review of the 4-hour record (best of 3)
  series_points               seconds in the record
  db_mb_4h                    the record on disk (file + WAL), MB
  record_second_ms_p99        the recorder's work for one second (sample, commit, live figures)
  xlsx_s_4h                   exporting that review to .xlsx
  screen_tick_ms_p99          the data screen's update for one second, drawn and painted (ui thread:
                              `render` and the paint it causes), at the end of the 4-hour show (its
                              whole series, bands and markers on the charts), SCREEN_SECONDS more
                              seconds with 2,000 comments a second through the comment desk
                              between ticks and the comments figure rising with them, an order a
                              second, a cue marker every 30 s and a segment; 1366×768, offscreen"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "session"))

from show_harness import InProcessShow, planned_show, run_show  # noqa: E402

from anchor_console.domain.clock import ManualClock  # noqa: E402
from anchor_console.domain.events import Event  # noqa: E402
from anchor_console.domain.text import Text  # noqa: E402
from anchor_console.moderation.wordlists import Action  # noqa: E402
from anchor_console.session.review import compute_review  # noqa: E402
from anchor_console.session.review_export import export_xlsx  # noqa: E402

MODERATION_PER_S = 20
COMMENTS_PER_S = 2000
SCREEN_SECONDS = 600


def p99(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * 0.99))]


async def record_four_hours(folder: Path) -> tuple[Path, list[float], InProcessShow]:
    h = InProcessShow(folder, ManualClock(), orders_per_s=0.5)
    await h.load()
    runner, recorder = h.console()
    desk = SimpleNamespace(modlog=SimpleNamespace(added=Event()),
                           questions=SimpleNamespace(top=lambda n, include_answered: []))
    recorder.attach_desk(desk)
    reason = Text("", "rule")
    seq = [0]
    ticks: list[float] = []
    original_tick, original_flush = recorder.tick, recorder._flush

    def tick_with_moderation() -> None:
        for _ in range(MODERATION_PER_S):
            seq[0] += 1
            desk.modlog.added.emit(SimpleNamespace(actor="list:diversion", action=Action.DELETE, result="done",
                                                   comment_id=f"c{seq[0]}", user_id=f"u{seq[0] % 5000}",
                                                   reason=reason, text="加微信", dry_run=False))
        original_tick()

    def timed_flush(final: bool = False) -> None:   # a second written: row, counts, commit, live figures
        began = time.perf_counter()
        original_flush(final)
        ticks.append((time.perf_counter() - began) * 1000)

    recorder.tick, recorder._flush = tick_with_moderation, timed_flush
    await run_show(h, planned_show(hours=4, segments=8))
    [path] = sorted((folder / "shows").glob("*.sqlite"))
    return path, ticks, h


def screen_ticks(path: Path) -> list[float]:
    """The data screen over the 4-hour record, then SCREEN_SECONDS more seconds of a busy room:
    each second's draw (numbers, rates, curves, bands, markers, stage, top products) and paint."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QWidget

    from anchor_console.session.catalog import Catalog
    from anchor_console.session.live_figures import LiveFigures, Marker
    from anchor_console.session.show_record_file import FIGURES, RecordedEvent, RecordedOrder
    from anchor_console.ui.data_screen.data_screen import DataScreen

    app = QApplication.instance() or QApplication([])
    live = LiveFigures()
    live.load(path)
    console = QWidget()
    console.session = SimpleNamespace(recorder=SimpleNamespace(live=live, started=Event(), ended=Event(), record=None),
                                      show=SimpleNamespace(rehearsing=False), room=None, catalog=Catalog(),
                                      clock=ManualClock())
    screen = DataScreen(console)
    screen.resize(1366, 768)
    screen.show()
    app.processEvents()
    flow = CommentFlow(path.parent / "flow")
    t = live.times[-1]
    row = [live.columns[f][-1] for f in FIGURES]
    comments, online, gmv = FIGURES.index("comments"), FIGURES.index("online"), FIGURES.index("gmv_fen")
    took = []
    for i in range(1, SCREEN_SECONDS + 1):
        row[comments] += COMMENTS_PER_S
        row[online] = 20_000 + (i * 37) % 3000
        row[gmv] += 9900
        live.order(RecordedOrder(f"bench-{i}", t + i, "501", 1, 9900, f"v{i}", False, None))
        if i % 30 == 0:   # a cue every half minute, a new segment every ten
            live.markers.append(Marker(t + i, "cue_succeeded", f"cue-{i}"))
        if i % 600 == 300:
            live.event(RecordedEvent(t + i, "segment_start", segment_id=f"extra-{i}"))
        live.add_second(t + i, tuple(row))
        flow.second(i)               # the console's comment work of that second, on the same thread
        began = time.perf_counter()
        screen.render(live.view)
        app.processEvents()          # the paint it caused, as the event loop would do it
        took.append((time.perf_counter() - began) * 1000)
    screen.stop()
    screen.close()
    flow.close()
    return took


class CommentFlow:
    """COMMENTS_PER_S comments a second through the comment desk (the rules, the question board,
    the session store), as the console does them between the data screen's ticks."""

    def __init__(self, folder: Path) -> None:
        from anchor_console.domain.clock import ManualClock
        from anchor_console.moderation.desk import CommentDesk

        folder.mkdir(parents=True, exist_ok=True)
        self.desk = CommentDesk(clock=ManualClock(), sessions_dir=folder, word_lists_file=folder / "words.json",
                                spawn=lambda *a, **k: None, actor=lambda: "bench")
        self.texts = ["有XL吗", "主播好美", "多少钱", "加微 abc12345 便宜", "已拍", "这个颜色显白吗", "666", "链接在哪"]
        self.n = 0

    def second(self, i: int) -> None:
        from anchor_console.domain.models import Comment

        for k in range(COMMENTS_PER_S):
            self.n += 1
            self.desk._on_comment(Comment(str(self.n), "1", f"u{self.n % 20_000}", f"观众{k}",
                                          self.texts[self.n % len(self.texts)], float(i)), True)
        while self.desk.process():
            pass

    def close(self) -> None:
        self.desk.close()


async def main() -> None:
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(dir=shm if shm.is_dir() else None))
    try:
        path, ticks, h = await record_four_hours(folder / "run")
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        took = []
        for _ in range(3):
            began = time.perf_counter()
            review = compute_review(path, journal=h.journal)
            took.append(time.perf_counter() - began)
        began = time.perf_counter()
        export_xlsx(review, folder / "review.xlsx")
        xlsx_s = time.perf_counter() - began
        await h.close()
        screen = screen_ticks(path)
        print(json.dumps({"review_s_4h": round(min(took), 3), "series_points": review.overview.series_points,
                          "screen_tick_ms_p99": round(p99(screen), 3), "db_mb_4h": round(size / 1e6, 2),
                          "record_second_ms_p99": round(p99(ticks), 3), "xlsx_s_4h": round(xlsx_s, 3)}))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
