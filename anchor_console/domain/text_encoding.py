"""Reading text files staff make on Chinese Windows machines (show sheets, word lists): UTF-8 (with or without the BOM
Excel writes) or GBK/GB18030 (what Excel and WPS save a "CSV" as on a Chinese system)."""

from __future__ import annotations

ENCODINGS = ("utf-8-sig", "gb18030")
UNREADABLE = "utf-8 (with unreadable bytes)"  # the encoding name when neither fits


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name). UTF-8 is tried first: GBK bytes are almost never valid UTF-8, while
    UTF-8 bytes often decode as (wrong) GB18030. GB18030 decodes any byte string, so it is last."""
    try:
        return data.decode("utf-8-sig"), ("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), UNREADABLE
