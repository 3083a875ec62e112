"""How a run-of-show cue acts on the room: through the live room, journalled under the cue's
action key, so a cue fires at most once per run even across retries and crashes. A message to
the anchor goes to the presenter view instead of a platform. (No Qt here: wiring only.)"""

from __future__ import annotations

import logging
from typing import Callable

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms.base import FlashSaleSpec
from anchor_console.room.journal import CONFIRMED, SKIPPED, UNKNOWN
from anchor_console.show.model import (
    AnchorMessage,
    Cue,
    IssueCoupon,
    SetOnSale,
    SetRoomMute,
    StageProduct,
    StartFlashSale,
)
from anchor_console.show.timeline import CueOutcome

log = logging.getLogger("anchor_console.cues")


def room_action(cue: Cue) -> tuple[str, dict] | None:
    """The live-room action for a cue, or None for a message to the anchor."""
    a = cue.action
    if isinstance(a, StageProduct):
        return "put_on_stage", {"product_id": a.product_id}
    if isinstance(a, SetOnSale):
        return "set_on_sale", {"product_id": a.product_id, "on_sale": a.on_sale}
    if isinstance(a, IssueCoupon):
        return "issue_coupon", {"template_id": a.template_id, "quantity": a.quantity,
                                "valid_minutes": a.valid_minutes}
    if isinstance(a, StartFlashSale):
        return "launch_flash_sale", {"spec": FlashSaleSpec(
            product_id=a.product_id, sku_id=a.sku_id, sale_price_fen=a.sale_price_fen, stock=a.stock,
            per_buyer_limit=a.per_buyer_limit, countdown_s=a.countdown_s, duration_s=a.duration_s)}
    if isinstance(a, SetRoomMute):
        return "set_room_mute", {"muted": a.muted}
    return None


class RoomCueExecutor:
    def __init__(self, room_provider: Callable[[], object], *, actor: Callable[[], str]) -> None:
        self._room = room_provider
        self._actor = actor
        self.message_listeners: list[Callable[[str, str], None]] = []  # (text, cue id)

    async def execute(self, cue: Cue, *, action_key: str) -> CueOutcome:
        if isinstance(cue.action, AnchorMessage):
            for listener in list(self.message_listeners):
                listener(cue.action.text, cue.id)
            return CueOutcome.success()
        action = room_action(cue)
        room = self._room()
        if action is None or room is None:
            return CueOutcome.failure(QT_TRANSLATE_NOOP("Show", "Not connected to a room"))
        kind, params = action
        run_id = action_key.split(":")[1] if action_key.count(":") >= 3 else ""
        outcome = await room.perform(kind, params, origin=f"cue:{run_id}:{cue.id}", action_key=action_key,
                                     actor=self._actor())
        if outcome.status == CONFIRMED:
            return CueOutcome.success()
        reasons = [f"{platform}: {reason.english()}" for platform, reason in outcome.reasons()]
        if outcome.status == SKIPPED:
            return CueOutcome.failure(outcome.reasons()[0][1] if outcome.reasons() else QT_TRANSLATE_NOOP(
                "Show", "No platform of this room can do this"))
        if outcome.status == UNKNOWN:
            return CueOutcome.failure(QT_TRANSLATE_NOOP(
                "Show", "No answer from the platform; retrying is safe ({detail})").fill(detail="; ".join(reasons)))
        first = next((r for _, r in outcome.reasons()), None)
        return CueOutcome.failure(first if isinstance(first, Text) else QT_TRANSLATE_NOOP("Show", "The cue failed"))
