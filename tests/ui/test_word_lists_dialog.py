"""The word lists dialog while Apply works in the background: the button says it is applying and
cannot be pressed twice, the sample box waits for the new lists, nothing is compiled on the UI
thread, a refused entry is said, and closing the dialog meanwhile loses nothing."""

from __future__ import annotations

import asyncio
import threading

import pytest

from anchor_console.ui.comments.word_lists_dialog import WordListsDialog
from support.list_edits import Gate, make_desk, record_compiles
from support.waiting import until

NEW = "私聊下单"


@pytest.fixture
def desk(tmp_path):
    desk, desk.tasks = make_desk(tmp_path)
    return desk


@pytest.fixture
def compiles(monkeypatch):
    return record_compiles(monkeypatch)


@pytest.mark.asyncio
async def test_apply_is_busy_until_the_new_lists_are_in_use(qapp, desk, compiles, tmp_path):
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    dialog = WordListsDialog(window, desk)
    dialog.groups.setCurrentRow(0)
    gate = desk.list_edits.run = Gate()
    compiles.clear()
    dialog.words.setPlainText(dialog.words.toPlainText() + "\n" + NEW)
    dialog.apply_words.click()
    assert not dialog.apply_words.isEnabled() and dialog.apply_words.text() == "Applying…"
    dialog.apply_words.click()
    dialog._words_changed()           # pressed again (Enter, a second click): nothing more starts
    await asyncio.sleep(0.01)
    assert len(gate.calls) == 1
    dialog.sample.setText(f"{NEW}更便宜")
    assert dialog.result.text() == "Applying the lists…"
    gate.open.set()
    await until(lambda: dialog.apply_words.isEnabled(), 5, message="Apply stayed busy")
    assert dialog.apply_words.text() == "Apply"
    assert desk.lists.group("diversion").name in dialog.result.text()   # the sample, tried again
    assert f"({len(desk.lists.group('diversion').words)})" in dialog.groups.item(0).text()
    assert compiles and not any(t is threading.main_thread() for t in compiles)
    assert NEW in (tmp_path / "wordlists.json").read_text(encoding="utf-8")

    # A refused entry: said once applying ends, nothing changed, the text kept in the editor.
    before = list(desk.lists.group("diversion").words)
    dialog.words.setPlainText(dialog.words.toPlainText() + "\nre:([")
    dialog.apply_words.click()
    await until(lambda: dialog.apply_words.isEnabled(), 5, message="Apply stayed busy")
    assert "line" in dialog.error.text() and desk.lists.group("diversion").words == before
    assert dialog.words.toPlainText().endswith("re:([")

    # Closed while applying: the edit is applied and saved all the same.
    gate.open.clear()
    dialog.words.setPlainText(NEW + "\n第二个新词")
    dialog.apply_words.click()
    dialog.close()
    gate.open.set()
    await asyncio.gather(*desk.tasks)
    assert desk.lists.group("diversion").words == [NEW, "第二个新词"]
    assert "第二个新词" in (tmp_path / "wordlists.json").read_text(encoding="utf-8")
    dialog.deleteLater()
    window.deleteLater()


@pytest.mark.asyncio
async def test_apply_builds_nothing_on_the_ui_thread(qapp, desk, compiles):
    """Apply, then comments: the new entries act, and every matcher was built in a worker thread
    (with 50,000 entries the build held the window for 0.3 s on the next comment)."""
    from PySide6.QtWidgets import QWidget

    from anchor_console.domain.models import Comment

    window = QWidget()
    dialog = WordListsDialog(window, desk)
    dialog.groups.setCurrentRow(0)
    compiles.clear()
    dialog.words.setPlainText(dialog.words.toPlainText() + "\n" + NEW)
    dialog.apply_words.click()
    await until(lambda: dialog.apply_words.isEnabled(), 5, message="Apply stayed busy")
    await asyncio.gather(*desk.tasks)
    verdict = desk.pipeline.classify_many([Comment("1", "r", "viewer", "观众", f"{NEW}更便宜", 0.0)])[0]
    assert any(m.rule == "list:diversion" for m in verdict.matches)
    assert compiles and not any(t is threading.main_thread() for t in compiles)
    dialog.deleteLater()
    window.deleteLater()


@pytest.mark.asyncio
async def test_an_import_is_read_in_a_worker_and_said_when_in_force(qapp, desk, tmp_path):
    """Import…: the file is read and parsed in a worker (50,000 lines), the entries go to their
    groups, then the lists are built and saved in the background; the count is said once they act.
    A file that can't be read is said, and changes nothing."""
    from PySide6.QtWidgets import QWidget

    path = tmp_path / "more.csv"
    path.write_text("word,group,note\n" + "".join(f"新词{i},引流,\n" for i in range(3)) + "外链词,新分组,备注\n",
                    encoding="utf-8")
    window = QWidget()
    dialog = WordListsDialog(window, desk)
    dialog.groups.setCurrentRow(0)
    gate = desk.list_edits.run = Gate()
    version = desk.lists.version
    dialog.import_from(str(path))
    await asyncio.sleep(0.01)
    assert gate.calls == ["read_file"] and dialog.error.text() == "Importing…" and desk.lists.version == version
    gate.open.set()
    await asyncio.gather(*desk.tasks)
    assert gate.calls == ["read_file", "_build_and_save"]
    assert dialog.error.text() == "4 entries imported"
    assert "新词2" in desk.lists.group("diversion").words and desk.lists.group("新分组").words == ["外链词"]
    assert dialog.groups.count() == len(desk.lists.groups)
    assert "外链词" in (tmp_path / "wordlists.json").read_text(encoding="utf-8")

    dialog.import_from(str(tmp_path / "missing.txt"))
    await asyncio.gather(*desk.tasks)
    assert "Cannot read" in dialog.error.text() and desk.lists.group("新分组").words == ["外链词"]
    dialog.deleteLater()
    window.deleteLater()


@pytest.mark.asyncio
async def test_export_writes_in_a_worker_and_says_where_or_why_not(qapp, desk, tmp_path):
    """Export…: the lists as they were when asked, written in a worker; a folder that can't be
    written is said in the dialog (before, the error escaped the slot)."""
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    dialog = WordListsDialog(window, desk)
    gate = desk.list_edits.run = Gate()
    dialog.export_to(str(tmp_path / "lists.csv"))
    desk.lists.group("diversion").words.append("导出之后加的")   # after Export was asked: not in the file
    await asyncio.sleep(0.01)
    assert gate.calls == ["export"] and dialog.error.text() == "Exporting…"
    gate.open.set()
    await asyncio.gather(*desk.tasks)
    text = (tmp_path / "lists.csv").read_text(encoding="utf-8")
    assert text.startswith("word,group,note") and "导出之后加的" not in text
    assert dialog.error.text() == "Exported to lists.csv."
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    dialog.export_to(str(tmp_path / "a-file" / "lists.txt"))
    await asyncio.gather(*desk.tasks)
    assert dialog.error.text().startswith("The lists could not be exported to lists.txt")
    dialog.deleteLater()
    window.deleteLater()


def test_the_escalation_tooltip_reads_the_ladder_the_enforcer_climbs(qapp, desk):
    from PySide6.QtWidgets import QWidget

    from anchor_console.moderation.enforcement import DEFAULT_LADDER

    window = QWidget()
    dialog = WordListsDialog(window, desk)
    tip = dialog.escalate.toolTip()
    assert "within 60 s" in tip and "offence 2: mute for 10 min; offence 3: mute for 60 min; offence 4: ban" in tip
    assert len(DEFAULT_LADDER) == 4 and "offence 5" not in tip
