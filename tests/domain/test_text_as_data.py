"""domain.text's Text as JSON data and back: nested texts stay texts (each is translated where it
is shown), a plain string or an older record's English string comes back as it is."""

from __future__ import annotations

import json
from pathlib import Path

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, text_from_dict, text_to_dict


def test_a_text_with_nested_texts_comes_back_equal_through_json():
    when = QT_TRANSLATE_NOOP("Show", "at segment start")
    cue = QT_TRANSLATE_NOOP("Show", "{when}: {what} ×{n}").fill(when=when, what="福袋", n=3)
    back = text_from_dict(json.loads(json.dumps(text_to_dict(cue))))
    assert back == cue and back.args["when"] == when and back.args["n"] == 3


def test_plain_strings_older_records_and_odd_arguments():
    assert text_to_dict("just words") == {"context": "", "template": "just words", "args": {}}
    assert text_from_dict("just words") == Text("", "just words")
    assert text_from_dict(None) is None and text_from_dict("") is None
    older = {"context": "Show", "template": "{when}: go", "args": {"when": "at segment start"}}
    assert text_from_dict(older).english() == "at segment start: go"
    odd = text_to_dict(QT_TRANSLATE_NOOP("Show", "{file}").fill(file=Path("/tmp/a.show.toml")))
    assert json.loads(json.dumps(odd))["args"]["file"] == "/tmp/a.show.toml"
