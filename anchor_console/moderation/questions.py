"""The buyer-question queue: questions and purchase intent grouped by similarity with counts
("XL有吗 ×37", counting viewers, not messages), each group remembering the product on stage when it was asked, so the anchor
answers what the room is asking *now*.

Grouping is incremental and cheap: a question is folded, stripped of filler (主播, 宝宝, 请问, 呀…),
and compared by character-bigram Jaccard similarity only with the groups that ask about the same
specifics (sizes, numbers, colours) and share one of its rarer bigrams (an inverted index per
specifics), so each comment costs a handful of set operations even when 2,000 groups all end in
"有吗". Groups outside the sliding window expire; memory is bounded. A question deleted, hidden or
held after it was counted is taken back (`withdraw`): the anchor's screen never keeps showing it."""

from __future__ import annotations

import collections
import math
import re
from dataclasses import dataclass, field
from typing import Hashable

from anchor_console.domain.clock import Clock
from anchor_console.domain.events import Event
from anchor_console.domain.normalize import normalize

_FILLER = re.compile("这一款|这1款|1下|这个|这款|这件|这条|这套|这双|在吗|你好|您好|哈喽|主播|宝宝|宝贝|姐妹们|姐妹|家人们|请问|老师|小姐姐|麻烦|一下|呀|啊|哦|哈|呢|吧|嘛|了|的|么")


# Ways of asking the same thing, written one way so they group ("XL还有吗" = "XL有没有" = "XL有吗").
_SAME = [("有没有货", "有吗"), ("有没有", "有吗"), ("还有吗", "有吗"), ("有货吗", "有吗"), ("还有货吗", "有吗"),
         ("多少钱", "价格"), ("什么价", "价格"), ("啥价", "价格"), ("几号链接", "链接几号"), ("链接是几号", "链接几号"),
         ("能不能", "能吗"), ("可以吗", "能吗")]


# Talk to the anchor that is not a question about buying ("在吗在吗", "为什么不理我 ×133"): it used
# to top the list. Matched whole, once who is addressed and the particles are gone.
_AROUND = re.compile("主播|宝宝|宝贝|姐妹们|姐妹|家人们|大家|老师|小姐姐|们|呀|啊|哦|呢|吧|嘛|啦|哈|喔|一下|1下")
_CHATTER = re.compile("^(?:在吗|在不在|在么|在|人|有人吗|有人在吗|有没有人|为什么不理我|为啥不理我|怎么不理我|咋不理我|不理我|"
                      "理理我|理我|回我|回复我|看看我|看我|看到我吗|看得到我吗|能看到吗|看得到吗|听得到吗|能听到吗|好|你好|您好|"
                      "喽|哈喽|嗨|hello|hi|晚上好|早上好|下午好|来了|来|我来了|我来|打卡|签到)+$")


def is_chatter(text: str) -> bool:
    """Said to the anchor, not asked about buying: "在吗在吗", "为什么不理我", "主播你好"."""
    return bool(_CHATTER.match(_AROUND.sub("", normalize(text))))


ASKERS_KEPT = 5000   # per group: enough to count a busy room's askers once each
# A question is grouped by how it begins: a 100 000-character comment ending in "吗?" costs the
# board what its first characters cost (folding, bigrams, the index), not seconds and megabytes.
KEY_CHARS = 100
SHOWN_CHARS = 60     # a group's text and examples, as the board shows them
# An answered question that this many more viewers ask is open again: they came in after the answer
# (or did not get it), and the anchor should say it once more.
ASKED_AGAIN_BY = 3
# The comments counted, so one deleted (or hidden, or held) later can be taken back: the newest this
# many (minutes of a busy room; older deletions leave the count as it was).
COMMENTS_KEPT = 50_000


def question_key(text: str) -> str:
    key = normalize(text)
    for a, b in _SAME:
        if a in key:
            key = key.replace(a, b)
    stripped = _FILLER.sub("", key)
    return stripped or key


# What tells one question from a look-alike: sizes, numbers, links and colours. "XL有吗" and
# "XXL有吗", "S码/M码/L码", "1号/2号链接", "红色/黑色", "160斤/100斤" share most of their bigrams
# and were counted as one question: the anchor answered the wrong size.
_SPECIFIC = re.compile(r"[a-z0-9]+|[\u4e00-\u9fff]色")


def _specifics(key: str) -> frozenset[str]:
    return frozenset(_SPECIFIC.findall(key))


def _bigrams(key: str) -> frozenset[str]:
    if len(key) < 2:
        return frozenset({key})
    return frozenset(key[i:i + 2] for i in range(len(key) - 1))


@dataclass
class QuestionGroup:
    id: int
    text: str                     # how the first asker put it (shown)
    key: str
    bigrams: frozenset[str]
    kind: str                     # "question" or "intent"
    specifics: frozenset[str] = frozenset()   # its sizes, numbers, colours: worked out once, not per question
    count: int = 1                # how many viewers asked (one viewer asking 133 times is one)
    first_at: float = 0.0
    last_at: float = 0.0
    product_id: str | None = None  # on stage when most of it was asked
    products: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    answered: bool = False
    answered_at_count: int = 0     # `count` when it was marked answered
    asked_again: bool = False      # answered once, then asked by ASKED_AGAIN_BY more viewers
    sent_to_presenter: bool = False
    # Who asked: how many of their comments, and the product on stage when they first did (their
    # last comment taken back: one viewer fewer, and that product's count with them).
    askers: dict[str, tuple[int, str | None]] = field(default_factory=dict)


class QuestionBoard:
    def __init__(self, clock: Clock, *, window_s: float = 600.0, threshold: float = 0.4,
                 max_groups: int = 2000) -> None:
        self.clock = clock
        self.window_s = window_s
        self.threshold = threshold
        self.max_groups = max_groups
        self._groups: dict[int, QuestionGroup] = {}
        # (kind, specifics) -> bigram -> groups: a question is only ever compared with groups of its
        # kind asking about the same size or number, so a room's 2,000 "N号有吗" are not 2,000 candidates.
        self._index: dict[tuple[str, frozenset[str]], dict[str, set[int]]] = {}
        # comment -> (group, asker, product counted, its text, counted): what `withdraw` takes back.
        self._asked: collections.OrderedDict[Hashable, tuple[int, str | None, str | None, str, bool]] = \
            collections.OrderedDict()
        self._by_key: dict[tuple[str, str], int] = {}
        self._next = 1
        self._added = 0
        self.compared = 0   # groups scored against a question so far: what grouping costs (tests, benchmark)
        self.changed = Event("questions.changed")  # answered, sent to the presenter, taken back (new ones are polled)

    def add(self, text: str, *, kind: str, product_id: str | None, at: float | None = None,
            asker: str | None = None, comment_key: Hashable | None = None) -> QuestionGroup | None:
        """Count a question (or purchase intent) from `asker`; None for chatter, which is no question.
        `comment_key` names the comment, for `withdraw` should it be deleted, hidden or held later."""
        now = self.clock.now() if at is None else at
        head = text.lstrip()[:KEY_CHARS]
        if is_chatter(head):
            return None
        key = question_key(head)
        shown = head.strip()[:SHOWN_CHARS]
        specifics = _specifics(key)
        group = self._match(key, kind, specifics)
        counted = True
        if group is None:
            group = self._new_group(shown, key, kind, specifics, now)
            if asker is not None:
                group.askers[asker] = (1, product_id)
        else:
            group.last_at = now
            counted = self._count(group, asker, shown, product_id)
        if counted and product_id:
            group.products[product_id] = group.products.get(product_id, 0) + 1
            group.product_id = max(group.products, key=group.products.get)
        if comment_key is not None:
            self._asked[comment_key] = (group.id, asker, product_id if counted else None, shown, counted)
            if len(self._asked) > COMMENTS_KEPT:
                self._asked.popitem(last=False)
        self._added += 1
        if self._added % 500 == 0 or len(self._groups) > self.max_groups:
            self.expire(now)
        return group

    def _new_group(self, shown: str, key: str, kind: str, specifics: frozenset[str], now: float) -> QuestionGroup:
        grams = _bigrams(key)
        group = QuestionGroup(self._next, shown, key, grams, kind, specifics, first_at=now, last_at=now)
        self._next += 1
        self._groups[group.id] = group
        self._by_key[(kind, key)] = group.id
        bucket = self._index.setdefault((kind, specifics), {})
        for g in grams:
            bucket.setdefault(g, set()).add(group.id)
        return group

    def _count(self, group: QuestionGroup, asker: str | None, shown: str, product_id: str | None) -> bool:
        """One more asker of `group`; False if they had asked it already (still one viewer)."""
        if asker is not None:
            kept = group.askers.get(asker)
            if kept is not None:
                group.askers[asker] = (kept[0] + 1, kept[1])
                return False
            if len(group.askers) < ASKERS_KEPT:
                group.askers[asker] = (1, product_id)
        group.count += 1
        if len(group.examples) < 5 and shown not in group.examples and shown != group.text:
            group.examples.append(shown)
        if group.answered and group.count - group.answered_at_count >= ASKED_AGAIN_BY:
            group.answered, group.asked_again = False, True
            self.changed.emit()
        return True

    def _match(self, key: str, kind: str, specifics: frozenset[str]) -> QuestionGroup | None:
        exact = self._by_key.get((kind, key))
        if exact is not None and exact in self._groups:
            return self._groups[exact]
        bucket = self._index.get((kind, specifics))
        if not bucket:
            return None
        grams = _bigrams(key)
        # A group at least `threshold` alike shares at least `need` of the question's bigrams, so it
        # shares one of its len - need + 1 rarest: only those are looked up ("有吗", in nearly every
        # group, is not), and the groups found are scored on all their bigrams.
        need = max(1, math.ceil(self.threshold * len(grams) - 1e-9))
        rarest = sorted(grams, key=lambda g: len(bucket.get(g, ())))[:len(grams) - need + 1]
        candidates: set[int] = set()
        for g in rarest:
            candidates.update(bucket.get(g, ()))
        best, best_score = None, self.threshold
        self.compared += len(candidates)
        for gid in sorted(candidates):   # oldest first: of two as alike, the older group wins
            group = self._groups[gid]
            shared = len(grams & group.bigrams)
            score = shared / (len(grams) + len(group.bigrams) - shared)
            if score > best_score or (best is None and score >= best_score):
                best, best_score = group, score
        return best

    def withdraw(self, comment_key: Hashable) -> bool:
        """The comment was deleted, hidden or held after it was counted: its asker is taken off its
        group (the viewer's last such comment: one viewer fewer), and a group nobody asks any more
        goes. True if the board changed."""
        entry = self._asked.pop(comment_key, None)
        group = self._groups.get(entry[0]) if entry is not None else None
        if group is None:
            return False
        _gid, asker, product_id, shown, leaves = entry   # (an asker not kept: each comment was counted)
        kept = group.askers.pop(asker, None) if asker is not None else None
        if kept is not None:
            comments, product_id = kept
            leaves = comments == 1
            if not leaves:   # they asked it again in a comment still up: still one viewer asking
                group.askers[asker] = (comments - 1, product_id)
        if leaves:
            group.count -= 1
            if product_id is not None and product_id in group.products:
                group.products[product_id] -= 1
                if group.products[product_id] <= 0:
                    del group.products[product_id]
                group.product_id = max(group.products, key=group.products.get) if group.products else None
        if group.count <= 0:
            self._drop(group.id)
        elif shown in group.examples:
            group.examples.remove(shown)
        elif shown == group.text and group.examples:
            group.text = group.examples.pop(0)   # not shown in the words of a comment taken down
        self.changed.emit()
        return True

    def expire(self, now: float | None = None) -> None:
        now = self.clock.now() if now is None else now
        stale = [gid for gid, g in self._groups.items() if now - g.last_at > self.window_s]
        if len(self._groups) - len(stale) > self.max_groups:
            # Still too many: the quietest go, down to three quarters of the limit, so a busy room
            # pays for this sort once every few hundred new groups, not on every question.
            gone = set(stale)
            live = sorted((g for g in self._groups.values() if g.id not in gone), key=lambda g: (g.count, g.last_at))
            stale += [g.id for g in live[: len(live) - self.max_groups * 3 // 4]]
        for gid in stale:
            self._drop(gid)

    def _drop(self, gid: int) -> None:
        group = self._groups.pop(gid, None)
        if group is None:
            return
        self._by_key.pop((group.kind, group.key), None)
        bucket_key = (group.kind, group.specifics)
        bucket = self._index.get(bucket_key)
        if bucket is None:
            return
        for g in group.bigrams:
            ids = bucket.get(g)
            if ids is not None:
                ids.discard(gid)
                if not ids:
                    del bucket[g]
        if not bucket:
            del self._index[bucket_key]

    def top(self, n: int = 10, *, kind: str | None = "question", include_answered: bool = False) -> list[QuestionGroup]:
        now = self.clock.now()
        groups = [g for g in self._groups.values() if now - g.last_at <= self.window_s
                  and (kind is None or g.kind == kind) and (include_answered or not g.answered)]
        groups.sort(key=lambda g: (-g.count, -g.last_at))
        return groups[:n]

    def clear(self) -> None:
        self._groups.clear()
        self._index.clear()
        self._by_key.clear()
        self._asked.clear()
        self.changed.emit()

    def group(self, group_id: int) -> QuestionGroup | None:
        return self._groups.get(group_id)

    def send_to_presenter(self, group_id: int) -> None:
        group = self._groups.get(group_id)
        if group is not None:
            group.sent_to_presenter = True
            self.changed.emit()

    def for_presenter(self, n: int = 6, *, stage_product_id: str | None = None) -> list[QuestionGroup]:
        """What the anchor's screen shows: the questions sent to it, then those about the product on
        stage (what the anchor is talking about), then the most asked."""
        # Sent by a moderator, whatever the kind ("Want to buy" groups can be sent too).
        chosen = [g for g in self.top(len(self._groups), kind=None) if g.sent_to_presenter]
        rest = [g for g in self.top(30) if not g.sent_to_presenter]
        on_stage = [g for g in rest if stage_product_id is not None and g.product_id == stage_product_id]
        others = [g for g in rest if stage_product_id is None or g.product_id != stage_product_id]
        return (chosen + on_stage + others)[:n]

    def mark_answered(self, group_id: int, answered: bool = True) -> None:
        """Answered (off the list and the presenter view until more viewers ask it), or, to take a
        mistaken click back, not."""
        group = self._groups.get(group_id)
        if group is not None:
            group.answered, group.answered_at_count = answered, group.count
            if answered:
                group.asked_again = False
            self.changed.emit()

    def __len__(self) -> int:
        return len(self._groups)
