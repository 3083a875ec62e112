"""The journal's Time, Who, From and Result columns are as wide as what they hold, in both
languages, even when the journal filled while its dock was behind another (sized to the rows in
view, they came up as "1…"). Rows are one line ("✓ Studio (demo)" wrapped onto two clipped
ones), the whole action in the tooltip; a seat Studio seeded is shown by its role ("Assistant"),
not as "场控 …"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

from support.studio import on_demo_studio
from support.waiting import until
from support.window import shelf_of


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.asyncio
async def test_the_journal_columns_show_their_whole_text(console_factory, studio_factory, qapp, lang):
    from anchor_console.ui.common.i18n import install_translations
    from anchor_console.ui.crew.roles import role_title
    from anchor_console.ui.journal.journal_panel import JournalFeature, JournalModel

    install_translations(qapp, lang)
    try:
        studio, console = await on_demo_studio(console_factory, studio_factory, "assistant",
                                               connection_name="Studio (demo)")
        window, session = console.window, console.session
        # No name in the settings: the journal says the staff account's, Studio's seed "场控 Assistant".
        await until(lambda: session.staff_name, message="the staff name was not learnt")
        assert session.staff_name == "场控 Assistant"
        session.settings.operator_name = ""
        session.room.actor = session.operator
        journal = window.feature(JournalFeature).panel
        window.show_dock("crew")   # the journal's dock behind another while it fills
        await until(lambda: len(shelf_of(window).model.rows) >= 3)
        for pid in ("1002", "1003"):
            shelf_of(window).select_product(pid)
            shelf_of(window).toggle_stage()
            await until(lambda: window.session.room.state.stage_product_id == pid, 10)
        await until(lambda: len(journal.model.rows) >= 2, message="nothing journalled")
        window.show_dock("journal")
        await until(lambda: journal.view.isVisible())
        model, view = journal.model, journal.view
        metrics = view.fontMetrics()
        for col in (JournalModel.TIME, JournalModel.WHO, JournalModel.ORIGIN, JournalModel.RESULT):
            assert view.horizontalHeader().sectionResizeMode(col) is QHeaderView.ResizeMode.Interactive
            for row in range(model.rowCount()):
                text = model.data(model.index(row, col))
                assert view.columnWidth(col) >= metrics.horizontalAdvance(text) + 8, (col, text, view.columnWidth(col))
        assert view.horizontalHeader().sectionResizeMode(JournalModel.WHAT) is QHeaderView.ResizeMode.Stretch
        assert set(column(model, JournalModel.WHO)) == {role_title("assistant")}, column(model, JournalModel.WHO)
        assert not view.wordWrap() and view.rowHeight(0) <= metrics.height() + 8
        action = model.data(model.index(0, JournalModel.WHAT))
        assert action in model.data(model.index(0, JournalModel.WHAT), Qt.ItemDataRole.ToolTipRole)
    finally:
        install_translations(qapp, "en")


def column(model, col: int) -> list[str]:
    return [model.data(model.index(row, col)) for row in range(model.rowCount())]
