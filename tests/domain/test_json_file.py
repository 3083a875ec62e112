"""The console's own JSON files read one way: every kind of damage is one error whose reason is in
words for the user (translated at display time), never the parser's English sentence."""

from __future__ import annotations

import pytest

from anchor_console.domain.json_file import UnreadableJson, read_json_file, read_json_object
from anchor_console.domain.text import Text


def reason(path) -> Text:
    with pytest.raises(UnreadableJson) as caught:
        read_json_object(path)
    return caught.value.message


def test_a_file_that_is_not_json_is_named_by_line_and_column(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{\n  "feed_rows": 100,\n  oops\n}', encoding="utf-8")
    said = reason(path)
    assert said.template == "not valid JSON at line {line}, column {column}"
    assert said.args == {"line": 3, "column": 3}
    assert "Expecting" not in said.english()


@pytest.mark.parametrize(("content", "words"), [
    ("[" * 100_000, "nested too deeply"),
    (b"\xff\xfe{}", "not UTF-8 text"),
    ("[1, 2]", "not in the form the console writes"),
    ("1" * 5000, "not valid JSON"),   # a number longer than Python converts: ValueError, not a crash
])
def test_each_kind_of_damage_is_one_error_in_words(tmp_path, content, words):
    path = tmp_path / "f.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    assert reason(path).english() == words


def test_a_file_that_cannot_be_read_says_what_the_system_said(tmp_path):
    with pytest.raises(UnreadableJson) as caught:
        read_json_file(tmp_path)   # a folder
    assert caught.value.message.english() in ("Is a directory", "Permission denied")
    assert isinstance(caught.value.__cause__, OSError)


def test_a_good_file_is_its_data(tmp_path):
    path = tmp_path / "f.json"
    path.write_text('{"名": [1, 2]}', encoding="utf-8")
    assert read_json_object(path) == {"名": [1, 2]}
