"""Studio's crew API for one room (Studio's services/crew.py): a seat's presence and heartbeat,
the shared room log, the moderation lease and its per-comment claims, team word lists, the show
caller's state and GO requests, lucky-bag seeds kept for the crew (services/crew_seeds.py) — and
the crew events of the room's stream as domain values.

Crew events arrive on the room's ordinary event stream (`RoomState.apply` names them
`Aspect.CREW`); `parse_crew_event` turns their JSON into the values below."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from anchor_console.domain.clock import Clock, SystemClock
from anchor_console.platforms.transport import Transport

CREW_EVENT_PREFIXES = ("seat.", "crew_log.", "moderation_lease.", "word_lists.", "show_state.", "show_request.",
                       "crew_seed.")


def is_crew_event(event_type: str) -> bool:
    return event_type.startswith(CREW_EVENT_PREFIXES)


@dataclass(frozen=True, slots=True)
class SeatInfo:
    """A seat on the room, as Studio knows it: times are Studio's wall clock."""

    seat_id: str
    staff_name: str
    role: str
    machine: str
    joined_at: float
    last_seen: float


@dataclass(frozen=True, slots=True)
class CrewLogEntry:
    """One state of one action of one seat (pending, then confirmed or failed…)."""

    seat_id: str
    action_id: str
    kind: str
    params: dict
    state: str
    money: bool
    staff_name: str
    role: str
    machine: str
    origin: str
    at: float
    actor: str = ""   # who acted by the seat's journal: a rule's id when origin is "rules"


@dataclass(frozen=True, slots=True)
class LeaseInfo:
    seat_id: str | None
    staff_name: str
    expires_at: float | None
    granted: bool = False


@dataclass(frozen=True, slots=True)
class ShowCall:
    """The show caller's latest broadcast: who calls, how followers' GO is handled, and the state."""

    caller_seat: str | None
    staff_name: str
    followers_go: str
    state: dict = field(default_factory=dict)
    wall: float = 0.0


@dataclass(frozen=True, slots=True)
class KeptSeed:
    """A lucky bag whose seed a seat kept for the crew: whose bag it is (the seed itself only when
    read back to draw it)."""

    commitment: str
    seat_id: str
    staff_name: str
    machine: str = ""
    prize: str = ""
    kept_at: float = 0.0
    seed: str | None = None


def parse_kept_seed(d: dict) -> KeptSeed:
    return KeptSeed(str(d["commitment"]), str(d["seat_id"]), str(d.get("staff_name", "")), str(d.get("machine", "")),
                    str(d.get("prize", "")), float(d.get("kept_at", 0.0)), d.get("seed") or None)


@dataclass(frozen=True, slots=True)
class GoRequest:
    request_id: str
    from_seat: str
    staff_name: str
    cue_id: str
    caller_seat: str


def parse_seat(d: dict) -> SeatInfo:
    return SeatInfo(str(d["seat_id"]), str(d.get("staff_name", "")), str(d.get("role", "")),
                    str(d.get("machine", "")), float(d["joined_at"]), float(d["last_seen"]))


def parse_log_entry(d: dict) -> CrewLogEntry:
    return CrewLogEntry(str(d["seat_id"]), str(d["action_id"]), str(d["kind"]), dict(d.get("params") or {}),
                        str(d["state"]), bool(d.get("money")), str(d.get("staff_name", "")), str(d.get("role", "")),
                        str(d.get("machine", "")), str(d.get("origin", "")), float(d.get("at", 0.0)),
                        str(d.get("actor", "")))


def parse_lease(d: dict) -> LeaseInfo:
    return LeaseInfo(d.get("seat_id"), str(d.get("staff_name", "")), d.get("expires_at"), bool(d.get("granted")))


def parse_show_call(d: dict) -> ShowCall:
    return ShowCall(d.get("caller_seat"), str(d.get("staff_name", "")), str(d.get("followers_go", "ask")),
                    dict(d.get("state") or {}), float(d.get("wall", 0.0)))


def parse_crew_event(event_type: str, data: dict) -> dict:
    """A crew event's JSON → domain values (the room layer never sees platform JSON)."""
    if event_type.startswith("seat."):
        return {"seat": parse_seat(data["seat"]), "reason": data.get("reason", "")}
    if event_type == "crew_log.entry":
        return {"entry": parse_log_entry(data["entry"])}
    if event_type == "moderation_lease.changed":
        return {"lease": parse_lease(data)}
    if event_type == "show_state.changed":
        return {"call": parse_show_call(data)}
    if event_type == "crew_seed.kept":
        return {"kept": parse_kept_seed(data)}
    if event_type == "show_request.created":
        return {"request": GoRequest(str(data["request_id"]), str(data["from_seat"]), str(data.get("staff_name", "")),
                                     str(data["cue_id"]), str(data.get("caller_seat", "")))}
    return dict(data)


# An answer that says Studio's time (`now`: its wall time; `clock`: its clock's time and speed), with
# when the request went and when the answer came, on the adapter's clock: the adapter learns from it.
TimedAnswer = Callable[[float, float, dict], None]


class StudioCrew:
    """The crew API of one Studio room, over the adapter's transport. The answers that say Studio's
    time (joining, heartbeats, the seats) are handed to `heard` with their round trip on `clock`."""

    def __init__(self, transport: Transport, room_id: str, *, clock: Clock | None = None,
                 heard: TimedAnswer | None = None) -> None:
        self.transport = transport
        self.room_id = room_id
        self._base = f"/api/v1/rooms/{room_id}"
        self._clock = clock or SystemClock()
        self._heard = heard

    async def _call(self, method: str, path: str, body: Any = None) -> Any:
        return await self.transport.request(method, path, json=body, idempotent=method in ("GET", "PUT"))

    async def _timed(self, method: str, path: str, body: Any = None) -> dict:
        sent = self._clock.now()
        d = await self._call(method, path, body)
        if self._heard is not None and isinstance(d, dict):
            self._heard(sent, self._clock.now(), d)
        return d

    async def join(self, seat_id: str, machine: str) -> tuple[SeatInfo, dict]:
        """Join the room; also what the token's role may do (`may`) and Studio's wall time (`now`)."""
        d = await self._timed("POST", f"{self._base}/seats", {"seat_id": seat_id, "machine": machine})
        return parse_seat(d), d

    async def heartbeat(self, seat_id: str) -> dict:
        return await self._timed("PUT", f"{self._base}/seats/{seat_id}")

    async def leave(self, seat_id: str) -> None:
        await self._call("DELETE", f"{self._base}/seats/{seat_id}")

    async def seats(self) -> list[SeatInfo]:
        """The seats on the room (Studio's wall time in the answer is heard like every timed one's)."""
        d = await self._timed("GET", f"{self._base}/seats")
        return [parse_seat(s) for s in d["items"]]

    async def log(self, seat_id: str, entries: list[dict], machine: str = "") -> None:
        # Studio keeps one entry per (seat, action, state): resending after a lost answer is safe.
        await self.transport.request("POST", f"{self._base}/crew-log", idempotent=True,
                                     json={"seat_id": seat_id, "machine": machine, "entries": entries})

    async def log_entries(self) -> list[CrewLogEntry]:
        return [parse_log_entry(e) for e in (await self._call("GET", f"{self._base}/crew-log"))["items"]]

    async def acquire_lease(self, seat_id: str) -> LeaseInfo:
        return parse_lease(await self.transport.request("POST", f"{self._base}/moderation-lease",
                                                        json={"seat_id": seat_id}, idempotent=True))

    async def claim(self, seat_id: str, comment_id: str, action: str) -> bool:
        d = await self.transport.request("POST", f"{self._base}/moderation-claims", idempotent=True,
                                         json={"seat_id": seat_id, "comment_id": comment_id, "action": action})
        return bool(d.get("granted"))

    async def claim_many(self, seat_id: str, comment_ids: list[str], action: str) -> set[str]:
        """Claims of many comments in one request (a wave of the rules' holds): the ids granted."""
        d = await self.transport.request("POST", f"{self._base}/moderation-claims/batch", idempotent=True,
                                         json={"seat_id": seat_id, "comment_ids": comment_ids, "action": action})
        return {str(c) for c in d.get("granted") or ()}

    async def word_lists(self) -> dict:
        return await self._call("GET", "/api/v1/word-lists")

    async def set_word_lists(self, lists: dict) -> dict:
        return await self._call("PUT", "/api/v1/word-lists", {"lists": lists})

    async def show_call(self) -> ShowCall:
        return parse_show_call(await self._call("GET", f"{self._base}/show-state"))

    async def publish_show(self, seat_id: str, state: dict, followers_go: str) -> None:
        await self._call("PUT", f"{self._base}/show-state", {"seat_id": seat_id, "state": state,
                                                             "followers_go": followers_go})

    async def request_go(self, seat_id: str, cue_id: str) -> GoRequest:
        d = await self._call("POST", f"{self._base}/show-requests", {"seat_id": seat_id, "cue_id": cue_id})
        return GoRequest(str(d["request_id"]), str(d["from_seat"]), str(d.get("staff_name", "")), str(d["cue_id"]),
                         str(d.get("caller_seat", "")))

    async def keep_seed(self, seat_id: str, commitment: str, seed: str, *, machine: str = "",
                        prize: str = "") -> KeptSeed:
        """Keep a lucky bag's seed for the crew before the bag starts (a PUT: safe to send again)."""
        return parse_kept_seed(await self._call("PUT", f"{self._base}/lucky-bag-seeds/{commitment}",
                                                {"seat_id": seat_id, "seed": seed, "machine": machine,
                                                 "prize": prize}))

    async def kept_seeds(self) -> list[KeptSeed]:
        """The room's bags whose seeds a seat kept (no seeds)."""
        return [parse_kept_seed(d) for d in (await self._call("GET", f"{self._base}/lucky-bag-seeds"))["items"]]

    async def kept_seed(self, commitment: str) -> KeptSeed:
        """One kept seed, with the seed: to draw a bag another seat started."""
        return parse_kept_seed(await self._call("GET", f"{self._base}/lucky-bag-seeds/{commitment}"))
