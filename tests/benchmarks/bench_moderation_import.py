"""Benchmark (not a test): importing large word lists.

    python tests/benchmarks/bench_moderation_import.py [--entries 100000]

Real lists have 10,000–100,000 entries. Writes a list of `entries` distinct 3–6 character entries
(plus 1 % duplicates and a few "=word" and "re:" entries) and times, each the best of three:

  import_s              a .txt without [group] headers into the chosen group, as the word-list
                        dialog does (target ≤ 2 s): read, decode, check every entry, add
  import_no_group_s     the same file with no group chosen: one new group named after the file
  import_gbk_s          the same list saved as GBK (the encoding is told from the bytes)
  compile_s             building the matcher the pipeline swaps in (the first comment after an
                        edit pays it)
  save_s                writing the lists file
  first_comment_ms      classifying one comment right after the import (includes compile_s)
Prints one JSON line."""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_moderation import best_of  # noqa: E402

from anchor_console.domain.clock import ManualClock  # noqa: E402
from anchor_console.domain.models import Comment  # noqa: E402
from anchor_console.moderation.pipeline import ModerationPipeline  # noqa: E402
from anchor_console.moderation.wordlists import Action, WordLists, save_word_lists  # noqa: E402

# 658 of the most used Chinese characters (GB2312 level 1, rows 16–22), for distinct 3–6 character entries.
COMMON = [bytes([hi, lo]).decode("gb2312") for hi in range(0xB0, 0xB7) for lo in range(0xA1, 0xFF)]


def entries(n: int, rng: random.Random) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        out.add("".join(rng.choice(COMMON) for _ in range(rng.randint(3, 6))))
    words = sorted(out)
    words[::5000] = [f"=spam{i}" for i in range(len(words[::5000]))]
    words[1::10000] = [rf"re:加\w{{0,3}}群{i}" for i in range(len(words[1::10000]))]
    return words + words[: n // 100]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    args = parser.parse_args()
    words = entries(args.entries, random.Random(20261125))
    with tempfile.TemporaryDirectory() as tmp:
        txt = Path(tmp) / "大词表.txt"
        txt.write_text("# 导入测试\n" + "\n".join(words) + "\n", encoding="utf-8")
        gbk = Path(tmp) / "大词表gbk.txt"
        gbk.write_text("# 导入测试\n" + "\n".join(words) + "\n", encoding="gbk")
        state: dict = {}

        def into_group() -> None:
            lists = WordLists.defaults()
            group = lists.add_group("导入", Action.HOLD)
            state["report"] = lists.import_file(txt, default_group=group.name)
            state["lists"] = lists

        import_s = best_of(3, into_group)
        no_group_s = best_of(3, lambda: WordLists.defaults().import_file(txt))
        gbk_s = best_of(3, lambda: WordLists.defaults().import_file(gbk, default_group="导入"))
        lists = state["lists"]
        compile_s = best_of(3, lists.compile)
        save_s = best_of(3, lambda: save_word_lists(lists, Path(tmp) / "lists.json"))
        lists.changed()
        start = time.perf_counter()
        pipeline = ModerationPipeline(lists, ManualClock())
        pipeline.classify(Comment("1", "1", "u", "n", "这个" + words[12345] + "不行", 0.0))
        first_ms = (time.perf_counter() - start) * 1000
    report = state["report"]
    print(json.dumps({
        "entries": len(words), "added": report.added, "groups": report.groups, "warnings": len(report.warnings),
        "import_s": round(import_s, 3), "import_no_group_s": round(no_group_s, 3), "import_gbk_s": round(gbk_s, 3),
        "compile_s": round(compile_s, 3), "save_s": round(save_s, 3), "first_comment_ms": round(first_ms, 1),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
