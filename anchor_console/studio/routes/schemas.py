"""What Studio answers, as OpenAPI schemas: one model per resource and the error body. The routes
name them in `responses=` for the document only — the services' dicts are sent as they are (no
second validation per request); tests/studio/test_openapi_fuzz.py checks every answer against them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class ApiErrorBody(Model):
    """Every refusal: a machine-readable `code` and a sentence for people; some add fields
    (`retry_after` on 429, `retry_after_s` on slow_mode, `stage_product_id` on stage_occupied)."""

    code: str
    message: str


class Ok(Model):
    ok: bool


class Plan(Model):
    """A room planned ahead (直播预告). `reminders_sent`: null until the room starts."""

    starts_at: float
    ends_at: float
    anchor_name: str
    description: str
    cover_url: str
    cover_media_id: str
    watch_url: str
    subscribers: int
    reminders_sent: int | None


class RoomVideo(Model):
    """The room's video on Tencent Cloud Live (present only when Studio follows it there)."""
    state: Literal["live", "dropped", "forbidden", "idle"]
    since: float


class ChatModes(Model):
    """A room's chat modes. slow_mode_s: 0 off, else 3..120 seconds between a viewer's comments;
    followers_only_min: null off, else 0..129600 minutes a viewer must have followed; shield: only
    followers and buyers may comment."""
    slow_mode_s: int
    followers_only_min: int | None
    shield: bool


class Room(Model):
    id: int
    title: str
    status: Literal["scheduled", "live", "ended"]
    created_at: float
    started_at: float | None
    ended_at: float | None
    mute_all: bool
    stage_product_id: int | None
    chat: ChatModes
    plan: Plan | None = None
    video: RoomVideo | None = None


class Sku(Model):
    id: int
    product_id: int
    name: str
    price_fen: int
    stock: int


class Product(Model):
    id: int
    name: str
    category: str
    description: str
    image_url: str
    skus: list[Sku]
    price_fen: int
    stock: int


class ShelfItem(Model):
    product: Product
    product_id: int
    position: int
    on_sale: bool
    on_stage: bool
    sold: int


class CouponTemplate(Model):
    id: int
    name: str
    kind: Literal["cash", "threshold", "percent"]
    amount_fen: int
    threshold_fen: int
    percent_off: int


class CouponBatch(Model):
    id: int
    room_id: int
    template_id: int
    name: str
    template: CouponTemplate
    quantity: int
    claimed: int
    valid_until: float
    state: Literal["active", "ended", "exhausted"]
    created_at: float


class CouponClaim(Model):
    claim_id: int
    coupon: CouponBatch


class FlashSale(Model):
    id: int
    room_id: int
    product_id: int
    sku_id: int
    sale_price_fen: int
    stock: int
    sold: int
    per_buyer_limit: int
    countdown_s: int
    duration_s: int
    state: Literal["draft", "countdown", "live", "ended"]
    starts_at: float | None
    ends_at: float | None
    ended_reason: str
    created_at: float


class Order(Model):
    id: int
    room_id: int
    viewer_id: int
    product_id: int
    sku_id: int
    quantity: int
    unit_price_fen: int
    discount_fen: int
    amount_fen: int
    flash_sale_id: int | None
    coupon_claim_id: int | None
    created_at: float


class CommentAuthor(Model):
    id: str
    nickname: str


class Comment(Model):
    id: int
    room_id: int
    user: CommentAuthor
    text: str
    created_at: float
    is_staff: bool
    pinned: bool
    hidden: bool
    deleted: bool
    announcement: Literal["primary", "blue", "green", "orange", "purple"] | None = None   # a staff announcement's color


class ViewerCard(Model):
    id: str
    nickname: str
    muted_until: float | None
    banned: bool
    comments: int


class Stats(Model):
    online: int
    entries: int
    likes: int
    comments: int
    orders: int
    gmv_fen: int
    sales: dict[str, int]
    followers: int = Field(description="New followers since the room was created")
    buyers: int = Field(description="Unique buyers (viewers with at least one order)")
    coupon_claims: int = Field(description="Coupons claimed, all batches of the room")
    coupon_uses: int = Field(description="Orders paid with a claimed coupon")
    coupon_gmv_fen: int = Field(description="GMV of the orders paid with a coupon (fen)")
    flash_sale_sold: dict[str, int] = Field(description="Units sold per flash sale (id → sold), started sales only")


class Snapshot(Model):
    room: Room
    shelf: list[ShelfItem]
    coupons: list[CouponBatch]
    flash_sales: list[FlashSale]
    stats: Stats
    pinned_comment: Comment | None
    last_event_id: int


class Staff(Model):
    id: int
    name: str
    role: Literal["anchor", "assistant", "moderator"]
    created_at: float


class StaffCreated(Staff):
    token: str
    token_id: int
    rooms: list[int] | None
    expires_at: float | None


class ViewerJoined(Model):
    viewer_id: int
    nickname: str
    token: str


class Health(Model):
    ok: bool
    version: str
    time: float           # the Studio clock (a rehearsal runs it faster)
    clock_speed: float
    now: float            # the wall time


class Capabilities(Model):
    platform: str
    capabilities: list[str]


class Me(Model):
    role: Literal["anchor", "assistant", "moderator", "viewer"]
    name: str
    staff_id: int | None
    viewer_id: int | None
    rooms: list[int] | None
    expires_at: float | None


class Clock(Model):
    speed: float
    time: float
    now: float            # the wall time


class PushUrl(Model):
    server: str
    stream_key: str
    url: str
    expires_at: int
    tx_time: str
    tx_secret: str


class AudienceSettings(Model):
    enabled: bool
    comments_per_s: float
    viewers: int
    online: int
    replaying: bool
    replay_progress: float | None


class GroundTruthItem(Model):
    id: int
    kind: str


class ReplayStarted(Model):
    comments: int
    duration_s: float
    speed: float


class Media(Model):
    media_id: str
    type: str
    size: int


class Reservation(Model):
    room_id: int
    reserved: bool
    subscribers: int


class Notification(Model):
    id: int
    room_id: int
    kind: Literal["live_started"]
    title: str
    watch_url: str
    created_at: float


def _page(item: type[Model], name: str, *, before: bool = False, after: bool = False) -> type[Model]:
    fields: dict[str, Any] = {"items": (list[item], ...)}
    if after:
        fields["next_after_id"] = (int | None, ...)
    if before:
        fields["next_before_id"] = (int | None, ...)
    from pydantic import create_model

    return create_model(name, __base__=Model, **fields)


RoomList = _page(Room, "RoomList")
ProductList = _page(Product, "ProductList")
Shelf = _page(ShelfItem, "Shelf")
CouponTemplateList = _page(CouponTemplate, "CouponTemplateList")
CouponBatchList = _page(CouponBatch, "CouponBatchList")
FlashSaleList = _page(FlashSale, "FlashSaleList")
OrderPage = _page(Order, "OrderPage", after=True)
CommentPage = _page(Comment, "CommentPage", after=True, before=True)
StaffList = _page(Staff, "StaffList")
GroundTruthPage = _page(GroundTruthItem, "GroundTruthPage", after=True)
NotificationList = _page(Notification, "NotificationList")


def ok(model: type[BaseModel], status: int = 200, description: str = "Done") -> dict:
    """`responses=` of a route: its success answer (the errors are added for every route by
    studio/openapi.py)."""
    return {status: {"model": model, "description": description}}


EVENT_STREAM = {200: {"description": "Server-Sent Events: `hello`, then every change with an id "
                                     "(`resync` or `closed` when told so)",
                      "content": {"text/event-stream": {"schema": {"type": "string"}}}}}


class Winner(Model):
    user_id: str
    nickname: str


class LuckyBagExclusions(Model):
    staff: bool
    banned: bool
    muted: bool
    won_today: bool


class LuckyBag(Model):
    id: int
    room_id: int
    prize: str
    prize_product_id: int | None
    winners_count: int
    rule: Literal["keyword", "follow", "ordered", "fan_club"]
    keyword: str
    countdown_s: int
    exclusions: LuckyBagExclusions
    commitment: str = Field(description="sha256 (hex) of the seed, published when the bag starts")
    state: Literal["open", "closed", "drawn"]
    created_at: float
    ends_at: float
    closed_at: float | None
    entrant_count: int
    seed: str | None = Field(description="The revealed seed (hex), once drawn")
    drawn_at: float | None
    winners: list[Winner]
    announcement_comment_id: int | None


class LuckyBagEntrants(Model):
    items: list[Winner] = Field(description="The frozen entrant list, in the order the draw uses (by user id)")
    excluded: dict[str, int] = Field(description="Entries left out when entry closed, per reason")


class Following(Model):
    viewer_id: int
    follows: bool
    fan_club: bool


class RedPacket(Model):
    id: int
    room_id: int
    total_fen: int
    count: int
    split: Literal["random", "equal"]
    message: str
    claimed_count: int
    claimed_fen: int
    state: Literal["open", "finished", "expired"]
    created_at: float
    ends_at: float


class RedPacketClaim(Model):
    amount_fen: int
    red_packet: RedPacket


class RedPacketClaimant(Model):
    user_id: str
    nickname: str
    amount_fen: int
    created_at: float


LuckyBagList = _page(LuckyBag, "LuckyBagList")
RedPacketList = _page(RedPacket, "RedPacketList")
RedPacketClaims = _page(RedPacketClaimant, "RedPacketClaims")
