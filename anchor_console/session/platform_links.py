"""Linking the catalog to each other platform of a room bound to several (a mini-program live room
and a Channels shop): fetching their products and coupon templates, applying the operator's links
kept in `platform_links.json`, and telling the operator what has no match.

The links themselves (and what an action does with them) are the room's: `room.platform_ids`."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.events import Event
from anchor_console.domain.models import CouponTemplate, Product
from anchor_console.domain.json_file import UnreadableJson, read_json_object
from anchor_console.domain.kept_files import move_aside
from anchor_console.domain.notice import Level, Notice
from anchor_console.domain.text import QT_TRANSLATE_NOOP, os_error_words
from anchor_console.platforms.errors import PlatformError
from anchor_console.room.live_room import Binding, LiveRoom
from anchor_console.room.platform_ids import Edits, PlatformIds, link_products
from anchor_console.domain.atomic_file import write_atomically

log = logging.getLogger("anchor_console.platform_links")


class LinksFile:
    """The operator's links, per connection id. A broken file is kept beside (never overwritten)
    and the links start empty; the automatic ones still apply."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.edits: dict[str, Edits] = {}
        self.warning: Notice | None = None
        self._load()

    def _load(self) -> None:
        if not self.path.exists():
            return
        try:
            raw = read_json_object(self.path)
            edits = {str(k): Edits.from_json(v) for k, v in raw.items()}
        except (UnreadableJson, ValueError, KeyError, TypeError, AttributeError) as exc:
            kept = move_aside(self.path)
            log.warning("platform links unreadable (%r); kept as %s", exc.__cause__ or exc, kept)
            self.warning = Notice(QT_TRANSLATE_NOOP(
                "Console", "The product links between platforms could not be read; they were kept as {file} and "
                           "start again from the automatic matches.").fill(file=str(kept)), Level.WARNING,
                key="platform-links-file")
            return
        self.edits = edits

    def get(self, connection_id: str) -> Edits:
        return self.edits.get(connection_id, Edits())

    def set(self, connection_id: str, edits: Edits) -> Notice | None:
        """Keep a connection's links; a notice if they could not be written to disk (they apply
        until the console closes, and are written with the next save)."""
        self.edits[connection_id] = edits
        try:
            write_atomically(self.path, json.dumps({k: v.to_json() for k, v in self.edits.items()},
                                                   ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as exc:
            return Notice(QT_TRANSLATE_NOOP(
                "Console", "The product links could not be written to {file} ({why}); they apply until the "
                           "console closes.").fill(file=str(self.path), why=os_error_words(exc)),
                Level.WARNING, key="platform-links-file")
        return None


class PlatformLinks:
    """What each other platform of the room has, and how it links to the catalog."""

    def __init__(self, links_file: LinksFile, notices: Event, resolved: Event) -> None:
        self.file = links_file
        self._notices, self._resolved = notices, resolved   # the session's: (Notice) and (key prefix)
        self.theirs: dict[str, tuple[list[Product], list[CouponTemplate]]] = {}
        self.changed = Event("platform_links.changed")

    async def refresh(self, room: LiveRoom, ours: list[Product], our_templates: list[CouponTemplate]) -> None:
        """Fetch every other platform's products and templates and link them (on connecting and on
        the operator's Refresh)."""
        for b in room.bindings[1:]:
            try:
                self.theirs[b.connection_id] = await self._fetch(b)
            except PlatformError as exc:
                log.warning("products of %s unavailable: %s", b.platform.display_name, exc.detail)
                self._notices.emit(Notice(QT_TRANSLATE_NOOP(
                    "Console", "Could not read the products of {platform} to link them: {reason}").fill(
                    platform=b.platform.display_name, reason=exc.message), Level.WARNING,
                    key=f"platform-links:{b.connection_id}"))
                continue
        self.relink(room, ours, our_templates)

    @staticmethod
    async def _fetch(b: Binding) -> tuple[list[Product], list[CouponTemplate]]:
        products = await b.platform.products_to_match()
        templates = (await b.platform.list_coupon_templates()
                     if b.platform.supports(Capability.COUPONS) else [])
        return products, templates

    def relink(self, room: LiveRoom, ours: list[Product], our_templates: list[CouponTemplate]) -> None:
        """Link again from what is known (after the operator edits a link)."""
        for b in room.bindings[1:]:
            if b.connection_id not in self.theirs:
                continue
            products, templates = self.theirs[b.connection_id]
            ids = link_products(b.connection_id, b.platform.display_name, ours, products,
                                self.file.get(b.connection_id), our_templates, templates)
            room.platform_ids[b.connection_id] = ids
            self._tell_unlinked(b, ids)
        self.changed.emit()

    def _tell_unlinked(self, b: Binding, ids: PlatformIds) -> None:
        key = f"platform-links:{b.connection_id}"
        acts_on_products = (Capability.SHELF, Capability.STAGE, Capability.FLASH_SALES, Capability.PRICE)
        if ids.unlinked_ours and any(b.platform.supports(c) for c in acts_on_products):
            self._notices.emit(Notice(QT_TRANSLATE_NOOP(
                "Console", "{n} products have no match on {platform}: actions on them are not sent there. Link "
                           "them in Room → Products across platforms.").fill(
                n=len(ids.unlinked_ours), platform=b.platform.display_name), Level.WARNING, key=key))
        else:
            self._resolved.emit(key)

    def save(self, room: LiveRoom, connection_id: str, edits: Edits, ours: list[Product],
             our_templates: list[CouponTemplate]) -> None:
        if (problem := self.file.set(connection_id, edits)) is not None:
            self._notices.emit(problem)
        self.relink(room, ours, our_templates)
