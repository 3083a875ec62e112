"""The printable run sheet as an A4 PDF, through Qt's own text layout.

QPdfWriter writing straight to the file fails without a word (a file held open by a PDF viewer, a
read-only or locked file, a folder it may not write in), and over an old file "it exists" proved
nothing: "Exported" was said with yesterday's run sheet still on disk. The PDF is made in memory,
checked to be one, and then saved atomically (a temporary file beside it, renamed over it), so a
file that cannot be written is an error with the system's reason and the old file stays whole."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from anchor_console.domain.atomic_file import write_atomically


def pdf_bytes(html: str) -> bytes:
    """The run sheet as PDF bytes (landscape A4, 150 dpi); b"" when Qt made none."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    doc = QTextDocument()
    doc.setHtml(html)  # our own export, every user string already escaped: not user-controlled markup
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Landscape)
    writer.setResolution(150)
    doc.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size().toSizeF())
    doc.print_(writer)
    del writer   # finishes the document into the buffer
    return bytes(buffer.data())


def write_pdf(html: str, path: Path) -> None:
    """Write the run sheet to `path`; OSError (with the reason) when nothing could be written. May
    run outside the ui thread (no widgets)."""
    path = Path(path)
    if not path.parent.is_dir():   # no folder is made for it: a typo in the path is said
        raise OSError(_nothing_written(path))
    data = pdf_bytes(html)
    if not data.startswith(b"%PDF"):
        raise OSError(_nothing_written(path))
    write_atomically(path, data)


def _nothing_written(path: Path) -> str:
    return QCoreApplication.translate("ShowEditor", "nothing was written to {file}").format(file=str(path))
