"""When viewers chat through a service of its own (Studio on Tencent Cloud IM), a moderation change
reaches viewers in two steps: the platform confirms it to the console at once, then passes it on to
that service. If the service refuses it or never answers (an expired UserSig, a dismissed group, a
staff post still in doubt after IM's five-minute window), the console has already shown it done.
This module turns the platform's `chat_relay.failed` event into a notice that says what viewers'
chat may not show, and why, so the assistant can act on it (in the IM console, or by doing it again)."""

from __future__ import annotations

from anchor_console.domain.events import Event, Subscription
from anchor_console.domain.notice import Level, Notice
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.room.live_room import LiveRoom
from anchor_console.room.room_state import Aspect

NOTICE_KEY = "relay:"

SERVICES: dict[str, Text] = {"tencent_im": QT_TRANSLATE_NOOP("ChatRelay", "Tencent Cloud IM")}
SOME_SERVICE = QT_TRANSLATE_NOOP("ChatRelay", "The viewers' chat service")
WHAT_FAILED: dict[str, Text] = {
    "mute": QT_TRANSLATE_NOOP("ChatRelay", "{service} did not mute the viewer in the viewers' chat: {reason}"),
    "unmute": QT_TRANSLATE_NOOP("ChatRelay", "{service} did not lift the viewer's mute in the viewers' chat: {reason}"),
    "ban": QT_TRANSLATE_NOOP("ChatRelay", "{service} did not ban the viewer from the viewers' chat: {reason}"),
    "unban": QT_TRANSLATE_NOOP("ChatRelay", "{service} did not lift the viewer's ban in the viewers' chat: {reason}"),
    "mute_all": QT_TRANSLATE_NOOP("ChatRelay", "{service} did not change the room-wide mute of the viewers' chat: "
                                               "{reason}"),
    "recall": QT_TRANSLATE_NOOP("ChatRelay", "{service} did not take the deleted comment out of the viewers' chat: "
                                             "{reason}"),
    "staff_post": QT_TRANSLATE_NOOP("ChatRelay", "{service} did not post the staff message to the viewers' chat: "
                                                 "{reason}"),
    "pin": QT_TRANSLATE_NOOP("ChatRelay", "{service} did not show the pinned comment in the viewers' chat: {reason}"),
    "unpin": QT_TRANSLATE_NOOP("ChatRelay", "{service} did not take the pinned comment out of the viewers' chat: "
                                            "{reason}"),
}
ANY_CHANGE = QT_TRANSLATE_NOOP("ChatRelay", "{service} did not carry out a moderation change ({action}) in the "
                                            "viewers' chat: {reason}")
NO_REASON = QT_TRANSLATE_NOOP("ChatRelay", "no reason given")


def relay_notice(data: dict) -> Notice:
    """The notice for one `chat_relay.failed`: the service's reason is its own words (Studio's)."""
    action = str(data.get("action", ""))
    service = SERVICES.get(str(data.get("service", "")), SOME_SERVICE)
    reason = str(data.get("message") or "") or NO_REASON
    text = WHAT_FAILED.get(action, ANY_CHANGE).fill(service=service, reason=reason, action=action)
    return Notice(text, Level.WARNING, key=NOTICE_KEY + action)


class ChatRelayWatch:
    """Follows the room of the moment (`set_room`) and tells each failed relay once, as it arrives."""

    def __init__(self, notices: Event) -> None:
        self._notices = notices
        self._room_heard = Subscription()

    def set_room(self, room: LiveRoom | None) -> None:
        self._room_heard.follow(room.changed if room is not None else None, self._on_room_changed)

    def _on_room_changed(self, connection_id: str, aspect: Aspect, event) -> None:
        if aspect is Aspect.RELAY and event is not None:
            self._notices.emit(relay_notice(event.data))
