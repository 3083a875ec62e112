"""What staff say, checked against the advertising law: the shipped list plus the crew's own words
(`Paths.show_words_file`), loaded once per console and shared by the show editor, the presenter
view and every post the console makes as staff (a crew is fined for what *it* says, so viewers'
comments are not checked here)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from anchor_console.domain.events import Event
from anchor_console.domain.text import Text
from anchor_console.domain.word_list_file import WordListError
from anchor_console.show import WordList
from anchor_console.show.compliance import listed_word_message

log = logging.getLogger("anchor_console.staff_words")


@dataclass(frozen=True, slots=True)
class ListedInText:
    """One listed word found in a text: text[start:end] as written, and why it is listed."""
    start: int
    end: int
    written: str
    group: str
    rule: str

    @property
    def message(self) -> Text:
        return listed_word_message(self.written, self.group, self.rule)


class StaffWords:
    def __init__(self, extra: Path) -> None:
        self.extra = extra
        self.word_list: WordList | None = None
        self.problem: Text | None = None   # why the lists could not be read (fully), to tell the user
        self.changed = Event("staff_words.changed")
        self.reload()

    def reload(self) -> None:
        """Read the lists again (after the crew edited their own words)."""
        self.problem = None
        try:
            self.word_list = WordList.load(self.extra if self.extra.exists() else None)
        except WordListError as exc:
            self.problem = exc.message
            try:  # the crew's file is unreadable: the shipped list still protects them
                self.word_list = WordList.load(None)
            except WordListError as exc2:
                log.error("the shipped advertising-law list cannot be read: %s", exc2)
                self.word_list, self.problem = None, exc2.message
        self.changed.emit()

    def find(self, text: str) -> list[ListedInText]:
        if self.word_list is None:
            return []
        return [ListedInText(s, e, text[s:e], w.group, w.note) for s, e, w in self.word_list.find(text)]
