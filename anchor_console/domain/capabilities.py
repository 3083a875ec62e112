"""What a platform connection can do. The console asks "can this connection issue coupons?"
instead of branching on platform names, and disables what no bound connection supports."""

from __future__ import annotations

import enum

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text


class Capability(enum.Enum):
    ROOMS = "rooms"
    SHELF = "shelf"                    # add/remove products in the room
    STAGE = "stage"                    # 讲解: put one product on stage
    SALE_TOGGLE = "sale_toggle"        # on/off sale in the room
    SORT = "sort"                      # reorder the shelf
    PRICE = "price"                    # change a product's price
    COUPONS = "coupons"
    FLASH_SALES = "flash_sales"
    COMMENT_STREAM = "comment_stream"
    HIDE_COMMENT = "hide_comment"
    DELETE_COMMENT = "delete_comment"
    MUTE = "mute"                      # mute one viewer for a duration
    BAN = "ban"
    ROOM_MUTE = "room_mute"            # room-wide mute
    PIN = "pin"
    POST_AS_STAFF = "post_as_staff"
    STATS_STREAM = "stats_stream"

    @property
    def label(self) -> Text:
        return _LABELS[self]


_LABELS: dict[Capability, Text] = {
    Capability.ROOMS: QT_TRANSLATE_NOOP("Capability", "rooms"),
    Capability.SHELF: QT_TRANSLATE_NOOP("Capability", "listing products in the room"),
    Capability.STAGE: QT_TRANSLATE_NOOP("Capability", "putting a product on stage (讲解)"),
    Capability.SALE_TOGGLE: QT_TRANSLATE_NOOP("Capability", "on/off sale"),
    Capability.SORT: QT_TRANSLATE_NOOP("Capability", "reordering the shelf"),
    Capability.PRICE: QT_TRANSLATE_NOOP("Capability", "changing prices"),
    Capability.COUPONS: QT_TRANSLATE_NOOP("Capability", "coupons"),
    Capability.FLASH_SALES: QT_TRANSLATE_NOOP("Capability", "flash sales"),
    Capability.COMMENT_STREAM: QT_TRANSLATE_NOOP("Capability", "reading comments"),
    Capability.HIDE_COMMENT: QT_TRANSLATE_NOOP("Capability", "hiding comments"),
    Capability.DELETE_COMMENT: QT_TRANSLATE_NOOP("Capability", "deleting comments"),
    Capability.MUTE: QT_TRANSLATE_NOOP("Capability", "muting a viewer"),
    Capability.BAN: QT_TRANSLATE_NOOP("Capability", "banning a viewer"),
    Capability.ROOM_MUTE: QT_TRANSLATE_NOOP("Capability", "room-wide mute"),
    Capability.PIN: QT_TRANSLATE_NOOP("Capability", "pinning comments"),
    Capability.POST_AS_STAFF: QT_TRANSLATE_NOOP("Capability", "posting as staff"),
    Capability.STATS_STREAM: QT_TRANSLATE_NOOP("Capability", "live statistics"),
}

ALL_CAPABILITIES: frozenset[Capability] = frozenset(Capability)
