"""Linking an imported show to the room's catalog: which catalog product each product of the sheet
is, and which coupon template each suggested coupon cue issues.

A product is linked when the sheet says so without contradiction: its ID is in the catalog and
the names agree (or the sheet gives no name), or it has no ID and exactly one catalog product has
its name. When the sheet's ID names a *different* product (ID 1001 for 白T恤 where the catalog's
1001 is 针织开衫), nothing is linked silently: the mismatch is returned for the user to settle — use
the sheet's ID, link by name, or leave it unlinked (the default). A coupon cue is linked to the
one template whose name is the cue's ("满199减30", also when one of them adds 券).

A sheet's ID the catalog does not have at all (#999999, a typo or another shop's) is kept as the
sheet wrote it, and returned in `unknown` for the preview to warn about.

No Qt and no live room: the caller passes what the catalog calls things (`CatalogNames`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Mapping

from anchor_console.domain.text import QT_TRANSLATE_NOOP, LabelledEnum, Text
from anchor_console.show.durations import for_parsing
from anchor_console.show.model import (
    IssueCoupon, Segment, SetOnSale, Show, StageProduct, StartFlashSale,
)

Pair = tuple[str, str]  # (product id, product name) as the show holds them


@dataclass(frozen=True, slots=True)
class CatalogNames:
    """What the room's catalog calls its products and coupon templates (id -> name)."""

    products: Mapping[str, str] = field(default_factory=dict)
    templates: Mapping[str, str] = field(default_factory=dict)


class LinkChoice(LabelledEnum):
    UNLINKED = "unlinked", QT_TRANSLATE_NOOP("Show", "Leave it unlinked")
    SHEET_ID = "sheet_id", QT_TRANSLATE_NOOP("Show", "Use the sheet's ID")
    BY_NAME = "by_name", QT_TRANSLATE_NOOP("Show", "Link it by name")


@dataclass(frozen=True, slots=True)
class ProductMismatch:
    """A product of the sheet whose ID is a catalog product of another name."""

    sheet_id: str
    sheet_name: str
    catalog_name: str               # what the catalog calls `sheet_id`
    name_match_id: str              # the one catalog product called `sheet_name`; "" if none
    segment_ids: tuple[str, ...]    # where the sheet features it
    choice: LinkChoice = LinkChoice.UNLINKED

    @property
    def key(self) -> Pair:
        return self.sheet_id, self.sheet_name

    @property
    def choices(self) -> list[LinkChoice]:
        out = [LinkChoice.UNLINKED, LinkChoice.SHEET_ID]
        return out + [LinkChoice.BY_NAME] if self.name_match_id else out

    @property
    def message(self) -> Text:
        return QT_TRANSLATE_NOOP(
            "Show", "“{name}” has product ID {id}, but the catalog's {id} is “{catalog}”; it was not linked — choose "
            "below whether to use the ID, link it by name or leave it unlinked").fill(
            name=self.sheet_name, id=self.sheet_id, catalog=self.catalog_name)


@dataclass(frozen=True, slots=True)
class UnknownProduct:
    """A product of the sheet whose ID the catalog does not have."""

    sheet_id: str
    sheet_name: str
    segment_ids: tuple[str, ...]    # where the sheet features it

    @property
    def message(self) -> Text:
        if self.sheet_name:
            return QT_TRANSLATE_NOOP(
                "Show", "“{name}” has product ID {id}, which is not in the catalog; check the ID (it was kept as "
                "the sheet wrote it)").fill(name=self.sheet_name, id=self.sheet_id)
        return QT_TRANSLATE_NOOP("Show", "Product ID {id} is not in the catalog; check the ID (it was kept as the "
                                         "sheet wrote it)").fill(id=self.sheet_id)


@dataclass(frozen=True, slots=True)
class CatalogLinks:
    show: Show
    mismatches: tuple[ProductMismatch, ...] = ()
    unknown: tuple[UnknownProduct, ...] = ()   # IDs the catalog does not have, kept as written
    linked_products: int = 0   # products linked or confirmed by the catalog
    linked_coupons: int = 0    # coupon cues given their template


def _key(name: str) -> str:
    return re.sub(r"\s+", "", for_parsing(name))


def _same_product(a: str, b: str) -> bool:
    """Do two names plausibly name the same product ("白T恤" and "基础款纯棉白T恤" do)?"""
    a, b = _key(a), _key(b)
    return a == b or (min(len(a), len(b)) >= 2 and (a in b or b in a))


def _unique(names: Mapping[str, str], wanted: str, key=_key) -> str:
    """The id of the one entry whose name is `wanted` (compared by `key`), "" if none or several."""
    found = [i for i, n in names.items() if key(n) == key(wanted)]
    return found[0] if len(found) == 1 else ""


def _coupon_key(name: str) -> str:
    return re.sub(r"(?:优惠)?券$", "", _key(name))


class _Linker:
    def __init__(self, catalog: CatalogNames, choices: Mapping[Pair, LinkChoice]) -> None:
        self.catalog, self.choices = catalog, choices
        self.resolved: dict[Pair, Pair] = {}
        self.mismatches: dict[Pair, ProductMismatch] = {}
        self.unknown: dict[str, UnknownProduct] = {}   # by the sheet's ID
        self.linked_coupons = 0

    def product(self, pair: Pair, segment_id: str) -> Pair:
        if pair not in self.resolved:
            self.resolved[pair] = self._resolve(pair, segment_id)
        elif pair in self.mismatches and segment_id not in self.mismatches[pair].segment_ids:
            mm = self.mismatches[pair]
            self.mismatches[pair] = replace(mm, segment_ids=mm.segment_ids + (segment_id,))
        pid = pair[0]
        if pid and pid not in self.catalog.products and self.catalog.products:
            self._unknown(pair, segment_id)
        return self.resolved[pair]

    def _unknown(self, pair: Pair, segment_id: str) -> None:
        pid, name = pair
        found = self.unknown.get(pid)
        if found is None:
            self.unknown[pid] = UnknownProduct(pid, name, (segment_id,))
        elif segment_id not in found.segment_ids or (name and not found.sheet_name):
            ids = found.segment_ids if segment_id in found.segment_ids else found.segment_ids + (segment_id,)
            self.unknown[pid] = replace(found, sheet_name=found.sheet_name or name, segment_ids=ids)

    def _resolve(self, pair: Pair, segment_id: str) -> Pair:
        pid, name = pair
        products = self.catalog.products
        if not pid:
            found = _unique(products, name) if name else ""
            return (found, name) if found else pair
        if pid not in products:
            return pair  # perhaps another room's catalog: kept as the sheet wrote it
        if not name or _same_product(name, products[pid]):
            return pid, name or products[pid]
        choice = self.choices.get(pair, LinkChoice.UNLINKED)
        mm = ProductMismatch(pid, name, products[pid], _unique(products, name), (segment_id,), choice)
        self.mismatches[pair] = mm
        if choice is LinkChoice.SHEET_ID:
            return pid, products[pid]
        if choice is LinkChoice.BY_NAME and mm.name_match_id:
            return mm.name_match_id, name
        return "", name

    def coupon(self, action: IssueCoupon) -> IssueCoupon:
        if action.template_id or not action.name:
            return action
        found = _unique(self.catalog.templates, action.name, _coupon_key)
        if not found:
            return action
        self.linked_coupons += 1
        return replace(action, template_id=found, name=self.catalog.templates[found])

    def segment(self, seg: Segment) -> Segment:
        products = tuple(dict.fromkeys(replace(p, **dict(zip(("id", "name"), self.product((p.id, p.name), seg.id))))
                                       for p in seg.products))
        cues = []
        for cue in seg.cues:
            a = cue.action
            if isinstance(a, (StageProduct, SetOnSale, StartFlashSale)) and (a.product_id or a.product_name):
                pid, name = self.product((a.product_id, a.product_name), seg.id)
                a = replace(a, product_id=pid, product_name=name)
            elif isinstance(a, IssueCoupon):
                a = self.coupon(a)
            cues.append(cue if a is cue.action else replace(cue, action=a))
        return replace(seg, products=products, cues=tuple(cues))


def link_to_catalog(show: Show, catalog: CatalogNames, choices: Mapping[Pair, LinkChoice] | None = None) -> CatalogLinks:
    """The show with its products and coupon cues linked to the catalog where that is certain;
    `choices` settle mismatches ((sheet id, sheet name) -> choice), reported either way."""
    if not catalog.products and not catalog.templates:
        return CatalogLinks(show)  # no catalog (not connected): nothing can be checked
    linker = _Linker(catalog, choices or {})
    linked = replace(show, segments=tuple(linker.segment(s) for s in show.segments))
    products = sum(1 for pid, _ in linker.resolved.values() if pid and pid in catalog.products)
    return CatalogLinks(linked, tuple(linker.mismatches.values()), tuple(linker.unknown.values()), products,
                        linker.linked_coupons)
