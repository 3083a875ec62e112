"""Exporting the show in the editor to a workbook (.xlsx), a web page or a PDF run sheet: where
to (a save dialog in the show's folder) and the writing, off the ui thread, since a long show's
workbook takes a noticeable moment. Its texts are the editor's ("ShowEditor")."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog

from anchor_console.domain.text import os_error_words
from anchor_console.show import ShowFileError, SpreadsheetError, export_html, export_xlsx, save_html
from anchor_console.ui.common.i18n import document_language, tr_text
from anchor_console.ui.show.run_sheet_pdf import write_pdf


def ask_where_to_export(editor, kind: str) -> None:
    """A save dialog for `kind` ("xlsx", "html", "pdf") in the show's folder; the export follows."""
    filters = {"xlsx": QCoreApplication.translate("ShowEditor", "Excel workbook (*.xlsx)"),
               "html": QCoreApplication.translate("ShowEditor", "Web page (*.html)"),
               "pdf": QCoreApplication.translate("ShowEditor", "PDF (*.pdf)")}
    base = (editor.document.show.title or "show").replace("/", "-")
    dialog = QFileDialog(editor, QCoreApplication.translate("ShowEditor", "Export"),
                         str(editor._folder() / f"{base}.{kind}"), filters[kind])
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(kind)
    dialog.fileSelected.connect(lambda p: editor.export(kind, Path(p)))
    dialog.open()


async def export_show(editor, kind: str, path: Path) -> bool:
    """Write the editor's show to `path` as `kind`, saying so in its status bar; a failure in words."""
    show = editor.document.show   # frozen: edits made meanwhile do not reach this export
    lang = document_language()
    editor.statusBar().showMessage(QCoreApplication.translate("ShowEditor", "Exporting…"))
    try:
        if kind == "xlsx":
            await asyncio.to_thread(export_xlsx, show, path, translate=tr_text)
        elif kind == "html":
            await asyncio.to_thread(save_html, show, path, translate=tr_text, lang=lang)
        else:
            await asyncio.to_thread(lambda: write_pdf(export_html(show, translate=tr_text, lang=lang), path))
    except (OSError, ShowFileError, SpreadsheetError) as exc:
        message = tr_text(exc.message) if hasattr(exc, "message") else (os_error_words(exc))
        editor.statusBar().clearMessage()
        editor.notifications.notify(QCoreApplication.translate("ShowEditor", "Export failed: {why}").format(why=message))
        return False
    editor.statusBar().showMessage(
        QCoreApplication.translate("ShowEditor", "Exported {file}").format(file=str(path)), 5000)
    return True
