"""The lucky bags in the giveaways dock this console did not start (the platform's past ones,
other crew seats'), and whose the selected bag is, in a line under the list: another crew seat's
(drawn here only once that seat is gone or late: session/crew_bags.py says why), one taken over
from a seat, or this seat's own with a seed no other seat has (a platform without a crew channel:
only this computer can draw it)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from anchor_console.domain.giveaways import BagState, LuckyBag
from anchor_console.session.crew_bags import NO_CREW, CrewBag
from anchor_console.session.giveaway_store import DRAWN, OPEN, KeptBag
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.crew.roles import staff_name_text

PAST = "platform:"      # the local id of a bag known from the platform only (another console's, or older)


def past_bag(bag: LuckyBag, room_key: str) -> KeptBag:
    """A bag the platform lists that this console did not start, shown like one it did: its seed
    is there only once the platform published it (drawn); it can be re-checked, and drawn here only
    as another crew seat's bag this seat takes over."""
    state = {BagState.DRAWN: DRAWN}.get(bag.state, OPEN)
    return KeptBag(PAST + bag.id, "", room_key, "", bag.setup, bag.seed if state == DRAWN and bag.seed else "",
                   bag.commitment, state=state, created_at=bag.created_at, bag_id=bag.id, due_at=bag.ends_at or None,
                   entrant_count=bag.entrant_count, winners=bag.winners,
                   announcement_comment_id=bag.announcement_comment_id)


def crew_bag_of(giveaways, bag: KeptBag | None) -> CrewBag | None:
    """The row `bag` as another seat's bag not drawn yet (`giveaways`: the session's desk), if it is one."""
    if bag is None or not bag.local_id.startswith(PAST):
        return None
    return next((b for b in giveaways.crew_bags_now() if b.bag.id == bag.bag_id), None)


def whose_bag_text(bag: KeptBag | None, other: CrewBag | None, *, ours: bool, crew: bool) -> str:
    """`other`: the row as another seat's bag; `ours`: a bag this console keeps; `crew`: the room
    has a crew channel. "" when there is nothing to say."""
    if other is not None and other.kept is not None:
        name = staff_name_text(other.kept.staff_name) if other.kept.staff_name else other.kept.machine
        if other.starter_gone:
            text = QCoreApplication.translate("GiveawaysPanel",
                                              "Started on {name}'s seat, which is gone: you can draw it here.")
        else:
            text = QCoreApplication.translate("GiveawaysPanel", "Started on {name}'s seat.")
        text = text.format(name=name)
        if other.why_not is not None:
            return f"{text} {tr_text(other.why_not)}"
        if not other.starter_gone:   # its seat is there but has not drawn it
            return f"{text} " + QCoreApplication.translate(
                "GiveawaysPanel", "It has not been drawn since entry closed: you can draw it here.")
        return text
    if other is not None:
        return tr_text(other.why_not) if other.why_not is not None else ""
    if bag is None or not ours:
        return ""
    if bag.started_by:
        return QCoreApplication.translate("GiveawaysPanel", "Taken over from {name}'s seat.").format(
            name=bag.started_by)
    if bag.state == OPEN and not bag.shared and not crew:
        return tr_text(NO_CREW)
    return ""
