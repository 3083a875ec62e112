"""The pre-send check (Group.CallbackBeforeSendMsg): the team's word lists run on Studio, so a
banned phrase never reaches viewers.

The lists are the ones the console already shares with Studio (PUT /api/v1/word-lists, the
anchor's "share with the team": `lists_to_dict` of anchor_console/moderation/wordlists.py,
{"version": 1, "groups": [{"key", "name", "action", "words", …}]}), plus the config file's
`blocked_words`. A group whose action deletes, mutes or bans (DELETE, MUTE, BAN: 引流 and 辱骂 by
default) refuses the message; the others (hold, highlight, …) are the console's business after
the message is out. Entries are matched as the console matches them: on the skeleton of
anchor_console.domain.normalize, with one Aho–Corasick automaton (pyahocorasick). What differs
from the console: "=word" (whole Latin word) is matched as plain text, and "re:" entries are not
run here (the console's RE2 engine is not a Studio dependency) — both noted in `skipped`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import ahocorasick

from anchor_console.domain.normalize import normalize

REFUSING_ACTIONS = frozenset({"DELETE", "MUTE", "BAN"})


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    group: str = ""     # the refusing group's name ("引流"), or "blocked_words"
    entry: str = ""


class PreSendFilter:
    """Refuses a text if any refusing entry occurs in its skeleton. `lists` answers the team's
    lists as Crew.word_lists() does; the automaton is rebuilt when their version changes."""

    def __init__(self, lists: Callable[[], dict], extra: Iterable[str] = ()) -> None:
        self._lists = lists
        self._extra = tuple(extra)
        self._version: object = object()
        self._automaton: ahocorasick.Automaton | None = None
        self.skipped: list[str] = []

    def _entries(self, shared: dict) -> list[tuple[str, str]]:
        entries = [("blocked_words", w) for w in self._extra]
        for group in ((shared or {}).get("groups") or []):
            if isinstance(group, dict) and str(group.get("action", "")).upper() in REFUSING_ACTIONS:
                entries += [(str(group.get("name") or group.get("key") or "?"), str(w))
                            for w in group.get("words") or []]
        return entries

    def _compile(self) -> ahocorasick.Automaton | None:
        current = self._lists()
        version = current.get("version")
        if version == self._version:
            return self._automaton
        automaton, skipped = ahocorasick.Automaton(), []
        for group, entry in self._entries(current.get("lists") or {}):
            if entry.startswith("re:"):
                skipped.append(entry)
                continue
            key = normalize(entry[1:] if entry.startswith("=") else entry)
            if key:
                automaton.add_word(key, (group, entry))
        self._automaton = automaton if len(automaton) else None
        if self._automaton is not None:
            self._automaton.make_automaton()
        self._version, self.skipped = version, skipped
        return self._automaton

    def check(self, text: str) -> Verdict:
        automaton = self._compile()
        if automaton is None or not text:
            return Verdict(True)
        for _end, (group, entry) in automaton.iter(normalize(text)):
            return Verdict(False, group, entry)
        return Verdict(True)
