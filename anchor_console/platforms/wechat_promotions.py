"""Coupons and flash sales on WeChat Channels (微信小店), exactly once although WeChat has no
idempotency keys.

Coupons: a *template* is a coupon the merchant saved but never issued (status 1, 未生效) in the
微信小店 backend; issuing one creates a copy with the batch's quantity and claim window, marks it with
`AC:<hash of the action's key>:<template>` in `ext_info.notes`, then makes it effective (status 2).
Before creating, the adapter looks for a coupon carrying that mark (newest coupons first, bounded),
so a resend after a lost answer — or after a crash — finds the batch instead of making a second.

Flash sales (限时抢购): WeChat allows one waiting-or-running task per product, so before adding, the
waiting and running tasks are listed: one for this product with the same SKU, price and stock *is*
the earlier attempt (adopted); a different one is refused with a clear message. If the action's
earlier send is on record (`SentLedger`) but its task is gone from that list, ended tasks are
searched for the exact start and end that were sent. The rules WeChat enforces are checked before
sending, in the operator's words.

Sources, cross-checked: developers.weixin.qq.com/doc/store/shop/API/coupon/* (create, get, get_list,
update_status; status and type enums) and doc/channels/API/product/limiteddiscounttask/* (add rules,
list/get status 0/1/2, stop); SKIT.FlurlHttpClient.Wechat ModelSamples/Channels/ECCoupon/*.json
(fudiwei/DotNetCore.SKIT.FlurlHttpClient.Wechat @92020d9); WxJava weixin-java-channel bean/coupon/*,
bean/limit/* and WxChannelApiUrlConstants (binarywang/WxJava @3e48dc7). All money is in 分."""

from __future__ import annotations

import hashlib
from typing import Any, Awaitable, Callable

from anchor_console.domain.models import (
    CouponIssue, CouponKind, CouponState, CouponTemplate, FlashSale, FlashSaleState, Product, Sku,
)
from anchor_console.domain.money import format_money
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms import errors as pe
from anchor_console.domain.models import FlashSaleSpec
from anchor_console.platforms.wechat_client import SentLedger, WeChatClient, wechat_error

COUPON = "/channels/ec/coupon"
TASK = "/channels/ec/product/limiteddiscounttask"
MARK = "AC:"
RECENT_S = 6 * 3600       # a batch made by an action still in doubt is younger than this
SCAN_CAP = 200            # new coupon details read at most per look-up
TASK_PAGE = 50
TASK_STATE = {0: FlashSaleState.COUNTDOWN, 1: FlashSaleState.LIVE, 2: FlashSaleState.ENDED}

FLASH_RULE = QT_TRANSLATE_NOOP("PlatformError", "This flash sale breaks a WeChat Channels rule: {rule}")
RULE_DURATION = QT_TRANSLATE_NOOP("PlatformError", "a flash sale lasts from one second to 24 hours and starts within "
                                                   "a year")
RULE_ORIGINAL = QT_TRANSLATE_NOOP("PlatformError", "the SKU's regular price ({price}) must be above ¥10.00")
RULE_DISCOUNT = QT_TRANSLATE_NOOP("PlatformError", "the sale price must be between 10% and 85% of the regular price "
                                                   "({low} to {high})")
RULE_SAVING = QT_TRANSLATE_NOOP("PlatformError", "the sale price must be at least ¥10.00 below the regular price (at "
                                                 "most {high})")
RULE_STOCK = QT_TRANSLATE_NOOP("PlatformError", "the sale stock must be from 1 to the SKU's current stock ({stock})")
SKU_MISMATCH = QT_TRANSLATE_NOOP("PlatformError", "That SKU does not belong to this product.")
ONE_PER_PRODUCT = QT_TRANSLATE_NOOP("PlatformError", "This product already has a flash sale waiting or running on "
                                                     "WeChat Channels (#{task}); only one per product is allowed. "
                                                     "Stop it first.")
NOT_A_TEMPLATE = QT_TRANSLATE_NOOP("PlatformError", "Coupon #{coupon} is not a template: templates are coupons saved "
                                                    "but not yet issued (未生效) in the 微信小店 backend.")
BATCH_RULE = QT_TRANSLATE_NOOP("PlatformError", "Issue at least one coupon, claimable for at least one minute.")
CANNOT_VERIFY = QT_TRANSLATE_NOOP("PlatformError", "Could not check whether this coupon batch was already created "
                                                   "(too many recent coupons to look through); nothing was sent. "
                                                   "Check the 微信小店 backend, then retry.")


async def sale_sku(spec: FlashSaleSpec, shop_product: Callable[[str], Awaitable[Product]], *, platform: str,
                   mismatch: Text = SKU_MISMATCH) -> Sku:
    """The SKU a flash sale is for, as the shop has it now (its regular price and stock), refused
    before anything is sent when it is not the product's."""
    product = await shop_product(spec.product_id)
    sku = product.sku(str(spec.sku_id))
    if sku is None:
        raise pe.InvalidRequest(mismatch, detail=f"sku {spec.sku_id} not in product {spec.product_id}",
                                platform=platform, code="sku_mismatch")
    return sku


def mark_of(key: str, template_id: str) -> str:
    return f"{MARK}{hashlib.sha256(key.encode()).hexdigest()[:12]}:{template_id}"


def _coupon_mark(raw: dict) -> str:
    return str(((raw.get("coupon_info") or {}).get("ext_info") or {}).get("notes") or "")


def coupon_template(raw: dict) -> CouponTemplate:
    info = raw.get("coupon_info") or {}
    d = info.get("discount_info") or {}
    cond = d.get("discount_condition") or {}
    ctype = int(raw.get("type") or 0) % 100
    if ctype == 2:
        kind = CouponKind.THRESHOLD
    elif ctype == 4:
        kind = CouponKind.CASH
    else:
        kind = CouponKind.PERCENT
    percent = 100 - int(d.get("discount_num") or 10000) // 100 if kind is CouponKind.PERCENT else 0
    return CouponTemplate(id=str(raw["coupon_id"]), name=str(info.get("name", "")), kind=kind,
                          amount_fen=int(d.get("discount_fee") or 0), threshold_fen=int(cond.get("product_price") or 0),
                          percent_off=percent)


def coupon_issue(raw: dict, room_id: str, now: float) -> CouponIssue:
    info = raw.get("coupon_info") or {}
    receive = info.get("receive_info") or {}
    stock = raw.get("stock_info") or {}
    claimed = int(stock.get("receive_num") or 0) + int(stock.get("used_num") or 0)
    quantity = int(receive.get("total_num") or 0)
    until = float(receive.get("end_time") or 0)
    status = int(raw.get("status") or 0)
    if status in (3, 4, 5) or (until and now >= until):
        state = CouponState.ENDED
    elif "issued_num" in stock and int(stock["issued_num"]) <= 0:
        state = CouponState.EXHAUSTED
    else:
        state = CouponState.ACTIVE
    mark = _coupon_mark(raw)
    template = mark.split(":", 2)[2] if mark.startswith(MARK) and mark.count(":") >= 2 else ""
    return CouponIssue(id=str(raw["coupon_id"]), room_id=room_id, template_id=template, name=str(info.get("name", "")),
                       quantity=quantity, claimed=claimed, valid_until=until, state=state,
                       created_at=float(raw.get("create_time") or 0))


def flash_sale(task: dict, room_id: str, sold: int = 0) -> FlashSale:
    sku = (task.get("limited_discount_skus") or [{}])[0]
    start, end = float(task.get("start_time") or 0), float(task.get("end_time") or 0)
    created = float(task.get("create_time") or start)
    return FlashSale(id=str(task["task_id"]), room_id=room_id, product_id=str(task.get("product_id", "")),
                     sku_id=str(sku.get("sku_id", "")), sale_price_fen=int(sku.get("sale_price") or 0),
                     stock=int(sku.get("sale_stock") or 0), sold=sold,
                     per_buyer_limit=0,   # WeChat Channels' API sets no per-buyer limit
                     countdown_s=max(0, int(start - created)), duration_s=max(0, int(end - start)),
                     state=TASK_STATE.get(int(task.get("status") or 0), FlashSaleState.ENDED),
                     starts_at=start or None, ends_at=end or None)


def check_flash_sale(spec: FlashSaleSpec, regular_fen: int, stock: int, *, platform: str) -> None:
    """WeChat's rules for a 限时抢购 (add.html 注意事项), checked before anything is sent."""
    def refuse(rule, code: str) -> None:
        raise pe.InvalidRequest(FLASH_RULE.fill(rule=rule), detail=f"flash sale rule: {code}", platform=platform,
                                code="flash_" + code)

    low, high = -(-regular_fen // 10), regular_fen * 85 // 100   # 1折 .. 8.5折, in whole 分
    if not 0 < spec.duration_s <= 86400 or not 0 <= spec.countdown_s <= 365 * 86400 - spec.duration_s:
        refuse(RULE_DURATION, "duration")
    if regular_fen <= 1000:
        refuse(RULE_ORIGINAL.fill(price=format_money(regular_fen)), "regular_price")
    if not low <= spec.sale_price_fen <= high:
        refuse(RULE_DISCOUNT.fill(low=format_money(low), high=format_money(high)), "discount")
    if regular_fen - spec.sale_price_fen < 1000:
        refuse(RULE_SAVING.fill(high=format_money(regular_fen - 1000)), "saving")
    if not 1 <= spec.stock <= stock:
        refuse(RULE_STOCK.fill(stock=stock), "stock")


def _same_sale(task: dict, spec: FlashSaleSpec, sent: dict | None) -> bool:
    skus = task.get("limited_discount_skus") or []
    if str(task.get("product_id")) != str(spec.product_id) or len(skus) != 1:
        return False
    sku = skus[0]
    if (str(sku.get("sku_id")), int(sku.get("sale_price") or 0), int(sku.get("sale_stock") or 0)) != (
            str(spec.sku_id), spec.sale_price_fen, spec.stock):
        return False
    if sent is not None:   # what we sent is on record: the times must match too
        return (int(task.get("start_time") or 0), int(task.get("end_time") or 0)) == (
            int(sent["start_time"]), int(sent["end_time"]))
    return True


class Promotions:
    """Coupon batches and flash sales of one 微信小店 shop, for `WeChatChannelsPlatform`."""

    def __init__(self, api: WeChatClient, ledger: SentLedger) -> None:
        self.api, self.ledger = api, ledger   # on WeChat's clock (api.server_now), as its coupons' and tasks' times
        self._coupons: dict[str, dict] = {}       # coupon id -> detail, for coupons read lately
        self.sold: dict[str, int] = {}            # task id -> units sold (from orders)

    @property
    def platform(self) -> str:
        return self.api.platform_name

    # ------------------------------------------------------------------ coupons

    async def coupon(self, coupon_id: str, *, fresh: bool = True) -> dict:
        if fresh or coupon_id not in self._coupons:
            data = await self.api.call("POST", f"{COUPON}/get", body={"coupon_id": str(coupon_id)}, safe=True)
            self._coupons[str(coupon_id)] = data.get("coupon") or {}
        return self._coupons[str(coupon_id)]

    async def coupon_ids(self, status: int, limit: int = 200) -> list[str]:
        ids: list[str] = []
        page, ctx = 1, ""
        while len(ids) < limit:
            data = await self.api.call("POST", f"{COUPON}/get_list", safe=True,
                                       body={"status": status, "page": page, "page_size": 100, "page_ctx": ctx})
            batch = [str(c["coupon_id"]) for c in data.get("coupons") or [] if "coupon_id" in c]
            ids += batch
            ctx = str(data.get("page_ctx") or "")
            if len(batch) < 100 or len(ids) >= int(data.get("total_num") or 0):
                break
            page += 1
        return sorted(set(ids), key=lambda i: (len(i), i), reverse=True)   # likely newest first

    async def templates(self) -> list[CouponTemplate]:
        out = []
        for cid in await self.coupon_ids(1):
            raw = await self.coupon(cid)
            if not _coupon_mark(raw).startswith(MARK):
                out.append(coupon_template(raw))
        return out

    async def _find_batch(self, statuses: tuple[int, ...], wanted: str | None) -> list[dict]:
        """With `wanted`: the coupon carrying that mark ([] if none). Without: this console's batches
        of the last RECENT_S. Every listed coupon is looked at (its details are cached, so only new
        coupons cost a read); past SCAN_CAP new reads a search for a mark gives up rather than guess."""
        found = []
        fetched = 0
        horizon = self.api.server_now() - RECENT_S
        for status in statuses:
            for cid in await self.coupon_ids(status):
                if cid not in self._coupons:
                    fetched += 1
                    if fetched > SCAN_CAP:
                        if not wanted:
                            return found
                        # Unknown, not failed: a failed issue may be pressed again as a new one, which,
                        # if the first batch was in fact created, would create a second
                        raise pe.OutcomeUnknown("coupon scan cap reached", message=CANNOT_VERIFY,
                                                platform=self.platform, code="cannot_verify")
                raw = await self.coupon(cid, fresh=False)
                mark = _coupon_mark(raw)
                if wanted and mark == wanted:
                    return [raw]
                if not wanted and mark.startswith(MARK) and float(raw.get("create_time") or 0) >= horizon:
                    found.append(raw)
        return found

    async def issue(self, room_id: str, template_id: str, quantity: int, valid_minutes: int, key: str) -> CouponIssue:
        if quantity < 1 or valid_minutes < 1:
            raise pe.InvalidRequest(BATCH_RULE, detail="coupon batch rule", platform=self.platform, code="batch")
        mark = mark_of(key, template_id)
        sent = self.ledger.get(key)
        raw = None
        if sent is not None and sent.get("coupon_id"):
            raw = await self.coupon(sent["coupon_id"])
        elif sent is not None or not self.ledger.durable:
            statuses = (1, 2, 3, 4) if sent is not None else (1, 2)
            hits = await self._find_batch(statuses, mark)
            raw = await self.coupon(str(hits[0]["coupon_id"])) if hits else None
        if raw is None:
            raw = await self._create_batch(template_id, quantity, valid_minutes, key, mark)
        if int(raw.get("status") or 0) == 1:   # created, not yet effective (the first try stopped there)
            await self.api.call("POST", f"{COUPON}/update_status", safe=True, ok_codes=frozenset({10021001}),
                                body={"coupon_id": str(raw["coupon_id"]), "status": 2})
            raw = await self.coupon(str(raw["coupon_id"]))
        return coupon_issue(raw, room_id, self.api.server_now())

    async def _create_batch(self, template_id: str, quantity: int, valid_minutes: int, key: str, mark: str) -> dict:
        template = await self.coupon(template_id, fresh=False)
        if int(template.get("status") or 0) != 1 or _coupon_mark(template).startswith(MARK):
            raise pe.InvalidRequest(NOT_A_TEMPLATE.fill(coupon=template_id), detail="not a template coupon",
                                    platform=self.platform, code="not_template")
        info = template.get("coupon_info") or {}
        now = int(self.api.server_now())
        body: dict[str, Any] = {
            "type": int(template["type"]), "name": info.get("name", ""),
            "promote_info": info.get("promote_info") or {"promote_type": 1},
            "discount_info": info.get("discount_info") or {},
            "receive_info": {"start_time": now, "end_time": now + valid_minutes * 60, "total_num": quantity,
                             "limit_num_one_person": int((info.get("receive_info") or {}).get("limit_num_one_person")
                                                         or 1)},
            "valid_info": info.get("valid_info") or {"valid_type": 2, "valid_day_num": 1},
            "ext_info": {**(info.get("ext_info") or {}), "notes": mark},
        }
        self.ledger.put(key, {"kind": "coupon", "body": body, "sent_at": now})
        data = await self.api.call("POST", f"{COUPON}/create", body=body)
        coupon_id = str((data.get("data") or {}).get("coupon_id", ""))
        self.ledger.put(key, {"kind": "coupon", "body": body, "coupon_id": coupon_id})
        return await self.coupon(coupon_id)

    async def stop_coupon(self, room_id: str, coupon_id: str) -> CouponIssue:
        # 10021001 (wrong state) on a resend: the first one voided it already; the read tells.
        await self.api.call("POST", f"{COUPON}/update_status", safe=True, ok_codes=frozenset({10021001}),
                            body={"coupon_id": str(coupon_id), "status": 4})
        raw = await self.coupon(coupon_id)
        issue = coupon_issue(raw, room_id, self.api.server_now())
        if issue.state is not CouponState.ENDED:
            raise wechat_error(10021001, f"coupon {coupon_id} still status {raw.get('status')}",
                               api=f"{COUPON}/update_status", platform=self.platform)
        return issue

    async def batches(self, room_id: str) -> list[CouponIssue]:
        """Batches this console issued lately (effective or just ended)."""
        found = await self._find_batch((2,), None)
        return [coupon_issue(await self.coupon(str(raw["coupon_id"])), room_id, self.api.server_now()) for raw in found]

    # ------------------------------------------------------------------ flash sales

    async def tasks(self, status: int, *, limit: int = 500) -> list[dict]:
        out: list[dict] = []
        next_key = ""
        while len(out) < limit:
            body = {"status": status, "page_size": TASK_PAGE, **({"next_key": next_key} if next_key else {})}
            data = await self.api.call("POST", f"{TASK}/list/get", body=body, safe=True)
            page = list(data.get("limited_discount_tasks") or [])
            out += page
            next_key = str(data.get("next_key") or "")
            if len(page) < TASK_PAGE or not next_key or len(out) >= int(data.get("total_num") or 0):
                return out
        return out

    async def open_tasks(self) -> list[dict]:
        return await self.tasks(0) + await self.tasks(1)

    async def launch(self, room_id: str, spec: FlashSaleSpec, key: str, *, regular_fen: int, stock: int) -> FlashSale:
        """Find the sale an earlier send of this action made, or check the rules and add it. (The
        rules are checked only before a send: a sale already running has sold some of its stock.)"""
        sent = self.ledger.get(key)
        body = (sent or {}).get("body")
        open_tasks = await self.open_tasks()
        for task in open_tasks:
            if str(task.get("product_id")) != str(spec.product_id):
                continue
            # An identical sale is this action's only if it may have been sent: a durable ledger
            # without a record of it says it never was (that sale is someone else's, running already).
            may_be_ours = sent is not None or not self.ledger.durable
            if (sent and sent.get("task_id") == str(task["task_id"])) or (may_be_ours and _same_sale(task, spec, body)):
                self.ledger.put(key, {"kind": "flash_sale", "body": body, "task_id": str(task["task_id"])})
                return flash_sale(task, room_id, self.sold.get(str(task["task_id"]), 0))
            raise pe.Conflict(ONE_PER_PRODUCT.fill(task=task["task_id"]), detail="one flash sale per product",
                              platform=self.platform, code="flash_sale_running")
        if sent is not None:   # sent before, not waiting or running: did it run and end already?
            for task in await self.tasks(2, limit=200):
                if str(task.get("task_id")) == sent.get("task_id") or (body and _same_sale(task, spec, body)):
                    return flash_sale(task, room_id, self.sold.get(str(task["task_id"]), 0))
            if sent.get("task_id"):   # created for sure (WeChat named it); it ended out of the list's reach
                return flash_sale({**body, "task_id": sent["task_id"], "status": 2}, room_id,
                                  self.sold.get(str(sent["task_id"]), 0))
        check_flash_sale(spec, regular_fen, stock, platform=self.platform)
        now = int(self.api.server_now())
        if not body or int(body["start_time"]) < now - 540:   # WeChat accepts a start up to 10 min past
            start = now + spec.countdown_s
            body = {"product_id": str(spec.product_id), "start_time": start, "end_time": start + spec.duration_s,
                    "limited_discount_skus": [{"sku_id": str(spec.sku_id), "sale_price": spec.sale_price_fen,
                                               "sale_stock": spec.stock}]}
        self.ledger.put(key, {"kind": "flash_sale", "body": body, "sent_at": now})
        data = await self.api.call("POST", f"{TASK}/add", body=body)
        task_id = str(data["task_id"])
        self.ledger.put(key, {"kind": "flash_sale", "body": body, "task_id": task_id})
        task = {**body, "task_id": task_id, "create_time": now, "status": 1 if body["start_time"] <= now else 0}
        return flash_sale(task, room_id)

    async def stop_sale(self, room_id: str, task_id: str) -> FlashSale:
        # 10020077 (wrong state) on a resend: it ended already; the list below tells.
        await self.api.call("POST", f"{TASK}/stop", body={"task_id": str(task_id)}, safe=True,
                            ok_codes=frozenset({10020077}))
        for task in await self.tasks(2, limit=200):
            if str(task.get("task_id")) == str(task_id):
                return flash_sale(task, room_id, self.sold.get(str(task_id), 0))
        raise wechat_error(10020076, f"task {task_id} not among ended tasks", api=f"{TASK}/stop",
                           platform=self.platform)
