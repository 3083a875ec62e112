"""Word lists: groups of words, each group with an action (hold for review, delete, …).

Entries are plain text (matched anywhere in the folded skeleton, so evasions still match), "=word"
(a Latin word matched only as a whole word, also spelt out: "f u c k", "c-n-m") or "re:pattern"
(an RE2 regular expression on the folded text); what is accepted and warned about is in `entries`.
Entries with Latin letters are found stretched too ("fuuuck", "sbbb主播"), and "=word" entries of
four letters or more masked ("f*ck", "sh!t"): see `spellings`.
Lists import from and export to .txt (one entry a line, "# comments", "[group]" headers; a file
without headers goes to one group) and .csv (word,group,note — the shipped advertising-law list's
format), in the encodings `decode_text` recognises. Edits apply at once: `compile()` builds a new
automaton and the pipeline swaps it in one assignment; edits made live build it from a
`snapshot()` in a worker thread (moderation/list_edits.py). A group that `escalate`s climbs the
enforcement ladder for repeat offenders (引流 and abuse by default); other groups only ever do
their own action."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple

import ahocorasick

from anchor_console.domain.atomic_file import write_atomically
from anchor_console.domain.json_file import UnreadableJson, read_json_file
from anchor_console.domain.kept_files import copy_aside, move_aside
from anchor_console.domain.numbers import is_whole_number
from anchor_console.domain.text import QT_TRANSLATE_NOOP, LabelledIntEnum, Text
from anchor_console.domain.word_list_file import WordListError, WordRow, read_word_file, word_file_text
from anchor_console.moderation.entries import MAX_ENTRY, PatternSet, refusal, warnings_for
from anchor_console.moderation.spellings import REPEATED_LETTER, MaskedWords, StretchedWords, whole_word_at
from anchor_console.domain.normalize import normalize, normalize_many, skeleton
from anchor_console.resources import resource_path

log = logging.getLogger("anchor_console.moderation.wordlists")


class Action(LabelledIntEnum):
    """What happens to a comment, in rising severity: the most severe applicable action wins."""

    SHOW = 0, QT_TRANSLATE_NOOP("Moderation", "show")
    HIGHLIGHT = 1, QT_TRANSLATE_NOOP("Moderation", "highlight")  # shown, marked for staff
    HIDE_LOCAL = 2, QT_TRANSLATE_NOOP("Moderation", "hide here")  # hidden in this console only
    HOLD = 3, QT_TRANSLATE_NOOP("Moderation", "hold for review")  # held for review (hidden until approved)
    DELETE = 4, QT_TRANSLATE_NOOP("Moderation", "delete")  # deleted on the platform
    MUTE = 5, QT_TRANSLATE_NOOP("Moderation", "mute")  # deleted and the viewer muted for N minutes
    BAN = 6, QT_TRANSLATE_NOOP("Moderation", "ban")  # deleted and the viewer banned


@dataclass
class WordGroup:
    key: str                   # stable id ("diversion")
    name: str                  # what staff call it ("引流")
    action: Action = Action.HOLD
    mute_minutes: int = 10
    words: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)   # word -> rule text (advertising law)
    enabled: bool = True
    min_length: int = 1        # entries shorter than this are not used on comments (see the ad-law group)
    escalate: bool = False     # repeat offenders climb the ladder (delete, mute, ban) — 引流 and abuse


# The shipped groups. The advertising-law list is for what *staff* say; on viewer comments its
# one-character 最 would flag half the room, so there it only counts entries of 2+ characters and
# only marks them (SHOW: listed, visible in test mode, no effect) unless staff choose otherwise.
# Only 引流 and abuse escalate: bans are for people who pull buyers away or insult, never for the
# merely noisy or unhappy.
DEFAULT_GROUPS = [
    ("diversion", "引流", Action.DELETE, "diversion.txt", 1, True),
    ("abuse", "辱骂", Action.DELETE, "abuse.txt", 1, True),
    ("competitors", "站外比价", Action.HOLD, "competitors.txt", 1, False),
    ("complaints", "投诉与敏感", Action.HIGHLIGHT, "complaints.txt", 1, False),
    ("advertising_law", "广告法极限词", Action.SHOW, "advertising_law.csv", 2, False),
]
ESCALATING_DEFAULTS = frozenset(g[0] for g in DEFAULT_GROUPS if g[5])


@dataclass
class ImportReport:
    """What an import did: entries added, the groups they went to, and warnings to show."""

    added: int
    groups: list[str]
    warnings: list[Text]


def _check_entry(entry: str, source: str, lineno: int) -> None:
    """Refuse (WordListError naming the file and line) an entry the lists cannot use."""
    if len(entry) <= 80 and not entry.startswith("re:"):
        return  # the common case, decided without a call
    why = refusal(entry)
    if why is not None:
        raise WordListError(QT_TRANSLATE_NOOP("Moderation", "{file}, line {line}: {why}").fill(
            file=source, line=lineno, why=why))


def checked_words(lines: list[str], group_name: str, min_length: int = 1) -> tuple[list[str], list[Text]]:
    """A group's entries from the lines typed or pasted (stripped, blank lines left out) and the
    warnings about them; WordListError naming the line of an entry the lists cannot use. It reads
    nothing shared, so 50,000 pasted lines can be checked in a worker thread."""
    words = []
    for i, line in enumerate(lines, start=1):
        entry = line.strip()
        if entry:
            _check_entry(entry, group_name, i)
            words.append(entry)
    return words, warnings_for(words, min_length)


def read_file(path: Path) -> list[WordRow]:
    """The entries of a .txt or .csv word list (domain.word_list_file), each checked: WordListError
    naming the file and line of one the lists cannot use."""
    rows, source = read_word_file(path), Path(path).name
    for row in rows:
        _check_entry(row.word, source, row.line)
    return rows


class WordLists:
    """All groups; `version` changes with every edit so the pipeline knows to recompile."""

    def __init__(self, groups: list[WordGroup] | None = None) -> None:
        self.groups: list[WordGroup] = groups or []
        self.version = 0

    @classmethod
    def defaults(cls) -> WordLists:
        groups = []
        for key, name, action, filename, min_length, escalate in DEFAULT_GROUPS:
            path = resource_path("wordlists", filename)
            rows = read_file(path) if path.exists() else []
            group = WordGroup(key, name, action, words=[r.word for r in rows], min_length=min_length,
                              notes={r.word: r.note for r in rows if r.note}, escalate=escalate)
            groups.append(group)
        return cls(groups)

    def group(self, key: str) -> WordGroup | None:
        return next((g for g in self.groups if g.key == key or g.name == key), None)

    def changed(self) -> None:
        self.version += 1

    # editing ----------------------------------------------------------------------------------
    def add_group(self, name: str, action: Action = Action.HOLD) -> WordGroup:
        key = re.sub(r"\W+", "_", name.lower()).strip("_") or f"group{len(self.groups) + 1}"
        while self.group(key) is not None:
            key += "_"
        group = WordGroup(key, name, action)
        self.groups.append(group)
        self.changed()
        return group

    def set_words(self, key: str, words: list[str]) -> list[Text]:
        """Replace a group's entries (nothing changes if one is refused); returns warnings about
        entries that match nothing or almost everything."""
        group = self.group(key)
        if group is None:
            raise KeyError(key)
        group.words, warnings = checked_words(words, group.name, group.min_length)
        self.changed()
        return warnings

    def snapshot(self) -> WordLists:
        """A copy of the lists as they are now, of the same version, for a worker thread to build or
        save from: edits made meanwhile (words, actions, new groups) do not reach it."""
        copy = WordLists([dataclasses.replace(g, words=list(g.words), notes=dict(g.notes)) for g in self.groups])
        copy.version = self.version
        return copy

    def import_file(self, path: Path, default_group: str | None = None) -> ImportReport:
        """Add the entries of a .txt or .csv file. Entries under a "[group]" header (or with a group
        column) go to that group, created if needed; the rest go to `default_group`, or else to one
        group named after the file. Nothing changes if the file is refused."""
        return self.add_rows(read_file(path), default_group or Path(path).stem)

    def add_rows(self, rows: list[WordRow], fallback: str) -> ImportReport:
        """The entries of a file read by `read_file` (in a worker, for a big one): each into its
        group, created if needed, or into `fallback`."""
        targets: dict[str, tuple[WordGroup, set[str], list[str]]] = {}
        added = 0
        for row in rows:
            word, note, name = row.word, row.note, row.group or fallback
            target = targets.get(name)
            if target is None:
                group = self.group(name) or self.add_group(name)
                target = targets[name] = (group, set(group.words), [])
            group, present, new = target
            if word not in present:
                present.add(word)
                group.words.append(word)
                new.append(word)
                added += 1
            if note:
                group.notes[word] = note
        self.changed()
        warnings = [w for group, _, new in targets.values() for w in warnings_for(new, group.min_length)]
        return ImportReport(added, [group.name for group, _, _ in targets.values()], warnings)

    def export(self, path: Path, keys: list[str] | None = None) -> None:
        rows = [WordRow(word, g.name, g.notes.get(word, "")) for g in self.groups if keys is None or g.key in keys
                for word in g.words]
        text = word_file_text(rows, csv_format=Path(path).suffix.lower() == ".csv")
        write_atomically(Path(path), text.encode("utf-8"))

    # compiling ------------------------------------------------------------------------------
    def compile(self, markers: dict[str, str] | None = None) -> CompiledLists:
        return CompiledLists(self, markers)


WORD_LISTS_UNREADABLE = QT_TRANSLATE_NOOP(
    "Moderation", "Your word lists could not be read ({error}); they were kept as {backup} and the shipped lists "
                  "are in use.")
WORD_LISTS_PARTLY_READ = QT_TRANSLATE_NOOP(
    "Moderation", "Parts of your word lists could not be read ({problems}); everything else is in use. Your file "
                  "was kept as {backup}.")
NO_READABLE_GROUP = QT_TRANSLATE_NOOP("Moderation", "no group of words in it could be read")
MAX_MUTE_MINUTES = 7 * 24 * 60   # a week: the longest mute a group may give (the word lists dialog's too)


def load_word_lists(path: Path) -> tuple[WordLists, Text | None]:
    """The moderators' word lists saved at `path` (else the shipped defaults) and, if the file or
    part of it could not be read, a warning for the user. An unreadable file is moved aside and the
    defaults used; a file with a bad group or value loads the rest and is copied aside, so that
    saving the lists later loses nothing of it."""
    if not path.exists():
        return WordLists.defaults(), None
    try:
        lists, problems = read_lists(read_json_file(path))
    except (UnreadableJson, ValueError) as exc:
        # The parser's own words (English) go to the log only; the user is told where, or what.
        why = exc.message if isinstance(exc, UnreadableJson) else NO_READABLE_GROUP
        backup = move_aside(path)
        log.warning("word lists unreadable (%s); kept as %s, using the shipped ones", exc.__cause__ or exc, backup)
        return WordLists.defaults(), WORD_LISTS_UNREADABLE.fill(error=why, backup=str(backup))
    if not problems:
        return lists, None
    backup = copy_aside(path)
    log.warning("word lists partly unreadable (%s); kept as %s", problems, backup)
    return lists, WORD_LISTS_PARTLY_READ.fill(problems="; ".join(problems)[:300], backup=str(backup))


def lists_from_dict(raw: dict) -> WordLists:
    """Word lists from their saved form (the team's lists in Studio), all of it: ValueError if any
    part is not that form."""
    lists, problems = read_lists(raw)
    if problems:
        raise ValueError("; ".join(problems))
    return lists


def read_lists(raw: object) -> tuple[WordLists, list[str]]:
    """Word lists from their saved form, and what of it could not be read ("group 3", "VIP:
    mute_minutes"): a group without a usable key, name or action is left out, a bad value takes
    its default. ValueError if it is not that form at all, or no group of it is readable."""
    saved = raw.get("groups") if isinstance(raw, dict) else None
    if not isinstance(saved, list):
        raise ValueError("no list of groups")
    problems: list[str] = []
    groups = [group for number, g in enumerate(saved, 1) if (group := _read_group(g, number, problems))]
    if saved and not groups:
        raise ValueError("no group is readable: " + "; ".join(problems)[:200])
    return WordLists(groups), problems


def _read_group(g: object, number: int, problems: list[str]) -> WordGroup | None:
    key, name, action = (g.get("key"), g.get("name"), g.get("action")) if isinstance(g, dict) else (None,) * 3
    action = Action.__members__.get(action.upper()) if isinstance(action, str) else None
    if not (isinstance(key, str) and key and isinstance(name, str) and name and action is not None):
        problems.append(f"group {number}")
        return None

    def value(item: str, default, fits: Callable[[object], bool]):
        if item not in g or fits(g[item]):
            return g.get(item, default)
        problems.append(f"{name}: {item}")
        return default

    words = value("words", [], lambda v: isinstance(v, list))
    notes = value("notes", {}, lambda v: isinstance(v, dict) and all(isinstance(n, str) for n in v.values()))
    return WordGroup(key, name, action, int(value("mute_minutes", 10, _whole_in(1, MAX_MUTE_MINUTES))),
                     _usable(words, name), dict(notes), value("enabled", True, lambda v: isinstance(v, bool)),
                     int(value("min_length", 1, _whole_in(1, MAX_ENTRY))),
                     value("escalate", key in ESCALATING_DEFAULTS, lambda v: isinstance(v, bool)))


def _whole_in(low: int, high: int) -> Callable[[object], bool]:
    """Whether a JSON value is a whole number from `low` to `high` (10.0 is; 1e999, NaN, 2.5 and true are not)."""
    def fits(v: object) -> bool:
        return is_whole_number(v, whole_floats=True) and low <= v <= high
    return fits


def lists_to_dict(lists: WordLists) -> dict:
    # Field by field, not dataclasses.asdict: that deep-copies every entry (0.2 s for 50,000).
    return {"version": 1, "groups": [{**{f.name: getattr(g, f.name) for f in _GROUP_FIELDS}, "action": g.action.name}
                                     for g in lists.groups]}


_GROUP_FIELDS = dataclasses.fields(WordGroup)


def _usable(words, group: str) -> list[str]:
    """A saved group's entries, without any too long to use (saved before there was a limit) or
    that are not text (a hand-edited lone surrogate, "\\ud800", could not be saved again)."""
    kept = [str(w) for w in words if len(str(w)) <= MAX_ENTRY and _is_text(str(w))]
    if len(kept) < len(words):
        log.warning("word list %s: %d entries dropped (longer than %d characters, or not text)", group,
                    len(words) - len(kept), MAX_ENTRY)
    return kept


def _is_text(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def save_word_lists(lists: WordLists, path: Path) -> None:
    write_atomically(path, json.dumps(lists_to_dict(lists), ensure_ascii=False, indent=1).encode("utf-8"))


class ListHit(NamedTuple):
    group: WordGroup
    word: str           # the entry as listed
    note: str = ""
    rule: str = ""      # "list:<group key>"
    name: Text | None = None


QUESTION, INTENT = "question", "intent"   # markers for the classification words sharing the automaton
WHOLE_WORD = "whole"                      # a "=word" entry may be there: check word boundaries
_FOLD_SLICE = 2000                        # entries folded in one call (see CompiledLists)
_WORD_CHAR = re.compile(r"[^\W_]")        # what the skeleton keeps of the folded text
_HAS_LATIN = re.compile(r"[a-z]")          # an entry or comment that may be stretched or masked
# Of a comment, looked at for stretched and masked words (Python's regex reads a long run of letters
# at ~50 ns a character, twice): a longer comment is hidden as very long anyway (300 by default).
SPELLING_SCAN_CHARS = 500


class CompiledLists:
    """One Aho–Corasick automaton over the skeletons of every plain entry (plus the question and
    purchase-intent words, so one pass does both), one over the "=word" entries (boundaries checked
    where they occur), one over the entries with Latin letters with their letters' runs collapsed
    (stretched spellings), an index of the "=word" entries by length (masked spellings) and the
    RE2 patterns: matching time is linear in the comment whatever the lists hold. Entries the lists cannot use (too long, a refused pattern — from a file saved by an
    earlier version) are left out and logged. Immutable once built."""

    def __init__(self, lists: WordLists, markers: dict[str, str] | None = None) -> None:
        self.version = lists.version
        self.automaton = ahocorasick.Automaton()
        self.whole = ahocorasick.Automaton()           # folded "=word" entries -> (word, group)
        patterns: list[tuple[str, WordGroup, str]] = []
        self.names: dict[str, Text] = {}
        table: dict[str, list] = {}
        whole: dict[str, WordGroup] = {}
        for key, marker in (markers or {}).items():
            table.setdefault(key, []).append(marker)
        for group in lists.groups:
            if not group.enabled:
                continue
            rule = f"list:{group.key}"
            name = QT_TRANSLATE_NOOP("Moderation", "word list “{group}”").fill(group=group.name)
            self.names[group.key] = name
            plain: list[str] = []
            for entry in group.words:
                first = entry[:1]
                if len(entry) > MAX_ENTRY or (first == "r" and entry.startswith("re:")):
                    why = refusal(entry)
                    if why is not None:
                        log.warning("word list %s: entry %.40r left out: %s", group.name, entry, why.english())
                    elif entry.startswith("re:"):
                        patterns.append((entry[3:], group, entry))
                    continue
                if first == "=":
                    word = normalize(entry[1:])   # matched on the skeleton (see _whole_word_at)
                    if word:
                        whole.setdefault(word, group)
                else:
                    plain.append(entry)
            notes = group.notes
            # Folded a slice at a time: one call over 50,000 entries holds the interpreter for 20 ms,
            # and this runs in a worker thread beside the event loop (moderation/list_edits.py).
            keys = [k for i in range(0, len(plain), _FOLD_SLICE) for k in normalize_many(plain[i:i + _FOLD_SLICE])]
            for entry, key in zip(plain, keys):
                if not key or len(key) < group.min_length:
                    continue
                hit = ListHit(group, entry, notes.get(entry, ""), rule, name)
                slot = table.get(key)
                if slot is None:
                    table[key] = [hit]
                    continue
                # The same skeleton listed twice: the more severe listing counts.
                same = [h for h in slot if isinstance(h, ListHit)]
                if not same or same[0].group.action < group.action:
                    slot[:] = [h for h in slot if not isinstance(h, ListHit)]
                    slot.append(hit)
        for word, group in whole.items():
            self.whole.add_word(word, (word, group))
            if WHOLE_WORD not in table.setdefault(word, []):
                table[word].append(WHOLE_WORD)
        if whole:
            self.whole.make_automaton()
        self.patterns = PatternSet([p for p, _, _ in patterns])
        self.pattern_entries = [(group, entry) for _, group, entry in patterns]
        for key, payload in table.items():
            self.automaton.add_word(key, tuple(payload))
        self.empty = not table
        if not self.empty:
            self.automaton.make_automaton()
        self.size = len(table)
        self._add_spellings(table, whole)

    def _add_spellings(self, table: dict[str, list], whole: dict[str, WordGroup]) -> None:
        """The entries as they may also be spelt (moderation/spellings.py): every entry with a Latin
        letter stretched ("fuuuck", "sbbb主播"), and "=word" entries of four letters or more masked
        ("f*ck", "sh!t")."""
        self.stretched = StretchedWords()
        self.masked = MaskedWords()
        for key, payload in table.items():
            if _HAS_LATIN.search(key):
                for item in payload:
                    if isinstance(item, ListHit):
                        self.stretched.add(key, item)
        for word, group in whole.items():
            self.stretched.add(word, (word, group))
            self.masked.add(word, (word, group))
        self.stretched.build()
        # Plain flags, asked for every comment with a Latin letter (not the objects' __bool__: a call).
        self.any_stretched, self.any_masked = bool(self.stretched), bool(self.masked)
        self.spellings = self.any_stretched or self.any_masked

    def scan(self, skeleton_text: str, folded_text: str) -> tuple[bool, bool, list[ListHit] | None]:
        """(is a question word there, is a purchase-intent word there, list hits or None)."""
        question = intent = whole = False
        hits: list[ListHit] | None = None
        if not self.empty and skeleton_text:
            for _end, payload in self.automaton.iter(skeleton_text):
                for item in payload:
                    if item is QUESTION:
                        question = True
                    elif item is INTENT:
                        intent = True
                    elif item is WHOLE_WORD:
                        whole = True
                    elif hits is None:
                        hits = [item]
                    else:
                        hits.append(item)
        spots: list[int] | None = None
        if whole:
            # On the skeleton, so that "f u c k", "f.u.c.k" and "f̶u̶c̶k̶" are the word too; where each
            # of its letters stands in the folded text decides whether it stands alone there.
            # (`skeleton_text` is the folded text's word characters: letter i stands at spots[i].)
            spots = [m.start() for m in _WORD_CHAR.finditer(folded_text)]
            for end, (word, group) in self.whole.iter(skeleton_text):
                if whole_word_at(folded_text, spots, end - len(word) + 1, end):
                    (hits := hits or []).append(self._whole_hit(word, group))
        if self.spellings and _HAS_LATIN.search(skeleton_text):
            hits = self._scan_spellings(skeleton_text, folded_text, spots, hits)
        if self.patterns:
            for i in self.patterns.matching(folded_text):
                group, entry = self.pattern_entries[i]
                (hits := hits or []).append(ListHit(group, entry, "", f"list:{group.key}", self.names[group.key]))
        return question, intent, hits

    def _scan_spellings(self, skeleton_text: str, folded_text: str, spots: list[int] | None,
                        hits: list[ListHit] | None) -> list[ListHit] | None:
        """`hits` and the entries found stretched or masked (only a comment with a Latin letter can
        have them), in the first SPELLING_SCAN_CHARS of the comment: 100,000 characters of "fuuuck
        fuuuck…" must not hold the console."""
        if len(folded_text) > SPELLING_SCAN_CHARS:
            folded_text = folded_text[:SPELLING_SCAN_CHARS]
            skeleton_text, spots = skeleton(folded_text), None
        if self.any_stretched and REPEATED_LETTER.search(skeleton_text):
            for first, last, item in self.stretched.find(skeleton_text):
                if isinstance(item, ListHit):
                    hits = _with(hits, item)
                    continue
                # A stretched whole word stands together: "fuuuck", not "f u u u c k" ("www.xx" is no "wx").
                spots = spots or [m.start() for m in _WORD_CHAR.finditer(folded_text)]
                if whole_word_at(folded_text, spots, first, last, spelt_out=False):
                    hits = _with(hits, self._whole_hit(*item))
        if self.any_masked:
            for word, group in self.masked.find(folded_text):
                hits = _with(hits, self._whole_hit(word, group))
        return hits

    def _whole_hit(self, word: str, group: WordGroup) -> ListHit:
        return ListHit(group, "=" + word, "", f"list:{group.key}", self.names[group.key])

    def find(self, skeleton_text: str, folded_text: str) -> list[ListHit]:
        return self.scan(skeleton_text, folded_text)[2] or []


def _with(hits: list[ListHit] | None, hit: ListHit) -> list[ListHit]:
    """`hits` with `hit` unless the same entry of the same group is there already (found spelt two ways)."""
    if hits is None:
        return [hit]
    if not any(h.word == hit.word and h.group is hit.group for h in hits):
        hits.append(hit)
    return hits
