"""How long importing the absurd spreadsheets takes, and the most memory it allocates: 10,000
columns, a cell at row 1,048,576, a merge down a whole column and one over the whole sheet (before
reading was bounded: 46 s, 26 s / 1.9 GB, 60 s / 2.3 GB, over 150 s). Prints one JSON line:
{"<case>_s": …, "<case>_peak_mb": …, …}."""

from __future__ import annotations

import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "show"))

from sheet_builders import huge_sheets  # noqa: E402

from anchor_console.show.sheets import SpreadsheetError  # noqa: E402
from anchor_console.show.spreadsheet import preview_import  # noqa: E402


def read(path: Path) -> None:
    try:
        preview_import(path)
    except SpreadsheetError:
        pass  # a whole-sheet merge leaves no header row: that answer counts too


def main() -> None:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for case, path in huge_sheets(Path(tmp)).items():
            began = time.perf_counter()
            read(path)
            out[f"{case}_s"] = round(time.perf_counter() - began, 3)
            tracemalloc.start()
            read(path)
            out[f"{case}_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2 ** 20, 1)
            tracemalloc.stop()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
