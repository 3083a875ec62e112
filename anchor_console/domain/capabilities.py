"""What a platform connection can do. The console asks "can this connection issue coupons?"
instead of branching on platform names, and disables what no bound connection supports."""

from __future__ import annotations


from anchor_console.domain.text import QT_TRANSLATE_NOOP, LabelledEnum


class Capability(LabelledEnum):
    ROOMS = "rooms", QT_TRANSLATE_NOOP("Capability", "rooms")
    SHELF = "shelf", QT_TRANSLATE_NOOP("Capability", "listing products in the room")
    STAGE = "stage", QT_TRANSLATE_NOOP("Capability", "putting a product on stage (讲解)")
    SALE_TOGGLE = "sale_toggle", QT_TRANSLATE_NOOP("Capability", "on/off sale")
    SORT = "sort", QT_TRANSLATE_NOOP("Capability", "reordering the shelf")
    PRICE = "price", QT_TRANSLATE_NOOP("Capability", "changing prices")  # change a product's price
    COUPONS = "coupons", QT_TRANSLATE_NOOP("Capability", "coupons")
    FLASH_SALES = "flash_sales", QT_TRANSLATE_NOOP("Capability", "flash sales")
    COMMENT_STREAM = "comment_stream", QT_TRANSLATE_NOOP("Capability", "reading comments")
    HIDE_COMMENT = "hide_comment", QT_TRANSLATE_NOOP("Capability", "hiding comments")
    DELETE_COMMENT = "delete_comment", QT_TRANSLATE_NOOP("Capability", "deleting comments")
    MUTE = "mute", QT_TRANSLATE_NOOP("Capability", "muting a viewer")  # mute one viewer for a duration
    BAN = "ban", QT_TRANSLATE_NOOP("Capability", "banning a viewer")
    ROOM_MUTE = "room_mute", QT_TRANSLATE_NOOP("Capability", "room-wide mute")
    # Chat modes for a storm in the chat (Twitch has them all; Studio too)
    SLOW_MODE = "slow_mode", QT_TRANSLATE_NOOP("Capability", "slow mode")
    FOLLOWERS_ONLY = "followers_only", QT_TRANSLATE_NOOP("Capability", "followers-only chat")
    SHIELD_MODE = "shield_mode", QT_TRANSLATE_NOOP("Capability", "shield mode")
    ANNOUNCE = "announce", QT_TRANSLATE_NOOP("Capability", "announcements")
    PIN = "pin", QT_TRANSLATE_NOOP("Capability", "pinning comments")
    POST_AS_STAFF = "post_as_staff", QT_TRANSLATE_NOOP("Capability", "posting as staff")
    STATS_STREAM = "stats_stream", QT_TRANSLATE_NOOP("Capability", "live statistics")
    LUCKY_BAGS = "lucky_bags", QT_TRANSLATE_NOOP("Capability", "lucky bags and draws (福袋)")
    RED_PACKETS = "red_packets", QT_TRANSLATE_NOOP("Capability", "red packets (红包)")
    # Studio's own: a room to rehearse in, with a simulated audience and recorded comments
    REHEARSAL_ROOMS = "rehearsal_rooms", QT_TRANSLATE_NOOP("Capability", "rehearsal rooms")
    # Shows planned ahead (直播预告): scheduled rooms with a cover, times and the anchor, and how many
    # viewers reserved a reminder
    LIVE_PLANS = "live_plans", QT_TRANSLATE_NOOP("Capability", "live plans")


ALL_CAPABILITIES: frozenset[Capability] = frozenset(Capability)
