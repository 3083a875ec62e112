"""What the control API answers: one shape for every answer, a command's outcome and every
refusal alike (Qt-free). `reason` is a translatable `Text`; `to_json` gives it in the console's
language and as its source words and arguments (`reason_text`)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, joined
from anchor_console.room.journal import CONFIRMED, FAILED, SKIPPED
from anchor_console.room.live_room import ActionOutcome

DONE, REFUSED, INVALID = "done", "refused", "invalid"
AWAITING = "awaiting_confirm"             # a money command's first press: nothing sent, a second press sends it
DECLINED = QT_TRANSLATE_NOOP("ControlApi", "The confirmation was declined.")


@dataclass(frozen=True)
class Answer:
    """What came of one API command."""

    command: str | None   # None: a request refused before it named a command (a browser's, a bad Host)
    status: str       # confirmed, failed, unknown, skipped (journalled actions); done; awaiting_confirm; refused;
    # invalid
    reason: Text | None = None
    action_id: str | None = None
    result: dict = field(default_factory=dict)
    at: float = 0.0
    coalesced: bool = False
    http: int | None = None   # the HTTP status, where the status alone does not say it (403, 404, 413, 415…)

    @property
    def ok(self) -> bool:
        return self.status in (CONFIRMED, DONE)

    @property
    def http_status(self) -> int:
        if self.http is not None:
            return self.http
        if self.status == INVALID:
            return 422
        if self.status == AWAITING:
            return 428
        if self.status == REFUSED:
            return 409
        if self.status == SKIPPED:   # no platform of the room can do it
            return 409
        return 502 if self.status == FAILED else 200

    def to_json(self, translate: Callable[[Text], str] = Text.english) -> dict:
        """The answer as the API sends it: `reason` in the console's language (`translate`), and as
        its source words and arguments for a script (`reason_text`)."""
        reason = self.reason
        return {"command": self.command, "status": self.status, "ok": self.ok,
                "reason": translate(reason) if reason is not None else None,
                "reason_text": None if reason is None else {"context": reason.context, "source": reason.template,
                                                             "args": {k: str(v) for k, v in reason.args.items()}},
                "action_id": self.action_id, "result": self.result, "at": self.at, "coalesced": self.coalesced}


def refused(name: str, why: Text) -> Answer:
    return Answer(name, REFUSED, why, at=time.time())


def from_outcome(name: str, outcome: ActionOutcome | None) -> Answer:
    if outcome is None:
        return refused(name, DECLINED)
    reasons = [why for _, why in outcome.reasons()]
    reason = None if not reasons else (reasons[0] if len(reasons) == 1 else joined(reasons, "; "))
    return Answer(name, outcome.status, None if outcome.status == CONFIRMED else reason, outcome.entry.id,
                  {"results": outcome.results()}, at=time.time())
