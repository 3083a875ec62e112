"""The things an anchor, an assistant and prep staff talk about: rooms, products on the shelf,
coupons, flash sales, comments, viewers and live figures.

Identifiers are strings (each platform has its own id scheme); money is in fen (int).
Values are immutable: a change is a new value (``dataclasses.replace``), so a snapshot handed to
the ui can never change under it."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from anchor_console.domain.clock import next_beijing_midnight
from anchor_console.domain.money import format_money
from anchor_console.domain.plain_text import plain_text
from anchor_console.domain.text import QT_TRANSLATE_NOOP, LabelledEnum, Text


class RoomStatus(enum.Enum):
    SCHEDULED = "scheduled"
    LIVE = "live"
    ENDED = "ended"


class VideoState(enum.Enum):
    """The room's video on the cloud live service (Studio on Tencent Cloud Live), not the
    console's connection: the anchor's push is up, stopped while the room is live, forbidden by
    the platform, or stopped outside a show."""
    LIVE = "live"
    DROPPED = "dropped"
    FORBIDDEN = "forbidden"
    IDLE = "idle"


@dataclass(frozen=True, slots=True)
class RoomVideo:
    state: VideoState
    since: float          # when it came to this state, epoch seconds


# What the chat modes accept (Twitch's limits; Studio's are the same): one definition for the
# adapters, the commands, the cues and the control API.
SLOW_MODE_RANGE_S = (3, 120)             # seconds between a viewer's comments; 0 is off
MAX_FOLLOW_MIN = 129_600                 # 90 days of following; None is off, 0 any follower
MAX_ANNOUNCEMENT = 500                   # characters
ANNOUNCEMENT_COLORS = ("primary", "blue", "green", "orange", "purple")


def slow_mode_ok(seconds: int) -> bool:
    return seconds == 0 or SLOW_MODE_RANGE_S[0] <= seconds <= SLOW_MODE_RANGE_S[1]


def followers_only_ok(minutes: int | None) -> bool:
    return minutes is None or 0 <= minutes <= MAX_FOLLOW_MIN


@dataclass(frozen=True, slots=True)
class ChatModes:
    """Who may comment how often, as the platform has it set: slow mode (seconds a viewer waits
    between comments, 0: off), followers-only chat (minutes a viewer must have followed, 0: any
    follower, None: off) and shield mode (the room closed to drive-by accounts during a raid)."""

    slow_mode_s: int = 0
    followers_only_min: int | None = None
    shield: bool = False

    @property
    def any_on(self) -> bool:
        return self.slow_mode_s > 0 or self.followers_only_min is not None or self.shield


@dataclass(frozen=True, slots=True)
class Room:
    id: str
    title: str
    status: RoomStatus = RoomStatus.SCHEDULED
    started_at: float | None = None
    ended_at: float | None = None
    mute_all: bool = False
    stage_product_id: str | None = None
    scheduled_at: float | None = None   # planned start (a live plan, a reservation), epoch seconds
    video: RoomVideo | None = None      # where the platform follows the room's video (Studio on Tencent Cloud Live)
    chat: ChatModes = ChatModes()       # slow / followers-only / shield (default: all off)


@dataclass(frozen=True, slots=True)
class RoomPlan:
    """A live planned ahead on a platform (WeChat mini-program live: 创建直播间). Images are the
    platform's own references (WeChat: media ids from an upload, valid three days)."""

    title: str
    starts_at: float
    ends_at: float
    anchor_name: str
    anchor_account: str                 # the anchor's WeChat ID (must be real-name verified)
    cover_image: str
    share_image: str
    feeds_image: str = ""
    sub_anchor_account: str = ""
    creator_account: str = ""
    push_stream: bool = True            # True: pushed from OBS; False: from the phone
    public_in_feeds: bool = True
    likes_closed: bool = False
    goods_closed: bool = False
    comments_closed: bool = False
    replay_closed: bool = True
    share_closed: bool = False
    customer_service_closed: bool = True
    description: str = ""               # what the show offers, for the share page (Studio)


@dataclass(frozen=True, slots=True)
class PlannedLive:
    """A live planned on a platform, as the platform reports it (直播预告): the room, its plan and
    how many viewers reserved a reminder (预约)."""

    room: Room
    plan: RoomPlan
    subscribers: int | None = None      # None: the platform does not report reservations
    cover_url: str = ""                 # where the cover can be fetched (for the poster), if anywhere
    reminders_sent: int | None = None   # subscribers reminded when it went live (None: not yet, or not reported)


@dataclass(frozen=True, slots=True)
class Sku:
    id: str
    product_id: str
    name: str
    price_fen: int
    stock: int
    code: str = ""          # the merchant's own SKU code (商家编码): how one item is matched across platforms


class ReviewState(LabelledEnum):
    """Where a product stands in a platform's review (WeChat mini-program live: 商品库审核)."""

    NOT_REQUIRED = "not_required", QT_TRANSLATE_NOOP("ReviewState", "no review needed")
    NOT_SUBMITTED = "not_submitted", QT_TRANSLATE_NOOP("ReviewState", "not submitted for review")
    IN_REVIEW = "in_review", QT_TRANSLATE_NOOP("ReviewState", "under review")
    APPROVED = "approved", QT_TRANSLATE_NOOP("ReviewState", "approved")
    REJECTED = "rejected", QT_TRANSLATE_NOOP("ReviewState", "rejected")


@dataclass(frozen=True, slots=True)
class Product:
    id: str
    name: str
    skus: tuple[Sku, ...] = ()
    image_url: str = ""
    category: str = ""
    description: str = ""
    code: str = ""          # the merchant's own product code (SPU 编码)
    review: ReviewState = ReviewState.NOT_REQUIRED

    @property
    def price_fen(self) -> int:
        """Lowest SKU price: what a shelf row shows as "from ¥…"."""
        return min((s.price_fen for s in self.skus), default=0)

    @property
    def stock(self) -> int:
        return sum(s.stock for s in self.skus)

    def sku(self, sku_id: str) -> Sku | None:
        return next((s for s in self.skus if s.id == sku_id), None)


@dataclass(frozen=True, slots=True)
class ShelfItem:
    """A product listed in a room (小黄车 row)."""

    product: Product
    position: int
    on_sale: bool = True
    on_stage: bool = False
    sold: int = 0

    @property
    def product_id(self) -> str:
        return self.product.id


class CouponKind(enum.Enum):
    CASH = "cash"            # 立减: amount off
    THRESHOLD = "threshold"  # 满减: amount off when the order reaches a threshold
    PERCENT = "percent"      # 折扣: percent off


@dataclass(frozen=True, slots=True)
class CouponTemplate:
    id: str
    name: str
    kind: CouponKind
    amount_fen: int = 0
    threshold_fen: int = 0
    percent_off: int = 0


MAX_PERCENT_OFF = 90   # a percent-off template takes 1–90 % off (Studio's bound)


# One coupon issue's bounds, as Studio takes them: how many coupons, valid for how long. The
# Promotions panel, the control API and a show's coupon cues hold an issue to them.
MAX_COUPON_QUANTITY = 1_000_000
MAX_COUPON_VALID_MIN = 7 * 24 * 60


class CouponState(enum.Enum):
    ACTIVE = "active"
    EXHAUSTED = "exhausted"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class CouponIssue:
    """A batch of coupons issued into a room (直播间发券)."""

    id: str
    room_id: str
    template_id: str
    name: str
    quantity: int
    claimed: int
    valid_until: float
    state: CouponState = CouponState.ACTIVE
    created_at: float = 0.0

    @property
    def remaining(self) -> int:
        return max(0, self.quantity - self.claimed)


# A flash sale's bounds, as Studio takes them; the Promotions panel's boxes, the control API and a
# show's flash-sale cues hold a sale to them before it is armed, so none fails only when it is sent.
MAX_SALE_STOCK = 1_000_000
MAX_PER_BUYER = 100
MAX_SALE_COUNTDOWN_S = 300
MIN_SALE_S, MAX_SALE_S = 10, 24 * 3600


class FlashSaleState(enum.Enum):
    DRAFT = "draft"
    COUNTDOWN = "countdown"
    LIVE = "live"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class FlashSaleSpec:
    """A flash sale's terms (秒杀): what the console asks a platform to launch."""

    product_id: str
    sku_id: str
    sale_price_fen: int
    stock: int
    per_buyer_limit: int = 1
    countdown_s: int = 0
    duration_s: int = 300

    def problems(self) -> list[Text]:
        """Why a platform would refuse these terms (the bounds above), or nothing."""
        out = []
        if self.sale_price_fen <= 0:
            out.append(QT_TRANSLATE_NOOP("FlashSale", "the sale price must be more than 0"))
        if not 1 <= self.stock <= MAX_SALE_STOCK:
            out.append(QT_TRANSLATE_NOOP("FlashSale", "the stock must be from 1 to {max}").fill(
                max=f"{MAX_SALE_STOCK:,}"))
        if not 1 <= self.per_buyer_limit <= MAX_PER_BUYER:
            out.append(QT_TRANSLATE_NOOP("FlashSale", "the per-buyer limit must be from 1 to {max}").fill(
                max=MAX_PER_BUYER))
        if not 0 <= self.countdown_s <= MAX_SALE_COUNTDOWN_S:
            out.append(QT_TRANSLATE_NOOP("FlashSale", "the countdown must be from 0 to {max} seconds").fill(
                max=MAX_SALE_COUNTDOWN_S))
        if not MIN_SALE_S <= self.duration_s <= MAX_SALE_S:
            out.append(QT_TRANSLATE_NOOP("FlashSale", "a sale lasts from {min} seconds to {hours} hours").fill(
                min=MIN_SALE_S, hours=MAX_SALE_S // 3600))
        return out

    def problems_against(self, sku: Sku, label: str) -> list[Text]:
        """Why the platform would refuse these terms for `sku` as it is now (`label` names it): a sale
        price not below the regular one, more stock than the SKU holds. The desk's arming and the
        cue editor both ask this."""
        out = []
        if self.sale_price_fen >= sku.price_fen:
            out.append(QT_TRANSLATE_NOOP("FlashSale", "The flash-sale price must be below the regular price "
                                                      "({price}).").fill(price=format_money(sku.price_fen)))
        if sku.stock == 0:
            out.append(QT_TRANSLATE_NOOP("FlashSale", "{sku} is sold out.").fill(sku=label))
        elif self.stock > sku.stock:
            out.append(QT_TRANSLATE_NOOP("FlashSale", "Only {left} left of {sku}; the sale needs {stock}.").fill(
                left=sku.stock, sku=label, stock=self.stock))
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class FlashSale(FlashSaleSpec):
    """A flash sale as a platform runs it: its terms, and where it stands (ids, sold, state, times)."""

    id: str
    room_id: str
    sold: int = 0
    state: FlashSaleState = FlashSaleState.DRAFT
    starts_at: float | None = None
    ends_at: float | None = None
    ended_reason: str = ""

    @property
    def remaining(self) -> int:
        return max(0, self.stock - self.sold)

    def state_at(self, now: float) -> FlashSaleState:
        """Where it stands at `now` (its platform's time): between two of its events the clock may
        already have moved it on, from countdown to live or from live to ended."""
        if self.state is FlashSaleState.COUNTDOWN and self.starts_at and now >= self.starts_at:
            return FlashSaleState.LIVE
        if self.state is FlashSaleState.LIVE and self.ends_at and now >= self.ends_at:
            return FlashSaleState.ENDED
        return self.state


@dataclass(frozen=True, slots=True)
class Comment:
    """One viewer comment. `text` is plain text and stays plain text everywhere."""

    id: str
    room_id: str
    user_id: str
    nickname: str
    text: str
    created_at: float
    is_staff: bool = False
    pinned: bool = False
    hidden: bool = False
    deleted: bool = False
    connection_id: str = ""
    announcement: str | None = None     # a staff announcement's colour (primary, blue, …): shown highlighted

    def __post_init__(self) -> None:
        # Whatever a platform sent, from here on the text and the name hold only text (`plain_text`).
        object.__setattr__(self, "text", plain_text(self.text))
        object.__setattr__(self, "nickname", plain_text(self.nickname))


@dataclass(frozen=True, slots=True)
class Viewer:
    id: str
    nickname: str
    muted_until: float | None = None
    banned: bool = False


BASIC_FIGURES = frozenset({"online", "entries", "likes", "comments", "orders", "gmv_fen", "sales"})
ALL_FIGURES = BASIC_FIGURES | {"followers", "buyers", "coupon_claims", "coupon_uses", "coupon_gmv_fen",
                               "flash_sale_sold"}


@dataclass(frozen=True, slots=True)
class RoomStats:
    """A room's live figures, cumulative since the room was created. A platform that does not
    report a figure leaves it at 0 and leaves it out of its `Platform.figures`."""

    online: int = 0
    entries: int = 0
    likes: int = 0
    comments: int = 0
    orders: int = 0
    gmv_fen: int = 0
    sales: dict[str, int] = field(default_factory=dict)  # product id -> units sold
    followers: int = 0                                    # new followers
    buyers: int = 0                                       # unique buyers
    coupon_claims: int = 0
    coupon_uses: int = 0                                  # orders paid with a coupon
    coupon_gmv_fen: int = 0                               # GMV of those orders
    flash_sale_sold: dict[str, int] = field(default_factory=dict)  # flash sale id -> units sold


@dataclass(frozen=True, slots=True)
class Order:
    id: str
    room_id: str
    viewer_id: str
    product_id: str
    sku_id: str
    quantity: int
    amount_fen: int
    created_at: float
    flash_sale_id: str | None = None
    coupon_claim_id: str | None = None   # paid with this claimed coupon


@dataclass(frozen=True, slots=True)
class RoomEvent:
    """One change in a room, as delivered by a platform's event stream."""

    id: int
    type: str
    room_id: str
    ts: float
    data: dict


@dataclass(frozen=True, slots=True)
class QuotaUse:
    """How much of a platform's daily allowance for one API this connection has used, for the
    console to show before an allowance runs out. Counts are this console's own (other systems
    sharing the account also draw on the platform's counter)."""

    api: str                            # the API path, e.g. "/wxaapi/broadcast/goods/push"
    used_today: int
    daily_limit: int | None             # None: the platform documents no daily limit
    refused_today: int = 0              # requests the platform refused for quota (45009/45011)
    exhausted_until: float | None = None  # epoch seconds: nothing is sent before then (45009)
    slowed_until: float | None = None     # epoch seconds: minute quota hit (45011), waiting
    units: bool = False                   # counted in quota units, not calls (YouTube: a call costs 1–50)
    resets_at: float | None = None        # epoch seconds of the next reset (None: midnight, Beijing time)
    runs_out_at: float | None = None      # when it runs out at the current pace (None: it lasts the day)

    def day_ends_at(self, now: float) -> float:
        """When the day this use is counted in ends: the platform's reset (YouTube's midnight,
        Pacific time), else midnight, Beijing time (WeChat's)."""
        return self.resets_at if self.resets_at is not None else next_beijing_midnight(now)

    @property
    def remaining(self) -> int | None:
        return None if self.daily_limit is None else max(0, self.daily_limit - self.used_today)
