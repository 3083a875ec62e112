"""How a listed word may be spelt in a comment and still be the word: spelt out ("f u c k", "c-n-m"),
stretched ("fuuuuck", "shiiiit", "sssb") or with letters masked ("f*ck", "sh!t", "f_ck", "b1tch").

The word lists (moderation/wordlists.py) find entries in the comment's skeleton with Aho–Corasick;
this module answers the questions that scan cannot:
  whole_word_at    whether letters found in the skeleton stand as a whole word in the folded text
  StretchedWords   entries with Latin letters, found where the comment repeats a letter: each run
                   of one Latin letter counts as one, and a listed letter may be repeated, never
                   dropped ("good" is not "god", "fuuuck" is "fuck"; digits and Chinese are never
                   collapsed: "1111" is intent, 哈哈哈 laughter)
  MaskedWords      whole-word entries of four or more letters, found where a comment writes some of
                   their letters as "*", "_", "." or another masking mark, or as a look-alike digit
                   or symbol ("sh1t", "$hit", "f@ck"), or as "x" ("fxxk", "bxtch": the Chinese
                   internet's mask)
Both run only on the rare comment that needs them (a repeated Latin letter; a Latin letter beside a
masking mark or digit), so the ordinary comment pays one regex search for each."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

import ahocorasick

_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")   # what may not touch a whole word
_LATIN = frozenset("abcdefghijklmnopqrstuvwxyz")


def whole_word_at(folded: str, spots: list[int], first: int, last: int, *, spelt_out: bool = True) -> bool:
    """Whether skeleton letters `first`..`last` (at `spots` in the folded text) stand as a whole
    word there: no Latin letter or digit touches them. Spelt out with separators ("f u c k",
    "c-n-m"), the spelling must not go on either side ("u.s.b" is not "sb"), and spaced out the
    word must be long enough to be one; `spelt_out` False: the letters must stand together."""
    start, end = spots[first], spots[last]
    if (start and folded[start - 1] in _ALNUM) or (end + 1 < len(folded) and folded[end + 1] in _ALNUM):
        return False
    between = [folded[spots[i] + 1:spots[i + 1]] for i in range(first, last) if spots[i + 1] > spots[i] + 1]
    if not any(not unicodedata.category(ch).startswith("M") for gap in between for ch in gap):
        return True   # contiguous, or only marks on the letters ("f̶u̶c̶k̶", the dot of İ)
    if not spelt_out:
        return False
    if (first and _alone(folded, spots, first - 1)) or (last + 1 < len(spots) and _alone(folded, spots, last + 1)):
        return False
    if not any(ch.isspace() for gap in between for ch in gap):
        return True
    # Spaced: "c n m", "f u c k", "fu ck"; but two letters ("s b", "w x h") are as often just letters,
    # and a three-letter word split in two ("cn m") as often two words.
    letters = last - first + 1
    return letters >= 4 or (letters == 3 and len(between) == 2)


def _alone(folded: str, spots: list[int], i: int) -> bool:
    """Whether skeleton letter `i` is a Latin letter or digit written on its own (part of a spelling)."""
    at = spots[i]
    return folded[at] in _ALNUM and (i == 0 or spots[i - 1] != at - 1) and \
        (i + 1 == len(spots) or spots[i + 1] != at + 1)


_RUN = re.compile(r"([a-z])\1+")
REPEATED_LETTER = re.compile(r"([a-z])\1")   # the cheap test for "a letter may be stretched here"


def collapsed(text: str) -> tuple[str, list[int]]:
    """`text` with each run of one Latin letter written once, and how long each of its characters'
    run was (1 for everything else)."""
    out: list[str] = []
    runs: list[int] = []
    at = 0
    for m in _RUN.finditer(text):
        start, end = m.span()
        out.append(text[at:start])
        runs.extend([1] * (start - at))
        out.append(m.group(1))
        runs.append(end - start)
        at = end
    out.append(text[at:])
    runs.extend([1] * (len(text) - at))
    return "".join(out), runs


class StretchedWords:
    """Entries (skeletons) with a Latin letter, keyed by their runs collapsed: found in a comment's
    skeleton collapsed the same way, where each of the comment's runs is at least as long as the
    entry's and one is longer (else the plain scan found it). An entry of three letters or fewer
    ("sb", "vx", "cnm") needs one letter stretched by two or more: "ssb" and "cnmm" are as often an
    abbreviation as a stretch, "sbbb" is not."""

    def __init__(self) -> None:
        self._automaton = ahocorasick.Automaton()
        self._keys: dict[str, list] = {}

    def add(self, key: str, payload: object) -> None:
        if not _LATIN.intersection(key):
            return   # no Latin letter: nothing in it is ever collapsed
        short, runs = collapsed(key)
        letters = sum(1 for ch in key if ch in _LATIN)
        self._keys.setdefault(short, []).append((payload, runs, letters <= 3))

    def __bool__(self) -> bool:
        return bool(self._keys)

    def build(self) -> None:
        for short, payloads in self._keys.items():
            self._automaton.add_word(short, payloads)
        if self._keys:
            self._automaton.make_automaton()

    def find(self, skeleton_text: str) -> Iterator[tuple[int, int, object]]:
        """(first, last, payload): each stretched entry, at its first and last letter in the skeleton."""
        short = _RUN.sub(r"\1", skeleton_text)
        runs: list[int] = []
        starts: list[int] = []
        for end, payloads in self._automaton.iter(short):
            if not runs:   # found: now how long each run is (most comments stop before this)
                runs = collapsed(skeleton_text)[1]
            for payload, wanted, short_entry in payloads:
                first = end - len(wanted) + 1
                extra = [runs[first + i] - n for i, n in enumerate(wanted)]
                if min(extra) < 0 or max(extra) < (2 if short_entry else 1):
                    continue
                if not starts:   # where each collapsed character's run starts in the skeleton
                    at = 0
                    for n in runs:
                        starts.append(at)
                        at += n
                yield starts[first], starts[end] + runs[end] - 1, payload


# Marks that stand for a letter ("f*ck", "f_ck", "f.ck", "f❤ck"), and digits and symbols that look
# like one ("sh1t", "$hit", "sh!t", "f@ck": the letters each may be).
_MASKS = "*#%_.~?-@•·∗✱❤♥"
_LOOKS_LIKE = {"0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "il", "|": "il"}
_CLASS = "[" + re.escape(_MASKS + "".join(_LOOKS_LIKE)) + "]"
# A token of letters, masks and look-alikes with a letter beside one of the others, read whole: the
# look-behind starts a try only where a token starts, so a long token costs one pass.
_MASKED_TOKEN = re.compile(rf"(?<![a-z]|{_CLASS})(?:[a-z]|{_CLASS})*?(?:[a-z]{_CLASS}|{_CLASS}[a-z])"
                           rf"(?:[a-z]|{_CLASS})*")
# The cheap tests first: a single class is found ten times faster than a letter beside one.
_ANY_MASK = re.compile(_CLASS)
_MASK_BESIDE_LETTER = re.compile(rf"[a-z]{_CLASS}|{_CLASS}[a-z]")
_TRIM_START, _TRIM_END = ".-_~", ".-_~!?"   # sentence punctuation around a word ("f*ck!!", "...sh*t")
# "x" masks too ("fxxk", "shxt"): a word of letters, not starting with x, with an x in it. Its other
# letters' runs are collapsed, never the x's: one x for each letter, as one "*" is.
# Sentence punctuation may touch it ("fxxk!!"), not a mask inside a longer token ("fx*k", "a.fxxk").
_X_TOKEN = re.compile(rf"(?<![a-z0-9])(?<![a-z0-9]{_CLASS})[a-wyz][a-z]*x[a-z]*(?![a-z0-9]|{_CLASS}[a-z0-9])")
_OTHER_RUN = re.compile(r"([a-wyz])\1+")


class MaskedWords:
    """Whole-word entries of four or more Latin letters (their runs collapsed), found in tokens
    that write some of their letters masked or as look-alikes. A token is the word when it is as
    long, its first character is a letter or look-alike (people keep the first letter: "f*ck",
    "s**t"), at least two of its letters are written, at most half are masked, and every letter
    written or looked like is the entry's. Prices ("9.9"), "f.o.b" and links are not words of it."""

    MIN_LETTERS = 4

    def __init__(self) -> None:
        self._by_start: dict[tuple[int, str], list[tuple[str, object]]] = {}
        self._longest = self._longest_token = 0

    def add(self, key: str, payload: object) -> None:
        word, _ = collapsed(key)
        if len(word) >= self.MIN_LETTERS and all(ch in _LATIN for ch in word):
            self._by_start.setdefault((len(word), word[0]), []).append((word, payload))
            self._longest = max(self._longest, len(word))
            self._longest_token = 3 * self._longest   # room for stretched letters and punctuation around

    def __bool__(self) -> bool:
        return bool(self._by_start)

    def find(self, folded: str) -> list[object]:
        found: list[object] = []
        if "x" in folded:
            for m in _X_TOKEN.finditer(folded):
                self._look_up(_OTHER_RUN.sub(r"\1", m.group(0)), "x", found)
        if not _ANY_MASK.search(folded) or not _MASK_BESIDE_LETTER.search(folded):
            return found   # nearly every comment
        for m in _MASKED_TOKEN.finditer(folded):
            token = m.group(0)
            if len(token) > self._longest_token:
                continue   # longer than any entry however stretched or punctuated: a link, an id
            token = token.lstrip(_TRIM_START).rstrip(_TRIM_END)
            if len(token) < self.MIN_LETTERS or token[0] in _MASKS or token.isalpha():
                continue   # too short, no first letter, or nothing masked once the punctuation is off ("yyds!")
            if REPEATED_LETTER.search(token):
                token = collapsed(token)[0]
            self._look_up(token, _MASKS, found)
        return found

    def _look_up(self, token: str, masks: str, found: list[object]) -> None:
        """Add to `found` the entries `token` is, its characters in `masks` standing for any letter."""
        n = len(token)
        if n < self.MIN_LETTERS or n > self._longest or sum(ch in _LATIN and ch not in masks for ch in token) < 2 \
                or sum(ch in masks for ch in token) > n // 2:
            return
        for start in (token[0] if token[0] in _LATIN else _LOOKS_LIKE[token[0]]):
            for word, payload in self._by_start.get((n, start), ()):
                if all(ch == w or ch in masks or w in _LOOKS_LIKE.get(ch, "") for ch, w in zip(token, word)):
                    found.append(payload)
