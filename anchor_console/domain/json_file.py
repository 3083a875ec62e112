"""Reading one of the console's own JSON files (settings, word lists, trusted viewers, product
links, live plans, run state, recovery copies): every way such a file can be damaged — unreadable,
not UTF-8, not JSON, nested deeper than the JSON reader goes — is one error, whose reason is in
words for the user (a line and column, never the parser's English sentence)."""

from __future__ import annotations

import json
from pathlib import Path

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, TextError, os_error_words


# JSON, but not what the console writes there (a list for an object, a number for a name…).
NOT_THE_EXPECTED_FORM = QT_TRANSLATE_NOOP("Files", "not in the form the console writes")


class UnreadableJson(TextError):
    """The file could not be read as JSON; `message` says why, for the user (the exception it came
    from is its __cause__, for the log)."""


def json_problem(exc: BaseException) -> Text:
    """Why a JSON file could not be read, in words for the user."""
    if isinstance(exc, json.JSONDecodeError):
        return QT_TRANSLATE_NOOP("Files", "not valid JSON at line {line}, column {column}").fill(
            line=exc.lineno, column=exc.colno)
    if isinstance(exc, UnicodeDecodeError):
        return QT_TRANSLATE_NOOP("Files", "not UTF-8 text")
    if isinstance(exc, RecursionError):
        return QT_TRANSLATE_NOOP("Files", "nested too deeply")
    if isinstance(exc, OSError):
        return Text("", "{why}", {"why": os_error_words(exc)})   # the system's words, in its language
    return QT_TRANSLATE_NOOP("Files", "not valid JSON")


def read_json_file(path: Path) -> object:
    """The data in `path`; UnreadableJson if it is damaged or cannot be read (a missing file too:
    callers for whom that means "nothing saved yet" look first)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    # ValueError: not JSON, or a number too long to convert; RecursionError: '[[[[…' nested deeper
    # than the reader goes.
    except (OSError, ValueError, RecursionError) as exc:
        raise UnreadableJson(json_problem(exc)) from exc


def read_json_object(path: Path) -> dict:
    """The JSON object in `path`, as `read_json_file`; UnreadableJson if it holds anything else."""
    data = read_json_file(path)
    if not isinstance(data, dict):
        raise UnreadableJson(NOT_THE_EXPECTED_FORM)
    return data
