"""Show-caller follow (no Qt): one seat runs the timeline, the others follow it.

The caller is the seat whose show runner is running a show: it broadcasts, through Studio, where
the show is — the segment, its start and end on the show's clock, the next segment and cue, the
cues waiting for GO, the messages to the anchor, the segment list (by its version; the list itself
only when it changed, or every SEGMENTS_EVERY_S; a seat that joins late asks Studio for it at once) — whenever that changes
and at least every PUBLISH_EVERY_S. Each broadcast carries the show clock's reading and Studio's wall time when it
was read (`CrewSeats.studio_now`), so a follower extrapolates the countdown on its own clock: the skew is
the error of the two seats' estimates of Studio's time (milliseconds on a network), times the
rehearsal speed, never the delivery delay.

A follower does not run its own timeline: `view()` is what its timeline panel and presenter view
draw (`followed` announces each broadcast). GO pressed on a follower (`request_go`) asks the
caller's seat, which presses GO itself — or is refused with a reason, as the caller chose
(`followers_go`: "ask" or "refuse").

When contact with the caller's show is lost — the room's Studio out of reach, or the caller's seat gone
mid-show — a follower keeps what it last knew of the show (`lost`, a `LostContact`) so its panels show
it frozen and marked as such, not an empty "no show"; a new call, a run here or another room ends it.

When the caller's seat goes mid-show, a follower's Start takes the show over (`take_over_point`):
the cues the caller said it fired, or its shared log names, are not sent again, and a money cue
it may have paid in its last moment is looked for on the platforms first (take_over_check.py)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from anchor_console.domain.events import Event
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, text_from_dict, text_to_dict
from anchor_console.platforms.errors import PlatformError
from anchor_console.platforms.studio_crew import GoRequest, ShowCall, StudioCrew
from anchor_console.room.journal import CONFIRMED, FAILED
from anchor_console.session.take_over_check import TakeOverCheck
from anchor_console.show import model
from anchor_console.show.runner import ShowRunner
from anchor_console.show.timeline_snapshot import SegmentTiming, TimelineSnapshot
from anchor_console.show.model import CueMode, Show
from anchor_console.show.timeline_types import CueState, RunPhase, SegmentState, TakeOver, TimingStatus

if TYPE_CHECKING:
    from anchor_console.session.seats import CrewSeats

log = logging.getLogger("anchor_console.session.show_follow")
PUBLISH_EVERY_S = 1.0
MESSAGES_KEPT = 5
SEGMENTS_EVERY_S = 10.0   # the segment list is resent this often even unchanged: for a seat that joins late
NOT_ON_CREW = QT_TRANSLATE_NOOP("Crew", "This console is not one of several seats on a Studio room.")
NO_CALLER = QT_TRANSLATE_NOOP("Crew", "No seat is running the show on this room.")
CALLED_ELSEWHERE = "show_called_elsewhere"   # Studio's refusal of a second seat's show call
CALLER_GONE = QT_TRANSLATE_NOOP(
    "Crew", "The seat that ran the show ({name}) has gone, during “{segment}”. Start the show here to go on from "
            "that segment: the cues before it are not fired again, and one of it already due waits for your GO. A "
            "money cue it may have sent just before it went is looked for on the platform before it is sent.")
JOIN_WAIT_S = 5.0    # a run resumed at connect waits this long for the seat to join before it claims the call
CLAIM_WAIT_S = 3.0   # and this long for Studio's answer: a Studio that hangs holds no show's start for longer


def _segments_json(snap: TimelineSnapshot) -> list[list]:
    """The caller's segments, compact: [id, title, planned start, length, actual start or None, state, hard].
    Only what changes when the run's segments change (not the projected starts, which move every tick)."""
    return [[t.segment_id, t.title, round(t.planned_start), round(t.duration_s, 1),
             round(t.actual_start, 1) if t.actual_start is not None else None, t.state.value, bool(t.hard)]
            for t in snap.segments]


def _segments_version(run_id: str, segments: list[list]) -> str:
    raw = json.dumps([run_id, segments], ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.blake2s(raw, digest_size=6).hexdigest()


def _cues_json(snap: TimelineSnapshot) -> list[list]:
    """The cues of the segment on air, as the caller's panel lists them:
    [id, state, due (show clock) or None, mode, what it does, why (a failure's reason) or None]."""
    current = snap.current.segment_id if snap.current is not None else None
    return [[c.cue_id, c.state.value, round(c.due_at, 1) if c.due_at is not None else None, c.mode.value,
             text_to_dict(c.description), text_to_dict(c.reason) if c.reason is not None else None]
            for c in snap.cues if current is not None and c.segment_id == current]


def _cues_from(rows: Any) -> tuple[FollowedCue, ...]:
    """The cues a caller's broadcast lists (a row a newer caller words otherwise is shown as to come)."""
    out = []
    for row in rows if isinstance(rows, list) else ():
        try:
            cue_id, state, due, mode, description, reason = row[:6]
            try:
                state = CueState(state)
            except ValueError:
                state = CueState.PENDING
            try:
                mode = CueMode(mode)
            except ValueError:
                mode = CueMode.AUTO
            out.append(FollowedCue(str(cue_id), state, float(due) if due is not None else None, mode,
                                   text_from_dict(description) or Text("", ""), text_from_dict(reason)))
        except (TypeError, ValueError, KeyError, AttributeError):
            continue
    return tuple(out)


def _fired_of(snap: TimelineSnapshot) -> list[list[str]]:
    """The run's cues fired so far, [cue id, state]: a seat taking the show over must not send them again."""
    return [[c.cue_id, c.state.value] for c in snap.cues if c.state.fired]


def _fired_from(rows: Any) -> tuple[tuple[str, str], ...]:
    """The fired cues a caller's broadcast holds (a newer or broken one's rows that do not fit are left out)."""
    if not isinstance(rows, list):
        return ()
    return tuple((row[0], row[1]) for row in rows
                 if isinstance(row, list) and len(row) >= 2 and isinstance(row[0], str) and isinstance(row[1], str))


def _segments_of(rows: Any) -> tuple[SegmentTiming, ...]:
    """The caller's segments as the timeline panel draws them (read-only: no projections, no gaps)."""
    out = []
    for row in rows or ():
        try:
            seg_id, title, planned, length, actual, state, hard = row[:7]
            planned, length = float(planned), float(length)
            try:
                state = SegmentState(state)
            except ValueError:   # a newer caller's words
                state = SegmentState.PENDING
            actual = float(actual) if actual is not None else None
        except (TypeError, ValueError):
            continue
        out.append(SegmentTiming(str(seg_id), str(title), state, bool(hard), length, 0.0, planned, planned + length,
                                 actual, None, actual, None, 0.0))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class LeftShow:
    """Where the live show of a seat that went stood (it may have crashed mid-show): what a Start
    here takes over, instead of running the show again from its first segment's cues."""

    caller_name: str
    segment_id: str
    segment_title: str
    elapsed_s: float   # into the segment when the seat went
    at: float          # this seat's clock then
    fired: tuple[tuple[str, str], ...] = ()   # (cue id, state) of the cues it had fired, as it last said
    seat_id: str = ""
    run_id: str = ""     # its run's (its cues' shared-log entries name it)
    said_at: float = 0.0   # Studio's time when it last said where the show stood


@dataclass(frozen=True, slots=True)
class FollowedCue:
    """A cue of the segment on air, as the caller's seat lists it."""

    cue_id: str
    state: CueState
    due_at: float | None   # on the show's clock
    mode: CueMode
    description: Text
    reason: Text | None


@dataclass(frozen=True, slots=True)
class FollowerView:
    """Where the caller's show is, as a follower draws it (times in show-clock seconds)."""

    caller_seat: str
    caller_name: str
    run_id: str
    phase: RunPhase
    segment_id: str | None
    segment_title: str
    elapsed_s: float | None
    remaining_s: float | None
    status: TimingStatus                       # the countdown's colour, as the caller's engine says
    show_offset_s: float                       # > 0 the show is behind its plan, < 0 ahead
    talking_points: str                        # of the segment on air (the follower may not have the show)
    next_title: str
    next_cue: Text | None
    awaiting: tuple[tuple[str, Text], ...]     # (cue id, what it does): GO here asks the caller
    messages: tuple[str, ...]                  # to the anchor, newest last
    speed: float
    followers_go: str
    segments: tuple[SegmentTiming, ...] = ()   # the caller's run of show, as far as this seat has it
    rehearsal: bool = False                    # the caller rehearses (at `speed`): not on air
    cues: tuple[FollowedCue, ...] = ()         # of the segment on air, with their state


STUDIO_LOST = "studio"     # the room's Studio is out of reach
CALLER_LEFT = "caller"     # the caller's seat left the room, or fell silent


@dataclass(frozen=True, slots=True)
class LostContact:
    """The show this seat followed, as it last knew it, when contact with it was lost: drawn frozen
    and marked, so nobody reads a stopped countdown as the show's, nor an empty panel as no show."""

    view: FollowerView   # as it stood then (its countdown is not run on)
    at: float            # this seat's wall clock then
    why: str             # STUDIO_LOST or CALLER_LEFT


class ShowFollow:
    def __init__(self, seats: CrewSeats) -> None:
        self.seats = seats
        self.runner: ShowRunner | None = None
        self.followers_go = "ask"          # how this seat, as caller, takes a follower's GO
        self.call: ShowCall | None = None  # the latest broadcast of another seat's show
        self.left: LeftShow | None = None  # the live show of a seat that went, until a run here or another call
        self.lost: LostContact | None = None   # the show followed until contact with it was lost
        # The call followed when Studio went out of reach: if its caller turns out gone once Studio is
        # back, what it fired is still known (a take-over must not fire its money cues again).
        self._call_before_loss: ShowCall | None = None
        self._received_at = 0.0            # Studio wall time of the broadcast, by our estimate
        self._messages: list[str] = []
        self._state: dict | None = None
        self._key: tuple | None = None
        self._published_at = float("-inf")
        self._segments: list[list] = []                  # the caller's, for the next broadcast
        self._segments_sent: tuple[str, float] | None = None   # (version, when) of the list last sent
        self._followed_segments: tuple[str, tuple[SegmentTiming, ...]] | None = None   # (version, list) received
        self._fetching = False                            # a request for the caller's list is out
        self.take_over_check: TakeOverCheck | None = None  # this seat's run that took a gone seat's show over
        self._wake = asyncio.Event()
        self.followed = Event("crew.show_followed")     # (FollowerView | None)
        self.go_requested = Event("crew.go_requested")  # (GoRequest) a follower asked this caller for GO
        self.anchor_message = Event("crew.anchor_message")  # (text) a new message to the anchor, followed

    def attach_runner(self, runner: ShowRunner) -> None:
        self.runner = runner
        runner.may_call = self.claim
        runner.executor.vet = self._vet_cue
        runner.snapshot.connect(self._on_snapshot)
        runner.anchor_message.connect(self._on_message)

    async def claim(self) -> Text | None:
        """Before this seat's run takes its first step: its call, sent and answered. Studio refuses it
        (show_called_elsewhere) while another seat calls a show on the room — the words returned then,
        and the run is not made. Without a crew, or with Studio out of reach, the run goes on."""
        if self.seats.link is not None and not self.seats.active:   # a run resumed at connect: the seat is joining
            try:
                await asyncio.wait_for(self.seats.joined.wait(), JOIN_WAIT_S)
            except asyncio.TimeoutError:
                log.info("the seat did not join the crew within %.0f s: the run goes on", JOIN_WAIT_S)
        link, runner = self.seats.link, self.runner
        left, self.left = self.left, None   # this seat runs a show now: what another seat left is taken over, or not
        self.lost, self._call_before_loss = None, None
        engine = runner.engine if runner is not None else None
        self.take_over_check = (TakeOverCheck(self.seats, left, engine.run_id, self.seats.studio_now())
                                if left is not None and engine is not None and runner.taken_over is engine else None)
        if link is None or not self.seats.active or runner is None or runner.engine is None:
            return None
        self._on_snapshot(runner.engine.snapshot())
        state = self._state
        if state is None:
            return None
        try:
            await asyncio.wait_for(link.publish_show(self.seats.seat_id, state, self.followers_go), CLAIM_WAIT_S)
        except PlatformError as exc:
            if exc.code == CALLED_ELSEWHERE:
                self.refused()
                return exc.message
            log.info("show call not answered before the run: %s", exc.detail)   # the broadcasts keep trying
        except asyncio.TimeoutError:
            log.info("show call not answered within %.0f s: the run goes on", CLAIM_WAIT_S)
        return None

    def refused(self) -> None:
        """Studio took another seat's call: this seat's run, standing down, was never the show's, so
        its end is not broadcast (it would replace the caller's live call)."""
        self._state, self._key = None, None
        self._wake.clear()

    @property
    def calling(self) -> bool:
        """This seat runs the show the others follow."""
        return self.seats.active and self.runner is not None and self.runner.running

    @property
    def following(self) -> bool:
        """Another seat calls a show this seat follows (not once that show has ended: this seat may run its own)."""
        return (self.call is not None and self.call.caller_seat not in (None, self.seats.seat_id) and not self.calling
                and self.call.state.get("phase") != RunPhase.ENDED.value)

    # ------------------------------------------------------------------ the caller

    def _on_message(self, text: Any) -> None:
        self._messages = (self._messages + [text.english() if isinstance(text, Text) else str(text)])[-MESSAGES_KEPT:]
        self._key = None   # broadcast at once

    def _on_snapshot(self, snap: TimelineSnapshot | None) -> None:
        if snap is None or not (self.calling or self._ended_here(snap)):
            return
        state = self._describe(snap)
        self._segments = _segments_json(snap)
        state["segments_v"] = _segments_version(state["run_id"], self._segments)
        key = (state["run_id"], state["phase"], state["status"], state["segment_id"],
               round(state["segment_end"] or 0, 1),
               tuple(c["cue_id"] for c in state["awaiting"]), len(self._messages), state["segments_v"],
               tuple(map(tuple, state["fired"])), tuple((c[0], c[1]) for c in state["cues"]))
        now = self.seats.studio_now()
        if key == self._key and now - self._published_at < PUBLISH_EVERY_S:
            return
        self._key, self._published_at, self._state = key, now, state
        self._wake.set()

    def _ended_here(self, snap: TimelineSnapshot) -> bool:
        """The show this seat called has just ended: said once more, so the followers stop following it
        (else their countdown ran on, and their own Start stayed off, for good)."""
        last = self._state
        return (snap.phase is RunPhase.ENDED and self.seats.active and last is not None
                and last["run_id"] == snap.run_id and last["phase"] != RunPhase.ENDED.value)

    def _describe(self, snap: TimelineSnapshot) -> dict:
        rehearsal = self.runner.rehearsal_clock if self.runner is not None else None
        current, upcoming = snap.current, snap.upcoming or snap.manual
        end = snap.now + snap.remaining_s if snap.remaining_s is not None else None
        show = self.runner.show if self.runner is not None else None
        segment = show.segment(current.segment_id) if show is not None and current is not None else None
        start = snap.now - snap.elapsed_s if snap.elapsed_s is not None else None
        return {"run_id": snap.run_id, "phase": snap.phase.value, "rehearsal": rehearsal is not None,
                "show_now": snap.now, "at": self.seats.studio_now(),
                "speed": rehearsal.speed if rehearsal is not None else 1.0,
                "segment_id": current.segment_id if current else None,
                "segment_title": current.title if current else "",
                "segment_start": start, "segment_end": end, "status": snap.status.value,
                "show_offset_s": snap.show_offset_s, "talking_points": segment.talking_points if segment else "",
                "next_title": snap.next.title if snap.next else "",
                "next_cue": text_to_dict(upcoming[0].description) if upcoming else None,
                "awaiting": [{"cue_id": c.cue_id, "text": text_to_dict(c.description)} for c in snap.awaiting],
                "messages": list(self._messages), "fired": _fired_of(snap), "cues": _cues_json(snap)}

    async def run(self, link: StudioCrew) -> None:
        """Send the caller's broadcasts (the latest state only, one request at a time). The segment list
        goes with a broadcast only when its version differs from the one last sent (or every
        SEGMENTS_EVERY_S, for seats that joined since); the others carry its version alone."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            state = self._state
            if state is None:
                continue
            version, now = state.get("segments_v"), self.seats.studio_now()
            sent = self._segments_sent
            with_list = version is not None and (sent is None or sent[0] != version or now - sent[1] >= SEGMENTS_EVERY_S)
            if with_list:
                state = {**state, "segments": self._segments}
            try:
                await link.publish_show(self.seats.seat_id, state, self.followers_go)
            except PlatformError as exc:
                log.info("show broadcast: %s", exc.detail)
                if exc.code == CALLED_ELSEWHERE and self.runner is not None and self.runner.running:
                    # both runs began while Studio was out of reach: the later one stands down
                    self.refused()
                    self.runner.stand_down(exc.message)
                    continue
                if self._state is not None and self._state.get("phase") == RunPhase.ENDED.value:
                    await self.seats.sleep(PUBLISH_EVERY_S)   # a show's last word: no later snapshot would resend it
                    self._wake.set()
                continue
            if with_list:
                self._segments_sent = (version, now)

    # ------------------------------------------------------------------ followers

    def on_event(self, kind: str, data: dict) -> None:
        if kind == "show_state.changed":
            call: ShowCall = data["call"]
            if call.caller_seat == self.seats.seat_id:
                return
            self.left, self.lost, self._call_before_loss = None, None, None   # somebody runs the show again
            before = list(self.call.state.get("messages") or ()) if self.call is not None else []
            self.call = call
            version = call.state.get("segments_v")
            if not self._take_segments(call) and version and (self._followed_segments or ("",))[0] != str(version):
                self._fetch_segments()   # joined after the list was last sent: Studio keeps it
            self.followed.emit(self.view())
            messages = list(call.state.get("messages") or ())
            if messages and messages != before:
                self.anchor_message.emit(messages[-1])
        elif kind == "show_request.created":
            request: GoRequest = data["request"]
            if request.caller_seat != self.seats.seat_id or self.runner is None:
                return
            self.go_requested.emit(request)
            if self.followers_go == "ask" and self.calling:
                self.runner.confirm(request.cue_id)   # GO, pressed here for the follower

    def seat_gone(self, seat_id: str) -> None:
        """A seat left or fell silent: if it called the show followed here, nobody runs that show any
        more (its countdown would run on here for good): this seat is back on its own."""
        before = self._call_before_loss
        if self.call is None and before is not None and before.caller_seat == seat_id:
            self.call = before   # followed until Studio went out of reach: its caller is gone now
        self._call_before_loss = None
        if self.call is not None and self.call.caller_seat == seat_id and seat_id != self.seats.seat_id:
            view = self.view()
            if view is not None and view.phase is RunPhase.LIVE and view.segment_id and not self.call.state.get(
                    "rehearsal"):
                self.left = LeftShow(view.caller_name, view.segment_id, view.segment_title, view.elapsed_s or 0.0,
                                     self.seats.clock.now(), _fired_from(self.call.state.get("fired")), seat_id,
                                     view.run_id, float(self.call.state.get("at") or 0.0))
                self.seats.notify(CALLER_GONE.fill(name=view.caller_name or "?", segment=view.segment_title))
            if view is not None and view.phase is RunPhase.LIVE:
                self.lost = LostContact(view, self.seats.clock.now(), CALLER_LEFT)
            self.call = None
            self.followed.emit(None)

    def contact_lost(self, at: float) -> None:
        """The room's Studio is out of reach: the show followed here is kept as last known, marked —
        not run on (its caller may have stopped), nor dropped (it may well go on)."""
        view = self.view()
        if view is None or view.phase is not RunPhase.LIVE:
            return
        self.lost = LostContact(view, at, STUDIO_LOST)
        self._call_before_loss = self.call
        self.call = None   # the next broadcast heard, once Studio is back, is followed again
        self.followed.emit(None)

    def stale(self) -> LostContact | None:
        """The show followed until contact was lost, while this seat runs none of its own."""
        if self.lost is None or (self.runner is not None and self.runner.running):
            return None
        return self.lost

    def take_over_point(self, show: Show | None) -> TakeOver | None:
        """For a live Start of `show` here: where the gone seat's live run of it stands now, with the
        cues it fired; None to start from the top (nothing left behind, or another show)."""
        left = self.left
        if left is None or show is None or show.segment(left.segment_id) is None:
            return None
        return TakeOver(left.segment_id, left.elapsed_s + max(0.0, self.seats.clock.now() - left.at),
                        self._fired_there(left))

    def _fired_there(self, left: LeftShow) -> tuple[tuple[str, str], ...]:
        """The cues the gone seat said it fired, and those of its run its shared log names — a money
        cue written ahead before it left, or one logged after that seat's last broadcast. The log's
        answer (confirmed, failed) wins over a broadcast's "firing"; a cue only written ahead is unknown."""
        states = dict(left.fired)
        prefix = f"cue:{left.run_id}:"
        for entry in self.seats.shared.values():
            if entry.seat_id != left.seat_id or not left.run_id or not entry.origin.startswith(prefix):
                continue
            cue_id = entry.origin[len(prefix):]
            answer = {CONFIRMED: "succeeded", FAILED: "failed"}.get(entry.state)
            if answer is not None and states.get(cue_id) != "succeeded":
                states[cue_id] = answer
            else:
                states.setdefault(cue_id, "unknown")
        return tuple(states.items())

    async def _vet_cue(self, cue: model.Cue, action_key: str):
        """Before a cue of this seat's run leaves: in a run that took a gone seat's show over, a money
        cue that seat may have paid in its last moment is looked for first (take_over_check.py)."""
        check, runner = self.take_over_check, self.runner
        if check is None or runner is None or action_key.split(":")[1:2] != [check.run_id]:
            return None
        return await check.vet(cue, runner.show)

    def _take_segments(self, call: ShowCall) -> bool:
        """Keeps the caller's segment list when the call carries it (it is sent only when it changes)."""
        rows, version = call.state.get("segments"), call.state.get("segments_v")
        if rows is None or not version:
            return False
        self._followed_segments = (str(version), _segments_of(rows))
        return True

    def _fetch_segments(self) -> None:
        link = self.seats.link
        if link is None or self._fetching:
            return
        self._fetching = True

        async def fetch() -> None:
            try:
                call = await link.show_call()
                if call.caller_seat != self.seats.seat_id and self._take_segments(call):
                    self.followed.emit(self.view())
            except PlatformError as exc:
                log.info("the show caller's segments: %s", exc.detail)
            finally:
                self._fetching = False

        self.seats._spawn(fetch(), name="show-segments")

    def view(self) -> FollowerView | None:
        """The caller's show now, extrapolated on this seat's clock (None: nobody else calls one)."""
        call = self.call
        if call is None or not call.state or not self.following:
            return None
        s = call.state
        speed = float(s.get("speed") or 1.0)
        show_now = float(s["show_now"]) + (self.seats.studio_now() - float(s["at"])) * speed
        try:
            phase, status = RunPhase(s.get("phase")), TimingStatus(s.get("status", "normal"))
        except ValueError:   # a newer caller's words: show it as running normally
            phase, status = RunPhase.LIVE, TimingStatus.NORMAL
        live = phase is RunPhase.LIVE
        start, end = s.get("segment_start"), s.get("segment_end")
        held = self._followed_segments
        segments = held[1] if held is not None and held[0] == str(s.get("segments_v")) else ()
        return FollowerView(
            caller_seat=call.caller_seat or "", caller_name=call.staff_name, run_id=str(s.get("run_id", "")),
            phase=phase, segment_id=s.get("segment_id"), segment_title=str(s.get("segment_title", "")),
            elapsed_s=show_now - float(start) if start is not None and live else None,
            remaining_s=float(end) - show_now if end is not None and live else None, status=status,
            show_offset_s=float(s.get("show_offset_s") or 0.0), talking_points=str(s.get("talking_points", "")),
            next_title=str(s.get("next_title", "")),
            next_cue=text_from_dict(s["next_cue"]),
            awaiting=tuple((str(c["cue_id"]), text_from_dict(c.get("text")) or Text("", "")) for c in s.get("awaiting") or ()),
            messages=tuple(str(m) for m in s.get("messages") or ()), speed=speed, followers_go=call.followers_go,
            segments=segments, rehearsal=bool(s.get("rehearsal")), cues=_cues_from(s.get("cues")))

    async def request_go(self, cue_id: str) -> tuple[bool, Text | None]:
        """GO pressed on a follower: asks the caller's seat. (False, why) if it cannot be asked or
        the caller takes no GO from followers."""
        link = self.seats.link
        if link is None or not self.seats.active:
            return False, NOT_ON_CREW
        if not self.following:
            return False, NO_CALLER
        try:
            await link.request_go(self.seats.seat_id, cue_id)
        except PlatformError as exc:
            return False, exc.message
        return True, None
