"""A drawn lucky bag's winners, written for whoever ships the prizes: .xlsx (openpyxl) or .csv
(UTF-8 with a BOM, so Excel reads the Chinese names), chosen by the file's suffix, written
atomically. The seed and the commitment go along, so the list can be checked later. Nicknames are
the viewers' own text: they are written as text, never as a formula, and a control character in
one is left out instead of failing the export (`sheet_text`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Callable

from openpyxl import Workbook
from openpyxl.styles import Font

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.session.giveaway_store import KeptBag
from anchor_console.domain.atomic_file import write_atomically
from anchor_console.show.sheet_text import append_row, csv_row

Translate = Callable[[Text], str]
HEADER = (QT_TRANSLATE_NOOP("WinnersExport", "No."), QT_TRANSLATE_NOOP("WinnersExport", "User ID"),
          QT_TRANSLATE_NOOP("WinnersExport", "Nickname"), QT_TRANSLATE_NOOP("WinnersExport", "Prize"),
          QT_TRANSLATE_NOOP("WinnersExport", "Lucky bag"), QT_TRANSLATE_NOOP("WinnersExport", "Drawn at"),
          QT_TRANSLATE_NOOP("WinnersExport", "Seed"), QT_TRANSLATE_NOOP("WinnersExport", "Commitment"))


class UnknownExportFormat(ValueError):
    pass


def winner_rows(bag: KeptBag) -> list[tuple]:
    drawn = dt.datetime.fromtimestamp(bag.drawn_at).strftime("%Y-%m-%d %H:%M:%S") if bag.drawn_at else ""
    return [(i, w.user_id, w.nickname, bag.setup.prize, bag.bag_id or "", drawn, bag.revealed_seed or "",
             bag.commitment) for i, w in enumerate(bag.winners, 1)]


def write_winners(bag: KeptBag, path: Path, tr: Translate = Text.english) -> Path:
    """`tr`: the ui's translation of the column titles (English without it)."""
    suffix = path.suffix.lower()
    header = [tr(h) for h in HEADER]
    if suffix == ".csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(csv_row(header))
        writer.writerows(csv_row(row) for row in winner_rows(bag))
        write_atomically(path, ("\ufeff" + out.getvalue()).encode("utf-8"))
    elif suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = tr(QT_TRANSLATE_NOOP("WinnersExport", "Winners"))[:31]   # Excel's longest tab name
        append_row(sheet, header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in winner_rows(bag):
            append_row(sheet, row)
        for column, width in zip("ABCDEFGH", (6, 12, 20, 24, 10, 20, 68, 68)):
            sheet.column_dimensions[column].width = width
        out = io.BytesIO()
        book.save(out)
        write_atomically(path, out.getvalue())
    else:
        raise UnknownExportFormat(f"export winners as .xlsx or .csv, not {suffix or 'no suffix'}")
    return path
