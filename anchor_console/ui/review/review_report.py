"""The review as a report: one HTML page (the section tables of `review_tables` and the charts as
PNG images, embedded so the file travels alone) and the same page printed to PDF (QTextDocument on
a QPdfWriter, A4). Building the page is quick and done on the ui thread (the charts are rendered
there); writing the files happens on a worker thread."""

from __future__ import annotations

import base64
import errno
import html
import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from anchor_console.domain.atomic_file import write_atomically
from anchor_console.session.review import Review
from anchor_console.session.review_sections import started_at
from anchor_console.ui.review.review_tables import Table, all_tables

translate = QCoreApplication.translate   # lupdate finds translate("Review", …) calls

STYLE = """
body { font-family: sans-serif; color: #222; }
h1 { font-size: 18pt; margin-bottom: 2px; }
h2 { font-size: 13pt; margin-top: 18px; border-bottom: 1px solid #999; }
table { border-collapse: collapse; margin: 4px 0; }
th, td { border: 1px solid #bbb; padding: 3px 6px; font-size: 9pt; }
th { background: #eee; }
.rehearsal { color: #fff; background: #ef6c00; padding: 2px 8px; font-weight: bold; }
.note { color: #555; font-size: 9pt; }
"""


def _table_html(t: Table) -> str:
    out = [f"<h2>{html.escape(t.title)}</h2>"]
    if t.rows:
        out.append('<table cellspacing="0" cellpadding="3"><tr>'
                   + "".join(f"<th>{html.escape(h)}</th>" for h in t.headers) + "</tr>")
        for row in t.rows:
            cells = []
            for c in row:
                css = (f"color: {c.color}; " if c.color else "") + ("text-align: right; " if c.right else "")
                style = f' style="{css.strip()}"' if css else ""
                cells.append(f"<td{style}>{html.escape(c.text)}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
    if t.note:
        out.append(f'<p class="note">{html.escape(t.note)}</p>')
    return "\n".join(out)


def review_html(review: Review, charts: dict[str, str], notes: str) -> str:
    """The report page; `charts`: caption → image source (a data: URL, or a resource name for PDF)."""
    o = review.overview
    title = html.escape(o.title or translate("Review", "Untitled show"))
    heading = translate("Review", "Review: {title}").format(title=title)
    parts = ["<!DOCTYPE html>", '<html><head><meta charset="utf-8">',
             f"<title>{title}</title><style>{STYLE}</style></head><body>", f"<h1>{heading}</h1>"]
    if o.rehearsal:
        badge = html.escape(translate("Review", "REHEARSAL — not a live show"))
        parts.append(f'<p><span class="rehearsal">{badge}</span></p>')
    parts.append(f'<p class="note">{html.escape(started_at(review))}</p>')
    tables = all_tables(review)
    parts.append(_table_html(tables[0]))
    parts.append("<h2>" + html.escape(translate("Review", "Charts")) + "</h2>")
    for caption, source in charts.items():
        parts.append(f'<p><b>{html.escape(caption)}</b><br><img src="{source}" width="900"></p>')
    parts.extend(_table_html(t) for t in tables[1:])
    parts.append("<h2>" + html.escape(translate("Review", "Notes")) + "</h2>")
    parts.append("<p>" + (html.escape(notes).replace("\n", "<br>") or "—") + "</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def write_html(review: Review, charts: dict[str, bytes], notes: str, path: Path) -> Path:
    page = review_html(review, {caption: data_url(png) for caption, png in charts.items()}, notes)
    Path(path).write_text(page, encoding="utf-8")
    return Path(path)


def write_pdf(review: Review, charts: dict[str, bytes], notes: str, path: Path) -> Path:
    """A4 portrait; the charts are handed to the document as resources (it reads no data: URLs)."""
    if not Path(path).parent.is_dir():   # QPdfWriter would only print a warning
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(Path(path).parent))
    names = {caption: f"chart-{i}.png" for i, caption in enumerate(charts)}
    doc = QTextDocument()
    for caption, png in charts.items():
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(names[caption]), QImage.fromData(png))
    doc.setHtml(review_html(review, names, notes).replace('width="900"', 'width="640"'))
    # Made in memory and saved atomically: QPdfWriter writing to the file fails without a word (a
    # file a PDF viewer holds, a read-only one), and over yesterday's file "it exists" proved nothing.
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    writer.setResolution(96)
    writer.setTitle(review.overview.title)
    doc.setPageSize(QSizeF(writer.width(), writer.height()))
    doc.print_(writer)
    del writer   # finishes the document into the buffer
    data = bytes(buffer.data())
    if not data.startswith(b"%PDF"):
        raise OSError(translate("Review", "nothing was written to {file}").format(file=str(path)))
    write_atomically(Path(path), data)
    return Path(path)
