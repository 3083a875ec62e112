"""Studio's JSON → the domain's values (rooms, plans, products, promotions, comments, orders,
figures, lucky bags and red packets), and a plan → Studio's JSON: what the adapter reads and sends."""


from __future__ import annotations

from typing import Any

from anchor_console.domain.giveaways import (
    BagState, Entrant, EntryRule, Exclusions, LuckyBag, LuckyBagSetup, RedPacket, RedPacketSpec, Split,
)
from anchor_console.domain.models import (
    ChatModes, Comment, CouponIssue, CouponKind, CouponState, CouponTemplate, FlashSale, FlashSaleState,
    Order, PlannedLive, Product, Room, RoomPlan, RoomStats, RoomStatus, RoomVideo, ShelfItem, Sku, VideoState,
    Viewer,
)



def id_text(value: Any) -> str:
    """An id or text field as text ("" for null)."""
    return "" if value is None else str(value)


def parse_room(d: dict) -> Room:
    return Room(id=id_text(d["id"]), title=d["title"], status=RoomStatus(d["status"]), started_at=d.get("started_at"),
                ended_at=d.get("ended_at"), mute_all=bool(d.get("mute_all")),
                stage_product_id=id_text(d["stage_product_id"]) if d.get("stage_product_id") is not None else None,
                scheduled_at=(d.get("plan") or {}).get("starts_at"), video=parse_video(d.get("video")),
                chat=parse_chat_modes(d.get("chat")))


def parse_chat_modes(d: dict | None) -> ChatModes:
    """The room's `chat` (slow_mode_s, followers_only_min, shield); absent (an older Studio): all off."""
    if not isinstance(d, dict):
        return ChatModes()
    follow = d.get("followers_only_min")
    return ChatModes(slow_mode_s=int(d.get("slow_mode_s") or 0),
                     followers_only_min=None if follow is None else int(follow), shield=bool(d.get("shield")))


def parse_video(d: dict | None) -> RoomVideo | None:
    """The room's video as Studio follows it on Tencent Cloud Live (absent: not followed); a
    state this console does not know reads as absent."""
    if not isinstance(d, dict):
        return None
    try:
        return RoomVideo(VideoState(d["state"]), float(d["since"]))
    except (KeyError, ValueError, TypeError):
        return None


def parse_planned(d: dict, base_url: str = "") -> PlannedLive:
    """A Studio room with its plan (`plan` present) as the console plans it."""
    p = d["plan"]
    cover = p.get("cover_url") or ""
    return PlannedLive(room=parse_room(d), subscribers=int(p.get("subscribers") or 0),
                       reminders_sent=p.get("reminders_sent"),
                       cover_url=base_url.rstrip("/") + cover if cover.startswith("/") else cover,
                       plan=RoomPlan(title=d["title"], starts_at=float(p["starts_at"]), ends_at=float(p["ends_at"]),
                                     anchor_name=p.get("anchor_name") or "", anchor_account="",
                                     cover_image=p.get("cover_media_id") or "", share_image="",
                                     description=p.get("description") or ""))


def plan_body(plan: RoomPlan) -> dict:
    """A RoomPlan as Studio's plan request (`cover_image`: a media id from `upload_image`, or none)."""
    return {"title": plan.title, "starts_at": float(plan.starts_at), "ends_at": float(plan.ends_at),
            "anchor_name": plan.anchor_name, "description": plan.description,
            "cover_media_id": plan.cover_image or None}


def parse_product(d: dict, base_url: str = "") -> Product:
    image = d.get("image_url") or ""
    if image.startswith("/"):
        image = base_url.rstrip("/") + image
    return Product(id=id_text(d["id"]), name=d["name"], category=d.get("category", ""),
                   description=d.get("description", ""), image_url=image,
                   skus=tuple(Sku(id=id_text(s["id"]), product_id=id_text(s["product_id"]), name=s["name"],
                                  price_fen=int(s["price_fen"]), stock=int(s["stock"])) for s in d.get("skus", ())))


def parse_shelf_item(d: dict, base_url: str = "") -> ShelfItem:
    return ShelfItem(product=parse_product(d["product"], base_url), position=int(d["position"]),
                     on_sale=bool(d["on_sale"]), on_stage=bool(d["on_stage"]), sold=int(d.get("sold", 0)))


def parse_template(d: dict) -> CouponTemplate:
    return CouponTemplate(id=id_text(d["id"]), name=d["name"], kind=CouponKind(d["kind"]),
                          amount_fen=int(d.get("amount_fen", 0)), threshold_fen=int(d.get("threshold_fen", 0)),
                          percent_off=int(d.get("percent_off", 0)))


def parse_coupon(d: dict) -> CouponIssue:
    return CouponIssue(id=id_text(d["id"]), room_id=id_text(d["room_id"]), template_id=id_text(d["template_id"]), name=d["name"],
                       quantity=int(d["quantity"]), claimed=int(d["claimed"]), valid_until=float(d["valid_until"]),
                       state=CouponState(d["state"]), created_at=float(d.get("created_at", 0)))


def parse_flash_sale(d: dict) -> FlashSale:
    return FlashSale(id=id_text(d["id"]), room_id=id_text(d["room_id"]), product_id=id_text(d["product_id"]),
                     sku_id=id_text(d["sku_id"]), sale_price_fen=int(d["sale_price_fen"]), stock=int(d["stock"]),
                     sold=int(d["sold"]), per_buyer_limit=int(d["per_buyer_limit"]),
                     countdown_s=int(d["countdown_s"]), duration_s=int(d["duration_s"]),
                     state=FlashSaleState(d["state"]), starts_at=d.get("starts_at"), ends_at=d.get("ends_at"),
                     ended_reason=d.get("ended_reason") or "")


def parse_comment(d: dict, connection_id: str = "") -> Comment:
    user = d.get("user") or {}
    return Comment(id=id_text(d["id"]), room_id=id_text(d["room_id"]), user_id=id_text(user.get("id")),
                   nickname=str(user.get("nickname", "")), text=str(d["text"]), created_at=float(d["created_at"]),
                   is_staff=bool(d.get("is_staff")), pinned=bool(d.get("pinned")), hidden=bool(d.get("hidden")),
                   deleted=bool(d.get("deleted")), connection_id=connection_id,
                   announcement=str(d["announcement"]) if d.get("announcement") else None)


def parse_order(d: dict) -> Order:
    return Order(id=id_text(d["id"]), room_id=id_text(d["room_id"]), viewer_id=f"v{d['viewer_id']}", product_id=id_text(d["product_id"]),
                 sku_id=id_text(d["sku_id"]), quantity=int(d["quantity"]), amount_fen=int(d["amount_fen"]),
                 created_at=float(d["created_at"]),
                 flash_sale_id=id_text(d["flash_sale_id"]) if d.get("flash_sale_id") is not None else None,
                 coupon_claim_id=id_text(d["coupon_claim_id"]) if d.get("coupon_claim_id") is not None else None)


def parse_viewer(d: dict) -> Viewer:
    return Viewer(id=id_text(d["id"]), nickname=d["nickname"], muted_until=d.get("muted_until"),
                  banned=bool(d.get("banned")))


def parse_stats(d: dict) -> RoomStats:
    return RoomStats(online=int(d.get("online", 0)), entries=int(d.get("entries", 0)), likes=int(d.get("likes", 0)),
                     comments=int(d.get("comments", 0)), orders=int(d.get("orders", 0)),
                     gmv_fen=int(d.get("gmv_fen", 0)), sales={str(k): int(v) for k, v in (d.get("sales") or {}).items()},
                     followers=int(d.get("followers", 0)), buyers=int(d.get("buyers", 0)),
                     coupon_claims=int(d.get("coupon_claims", 0)), coupon_uses=int(d.get("coupon_uses", 0)),
                     coupon_gmv_fen=int(d.get("coupon_gmv_fen", 0)),
                     flash_sale_sold={str(k): int(v) for k, v in (d.get("flash_sale_sold") or {}).items()})



def parse_lucky_bag(d: dict) -> LuckyBag:
    ex = d.get("exclusions") or {}
    setup = LuckyBagSetup(prize=str(d["prize"]), winners=int(d["winners_count"]), rule=EntryRule(d["rule"]),
                          keyword=str(d.get("keyword") or ""), countdown_s=int(d["countdown_s"]),
                          prize_product_id=id_text(d.get("prize_product_id")),
                          exclusions=Exclusions(**{k: bool(ex[k]) for k in ("staff", "banned", "muted", "won_today")
                                                   if k in ex}))
    return LuckyBag(id=id_text(d["id"]), room_id=id_text(d["room_id"]), setup=setup, commitment=str(d["commitment"]),
                    state=BagState(d["state"]), entrant_count=int(d.get("entrant_count", 0)),
                    created_at=float(d.get("created_at", 0)), ends_at=float(d.get("ends_at", 0)),
                    seed=d.get("seed") or None,
                    winners=tuple(Entrant(id_text(w["user_id"]), str(w.get("nickname", ""))) for w in d.get("winners") or ()),
                    announcement_comment_id=id_text(d["announcement_comment_id"])
                    if d.get("announcement_comment_id") is not None else None)


def parse_red_packet(d: dict) -> RedPacket:
    spec = RedPacketSpec(total_fen=int(d["total_fen"]), count=int(d["count"]), split=Split(d["split"]),
                         claim_window_s=max(0, int(float(d["ends_at"]) - float(d["created_at"]))),
                         message=str(d.get("message", "")))
    return RedPacket(id=id_text(d["id"]), room_id=id_text(d["room_id"]), spec=spec, claimed_count=int(d["claimed_count"]),
                     claimed_fen=int(d["claimed_fen"]), state=str(d["state"]), created_at=float(d["created_at"]),
                     ends_at=float(d["ends_at"]))
