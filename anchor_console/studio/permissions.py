"""Who may do what in Studio. The matrix is written down here once and tested cell by cell
(tests/studio/test_permissions.py)."""

from __future__ import annotations

import enum


class Role(enum.Enum):
    ANCHOR = "anchor"
    ASSISTANT = "assistant"
    MODERATOR = "moderator"
    VIEWER = "viewer"


A, S, M, V = Role.ANCHOR, Role.ASSISTANT, Role.MODERATOR, Role.VIEWER
STAFF = frozenset({A, S, M})

# action -> roles allowed. Anything not listed here is refused.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "room.read": STAFF,
    "room.manage": frozenset({A, S}),          # create, start, end, push URL
    "catalog.read": STAFF,
    "catalog.write": frozenset({A, S}),        # products, SKUs, prices, stock
    "shelf.write": frozenset({A, S}),          # list/unlist, sort, on/off sale, 讲解
    "coupon.read": STAFF,
    "coupon.write": frozenset({A, S}),         # templates, issue into a room, stop
    "coupon.claim": frozenset({V}),
    "flash_sale.read": STAFF,
    "flash_sale.manage": frozenset({A, S}),    # create, start, stop early
    "giveaway.read": STAFF,                    # lucky bags (entrants, draws), red packets
    "giveaway.manage": frozenset({A, S}),      # start and draw a lucky bag, send a red packet
    "giveaway.join": frozenset({V}),           # follow, join the fan club, enter a bag, claim a red packet
    "order.create": frozenset({V}),            # buy, incl. flash-sale purchases
    "order.read": frozenset({A, S}),
    "comment.read": STAFF,
    "comment.post": frozenset({A, S, M, V}),
    "comment.moderate": STAFF,                 # pin/unpin, hide, delete
    "viewer.read": STAFF,
    "viewer.moderate": STAFF,                  # mute, unmute, ban, unban
    "room.mute_all": STAFF,
    "room.chat_modes": STAFF,                  # slow mode, followers-only, shield
    "staff.read": STAFF,
    "staff.manage": frozenset({A}),
    "stats.read": STAFF,
    "events.read": STAFF,
    "audience.control": frozenset({A, S}),     # simulator on/off, rate, replay
    "studio.clock": frozenset({A, S}),         # rehearsal time scale; fault injection (`studio --chaos`)
    "plan.reserve": frozenset({V}),            # 预约: be reminded when a planned live starts
    "notification.read": frozenset({V}),       # one's own reminders
    "crew.seat": STAFF,                        # presence, shared log, moderation lease, show caller (crew.py)
    "word_lists.read": STAFF,                  # the team's word lists
    "word_lists.write": frozenset({A}),        # the anchor edits the team's word lists
}


def allowed(role: Role, action: str) -> bool:
    return role in PERMISSIONS.get(action, frozenset())
