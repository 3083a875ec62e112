"""Each viewer's mute or ban as the platform has it — whoever gave it — for the rules (no Qt).

Several consoles ("seats") can moderate one room. A moderator on another seat mutes a viewer for 60
minutes (or bans them) while this seat's rule is about to act on a comment the viewer posted just
before; platforms keep the latest mute's end, so the rule's 10 minutes would cut the 60 short (or a
banned viewer would be pointlessly muted). The enforcer asks `silenced_at_least` before a rule's
mute or ban; a moderator's own action is never held back by it.

Where it comes from, at no cost: Studio tells every seat of every mute, unmute, ban and unban on
the room's event stream (`viewer.updated`, with the viewer's card: muted until when on Studio's
clock, banned or not). Whenever the room is (re)loaded — its stream opened again after a drop or a
resync (room/live_room.py) — events from before may have been skipped, so what was heard is
forgotten then (`reloaded`).

A viewer no event has named since then: on a platform that refuses comments of muted and banned
viewers (Studio), a comment posted after the stream was loaded proves its viewer was neither when
it was posted, and the events tell everything since — nothing to ask (`known`). Only for a comment
older than that (posted before a reload, or caught up with) does the enforcer ask the platform
once (`Platform.get_viewer`), and only on a connection the crew follows (`followed`: its events
say each viewer's standing). Elsewhere what the events said is used when they said something; the
rest stays as before (this seat's own mutes and bans only).

Another seat's unmute or unban, heard the same way, is passed on (`lifted`): the enforcer drops the
rule mutes and bans it decided before, as after a lift on this seat. This seat's own lift, heard
back, is told apart (`lifting`) and not passed on: it was counted when it was made.

Times are the platform's (`muted_until` is on its clock): compared with `platform_now`, the
session's reading of that platform's clock (session/platform_clock.py)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from anchor_console.domain.models import Comment, Viewer
from anchor_console.moderation.wordlists import Action
from anchor_console.room.room_state import Aspect

log = logging.getLogger("anchor_console.moderation")
LOADED_MARGIN_S = 5.0   # a comment this close after a reload (platform time) may be one from before it
REMEMBERED = 50_000     # viewers whose standing is kept (the oldest heard are let go: asked again)
LIFTS = ("unmuted", "unbanned")
OWN_LIFT_HEARD_S = 60.0   # this seat's unmute or unban is heard back on the room's events within this

ViewerKey = tuple[str, str, str]   # (connection id, room id, viewer id): a mute holds in its room


@dataclass(frozen=True, slots=True)
class Standing:
    muted_until: float | None   # on the platform's clock; None: not muted
    banned: bool


class ViewerStandings:
    def __init__(self, platform_now: Callable[[str], float], monotonic: Callable[[], float]) -> None:
        self.platform_now = platform_now   # connection id -> that platform's time now
        self._monotonic = monotonic
        self.followed: set[str] = set()    # connections whose comments prove their viewer was not silenced
        # Called with (viewer, change) when a viewer.updated event lifts a mute or a ban ("unmuted", "unbanned").
        self.lifted: Callable[[ViewerKey, str], None] = lambda viewer, change: None
        self._standing: dict[ViewerKey, Standing] = {}
        self._loaded_at: dict[str, float] = {}   # connection -> platform time its stream was last (re)loaded
        self._own_lifts: dict[ViewerKey, list[float]] = {}   # this seat's lifts not heard back yet (monotonic)

    def on_room_changed(self, connection_id: str, aspect: Aspect, event: Any) -> None:
        """The room's news: a viewer's card (from any seat's action), or a reload (events may be missed)."""
        if aspect is Aspect.ROOM and event is None:
            self.reloaded(connection_id)
        elif aspect is Aspect.VIEWER and event is not None and isinstance(event.data.get("viewer"), Viewer):
            viewer = event.data["viewer"]
            key = (connection_id, str(event.room_id), viewer.id)
            self.heard(key, viewer)
            change = event.data.get("change", "")
            if change in LIFTS and not self._own_heard_back(key):
                self.lifted(key, change)

    def lifting(self, key: ViewerKey) -> None:
        """This seat lifts the viewer's mute or ban: its event, when it comes, is not another seat's."""
        self._own_lifts.setdefault(key, []).append(self._monotonic())

    def not_lifted(self, key: ViewerKey) -> None:
        """This seat's lift failed: no event will come of it."""
        own = self._own_lifts.get(key)
        if own:
            own.pop()
        if not own:
            self._own_lifts.pop(key, None)

    def _own_heard_back(self, key: ViewerKey) -> bool:
        now = self._monotonic()
        own = [at for at in self._own_lifts.pop(key, ()) if now - at <= OWN_LIFT_HEARD_S]
        if own[1:]:
            self._own_lifts[key] = own[1:]
        return bool(own)

    def reloaded(self, connection_id: str) -> None:
        """The connection's stream was (re)loaded: what it said before may have been overtaken meanwhile."""
        self._loaded_at[connection_id] = self.platform_now(connection_id)
        self._standing = {k: s for k, s in self._standing.items() if k[0] != connection_id}

    def heard(self, key: ViewerKey, viewer: Viewer) -> None:
        """The platform's word on a viewer (an event, or its answer to a question)."""
        self._standing.pop(key, None)   # to the end: the oldest heard go first
        self._standing[key] = Standing(viewer.muted_until, viewer.banned)
        if len(self._standing) > REMEMBERED:
            del self._standing[next(iter(self._standing))]

    def known(self, comment: Comment) -> bool:
        """Is the viewer's standing now known without asking? (Only said of `followed` connections.)"""
        if _key(comment) in self._standing:
            return True
        loaded = self._loaded_at.get(comment.connection_id)
        return loaded is not None and comment.created_at >= loaded + LOADED_MARGIN_S

    def asks(self, comment: Comment) -> bool:
        """Should the platform be asked before a rule's mute or ban of this comment's viewer?"""
        return comment.connection_id in self.followed and not self.known(comment)

    async def learn(self, comment: Comment, ask: Callable[[Comment], Awaitable[Viewer]]) -> None:
        """Before a rule's mute or ban: where the events do not cover the viewer (`asks`), the
        platform is asked once. No answer: the rule acts as decided, as it did before."""
        if not self.asks(comment):
            return
        try:
            viewer = await ask(comment)
        except Exception as exc:  # noqa: BLE001 - a read that failed must not stop the rule
            log.info("the standing of viewer %s could not be read: %s", comment.user_id, exc)
            return
        self.heard(_key(comment), viewer)

    def silenced_at_least(self, comment: Comment, action: Action, minutes: int) -> bool:
        """Does the platform have this viewer banned, or (for a mute) muted at least as long?"""
        standing = self._standing.get(_key(comment))
        if standing is None:
            return False
        if standing.banned:
            return True
        return action == Action.MUTE and standing.muted_until is not None and \
            standing.muted_until >= self.platform_now(comment.connection_id) + minutes * 60


def _key(comment: Comment) -> ViewerKey:
    return comment.connection_id, comment.room_id, comment.user_id
