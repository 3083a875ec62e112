"""Linking an imported script to the room's catalog: a coupon cue named exactly like a coupon
template issues that template; a product whose sheet ID names another catalog product is flagged
for the user and never linked silently; the user can use the ID, link by name or leave it
unlinked. Also in the import dialog, with the cue dialog's template box listing each template once."""

from __future__ import annotations

import threading
import time

import pytest
from sheet_builders import write_xlsx
from support.waiting import until

from anchor_console.domain.models import CouponKind, CouponTemplate, Product
from anchor_console.show.catalog_links import CatalogNames, LinkChoice, link_to_catalog
from anchor_console.show.model import (
    FeaturedProduct, IssueCoupon, Segment, Show, StartFlashSale,
)
from anchor_console.show.spreadsheet import preview_import

CATALOG = CatalogNames({"1001": "针织开衫", "1002": "法式碎花连衣裙", "1005": "白T恤"},
                       {"1": "满199减30", "2": "无门槛10元"})
SHEET = [
    ["环节", "时长", "商品", "商品ID", "福利"],
    ["开场", "5分钟", "白T恤", "1001", "满199减30券 500张；秒杀 ¥39.9 限量100件"],
    ["主推", "10分钟", "法式碎花连衣裙", "1002", "无门槛10元券 300张"],
    ["返场", "5分钟", "白T恤", "1001", ""],
]


def test_a_coupon_named_like_a_template_issues_that_template(tmp_path):
    p = preview_import(write_xlsx(tmp_path / "s.xlsx", SHEET), catalog=CATALOG)
    coupons = [c.action for _, c in p.show.all_cues() if isinstance(c.action, IssueCoupon)]
    assert coupons == [IssueCoupon("1", 500, 30, "满199减30"), IssueCoupon("2", 300, 30, "无门槛10元")]
    assert not any("no coupon template" in w.message.english() for w in p.warnings)


def test_an_id_that_names_another_product_is_flagged_not_linked(tmp_path):
    p = preview_import(write_xlsx(tmp_path / "s.xlsx", SHEET), catalog=CATALOG)
    [mm] = p.mismatches
    assert (mm.sheet_id, mm.sheet_name, mm.catalog_name, mm.name_match_id) == ("1001", "白T恤", "针织开衫", "1005")
    assert [p.segment_rows[s] for s in mm.segment_ids] == [2, 4]
    opening, main, encore = p.show.segments
    assert opening.products == encore.products == (FeaturedProduct("", "白T恤"),)  # not linked silently
    assert main.products == (FeaturedProduct("1002", "法式碎花连衣裙"),)  # ID and name agree
    flash = opening.cues[1].action
    assert isinstance(flash, StartFlashSale) and (flash.product_id, flash.product_name) == ("", "白T恤")
    warning = next(w for w in p.warnings if "针织开衫" in w.message.english())
    assert warning.row == 2 and warning.column == "商品ID"
    assert "“白T恤” has product ID 1001, but the catalog's 1001 is “针织开衫”" in warning.message.english()


@pytest.mark.parametrize("choice, expected", [
    (LinkChoice.SHEET_ID, FeaturedProduct("1001", "针织开衫")),
    (LinkChoice.BY_NAME, FeaturedProduct("1005", "白T恤")),
    (LinkChoice.UNLINKED, FeaturedProduct("", "白T恤")),
])
def test_the_user_settles_a_mismatch(tmp_path, choice, expected):
    p = preview_import(write_xlsx(tmp_path / "s.xlsx", SHEET), catalog=CATALOG,
                       link_choices={("1001", "白T恤"): choice})
    assert p.show.segments[0].products == p.show.segments[2].products == (expected,)
    assert p.show.segments[0].cues[1].action.product_id == expected.id
    assert p.mismatches[0].choice is choice


def test_linking_by_name_ids_without_names_and_no_catalog():
    show = Show("t", segments=(Segment("a", "A", 60, products=(
        FeaturedProduct("", "白T恤"), FeaturedProduct("1002", ""), FeaturedProduct("9999", "别家的货"))),))
    links = link_to_catalog(show, CATALOG)
    assert links.show.segments[0].products == (FeaturedProduct("1005", "白T恤"), FeaturedProduct("1002", "法式碎花连衣裙"),
                                               FeaturedProduct("9999", "别家的货"))
    assert not links.mismatches and links.linked_products == 2
    assert link_to_catalog(show, CatalogNames()).show is show


def test_a_name_that_contains_the_catalog_name_agrees():
    show = Show("t", segments=(Segment("a", "A", 60, products=(FeaturedProduct("1002", "碎花连衣裙"),)),))
    assert link_to_catalog(show, CATALOG).show.segments[0].products == (FeaturedProduct("1002", "碎花连衣裙"),)


# ------------------------------------------------------------------------------------ dialogs


class FakeCatalog:
    def __init__(self) -> None:
        self.products = {pid: Product(pid, name) for pid, name in CATALOG.products.items()}
        self.templates = {tid: CouponTemplate(tid, name, next(iter(CouponKind))) for tid, name in CATALOG.templates.items()}


def read(dialog):
    """The dialog's preview once its background read is done (None when it could not be read)."""
    return until(lambda: not dialog.summary.text().startswith("Reading"), 10, message="the sheet was not read")


@pytest.mark.gui
@pytest.mark.asyncio
async def test_the_import_dialog_shows_mismatches_and_lets_the_user_choose(qapp, tmp_path):
    from anchor_console.session.tasks import Tasks
    from anchor_console.ui.show.cue_dialog import CueDialog
    from anchor_console.ui.show.import_dialog import ImportDialog

    dialog = ImportDialog(None, FakeCatalog(), Tasks())
    got = []
    dialog.imported.connect(got.append)
    dialog.load(str(write_xlsx(tmp_path / "s.xlsx", SHEET)))
    await read(dialog)
    assert not dialog.links.isHidden() and dialog.links.rowCount() == 1
    assert dialog.links.item(0, 0).text() == "2" and "针织开衫" in dialog.links.item(0, 2).text()
    texts = [dialog.warnings.item(i).text() for i in range(dialog.warnings.count())]
    assert any(t.startswith("row 2 · 商品ID:") and "针织开衫" in t for t in texts)
    combo = dialog.links.cellWidget(0, 3)
    combo.setCurrentIndex(combo.findData(LinkChoice.BY_NAME))
    await read(dialog)
    assert dialog.preview.show.segments[0].products == (FeaturedProduct("1005", "白T恤"),)
    assert dialog.links.cellWidget(0, 3).currentData() is LinkChoice.BY_NAME
    dialog.import_button.click()
    [show] = got
    assert show.segments[2].products == (FeaturedProduct("1005", "白T恤"),)
    # The coupon cue issues template 1, so the cue dialog lists “满199减30” once, selected.
    segment = show.segments[0]
    cue = next(c for c in segment.cues if isinstance(c.action, IssueCoupon))
    cue_dialog = CueDialog(None, FakeCatalog(), segment, cue)
    names = [cue_dialog.template.itemText(i) for i in range(cue_dialog.template.count())]
    assert names.count("满199减30") == 1 and cue_dialog.template.currentText() == "满199减30"
    cue_dialog.deleteLater()
    # Imported while not connected, the cue has only the name: the box still lists it once.
    import dataclasses
    offline = dataclasses.replace(cue, action=dataclasses.replace(cue.action, template_id=""))
    cue_dialog = CueDialog(None, FakeCatalog(), segment, offline)
    names = [cue_dialog.template.itemText(i) for i in range(cue_dialog.template.count())]
    assert names.count("满199减30") == 1 and cue_dialog.template.currentData() == "1"
    cue_dialog.deleteLater()
    dialog.deleteLater()


@pytest.mark.gui
@pytest.mark.asyncio
async def test_the_import_dialog_says_why_a_file_cannot_be_read(qapp, tmp_path, monkeypatch):
    from anchor_console.session.tasks import Tasks
    from anchor_console.ui.show import import_dialog
    from anchor_console.ui.show.import_dialog import ImportDialog

    (tmp_path / "bad.xlsx").write_bytes(b"%PDF-1.7")
    dialog = ImportDialog(None, FakeCatalog(), Tasks())
    dialog.load(str(tmp_path / "bad.xlsx"))
    await read(dialog)
    assert "bad.xlsx is not a readable .xlsx workbook" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()

    def broken(*args, **kwargs):
        raise OverflowError("a reader bug")
    monkeypatch.setattr(import_dialog, "preview_import", broken)
    dialog.load(str(write_xlsx(tmp_path / "s.xlsx", SHEET)))
    await read(dialog)
    assert dialog.summary.text() == "s.xlsx could not be read (OverflowError)."
    assert not dialog.import_button.isEnabled() and dialog.preview is None
    dialog.deleteLater()


@pytest.mark.gui
@pytest.mark.asyncio
async def test_the_import_dialog_reads_a_sheet_without_holding_the_window(qapp, tmp_path, monkeypatch):
    """A big workbook (5,000 rows took openpyxl 5 s) is read while the window goes on; closing
    the dialog meanwhile drops the read."""
    from anchor_console.session.tasks import Tasks
    from anchor_console.ui.show import import_dialog
    from anchor_console.ui.show.import_dialog import ImportDialog

    released = threading.Event()
    real = import_dialog.preview_import

    def slow(*args, **kwargs):   # a long read, over when the test says so
        assert released.wait(3), "the read was never let go"
        return real(*args, **kwargs)

    monkeypatch.setattr(import_dialog, "preview_import", slow)
    quits = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)   # as the console runs (ui/shell/app.py): a closed dialog is no quit
    tasks, failures = Tasks(), []
    tasks.failed.connect(lambda name, exc: failures.append((name, exc)))
    dialog = ImportDialog(None, FakeCatalog(), tasks)
    began = time.monotonic()
    dialog.load(str(write_xlsx(tmp_path / "s.xlsx", SHEET)))
    assert time.monotonic() - began < 1.0, "the window waited for the sheet"
    assert dialog.summary.text() == "Reading s.xlsx…" and not dialog.import_button.isEnabled()
    released.set()
    await read(dialog)
    assert dialog.segments.rowCount() == 3 and dialog.import_button.isEnabled()

    released.clear()
    dialog.refresh(use_mapping=True)
    dialog.reject()   # closed while reading: the read is dropped, nothing touches the dialog
    released.set()
    await until(tasks.is_idle, 5)
    assert not failures and dialog.preview is None
    dialog.deleteLater()
    qapp.setQuitOnLastWindowClosed(quits)


def test_an_id_the_catalog_does_not_have_is_warned_about_with_its_row(tmp_path):
    sheet = [["环节", "时长", "商品", "商品ID"],
             ["开场", "5分钟", "不存在的商品XYZ", "999999"],
             ["福利", "5分钟", "法式碎花连衣裙", "1002"],
             ["返场", "5分钟", "不存在的商品XYZ", "999999"]]
    p = preview_import(write_xlsx(tmp_path / "s.xlsx", sheet), catalog=CATALOG)
    opening, _main, encore = p.show.segments
    assert opening.products == encore.products == (FeaturedProduct("999999", "不存在的商品XYZ"),)   # kept as written
    [warning] = [w for w in p.warnings if "999999" in w.message.english()]   # once, at its first row
    assert (warning.row, warning.column) == (2, "商品ID")
    assert warning.message.english() == ("“不存在的商品XYZ” has product ID 999999, which is not in the catalog; "
                                         "check the ID (it was kept as the sheet wrote it)")
    # with no catalog (not connected) nothing can be told about the ID
    assert not [w for w in preview_import(tmp_path / "s.xlsx").warnings if "999999" in w.message.english()]


def test_an_unknown_id_found_by_linking_is_listed_once_with_every_segment():
    show = Show("s", segments=(Segment("a", "开场", 60, products=(FeaturedProduct("999999", ""),)),
                               Segment("b", "福利", 60, products=(FeaturedProduct("999999", "神秘"),))))
    [unknown] = link_to_catalog(show, CATALOG).unknown
    assert (unknown.sheet_id, unknown.sheet_name, unknown.segment_ids) == ("999999", "神秘", ("a", "b"))
