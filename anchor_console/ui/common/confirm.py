"""How the window asks before an action and says what came of it.

The session's `Actions` holds the interlocks (in flight once, money confirmed by policy); here is
the Qt side: the confirmation box for money actions (opened, never exec()'d — a nested Qt loop
inside the asyncio loop wedges it), the honest report of an outcome — confirmed, failed with the
reason in words, or unknown — with a Retry that reuses the same idempotency key, and the other
boxes the window asks with."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.room.commands import Command, EndRoom, SetRoomMute
from anchor_console.room.journal import CONFIRMED, SKIPPED, UNKNOWN
from anchor_console.room.live_room import ActionOutcome
from anchor_console.ui.common.click_guard import guard_clicks_after
from anchor_console.ui.common.i18n import reasons_text, tr_text


def _fill(text, **args) -> str:
    return tr_text(text.fill(**args))


def describe(command: Command, window) -> str:
    return tr_text(command.describe(window.session.catalog))


async def ask_to_fire(window: QWidget, command: Command) -> bool:
    """The money confirmation; True if the operator chose Fire."""
    box = QMessageBox(QMessageBox.Icon.Question, tr_text(QT_TRANSLATE_NOOP("RoomActions", "Confirm")),
                      _fill(QT_TRANSLATE_NOOP("RoomActions", "{action}?"), action=describe(command, window)),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, window)
    box.setTextFormat(Qt.TextFormat.PlainText)
    # Money is never fired by a stray Enter unless the operator chose that in the settings.
    fires = window.session.settings.money_enter_fires
    box.setDefaultButton(QMessageBox.StandardButton.Yes if fires else QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText(tr_text(QT_TRANSLATE_NOOP("RoomActions", "Fire")))
    box.setObjectName("confirm-money-action")
    answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def answered(result: int) -> None:
        guard_clicks_after(box)   # a mashed Fire's next clicks must not land on the shelf under it
        if not answer.done():
            answer.set_result(result == QMessageBox.StandardButton.Yes)

    box.finished.connect(answered)
    box.open()
    try:
        return await answer
    finally:
        box.deleteLater()


def report_outcome(window, command: Command, outcome: ActionOutcome) -> None:
    description = describe(command, window)
    entry = outcome.entry
    if outcome.status == CONFIRMED:
        done = (QT_TRANSLATE_NOOP("RoomActions", "Done: {action} (the earlier request that had no answer, sent "
                                                 "again with its key: it applies once)") if outcome.again
                else QT_TRANSLATE_NOOP("RoomActions", "Done: {action}"))
        window.show_status(_fill(done, action=description), 8000 if outcome.again else 4000)
        return
    if outcome.status == SKIPPED:
        reasons = reasons_text(r for _, r in outcome.reasons())
        window.notify(_fill(QT_TRANSLATE_NOOP("RoomActions", "{action}: {why}"), action=description, why=reasons),
                      level="warning", timeout_ms=15000)
        return
    # Pressed again after no answer: the room sent that request again, not a second one beside it.
    lines = [tr_text(QT_TRANSLATE_NOOP("RoomActions", "The earlier request that had no answer was sent again with "
                                                      "its key, not a new one."))] if outcome.again else []
    for d in entry.dispatches:
        if d.status == CONFIRMED:
            lines.append(_fill(QT_TRANSLATE_NOOP("RoomActions", "{platform}: done"), platform=d.platform))
        elif d.reason is not None:
            lines.append(_fill(QT_TRANSLATE_NOOP("RoomActions", "{platform}: {reason}"), platform=d.platform,
                               reason=d.reason))
    partly = any(d.status == CONFIRMED for d in entry.dispatches)   # pressing again resends only the rest
    head = _fill(QT_TRANSLATE_NOOP("RoomActions", "No answer yet for: {action}") if outcome.status == UNKNOWN
                 else QT_TRANSLATE_NOOP("RoomActions", "Partly done: {action}") if partly
                 else QT_TRANSLATE_NOOP("RoomActions", "Failed: {action}"), action=description)
    retry = (tr_text(QT_TRANSLATE_NOOP("RoomActions", "Retry")), lambda: window.session.actions.retry(entry.id))
    window.notify(head + "\n" + "\n".join(lines), [retry], level="warning" if outcome.status == UNKNOWN else "error")


def _ask_first(window, name: str, title: str, text: str, on_yes) -> None:
    """A one-step action that cannot be taken back: asked first, Cancel the default (a stray
    Enter does nothing), opened — never exec()'d."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, window)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setObjectName(name)
    box.finished.connect(lambda _r: guard_clicks_after(box))
    box.finished.connect(lambda r: r == QMessageBox.StandardButton.Yes and on_yes())
    box.open()


def end_room(window) -> None:
    _ask_first(window, "confirm-end-room", QCoreApplication.translate("MainWindow", "End the live room"),
               QCoreApplication.translate("MainWindow", "End the live broadcast now? Viewers can no longer buy, "
                                                        "and this cannot be undone."),
               lambda: window.session.actions.run(EndRoom()))


def room_mute(window, on: bool) -> None:
    """Room-wide mute silences every viewer: asked first. Letting the room talk again is not."""
    if not on:
        window.session.actions.run(SetRoomMute(False))
        return
    window.mute_action.setChecked(False)  # until the room says it is muted
    _ask_first(window, "confirm-room-mute", QCoreApplication.translate("MainWindow", "Room-wide mute"),
               QCoreApplication.translate("MainWindow", "Mute the whole room? No viewer can comment until you "
                                                        "turn it off again."),
               lambda: window.session.actions.run(SetRoomMute(True)))


def seats_losing_studio(window) -> str:
    """The other crew seats on the bundled Studio, named ("小美主播 (Anchor)"): quitting ends their
    connection too. Empty when there are none."""
    from anchor_console.ui.crew.roles import role_title, staff_name_text

    seats = window.session.seats_on_bundled_studio()
    if not seats:
        return ""
    named = [(staff_name_text(s.staff_name, s.role), role_title(s.role)) for s in seats]
    one = QCoreApplication.translate("MainWindow", "{name} ({role})")
    names = QCoreApplication.translate("MainWindow", ", ").join(
        name if name == title else one.format(name=name, role=title) for name, title in named)
    if len(seats) == 1:
        return QCoreApplication.translate("MainWindow", "{seat} is connected to this computer's Studio and will "
                                                        "lose it.").format(seat=names)
    return QCoreApplication.translate("MainWindow", "{seats} are connected to this computer's Studio and will "
                                                    "lose it.").format(seats=names)


def quit_while_live(window, live: bool = True) -> None:
    """Asked before quitting while the room is `live`, or while other seats are on this computer's Studio."""
    seats = seats_losing_studio(window)
    if window.session.on_bundled_studio and live and seats:
        text = QCoreApplication.translate("MainWindow", "The room is live on the bundled Studio, which stops when "
                                                        "the console quits: its audience and countdowns stop too. "
                                                        "{seats} Quit anyway?").format(seats=seats)
    elif window.session.on_bundled_studio and live:   # it stops with the console: the broadcast does not go on
        text = QCoreApplication.translate("MainWindow", "The room is live on the bundled Studio, which stops when "
                                                        "the console quits: its audience and countdowns stop too. "
                                                        "Quit anyway?")
    elif seats:
        text = QCoreApplication.translate("MainWindow", "This computer's Studio stops when the console quits. "
                                                        "{seats} Quit anyway?").format(seats=seats)
    else:
        text = QCoreApplication.translate("MainWindow", "The room is live. Quit the console anyway? The "
                                                        "broadcast goes on without it.")
    _ask_first(window, "confirm-quit", QCoreApplication.translate("MainWindow", "Quit"), text,
               window.quit_unless_edits_at_risk)


def quit_losing_edits(window, why: str) -> None:
    """Quitting would lose edits that are neither saved nor kept in a recovery copy."""
    _ask_first(window, "confirm-quit-losing-edits", QCoreApplication.translate("MainWindow", "Quit"),
               QCoreApplication.translate("MainWindow", "The show editor has changes that are not saved, and no "
                                                        "recovery copy of them could be written ({why}). Quit "
                                                        "anyway and lose them? Cancel, then save the show.").format(
                   why=why or "?"),
               window.close_requested.emit)


def end_show(window, runner) -> None:
    if not runner.running:
        runner.end()
        return
    _ask_first(window, "confirm-end-show", QCoreApplication.translate("MainWindow", "End show"),
               QCoreApplication.translate("MainWindow", "End the running show now? Cues still to come will "
                                                        "not fire."),
               runner.end)


def go_live_from_plan(parent, what_happens: str, on_yes) -> None:
    """Going live from a plan (直播预告) lists products, loads a show and starts the room: asked first."""
    _ask_first(parent, "confirm-go-live", QCoreApplication.translate("LivePlansWindow", "Go live"), what_happens, on_yes)


def about(window) -> None:
    from anchor_console import __version__

    title = QCoreApplication.translate("MainWindow", "About Anchor Console")
    version = QCoreApplication.translate("MainWindow", "Anchor Console {version}").format(version=__version__)
    box = QMessageBox(QMessageBox.Icon.Information, title, version + "\n" + QCoreApplication.translate(
                          "MainWindow", "A console for live-commerce broadcasts: shelf and 讲解, coupons and flash sales, run of "
                          "show, comment moderation."), QMessageBox.StandardButton.Ok, window)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.open()
