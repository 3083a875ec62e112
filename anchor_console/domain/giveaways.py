"""Lucky bags (福袋/抽奖) and red packets (红包) as the console and the platforms talk about them.

A lucky bag has a set-up (prize, winners, how viewers enter, countdown, who is excluded), goes
open → closed (entry frozen) → drawn (seed revealed, winners known); see `domain.draw` for how the
winners follow from the published seed and the frozen entrant list. A red packet splits an amount
(fen) into shares viewers claim; it is a money action."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from anchor_console.domain.clock import format_clock
from anchor_console.domain.money import format_money
from anchor_console.domain.normalize import normalize
from anchor_console.domain.text import QT_TRANSLATE_NOOP, LabelledEnum, Text

# The bounds of a lucky bag and a red packet, as Studio takes them; the desk's forms, the control
# API and a show's cues hold a giveaway to them (`problems()`), so none fails only when it is sent.
MAX_WINNERS = 10_000
MIN_COUNTDOWN_S, MAX_COUNTDOWN_S = 5, 3600
MAX_KEYWORD_CHARS = 20
MAX_PRIZE_CHARS = 100
MAX_RED_PACKET_FEN = 20_000_00      # ¥20,000 per packet
MAX_RED_PACKET_COUNT = 10_000
MIN_CLAIM_WINDOW_S, MAX_CLAIM_WINDOW_S = 10, 24 * 3600
MAX_PACKET_MESSAGE = 60


class EntryRule(LabelledEnum):
    """What a viewer does to enter (what the platform can check)."""

    KEYWORD = "keyword", QT_TRANSLATE_NOOP("EntryRule", "comment the keyword")
    FOLLOW = "follow", QT_TRANSLATE_NOOP("EntryRule", "follow the room")
    ORDERED = "ordered", QT_TRANSLATE_NOOP("EntryRule", "ordered during the show")
    FAN_CLUB = "fan_club", QT_TRANSLATE_NOOP("EntryRule", "fan-club member")


ENTRY_RULES = tuple(rule.value for rule in EntryRule)   # as the platforms' APIs spell them


class BagState(enum.Enum):
    OPEN = "open"        # viewers can enter
    CLOSED = "closed"    # entry frozen, waiting for the seed
    DRAWN = "drawn"      # seed revealed, winners known


class Split(LabelledEnum):
    RANDOM = "random", QT_TRANSLATE_NOOP("RedPacketSplit", "random amounts (拼手气)")
    EQUAL = "equal", QT_TRANSLATE_NOOP("RedPacketSplit", "equal amounts")


SPLITS = tuple(split.value for split in Split)


@dataclass(frozen=True, slots=True)
class Exclusions:
    """Who cannot win, applied when the entrant list is frozen."""

    staff: bool = True
    banned: bool = True
    muted: bool = True
    won_today: bool = False


@dataclass(frozen=True, slots=True)
class LuckyBagSetup:
    prize: str
    winners: int
    rule: EntryRule = EntryRule.KEYWORD
    keyword: str = ""                   # for EntryRule.KEYWORD: the comment that enters (口令)
    countdown_s: int = 300
    prize_product_id: str = ""          # a catalog product, when the prize is one
    exclusions: Exclusions = field(default_factory=Exclusions)

    def problems(self) -> list[Text]:
        """Why a platform would refuse this lucky bag (the bounds above), or nothing."""
        out = []
        if not self.prize.strip():
            out.append(QT_TRANSLATE_NOOP("Giveaway", "no prize given"))
        elif len(self.prize) > MAX_PRIZE_CHARS:
            out.append(QT_TRANSLATE_NOOP("Giveaway", "the prize may have at most {max} characters").fill(
                max=MAX_PRIZE_CHARS))
        if not 1 <= self.winners <= MAX_WINNERS:
            out.append(QT_TRANSLATE_NOOP("Giveaway", "the number of winners must be between 1 and {max}").fill(
                max=MAX_WINNERS))
        if self.rule is EntryRule.KEYWORD and not self.keyword.strip():
            out.append(QT_TRANSLATE_NOOP("Giveaway", "no keyword for viewers to comment"))
        elif len(self.keyword) > MAX_KEYWORD_CHARS:
            out.append(QT_TRANSLATE_NOOP("Giveaway", "the keyword may have at most {max} characters").fill(
                max=MAX_KEYWORD_CHARS))
        if not MIN_COUNTDOWN_S <= self.countdown_s <= MAX_COUNTDOWN_S:
            out.append(QT_TRANSLATE_NOOP("Giveaway", "the countdown must be between {min} seconds and {max}").fill(
                min=MIN_COUNTDOWN_S, max=format_clock(MAX_COUNTDOWN_S)))
        return out


@dataclass(frozen=True, slots=True)
class Entrant:
    user_id: str
    nickname: str = ""


@dataclass(frozen=True, slots=True)
class LuckyBag:
    id: str
    room_id: str
    setup: LuckyBagSetup
    commitment: str
    state: BagState = BagState.OPEN
    entrant_count: int = 0
    created_at: float = 0.0
    ends_at: float = 0.0
    seed: str | None = None             # only once drawn
    winners: tuple[Entrant, ...] = ()
    announcement_comment_id: str | None = None

    @property
    def winner_ids(self) -> tuple[str, ...]:
        return tuple(w.user_id for w in self.winners)


@dataclass(frozen=True, slots=True)
class RedPacketSpec:
    total_fen: int
    count: int
    split: Split = Split.RANDOM
    claim_window_s: int = 300
    message: str = ""

    def problems(self) -> list[Text]:
        """Why a platform would refuse this red packet (the bounds above), or nothing."""
        out = []
        if not 1 <= self.count <= MAX_RED_PACKET_COUNT:
            out.append(QT_TRANSLATE_NOOP("Giveaway", "the number of shares must be between 1 and {max}").fill(
                max=MAX_RED_PACKET_COUNT))
        if self.total_fen < max(1, self.count):
            out.append(QT_TRANSLATE_NOOP("Giveaway", "the amount must be at least 1 分 per share"))
        if self.total_fen > MAX_RED_PACKET_FEN:
            out.append(QT_TRANSLATE_NOOP("Giveaway", "the amount must be at most {max}").fill(
                max=format_money(MAX_RED_PACKET_FEN)))
        if not MIN_CLAIM_WINDOW_S <= self.claim_window_s <= MAX_CLAIM_WINDOW_S:
            out.append(QT_TRANSLATE_NOOP(
                "Giveaway", "the claim window must be between {min} seconds and {hours} hours").fill(
                min=MIN_CLAIM_WINDOW_S, hours=MAX_CLAIM_WINDOW_S // 3600))
        if len(self.message) > MAX_PACKET_MESSAGE:
            out.append(QT_TRANSLATE_NOOP("Giveaway", "the message may have at most {max} characters").fill(
                max=MAX_PACKET_MESSAGE))
        return out


@dataclass(frozen=True, slots=True)
class RedPacket:
    id: str
    room_id: str
    spec: RedPacketSpec
    claimed_count: int = 0
    claimed_fen: int = 0
    state: str = "open"                 # open | finished (all claimed) | expired
    created_at: float = 0.0
    ends_at: float = 0.0

    @property
    def remaining_fen(self) -> int:
        return self.spec.total_fen - self.claimed_fen


def says_keyword(text: str, keyword: str) -> bool:
    """A comment enters a keyword lucky bag when it says the keyword as a viewer types it: in any
    case, full or half width, spaced out ("ABC 666", "ａｂｃ６６６" and "abc666" for "ABC666") —
    an exact match left real viewers out of the draw, unsaid."""
    if not keyword:
        return False
    if keyword in text:
        return True
    folded = normalize(keyword)
    return bool(folded) and folded in normalize(text)
