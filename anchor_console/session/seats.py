"""Crew seats in sync, the session's side (no Qt): this console as one seat of a Studio room.

`CrewSeats` (the session's `crew`) owns, while the room's platform has a crew API (Studio):

  presence     joins the room as a seat (staff name and role come from the token), sends a
               heartbeat every HEARTBEAT_S, keeps the list of seats current (`seats`), shows a
               seat that dropped out as gone; Studio's wall time (`studio_now`) is the session's
               `PlatformClock`'s, which the adapter learns from these round trips
  may          what this seat's role may do (`may(kind)`), so the UI disables instead of failing
  shared log   every action of this seat's journal is sent to the room's shared log as it changes
               state; other seats' entries are kept apart (`shared`), never replayed as ours: the
               local journal stays the source of truth for exactly-once. `journal_view()` merges
               both for the journal panel; `in_flight_money()` names money actions another seat
               has fired and not yet settled (so nobody fires them again); a show cue's money
               action is written ahead (`write_ahead`, pending) before it leaves, so a seat taking
               the show over knows of it even if this seat goes before its outbox sends
  moderation   the lease and team word lists (`crew_moderation.CrewModeration`)
  show         the show caller and its followers (`show_follow.ShowFollow`)

  contact      when the room's Studio is out of reach (its event stream lost): since when
               (`contact_lost_at`), and the show followed kept as last known (`ShowFollow.contact_lost`)

Events for the UI: `seats_changed` (list[SeatPresence]), `log_added` (CrewLogEntry of another
seat), `permissions_changed` (frozenset of Studio actions this seat may do), `contact_changed`
(this seat's wall time when contact with Studio was lost, or None once it is back)."""

from __future__ import annotations

import asyncio
import json
import logging
import platform as host
from collections.abc import Callable
from dataclasses import dataclass

from anchor_console.domain.clock import Clock
from anchor_console.domain.events import Event, unsubscribe_all
from anchor_console.domain.notice import Level, Notice
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms.base import StreamStatus
from anchor_console.platforms.errors import NotFound, PlatformError
from anchor_console.platforms.studio_crew import CrewLogEntry, SeatInfo, StudioCrew
from anchor_console.platforms.transport import Sleep
from anchor_console.room.commands import Command
from anchor_console.room.journal import FAILED, PENDING, UNKNOWN, ActionJournal, JournalEntry
from anchor_console.room.live_room import LiveRoom
from anchor_console.room.room_state import Aspect
from anchor_console.session.platform_clock import PlatformClock

log = logging.getLogger("anchor_console.session.seats")
HEARTBEAT_S = 1.5
LOG_GATHER_S = 0.25    # the shared log's entries are gathered this long (other seats see them within a second)
LOG_BATCH = 200
QUICK_ROUND_TRIPS = 6   # on joining, so followers have Studio's time soon

# What each journalled action needs of the seat's role (Studio's permission names).
NEEDS: dict[str, str] = {
    "start_room": "room.manage", "end_room": "room.manage", "set_room_mute": "room.mute_all",
    "set_slow_mode": "room.chat_modes", "set_followers_only": "room.chat_modes", "set_shield_mode": "room.chat_modes",
    "announce": "comment.post",
    "add_to_shelf": "shelf.write", "remove_from_shelf": "shelf.write", "reorder_shelf": "shelf.write",
    "set_on_sale": "shelf.write", "put_on_stage": "shelf.write", "clear_stage": "shelf.write",
    "set_price": "catalog.write", "issue_coupon": "coupon.write", "stop_coupon": "coupon.write",
    "launch_flash_sale": "flash_sale.manage", "stop_flash_sale": "flash_sale.manage",
    "start_lucky_bag": "giveaway.manage", "draw_lucky_bag": "giveaway.manage", "send_red_packet": "giveaway.manage",
    "post_comment": "comment.post", "pin_comment": "comment.moderate", "hide_comment": "comment.moderate",
    "delete_comment": "comment.moderate", "mute_viewer": "viewer.moderate", "unmute_viewer": "viewer.moderate",
    "ban_viewer": "viewer.moderate", "unban_viewer": "viewer.moderate",
    "edit_team_word_lists": "word_lists.write", "call_show": "crew.seat",
}
MONEY_ELSEWHERE_S = 10.0   # an identical money action another seat did this recently is not sent again here
# …or sent with no answer (it may have been applied): as long as that seat would send it again itself
# under its keys rather than begin a new one (room/live_room.py PARTLY_DONE_OPEN_S).
UNKNOWN_ELSEWHERE_S = 600.0
WRITE_AHEAD_S = 2.0   # a show cue's money action waits this long at most for the crew to hear of it
SENT_ELSEWHERE = QT_TRANSLATE_NOOP(
    "Crew", "{name}'s seat sent this same money action {seconds} s ago, so it was not sent again from here. To "
            "send another one, press again in a moment.")


def _other_cues(ours: str, theirs: str) -> bool:
    """Both fired by cues ("cue:<run>:<cue id>", show/cues.py), and not by the same cue."""
    if not (ours.startswith("cue:") and theirs.startswith("cue:")):
        return False
    return ours.split(":", 2)[-1] != theirs.split(":", 2)[-1]


def _log_row(entry: JournalEntry, state: str) -> dict:
    """One state of one of this seat's actions, as the shared log takes it."""
    return {"action_id": entry.id, "kind": entry.kind, "params": entry.params, "state": state, "money": entry.money,
            "origin": entry.origin, "actor": entry.actor}


def _canonical(params: dict) -> str:
    """Terms as both seats compare them (the shared log's come through JSON)."""
    return json.dumps(params, sort_keys=True, default=str)


JOIN_REFUSED = QT_TRANSLATE_NOOP("Crew", "This console could not join the other seats on this room: {why} It keeps "
                                        "trying; until then, shared logs, the rules lease and show follow are off here.")
ROLE_MAY_NOT = QT_TRANSLATE_NOOP("Crew", "The {role} role may not do this on this room; ask the anchor.")
ROLE_NAMES = {"anchor": QT_TRANSLATE_NOOP("Crew", "anchor"), "assistant": QT_TRANSLATE_NOOP("Crew", "assistant"),
              "moderator": QT_TRANSLATE_NOOP("Crew", "moderator"), "viewer": QT_TRANSLATE_NOOP("Crew", "viewer")}


@dataclass(frozen=True, slots=True)
class SeatPresence:
    """A seat as this console shows it: `gone` once it left or fell silent (kept, shown as gone)."""

    info: SeatInfo
    ours: bool
    gone: bool = False


@dataclass(frozen=True, slots=True)
class CrewJournalRow:
    """One row of the merged journal view: an action of this seat (`entry`) or of another (`shared`)."""

    at: float
    seat_id: str
    staff_name: str
    machine: str
    kind: str
    params: dict
    state: str
    money: bool
    ours: bool
    entry: JournalEntry | None = None
    shared: CrewLogEntry | None = None


class CrewSeats:
    def __init__(self, *, journal: ActionJournal, clock: Clock, seat_id: str, spawn: Callable[..., object],
                 cancel: Callable[[str], None], machine: str | None = None, sleep: Sleep = asyncio.sleep,
                 notices: Event | None = None, times: PlatformClock | None = None) -> None:
        from anchor_console.session.crew_moderation import CrewModeration
        from anchor_console.session.show_follow import ShowFollow

        self.journal = journal
        self.clock = clock
        self.times = times or PlatformClock(clock, lambda: self.room)   # the session's: Studio's time
        self.sleep = sleep   # retries, heartbeats and the show's broadcasts wait through it (tests pass their own)
        self._notices = notices   # the session's: what keeps this seat off the crew, said
        self.seat_id = seat_id
        self.machine = machine or host.node() or "console"
        self._spawn = spawn
        self._cancel = cancel
        self.link: StudioCrew | None = None
        self.room: LiveRoom | None = None
        self.me: SeatInfo | None = None
        self.joined = asyncio.Event()   # set while this seat is on its room's crew (`active`)
        self.role: str | None = None
        self.allowed: frozenset[str] | None = None      # None: not known (no crew): nothing is disabled
        self.presence: dict[str, SeatPresence] = {}
        self.seats_listed = False   # `presence` holds every seat Studio lists (read once since joining)
        self.shared: dict[str, CrewLogEntry] = {}       # other seats' actions, latest state, by seat:action id
        # Of those, a gone seat's money actions the platforms were found not to have (take_over_check.py)
        self.not_applied: set[str] = set()
        self._sent: set[tuple[str, str]] = set()
        self._outbox: asyncio.Queue[tuple[JournalEntry, str]] = asyncio.Queue()
        self._unsubscribe: list[Callable[[], None]] = []
        self.seats_changed = Event("crew.seats_changed")          # (list[SeatPresence])
        self.log_added = Event("crew.log_added")                  # (CrewLogEntry) of another seat
        self.permissions_changed = Event("crew.permissions_changed")  # (frozenset[str] | None)
        self.contact_changed = Event("crew.contact_changed")      # (float | None) since when Studio is lost
        self.contact_lost_at: float | None = None   # this seat's wall time when the room's Studio went out of reach
        self._stream_live = False
        self.moderation = CrewModeration(self)
        self.show = ShowFollow(self)
        self._unsubscribe_journal = journal.changed.connect(self._journal_changed)

    @property
    def active(self) -> bool:
        return self.link is not None and self.me is not None

    def notify(self, text: Text, level: Level = Level.WARNING) -> None:
        if self._notices is not None:
            self._notices.emit(Notice(text, level))

    def studio_now(self) -> float:
        """Studio's wall time, as this seat estimates it."""
        return self.times.wall_now()

    # ------------------------------------------------------------------ the room

    def set_room(self, room: LiveRoom | None) -> None:
        """Follow another room (or none): leave the previous one's crew, join this one's if it has one."""
        unsubscribe_all(self._unsubscribe)
        same_room = room is not None and self.room is not None and room.room_key == self.room.room_key
        if self.link is not None and self.me is not None and not same_room:   # rejoining is an update
            link, seat = self.link, self.seat_id
            self._spawn(self._leave_quietly(link, seat), name="crew-leave")
        self._cancel("crew")
        self.link, self.me, self.room = None, None, room
        if room is not None:
            room.money_guard = self.money_elsewhere   # every money path of the room asks (room/live_room.py)
            room.write_ahead = self.write_ahead
        self.joined.clear()
        self.presence.clear()
        self.seats_listed = False
        if not same_room:   # the same room reconnected: what the others sent still holds presses back
            self.shared.clear()
            self.not_applied.clear()
        self.allowed = None
        self.permissions_changed.emit(None)
        self.seats_changed.emit([])
        link = room.primary.platform.crew(room.primary.room_id) if room is not None else None
        self.moderation.attached(link)
        self.show.call, self.show.left = None, None
        if not same_room:
            self.show.lost = None
        self._stream_live = False
        self._contact(None)
        if link is None:
            return
        self.link = link
        self._unsubscribe = [room.changed.connect(self._on_room_changed)]
        self._spawn(self.run(link), name="crew", key="crew")

    async def _leave_quietly(self, link: StudioCrew, seat_id: str) -> None:
        try:
            await link.leave(seat_id)
        except PlatformError as exc:
            log.info("leaving the room's crew: %s", exc.detail)

    async def leave(self) -> None:
        """On shutdown: say goodbye, so the others show this seat as gone at once."""
        if self.link is not None and self.me is not None:
            self._cancel("crew")
            await self._leave_quietly(self.link, self.seat_id)
            self.me = None
            self.joined.clear()

    def close(self) -> None:
        self._unsubscribe_journal()
        unsubscribe_all(self._unsubscribe)

    async def run(self, link: StudioCrew) -> None:
        """The seat's life on the room, until cancelled: join, then heartbeats, the shared log's
        outbox, the moderation lease and the show caller's broadcasts beside them."""
        await self._join(link)
        async with asyncio.TaskGroup() as group:
            group.create_task(self._heartbeats(link), name="crew-heartbeat")
            group.create_task(self._send_log(link), name="crew-log")
            group.create_task(self.moderation.run(link), name="crew-lease")
            group.create_task(self.show.run(link), name="crew-show")

    async def _join(self, link: StudioCrew) -> None:
        failures, said = 0, False
        while True:
            try:
                self.me, answer = await link.join(self.seat_id, self.machine)
                break
            except PlatformError as exc:
                failures += 1
                log.info("joining the room's crew: %s", exc.detail)
                if not exc.retryable and not said and self._notices is not None:   # said once; tried on
                    self._notices.emit(Notice(JOIN_REFUSED.fill(why=exc.message), Level.WARNING, key="crew-join"))
                    said = True
                await self.sleep(min(5.0, 0.5 * failures))
        self.joined.set()
        self.role = self.me.role
        self.allowed = frozenset(answer.get("may") or ())
        self.permissions_changed.emit(self.allowed)
        self.presence[self.seat_id] = SeatPresence(self.me, ours=True)
        try:   # a few round trips at once: followers need Studio's time soon (the adapter learns it)
            for _ in range(QUICK_ROUND_TRIPS):
                await self._refresh_seats(link)
        except PlatformError as exc:   # joined all the same: the heartbeats read the seats again
            log.info("the room's seats after joining: %s", exc.detail)
        try:   # what the other seats did before this one joined (newest first from Studio)
            for entry in reversed(await link.log_entries()):
                if entry.seat_id != self.seat_id:
                    self._take_shared(entry)
        except PlatformError as exc:
            log.info("the shared log's history: %s", exc.detail)

    async def _heartbeats(self, link: StudioCrew) -> None:
        while True:
            await self.sleep(HEARTBEAT_S)
            try:
                await link.heartbeat(self.seat_id)
                await self._refresh_seats(link)
            except NotFound:   # Studio lost us (a silence, a restart): join again
                await self._join(link)
            except PlatformError as exc:
                log.info("crew heartbeat: %s", exc.detail)

    async def _refresh_seats(self, link: StudioCrew) -> None:
        listed = await link.seats()
        seats = {s.seat_id: s for s in listed}
        for seat_id, p in list(self.presence.items()):
            if seat_id not in seats and not p.gone:
                self.presence[seat_id] = SeatPresence(p.info, p.ours, gone=True)
                self.show.seat_gone(seat_id)
        for seat_id, info in seats.items():
            self.presence[seat_id] = SeatPresence(info, ours=seat_id == self.seat_id)
        self.seats_listed = True
        self.seats_changed.emit(self.seats())

    def seats(self) -> list[SeatPresence]:
        """Every seat seen on the room: ours first, then by joining time; gone ones last."""
        return sorted(self.presence.values(), key=lambda p: (p.gone, not p.ours, p.info.joined_at))

    def _contact(self, lost_at: float | None) -> None:
        if lost_at != self.contact_lost_at:
            self.contact_lost_at = lost_at
            self.contact_changed.emit(lost_at)

    def _stream_changed(self) -> None:
        """The room's Studio went out of reach (its stream was live and is not), or is back."""
        state = self.room.states.get(self.room.primary.connection_id) if self.room is not None else None
        if state is None:
            return
        live = state.stream_status is StreamStatus.LIVE
        if live:
            self._contact(None)
        elif self._stream_live:   # (still connecting at first is no loss)
            at = self.clock.now()
            self._contact(at)
            self.show.contact_lost(at)
        self._stream_live = live

    def seats_elsewhere(self) -> list[SeatInfo]:
        """The other seats on this room now (not gone)."""
        return [p.info for p in self.seats() if not p.ours and not p.gone]

    def _on_room_changed(self, connection_id: str, aspect: Aspect, event) -> None:
        if aspect is Aspect.STREAM and self.room is not None and connection_id == self.room.primary.connection_id:
            self._stream_changed()
            return
        if aspect is not Aspect.CREW or event is None or self.room is None \
                or connection_id != self.room.primary.connection_id:
            return
        kind, data = event.type, event.data
        if kind.startswith("seat."):
            seat: SeatInfo = data["seat"]
            gone = kind == "seat.left"
            self.presence[seat.seat_id] = SeatPresence(seat, seat.seat_id == self.seat_id, gone=gone)
            if gone:
                self.show.seat_gone(seat.seat_id)
            self.seats_changed.emit(self.seats())
        elif kind == "crew_log.entry":
            entry: CrewLogEntry = data["entry"]
            if entry.seat_id != self.seat_id:
                self._take_shared(entry)
        else:
            self.moderation.on_event(kind, data)
            self.show.on_event(kind, data)

    # ------------------------------------------------------------------ role permissions

    def may(self, kind: str) -> tuple[bool, Text | None]:
        """May this seat's role do `kind` (a journalled action's kind, or "edit_team_word_lists",
        "call_show")? (True, None), or (False, the reason to show beside the disabled control)."""
        need = NEEDS.get(kind)
        if self.allowed is None or need is None or need in self.allowed:
            return True, None
        return False, ROLE_MAY_NOT.fill(role=ROLE_NAMES.get(self.role or "", self.role or ""))

    # ------------------------------------------------------------------ the shared log

    def _journal_changed(self, action_id: str) -> None:
        if self.link is None or self.room is None:
            return
        try:
            entry = self.journal.get(action_id)
        except KeyError:
            return
        if entry.room_key != self.room.room_key:
            return
        state = entry.status
        if (action_id, state) not in self._sent:
            self._sent.add((action_id, state))
            self._outbox.put_nowait((entry, state))

    async def _send_log(self, link: StudioCrew) -> None:
        """Our actions to the shared log, in order (pending before confirmed), each state once; what
        piled up meanwhile goes in one request (a spam wave's deletions must not hold the rest up)."""
        while True:
            batch = [await self._outbox.get()]
            # A moment's wait: an action's pending and confirmed states go in one request, sent after
            # the action itself (sent beside it, the log's request held the action up in Studio:
            # press-to-confirmed went from ~10 to ~40 ms).
            await self.sleep(LOG_GATHER_S)
            while not self._outbox.empty() and len(batch) < LOG_BATCH:
                batch.append(self._outbox.get_nowait())
            body = [_log_row(e, state) for e, state in batch]
            for attempt in range(5):
                try:
                    await link.log(self.seat_id, body, self.machine)
                    break
                except PlatformError as exc:
                    log.info("shared log: %s", exc.detail)
                    await self.sleep(0.5 * (attempt + 1))

    async def write_ahead(self, entry: JournalEntry) -> None:
        """A show cue's money action, told to the crew (pending) before it leaves: if this seat goes
        before its shared log does, the seat taking the show over knows the cue may be paid already.
        Unheard within WRITE_AHEAD_S (the crew's Studio out of reach, the platforms maybe not), the
        cue goes all the same — that seat then looks on the platforms (take_over_check.py)."""
        link = self.link
        if link is None or not self.active or self.room is None or entry.room_key != self.room.room_key:
            return
        try:
            await asyncio.wait_for(link.log(self.seat_id, [_log_row(entry, PENDING)], self.machine), WRITE_AHEAD_S)
        except (PlatformError, asyncio.TimeoutError) as exc:
            log.info("a cue's money action was not written ahead to the crew: %s", getattr(exc, "detail", "timeout"))

    def _take_shared(self, entry: CrewLogEntry) -> None:
        """Another seat's action (a later state replaces an earlier one, never the other way)."""
        key = f"{entry.seat_id}:{entry.action_id}"
        known = self.shared.get(key)
        if known is not None and known.state != PENDING and entry.state == PENDING:
            return
        self.shared[key] = entry
        self.log_added.emit(entry)

    def money_elsewhere(self, kind: str, params: dict, origin: str = "click") -> Text | None:
        """Why this very money action must not be sent from this seat now: another seat sent it and
        it is still out, or was done less than MONEY_ELSEWHERE_S ago (each seat has its own journal
        and keys — both presses would be paid), or went out with no answer (or was still out when
        its seat went) less than UNKNOWN_ELSEWHERE_S ago. None when no other seat did, or its send
        failed (refused everywhere, or held back there because of ours: nothing was paid), or when
        both are cues of the show and not the same cue (two segments' coupons with the same terms
        are two)."""
        mine = _canonical(Command.terms_of(kind, params))
        now = self.studio_now()
        for key, e in self.shared.items():
            if key in self.not_applied:
                continue
            state = e.state
            if state == PENDING and self._gone(e.seat_id):
                # Its seat went before saying what became of it: no answer will come, so it holds
                # presses back as an unanswered one does, not for the rest of the show.
                state = UNKNOWN
            if e.money and e.kind == kind and _canonical(Command.terms_of(kind, e.params)) == mine and (
                    state == PENDING or now - e.at < (UNKNOWN_ELSEWHERE_S if state == UNKNOWN else
                                                      0.0 if state == FAILED else MONEY_ELSEWHERE_S)
            ) and not _other_cues(origin, e.origin):
                return SENT_ELSEWHERE.fill(name=e.staff_name or e.machine, seconds=max(0, round(now - e.at)))
        return None

    def _gone(self, seat_id: str) -> bool:
        seat = self.presence.get(seat_id)
        return seat is not None and seat.gone

    def in_flight_money(self) -> list[CrewLogEntry]:
        """Money actions another seat has fired and not yet settled: show them as in flight."""
        return [e for e in self.shared.values() if e.money and e.state == PENDING]

    def journal_view(self, limit: int = 200) -> list[CrewJournalRow]:
        """This seat's journal and the other seats' shared entries, newest first, each action once."""
        room_key = self.room.room_key if self.room is not None else None
        me = self.me
        rows = [CrewJournalRow(e.created_at, self.seat_id, me.staff_name if me else e.actor,
                               me.machine if me else self.machine, e.kind, e.params, e.status, e.money, True, entry=e)
                for e in self.journal.entries(limit=limit, room_key=room_key)]
        offset = self.times.wall_offset()
        rows += [CrewJournalRow(s.at - offset, s.seat_id, s.staff_name, s.machine, s.kind, s.params, s.state,
                                s.money, False, shared=s) for s in self.shared.values()]
        rows.sort(key=lambda r: r.at, reverse=True)
        return rows[:limit]

