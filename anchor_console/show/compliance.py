"""Compliance pre-flight for a show script: finds advertising-law terms (极限词, 权威词, false promises,
medical claims …) in what will be said or shown — the show title, segment titles, talking points,
scripted messages to the anchor, and what cues show every viewer (announcements, red-packet
greetings, lucky-bag prizes) — before the show goes live.

The shipped list is resources/wordlists/advertising_law.csv (word,group,note; `#` lines are
comments); prep staff can add their own words from a .csv in the same format or a .txt with one
word per line, "[group]" lines naming the group of the words after them (both read by
domain.word_list_file, as the moderators' lists are). Matching uses an Aho–Corasick automaton
(pyahocorasick), ignores case and full-/half-width differences, and reports each finding with the
character span in the field's own text so the editor can highlight it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import ahocorasick

from anchor_console.domain.text import QT_TRANSLATE_NOOP, LabelledEnum, Text
from anchor_console.resources import resource_path
from anchor_console.show.chat_cues import AnnounceToRoom
from anchor_console.show.model import AnchorMessage, CueAction, SendRedPacket, Show, StartLuckyBag
from anchor_console.domain.word_list_file import read_word_file

# The one-character entry 最 catches every superlative (最美, 最值) but also ordinary time words:
# "最近" (recently), "最后" (last), "最初", "最终", "最早", "最晚", "最迟" say *when*, not *how good*.
# Those are not reported for the bare 最; longer listed words still are ("最后一天" is its own entry).
_TIME_WORDS_AFTER_ZUI = frozenset("近后初终早晚迟")


class CheckedField(LabelledEnum):
    # the show's title (often becomes the room title)
    SHOW_TITLE = "show_title", QT_TRANSLATE_NOOP("Show", "show title")
    SEGMENT_TITLE = "title", QT_TRANSLATE_NOOP("Show", "segment title")
    TALKING_POINTS = "talking_points", QT_TRANSLATE_NOOP("Show", "talking points")
    # text of a "message to the anchor" cue
    ANCHOR_MESSAGE = "message", QT_TRANSLATE_NOOP("Show", "message to the anchor")
    # what cues put in front of every viewer: the platform shows them as written
    ANNOUNCEMENT = "announcement", QT_TRANSLATE_NOOP("Show", "announcement to the room")
    PACKET_GREETING = "packet_greeting", QT_TRANSLATE_NOOP("Show", "red packet greeting")
    LUCKY_BAG_PRIZE = "lucky_bag_prize", QT_TRANSLATE_NOOP("Show", "lucky bag prize")


@dataclass(frozen=True, slots=True)
class ListedWord:
    word: str
    group: str = ""   # 极限词, 权威词, … ("" for words from a plain .txt list)
    note: str = ""    # the rule, shown to prep staff
    extra: bool = False  # from the user's own list


@dataclass(frozen=True, slots=True)
class Finding:
    segment_id: str        # "" for the show title
    field: CheckedField
    start: int             # span in the field's text: text[start:end] is what was written
    end: int
    word: str              # the listed word
    written: str           # as written (may differ in case or width)
    group: str
    rule: str              # the note from the word list
    cue_id: str = ""       # for the texts of cues
    broad: bool = False    # matched by a one-character word: read the context before changing it

    @property
    def message(self) -> Text:
        return listed_word_message(self.written, self.group, self.rule)


def listed_word_message(written: str, group: str, rule: str) -> Text:
    """What to tell whoever wrote a listed word: the word as written, its group and the rule."""
    if rule:
        return QT_TRANSLATE_NOOP("Show", "“{word}” ({group}): {rule}").fill(word=written, group=group or "—",
                                                                          rule=rule)
    return QT_TRANSLATE_NOOP("Show", "“{word}” is on your list of words to avoid").fill(word=written)


def _fold_char(ch: str) -> str:
    """Case and width folding that keeps one character per character, so spans stay exact."""
    folded = unicodedata.normalize("NFKC", ch).lower()
    return folded if len(folded) == 1 else ch.lower() if len(ch.lower()) == 1 else ch


def _fold(text: str) -> str:
    return "".join(_fold_char(c) for c in text)


def _read_rows(path: Path) -> list[ListedWord]:
    return [ListedWord(r.word, r.group, r.note) for r in read_word_file(path)]


class WordList:
    """The words to look for, compiled once; reuse it for every check."""

    def __init__(self, words: Iterable[ListedWord]) -> None:
        self._automaton = ahocorasick.Automaton()
        self.words: dict[str, ListedWord] = {}
        for w in words:
            key = _fold(w.word.strip())
            if key and key not in self.words:  # the first listing of a word wins (the shipped one)
                self.words[key] = w
                self._automaton.add_word(key, key)
        if self.words:
            self._automaton.make_automaton()

    @classmethod
    def load(cls, extra: Path | None = None, *, builtin: Path | None = None) -> WordList:
        """The shipped advertising-law list plus the user's own words (.csv like the shipped one,
        or .txt with one word per line). Raises WordListError with a readable message."""
        words = _read_rows(Path(builtin) if builtin else resource_path("wordlists", "advertising_law.csv"))
        if extra is not None:
            words += [ListedWord(w.word, w.group, w.note, extra=True) for w in _read_rows(Path(extra))]
        return cls(words)

    def find(self, text: str) -> list[tuple[int, int, ListedWord]]:
        """(start, end, word) for each finding in `text`, in order. Where listed words overlap, the
        longest wins ("全网最低价", not also "最低价" and "最")."""
        if not self.words or not text:
            return []
        folded = _fold(text)
        spans = [(end - len(key) + 1, end + 1, key) for end, key in self._automaton.iter(folded)]
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        kept: list[tuple[int, int, str]] = []
        for start, end, key in spans:
            if any(k0 <= start and end <= k1 for k0, k1, _ in kept):
                continue
            if key == "最" and folded[end:end + 1] in _TIME_WORDS_AFTER_ZUI:
                continue
            kept.append((start, end, key))
        return [(s, e, self.words[k]) for s, e, k in kept]


def _cue_text(action: CueAction) -> tuple[str, CheckedField] | None:
    """The words a cue says or shows, and which they are; None for a cue without any."""
    if isinstance(action, AnchorMessage):
        return action.text, CheckedField.ANCHOR_MESSAGE
    if isinstance(action, AnnounceToRoom):
        return action.text, CheckedField.ANNOUNCEMENT
    if isinstance(action, SendRedPacket):
        return action.spec.message, CheckedField.PACKET_GREETING
    if isinstance(action, StartLuckyBag):
        return action.setup.prize, CheckedField.LUCKY_BAG_PRIZE
    return None


def check_show(show: Show, words: WordList, *, last: dict[str, list] | None = None) -> list[Finding]:
    """Every finding in the show, in script order. `last`: each text's findings from the previous
    check of this show with these words — an editor checks on every keystroke, and every text but
    the one typed in is read from there; it then holds this check's."""
    out: list[Finding] = []
    found: dict[str, list] = {}

    def scan(text: str, segment_id: str, field: CheckedField, cue_id: str = "") -> None:
        spans = found.get(text)
        if spans is None:
            spans = found[text] = last[text] if last is not None and text in last else words.find(text)
        for start, end, w in spans:
            out.append(Finding(segment_id, field, start, end, w.word, text[start:end], w.group, w.note, cue_id,
                               broad=len(w.word.strip()) == 1))

    scan(show.title, "", CheckedField.SHOW_TITLE)
    for seg in show.segments:
        scan(seg.title, seg.id, CheckedField.SEGMENT_TITLE)
        scan(seg.talking_points, seg.id, CheckedField.TALKING_POINTS)
        for cue in seg.cues:
            checked = _cue_text(cue.action)
            if checked is not None:
                scan(checked[0], seg.id, checked[1], cue.id)
    if last is not None:
        last.clear()
        last.update(found)
    return out
