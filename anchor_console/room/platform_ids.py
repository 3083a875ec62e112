"""Which product, SKU and coupon template on each bound platform is the console's own one.

The console's catalog is the room's primary connection's. A room bound to more platforms (a
mini-program live room and a Channels shop, say) has other ids on each: they are linked by the
merchant's codes (商家编码 of a product or SKU), by a link the operator made, or — for the same
product on the same system — by the same id and the same name. What has no link is listed for the
operator, and an action on it is not sent to that platform (it says why) rather than sent with
another product's id: a flash sale on the wrong product is worse than none."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field

from anchor_console.domain.models import CouponTemplate, FlashSaleSpec, Product
from anchor_console.domain.text import QT_TRANSLATE_NOOP, TextError


class Via(enum.Enum):
    """How a link was made (shown beside it, so an operator knows which to check)."""

    CODE = "code"          # the same merchant code (商家编码) on both
    EDITED = "edited"      # the operator linked them
    SAME = "same"          # the same id and the same name (one system seen through two connections)
    NAME = "name"          # the same name (SKUs of linked products, coupon templates)


@dataclass(frozen=True, slots=True)
class Link:
    ours: str
    theirs: str
    via: Via


@dataclass(frozen=True, slots=True)
class Edits:
    """The operator's own links for one connection (our id → theirs; "" = deliberately none)."""

    products: dict[str, str] = field(default_factory=dict)
    skus: dict[str, str] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"products": dict(self.products), "skus": dict(self.skus), "templates": dict(self.templates)}

    @classmethod
    def from_json(cls, raw: object) -> "Edits":
        raw = raw if isinstance(raw, dict) else {}

        def table(name: str) -> dict[str, str]:
            value = raw.get(name)
            if not isinstance(value, dict):
                return {}
            return {str(k): str(v) for k, v in value.items() if isinstance(v, (str, int)) and str(k)}

        return cls(table("products"), table("skus"), table("templates"))


class Unlinked(TextError):
    """An action names something that has no counterpart on that platform; nothing was sent."""


@dataclass(frozen=True)
class PlatformIds:
    """Our ids → one connection's ids."""

    connection_id: str
    platform_name: str
    products: dict[str, Link]
    skus: dict[str, Link]
    templates: dict[str, Link]
    unlinked_ours: tuple[str, ...] = ()       # our product ids with no counterpart there
    unlinked_theirs: tuple[str, ...] = ()     # their product ids nothing of ours links to
    their_products: dict[str, Product] = field(default_factory=dict)   # as last read from the platform

    def product(self, ours: str) -> str | None:
        link = self.products.get(ours)
        return link.theirs if link else None

    def sku(self, ours: str) -> str | None:
        link = self.skus.get(ours)
        return link.theirs if link else None

    def template(self, ours: str) -> str | None:
        link = self.templates.get(ours)
        return link.theirs if link else None

    def their_product(self, ours: str) -> Product | None:
        """Our product as that platform sells it (its own SKUs, prices and stock)."""
        theirs = self.product(ours)
        return self.their_products.get(theirs) if theirs else None

    def ours_for_product(self, theirs: str) -> str | None:
        return next((link.ours for link in self.products.values() if link.theirs == theirs), None)

    # ------------------------------------------------------------------ commands
    def translate(self, command):
        """The command with this platform's ids in place of ours (raises Unlinked, sending nothing)."""
        changes = {}
        fields = {f.name for f in dataclasses.fields(command)}
        if "product_id" in fields:
            changes["product_id"] = self._need(self.product(command.product_id), command.product_id, "product")
        if "product_ids" in fields:   # a reorder: the platform's shelf holds only what is linked
            changes["product_ids"] = tuple(t for t in (self.product(p) for p in command.product_ids) if t)
        if "sku_id" in fields:
            changes["sku_id"] = self._need(self.sku(command.sku_id), command.sku_id, "sku")
        if "template_id" in fields:
            changes["template_id"] = self._need(self.template(command.template_id), command.template_id, "template")
        if "spec" in fields and isinstance(command.spec, FlashSaleSpec):
            spec = command.spec
            product = self._need(self.product(spec.product_id), spec.product_id, "product")
            # A sale set up with that platform's own SKU (the room's flash sales run only there) names it as is.
            own = self.their_products.get(product)
            sku = self.sku(spec.sku_id) or (spec.sku_id if own is not None and own.sku(spec.sku_id) else None)
            changes["spec"] = dataclasses.replace(spec, product_id=product,
                                                  sku_id=self._need(sku, spec.sku_id, "sku"))
        return dataclasses.replace(command, **changes) if changes else command

    def _need(self, theirs: str | None, ours: str, what: str) -> str:
        if theirs:
            return theirs
        message = {
            "product": QT_TRANSLATE_NOOP("Journal", "Product #{id} has no match on {platform}; nothing was sent "
                                                    "there. Link it in Room → Products across platforms."),
            "sku": QT_TRANSLATE_NOOP("Journal", "SKU {id} has no match on {platform}; nothing was sent there. "
                                                "Link it in Room → Products across platforms."),
            "template": QT_TRANSLATE_NOOP("Journal", "Coupon #{id} has no match on {platform}; nothing was sent "
                                                     "there. Link it in Room → Products across platforms."),
        }[what]
        raise Unlinked(message.fill(id=ours, platform=self.platform_name))


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _link_skus(ours: Product, theirs: Product, via: Via, edits: Edits, skus: dict[str, Link],
               taken: set[str]) -> None:
    """SKUs of two linked products: edited, else the same code, else the same name, else the only one."""
    by_code = {s.code: s for s in theirs.skus if s.code}
    for sku in ours.skus:
        if sku.id in skus:
            continue
        edited = edits.skus.get(sku.id)
        if edited is not None:
            if edited and any(s.id == edited for s in theirs.skus):
                skus[sku.id] = Link(sku.id, edited, Via.EDITED)
                taken.add(edited)
            continue
        match = by_code.get(sku.code) if sku.code else None
        how = Via.CODE
        if match is None:
            match = next((s for s in theirs.skus if s.id not in taken and _same_name(s.name, sku.name)), None)
            how = Via.NAME
        if match is None and len(ours.skus) == 1 and len(theirs.skus) == 1:
            match, how = theirs.skus[0], via
        if match is not None and match.id not in taken:
            skus[sku.id] = Link(sku.id, match.id, how)
            taken.add(match.id)


def link_products(connection_id: str, platform_name: str, ours: list[Product], theirs: list[Product],
                  edits: Edits = Edits(), our_templates: list[CouponTemplate] = (),
                  their_templates: list[CouponTemplate] = ()) -> PlatformIds:
    """Link our catalog to one platform's: the operator's edits first, then merchant codes (of the
    product, or of any of its SKUs), then the same id with the same name. Each of theirs links once."""
    by_id = {p.id: p for p in theirs}
    product_codes = {p.code: p for p in theirs if p.code}
    sku_owner = {s.code: p for p in theirs for s in p.skus if s.code}
    products: dict[str, Link] = {}
    taken: set[str] = set()

    def take(ours_p: Product, theirs_p: Product | None, via: Via) -> None:
        if theirs_p is not None and theirs_p.id not in taken and ours_p.id not in products:
            products[ours_p.id] = Link(ours_p.id, theirs_p.id, via)
            taken.add(theirs_p.id)

    for p in ours:
        if p.id in edits.products:
            take(p, by_id.get(edits.products[p.id]), Via.EDITED)
    for p in ours:
        if p.id in edits.products:
            continue
        match = product_codes.get(p.code) if p.code else None
        if match is None:
            match = next((sku_owner[s.code] for s in p.skus if s.code and s.code in sku_owner), None)
        take(p, match, Via.CODE)
    for p in ours:
        if p.id in edits.products:
            continue
        same = by_id.get(p.id)
        if same is not None and _same_name(same.name, p.name):
            take(p, same, Via.SAME)
    skus: dict[str, Link] = {}
    taken_skus: set[str] = set()
    ours_by_id = {p.id: p for p in ours}
    for link in products.values():
        _link_skus(ours_by_id[link.ours], by_id[link.theirs], link.via, edits, skus, taken_skus)
    return PlatformIds(connection_id, platform_name, products, skus,
                       _link_templates(our_templates, their_templates, edits),
                       unlinked_ours=tuple(p.id for p in ours if p.id not in products),
                       unlinked_theirs=tuple(p.id for p in theirs if p.id not in taken), their_products=by_id)


def _link_templates(ours: list[CouponTemplate], theirs: list[CouponTemplate], edits: Edits) -> dict[str, Link]:
    """Coupon templates: the operator's link, else the same name (a merchant names them alike)."""
    by_id = {t.id: t for t in theirs}
    links: dict[str, Link] = {}
    taken: set[str] = set()
    for t in ours:
        edited = edits.templates.get(t.id)
        if edited is not None:
            if edited in by_id:
                links[t.id] = Link(t.id, edited, Via.EDITED)
                taken.add(edited)
            continue
    for t in ours:
        if t.id in links or t.id in edits.templates:
            continue
        match = next((x for x in theirs if x.id not in taken and _same_name(x.name, t.name)), None)
        if match is not None:
            links[t.id] = Link(t.id, match.id, Via.NAME)
            taken.add(match.id)
    return links
