"""The show file (`*.show.toml`): one human-readable, versioned text format for a run-of-show.

It is TOML, read with the standard library and written by a small deterministic writer
(`showfile_writer`), so a show file diffs well in version control and can be fixed by hand. Loading
validates everything against the schema (`showfile_schema`, which also describes the format) and
collects *all* problems, each naming the line, the field path (``segments[3].cues[1].after``,
counted from 1 as the editor shows them) and what is wrong, in words of our own that are translated
(the TOML parser's English goes to the log only). Loading never writes; saving is atomic."""

from __future__ import annotations

import hashlib
import logging
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from anchor_console.domain.text import QT_TRANSLATE_NOOP, os_error_words, Text
from anchor_console.show.limits import MAX_SEGMENTS, segments_problem
from anchor_console.show.model import Show
from anchor_console.show.showfile_schema import read_show

log = logging.getLogger("anchor_console.show.showfile")

MAX_FILE_BYTES = 32 * 1024 * 1024  # a two-hour show is ~50 KB; anything this big is not a show file
MAX_NESTING = 32                   # a show file nests two levels ("products = [ { … } ]")


@dataclass(frozen=True, slots=True)
class ShowFileProblem:
    message: Text
    line: int | None = None
    column: int | None = None
    path: str = ""  # the field, e.g. "segments[3].cues[1].after"

    def describe(self) -> Text:
        if self.line is not None and self.column is not None:
            return QT_TRANSLATE_NOOP("Show", "Line {line}, column {column}: {problem}").fill(
                line=self.line, column=self.column, problem=self.message)
        if self.line is not None:
            return QT_TRANSLATE_NOOP("Show", "Line {line}: {problem}").fill(line=self.line, problem=self.message)
        return self.message


class ShowFileError(Exception):
    """A show file that cannot be loaded, with every problem found (at least one)."""

    def __init__(self, problems: list[ShowFileProblem], source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__("\n".join(p.describe().english() for p in self.problems))

    @property
    def message(self) -> Text:
        head = QT_TRANSLATE_NOOP("Show", "{file} cannot be opened:").fill(file=self.source or "The show file")
        return QT_TRANSLATE_NOOP("Show", "{head}\n{problems}").fill(
            head=head, problems="\n".join(p.describe().english() for p in self.problems))


# ---------------------------------------------------------------------- where a field is written

_SYNTAX_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = "(at end of document)"
# tomllib's words for a key, table or value given a second time ("Cannot declare ('x',) twice",
# "Cannot overwrite a value", "Duplicate inline table key", "Cannot mutate immutable namespace")
_WRITTEN_TWICE = re.compile(r"twice|overwrite|duplicate|mutate", re.IGNORECASE)
_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\s]+?)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\s]+?)\s*\]")
_KEY = re.compile(r'^\s*([A-Za-z0-9_-]+|"[^"]*")\s*=\s*(.*)$')
_INLINE_ITEM = re.compile(r"^\s*\{")


def _line_index(text: str) -> dict[str, int]:
    """Field path -> line number, by scanning the text for [[segments]] / [[segments.cues]]
    headers and keys (tomllib does not say where a value came from)."""
    where: dict[str, int] = {}
    table = ""
    seg = cue = 0
    in_multiline = False
    array_key: str | None = None
    array_item = 0
    for n, line in enumerate(text.splitlines(), start=1):
        quotes = line.count('"""') + line.count("'''")
        if in_multiline:
            if quotes % 2:
                in_multiline = False
            continue
        if array_key is not None:
            if _INLINE_ITEM.match(line):
                array_item += 1
                where.setdefault(f"{array_key}[{array_item}]", n)
            if "]" in line and not _INLINE_ITEM.match(line):
                array_key = None
            continue
        m = _HEADER.match(line)
        if m:
            name = re.sub(r"\s+", "", m[1])
            if name == "segments":
                seg, cue = seg + 1, 0
                table = f"segments[{seg}]"
            elif name == "segments.cues":
                cue += 1
                table = f"segments[{seg}].cues[{cue}]"
            else:
                table = name
            where.setdefault(table, n)
            continue
        m = _TABLE.match(line)
        if m and not _KEY.match(line):
            table = re.sub(r"\s+", "", m[1])
            where.setdefault(table, n)
            continue
        m = _KEY.match(line)
        if m:
            key = m[1].strip('"')
            path = f"{table}.{key}" if table else key
            where.setdefault(path, n)
            rest = m[2]
            if rest.count('"""') % 2 or rest.count("'''") % 2:
                in_multiline = True
            elif rest.startswith("[") and "]" not in rest.split("#")[0]:
                array_key, array_item = path, 0
    return where


def _lookup_line(where: dict[str, int], path: str) -> int | None:
    while path:
        if path in where:
            return where[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None


_TOKENS = re.compile(r'"""|\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}\n]')


def _too_deep(text: str) -> ShowFileProblem:
    """Where values nest deeper than MAX_NESTING (strings and comments skipped), for the message."""
    depth, line, in_multiline = 0, 1, ""
    for m in _TOKENS.finditer(text):
        token = m[0]
        line += token.count("\n")
        if in_multiline:
            in_multiline = "" if token == in_multiline else in_multiline
        elif token in ('"""', "'''"):
            in_multiline = token
        elif token in "[{":
            depth += 1
            if depth > MAX_NESTING:
                break
        elif token in "]}":
            depth = max(0, depth - 1)
    else:
        line = None  # type: ignore[assignment]
    return ShowFileProblem(QT_TRANSLATE_NOOP("Show", "lists or tables are nested more than {max} deep").fill(
        max=MAX_NESTING), line)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _parse_toml(text: str, source: str) -> dict:
    if m := _SURROGATE.search(text):  # only text handed over as str can hold one; it is not Unicode
        raise ShowFileError([ShowFileProblem(QT_TRANSLATE_NOOP(
            "Show", "the text holds an invalid character (a lone surrogate, U+{code:04X})").fill(code=ord(m[0])),
            text.count("\n", 0, m.start()) + 1)], source)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ShowFileError([_syntax_problem(exc, source)], source) from None
    except RecursionError:  # tomllib reads nested arrays and inline tables recursively
        raise ShowFileError([_too_deep(text)], source) from None
    except ValueError as exc:  # a whole number with thousands of digits (Python refuses to convert it)
        log.info("show file %s: a number cannot be read: %s", source or "(text)", str(exc)[:200])
        raise ShowFileError([ShowFileProblem(QT_TRANSLATE_NOOP(
            "Show", "this is not valid TOML (a number in it is thousands of digits long)"))], source) from None


def _syntax_problem(exc: tomllib.TOMLDecodeError, source: str) -> ShowFileProblem:
    """tomllib's complaint as a sentence of our own, with its line and column: its English reached
    the user even in the Chinese ui. Its own words are kept in the log."""
    said = str(exc)
    log.info("show file %s is not valid TOML: %s", source or "(text)", said)
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)   # Python 3.14 has them
    if line is None and (m := _SYNTAX_POS.search(said)):
        line, column = int(m[1]), int(m[2])
    if _WRITTEN_TWICE.search(said):
        what = QT_TRANSLATE_NOOP("Show", "this is not valid TOML (a key or table is written a second time)")
    elif _AT_END in said:   # (where tomllib says where, it is the end of the file, which helps nobody)
        return ShowFileProblem(QT_TRANSLATE_NOOP(
            "Show", "At the end of the file: this is not valid TOML (a quote or bracket opened earlier is "
                    "not closed)"))
    else:
        what = QT_TRANSLATE_NOOP("Show", "this is not valid TOML (a quote, bracket or “=” is missing or extra)")
    if line is None:   # a duplicate found at the very end of a file without a last line break
        return ShowFileProblem(what)
    return ShowFileProblem(what, line, column)


_SEGMENT_TABLE = re.compile(r"^[ \t]*\[\[[ \t]*segments[ \t]*\]\]", re.MULTILINE)


def _too_many_segments(text: str) -> ShowFileProblem | None:
    """More [[segments]] than a show may have, found before parsing: reading a file of 100,000 takes
    seconds, the window frozen all the while. Names the line of the first one too many."""
    for count, m in enumerate(_SEGMENT_TABLE.finditer(text), start=1):
        if count > MAX_SEGMENTS:
            total = count + sum(1 for _ in _SEGMENT_TABLE.finditer(text, m.end()))
            return ShowFileProblem(segments_problem(total), text.count("\n", 0, m.start()) + 1,  # type: ignore[arg-type]
                                   None, "segments")
    return None


def loads_show(text: str, *, source: str = "") -> Show:
    """Parse show file text. Raises ShowFileError listing every problem with its line."""
    if (problem := _too_many_segments(text)) is not None:
        raise ShowFileError([problem], source)
    data = _parse_toml(text, source)
    show, found = read_show(data)
    if found or show is None:
        where = _line_index(text)
        problems = [ShowFileProblem(msg, _lookup_line(where, path), None, path) for path, msg in found]
        problems.sort(key=lambda p: (p.line is None, p.line or 0))
        raise ShowFileError(problems, source)
    return show


def load_show(path: Path) -> Show:
    """Read a show file. The file is only read, never changed; every failure is a ShowFileError."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ShowFileError([ShowFileProblem(QT_TRANSLATE_NOOP("Show", "cannot read the file: {reason}").fill(
            reason=os_error_words(exc)))], str(path)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ShowFileError([ShowFileProblem(QT_TRANSLATE_NOOP(
            "Show", "the file is larger than {size} MB: it is not a show file").fill(
            size=MAX_FILE_BYTES // (1024 * 1024)))], str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ShowFileError([ShowFileProblem(QT_TRANSLATE_NOOP(
            "Show", "the file is not UTF-8 text (was it saved by another program?)"), line)], str(path)) from None
    return loads_show(text, source=str(path))


def file_digest(path: Path | None) -> str | None:
    """The SHA-256 of a file's bytes, None when there is no such file (or it cannot be read): what
    the editor compares to see that a show file was saved elsewhere since it was opened or saved."""
    if path is None:
        return None
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None
