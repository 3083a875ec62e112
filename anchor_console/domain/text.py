"""Translatable text produced outside the ui layer.

Engines and adapters have no Qt, so they cannot call tr(). They write
``QT_TRANSLATE_NOOP("Context", "Template {name}").fill(name=...)``: pyside6-lupdate extracts the
literal, and the ui layer translates the template and fills in the arguments at display time
(`anchor_console.ui.common.i18n.tr_text`)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Text:
    context: str
    template: str
    args: dict[str, Any] = field(default_factory=dict)

    def fill(self, **args: Any) -> "Text":
        return replace(self, args={**self.args, **args})

    def english(self) -> str:
        """The untranslated text (logs, tests, the Studio server)."""
        args = {k: (v.english() if isinstance(v, Text) else v) for k, v in self.args.items()}
        try:
            return self.template.format(**args)
        except (KeyError, IndexError, ValueError):
            return self.template

    def __str__(self) -> str:
        return self.english()


def text_to_dict(text: Text | str) -> dict:
    """A Text as JSON data (kept in a show record, sent to the crew's other seats), nested Texts too,
    so that it is translated where it is shown; a plain string as a Text with no context."""
    if not isinstance(text, Text):
        return {"context": "", "template": str(text), "args": {}}
    return {"context": text.context, "template": text.template,
            "args": {k: _arg_to_json(v) for k, v in text.args.items()}}


def _arg_to_json(value: Any) -> Any:
    if isinstance(value, Text):
        return text_to_dict(value)
    return value if value is None or isinstance(value, (str, int, float)) else str(value)


def text_from_dict(raw: object) -> Text | None:
    """Back from `text_to_dict`, nested Texts too; a plain string (older records, whose nested
    texts are English strings) is shown as it is; nothing is None."""
    if isinstance(raw, dict) and isinstance(raw.get("template"), str):
        args = {k: text_from_dict(v) if isinstance(v, dict) else v for k, v in dict(raw.get("args") or {}).items()}
        return Text(str(raw.get("context", "")), raw["template"], args)
    return Text("", str(raw)) if raw else None


def QT_TRANSLATE_NOOP(context: str, source: str) -> Text:  # noqa: N802 - the name lupdate looks for
    return Text(context, source)


def joined(parts, sep: str = "\n") -> Text:
    """Several texts (or plain strings) as one, each translated on its own at display time."""
    parts = list(parts)
    template = sep.replace("{", "{{").replace("}", "}}").join("{p%d}" % i for i in range(len(parts)))
    return Text("", template, {f"p{i}": p for i, p in enumerate(parts)})


class LabelledEnum(enum.Enum):
    """An enum whose members carry their words for the user:
    `HELD = "held", QT_TRANSLATE_NOOP("CommentState", "held")` — value, then `label`."""

    label: Text

    def __new__(cls, value, label: Text):
        member = object.__new__(cls)
        member._value_ = value
        member.label = label
        return member


class LabelledIntEnum(enum.IntEnum):
    """The same for an enum that is ordered (a severity, say)."""

    label: Text

    def __new__(cls, value: int, label: Text):
        member = int.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class TextError(Exception):
    """An error whose `message` says what went wrong in words for the user, translated at display
    time; str() of it is the English (logs, tests)."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.english())


def os_error_words(exc: BaseException) -> str:
    """What the system said of a failed file or socket operation ("No space left on device", in the
    system's language), else the error's name — never a library's English sentence."""
    return getattr(exc, "strerror", None) or type(exc).__name__
