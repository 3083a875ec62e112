"""The settings file as people leave it: a value of the wrong type (hand-edited, or written by
another tool) takes its default and is named in the start-up warning; the rest loads, and the
user's file is kept."""

from __future__ import annotations

import json

from anchor_console.session.settings import Settings, load_settings


def test_a_value_of_the_wrong_type_takes_its_default_and_is_named(tmp_path):
    path = tmp_path / "settings.json"
    written = {"feed_rows": "5000", "confirm_money_actions": 1, "bundled_studio_audience": 1e999,
               "operator_name": "小明", "control_api_port": 9000, "connections": [
                   {"id": "a", "name": 3}, {"id": "b", "name": "B", "enabled": "yes", "room_id": "7"}]}
    path.write_text(json.dumps(written).replace("Infinity", "1e999"), encoding="utf-8")
    settings, warning = load_settings(path)
    defaults = Settings()
    assert (settings.feed_rows, settings.confirm_money_actions) == (defaults.feed_rows, True)
    assert settings.bundled_studio_audience == defaults.bundled_studio_audience
    assert (settings.operator_name, settings.control_api_port) == ("小明", 9000)      # the good ones load
    assert [(c.id, c.enabled, c.room_id) for c in settings.connections] == [("b", True, "7")]
    words = warning.english()
    for name in ("feed_rows", "confirm_money_actions", "bundled_studio_audience", "connections[0]",
                 "connections[1].enabled"):
        assert name in words
    (kept,) = tmp_path.glob("settings.json.unreadable-*")
    assert str(kept) in words and kept.read_bytes() == path.read_bytes()   # the file itself stays
    assert load_settings(path)[1] is not None and len(list(tmp_path.glob("settings.json.unreadable-*"))) == 1


def test_connections_that_are_not_a_list_are_named(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"connections": 5, "feed_rows": 100}), encoding="utf-8")
    settings, warning = load_settings(path)
    assert settings.connections == [] and settings.feed_rows == 100 and "connections" in warning.english()


def test_whole_numbers_for_a_float_and_a_good_file_load_without_a_warning(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"bundled_studio_audience": 40, "feed_rows": 100}), encoding="utf-8")
    settings, warning = load_settings(path)
    assert warning is None and settings.bundled_studio_audience == 40.0 and settings.feed_rows == 100
    assert list(tmp_path.glob("settings.json*")) == [path]


def test_a_deeply_nested_file_is_unreadable_not_a_crash(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    settings, warning = load_settings(path)
    assert settings.feed_rows == Settings().feed_rows and "could not be read" in warning.english()


def test_a_number_out_of_range_takes_its_default_and_is_named(tmp_path):
    """-1 feed rows made the comment feed (a deque of maxlen -1), and so the window, fail to build at
    start; an audience or a port beyond what Settings offers is refused the same way."""
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"feed_rows": -1, "bundled_studio_audience": -5, "control_api_port": 70000,
                                "operator_name": "小明"}), encoding="utf-8")
    settings, warning = load_settings(path)
    defaults = Settings()
    assert (settings.feed_rows, settings.bundled_studio_audience, settings.control_api_port) == (
        defaults.feed_rows, defaults.bundled_studio_audience, defaults.control_api_port)
    assert settings.operator_name == "小明"
    for name in ("feed_rows", "bundled_studio_audience", "control_api_port"):
        assert name in warning.english()


def test_a_broken_file_is_named_by_line_and_column_in_words_that_translate(tmp_path):
    """zh_CN showed 无法读取设置文件（Expecting value: line 2 column 1 (char 15)）: the parser's English
    inside a Chinese notice. The reason is a translatable text now; the parser's words go to the log."""
    path = tmp_path / "settings.json"
    path.write_text('{"feed_rows": 100,\n}', encoding="utf-8")
    _settings, warning = load_settings(path)
    reason = warning.args["error"]
    assert reason.template == "not valid JSON at line {line}, column {column}" and reason.args["line"] == 2
    assert "Expecting" not in warning.english()
