"""What the console knows of the catalog (products, SKUs, coupon templates) of the room's primary
connection: for listing products, for the promotion forms, and for naming things in the journal
(it is the journal's `Names`)."""

from __future__ import annotations

import logging

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.events import Event
from anchor_console.domain.models import CouponTemplate, Product
from anchor_console.platforms.errors import PlatformError
from anchor_console.room.live_room import LiveRoom

log = logging.getLogger("anchor_console.catalog")


class Catalog:
    def __init__(self) -> None:
        self.products: dict[str, Product] = {}
        self.templates: dict[str, CouponTemplate] = {}
        self._room: LiveRoom | None = None
        self.changed = Event("catalog.changed")
        self.failed = Event("catalog.failed")    # (PlatformError)

    def clear(self) -> None:
        self.products, self.templates, self._room = {}, {}, None
        self.changed.emit()

    async def refresh(self, room: LiveRoom) -> PlatformError | None:
        """Load the room's catalog; the platform's error if it could not give it (also said by `failed`)."""
        self._room = room
        platform = room.primary.platform
        try:
            products = await platform.products_to_match()
            templates = []
            for b in room.bindings:  # coupon templates live where coupons can be issued
                if b.platform.supports(Capability.COUPONS):
                    templates = await b.platform.list_coupon_templates()
                    break
        except PlatformError as exc:
            log.warning("catalog refresh failed: %s", exc.detail)
            self.failed.emit(exc)
            return exc
        self.products = {p.id: p for p in products}
        self.templates = {t.id: t for t in templates}
        self.changed.emit()
        return None

    # Names ------------------------------------------------------------------------------
    def product_name(self, product_id: str) -> str:
        product = self.products.get(str(product_id))
        return product.name if product else f"#{product_id}"

    def sku_name(self, sku_id: str) -> str:
        # Also another platform's SKUs: a flash sale there names its own (room.flash_sale_product).
        elsewhere = [p for ids in self._room.platform_ids.values() for p in ids.their_products.values()] \
            if self._room is not None else []
        for product in [*self.products.values(), *elsewhere]:
            sku = product.sku(str(sku_id))
            if sku is not None:
                return f"{product.name} · {sku.name}"
        return f"SKU {sku_id}"

    def template_name(self, template_id: str) -> str:
        template = self.templates.get(str(template_id))
        return template.name if template else f"#{template_id}"
