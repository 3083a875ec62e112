"""Word lists cannot freeze or crash the console: patterns run in linear time (RE2) and what RE2
cannot do is refused with a reason, over-long entries are refused (they crashed pyahocorasick),
entries that would act on much of the room are accepted with a warning, large lists import
quickly into one group, and files in Big5, Shift-JIS or Latin-1 import as what they say."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.models import Comment
from anchor_console.moderation.pipeline import ModerationPipeline
from anchor_console.domain.word_list_file import WordListError
from anchor_console.moderation.wordlists import Action, WordLists

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, tmp_path: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run code in a child: a hang or a crash there fails the test instead of killing the run."""
    script = tmp_path / "child.py"
    script.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n" + textwrap.dedent(code), encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True,
                          timeout=timeout)


def comment(text: str, n: int = 1) -> Comment:
    return Comment(str(n), "1", f"u{n}", "观众", text, 0.0, connection_id="c1")


def test_catastrophic_patterns_classify_in_bounded_time(tmp_path):
    """(a+)+$ and friends took 5 s for one 26-character comment on Python's re (exponential in the
    length): on RE2 the child classifies 10,000 hostile 40-character comments at once."""
    result = run_python("""
        from anchor_console.domain.clock import ManualClock
        from anchor_console.domain.models import Comment
        from anchor_console.moderation.pipeline import ModerationPipeline
        from anchor_console.moderation.wordlists import Action, WordLists

        lists = WordLists.defaults()
        group = lists.add_group("正则", Action.HIDE_LOCAL)
        lists.set_words(group.key, ["re:(a+)+$", "re:(a|aa)+$", "re:(微+)+号$"])
        pipeline = ModerationPipeline(lists, ManualClock(), cache_texts=False)
        hostile = ["a" * 40 + "!", "微" * 40 + "!", "a" * 39 + "b" + "a"]
        comments = [Comment(str(i), "1", f"u{i}", "n", hostile[i % 3] + str(i), 0.0) for i in range(10_000)]
        verdicts = pipeline.classify_many(comments)
        print(sum(v.action == Action.HIDE_LOCAL for v in verdicts))
        print(pipeline.classify(Comment("x", "1", "u", "n", "aaaa", 0.0)).rule)
    """, tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    caught, rule = result.stdout.split()
    assert caught == "0" and rule.startswith("list:")  # none of the hostile texts match; "aaaa" does


@pytest.mark.parametrize("pattern,what", [
    (r"(?<=加)微", "look-around"), (r"微(?!信)", "look-around"), (r"(\w)\1\1", "back-reference"),
    (r"a++", "look-around"),   # possessive: Python takes it, RE2 does not
])
def test_patterns_re2_cannot_take_are_refused_with_a_reason(pattern, what, tmp_path):
    lists = WordLists.defaults()
    group = lists.add_group("正则", Action.HOLD)
    with pytest.raises(WordListError) as typed:
        lists.set_words(group.key, ["好词", "re:" + pattern])
    message = typed.value.message.english()
    assert "line 2" in message and what in message and "slow" in message
    assert group.words == []
    path = tmp_path / "patterns.txt"
    path.write_text(f"[正则]\n好词\nre:{pattern}\n", encoding="utf-8")
    before = [list(g.words) for g in lists.groups]
    with pytest.raises(WordListError) as imported:
        lists.import_file(path)
    assert "patterns.txt, line 3" in imported.value.message.english()
    assert [list(g.words) for g in lists.groups] == before


def test_python_spellings_keep_their_meaning():
    """\\w covers Chinese in Python's re; RE2's is ASCII, so the entry is translated."""
    lists = WordLists()
    group = lists.add_group("正则", Action.HOLD)
    lists.set_words(group.key, [r"re:加\w微", r"re:第\d+名\Z", r"re:[\w]{2}号"])
    pipeline = ModerationPipeline(lists, ManualClock())
    assert pipeline.classify(comment("快加个微")).rule == f"list:{group.key}"
    assert pipeline.classify(comment("我是第3名")).rule == f"list:{group.key}"
    assert pipeline.classify(comment("暗号号")).rule == f"list:{group.key}"
    assert pipeline.classify(comment("加 微")).action == Action.SHOW


def test_a_saved_pattern_that_is_no_longer_accepted_is_left_out_not_a_crash(tmp_path):
    from anchor_console.moderation.wordlists import load_word_lists, save_word_lists

    lists = WordLists.defaults()
    group = lists.add_group("旧规则", Action.HOLD)
    group.words = [r"re:(?<=加)微", "暗号", "re:[[:alpha:]]\\1"]   # as an earlier version could save them
    path = tmp_path / "lists.json"
    save_word_lists(lists, path)
    # …and a hand-edited file can hold a lone surrogate, which is not text at all.
    path.write_text(path.read_text(encoding="utf-8").replace('"暗号"', '"暗号", "re:\\ud800", "\\udfff"'),
                    encoding="utf-8")
    again, _ = load_word_lists(path)
    assert again.group("旧规则").words == [r"re:(?<=加)微", "暗号", "re:[[:alpha:]]\\1"]
    pipeline = ModerationPipeline(again, ManualClock())
    assert pipeline.classify(comment("加微")).rule != "list:旧规则"
    assert pipeline.classify(comment("暗号")).rule == "list:旧规则"
    save_word_lists(again, path)   # and it can be saved again


def test_entries_that_act_on_much_of_the_room_are_accepted_with_a_warning():
    lists = WordLists.defaults()
    group = lists.add_group("宽泛", Action.HOLD)
    warnings = lists.set_words(group.key, ["re:.*", "1", "的", "主播", "🙂", "暗号一"])
    said = [w.english() for w in warnings]
    assert len(said) == 5, said
    assert any("re:.*" in w and "every comment" in w for w in said)
    assert any("“1” is a single character" in w for w in said)
    assert any("“的” is a single character" in w for w in said)
    assert any("“主播”" in w and "ordinary comments" in w for w in said)
    assert any("“🙂”" in w and "never matches" in w for w in said)
    assert group.words == ["re:.*", "1", "的", "主播", "🙂", "暗号一"]   # still allowed
    # The shipped lists earn no warning (the ad-law list's 最 is not used on comments).
    assert all(lists.set_words(g.key, list(g.words)) == [] for g in WordLists.defaults().groups
               if lists.group(g.key) is not None)


def test_importing_warns_too(tmp_path):
    path = tmp_path / "broad.txt"
    path.write_text("暗号一\n1\n", encoding="utf-8")
    report = WordLists().import_file(path, default_group="导入")
    assert report.added == 2 and [w.english() for w in report.warnings] == [
        "“1” is a single character: it matches every comment that contains it"]


def test_an_over_long_entry_is_refused_and_cannot_crash_the_process(tmp_path):
    """A 700,000-character entry, then editing the lists, killed the process (SIGSEGV): freeing
    the old automaton recursed once per character of its longest key. Typed or imported, such an
    entry is now refused; one already saved is dropped on loading."""
    result = run_python("""
        import json
        from pathlib import Path
        from anchor_console.domain.clock import ManualClock
        from anchor_console.domain.models import Comment
        from anchor_console.moderation.pipeline import ModerationPipeline
        from anchor_console.moderation.wordlists import (Action, WordListError, WordLists, load_word_lists,
                                                         save_word_lists)

        huge = "词" * 700_000
        lists = WordLists.defaults()
        pipeline = ModerationPipeline(lists, ManualClock())
        group = lists.add_group("big", Action.HOLD)
        try:
            lists.set_words(group.key, ["普通", huge])
            print("accepted")
        except WordListError as exc:
            print("refused:", exc.message.english()[:80])
        pipeline.classify(Comment("1", "1", "u", "n", "词词词", 0.0))
        lists.set_words(group.key, ["普通"])            # editing again: the old automaton is freed
        pipeline.classify(Comment("2", "1", "u", "n", "普通", 0.0))
        Path("big.txt").write_text("[big]\\n" + huge + "\\n", encoding="utf-8")
        try:
            lists.import_file(Path("big.txt"))
            print("imported")
        except WordListError as exc:
            print("refused:", exc.message.english()[:80])
        group.words.append(huge)                       # as a file saved before the limit has it
        save_word_lists(lists, Path("lists.json"))
        again = ModerationPipeline(load_word_lists(Path("lists.json"))[0], ManualClock())
        again.classify(Comment("3", "1", "u", "n", "词词词", 0.0))
        again.lists.set_words("big", ["别的"])
        again.classify(Comment("4", "1", "u", "n", "别的", 0.0))
        print("done")
    """, tmp_path)
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    lines = result.stdout.splitlines()
    assert lines[0] == "refused: big, line 2: the entry is 700000 characters long; entries are at most 200"
    assert lines[1].startswith("refused: big.txt, line 2: the entry is 700000 characters long")
    assert lines[-1] == "done"


def test_a_headerless_file_imported_with_no_group_makes_one_group(tmp_path):
    """It made one group per word (1,000 words: 4.6 s; 5,000: over two minutes)."""
    path = tmp_path / "我的词表.txt"
    path.write_text("\n".join(f"违禁词{i}" for i in range(5000)) + "\n违禁词1\n", encoding="utf-8")
    lists = WordLists.defaults()
    before = len(lists.groups)
    report = lists.import_file(path)
    assert len(lists.groups) == before + 1 and report.groups == ["我的词表"]
    assert report.added == 5000 and len(lists.group("我的词表").words) == 5000


def test_a_large_list_imports_into_the_chosen_group_without_duplicates(tmp_path):
    path = tmp_path / "big.csv"
    rows = [f"词条{i:06d}号,,," for i in range(100_000)]
    path.write_text("word,group,note\n" + "\n".join(rows + rows[:10]) + "\n", encoding="utf-8")
    lists = WordLists.defaults()
    target = lists.add_group("大词表", Action.HOLD)
    target.words = ["词条000001号"]
    report = lists.import_file(path, default_group="大词表")
    assert report.added == 99_999 and report.groups == ["大词表"]
    assert len(target.words) == 100_000 == len(set(target.words))
    pipeline = ModerationPipeline(lists, ManualClock())
    assert pipeline.classify(comment("这个词条054321号不行")).rule == f"list:{target.key}"


@pytest.mark.parametrize("text,encoding", [
    ("[引流]\n加微信\n私聊\n[辱罵]\n傻逼\n滾\n垃圾主播\n", "big5"),
    ("違禁詞\n聯繫電話\n", "big5"),
    ("[スパム]\nラインID\n連絡先\n無料\n", "shift_jis"),
    ("café\nnaïve\nrésumé\nGarçon\n", "latin-1"),
    ("违禁词\n加微信\n", "gbk"),
    ("违禁词\n加微信\n", "utf-16"),
])
def test_files_in_other_encodings_import_as_written(tmp_path, text, encoding):
    path = tmp_path / "list.txt"
    path.write_bytes(text.encode(encoding))
    lists = WordLists()
    lists.import_file(path, default_group="导入")
    words = [w for g in lists.groups for w in g.words]
    assert words == [ln for ln in text.splitlines() if ln and not ln.startswith("[")]


@pytest.mark.parametrize("data", [
    b"\x81\x30\xff\xfe\x00\x9f\x80garbage\n",
    # Rare characters in GBK, whose bytes also read as Shift-JIS punctuation (、。《》): neither reading
    # is convincing, so it is refused rather than imported as punctuation.
    "丂丄丅丆丏丒丗丟\n乹乺乻乼\n".encode("gbk"),
])
def test_a_file_whose_encoding_cannot_be_told_is_refused(tmp_path, data):
    path = tmp_path / "mystery.txt"
    path.write_bytes(data)
    lists = WordLists.defaults()
    before = [list(g.words) for g in lists.groups]
    with pytest.raises(WordListError) as info:
        lists.import_file(path)
    assert "Cannot tell the encoding of" in info.value.message.english() and "UTF-8" in info.value.message.english()
    assert [list(g.words) for g in lists.groups] == before


def test_saved_lists_keep_the_escalate_choice(tmp_path):
    from anchor_console.moderation.wordlists import load_word_lists, save_word_lists

    lists = WordLists.defaults()
    assert [g.key for g in lists.groups if g.escalate] == ["diversion", "abuse"]
    lists.group("competitors").escalate = True
    path = tmp_path / "lists.json"
    save_word_lists(lists, path)
    assert [g.key for g in load_word_lists(path)[0].groups if g.escalate] == ["diversion", "abuse", "competitors"]
    # A file saved before groups had the choice: the shipped groups escalate as shipped.
    raw = json.loads(path.read_text(encoding="utf-8"))
    for g in raw["groups"]:
        del g["escalate"]
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert [g.key for g in load_word_lists(path)[0].groups if g.escalate] == ["diversion", "abuse"]
