"""The run-of-show (直播脚本) as prep staff write it: a `Show` of ordered `Segment`s, each with its
featured products, talking points (话术), notes for the assistant and the `Cue`s that act on the
room (讲解, on/off sale, coupons, flash sales, room mute, chat modes and announcements (chat_cues.py), lucky
bags, red packets, a message to the anchor).

This module also owns the *planned* schedule: start times computed from soft starts (after the
previous segment) and hard starts (at a time of day), the planned length against the target, and
the gaps and overlaps a hard start makes. The live projection during a show is the timeline's job.

Values are immutable (frozen dataclasses, tuples): an edit is a new value, so undo can keep the
old one and a snapshot handed to the ui never changes under it. Durations are whole seconds;
money is fen."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from typing import ClassVar, Union

from anchor_console.domain.clock import format_clock  # noqa: F401 (re-exported for the show modules)
from anchor_console.domain.giveaways import (
    EntryRule, LuckyBagSetup, RedPacketSpec,
)
from anchor_console.domain.money import format_money
from anchor_console.domain.text import QT_TRANSLATE_NOOP, LabelledEnum, Text
from anchor_console.domain.models import MAX_COUPON_QUANTITY, MAX_COUPON_VALID_MIN, FlashSaleSpec
from anchor_console.room import commands
from anchor_console.show.chat_cues import (
    CHAT_CUE_ACTIONS, AnnounceToRoom, SetFollowersOnly, SetShieldMode, SetSlowMode,
)

def new_id(prefix: str) -> str:
    """A fresh stable id ("seg-3f9a1c2b"); ids never change once given, whatever is edited."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


# ----------------------------------------------------------------------------------- products


@dataclass(frozen=True, slots=True)
class FeaturedProduct:
    """A product a segment presents. `name` is cached from the catalog so the script still reads
    well when the catalog is unavailable; an empty `id` means "not linked to the catalog yet"
    (typical right after a spreadsheet import)."""

    id: str
    name: str = ""
    commission_bp: int | None = None  # the anchor's commission on it, basis points (1 % = 100); None: the show's

    @property
    def label(self) -> str:
        return self.name or self.id


# --------------------------------------------------------------------------------------- cues


class TriggerKind(enum.Enum):
    START = "start"    # when the segment starts
    OFFSET = "offset"  # N seconds after the segment starts
    END = "end"        # when the segment's planned end is reached, or N seconds before it


@dataclass(frozen=True, slots=True)
class Trigger:
    kind: TriggerKind = TriggerKind.START
    seconds: int = 0  # OFFSET: after the start; END: before the end; START: unused (0)

    @classmethod
    def at_start(cls) -> Trigger:
        return cls(TriggerKind.START, 0)

    @classmethod
    def after(cls, seconds: int) -> Trigger:
        return cls(TriggerKind.OFFSET, int(seconds))

    @classmethod
    def at_end(cls, before: int = 0) -> Trigger:
        return cls(TriggerKind.END, int(before))

    def offset_in(self, duration_s: float) -> float:
        """Seconds from the segment's start to this trigger, for a segment lasting `duration_s`."""
        if self.kind is TriggerKind.START:
            return 0.0
        if self.kind is TriggerKind.OFFSET:
            return float(self.seconds)
        return max(0.0, float(duration_s) - self.seconds)

    def describe(self) -> Text:
        if self.kind is TriggerKind.START:
            return QT_TRANSLATE_NOOP("Show", "at segment start")
        if self.kind is TriggerKind.OFFSET:
            return QT_TRANSLATE_NOOP("Show", "{time} after start").fill(time=format_clock(self.seconds))
        if self.seconds:
            return QT_TRANSLATE_NOOP("Show", "{time} before end").fill(time=format_clock(self.seconds))
        return QT_TRANSLATE_NOOP("Show", "at segment end")


class CueMode(LabelledEnum):
    AUTO = "auto", QT_TRANSLATE_NOOP("Show", "auto")  # fires by itself when due
    CONFIRM = "confirm", QT_TRANSLATE_NOOP("Show", "confirm")  # when due, waits for the assistant to press go
    MANUAL = "manual", QT_TRANSLATE_NOOP("Show", "manual")  # listed; fired only by hand


def _product_label(product_id: str, product_name: str) -> str:
    return product_name or product_id or "?"


def _product_problems(product_id: str) -> list[Text]:
    """What a cue that acts on a product lacks when none is chosen yet."""
    return [] if product_id else [QT_TRANSLATE_NOOP("Show", "no product chosen")]


@dataclass(frozen=True, slots=True)
class StageProduct:
    """Put a product on stage (讲解)."""

    kind: ClassVar[str] = "stage"
    product_id: str
    product_name: str = ""

    def describe(self) -> Text:
        return QT_TRANSLATE_NOOP("Show", "Put {product} on stage").fill(
            product=_product_label(self.product_id, self.product_name))

    def command(self) -> commands.Command:
        return commands.PutOnStage(self.product_id)

    def problems(self) -> list[Text]:
        return _product_problems(self.product_id)


@dataclass(frozen=True, slots=True)
class SetOnSale:
    """Put a product on sale (上架/开售) or take it off sale (下架)."""

    kind: ClassVar[str] = "sale"
    product_id: str
    on_sale: bool = True
    product_name: str = ""

    def describe(self) -> Text:
        label = _product_label(self.product_id, self.product_name)
        if self.on_sale:
            return QT_TRANSLATE_NOOP("Show", "Put {product} on sale").fill(product=label)
        return QT_TRANSLATE_NOOP("Show", "Take {product} off sale").fill(product=label)

    def command(self) -> commands.Command:
        return commands.SetOnSale(self.product_id, self.on_sale)

    def problems(self) -> list[Text]:
        return _product_problems(self.product_id)


@dataclass(frozen=True, slots=True)
class IssueCoupon:
    """Issue a batch of coupons into the room from a coupon template."""

    kind: ClassVar[str] = "coupon"
    template_id: str
    quantity: int
    valid_minutes: int = 30
    name: str = ""  # what prep staff called it ("满199减30"), cached for display

    def describe(self) -> Text:
        return QT_TRANSLATE_NOOP("Show", "Issue {quantity} × {coupon} coupons (valid {minutes} min)").fill(
            quantity=self.quantity, coupon=self.name or self.template_id or "?", minutes=self.valid_minutes)

    def command(self) -> commands.Command:
        return commands.IssueCoupon(self.template_id, self.quantity, self.valid_minutes)

    def problems(self) -> list[Text]:
        out = []
        if not self.template_id:
            out.append(QT_TRANSLATE_NOOP("Show", "no coupon template chosen"))
        if not 1 <= self.quantity <= MAX_COUPON_QUANTITY:
            out.append(QT_TRANSLATE_NOOP("Show", "the quantity must be from 1 to {max}").fill(
                max=f"{MAX_COUPON_QUANTITY:,}"))
        if not 1 <= self.valid_minutes <= MAX_COUPON_VALID_MIN:
            out.append(QT_TRANSLATE_NOOP("Show", "the coupons stay valid from 1 minute to {days} days").fill(
                days=MAX_COUPON_VALID_MIN // (24 * 60)))
        return out


@dataclass(frozen=True, slots=True)
class StartFlashSale(FlashSaleSpec):
    """Start a flash sale (秒杀) of one SKU at a sale price, with a countdown before it opens: the
    sale as the room launches it, and the product's name for display."""

    kind: ClassVar[str] = "flash_sale"
    product_name: str = ""

    @property
    def spec(self) -> FlashSaleSpec:
        """The sale as the room launches it (the product's name is the show's, not the platform's)."""
        return FlashSaleSpec(*(getattr(self, f.name) for f in fields(FlashSaleSpec)))

    def describe(self) -> Text:
        return QT_TRANSLATE_NOOP("Show", "Flash sale: {product} at {price}, {stock} in stock").fill(
            product=_product_label(self.product_id, self.product_name),
            price=format_money(self.sale_price_fen), stock=self.stock)

    def command(self) -> commands.Command:
        return commands.LaunchFlashSale(self.spec)

    def problems(self) -> list[Text]:
        out = _product_problems(self.product_id)
        if not self.sku_id:
            out.append(QT_TRANSLATE_NOOP("Show", "no SKU chosen"))
        return out + FlashSaleSpec.problems(self)   # (slots dataclasses cannot call a bare super())


@dataclass(frozen=True, slots=True)
class SetRoomMute:
    """Room-wide mute (全员禁言) on or off."""

    kind: ClassVar[str] = "room_mute"
    muted: bool = True

    def describe(self) -> Text:
        if self.muted:
            return QT_TRANSLATE_NOOP("Show", "Mute the whole room")
        return QT_TRANSLATE_NOOP("Show", "Unmute the room")

    def command(self) -> commands.Command:
        return commands.SetRoomMute(self.muted)

    def problems(self) -> list[Text]:
        return []


@dataclass(frozen=True, slots=True)
class AnchorMessage:
    """A message shown to the anchor on the presenter view ("say the coupon code now")."""

    kind: ClassVar[str] = "message"
    text: str

    def describe(self) -> Text:
        return QT_TRANSLATE_NOOP("Show", "Message to the anchor: {text}").fill(text=self.text)

    def command(self) -> None:
        return None   # shown on the presenter view, not sent to a platform

    def problems(self) -> list[Text]:
        return [] if self.text.strip() else [QT_TRANSLATE_NOOP("Show", "the message is empty")]


def lucky_bag_rule_words(setup: LuckyBagSetup) -> Text:
    """How a viewer enters, in words ("comment “666”", "follow the room")."""
    if setup.rule is EntryRule.KEYWORD:
        return QT_TRANSLATE_NOOP("Show", "comment “{keyword}”").fill(keyword=setup.keyword)
    return setup.rule.label


@dataclass(frozen=True, slots=True)
class StartLuckyBag:
    """Open a lucky bag (福袋/抽奖): the console keeps the draw's seed and draws when the countdown
    ends (see session.giveaways)."""

    kind: ClassVar[str] = "lucky_bag"
    setup: LuckyBagSetup

    def describe(self) -> Text:
        s = self.setup
        return QT_TRANSLATE_NOOP("Show", "Lucky bag “{prize}”: {winners} winners, {rule}, draw after {countdown}").fill(
            prize=s.prize or "?", winners=s.winners, rule=lucky_bag_rule_words(s), countdown=format_clock(s.countdown_s))

    def command(self) -> None:
        return None   # started by the giveaways desk, which keeps the draw's seed first (cues.LuckyBagStarter)

    def problems(self) -> list[Text]:
        return self.setup.problems()


@dataclass(frozen=True, slots=True)
class SendRedPacket:
    """Send a red packet (红包) into the room: a money action, fired once."""

    kind: ClassVar[str] = "red_packet"
    spec: RedPacketSpec

    def describe(self) -> Text:
        return QT_TRANSLATE_NOOP("Show", "Red packet: {amount} in {count} shares").fill(
            amount=format_money(self.spec.total_fen), count=self.spec.count)

    def command(self) -> commands.Command:
        return commands.SendRedPacket(self.spec)

    def problems(self) -> list[Text]:
        return self.spec.problems()


CueAction = Union[StageProduct, SetOnSale, IssueCoupon, StartFlashSale, SetRoomMute, AnchorMessage, StartLuckyBag,
                  SendRedPacket, SetSlowMode, SetFollowersOnly, SetShieldMode, AnnounceToRoom]
CUE_ACTIONS: tuple[type, ...] = (StageProduct, SetOnSale, IssueCoupon, StartFlashSale, SetRoomMute, AnchorMessage,
                                 StartLuckyBag, SendRedPacket, *CHAT_CUE_ACTIONS)


@dataclass(frozen=True, slots=True)
class Cue:
    id: str
    action: CueAction
    trigger: Trigger = field(default_factory=Trigger)
    mode: CueMode = CueMode.CONFIRM
    note: str = ""  # for the assistant: why, or the raw text a suggestion was made from

    def describe(self) -> Text:
        return QT_TRANSLATE_NOOP("Show", "{when}: {action}").fill(
            when=self.trigger.describe(), action=self.action.describe())


# ----------------------------------------------------------------------------------- segments


class StartMode(enum.Enum):
    SOFT = "soft"  # right after the previous segment
    HARD = "hard"  # at a fixed time of day


@dataclass(frozen=True, slots=True)
class Segment:
    id: str
    title: str
    duration_s: int
    start_mode: StartMode = StartMode.SOFT
    hard_start: time | None = None  # the time of day, for StartMode.HARD
    products: tuple[FeaturedProduct, ...] = ()
    talking_points: str = ""  # 话术, multi-line
    notes: str = ""           # for the assistant (场控)
    cues: tuple[Cue, ...] = ()

    def cue(self, cue_id: str) -> Cue | None:
        return next((c for c in self.cues if c.id == cue_id), None)

    @property
    def is_hard(self) -> bool:
        return self.start_mode is StartMode.HARD and self.hard_start is not None


@dataclass(frozen=True, slots=True)
class ShowProblem:
    """Something to fix before going live; `segment_id`/`cue_id` say where."""

    message: Text
    segment_id: str = ""
    cue_id: str = ""


@dataclass(frozen=True, slots=True)
class Show:
    title: str
    date: date | None = None
    start: time | None = None       # planned start, time of day
    target_length_s: int = 0        # 0: no target
    segments: tuple[Segment, ...] = ()
    commission_bp: int = 0          # the anchor's commission on every product without its own, basis points

    def commission_bp_of(self, product_id: str) -> int:
        """The anchor's commission rate on a product: set on the product in any segment, else the show's."""
        for seg in self.segments:
            for p in seg.products:
                if p.id == product_id and p.commission_bp is not None:
                    return p.commission_bp
        return self.commission_bp

    def segment(self, segment_id: str) -> Segment | None:
        return next((s for s in self.segments if s.id == segment_id), None)

    def index_of(self, segment_id: str) -> int:
        for i, s in enumerate(self.segments):
            if s.id == segment_id:
                return i
        raise KeyError(segment_id)

    def find_cue(self, cue_id: str) -> tuple[Segment, Cue] | None:
        for s in self.segments:
            c = s.cue(cue_id)
            if c is not None:
                return s, c
        return None

    def all_cues(self) -> list[tuple[Segment, Cue]]:
        return [(s, c) for s in self.segments for c in s.cues]

    def planned_start(self) -> datetime | None:
        """The planned start as a naive local datetime (None without a start time; a show with a
        time but no date is placed on 2000-01-01, which only matters for crossing midnight)."""
        if self.start is None:
            return None
        return datetime.combine(self.date or date(2000, 1, 1), self.start)

    def schedule(self, start_at: datetime | None = None) -> Schedule:
        """The planned schedule from `start_at` (default: the planned start, else midnight)."""
        return plan_schedule(self, start_at or self.planned_start() or datetime(2000, 1, 1))

    def problems(self) -> list[ShowProblem]:
        """What would go wrong live: duplicate ids, hard starts without a time, incomplete cues."""
        out: list[ShowProblem] = []
        seen_segments: set[str] = set()
        seen_cues: set[str] = set()
        for seg in self.segments:
            if not seg.id or seg.id in seen_segments:
                out.append(ShowProblem(QT_TRANSLATE_NOOP("Show", "Segment id “{id}” is empty or used twice").fill(
                    id=seg.id), seg.id))
            seen_segments.add(seg.id)
            if seg.duration_s < 0:
                out.append(ShowProblem(QT_TRANSLATE_NOOP("Show", "“{title}” has a negative duration").fill(
                    title=seg.title), seg.id))
            if seg.start_mode is StartMode.HARD and seg.hard_start is None:
                out.append(ShowProblem(QT_TRANSLATE_NOOP("Show", "“{title}” has a hard start but no time").fill(
                    title=seg.title), seg.id))
            for cue in seg.cues:
                if not cue.id or cue.id in seen_cues:
                    out.append(ShowProblem(QT_TRANSLATE_NOOP("Show", "Cue id “{id}” is empty or used twice").fill(
                        id=cue.id), seg.id, cue.id))
                seen_cues.add(cue.id)
                for p in cue.action.problems():
                    out.append(ShowProblem(QT_TRANSLATE_NOOP("Show", "“{title}”, cue “{cue}”: {problem}").fill(
                        title=seg.title, cue=cue.action.describe(), problem=p), seg.id, cue.id))
                if cue.trigger.kind is TriggerKind.OFFSET and cue.trigger.seconds > seg.duration_s:
                    out.append(ShowProblem(QT_TRANSLATE_NOOP(
                        "Show", "“{title}”, cue “{cue}” is due after the segment's planned end").fill(
                        title=seg.title, cue=cue.action.describe()), seg.id, cue.id))
        if any(s.is_hard for s in self.segments) and self.start is None:
            out.append(ShowProblem(QT_TRANSLATE_NOOP("Show", "The show has hard starts but no planned start time")))
        return out


# ----------------------------------------------------------------------------- planned times


def resolve_time_of_day(t: time, near: datetime) -> datetime:
    """The occurrence of time-of-day `t` nearest to `near` (same tzinfo). This is how a hard start
    crosses midnight: a 00:30 hard start in a show running from 23:00 is on the next day."""
    candidates = [datetime.combine(near.date() + timedelta(days=k), t, tzinfo=near.tzinfo) for k in (-1, 0, 1)]
    return min(candidates, key=lambda c: (abs((c - near).total_seconds()), c))


@dataclass(frozen=True, slots=True)
class PlannedSegment:
    segment_id: str
    start: datetime
    end: datetime
    hard: bool
    gap_before_s: float  # hard starts only: > 0 a gap before it, < 0 it overlaps the previous one

    @property
    def duration_s(self) -> float:
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True, slots=True)
class Schedule:
    start: datetime
    items: tuple[PlannedSegment, ...]
    target_length_s: int

    @property
    def end(self) -> datetime:
        return max((i.end for i in self.items), default=self.start)

    @property
    def length_s(self) -> float:
        """From the show's start to its last planned end (gaps before hard starts included)."""
        return (self.end - self.start).total_seconds()

    @property
    def over_target_s(self) -> float | None:
        """Planned length minus the target (> 0: too long); None without a target."""
        return self.length_s - self.target_length_s if self.target_length_s else None

    def item(self, segment_id: str) -> PlannedSegment | None:
        return next((i for i in self.items if i.segment_id == segment_id), None)

    def gaps_and_overlaps(self) -> list[PlannedSegment]:
        return [i for i in self.items if i.hard and abs(i.gap_before_s) >= 1]


def plan_schedule(show: Show, start_at: datetime) -> Schedule:
    items: list[PlannedSegment] = []
    cursor = start_at
    for seg in show.segments:
        gap = 0.0
        if seg.is_hard:
            begin = resolve_time_of_day(seg.hard_start, cursor)  # type: ignore[arg-type]
            gap = (begin - cursor).total_seconds()
        else:
            begin = cursor
        end = begin + timedelta(seconds=max(0, seg.duration_s))
        items.append(PlannedSegment(seg.id, begin, end, seg.is_hard, gap))
        cursor = end
    return Schedule(start_at, tuple(items), show.target_length_s)
