"""The WeChat mini-program live (小程序直播) adapter: rooms, the goods in a room (import, 讲解, on/off
sale, order, removal), the room-wide mute, assistants and roles, and the goods library with its
review — over WeChat's server API, with events made by polling (`wechat_polling`).

What it cannot do, because the platform has no server API for it: read comments, moderate one
viewer, coupons, flash sales, live figures, start or end a live (the anchor does, by streaming),
end a 讲解 (the card stays until the next push). On-sale state, the product on stage and the mute
are not reported by `getliveinfo`; they are what this console last set.

Sources, cross-checked (paths, methods, fields, units): official pages under
developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/ (studio-management/api_*,
commodity-management/api_*, role-management/api_*), PowerWeChat src/miniProgram/liveBroadcast/
client.go (ArtisanCloud/PowerWeChat @38a5032), WxJava WxMaLiveServiceImpl / WxMaLiveGoodsServiceImpl /
WxMaApiUrlConstants.Broadcast (binarywang/WxJava @3e48dc7), SKIT.FlurlHttpClient.Wechat ModelSamples
(fudiwei/DotNetCore.SKIT.FlurlHttpClient.Wechat @92020d9).
  POST /cgi-bin/stable_token                    api_getstableaccesstoken; WxJava GET_STABLE_ACCESS_TOKEN_URL
  POST /wxa/business/getliveinfo {start,limit}  api_getliveinfo (goods price in 分, per the page); PowerWeChat
  POST /wxaapi/broadcast/room/create|editroom   api_createroom / api_editroom; PowerWeChat request structs
  POST /cgi-bin/media/upload?type=image         新增临时素材 (multipart `media`; media_id valid 3 days): room images
  GET  /wxaapi/broadcast/room/getpushurl?roomId api_getpushurl; PowerWeChat HttpGet; WxJava get()
  GET  /wxaapi/broadcast/room/getsharedcode     api_getsharedcode (cdnUrl, pagePath, posterUrl); WxJava bean
  POST /wxaapi/broadcast/room/addgoods {ids,roomId}        api_importgoods; PowerWeChat, WxJava
  POST /wxaapi/broadcast/goods/push {roomId,goodsId}       liveBroadcast.goodsPush (300047); PowerWeChat
  POST /wxaapi/broadcast/goods/onsale {roomId,goodsId,onSale} api_salegoods (300049); PowerWeChat, WxJava
  POST /wxaapi/broadcast/goods/deleteInRoom                api_deletedoods; PowerWeChat, WxJava
  POST /wxaapi/broadcast/goods/sort {roomId,goods[{goodsId}]} api_sortgoods (ids as strings, as the example)
  POST /wxaapi/broadcast/room/updatecomment {roomId,banComment} api_updatecomment (the table says `id`, its
       example, PowerWeChat and WxJava send `roomId`: we follow them)
  POST /wxaapi/broadcast/room/addassistant|modifyassistant|removeassistant, GET getassistantlist?roomId
  GET  /wxaapi/broadcast/role/getrolelist?role&offset&limit, POST role/addrole|deleterole {username,role}
  POST /wxaapi/broadcast/goods/add {goodsInfo:{…, price 元}} api_addgoods (500/day); medivhzhan/weapp goods_add.go
  POST /wxaapi/broadcast/goods/audit {goodsId}; POST /wxa/business/getgoodswarehouse {goods_ids}
  GET  /wxaapi/broadcast/goods/getapproved?offset&limit&status  api_getgoodsinfo (camelCase keys; WxJava
       remaps them); prices read as 分 like getliveinfo's (the warehouse table says 元, its example 12300)."""

from __future__ import annotations

import asyncio
import enum
import random
from dataclasses import dataclass, replace
from typing import Any, AsyncIterator, Callable
from urllib.parse import parse_qs, urlsplit

import httpx

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import Clock
from anchor_console.domain.models import (
    PlannedLive, Product, ReviewState, Room, RoomEvent, RoomPlan, RoomStatus, ShelfItem, Sku,
)
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms import errors as pe
from anchor_console.platforms.base import RoomSnapshot, StatusCallback
from anchor_console.platforms.transport import Sleep
from anchor_console.platforms.wechat_auth import WeChatCredentials
from anchor_console.platforms.wechat_client import (
    API_BASE, MemoryLedger, SentLedger, Upload, WeChatPlatform, errcode_of, wechat_error,
)
from anchor_console.platforms.wechat_polling import Feed, Poller
from anchor_console.platforms.wechat_live_rules import (
    GOODS_NAME_WIDTH, IMAGE_MAX, IMAGE_TYPES, PLAN_ERRCODES, RULES, broken_plan_rules, text_width,
)
from anchor_console.platforms.wechat_quota import QuotaBook

C = Capability
NAME = QT_TRANSLATE_NOOP("Platform", "WeChat mini-program live")
GETLIVEINFO = "/wxa/business/getliveinfo"
EMPTY_ROOM_LIST = frozenset({1, 9410000})   # "no room created yet": an empty list, not a failure
PAGE = 100
ROLE_PAGE = 30   # getrolelist's largest `limit` (its documented maximum; a larger one is not honoured)
LIVE_STATUS = {101: RoomStatus.LIVE, 102: RoomStatus.SCHEDULED, 103: RoomStatus.ENDED, 104: RoomStatus.ENDED,
               105: RoomStatus.LIVE, 106: RoomStatus.LIVE, 107: RoomStatus.ENDED}
REVIEW = {0: ReviewState.NOT_SUBMITTED, 1: ReviewState.IN_REVIEW, 2: ReviewState.APPROVED, 3: ReviewState.REJECTED}

NOT_FROM_CONSOLE = QT_TRANSLATE_NOOP("PlatformError", "WeChat mini-program live cannot do this from the console: a "
                                                      "live starts and ends when the anchor starts and stops "
                                                      "streaming, and a 讲解 card stays until another product is "
                                                      "pushed.")
STAGE_OCCUPIED = QT_TRANSLATE_NOOP("PlatformError", "Another product is already on stage.")
PLAN_INVALID = QT_TRANSLATE_NOOP("PlatformError", "The live plan breaks a WeChat rule: {rule}")
GOODS_INVALID = QT_TRANSLATE_NOOP("PlatformError", "The product breaks a WeChat goods-library rule: {rule}")
_REASONS: dict[Capability, Text] = {
    **dict.fromkeys((C.COMMENT_STREAM, C.POST_AS_STAFF, C.ANNOUNCE), QT_TRANSLATE_NOOP(
        "PlatformError", "WeChat mini-program live has no API to read comments; watch them in the 小程序直播 app.")),
    **dict.fromkeys((C.COUPONS, C.FLASH_SALES), QT_TRANSLATE_NOOP(
        "PlatformError", "WeChat mini-program live has no API for coupons or flash sales; run them from the "
                         "mini-program's own backend.")),
    **dict.fromkeys((C.MUTE, C.HIDE_COMMENT, C.DELETE_COMMENT, C.BAN, C.PIN), QT_TRANSLATE_NOOP(
        "PlatformError", "WeChat mini-program live can only mute the whole room; single viewers are handled in the "
                         "小程序直播 app by the room's assistants.")),
    **dict.fromkeys((C.SLOW_MODE, C.FOLLOWERS_ONLY, C.SHIELD_MODE), QT_TRANSLATE_NOOP(
        "PlatformError", "WeChat mini-program live can only mute the whole room; it has no slow, followers-only or "
                         "shield mode.")),
    C.STATS_STREAM: QT_TRANSLATE_NOOP("PlatformError", "WeChat mini-program live reports no viewer, like or sales "
                                                       "figures through its API."),
    C.LUCKY_BAGS: QT_TRANSLATE_NOOP("PlatformError", "WeChat mini-program live has no API for lucky bags (福袋) or "
                                                     "draws; run them from the 小程序直播 app."),
    C.RED_PACKETS: QT_TRANSLATE_NOOP("PlatformError", "WeChat mini-program live has no API for red packets (红包)."),
}


class PriceType(enum.IntEnum):
    FIXED = 1       # 一口价: price
    RANGE = 2       # 价格区间: price .. price2
    DISCOUNT = 3    # 显示折扣价: price was, price2 now


@dataclass(frozen=True, slots=True)
class GoodsDraft:
    """A product to add to the goods library (it is reviewed before it can be listed)."""

    name: str
    cover_media_id: str          # uploaded image (media id, valid 3 days), ≤ 300×300 px
    page_path: str               # the product page in the mini-program, query encoded
    price_fen: int
    price_type: PriceType = PriceType.FIXED
    price2_fen: int = 0
    third_party_appid: str = ""


@dataclass(frozen=True, slots=True)
class GoodsSubmission:
    goods_id: str
    audit_id: str


@dataclass(frozen=True, slots=True)
class RoomAssistant:
    openid: str
    account: str
    nickname: str
    avatar_url: str = ""
    updated_at: float = 0.0


@dataclass(frozen=True, slots=True)
class LiveMember:
    """A member of the account's live team. Roles: 0 super admin, 1 admin, 2 anchor, 3 operator."""

    openid: str
    account: str                  # masked by WeChat
    nickname: str
    roles: tuple[int, ...]
    avatar_url: str = ""
    updated_at: float = 0.0


def yuan(fen: int) -> float:
    """goods/add takes 元 with at most two decimals."""
    return round(fen / 100, 2)


def _goods_product(g: dict, review: ReviewState = ReviewState.NOT_REQUIRED) -> Product:
    """A goods record, from getliveinfo (snake_case) or getapproved (camelCase), as a Product.
    Stock lives in the merchant's mini-program: WeChat does not report it (shown as 0)."""
    gid = str(g.get("goods_id", g.get("goodsId", "")))
    name = str(g.get("name", ""))
    price = int(g.get("price") or 0)
    return Product(id=gid, name=name, image_url=str(g.get("cover_img") or g.get("coverImgUrl")
                                                        or g.get("cover_img_url") or ""),
                   skus=(Sku(id=gid, product_id=gid, name=name, price_fen=price, stock=0),), review=review)


def parse_room(d: dict, *, mute_all: bool = False, stage: str | None = None) -> Room:
    status = LIVE_STATUS.get(int(d.get("live_status") or 102), RoomStatus.SCHEDULED)
    start, end = d.get("start_time"), d.get("end_time")
    return Room(id=str(d["roomid"]), title=str(d.get("name", "")), status=status,
                started_at=float(start) if start and status is not RoomStatus.SCHEDULED else None,
                ended_at=float(end) if end and status is RoomStatus.ENDED else None,
                mute_all=mute_all, stage_product_id=stage,
                scheduled_at=float(start) if start else None)


def parse_push_url(push_addr: str) -> dict:
    """`rtmp://host/live/<stream>?txSecret=…&txTime=<hex>` split the way OBS asks for it."""
    parts = urlsplit(push_addr)
    app, _, stream = parts.path.lstrip("/").partition("/")
    server = f"{parts.scheme}://{parts.netloc}/{app}/"
    stream_key = stream + (f"?{parts.query}" if parts.query else "")
    tx_time = (parse_qs(parts.query).get("txTime") or [""])[0]
    return {"server": server, "stream_key": stream_key, "url": push_addr,
            "expires_at": int(tx_time, 16) if tx_time else None}


class WeChatLivePlatform(WeChatPlatform):
    name, reasons = NAME, _REASONS
    kind = "wechat_miniprogram"
    reports_stock = False
    figures = frozenset()   # no viewer, like or sales figures through the API
    capabilities = frozenset({C.ROOMS, C.SHELF, C.STAGE, C.SALE_TOGGLE, C.SORT, C.ROOM_MUTE, C.LIVE_PLANS})

    def __init__(self, connection_id: str, credentials: WeChatCredentials, client: httpx.AsyncClient, *,
                 display_name: str | None = None, base_url: str = API_BASE, clock: Clock | None = None,
                 sleep: Sleep = asyncio.sleep, rng: random.Random | None = None, quota: QuotaBook | None = None,
                 ledger: SentLedger | None = None, live_poll_s: float = 10.0, idle_poll_s: float = 60.0) -> None:
        super().__init__(connection_id, credentials, client, display_name=display_name, base_url=base_url,
                         clock=clock, sleep=sleep, rng=rng, quota=quota)
        self.ledger = ledger or MemoryLedger()
        self.live_poll_s, self.idle_poll_s = live_poll_s, idle_poll_s

    def _not_from_console(self, what: str) -> pe.InvalidRequest:
        return pe.InvalidRequest(NOT_FROM_CONSOLE, detail=f"{what}: no server API", platform=self.display_name,
                                 code="not_via_api")

    async def _read_list(self, method: str, path: str, items: str, fields: dict | None = None, *,
                         start: str = "offset", ok_codes: frozenset[int] = frozenset(), size: int = PAGE,
                         last_page: Callable[[list[dict]], bool] = lambda page: False) -> list[dict]:
        """A WeChat list read `size` entries at a time (no more than the API's documented largest
        `limit`: a page shorter than asked is taken for the last) until a short page, the answer's
        `total`, or `last_page`: the `items` of every page. The paging fields go with `fields`, in
        the body of a POST and in the query of a GET."""
        read: list[dict] = []
        while True:
            paging = {**(fields or {}), start: len(read), "limit": size}
            data = await self.api.call(method, path, safe=True, ok_codes=ok_codes,
                                       **({"body": paging} if method == "POST" else {"query": paging}))
            page = list(data.get(items) or [])
            read += page
            if len(page) < size or len(read) >= int(data.get("total") or 0) or last_page(page):
                return read

    # ------------------------------------------------------------------ rooms

    async def _room_pages(self, stop_at: str | None = None) -> list[dict]:
        """Rooms, newest start first, page by page (stopping at `stop_at`'s page when given)."""
        return await self._read_list("POST", GETLIVEINFO, "room_info", start="start", ok_codes=EMPTY_ROOM_LIST,
                                     last_page=lambda page: bool(stop_at) and any(str(r.get("roomid")) == stop_at
                                                                                  for r in page))

    async def _room_info(self, room_id: str) -> dict:
        for r in await self._room_pages(stop_at=str(room_id)):
            if str(r.get("roomid")) == str(room_id):
                return r
        raise wechat_error(300022, f"room {room_id} not in getliveinfo", api=GETLIVEINFO, platform=self.display_name)

    def _room(self, info: dict) -> Room:
        state = self._watch(str(info["roomid"])).state
        return parse_room(info, mute_all=bool(state.get("mute")), stage=state.get("stage"))

    def _shelf(self, info: dict) -> list[ShelfItem]:
        state = self._watch(str(info["roomid"])).state
        off, stage = state.setdefault("off_sale", set()), state.get("stage")
        return [ShelfItem(product=_goods_product(g), position=i + 1, on_sale=str(g.get("goods_id")) not in off,
                          on_stage=str(g.get("goods_id")) == stage) for i, g in enumerate(info.get("goods") or [])]

    async def list_rooms(self) -> list[Room]:
        return [self._room(r) for r in await self._room_pages()]

    async def snapshot(self, room_id: str) -> RoomSnapshot:
        info = await self._room_info(room_id)
        room, shelf = self._room(info), self._shelf(info)
        watch = self._watch(room_id)
        watch.seen.changed("room", room)
        watch.seen.changed("shelf", shelf)
        return RoomSnapshot(room=room, shelf=tuple(shelf), last_event_id=watch.last_event_id)

    async def start_room(self, room_id: str, *, key: str) -> Room:
        raise self._not_from_console("start_room")

    async def end_room(self, room_id: str, *, key: str) -> Room:
        raise self._not_from_console("end_room")

    async def push_url(self, room_id: str) -> dict:
        data = await self.api.call("GET", "/wxaapi/broadcast/room/getpushurl", query={"roomId": int(room_id)},
                                   safe=True)
        return parse_push_url(str(data.get("pushAddr", "")))

    async def share_link(self, room_id: str, params: str = "") -> dict:
        query: dict[str, Any] = {"roomId": int(room_id), **({"params": params} if params else {})}
        data = await self.api.call("GET", "/wxaapi/broadcast/room/getsharedcode", query=query, safe=True)
        return {"qr_code_url": data.get("cdnUrl", ""), "page_path": data.get("pagePath", ""),
                "poster_url": data.get("posterUrl", "")}

    def _plan_body(self, plan: RoomPlan) -> dict:
        broken = broken_plan_rules(plan, self.api.server_now())   # WeChat judges a plan on its clock
        if broken:
            raise pe.InvalidRequest(PLAN_INVALID.fill(rule=RULES[broken[0]]), detail=f"room plan: {broken[0]}",
                                    platform=self.display_name, code="plan_" + broken[0])
        return {"name": plan.title, "coverImg": plan.cover_image, "startTime": int(plan.starts_at),
                "endTime": int(plan.ends_at), "anchorName": plan.anchor_name, "anchorWechat": plan.anchor_account,
                "subAnchorWechat": plan.sub_anchor_account, "createrWechat": plan.creator_account,
                "shareImg": plan.share_image, "feedsImg": plan.feeds_image,
                "isFeedsPublic": int(plan.public_in_feeds), "type": int(plan.push_stream),
                "closeLike": int(plan.likes_closed), "closeGoods": int(plan.goods_closed),
                "closeComment": int(plan.comments_closed), "closeReplay": int(plan.replay_closed),
                "closeShare": int(plan.share_closed), "closeKf": int(plan.customer_service_closed)}

    async def schedule_room(self, plan: RoomPlan, *, key: str) -> Room:
        """room/create has no idempotency: a retry first looks for the room the first try made
        (same name, start and end), and only creates when there is none."""
        body = self._plan_body(plan)
        sent = self.ledger.get(key)
        if sent is not None and sent.get("room_id"):
            return self._room(await self._room_info(sent["room_id"]))
        if sent is not None or not self.ledger.durable:
            for r in await self._room_pages():
                if (r.get("name"), r.get("start_time"), r.get("end_time")) == (
                        body["name"], body["startTime"], body["endTime"]):
                    self.ledger.put(key, {"kind": "room", "body": body, "room_id": str(r["roomid"])})
                    return self._room(r)
        self.ledger.put(key, {"kind": "room", "body": body, "sent_at": self.clock.now()})
        try:
            data = await self.api.call("POST", "/wxaapi/broadcast/room/create", body=body,
                                       ok_codes=frozenset({300036}))
        except pe.InvalidRequest as exc:
            raise self._plan_refused(exc) from None
        if errcode_of(data) == 300036:   # the anchor must verify first; the answer carries the QR code for it
            raise wechat_error(300036, f"qrcode_url={data.get('qrcode_url', '')}", api="/wxaapi/broadcast/room/create",
                               platform=self.display_name)
        room_id = str(data["roomId"])
        self.ledger.put(key, {"kind": "room", "body": body, "room_id": room_id})
        return Room(id=room_id, title=plan.title, status=RoomStatus.SCHEDULED, scheduled_at=plan.starts_at)

    async def edit_room(self, room_id: str, plan: RoomPlan, *, key: str) -> Room:
        # editroom takes the create fields but the sub-anchor, creator and stream type (fixed at creation).
        fixed = ("subAnchorWechat", "createrWechat", "type")
        body = {"id": int(room_id), **{k: v for k, v in self._plan_body(plan).items() if k not in fixed}}
        try:
            await self.api.call("POST", "/wxaapi/broadcast/room/editroom", body=body, safe=True)
        except pe.InvalidRequest as exc:
            raise self._plan_refused(exc) from None
        return self._room(await self._room_info(room_id))

    def _plan_refused(self, exc: pe.InvalidRequest) -> pe.PlatformError:
        """WeChat's errcode for a broken plan rule, in the rule's words (others as they are)."""
        rule = PLAN_ERRCODES.get(int(exc.code)) if exc.code.lstrip("-").isdigit() else None
        if rule is None:
            return exc
        return pe.InvalidRequest(PLAN_INVALID.fill(rule=RULES[rule]), detail=exc.detail, platform=self.display_name,
                                 code=exc.code)

    async def upload_image(self, data: bytes, filename: str, *, key: str) -> str:
        """A temporary media id for a plan's cover or share image (media/upload; valid 3 days)."""
        mime = next((m for magic, m in IMAGE_TYPES if data.startswith(magic)), None)
        if mime is None or len(data) > IMAGE_MAX:
            raise pe.InvalidRequest(PLAN_INVALID.fill(rule=RULES["image_type"]), detail="media/upload: not an image",
                                    platform=self.display_name, code="plan_image_type")
        # A second upload after a lost answer only leaves an unused media id: safe to resend.
        answer = await self.api.call("POST", "/cgi-bin/media/upload", query={"type": "image"}, safe=True,
                                     upload=Upload("media", filename, data, mime))
        return str(answer["media_id"])

    async def list_plans(self) -> list[PlannedLive]:
        """Rooms not started yet or live (getliveinfo; WeChat reports no reservations to a mini-program)."""
        planned = []
        for info in await self._room_pages():
            room = self._room(info)
            if room.status is RoomStatus.ENDED or int(info.get("live_status") or 102) == 107:
                continue
            plan = RoomPlan(title=room.title, starts_at=float(info.get("start_time") or 0),
                            ends_at=float(info.get("end_time") or 0), anchor_name=str(info.get("anchor_name", "")),
                            anchor_account="", cover_image="", share_image="")
            planned.append(PlannedLive(room=room, plan=plan, subscribers=None,
                                       cover_url=str(info.get("cover_img") or "")))
        return sorted(planned, key=lambda p: p.plan.starts_at)

    async def set_room_mute(self, room_id: str, muted: bool, *, key: str) -> Room:
        await self.api.call("POST", "/wxaapi/broadcast/room/updatecomment",
                            body={"roomId": int(room_id), "banComment": int(muted)}, safe=True)
        watch = self._watch(room_id)
        watch.state["mute"] = muted
        room = self._room(await self._room_info(room_id))
        watch.seen.changed("room", room)
        watch.echo("room.updated", {"room": room})
        return room

    # ------------------------------------------------------------------ goods in the room

    async def list_products(self) -> list[Product]:
        """The goods library, every review state (approved first: only those can be listed)."""
        return [_goods_product(g, REVIEW[status]) for status in (2, 1, 0, 3)
                for g in await self._read_list("GET", "/wxaapi/broadcast/goods/getapproved", "goods",
                                               {"status": status})]

    async def get_shelf(self, room_id: str) -> list[ShelfItem]:
        return self._shelf(await self._room_info(room_id))

    async def _shelf_changed(self, room_id: str, shelf: list[ShelfItem]) -> None:
        watch = self._watch(room_id)
        watch.seen.changed("shelf", shelf)
        watch.echo("shelf.changed", {"shelf": tuple(shelf)})

    async def add_to_shelf(self, room_id: str, product_id: str, *, key: str) -> ShelfItem:
        listed = next((i for i in self._shelf(await self._room_info(room_id)) if i.product_id == str(product_id)), None)
        if listed is not None:   # already imported (a resend): importing again would only fail
            return listed
        await self.api.call("POST", "/wxaapi/broadcast/room/addgoods",
                            body={"ids": [int(product_id)], "roomId": int(room_id)}, safe=True)
        shelf = self._shelf(await self._room_info(room_id))
        await self._shelf_changed(room_id, shelf)
        item = next((i for i in shelf if i.product_id == str(product_id)), None)
        # getliveinfo can lag an import by seconds: the item is there, only not yet listed back.
        return item or ShelfItem(product=Product(id=str(product_id), name=""), position=len(shelf) + 1)

    async def remove_from_shelf(self, room_id: str, product_id: str, *, key: str) -> None:
        # 300053 "not in this room" on a resend means the first send removed it.
        await self.api.call("POST", "/wxaapi/broadcast/goods/deleteInRoom", safe=True,
                            body={"roomId": int(room_id), "goodsId": int(product_id)}, ok_codes=frozenset({300053}))
        shelf = [i for i in self._shelf(await self._room_info(room_id)) if i.product_id != str(product_id)]
        await self._shelf_changed(room_id, shelf)

    async def reorder_shelf(self, room_id: str, product_ids: list[str], *, key: str) -> list[ShelfItem]:
        await self.api.call("POST", "/wxaapi/broadcast/goods/sort", safe=True,
                            body={"roomId": int(room_id), "goods": [{"goodsId": str(p)} for p in product_ids]})
        current = {i.product_id: i for i in self._shelf(await self._room_info(room_id))}
        ordered = [replace(current[p], position=n + 1) for n, p in enumerate(product_ids) if p in current]
        rest = [i for pid, i in current.items() if pid not in product_ids]
        shelf = ordered + [replace(i, position=len(ordered) + n + 1) for n, i in enumerate(rest)]
        await self._shelf_changed(room_id, shelf)
        return shelf

    async def set_on_sale(self, room_id: str, product_id: str, on_sale: bool, *, key: str) -> ShelfItem:
        await self.api.call("POST", "/wxaapi/broadcast/goods/onsale", safe=True,
                            body={"roomId": int(room_id), "goodsId": int(product_id), "onSale": int(on_sale)})
        off = self._watch(room_id).state.setdefault("off_sale", set())
        (off.discard if on_sale else off.add)(str(product_id))
        shelf = self._shelf(await self._room_info(room_id))
        await self._shelf_changed(room_id, shelf)
        return next((i for i in shelf if i.product_id == str(product_id)),
                    ShelfItem(product=Product(id=str(product_id), name=""), position=0, on_sale=on_sale))

    async def put_on_stage(self, room_id: str, product_id: str, *, key: str, replace: bool = True) -> Room:
        watch = self._watch(room_id)
        current = watch.state.get("stage")
        if not replace and current not in (None, str(product_id)):
            raise pe.Conflict(STAGE_OCCUPIED, detail=f"{current} is on stage", platform=self.display_name,
                              code="stage_occupied")
        await self.api.call("POST", "/wxaapi/broadcast/goods/push", safe=True,
                            body={"roomId": int(room_id), "goodsId": int(product_id)})
        watch.state["stage"] = str(product_id)
        info = await self._room_info(room_id)
        room = self._room(info)
        watch.seen.changed("room", room)
        watch.seen.changed("shelf", self._shelf(info))
        watch.echo("stage.changed", {"product_id": str(product_id)})
        return room

    async def clear_stage(self, room_id: str, *, key: str) -> Room:
        raise self._not_from_console("clear_stage")

    # ------------------------------------------------------------------ assistants and roles

    async def list_assistants(self, room_id: str) -> list[RoomAssistant]:
        data = await self.api.call("GET", "/wxaapi/broadcast/room/getassistantlist", query={"roomId": int(room_id)},
                                   safe=True)
        return [RoomAssistant(openid=str(a.get("openid", "")), account=str(a.get("alias", "")),
                              nickname=str(a.get("nickname", "")), avatar_url=str(a.get("headimg", "")),
                              updated_at=float(a.get("timestamp") or 0)) for a in data.get("list") or []]

    async def add_assistant(self, room_id: str, account: str, nickname: str, *, key: str) -> None:
        await self.api.call("POST", "/wxaapi/broadcast/room/addassistant", safe=True,
                            body={"roomId": int(room_id), "users": [{"username": account, "nickname": nickname}]})

    async def rename_assistant(self, room_id: str, account: str, nickname: str, *, key: str) -> None:
        await self.api.call("POST", "/wxaapi/broadcast/room/modifyassistant", safe=True,
                            body={"roomId": int(room_id), "username": account, "nickname": nickname})

    async def remove_assistant(self, room_id: str, account: str, *, key: str) -> None:
        await self.api.call("POST", "/wxaapi/broadcast/room/removeassistant", safe=True,
                            body={"roomId": int(room_id), "username": account})

    async def list_members(self, role: int = -1, keyword: str = "") -> list[LiveMember]:
        """The account's live team (-1: every role)."""
        fields = {"role": role, **({"keyword": keyword} if keyword else {})}
        return [LiveMember(openid=str(m.get("openid", "")), account=str(m.get("username", "")),
                           nickname=str(m.get("nickname", "")), roles=tuple(int(r) for r in m.get("roleList") or ()),
                           avatar_url=str(m.get("headingimg", "")), updated_at=float(m.get("updateTimestamp") or 0))
                for m in await self._read_list("GET", "/wxaapi/broadcast/role/getrolelist", "list", fields,
                                               size=ROLE_PAGE)]

    async def set_member_role(self, account: str, role: int, granted: bool, *, key: str) -> None:
        path = "/wxaapi/broadcast/role/addrole" if granted else "/wxaapi/broadcast/role/deleterole"
        await self.api.call("POST", path, body={"username": account, "role": role}, safe=True)

    # ------------------------------------------------------------------ the goods library

    def _goods_info(self, draft: GoodsDraft) -> dict:
        ranged = draft.price_type is not PriceType.FIXED
        if text_width(draft.name) > GOODS_NAME_WIDTH or not draft.name:
            rule = "goods_name"
        elif draft.price_fen <= 0 or (ranged and draft.price2_fen <= 0):
            rule = "price"
        else:
            rule = ""
        if rule:
            raise pe.InvalidRequest(GOODS_INVALID.fill(rule=RULES[rule]), detail=f"goods draft: {rule}",
                                    platform=self.display_name, code="goods_" + rule)
        info = {"coverImgUrl": draft.cover_media_id, "name": draft.name, "priceType": int(draft.price_type),
                "price": yuan(draft.price_fen), "url": draft.page_path, "thirdPartyAppid": draft.third_party_appid}
        if ranged:
            info["price2"] = yuan(draft.price2_fen)
        return info

    async def submit_goods(self, draft: GoodsDraft, *, key: str) -> GoodsSubmission:
        """Add a product to the library and submit it for review (500 a day). A retry first looks
        for what the first try added (same name and page) among goods not yet approved."""
        info = self._goods_info(draft)
        sent = self.ledger.get(key)
        if sent is not None and sent.get("goods_id"):
            return GoodsSubmission(sent["goods_id"], sent.get("audit_id", ""))
        if sent is not None or not self.ledger.durable:
            for product in await self.list_products():
                if product.review is not ReviewState.APPROVED and product.name == draft.name \
                        and product.price_fen == draft.price_fen:
                    self.ledger.put(key, {"kind": "goods", "body": info, "goods_id": product.id})
                    return GoodsSubmission(product.id, "")
        self.ledger.put(key, {"kind": "goods", "body": info, "sent_at": self.clock.now()})
        data = await self.api.call("POST", "/wxaapi/broadcast/goods/add", body={"goodsInfo": info})
        done = GoodsSubmission(str(data["goodsId"]), str(data.get("auditId", "")))
        self.ledger.put(key, {"kind": "goods", "body": info, "goods_id": done.goods_id, "audit_id": done.audit_id})
        return done

    async def resubmit_goods(self, goods_id: str, *, key: str) -> str:
        """Send a rejected or withdrawn product for review again; returns the new audit id."""
        data = await self.api.call("POST", "/wxaapi/broadcast/goods/audit", body={"goodsId": int(goods_id)})
        return str(data.get("auditId", ""))

    async def review_states(self, goods_ids: list[str]) -> list[Product]:
        """Up to 20 library products with their review state (getgoodswarehouse)."""
        data = await self.api.call("POST", "/wxa/business/getgoodswarehouse", safe=True,
                                   body={"goods_ids": [int(g) for g in goods_ids[:20]]})
        return [_goods_product(g, REVIEW.get(int(g.get("audit_status") or 0), ReviewState.NOT_SUBMITTED))
                for g in data.get("goods") or []]

    # ------------------------------------------------------------------ events, by polling

    def events(self, room_id: str, *, last_event_id: int = 0,
               on_status: StatusCallback | None = None) -> AsyncIterator[RoomEvent]:
        """Room and goods changes, polled with `getliveinfo` (one call a round, every `live_poll_s`
        while live, `idle_poll_s` otherwise, stretched to the quota); the console's own changes
        (stage, on/off sale, mute) are echoed at once."""
        watch = self._watch(room_id)
        watch.last_event_id = max(watch.last_event_id, last_event_id)

        async def poll_room() -> list[tuple[str, dict]]:
            info = await self._room_info(room_id)
            room, shelf = self._room(info), self._shelf(info)
            watch.state["live"] = room.status is RoomStatus.LIVE
            out: list[tuple[str, dict]] = []
            if watch.seen.changed("room", room):
                out.append(("room.updated", {"room": room}))
            if watch.seen.changed("shelf", shelf):
                out.append(("shelf.changed", {"shelf": tuple(shelf)}))
            return out

        feed = Feed("room", GETLIVEINFO, self.live_poll_s, poll_room,
                    interval_s=lambda: self.live_poll_s if watch.state.get("live", True) else self.idle_poll_s)
        return Poller(watch, [feed], quota=self.api.quota, clock=self.clock, sleep=self._sleep,
                      on_status=on_status).run()
