"""The moderation pipeline: one fast, synchronous `classify(comment)` per incoming comment.

It folds the text (normalize), matches every word list in one Aho–Corasick pass, runs the
detectors, and says what should happen (the most severe action wins), which rule fired and why,
and whether the comment is a buyer question or purchase intent (for the feed's filters and the
question queue). Staff and allow-listed viewers are exempt: classified, never actioned. In test
mode every verdict is a dry run — it says which rule *would* fire."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from anchor_console.domain.clock import Clock
from anchor_console.domain.models import Comment
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.moderation.detectors import _NAMES as DETECTOR_NAMES
from anchor_console.moderation.detectors import Detectors, DetectorSettings
from anchor_console.domain.normalize import BIDI_MARK, fold, normalize, skeleton
from anchor_console.moderation.questions import is_chatter
from anchor_console.moderation.wordlists import DEFAULT_GROUPS, INTENT, QUESTION, Action, CompiledLists, WordLists

QUESTION_WORDS = (
    "尺码 码数 多大 多高 多重 什么码 哪个码 穿什么 穿多大 偏大 偏小 码正 多少钱 价格 什么价 啥价 便宜点 优惠券 有券 到手价 "
    "发货 快递 几天到 到货 包邮 运费 顺丰 几号 链接 怎么买 在哪拍 哪里拍 有没有 有吗 还有吗 能不能 可以吗 怎么 什么 啥 "
    "材质 起球 掉色 机洗 保质期 适合 敏感肌 孕妇 正品 赠品 退换 七天无理由 运费险 能穿 能用 好用吗 多久"
).split()
INTENT_WORDS = (
    "想要 已拍 拍了 扣1 要了 冲 冲冲 下单 抢到 已付款 付款了 蹲 上车 买了 带走 留1件 来1件 来2件 我要 给我留 已抢 拍下"
).split()
_QUESTION_ENDINGS = ("吗", "呢", "?", "？", "么")
_DIGIT = re.compile(r"\d")
_CACHE_LIMIT = 50_000


def rule_label(actor: str) -> Text | None:
    """What staff call the rule behind a moderation actor — "detector:flood" is "flooding (too many
    messages)", "list:diversion" the word list “引流” (one of the crew's own lists: its key, which is
    made from its name) —, or None for a person."""
    kind, _, key = actor.partition(":")
    if kind == "detector":
        return DETECTOR_NAMES.get(key)
    if kind == "list" and key:
        name = next((g[1] for g in DEFAULT_GROUPS if g[0] == key), key)
        return QT_TRANSLATE_NOOP("Moderation", "word list “{group}”").fill(group=name)
    return None


# Detectors whose detail is a count, not words of the comment: said as a count, not quoted
COUNTED = {
    "detector:flood": QT_TRANSLATE_NOOP("Moderation", "{rule}: {count} messages in a short time"),
    "detector:repeat": QT_TRANSLATE_NOOP("Moderation", "{rule}: sent {count} times"),
    "detector:wave": QT_TRANSLATE_NOOP("Moderation", "{rule}: from {count} viewers"),
    "detector:length": QT_TRANSLATE_NOOP("Moderation", "{rule}: {count} characters"),
}


class Match(NamedTuple):
    rule: str            # "list:diversion" or "detector:phone"
    name: Text
    action: Action
    detail: str = ""     # the word or the detail that matched
    note: str = ""       # the rule text, for list entries that carry one
    escalates: bool = False   # a repeat offence climbs the enforcement ladder (引流, abuse)


@dataclass(slots=True)
class Verdict:
    action: Action = Action.SHOW
    rule: str = ""
    name: Text | None = None
    detail: str = ""
    matches: tuple[Match, ...] = ()
    question: bool = False
    intent: bool = False
    mute_minutes: int = 10
    exempt: bool = False
    dry_run: bool = False
    escalates: bool = False   # a rule that deletes and climbs the ladder for repeat offenders fired

    @property
    def flagged(self) -> bool:
        return bool(self.matches) and max(m.action for m in self.matches) >= Action.HIGHLIGHT

    @property
    def reason(self) -> Text | None:
        if not self.name:
            return None
        counted = COUNTED.get(self.rule)
        if counted is not None and self.detail.isdigit():
            return counted.fill(rule=self.name, count=int(self.detail))
        if self.detail:
            return QT_TRANSLATE_NOOP("Moderation", "{rule}: “{detail}”").fill(rule=self.name, detail=self.detail)
        return self.name


def _markers() -> dict[str, str]:
    out = {}
    for w in QUESTION_WORDS:
        out[normalize(w)] = QUESTION
    for w in INTENT_WORDS:
        out[normalize(w)] = INTENT
    return out


_MARKERS = _markers()


def compile_lists(lists: WordLists) -> CompiledLists:
    """The matcher a pipeline uses for `lists` (with the question and intent words)."""
    return lists.compile(_MARKERS)


_PLAIN = {(q, i, d, e): Verdict(question=q, intent=i, dry_run=d, exempt=e)
          for q in (False, True) for i in (False, True) for d in (False, True) for e in (False, True)}


@dataclass
class ModerationPipeline:
    lists: WordLists
    clock: Clock
    detector_settings: DetectorSettings = field(default_factory=DetectorSettings)
    allow_list: set[str] = field(default_factory=set)      # user ids never actioned
    test_mode: bool = False
    cache_texts: bool = True
    # Keywords of open lucky bags: hundreds of viewers commenting "666" to enter is not a flood,
    # a repeat or a spam wave, so such comments skip the per-viewer checks (words and contact
    # details are still checked).
    entry_keywords: frozenset[str] = frozenset()
    # These lists compiled already (by another pipeline on them): used while they are not edited.
    compiled_lists: CompiledLists | None = field(default=None, repr=False)
    # The lists' new matcher being built in a worker (moderation/list_edits.py): until it is swapped
    # in (`install`), comments are judged by the lists in force, not compiled again on the loop.
    building: asyncio.Future | None = field(default=None, repr=False)
    # The lists' version whose build in a worker failed (a bug, said to the user): comments go on
    # being judged by the lists in force, not compiled on the loop, where the same bug would fail
    # every batch of the feed. The next edit builds again.
    build_failed: int = field(default=-1, repr=False)

    def __post_init__(self) -> None:
        self.detectors = Detectors(self.detector_settings)
        self._cache: dict[str, tuple] = {}
        self._cache_version = -1
        self._keywords_folded: tuple[frozenset[str] | None, tuple[str, ...]] = (None, ())
        given = self.compiled_lists
        self._compiled: CompiledLists = (given if given is not None and given.version == self.lists.version
                                         else self.lists.compile(_MARKERS))
        self.compiled_lists = None

    @property
    def compiled(self) -> CompiledLists:
        if self._compiled.version != self.lists.version and not self.rebuilding \
                and self.lists.version != self.build_failed:
            self._compiled = self.lists.compile(_MARKERS)  # edits apply at once; swapped in one assignment
        return self._compiled

    @property
    def rebuilding(self) -> bool:
        """Whether the lists' new matcher is being built elsewhere (comments meanwhile: the lists in force)."""
        return self.building is not None and not self.building.done()

    def install(self, compiled: CompiledLists) -> None:
        """Swap in lists compiled elsewhere (from a snapshot, in a worker) in one assignment: the next
        comment is judged by them, none by a matcher half built. Older than those in force: ignored."""
        if compiled.version >= self._compiled.version:
            self._compiled = compiled

    def classify(self, comment: Comment) -> Verdict:
        return self.classify_many((comment,))[0]

    def classify_many(self, comments) -> list[Verdict]:
        """Verdicts for a batch, in order. The feed classifies each batch it receives.

        What depends on the text alone (folding, the list scan, contact and shape checks) is
        cached per distinct text: live chat repeats itself ("想要", "111", "几号链接"), and a
        repeat then costs a dictionary lookup. The cache is bounded and emptied whenever the
        word lists change. Per-viewer checks (floods, repeats, waves) run for every comment."""
        compiled = self._compiled if self._compiled.version == self.lists.version else self.compiled
        if self._cache_version != compiled.version:
            self._cache.clear()
            self._cache_version = compiled.version
        cache = self._cache if self.cache_texts else None
        detectors = self.detectors
        behaviour = detectors.behaviour
        now = self.clock.monotonic()   # windows and waves: a wall clock set back must not bunch a viewer's comments
        test_mode = self.test_mode
        allow = self.allow_list
        plain = _PLAIN
        keywords = self.entry_keywords
        if keywords is not self._keywords_folded[0]:   # as Studio reads an entry (domain.giveaways.says_keyword)
            self._keywords_folded = (keywords, tuple(k for k in map(normalize, keywords) if k))
        folded_keywords = self._keywords_folded[1]
        out: list[Verdict] = []
        append = out.append
        for comment in comments:
            text = comment.text
            facts = cache.get(text) if cache is not None else None
            if facts is None:
                facts = self._text_facts(compiled, text)
                if cache is not None and len(text) <= 200:
                    if len(cache) >= _CACHE_LIMIT:
                        cache.clear()
                    cache[text] = facts
            skel, question, intent, hits, found, odd = facts
            if keywords and (any(k in text for k in keywords) or any(k in skel for k in folded_keywords)):
                acted = None   # entering a lucky bag (see entry_keywords)
            else:
                acted = behaviour(comment.user_id, skel, now, intent=intent or question)
            exempt = comment.is_staff or (comment.user_id in allow if allow else False)
            if not (hits or found or odd or acted):
                append(plain[(question, intent, test_mode, exempt)])
                continue
            append(self._verdict(hits, found, odd, acted, question, intent, exempt))
        detectors.maybe_sweep(now)
        return out

    def _text_facts(self, compiled: CompiledLists, text: str) -> tuple:
        """Everything that depends on the text alone: (skeleton, question, intent, list hits,
        contact details, shape findings)."""
        folded = fold(text)
        skel = skeleton(folded)
        question, intent, hits = compiled.scan(skel, folded)
        if not intent and skel and not skel.strip("1"):
            intent = True  # 1 / 111: "I want one"
        if not question and text.endswith(_QUESTION_ENDINGS):
            question = True
        if question and len(text) <= 24 and is_chatter(text):
            question = False   # "在吗在吗", "为什么不理我": said to the anchor, not a buyer's question
        # Contact details need a digit, a dot or 点; shapes need length or a direction mark.
        found = self.detectors.contacts(folded, skel) if (_DIGIT.search(skel) or "." in folded or "点" in skel) \
            else None
        odd = self.detectors.shape(text, folded) if (len(text) >= 10 or BIDI_MARK in folded) else None
        return skel, question, intent, hits, found, odd

    def _verdict(self, hits, found, odd, acted, question: bool, intent: bool, exempt: bool) -> Verdict:
        matches: list[Match] = [Match(h.rule, h.name, h.group.action, h.word, h.note, h.group.escalate)
                                for h in hits or ()]
        for group in (found, odd, acted):
            for d in group or ():
                matches.append(Match("detector:" + d.rule, d.name, d.action, d.detail, escalates=d.escalates))
        top = max(matches, key=lambda m: m.action)
        verdict = Verdict(action=top.action, rule=top.rule, name=top.name, detail=top.detail, matches=tuple(matches),
                          question=question, intent=intent, dry_run=self.test_mode,
                          escalates=any(m.escalates and m.action >= Action.DELETE for m in matches))
        if top.rule.startswith("list:"):
            # The group as compiled (its action decided the verdict), not as edited since.
            verdict.mute_minutes = next(h.group.mute_minutes for h in hits if h.rule == top.rule)
        if exempt:
            verdict.exempt = True
            verdict.action = Action.SHOW if verdict.action < Action.HIGHLIGHT else Action.HIGHLIGHT
        return verdict
