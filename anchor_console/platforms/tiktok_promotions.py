"""TikTok Shop flash deals (`FLASHSALE` promotion activities) exactly once, and its coupons, read
only (TikTok's API cannot create coupons: "go to the seller center or the seller app").

A flash deal is three calls: create the activity with its begin and end times
(POST /promotion/202309/activities), set its SKU's activity price, stock cap and per-buyer limit
(PUT …/activities/{id}/products), and, to stop it early, deactivate it (POST …/{id}/deactivate).
TikTok has no idempotency key, but an activity's title is unique in the shop: the title carries the
action's key (`AC:<hash>`). The create is noted in the ledger before it leaves; after a lost answer
or a crash the activity is looked up by that title (POST …/activities/search) and adopted — never
created twice — and the products step, a "set to" that may safely be repeated, is finished.

The shop's other promotions (fixed-price and direct discounts, shipping discounts…) are not flash
deals: search-activities-202309 takes no type filter (its request: `activity_title`, `status`,
`page_size`, `page_token`; the SKIT copy's example answer lists a FIXED_PRICE activity), so the
console keeps the FLASHSALE ones itself and refuses to deactivate any other.

Sources: the research notes (platform-apis.md §4.2: paths, methods, body fields, statuses);
hsib19/tiktok-shop-sdk apps/docs/core-api/promotion/{create-activity, update-activity-product,
deactivate-activity, get-activity, search-activities, search-coupons}.md (their "real" response
examples; tests/platforms/tiktok_docs). Unconfirmed: the flash-deal rules TikTok enforces (checked
here: a positive duration of at most 3 days, a price below the SKU's regular price, stock and
per-buyer limit of at least 1), where search takes `page_size` (body here, as the notes say), and
whether Get Activity nests its fields under `activity` (both shapes are read)."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

from anchor_console.domain.clock import Clock
from anchor_console.domain.models import (
    MAX_SALE_STOCK, CouponIssue, CouponState, FlashSale, FlashSaleState,
)
from anchor_console.domain.money import format_money
from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.platforms import errors as pe
from anchor_console.domain.models import FlashSaleSpec
from anchor_console.platforms.tiktok_client import (
    ACTIVITY_STATE, TITLE_TAKEN, TikTokClient, fen_to_money, money_to_fen,
)
from anchor_console.platforms.transport import Sleep
from anchor_console.platforms.wechat_client import SentLedger

ACTIVITIES = "/promotion/202309/activities"
COUPON_SEARCH = "/promotion/202406/coupons/search"
MARK = "AC:"
MAX_DURATION_S = 3 * 86400
SEARCH_PAGE = 100
SEARCH_PAGES = 5
STATE = {"DRAFT": FlashSaleState.DRAFT, "NOT_START": FlashSaleState.COUNTDOWN, "ONGOING": FlashSaleState.LIVE}
OPEN = ("DRAFT", "NOT_START", "ONGOING")
FLASH = "FLASHSALE"
# TikTok refuses a begin time in the past (create-activity 17029005): "start now" begins a few
# seconds ahead, for the request's way there and a clock a little behind TikTok's, and the launch
# waits those seconds out, so that a deal started now is running when the launch answers.
START_MARGIN_S = 3
NO_CAP = -1   # quantity_limit / quantity_per_user: "no limit" (update-activity-product's example sends it)

FLASH_RULE = QT_TRANSLATE_NOOP("PlatformError", "This flash deal breaks a TikTok Shop rule: {rule}")
RULE_DURATION = QT_TRANSLATE_NOOP("PlatformError", "a flash deal lasts from one second to three days")
RULE_PRICE = QT_TRANSLATE_NOOP("PlatformError", "the deal price must be above zero and below the SKU's regular "
                               "price ({price})")
NOT_A_FLASH_DEAL = QT_TRANSLATE_NOOP("PlatformError", "This TikTok Shop promotion is not a flash deal, so the "
                                                     "console does not stop it: manage it in Seller Center.")
RULE_STOCK = QT_TRANSLATE_NOOP("PlatformError", "the deal stock must be from 1 to the SKU's stock ({stock}), and "
                               "each buyer may buy at least one")


def title_of(key: str) -> str:
    """The activity's title: unique in the shop, at most 50 characters, carrying the action's key."""
    return f"Flash deal {MARK}{hashlib.sha256(key.encode()).hexdigest()[:24]}"


def activity_of(data: dict) -> dict:
    """Get Activity's answer: its fields under `activity` (the notes) or at the top (the SDK docs)."""
    inner = data.get("activity")
    return inner if isinstance(inner, dict) else data


def products_body(activity_id: str, spec: FlashSaleSpec) -> dict:
    return {"activity_id": activity_id,
            "products": [{"id": str(spec.product_id),
                          "skus": [{"id": str(spec.sku_id), "activity_price_amount": fen_to_money(spec.sale_price_fen),
                                    "quantity_limit": spec.stock, "quantity_per_user": spec.per_buyer_limit}]}]}


def _first_sku(products: list[dict]) -> tuple[dict, dict]:
    product = (products or [{}])[0]
    return product, (product.get("skus") or [product])[0]


def _price(sku: dict) -> int:
    price = sku.get("activity_price")
    if isinstance(price, dict):
        return money_to_fen(price.get("amount"))
    return money_to_fen(sku.get("activity_price_amount"))


def _limit(sku: dict, name: str, uncapped: int) -> int:
    """A stock cap or per-buyer limit; -1 (no limit) is `uncapped`, all of the SKU's stock."""
    value = int(sku.get(name) or 0)
    return uncapped if value == NO_CAP else max(0, value)


def is_uncapped(activity: dict, sent_products: list[dict] | None = None) -> bool:
    _, sku = _first_sku(activity.get("products") or sent_products or [])
    return NO_CAP in (int(sku.get("quantity_limit") or 0), int(sku.get("quantity_per_user") or 0))


def flash_sale(activity: dict, room_id: str, sent_products: list[dict] | None = None, *,
               uncapped: int = MAX_SALE_STOCK) -> FlashSale:
    """The activity as a flash sale. A stock cap (or per-buyer limit) of -1 is no cap: the deal may
    sell all of the SKU's stock, `uncapped` (the SKU's stock when known; else the most a sale holds).
    Its begin and end are on TikTok's clock, as a platform's times are (the adapter's `clock_reading`
    says how far that is from this computer's)."""
    products = activity.get("products") or sent_products or []
    product, sku = _first_sku(products)
    begin, end = float(activity.get("begin_time") or 0), float(activity.get("end_time") or 0)
    created = float(activity.get("create_time") or begin)
    stock = _limit(sku, "quantity_limit", uncapped)
    return FlashSale(id=str(activity.get("activity_id") or activity.get("id") or ""), room_id=room_id,
                     product_id=str(product.get("id", "")), sku_id=str(sku.get("id", "")), sale_price_fen=_price(sku),
                     stock=stock, sold=0, per_buyer_limit=_limit(sku, "quantity_per_user", stock),
                     countdown_s=max(0, int(begin - created)), duration_s=max(0, int(end - begin)),
                     state=STATE.get(_status(activity), FlashSaleState.ENDED),
                     starts_at=begin or None, ends_at=end or None,
                     ended_reason=_status(activity).lower() if _status(activity) not in STATE else "")


def _kind(raw: dict) -> str:
    """The activity's type, trimmed as the status is; "" when the answer does not say."""
    return str(raw.get("activity_type") or "").strip()


def is_flash_deal(activity: dict) -> bool:
    """A FLASHSALE activity. An answer without a type (the hsib19 copy's examples carry none) is
    one only when its title carries this console's mark: the console creates FLASHSALE ones only."""
    kind = _kind(activity)
    return kind == FLASH if kind else MARK in str(activity.get("title") or "")


def _status(raw: dict) -> str:
    """The status word: one copy of the documented examples carries the page's stray newlines
    ("NOT_START\\n\\n\\n\\n"), so it is read trimmed."""
    return str(raw.get("status") or "").strip()


def _seconds(value) -> float:
    """A time as epoch seconds: coupons give milliseconds (create_time 1661756811000), activities seconds."""
    t = float(value or 0)
    return t / 1000 if t > 1e11 else t


def coupon_issue(raw: dict, room_id: str) -> CouponIssue:
    """A coupon as search-coupons-202406 lists it: `id`, `usage_limits` / `usage_stats` and a claim
    window (the richer copy of the page's example), or `coupon_id` with start/end times (the shorter)."""
    state = CouponState.ACTIVE if _status(raw) in ("ONGOING", "NOT_START") else CouponState.ENDED
    limits, stats = raw.get("usage_limits") or {}, raw.get("usage_stats") or {}
    claim = raw.get("claim_duration") or {}
    return CouponIssue(id=str(raw.get("coupon_id") or raw.get("id") or ""), room_id=room_id, template_id="",
                       name=str(raw.get("title", "")),
                       quantity=int(limits.get("total_claim_limit") or raw.get("total_quantity") or 0),
                       claimed=int(stats.get("claimed_count") or 0),
                       valid_until=_seconds(claim.get("end_time") or raw.get("end_time")), state=state,
                       created_at=_seconds(claim.get("start_time") or raw.get("start_time") or raw.get("create_time")))


def check_flash_deal(spec: FlashSaleSpec, regular_fen: int, stock: int, *, platform: str) -> None:
    def refuse(rule, code: str) -> None:
        raise pe.InvalidRequest(FLASH_RULE.fill(rule=rule), detail=f"flash deal rule: {code}", platform=platform,
                                code="flash_" + code)

    if not 0 < spec.duration_s <= MAX_DURATION_S or spec.countdown_s < 0:
        refuse(RULE_DURATION, "duration")
    if not 0 < spec.sale_price_fen < regular_fen:
        refuse(RULE_PRICE.fill(price=format_money(regular_fen)), "price")
    if not 1 <= spec.stock <= stock or spec.per_buyer_limit < 1:
        refuse(RULE_STOCK.fill(stock=stock), "stock")


SkuStock = Callable[[str, str], Awaitable[int]]


class FlashDeals:
    """The shop's flash deals and coupons, for `TikTokShopPlatform`. `sku_stock(product_id, sku_id)`:
    the SKU's stock, which an uncapped deal may sell all of (None: not read, the most a sale holds)."""

    def __init__(self, api: TikTokClient, ledger: SentLedger, clock: Clock, sku_stock: SkuStock | None = None,
                 sleep: Sleep = asyncio.sleep) -> None:
        self.api, self.ledger, self.clock = api, ledger, clock
        self.sku_stock = sku_stock
        self.sleep = sleep

    @property
    def platform(self) -> str:
        return self.api.platform_name

    async def activity(self, activity_id: str) -> dict:
        return activity_of(await self.api.call("GET", f"{ACTIVITIES}/{activity_id}", safe=True))

    async def sale(self, activity: dict, room_id: str, sent_products: list[dict] | None = None) -> FlashSale:
        """`flash_sale`, with the SKU's stock read for a deal without a stock cap (a cap of -1 read
        as 0 said "sold out" of a deal that may sell everything)."""
        if self.sku_stock is None or not is_uncapped(activity, sent_products):
            return flash_sale(activity, room_id, sent_products)
        product, sku = _first_sku(activity.get("products") or sent_products or [])
        stock = await self.sku_stock(str(product.get("id", "")), str(sku.get("id", "")))
        return flash_sale(activity, room_id, sent_products, uncapped=stock)

    async def _listed(self, path: str, items: str, *, body: dict[str, Any], in_query: bool = False) -> list[dict]:
        """A search's `items`, page by page: `next_page_token` sent back as `page_token` (in the
        query, or in the body with the search's fields) until a page has none, SEARCH_PAGES at most."""
        out: list[dict] = []
        token = ""
        for _ in range(SEARCH_PAGES):
            paging = {"page_size": SEARCH_PAGE, **({"page_token": token} if token else {})}
            data = await self.api.call("POST", path, body=body if in_query else {**body, **paging},
                                       query=paging if in_query else None, safe=True)
            out += list(data.get(items) or [])
            token = str(data.get("next_page_token") or "")
            if not token:
                break
        return out

    async def search(self, *, title: str = "", status: str = "") -> list[dict]:
        """The shop's activities of every type (filtered by title or status), as search lists them:
        search-activities-202309 has no type filter."""
        body: dict[str, Any] = {}
        if title:
            body["activity_title"] = title
        if status:
            body["status"] = status
        return await self._listed(f"{ACTIVITIES}/search", "activities", body=body)

    async def find_by_title(self, title: str) -> dict | None:
        for listed in await self.search(title=title):
            if listed.get("title") == title or listed.get("activity_title") == title:
                return listed
            detail = await self.activity(str(listed.get("activity_id") or listed.get("id")))
            if detail.get("title") == title:   # a listing without titles: the detail says
                return detail
        return None

    async def open_deals(self, room_id: str) -> list[FlashSale]:
        out = []
        for status in OPEN:
            for listed in await self.search(status=status):
                if _kind(listed) not in ("", FLASH):   # a discount of another type: not even read
                    continue
                activity = await self.activity(str(listed.get("activity_id") or listed.get("id")))
                if is_flash_deal(activity):
                    out.append(await self.sale(activity, room_id))
        return out

    async def launch(self, room_id: str, spec: FlashSaleSpec, key: str, *, regular_fen: int, stock: int) -> FlashSale:
        title = title_of(key)
        sent = self.ledger.get(key)
        activity_id = str((sent or {}).get("activity_id") or "")
        if not activity_id and (sent is not None or not self.ledger.durable):
            found = await self.find_by_title(title)
            activity_id = str((found or {}).get("activity_id") or (found or {}).get("id") or "")
        if not activity_id:
            check_flash_deal(spec, regular_fen, stock, platform=self.platform)
            activity_id = await self._create(spec, key, title)
        products = products_body(activity_id, spec)
        activity = await self.activity(activity_id)
        if not activity.get("products") and _status(activity) in OPEN:
            await self.api.call("PUT", f"{ACTIVITIES}/{activity_id}/products", body=products, safe=True)
            activity = await self.activity(activity_id)
        if spec.countdown_s == 0:
            activity = await self._begun(activity_id, activity)
        return await self.sale(activity, room_id, products["products"])

    async def _begun(self, activity_id: str, activity: dict) -> dict:
        """A deal started "now" (its begin START_MARGIN_S ahead), read again once it has begun; one
        whose begin is further off (a resend long after) or already past is left as it is."""
        wait = float(activity.get("begin_time") or 0) - self.api.server_now()
        if _status(activity) != "NOT_START" or not 0 < wait <= START_MARGIN_S + 1:
            return activity
        await self.sleep(wait + 0.5)   # the half second: TikTok's clock and ours, each rounded
        return await self.activity(activity_id)

    async def _create(self, spec: FlashSaleSpec, key: str, title: str) -> str:
        now = int(self.clock.now())
        begin = int(self.api.server_now()) + max(spec.countdown_s, START_MARGIN_S)   # on TikTok's clock
        body = {"title": title, "activity_type": FLASH, "product_level": "VARIATION", "begin_time": begin,
                "end_time": begin + spec.duration_s, "participation_limit": [{"type": "BUYER_NO_LIMIT"}]}
        self.ledger.put(key, {"kind": "flash_sale", "title": title, "body": body, "sent_at": now})
        try:
            data = await self.api.call("POST", ACTIVITIES, body=body)
        except pe.Conflict as exc:
            if exc.code != str(TITLE_TAKEN):
                raise
            found = await self.find_by_title(title)   # our own earlier send (a ledger lost with the disk)
            if found is None:
                raise
            data = found
        activity_id = str(data.get("activity_id") or data.get("id"))
        self.ledger.put(key, {"kind": "flash_sale", "title": title, "body": body, "activity_id": activity_id})
        return activity_id

    async def stop(self, room_id: str, activity_id: str) -> FlashSale:
        """Deactivate a flash deal (which cannot be undone): never an activity TikTok says is of
        another type, whatever id was asked for."""
        if _kind(await self.activity(activity_id)) not in ("", FLASH):
            raise pe.NotFound(NOT_A_FLASH_DEAL, detail=f"activity {activity_id} is not a {FLASH}",
                              platform=self.platform, code="not_flash_deal")
        # ACTIVITY_STATE on a resend: deactivated (or ended) already; the read tells which.
        await self.api.call("POST", f"{ACTIVITIES}/{activity_id}/deactivate", body={}, safe=True,
                            ok_codes=frozenset({ACTIVITY_STATE}))
        return await self.sale(await self.activity(activity_id), room_id)

    async def coupons(self, room_id: str) -> list[CouponIssue]:
        """The shop's coupons (202406: the paging fields go in the query)."""
        return [coupon_issue(c, room_id) for c in await self._listed(COUPON_SEARCH, "coupons", body={}, in_query=True)]
