"""Reading request fields the way WeChat's gateway does: numbers may come as JSON numbers or as
digit strings (the ids of WeChat Channels are uint64 carried as strings; some documented examples
send ids as strings); anything else, or a missing required field, is refused with the API's own
"bad argument" errcode."""

from __future__ import annotations

from typing import Any

from anchor_console.studio.store import storable
from anchor_console.studio.wechat.errors import WxError

MAX_ID = 2**63


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and value.isascii():
        return int(value.strip())
    return None


def int_field(data: dict, key: str, *, code: int, default: int | None = None, low: int | None = None,
              high: int | None = None) -> int:
    """An integer field; missing → `default` (or refused if there is none); out of [low, high] → refused."""
    if key not in data or data[key] is None:
        if default is None:
            raise WxError(code)
        return default
    value = _as_int(data[key])
    if value is None or (low is not None and value < low) or (high is not None and value > high):
        raise WxError(code)
    return value


def id_field(data: dict, key: str, *, code: int) -> int:
    """A positive id (as a number or a string of digits)."""
    return int_field(data, key, code=code, low=1, high=MAX_ID)


def str_field(data: dict, key: str, *, code: int, required: bool = True, max_len: int = 1000,
              allow_empty: bool = False) -> str:
    """A string field. `allow_empty`: required to be there, may be "" (a media id WeChat's own
    example leaves empty; the emulator cannot check media ids anyway)."""
    value = data.get(key)
    if value is None or value == "":
        if required and not (allow_empty and value == ""):
            raise WxError(code)
        return ""
    if not isinstance(value, str) or len(value) > max_len:
        raise WxError(code)
    return storable(value)   # a lone surrogate cannot be stored in SQLite: it becomes U+FFFD


def dicts_field(data: dict, key: str, *, code: int) -> list[dict]:
    """A non-empty list of objects (a room's goods to sort, assistants to add, a discount's SKUs)."""
    items = data.get(key)
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise WxError(code)
    return items


def flag_field(data: dict, key: str, *, code: int, default: int = 0) -> int:
    """A 0/1 switch."""
    return int_field(data, key, code=code, default=default, low=0, high=1)


def text_width(s: str) -> int:
    """WeChat's length of a name: a Chinese character counts 2, a Latin one 1."""
    return sum(1 if ord(ch) < 128 else 2 for ch in s)


def query_int(query: dict[str, str], key: str, default: int = 0) -> int:
    """A number from the query string of a GET API; what is not one reads as `default` (WeChat then
    answers for "no such room" rather than for a malformed request)."""
    value = _as_int(query.get(key, ""))
    return default if value is None else value
