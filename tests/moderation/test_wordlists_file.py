"""The moderators' saved word lists as people leave them: a hand-edited value that is not a usable
number, a group that is not one, a file that is not JSON. What can be read loads, what cannot is
named in a warning for the user, and the file is kept — never silently replaced by the shipped
lists."""

from __future__ import annotations

import json

import pytest

from anchor_console.moderation.wordlists import (
    Action, WordLists, lists_from_dict, load_word_lists, lists_to_dict, save_word_lists,
)


def own_lists() -> WordLists:
    lists = WordLists()
    lists.add_group("VIP", Action.HOLD).words = ["my", "own", "words"]
    lists.add_group("竞品", Action.DELETE).words = ["某宝"]
    return lists


@pytest.mark.parametrize("minutes", ["1e999", "-5", "2.5", "NaN", "true", "\"10\"", "100000000"])
def test_a_bad_mute_minutes_takes_its_default_and_is_named(tmp_path, minutes):
    path = tmp_path / "wordlists.json"
    save_word_lists(own_lists(), path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"mute_minutes": 10', f'"mute_minutes": {minutes}', 1), encoding="utf-8")
    lists, warning = load_word_lists(path)
    assert [(g.name, g.words, g.mute_minutes) for g in lists.groups] == [
        ("VIP", ["my", "own", "words"], 10), ("竞品", ["某宝"], 10)]
    assert "VIP: mute_minutes" in warning.english()
    (kept,) = tmp_path.glob("wordlists.json.unreadable-*")
    assert str(kept) in warning.english() and kept.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_a_group_that_cannot_be_read_is_left_out_and_named_the_rest_loads(tmp_path):
    path = tmp_path / "wordlists.json"
    raw = lists_to_dict(own_lists())
    raw["groups"].insert(0, {"key": "x", "name": "X", "action": "SHOUT", "words": ["a"]})
    raw["groups"][1]["action"] = "Hold"            # hand-typed: the case does not matter
    raw["groups"][2]["min_length"] = 0
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    lists, warning = load_word_lists(path)
    assert [(g.name, g.action, g.min_length) for g in lists.groups] == [("VIP", Action.HOLD, 1),
                                                                        ("竞品", Action.DELETE, 1)]
    assert "group 1" in warning.english() and "竞品: min_length" in warning.english()
    with pytest.raises(ValueError):               # the team's lists from Studio: all of it, or the local ones stay
        lists_from_dict(raw)


@pytest.mark.parametrize("content", ["{not json", '{"groups": 5}', "[" * 100_000,
                                     '{"groups": [{"key": "v", "name": "V", "action": "NOPE"}]}'])
def test_an_unreadable_file_is_kept_and_the_shipped_lists_are_used_with_a_warning(tmp_path, content):
    path = tmp_path / "wordlists.json"
    path.write_text(content, encoding="utf-8")
    lists, warning = load_word_lists(path)
    assert [g.key for g in lists.groups] == [g.key for g in WordLists.defaults().groups]
    (kept,) = tmp_path.glob("wordlists.json.unreadable-*")
    assert kept.read_text(encoding="utf-8") == content and not path.exists()
    assert "could not be read" in warning.english() and str(kept) in warning.english()
    assert "shipped lists are in use" in warning.english()


def test_good_lists_load_without_a_warning(tmp_path):
    path = tmp_path / "wordlists.json"
    save_word_lists(own_lists(), path)
    lists, warning = load_word_lists(path)
    assert warning is None and [g.name for g in lists.groups] == ["VIP", "竞品"]
    assert load_word_lists(tmp_path / "none.json")[1] is None
    assert list(tmp_path.glob("*.unreadable-*")) == []


def test_the_reason_a_list_file_is_unreadable_is_in_words_that_translate(tmp_path):
    """No parser's English ("Expecting value…", "no list of groups") inside a translated notice."""
    path = tmp_path / "wordlists.json"
    path.write_text('{"groups": [\n\n}', encoding="utf-8")
    _lists, warning = load_word_lists(path)
    assert warning.args["error"].args == {"line": 3, "column": 1}
    path.write_text('{"groups": 5}', encoding="utf-8")
    _lists, warning = load_word_lists(path)
    assert warning.args["error"].english() == "no group of words in it could be read"
