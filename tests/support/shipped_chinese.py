"""The shipped zh_CN translations as the ui's translator would apply them, for tests that read
back what the console wrote in Chinese (exported run sheets)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from anchor_console.domain.text import Text


def shipped_chinese(text: Text) -> str:
    """The ui's translator, standing in: every context of the shipped zh_CN translations."""
    args = {k: shipped_chinese(v) if isinstance(v, Text) else v for k, v in text.args.items()}
    return ZH.get((text.context, text.template), text.template).format(**args)


def _zh() -> dict[tuple[str, str], str]:
    ts = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "anchor_console_zh_CN.ts"
    return {(context.findtext("name"), m.findtext("source")): m.findtext("translation")
            for context in ET.parse(ts).getroot().iter("context") for m in context.iter("message")
            if m.findtext("translation")}


ZH = _zh()
