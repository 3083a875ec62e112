"""An in-memory platform for room-layer tests: remembers idempotency keys like a real one and
can be told to fail, hang or lose answers."""

from __future__ import annotations

import asyncio

from anchor_console.domain.capabilities import ALL_CAPABILITIES
from anchor_console.domain.models import CouponIssue, CouponState, FlashSale, FlashSaleState, Room
from anchor_console.platforms import errors as pe
from anchor_console.platforms.base import Platform


class FakePlatform(Platform):
    kind = "fake"

    def __init__(self, connection_id="fake", name="Fake", capabilities=ALL_CAPABILITIES):
        super().__init__(connection_id, name)
        self.capabilities = frozenset(capabilities)
        self.applied: list[tuple[str, dict]] = []     # effects, once per key
        self.calls: list[str] = []                    # keys of every request received
        self.results: dict[str, object] = {}
        self.fail_next: list[Exception] = []          # raised before applying
        self.lose_answer_next = 0                     # apply, then pretend the answer was lost
        self.gate: asyncio.Event | None = None        # hold requests until set

    async def _apply(self, kind: str, key: str, payload: dict, result):
        self.calls.append(key)
        if self.gate is not None:
            await self.gate.wait()
        if self.fail_next:
            raise self.fail_next.pop(0)
        if key not in self.results:
            self.applied.append((kind, payload))
            self.results[key] = result
        if self.lose_answer_next:
            self.lose_answer_next -= 1
            raise pe.OutcomeUnknown("answer lost", platform=self.display_name)
        return self.results[key]

    async def set_clock_speed(self, speed):
        self.clock_speed = speed   # a rehearsal's speed: the fake keeps no clock of its own

    async def issue_coupon(self, room_id, template_id, quantity, valid_minutes, *, key):
        self._need("coupons")
        issue = CouponIssue(id=str(len(self.applied) + 1), room_id=room_id, template_id=template_id, name="t",
                            quantity=quantity, claimed=0, valid_until=0.0, state=CouponState.ACTIVE)
        return await self._apply("issue_coupon", key, {"template_id": template_id, "quantity": quantity}, issue)

    async def launch_flash_sale(self, room_id, spec, *, key):
        self._need("flash_sales")
        sale = FlashSale(id=str(len(self.applied) + 1), room_id=room_id, product_id=spec.product_id,
                         sku_id=spec.sku_id, sale_price_fen=spec.sale_price_fen, stock=spec.stock, sold=0,
                         per_buyer_limit=spec.per_buyer_limit, countdown_s=spec.countdown_s,
                         duration_s=spec.duration_s, state=FlashSaleState.LIVE)
        return await self._apply("launch_flash_sale", key, {"product_id": spec.product_id, "sku_id": spec.sku_id},
                                 sale)

    async def send_red_packet(self, room_id, spec, *, key):
        return await self._apply("send_red_packet", key, {"total_fen": spec.total_fen, "count": spec.count},
                                 {"id": f"rp{len(self.applied) + 1}"})

    async def start_lucky_bag(self, room_id, setup, commitment, *, key):
        return await self._apply("start_lucky_bag", key, {"prize": setup.prize, "commitment": commitment},
                                 {"id": f"bag{len(self.applied) + 1}", "entrant_count": 0})

    async def set_price(self, sku_id, price_fen, *, key):
        return await self._apply("set_price", key, {"sku_id": sku_id, "price_fen": price_fen},
                                 {"id": sku_id, "price_fen": price_fen})

    async def put_on_stage(self, room_id, product_id, *, key, replace=True):
        self._need("stage")
        return await self._apply("put_on_stage", key, {"product_id": product_id},
                                 Room(id=room_id, title="r", stage_product_id=product_id))

    async def delete_comment(self, room_id, comment_id, *, key):
        self._need("delete_comment")
        return await self._apply("delete_comment", key, {"comment_id": comment_id}, {"id": comment_id})

    def _need(self, cap_value):
        from anchor_console.domain.capabilities import Capability

        cap = Capability(cap_value)
        if cap not in self.capabilities:
            raise self._unsupported(cap)
