"""The armed flash sale: the money moment, in two steps. A flash sale is *armed* first — its
product, SKU, price, stock, per-buyer limit, countdown and duration checked against the room as
it is — and then *fired*, by a button, a key or (later) the control API; FIRE without an armed
sale does nothing.

An armed sale stays armed while the room moves around it (orders come in all the time during a
show): only the operator changes that — by arming another, disarming, or firing it successfully —
or the room itself, when the armed values have become impossible (the SKU sold down below the
sale's stock, the product left the shelf or went off sale, another flash sale of it started);
then it is disarmed and `changed` says why."""

from __future__ import annotations

from typing import Callable

from anchor_console.domain.events import Event
from anchor_console.domain.models import FlashSaleSpec, FlashSaleState
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.room.commands import LaunchFlashSale
from anchor_console.room.journal import UNKNOWN
from anchor_console.room.live_room import NOT_CONNECTED, LiveRoom


NO_SALE_RUNNING = QT_TRANSLATE_NOOP("FlashSale", "No flash sale is running.")   # Stop early with none to stop

def problems(spec: FlashSaleSpec, room: LiveRoom | None) -> list[Text]:
    """Why this flash sale cannot run in the room as it is now (nothing: it can)."""
    if room is None:
        return [NOT_CONNECTED]
    item = room.state.shelf_item(spec.product_id)
    if item is None:
        return [QT_TRANSLATE_NOOP("FlashSale", "The product is no longer on the shelf.")]
    product = room.flash_sale_product(spec.product_id)   # where the sale runs (the shelf item is there)
    sku = product.sku(spec.sku_id)
    if sku is None:
        return [QT_TRANSLATE_NOOP("FlashSale", "That SKU does not belong to the product.")]
    out = []
    if not item.on_sale:
        out.append(QT_TRANSLATE_NOOP("FlashSale", "“{product}” is off sale.").fill(product=item.product.name))
    out += spec.problems_against(sku, f"{product.name} · {sku.name}")
    running = [s for state in room.states.values() for s in state.flash_sales.values()
               if s.product_id == spec.product_id and s.state in (FlashSaleState.COUNTDOWN, FlashSaleState.LIVE)]
    if running:
        out.append(QT_TRANSLATE_NOOP("FlashSale", "A flash sale of this product is already running."))
    return out


class FlashSaleArming:
    def __init__(self, actions, room: Callable[[], LiveRoom | None]) -> None:
        self._actions = actions
        self._room = room
        self.armed: FlashSaleSpec | None = None
        self._unanswered: FlashSaleSpec | None = None   # armed, and its last FIRE had no answer
        self.changed = Event("flash_sale.changed")   # (armed spec or None, why it was disarmed or None)
        actions.finished.connect(self._finished)

    def arm(self, spec: FlashSaleSpec) -> list[Text]:
        """Arm `spec` if the room allows it now; returns why not, otherwise nothing."""
        found = problems(spec, self._room())
        if found:
            return found
        self.armed = spec
        self.changed.emit(spec, None)
        return []

    def disarm(self, why: Text | None = None) -> None:
        if self.armed is not None:
            self.armed = None
            self.changed.emit(None, why)

    def fire(self, *, origin: str = "click") -> bool:
        """Send the armed sale (the money confirmation applies); False if nothing is armed or it
        is in flight already. It stays armed until the platform confirms it: FIRE after no answer
        sends that same sale again under its key (the live room's rule), never a second sale."""
        if self.armed is None:
            return False
        return self._actions.run(LaunchFlashSale(self.armed), origin=origin)

    def check(self) -> None:
        """The room changed: disarm, saying why, if the armed sale has become impossible. Not while
        its last FIRE has no answer: the sale running may be its own, and FIRE again must send it
        under its key (never disarmed for having started)."""
        if self.armed is None or self._actions.is_pending(LaunchFlashSale.kind) or self.armed == self._unanswered:
            return
        found = problems(self.armed, self._room())
        if found:
            self.disarm(found[0])

    def _finished(self, command, outcome) -> None:
        if not isinstance(command, LaunchFlashSale) or command.spec != self.armed:
            return
        self._unanswered = command.spec if outcome is not None and outcome.status == UNKNOWN else None
        if outcome is not None and outcome.ok:
            self.disarm()
