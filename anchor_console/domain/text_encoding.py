"""Reading text files staff make (show sheets, word lists): the one decoding policy.

Most come from Chinese Windows machines: UTF-8 (with or without the BOM Excel writes), UTF-16
with a BOM (Excel's "Unicode text"), or GBK/GB18030 (what Excel and WPS save a "CSV" as on a
Chinese system). Some come from Taiwan or Hong Kong (Big5), Japan (Shift-JIS) or a Western system
(Windows-1252/Latin-1). GB18030 decodes almost any byte string, so "it decoded" proves nothing: each
legacy encoding that decodes the bytes is scored by how much of the result is characters that
language uses every day, and GB18030 wins ties (short files are often ambiguous). Other encodings
(Cyrillic, UTF-16 without a BOM…) are left to charset-normalizer; GB18030 full of rare characters
is taken when nothing else reads the bytes at all. When nothing is convincing the text is
UNREADABLE and callers say so rather than import garbage."""

from __future__ import annotations

import codecs
import collections
import functools

from anchor_console.domain.text import QT_TRANSLATE_NOOP

ENCODINGS = ("utf-8-sig", "gb18030", "big5", "shift_jis", "cp1252")
UNREADABLE = "utf-8 (with unreadable bytes)"  # the encoding name when nothing fits
# What a reader says of an UNREADABLE file: importing the garbage a wrong guess makes would only hide it.
UNKNOWN_ENCODING = QT_TRANSLATE_NOOP(
    "TextFiles", "Cannot tell the encoding of {file}: save it as UTF-8 (in Excel: CSV UTF-8) and import it again")
_CONVINCING = 0.8     # share of the non-ASCII characters that must be everyday ones
_ASIDE = 0.15         # how far ahead of the home encoding (GB18030) another must be
_SAMPLE = 50_000      # characters scored: a long file says no more than its beginning
_WESTERN_EXTRA = frozenset("’‘“”–—…€•«»¡¿°")


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name). UTF-8 is tried first: legacy bytes are almost never valid UTF-8."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), ("utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8")
    except UnicodeDecodeError:
        pass
    scored = []
    for encoding in ENCODINGS[1:]:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        scored.append((_everyday_share(text, encoding), encoding, text))
    if scored:
        best = max(scored, key=lambda s: s[0])
        home = next((s for s in scored if s[1] == "gb18030"), None)
        if home is not None and home[0] >= _CONVINCING and home[0] + _ASIDE > best[0]:
            return home[2], home[1]
        if best[0] >= _CONVINCING:
            return best[2], best[1]
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    if [s[1] for s in scored] == ["gb18030"]:   # rare characters, but no other reading at all
        return scored[0][2], "gb18030"
    return data.decode("utf-8", errors="replace"), UNREADABLE


def _everyday_share(text: str, encoding: str) -> float:
    """The share of the non-ASCII characters (counted with repeats) that are everyday ones in the
    language of `encoding`: a wrong decoding yields rare characters and symbols."""
    text = text[:_SAMPLE]
    counts = {ch: n for ch, n in collections.Counter(text).items() if ord(ch) > 127}
    total = sum(counts.values())
    if not total:
        return 1.0
    test = _EVERYDAY[encoding]
    share = sum(n for ch, n in counts.items() if test(ch)) / total
    if encoding == "cp1252":  # Western letters sit beside plain ones ("café"); misread CJK does not
        return share * _beside_ascii(text)
    # Lists are words: a CJK reading that is nearly all punctuation (、。《》) is a misreading.
    letters = sum(n for ch, n in counts.items() if ch.isalpha()) / total
    return share * min(1.0, 2 * letters)


def _beside_ascii(text: str) -> float:
    """The share of accented letters that have a plain letter beside them."""
    odd = [i for i, ch in enumerate(text) if "\u00c0" <= ch <= "\u00ff"]
    if not odd:
        return 1.0
    near = sum(1 for i in odd if (i > 0 and text[i - 1].isascii() and text[i - 1].isalpha())
               or (i + 1 < len(text) and text[i + 1].isascii() and text[i + 1].isalpha()))
    return near / len(odd)


def _code(ch: str, encoding: str) -> int:
    try:
        b = ch.encode(encoding)
    except UnicodeEncodeError:
        return -1
    return b[0] << 8 | b[1] if len(b) == 2 else -1


@functools.lru_cache(maxsize=20_000)
def _simplified(ch: str) -> bool:
    code = _code(ch, "gb2312")   # level-1 hanzi (the 3,755 most used) and CJK punctuation
    return 0xB0A1 <= code <= 0xD7FE or 0xA1A1 <= code <= 0xA3FE


@functools.lru_cache(maxsize=20_000)
def _traditional(ch: str) -> bool:
    code = _code(ch, "big5")     # Big5 symbols and the 5,401 frequent characters
    return 0xA140 <= code <= 0xA3BF or 0xA440 <= code <= 0xC67E


@functools.lru_cache(maxsize=20_000)
def _japanese(ch: str) -> bool:
    if "\u3040" <= ch <= "\u30ff" or "\uff61" <= ch <= "\uff9f":   # kana, half-width kana
        return True
    code = _code(ch, "shift_jis")  # symbols and JIS level-1 kanji
    return 0x8140 <= code <= 0x81FF or 0x889F <= code <= 0x9872


def _western(ch: str) -> bool:
    return ("\u00c0" <= ch <= "\u00ff" and ch not in "×÷") or ch in _WESTERN_EXTRA


_EVERYDAY = {"gb18030": _simplified, "big5": _traditional, "shift_jis": _japanese, "cp1252": _western}


def _guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's guess, when it is a clean one."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency; without it, unknown encodings are refused
        return None
    best = from_bytes(data).best()
    # A short sample gets a guess with no language behind it (coherence 0): not good enough.
    if best is None or best.encoding is None or best.chaos > 0.1 or best.coherence < 0.2:
        return None
    return str(best), best.encoding
