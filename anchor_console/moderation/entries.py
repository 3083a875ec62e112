"""Word-list entries: which are accepted, how patterns are compiled, and which earn a warning.

An entry is plain text, "=word" or "re:pattern". Patterns run on RE2 (google-re2), whose matching
time is linear in the comment's length whatever the pattern (`(a+)+$` included): the pipeline runs
on the ui thread and must classify every comment in bounded time. What RE2 cannot do (look-arounds,
back-references) is refused with a reason when an entry is typed or imported, never at match time.
Python's `\\w`, `\\W` and `\\Z` are rewritten to their RE2 equivalents so existing patterns keep their
meaning (`\\w` covers Chinese in both); `\\d` and `\\b` are ASCII in RE2, which the folded text is.

Entries are at most MAX_ENTRY characters: pyahocorasick frees its trie recursively, one C stack
frame per character of the longest key, so a 700,000-character entry crashed the process when the
automaton was replaced or at exit. Entries that would act on much of an ordinary room (a single
character, `re:.*`, "主播") are accepted with a warning."""

from __future__ import annotations

import collections
import re
import warnings

import re2

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, TextError
from anchor_console.domain.normalize import fold, normalize, normalize_many

MAX_ENTRY = 200
MAX_WARNINGS = 12
BROAD_SHARE = 0.05  # an entry matching this share of ordinary comments (2 of 42) acts on much of the room

# Ordinary comments of a live-commerce room (questions, intent, praise, chatter, emoji): what a
# sensible entry leaves alone.
ORDINARY = (
    "XL有吗", "M码还有吗", "165cm100斤穿什么码", "偏大还是偏小", "多少钱", "有优惠券吗", "什么时候发货", "包邮吗",
    "几号链接", "怎么买", "什么材质", "会起球吗", "想要", "想要L码", "主播我想要", "已拍", "扣1", "1", "111",
    "冲冲冲", "拍了两件", "主播好美", "衣服好好看", "质量不错", "yyds", "爱了爱了", "来了来了", "晚上好", "哈哈哈哈",
    "关注了", "打卡", "👍👍👍", "❤️❤️", "[赞][赞]", "666", "主播看我", "在吗在吗", "主播辛苦了", "第一次来", "刚下班",
    "好物推荐", "回购了",
)

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False      # a refused pattern is reported to the user, not to stderr
_OPTIONS.never_capture = True    # groups only group: cheaper, and no clashing names when combined
# Python spellings → RE2's: \w and \W cover every script in Python, only ASCII in RE2.
_PY_TO_RE2 = {"w": r"[\p{L}\p{N}_]", "W": r"[^\p{L}\p{N}_]", "Z": r"\z"}
_PY_TO_RE2_IN_CLASS = {"w": r"\p{L}\p{N}_"}


class PatternRefused(TextError):
    """A word-list entry refused when it is typed or imported, and why."""


def to_re2(pattern: str) -> str:
    """Python's \\w, \\W and \\Z in RE2's spelling (inside a [class], \\w only)."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            table = _PY_TO_RE2_IN_CLASS if in_class else _PY_TO_RE2
            out.append(table.get(nxt, ch + nxt))
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
            out.append(ch)
            if pattern[i + 1:i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1:i + 2] == "]":  # a "]" first in a class is a literal
                out.append("]")
                i += 1
        elif ch == "]" and in_class:
            in_class = False
            out.append(ch)
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def compile_pattern(pattern: str):
    """The RE2 regexp for a "re:" entry's pattern; PatternRefused says why not."""
    try:
        return re2.compile(to_re2(pattern), _OPTIONS)
    except re2.error as exc:
        why = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
    except UnicodeEncodeError:  # a lone surrogate (from a hand-edited file): not text at all
        raise _invalid(pattern.encode("utf-8", "replace").decode("utf-8"), "not valid text") from None
    try:
        with warnings.catch_warnings():   # Python's own FutureWarnings ("possible nested set") are noise here
            warnings.simplefilter("ignore")
            re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        raise _invalid(pattern, str(exc)) from None
    raise PatternRefused(QT_TRANSLATE_NOOP(
        "Moderation", "the pattern “{pattern}” uses a look-around, a back-reference or another construct that can "
                      "make matching slow, which word lists do not support ({why})").fill(pattern=pattern, why=why))


def _invalid(pattern: str, why: str) -> PatternRefused:
    return PatternRefused(QT_TRANSLATE_NOOP(
        "Moderation", "the pattern “{pattern}” is not a valid regular expression ({why})").fill(
        pattern=pattern, why=why))


def refusal(entry: str) -> Text | None:
    """Why this entry cannot be used (too long, a pattern RE2 refuses), or None."""
    if len(entry) > MAX_ENTRY:
        return QT_TRANSLATE_NOOP("Moderation", "the entry is {n} characters long; entries are at most {max}").fill(
            n=len(entry), max=MAX_ENTRY)
    if entry.startswith("re:"):
        try:
            compile_pattern(entry[3:])
        except PatternRefused as exc:
            return exc.message
    return None


class PatternSet:
    """Every "re:" entry of the lists, matched in bounded time. One combined RE2 regexp answers
    "does any pattern match?" in a single pass (the usual answer is no); only then is each
    pattern asked. If the combination is too big for RE2, every pattern is asked."""

    def __init__(self, patterns: list[str]) -> None:
        self.regexps = [compile_pattern(p) for p in patterns]
        self.any = None
        if len(self.regexps) > 1:
            try:
                self.any = re2.compile("|".join(f"(?:{to_re2(p)})" for p in patterns), _OPTIONS)
            except re2.error:
                self.any = None

    def __len__(self) -> int:
        return len(self.regexps)

    def matching(self, text: str) -> list[int]:
        """The indexes of the patterns found in `text`."""
        if not self.regexps:
            return []
        data = utf8(text)   # encoded once, not once per pattern
        if self.any is not None and self.any.search(data) is None:
            return []
        return [i for i, rx in enumerate(self.regexps) if rx.search(data) is not None]


def utf8(text: str) -> bytes:
    """The text as RE2 reads it; a lone surrogate (a hostile comment) becomes "?" rather than an error."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace")


def _substring_counts() -> tuple[collections.Counter, collections.Counter, list[str]]:
    """How many ordinary comments contain each skeleton substring, and each Latin word."""
    subs: collections.Counter = collections.Counter()
    words: collections.Counter = collections.Counter()
    folded = [fold(t) for t in ORDINARY]
    for text in folded:
        skel = normalize(text)
        subs.update({skel[i:j] for i in range(len(skel)) for j in range(i + 1, len(skel) + 1)})
        words.update(set(re.findall(r"[a-z0-9]+", text)))
    return subs, words, folded


_ORDINARY_SUBS, _ORDINARY_WORDS, _ORDINARY_FOLDED = _substring_counts()


def _share(entry: str) -> tuple[float, str]:
    """(share of the ordinary comments the entry matches, one of them)."""
    if entry.startswith("re:"):
        rx = compile_pattern(entry[3:])
        if rx.search("") is not None:
            return 1.0, ""
        hits = [t for t, f in zip(ORDINARY, _ORDINARY_FOLDED) if rx.search(f) is not None]
        return len(hits) / len(ORDINARY), hits[0] if hits else ""
    if entry.startswith("="):
        word = fold(entry[1:])
        n = _ORDINARY_WORDS.get(word, 0)
        example = next((t for t, f in zip(ORDINARY, _ORDINARY_FOLDED) if word in re.findall(r"[a-z0-9]+", f)), "")
        return n / len(ORDINARY), example
    key = normalize(entry)
    n = _ORDINARY_SUBS.get(key, 0)
    example = next((t for t in ORDINARY if key in normalize(t)), "") if n else ""
    return n / len(ORDINARY), example


def warnings_for(entries: list[str], min_length: int = 1) -> list[Text]:
    """What to tell staff about accepted entries: ones matching nothing or almost everything.
    A dictionary look-up per plain entry, so 100,000-entry imports stay quick."""
    out: list[Text] = []
    more = 0
    entries = list(dict.fromkeys(entries))
    keys = normalize_many([e[1:] if e.startswith("=") else e for e in entries])
    for entry, key in zip(entries, keys):
        if len(key) > 1 and key not in _ORDINARY_SUBS and not entry.startswith("re:"):
            continue  # the usual entry: in no ordinary comment, so nothing to say
        warning = _warning(entry, min_length)
        if warning is None:
            continue
        if len(out) < MAX_WARNINGS:
            out.append(warning)
        else:
            more += 1
    if more:
        out.append(QT_TRANSLATE_NOOP("Moderation", "…and {n} more entries like these").fill(n=more))
    return out


def _warning(entry: str, min_length: int) -> Text | None:
    if entry.startswith("re:"):
        if refusal(entry) is not None:
            return None
        share, example = _share(entry)
        if share >= 1.0 and not example:
            return QT_TRANSLATE_NOOP("Moderation", "“{entry}” matches even an empty comment: it acts on every "
                                                   "comment").fill(entry=entry)
    else:
        key = normalize(entry[1:] if entry.startswith("=") else entry)
        if not key:
            return QT_TRANSLATE_NOOP("Moderation", "“{entry}” has no letters or digits, so it never matches").fill(
                entry=entry)
        if len(key) < min_length:
            return None  # not used on comments (see the group's minimum length)
        if len(key) == 1:
            return QT_TRANSLATE_NOOP("Moderation", "“{entry}” is a single character: it matches every comment that "
                                                   "contains it").fill(entry=entry)
        share, example = _share(entry)
    if share >= BROAD_SHARE:
        return QT_TRANSLATE_NOOP("Moderation", "“{entry}” matches {pct}% of ordinary comments (such as “{example}”): "
                                               "it would act on much of the room").fill(
            entry=entry, pct=round(share * 100), example=example)
    return None
