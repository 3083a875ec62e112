"""Word-list files staff make, read one way for everyone: the moderators' lists for comments
(moderation/wordlists.py) and the advertising-law words checked in what staff say
(show/compliance.py).

Two formats: .csv (word,group,note — the shipped advertising-law list's format; a "word,group,note"
header row is skipped) and .txt (one entry a line; a "[group]" line puts the entries after it into
that group). In both, blank lines and lines starting with "#" are passed over. Files are decoded by
the one policy for staff's text files (`decode_text`); what cannot be decoded convincingly is
refused rather than read as garbage."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import NamedTuple

from anchor_console.domain.text import QT_TRANSLATE_NOOP, os_error_words, TextError
from anchor_console.domain.text_encoding import UNKNOWN_ENCODING, UNREADABLE, decode_text


class WordListError(TextError):
    """A word-list file that cannot be read (or an entry of it that cannot be used), and why."""


class WordRow(NamedTuple):
    """One entry of a word-list file, and the line it stands on (for messages that name it). A
    tuple: a 100,000-entry import makes one per line."""

    word: str
    group: str = ""    # its group's name: a .csv's group column or a .txt's "[group]" ("" if none)
    note: str = ""     # the rule, from a .csv's note column
    line: int = 0


def read_word_file(path: Path) -> list[WordRow]:
    """The entries of a .csv or .txt word list (any other ending is read as .txt); WordListError
    if the file cannot be read or decoded."""
    path = Path(path)
    return parse_word_text(read_word_text(path), path.name, csv_format=path.suffix.lower() == ".csv")


def read_word_text(path: Path) -> str:
    """A word list's text as the checkers read it (UTF-8, or the GBK/UTF-16 a Chinese Windows editor
    saves); WordListError if the file cannot be read or decoded. Editors open it through this too,
    so what they show is what is checked."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise WordListError(QT_TRANSLATE_NOOP("WordLists", "Cannot read the word list {file}: {why}").fill(
            file=str(path), why=os_error_words(exc))) from None
    text, encoding = decode_text(data)
    if encoding == UNREADABLE:
        raise WordListError(UNKNOWN_ENCODING.fill(file=str(path)))
    return text


def parse_word_text(text: str, source: str, *, csv_format: bool) -> list[WordRow]:
    """The entries of a word list's text; `source` names it in errors ("{source}, line 3: …")."""
    rows: list[WordRow] = []
    group = ""
    for number, line in enumerate(text.splitlines(), start=1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if not csv_format:
            if s.startswith("[") and s.endswith("]"):
                group = s[1:-1].strip()
            else:
                rows.append(WordRow(s, group, "", number))
            continue
        try:
            cells = [c.strip() for c in next(csv.reader([line]))] + ["", ""]
        except (csv.Error, StopIteration):
            raise WordListError(QT_TRANSLATE_NOOP("WordLists", "{file}, line {line}: not a CSV row").fill(
                file=source, line=number)) from None
        if cells[0] and [c.lower() for c in cells[:3]] != ["word", "group", "note"]:
            rows.append(WordRow(cells[0], cells[1], cells[2], number))
    return rows


def word_file_text(rows: list[WordRow], *, csv_format: bool) -> str:
    """A word list's file text, which `parse_word_text` reads back: a .csv with its header row, or a
    .txt with a "[group]" line where the group changes and a blank line after each group."""
    if csv_format:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["word", "group", "note"])
        writer.writerows([r.word, r.group, r.note] for r in rows)
        return out.getvalue()
    lines: list[str] = []
    for i, row in enumerate(rows):
        if i == 0 or row.group != rows[i - 1].group:
            lines += [""] if i else []
            lines.append(f"[{row.group}]")
        lines.append(row.word)
    return "\n".join(lines + [""]) if lines else ""
