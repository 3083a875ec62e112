"""Word lists: groups of words, each group with an action (hold for review, delete, …).

Entries are plain text (matched anywhere in the folded skeleton, so evasions still match), "=word"
(a Latin word matched only as a whole word) or "re:pattern" (a regular expression on the folded
text). Lists import from and export to .txt (one entry a line, "# comments", "[group]" headers)
and .csv (word,group,note — the shipped advertising-law list's format). Edits apply at once:
`compile()` builds a new automaton and the pipeline swaps it in one assignment."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from anchor_console.domain.text import QT_TRANSLATE_NOOP, LabelledIntEnum, Text
from anchor_console.domain.text_encoding import UNREADABLE, decode_text
from anchor_console.moderation.normalize import fold, normalize
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


class WordListError(Exception):
    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.english())


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


# The shipped groups. The advertising-law list is for what *staff* say; on viewer comments its
# one-character 最 would flag half the room, so there it only counts entries of 2+ characters and
# only marks them (SHOW: listed, visible in test mode, no effect) unless staff choose otherwise.
DEFAULT_GROUPS = [
    ("diversion", "引流", Action.DELETE, "diversion.txt", 1),
    ("abuse", "辱骂", Action.DELETE, "abuse.txt", 1),
    ("competitors", "站外比价", Action.HOLD, "competitors.txt", 1),
    ("complaints", "投诉与敏感", Action.HIGHLIGHT, "complaints.txt", 1),
    ("advertising_law", "广告法极限词", Action.SHOW, "advertising_law.csv", 2),
]


def _parse(raw: str, source: str, *, csv_format: bool) -> list[tuple[str, str, str]]:
    """(word, group name or "", note) rows; a bad regex is an error naming the file and line."""
    rows: list[tuple[str, str, str]] = []
    if csv_format:
        lines = [(i, ln) for i, ln in enumerate(raw.splitlines(), start=1) if ln.strip() and not ln.lstrip().startswith("#")]
        for lineno, ln in lines:
            try:
                cells = next(csv.reader([ln]))
            except (csv.Error, StopIteration):
                raise WordListError(QT_TRANSLATE_NOOP("Moderation", "{file}, line {line}: not a CSV row").fill(
                    file=source, line=lineno)) from None
            cells = [c.strip() for c in cells] + ["", ""]
            if [c.lower() for c in cells[:3]] == ["word", "group", "note"] or not cells[0]:
                continue
            rows.append((cells[0], cells[1], cells[2]))
            _check_entry(cells[0], source, lineno)
        return rows
    group = ""
    for lineno, ln in enumerate(raw.splitlines(), start=1):
        s = ln.strip()
        if not s or s.startswith("#"):
            continue
        if s.startswith("[") and s.endswith("]"):
            group = s[1:-1].strip()
            continue
        _check_entry(s, source, lineno)
        rows.append((s, group, ""))
    return rows


def _check_entry(entry: str, source: str, lineno: int) -> None:
    if entry.startswith("re:"):
        try:
            re.compile(entry[3:])
        except re.error as exc:
            raise WordListError(QT_TRANSLATE_NOOP(
                "Moderation", "{file}, line {line}: the pattern “{pattern}” is not a valid regular expression ({why})"
            ).fill(file=source, line=lineno, pattern=entry[3:], why=str(exc))) from None


def read_file(path: Path) -> list[tuple[str, str, str]]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise WordListError(QT_TRANSLATE_NOOP("Moderation", "Cannot read {file}: {why}").fill(
            file=str(path), why=exc.strerror or str(exc))) from None
    text, encoding = decode_text(data)
    if encoding == UNREADABLE:
        raise WordListError(QT_TRANSLATE_NOOP("Moderation", "{file} is not a text file").fill(file=str(path)))
    return _parse(text, Path(path).name, csv_format=Path(path).suffix.lower() == ".csv")


class WordLists:
    """All groups; `version` changes with every edit so the pipeline knows to recompile."""

    def __init__(self, groups: list[WordGroup] | None = None) -> None:
        self.groups: list[WordGroup] = groups or []
        self.version = 0

    @classmethod
    def defaults(cls) -> WordLists:
        groups = []
        for key, name, action, filename, min_length in DEFAULT_GROUPS:
            path = resource_path("wordlists", filename)
            rows = read_file(path) if path.exists() else []
            group = WordGroup(key, name, action, words=[w for w, _, _ in rows], min_length=min_length,
                              notes={w: n for w, _, n in rows if n})
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

    def set_words(self, key: str, words: list[str]) -> None:
        group = self.group(key)
        if group is None:
            raise KeyError(key)
        for i, w in enumerate(words, start=1):
            _check_entry(w, group.name, i)
        group.words = [w.strip() for w in words if w.strip()]
        self.changed()

    def import_file(self, path: Path, default_group: str | None = None) -> int:
        """Add the entries of a .txt or .csv file; groups named in the file are created as needed."""
        rows = read_file(path)
        added = 0
        for word, group_name, note in rows:
            target = self.group(group_name or default_group or "") if (group_name or default_group) else None
            if target is None:
                target = self.add_group(group_name or default_group or Path(path).stem)
            if word not in target.words:
                target.words.append(word)
                added += 1
            if note:
                target.notes[word] = note
        self.changed()
        return added

    def export(self, path: Path, keys: list[str] | None = None) -> None:
        groups = [g for g in self.groups if keys is None or g.key in keys]
        if Path(path).suffix.lower() == ".csv":
            out = io.StringIO()
            w = csv.writer(out)
            w.writerow(["word", "group", "note"])
            for g in groups:
                for word in g.words:
                    w.writerow([word, g.name, g.notes.get(word, "")])
            text = out.getvalue()
        else:
            parts = []
            for g in groups:
                parts.append(f"[{g.name}]")
                parts.extend(g.words)
                parts.append("")
            text = "\n".join(parts)
        tmp = Path(path).with_name(Path(path).name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)

    # compiling ------------------------------------------------------------------------------
    def compile(self, markers: dict[str, str] | None = None) -> CompiledLists:
        return CompiledLists(self, markers)


def load_word_lists(path: Path) -> WordLists:
    """The moderators' word lists (groups, actions, words) saved at `path`, or the shipped
    defaults; an unreadable file is kept beside it and the defaults are used."""
    if path.exists():
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            groups = [WordGroup(g["key"], g["name"], Action[g["action"]], int(g.get("mute_minutes", 10)),
                                list(g.get("words", [])), dict(g.get("notes", {})), bool(g.get("enabled", True)),
                                int(g.get("min_length", 1))) for g in raw["groups"]]
            return WordLists(groups)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("word lists unreadable (%s); using the shipped ones", exc)
            path.replace(path.with_name(f"{path.name}.unreadable-{int(time.time())}"))
    return WordLists.defaults()


def save_word_lists(lists: WordLists, path: Path) -> None:
    data = {"version": 1, "groups": [{**dataclasses.asdict(g), "action": g.action.name} for g in lists.groups]}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


class ListHit(NamedTuple):
    group: WordGroup
    word: str           # the entry as listed
    note: str = ""
    rule: str = ""      # "list:<group key>"
    name: Text | None = None


QUESTION, INTENT = "question", "intent"   # markers for the classification words sharing the automaton
WHOLE_WORD = "whole"                      # a "=word" entry may be there: check word boundaries


class CompiledLists:
    """One Aho–Corasick automaton over the skeletons of every plain entry (plus the question and
    purchase-intent words, so one pass does both), and per-group regexes for whole-word and regex
    entries. Immutable once built."""

    def __init__(self, lists: WordLists, markers: dict[str, str] | None = None) -> None:
        self.version = lists.version
        self.automaton = ahocorasick.Automaton()
        self.whole: re.Pattern | None = None          # every "=word" entry, in one regex
        self.whole_groups: dict[str, WordGroup] = {}
        self.patterns: list[tuple[re.Pattern, WordGroup, str]] = []
        self.names: dict[str, Text] = {}
        table: dict[str, list] = {}
        for key, marker in (markers or {}).items():
            table.setdefault(key, []).append(marker)
        for group in lists.groups:
            if not group.enabled:
                continue
            rule = f"list:{group.key}"
            name = QT_TRANSLATE_NOOP("Moderation", "word list “{group}”").fill(group=group.name)
            self.names[group.key] = name
            words: list[str] = []
            for entry in group.words:
                if entry.startswith("re:"):
                    self.patterns.append((re.compile(entry[3:]), group, entry))
                elif entry.startswith("="):
                    words.append(fold(entry[1:]))
                else:
                    key = normalize(entry)
                    if key and len(key) >= group.min_length:
                        slot = table.setdefault(key, [])
                        # The same skeleton listed twice: the more severe listing counts.
                        same = [h for h in slot if isinstance(h, ListHit)]
                        if not same or same[0].group.action < group.action:
                            slot[:] = [h for h in slot if not isinstance(h, ListHit)]
                            slot.append(ListHit(group, entry, group.notes.get(entry, ""), rule, name))
            for w in words:
                self.whole_groups.setdefault(w, group)
                key = normalize(w)
                if key:
                    table.setdefault(key, [])
                    if WHOLE_WORD not in table[key]:
                        table[key].append(WHOLE_WORD)
        if self.whole_groups:
            alternatives = sorted((re.escape(w) for w in self.whole_groups), key=len, reverse=True)
            self.whole = re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")(?![a-z0-9])")
        for key, payload in table.items():
            self.automaton.add_word(key, tuple(payload))
        self.empty = not table
        if not self.empty:
            self.automaton.make_automaton()
        self.size = len(table)

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
        if whole and self.whole is not None:
            for m in self.whole.finditer(folded_text):
                group = self.whole_groups[m.group(0)]
                (hits := hits or []).append(ListHit(group, "=" + m.group(0), "", f"list:{group.key}",
                                                    self.names[group.key]))
        for pattern, group, entry in self.patterns:
            if pattern.search(folded_text):
                (hits := hits or []).append(ListHit(group, entry, "", f"list:{group.key}", self.names[group.key]))
        return question, intent, hits

    def find(self, skeleton_text: str, folded_text: str) -> list[ListHit]:
        return self.scan(skeleton_text, folded_text)[2] or []
