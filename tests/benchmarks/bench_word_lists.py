"""Benchmark (not a test): Apply in the word lists dialog with 50,000 entries, during a show.

    python tests/benchmarks/bench_word_lists.py [--entries 50000]

The real dialog (offscreen) on a comment desk, on an asyncio loop that also classifies a comment
every 5 ms as the desk does and ticks every millisecond to see when the loop is held. 50,000
entries are pasted into a group (not timed), then Apply is pressed. Each the best of three:

  click_ms          the Apply slot itself
  ui_thread_s       the time the loop (the UI thread) was held from the click until the new entries
                    judge comments: every tick late by more than 2 ms counts its delay (the click,
                    building the matcher on the loop, waiting for a worker thread's GIL)
  longest_stall_ms  the longest the loop was held at once
  total_s           from the click until a comment with a new entry is judged by it
Prints one JSON line."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_moderation_import import entries  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from anchor_console.domain.clock import ManualClock  # noqa: E402
from anchor_console.domain.models import Comment  # noqa: E402
from anchor_console.moderation.desk import CommentDesk  # noqa: E402
from anchor_console.ui.comments.word_lists_dialog import WordListsDialog  # noqa: E402

NEW_WORD = "基准新加词"


async def apply_once(words: list[str], home: Path) -> dict:
    tasks: set[asyncio.Task] = set()

    def spawn(coro, **kw):
        task = asyncio.get_running_loop().create_task(coro, name=kw.get("name"))
        tasks.add(task)
        return task

    desk = CommentDesk(clock=ManualClock(), sessions_dir=home / "sessions", word_lists_file=home / "lists.json",
                       spawn=spawn, actor=lambda: "场控")
    window = QWidget()
    dialog = WordListsDialog(window, desk)
    dialog.groups.setCurrentRow(0)
    dialog.words.setPlainText("\n".join(words + [NEW_WORD]))
    applied = asyncio.Event()
    stalls: list[float] = []
    stop = False

    async def ticker() -> None:
        last = time.perf_counter()
        while not stop:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            if now - last > 0.002:
                stalls.append(now - last - 0.001)
            last = now

    async def feed() -> None:
        n = 0
        while not applied.is_set():
            n += 1
            verdict = desk.pipeline.classify_many([Comment(str(n), "r", f"v{n}", "观众", f"这个{NEW_WORD}吗", 0.0)])[0]
            if any(m.rule == "list:diversion" for m in verdict.matches):
                applied.set()
            await asyncio.sleep(0.005)

    tick = asyncio.create_task(ticker())
    await asyncio.sleep(0.05)
    stalls.clear()
    start = time.perf_counter()
    dialog.apply_words.click()
    click = time.perf_counter() - start
    await feed()
    total = time.perf_counter() - start
    stop = True
    await tick
    await asyncio.gather(*tasks)
    assert (home / "lists.json").exists() and NEW_WORD in (home / "lists.json").read_text("utf-8")
    dialog.deleteLater()
    window.deleteLater()
    return {"click_ms": click * 1000, "ui_thread_s": sum(stalls), "longest_stall_ms": max(stalls, default=0) * 1000,
            "total_s": total}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=50_000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    words = sorted(set(entries(args.entries, random.Random(20261202))))
    runs = []
    for i in range(3):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(asyncio.run(apply_once(words, Path(tmp))))
    best = {key: min(r[key] for r in runs) for key in runs[0]}
    print(json.dumps({"entries": len(words) + 1, "click_ms": round(best["click_ms"], 1),
                      "ui_thread_s": round(best["ui_thread_s"], 3), "longest_stall_ms": round(best["longest_stall_ms"], 1),
                      "total_s": round(best["total_s"], 3)}))
    del app


if __name__ == "__main__":
    main()
