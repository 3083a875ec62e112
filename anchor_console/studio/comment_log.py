"""Recorded comment logs for the audience's replay: JSON Lines, one record a line —
`{"t": seconds from the start, "nickname": ..., "text": ...}` (or `"ts"`: an absolute time, and
`"user"` for the nickname). Blank lines are skipped; every other line must be a record.

`read_comment_log` reads a whole log and either returns every comment or refuses it with each bad
line named by number (`Invalid`, with `lines: [{line, problem}]`): a log is never accepted with some
of it quietly lost. It guards against what a hostile log holds: `Infinity`/`NaN` (not JSON, though
Python's reader takes them), numbers too large for a float, nesting deep enough to exhaust the
stack, lone surrogates (kept as U+FFFD) and a text that is not a string."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from anchor_console.studio.errors import Invalid
from anchor_console.studio.store import storable

MAX_TEXT = 2000
MAX_NICKNAME = 100
MAX_LISTED_PROBLEMS = 50

# The OpenAPI description of the body (studio/openapi.py): an array of these, one per line.
RECORD_SCHEMA = {
    "type": "object",
    "required": ["text"],
    "properties": {
        "t": {"type": "number", "description": "seconds from the start of the log"},
        "ts": {"type": "number", "description": "an absolute time in seconds (used when `t` is absent)"},
        "nickname": {"type": "string"},
        "user": {"type": "string", "description": "the nickname, when `nickname` is absent"},
        "text": {"type": "string", "minLength": 1},
    },
    "anyOf": [{"required": ["t"]}, {"required": ["ts"]}],
}


@dataclass(frozen=True, slots=True)
class CommentLog:
    items: list[tuple[float, str, str]]   # (offset s, nickname, text), sorted by offset

    @property
    def duration_s(self) -> float:
        return self.items[-1][0] if self.items else 0.0


class _Bad(ValueError):
    pass


def _refuse_constant(name: str):
    raise _Bad(f"{name} is not a JSON number")


def _number(rec: dict, key: str) -> float:
    value = rec[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Bad(f'"{key}" must be a number')
    try:
        number = float(value)
    except OverflowError:
        raise _Bad(f'"{key}" is too large') from None
    if not math.isfinite(number):
        raise _Bad(f'"{key}" is too large')
    return number


def _record(line: str) -> tuple[float | None, float | None, str, str]:
    """(t, ts, nickname, text) of one line, or _Bad saying what is wrong with it."""
    try:
        rec = json.loads(line, parse_constant=_refuse_constant)
    except RecursionError:
        raise _Bad("nested too deeply") from None
    except _Bad:
        raise
    except ValueError as exc:
        raise _Bad(f"not JSON ({exc.args[0] if exc.args else exc})") from None
    if not isinstance(rec, dict):
        raise _Bad("not a JSON object")
    text = rec.get("text")
    if not isinstance(text, str) or not text:
        raise _Bad('"text" must be a string that is not empty')
    for key in ("nickname", "user"):   # every field there is must be what the schema says
        if key in rec and not isinstance(rec[key], str):
            raise _Bad(f'"{key}" must be a string')
    t = _number(rec, "t") if "t" in rec else None
    ts = _number(rec, "ts") if "ts" in rec else None
    if t is None and ts is None:
        raise _Bad('needs "t" (seconds from the start) or "ts" (a time)')
    nickname = rec.get("nickname") or rec.get("user") or "观众"
    return t, ts, storable(nickname)[:MAX_NICKNAME], storable(text)[:MAX_TEXT]


def read_comment_log(raw: bytes) -> CommentLog:
    records: list[tuple[float | None, float | None, str, str]] = []
    problems: list[dict] = []
    for lineno, line in enumerate(raw.decode("utf-8", "replace").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            records.append(_record(line))
        except _Bad as exc:
            problems.append({"line": lineno, "problem": str(exc)})
    # "t" wins when a line has both; times ("ts") count from the earliest one in the log.
    start = min((ts for t, ts, _, _ in records if t is None), default=0.0)
    items = [(max(0.0, t if t is not None else ts - start), nickname, text) for t, ts, nickname, text in records]
    if problems:
        shown = ", ".join(str(p["line"]) for p in problems[:MAX_LISTED_PROBLEMS])
        more = f" and {len(problems) - MAX_LISTED_PROBLEMS} more" if len(problems) > MAX_LISTED_PROBLEMS else ""
        raise Invalid(f"The comment log was not replayed: {len(problems)} line(s) are not comment records "
                      f'({{"t": seconds, "nickname": ..., "text": ...}}): line {shown}{more}. '
                      f"Line {problems[0]['line']}: {problems[0]['problem']}.", code="invalid_comment_log",
                      extra={"lines": problems[:MAX_LISTED_PROBLEMS], "bad_lines": len(problems)})
    if not items:
        raise Invalid("The comment log holds no comments.", code="invalid_comment_log",
                      extra={"lines": [], "bad_lines": 0})
    items.sort(key=lambda it: it[0])
    return CommentLog(items)


