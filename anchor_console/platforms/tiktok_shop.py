"""The TikTok Shop adapter: one authorized shop's flash deals (FLASHSALE activities, exactly once:
`tiktok_promotions`), its coupons (read only), its products and SKUs (for linking the console's
catalog), with flash-deal changes made into events by polling.

What it cannot do, because the Partner API has none: create or issue coupons, anything about a
LIVE room (showcase, pinning, comments, moderation), live figures.

Rooms: a TikTok Shop connection's "room" is the shop itself (`SHOP_ROOM`): flash deals are the
shop's, shown wherever the seller goes live. The shop is chosen by its cipher (the connection's
room field may hold it; empty or `shop`: the first authorized shop).

Products (202309): POST /product/202309/products/search (query page_size, page_token; body
{status}) → data {products[], next_page_token, total_count}; GET /product/202309/products/{id} →
data {id, title, main_images[].urls[], skus[] {id, seller_sku, price {currency, sale_price,
tax_exclusive_price}, inventory[] {quantity}, sales_attributes[] {value_name}}}. Paths confirmed by
david-yappeter/go-tiktok product.go (@041e19c); the field names are from TikTok's product docs as
we know them (not confirmed from a stored copy) — `tests/platforms/tiktok_docs/product_get.json`."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Callable

import httpx

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import Clock, ClockReading, SystemClock
from anchor_console.domain.models import (
    CouponIssue, FlashSale, FlashSaleSpec, FlashSaleState, Product, Room, RoomEvent, RoomStatus, Sku,
)
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms import errors as pe
from anchor_console.platforms.base import (
    Platform, RoomSnapshot, StatusCallback,
)
from anchor_console.platforms.tiktok_client import (
    API_BASE, AUTH_BASE, TikTokClient, TikTokCredentials, money_to_fen,
)
from anchor_console.platforms.tiktok_promotions import FlashDeals
from anchor_console.platforms.transport import Sleep
from anchor_console.platforms.wechat_client import MemoryLedger, SentLedger
from anchor_console.platforms.wechat_polling import Feed, Poller, RoomWatch
from anchor_console.platforms.wechat_promotions import sale_sku
from anchor_console.platforms.wechat_quota import QuotaBook

C = Capability
NAME = QT_TRANSLATE_NOOP("Platform", "TikTok Shop")
SHOP_ROOM = "shop"
PRODUCTS = "/product/202309/products"

NO_SHOP = QT_TRANSLATE_NOOP("PlatformError", "No TikTok Shop has authorized this app (or not the one chosen). Sign "
                                             "in with the seller account of the shop.")
SKU_MISMATCH = QT_TRANSLATE_NOOP("PlatformError", "That SKU does not belong to this TikTok Shop product.")
_LIVE = QT_TRANSLATE_NOOP("PlatformError", "TikTok Shop's API has nothing for a LIVE room: comments, moderation, "
                                           "the showcase and live figures are in TikTok LIVE Studio or the TikTok "
                                           "app.")
REASONS: dict[Capability, Text] = {
    C.COUPONS: QT_TRANSLATE_NOOP("PlatformError", "TikTok Shop's API cannot create or issue coupons: make them in "
                                                  "Seller Center. The console shows the shop's coupons read only."),
    **dict.fromkeys((C.LUCKY_BAGS, C.RED_PACKETS, C.LIVE_PLANS, C.STATS_STREAM, C.SHELF, C.STAGE, C.SALE_TOGGLE,
                     C.SORT, C.COMMENT_STREAM, C.HIDE_COMMENT, C.DELETE_COMMENT, C.MUTE, C.BAN, C.PIN, C.ROOM_MUTE,
                     C.POST_AS_STAFF, C.SLOW_MODE, C.FOLLOWERS_ONLY, C.SHIELD_MODE, C.ANNOUNCE), _LIVE),
}


def parse_product(p: dict) -> Product:
    pid = str(p.get("id", ""))

    def sku(s: dict) -> Sku:
        price = s.get("price") or {}
        attrs = " ".join(str(a.get("value_name", "")) for a in s.get("sales_attributes") or [])
        return Sku(id=str(s.get("id", "")), product_id=pid, name=attrs or str(p.get("title", "")),
                   price_fen=money_to_fen(price.get("sale_price") or price.get("tax_exclusive_price")
                                          or price.get("amount")),
                   stock=sum(int(i.get("quantity") or 0) for i in s.get("inventory") or []),
                   code=str(s.get("seller_sku") or ""))

    image = ""
    for img in p.get("main_images") or []:
        image = str((img.get("urls") or [""])[0])
        break
    return Product(id=pid, name=str(p.get("title", "")), skus=tuple(sku(s) for s in p.get("skus") or []),
                   image_url=image)


class TikTokShopPlatform(Platform):
    kind = "tiktok_shop"
    reasons = REASONS
    capabilities = frozenset({C.ROOMS, C.FLASH_SALES})
    reports_stock = True
    figures = frozenset()

    def __init__(self, connection_id: str, credentials: TikTokCredentials, client: httpx.AsyncClient, *,
                 display_name: str | None = None, base_url: str = API_BASE, auth_base: str | None = None,
                 shop_cipher: str = "", clock: Clock | None = None, sleep: Sleep = asyncio.sleep,
                 rng: random.Random | None = None, ledger: SentLedger | None = None,
                 sales_poll_s: float = 10.0,
                 on_credentials: Callable[[TikTokCredentials], None] | None = None) -> None:
        super().__init__(connection_id, display_name or NAME.english())
        self.clock = clock or SystemClock()
        self._sleep = sleep
        # Studio serves the token API on the same address as the rest: a non-production base is both.
        auth = auth_base or (AUTH_BASE if base_url.rstrip("/") == API_BASE else base_url)
        self.api = TikTokClient(credentials, client, platform_name=self.display_name, base_url=base_url,
                                auth_base=auth, clock=self.clock, sleep=sleep, rng=rng, on_credentials=on_credentials)
        self.wanted_shop = "" if shop_cipher in ("", SHOP_ROOM) else shop_cipher
        self.shop: dict | None = None
        self.deals = FlashDeals(self.api, ledger or MemoryLedger(), self.clock, sku_stock=self._sku_stock, sleep=sleep)
        self.sales_poll_s = sales_poll_s
        self.quota = QuotaBook(self.clock)   # no daily allowances published: only paces the polling
        self._watches: dict[str, RoomWatch] = {}

    @property
    def clock_reading(self) -> ClockReading | None:
        """TikTok's clock as its answers' Date tells it: its deals' times are on it."""
        return self.api.dates.reading

    async def verify_credentials(self) -> None:
        await self.api.tokens.current()

    async def staff_name(self) -> str | None:
        await self._ensure_shop()
        return self.api.seller_name or None

    async def _ensure_shop(self) -> dict:
        if self.shop is None:
            shops = await self.api.shops()
            chosen = next((s for s in shops if not self.wanted_shop or s.get("cipher") == self.wanted_shop), None)
            if chosen is None:
                raise pe.NotPermitted(message=NO_SHOP, detail=f"{len(shops)} authorized shops, none chosen",
                                      platform=self.display_name, code="no_shop")
            self.shop = chosen
            self.api.shop_cipher = str(chosen.get("cipher") or "")
        return self.shop

    def _watch(self, room_id: str) -> RoomWatch:
        return self._watches.setdefault(str(room_id), RoomWatch(str(room_id)))

    def _room(self, shop: dict, room_id: str | None = None) -> Room:
        """The shop as a room, named as the connection names it (`shop`, or its cipher)."""
        return Room(id=room_id or (self.wanted_shop or SHOP_ROOM), title=str(shop.get("name") or NAME.english()),
                    status=RoomStatus.LIVE)

    def _check_room(self, room_id: str) -> None:
        if room_id not in (SHOP_ROOM, self.api.shop_cipher):
            raise pe.NotFound(NO_SHOP, detail=f"room {room_id!r} is not this shop", platform=self.display_name,
                              code="no_room")

    # ------------------------------------------------------------------ rooms

    async def list_rooms(self) -> list[Room]:
        return [self._room(await self._ensure_shop())]

    async def snapshot(self, room_id: str) -> RoomSnapshot:
        shop = await self._ensure_shop()
        self._check_room(room_id)
        sales = await self.list_flash_sales(room_id)
        watch = self._watch(room_id)
        for s in sales:
            watch.seen.changed(f"sale:{s.id}", s)
        return RoomSnapshot(room=self._room(shop, room_id), flash_sales=tuple(sales), last_event_id=watch.last_event_id)

    # ------------------------------------------------------------------ products

    async def shop_product(self, product_id: str) -> Product:
        await self._ensure_shop()
        return parse_product(await self.api.call("GET", f"{PRODUCTS}/{product_id}", safe=True))

    async def products_to_match(self, limit: int = 300) -> list[Product]:
        await self._ensure_shop()
        ids: list[str] = []
        token = ""
        while len(ids) < limit:
            query = {"page_size": 100, **({"page_token": token} if token else {})}
            data = await self.api.call("POST", f"{PRODUCTS}/search", body={"status": "ACTIVATE"}, query=query,
                                       safe=True)
            ids += [str(p["id"]) for p in data.get("products") or [] if "id" in p]
            token = str(data.get("next_page_token") or "")
            if not token:
                break
        return [await self.shop_product(pid) for pid in ids[:limit]]

    # ------------------------------------------------------------------ coupons (read only)

    async def list_coupons(self, room_id: str) -> list[CouponIssue]:
        await self._ensure_shop()
        return await self.deals.coupons(room_id)

    # ------------------------------------------------------------------ flash deals

    def _sales(self, room_id: str) -> dict[str, FlashSale]:
        return self._watch(room_id).state.setdefault("sales", {})

    async def list_flash_sales(self, room_id: str) -> list[FlashSale]:
        """Deals in draft, waiting or running, and those this console saw end."""
        await self._ensure_shop()
        known = self._sales(room_id)
        open_ids = set()
        for sale in await self.deals.open_deals(room_id):
            known[sale.id] = sale
            open_ids.add(sale.id)
        for sale_id, sale in list(known.items()):
            if sale_id not in open_ids and sale.state is not FlashSaleState.ENDED:
                known[sale_id] = await self._reread(room_id, sale_id)
        return sorted(known.values(), key=lambda s: s.starts_at or 0)

    async def _reread(self, room_id: str, sale_id: str) -> FlashSale:
        return await self.deals.sale(await self.deals.activity(sale_id), room_id)

    async def _sku_stock(self, product_id: str, sku_id: str) -> int:
        """What a deal without a stock cap may sell: the SKU's stock (a product-level deal: all its
        SKUs'); 0 when TikTok has no such product any more."""
        try:
            product = await self.shop_product(product_id)
        except pe.NotFound:
            return 0
        sku = product.sku(sku_id)
        return sku.stock if sku is not None else sum(s.stock for s in product.skus)

    async def launch_flash_sale(self, room_id: str, spec: FlashSaleSpec, *, key: str) -> FlashSale:
        await self._ensure_shop()
        sku = await sale_sku(spec, self.shop_product, platform=self.display_name, mismatch=SKU_MISMATCH)
        sale = await self.deals.launch(room_id, spec, key, regular_fen=sku.price_fen, stock=sku.stock)
        self._sale_changed(room_id, sale)
        return sale

    async def stop_flash_sale(self, room_id: str, sale_id: str, *, key: str) -> FlashSale:
        await self._ensure_shop()
        sale = await self.deals.stop(room_id, sale_id)
        self._sale_changed(room_id, sale)
        return sale

    def _sale_changed(self, room_id: str, sale: FlashSale) -> None:
        watch = self._watch(room_id)
        self._sales(room_id)[sale.id] = sale
        if watch.seen.changed(f"sale:{sale.id}", sale):
            watch.echo("flash_sale.updated", {"flash_sale": sale})

    # ------------------------------------------------------------------ events, by polling

    def events(self, room_id: str, *, last_event_id: int = 0,
               on_status: StatusCallback | None = None) -> AsyncIterator[RoomEvent]:
        """Flash-deal changes (every `sales_poll_s`); the console's own changes at once."""
        watch = self._watch(room_id)
        watch.last_event_id = max(watch.last_event_id, last_event_id)
        feeds = [Feed("flash_sales", f"{self.api.platform_name}:activities/search", self.sales_poll_s,
                      lambda: self._poll_sales(room_id), calls_per_poll=lambda: 3)]
        return Poller(watch, feeds, quota=self.quota, clock=self.clock, sleep=self._sleep, on_status=on_status).run()

    async def _poll_sales(self, room_id: str) -> list[tuple[str, dict]]:
        watch = self._watch(room_id)
        return [("flash_sale.updated", {"flash_sale": s}) for s in await self.list_flash_sales(room_id)
                if watch.seen.changed(f"sale:{s.id}", s)]
