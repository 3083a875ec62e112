"""Crew seats in sync (services/crew.py): presence of the seats on a room, the shared room log,
the moderation lease and its claims, team word lists, the show caller's state and GO requests; and
the lucky-bag seeds kept for the crew (services/crew_seeds.py: staff who run giveaways only)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from anchor_console.studio.permissions import PERMISSIONS
from anchor_console.studio.routes.schemas import ok
from anchor_console.studio.routes.context import Caller, caller_for
from anchor_console.studio.routes.inputs import Body, CleanStr, Id, JsonObject

router = APIRouter(tags=["crew"])

SeatId = Annotated[CleanStr, Field(min_length=1, max_length=100)]
Short = Annotated[CleanStr, Field(max_length=200)]


class CrewAnswer(BaseModel):
    """What a crew route answers: see the route's description (services/crew.py)."""

    model_config = ConfigDict(extra="allow")


class SeatIn(Body):
    seat_id: SeatId
    machine: Short = ""


class LogEntryIn(Body):
    action_id: Annotated[CleanStr, Field(min_length=1, max_length=100)]
    kind: Annotated[CleanStr, Field(min_length=1, max_length=100)]
    params: JsonObject = Field(default_factory=dict)
    state: Literal["pending", "confirmed", "failed", "unknown", "skipped"]
    money: bool = False
    origin: Short = ""
    actor: Short = ""


class LogEntriesIn(Body):
    seat_id: SeatId
    machine: Short = ""   # named by the seat itself: its entries say where they came from even after a silence
    entries: Annotated[list[LogEntryIn], Field(min_length=1, max_length=200)]


class LeaseIn(Body):
    seat_id: SeatId


class ClaimIn(Body):
    seat_id: SeatId
    comment_id: Annotated[CleanStr, Field(min_length=1, max_length=100)]
    action: Annotated[CleanStr, Field(min_length=1, max_length=50)]


class ClaimsIn(Body):
    seat_id: SeatId
    comment_ids: Annotated[list[Annotated[CleanStr, Field(min_length=1, max_length=100)]],
                           Field(min_length=1, max_length=100)]
    action: Annotated[CleanStr, Field(min_length=1, max_length=50)]


WORD_LISTS_LIMIT = 8 * 1024 * 1024


class WordListsIn(Body):
    lists: JsonObject


class SeedIn(Body):
    seat_id: SeatId
    seed: Annotated[str, Field(min_length=64, max_length=64, pattern=r"^[0-9a-f]{64}$")]
    machine: Short = ""
    prize: Short = ""


Commitment = Annotated[str, Field(min_length=64, max_length=64, pattern=r"^[0-9a-f]{64}$")]


class ShowStateIn(Body):
    seat_id: SeatId
    state: JsonObject
    followers_go: Literal["ask", "refuse"] = "ask"


class ShowRequestIn(Body):
    seat_id: SeatId
    cue_id: Annotated[CleanStr, Field(min_length=1, max_length=100)]


def with_clock(caller: Caller, answer: dict) -> dict:
    """A seat's answer with the Studio clock beside the wall time (`now`): a console counts its
    countdowns on that clock, and so learns within a heartbeat the speed any console set for a
    rehearsal, and where the clock stands once it is back at 1× (ahead of real time)."""
    clock = caller.studio.store.clock
    return {**answer, "clock": {"time": clock.now(), "speed": clock.speed}}


@router.get("/api/v1/rooms/{room_id}/seats", responses=ok(CrewAnswer))
async def list_seats(room_id: Id, caller: Caller = Depends(caller_for("crew.seat"))):
    return with_clock(caller, caller.studio.crew.seats(room_id))


@router.post("/api/v1/rooms/{room_id}/seats", responses=ok(CrewAnswer))
async def join_seat(room_id: Id, body: SeatIn, caller: Caller = Depends(caller_for("crew.seat"))):
    """Join (or rejoin) the room; the answer also says what the token's role may do (`may`), so a
    seat can disable what its role may not do instead of failing after a click."""
    may = sorted(action for action, roles in PERMISSIONS.items() if caller.who.role in roles)
    return with_clock(caller, {**caller.studio.crew.join(room_id, caller.who, body.seat_id, body.machine),
                               "may": may})


@router.put("/api/v1/rooms/{room_id}/seats/{seat_id}", responses=ok(CrewAnswer))
async def seat_heartbeat(room_id: Id, seat_id: SeatId, caller: Caller = Depends(caller_for("crew.seat"))):
    return with_clock(caller, caller.studio.crew.heartbeat(room_id, caller.who, seat_id))


@router.delete("/api/v1/rooms/{room_id}/seats/{seat_id}", responses=ok(CrewAnswer))
async def leave_seat(room_id: Id, seat_id: SeatId, caller: Caller = Depends(caller_for("crew.seat"))):
    return caller.studio.crew.leave(room_id, caller.who, seat_id)


@router.get("/api/v1/rooms/{room_id}/crew-log", responses=ok(CrewAnswer))
async def crew_log(room_id: Id, caller: Caller = Depends(caller_for("crew.seat"))):
    return caller.studio.crew.log_entries(room_id)


@router.post("/api/v1/rooms/{room_id}/crew-log", responses=ok(CrewAnswer))
async def add_crew_log(room_id: Id, body: LogEntriesIn, caller: Caller = Depends(caller_for("crew.seat"))):
    entries = [e.model_dump(mode="json") for e in body.entries]
    return caller.studio.crew.log(room_id, caller.who, body.seat_id, entries, body.machine)


@router.get("/api/v1/rooms/{room_id}/moderation-lease", responses=ok(CrewAnswer))
async def get_lease(room_id: Id, caller: Caller = Depends(caller_for("crew.seat"))):
    return caller.studio.crew.lease(room_id)


@router.post("/api/v1/rooms/{room_id}/moderation-lease", responses=ok(CrewAnswer))
async def acquire_lease(room_id: Id, body: LeaseIn, caller: Caller = Depends(caller_for("crew.seat"))):
    return caller.studio.crew.acquire_lease(room_id, caller.who, body.seat_id)


@router.post("/api/v1/rooms/{room_id}/moderation-claims", responses=ok(CrewAnswer))
async def claim(room_id: Id, body: ClaimIn, caller: Caller = Depends(caller_for("crew.seat"))):
    return caller.studio.crew.claim(room_id, caller.who, body.seat_id, body.comment_id, body.action)


@router.post("/api/v1/rooms/{room_id}/moderation-claims/batch", responses=ok(CrewAnswer))
async def claim_many(room_id: Id, body: ClaimsIn, caller: Caller = Depends(caller_for("crew.seat"))):
    """Up to 100 claims in one request (a wave of held comments): `granted` lists the ids granted."""
    return caller.studio.crew.claim_many(room_id, caller.who, body.seat_id, body.comment_ids, body.action)


@router.get("/api/v1/word-lists", responses=ok(CrewAnswer))
async def get_word_lists(caller: Caller = Depends(caller_for("word_lists.read"))):
    return caller.studio.crew.word_lists()


@router.put("/api/v1/word-lists", responses=ok(CrewAnswer))
async def put_word_lists(body: WordListsIn, caller: Caller = Depends(caller_for("word_lists.write"))):
    return caller.studio.crew.set_word_lists(caller.who, body.lists)


# The team's lists: a console imports 100,000 entries (about 3.5 MB as JSON); a few thousand
# passed the 64 KB every other body is held to.
put_word_lists.body_limit = WORD_LISTS_LIMIT   # type: ignore[attr-defined]  # read by limits.RequestGuard


@router.get("/api/v1/rooms/{room_id}/show-state", responses=ok(CrewAnswer))
async def get_show_state(room_id: Id, caller: Caller = Depends(caller_for("crew.seat"))):
    return caller.studio.crew.show_state(room_id, with_segments=True)


@router.put("/api/v1/rooms/{room_id}/show-state", responses=ok(CrewAnswer))
async def put_show_state(room_id: Id, body: ShowStateIn, caller: Caller = Depends(caller_for("crew.seat"))):
    return caller.studio.crew.set_show_state(room_id, caller.who, body.seat_id, body.state, body.followers_go)


@router.post("/api/v1/rooms/{room_id}/show-requests", status_code=202, responses=ok(CrewAnswer, 202))
async def show_request(room_id: Id, body: ShowRequestIn, caller: Caller = Depends(caller_for("crew.seat"))):
    return caller.studio.crew.request_go(room_id, caller.who, body.seat_id, body.cue_id)


@router.get("/api/v1/rooms/{room_id}/lucky-bag-seeds", responses=ok(CrewAnswer))
async def kept_seeds(room_id: Id, caller: Caller = Depends(caller_for("giveaway.manage"))):
    """The lucky bags whose seeds a seat kept for the crew: commitment, prize, whose seat; never a seed."""
    return caller.studio.crew_seeds.listed(room_id)


@router.put("/api/v1/rooms/{room_id}/lucky-bag-seeds/{commitment}", responses=ok(CrewAnswer))
async def keep_seed(room_id: Id, commitment: Commitment, body: SeedIn,
                    caller: Caller = Depends(caller_for("giveaway.manage"))):
    """Keep a lucky bag's seed for the crew before the bag starts (409 seed_mismatch unless its
    sha256 is the commitment); kept again, the same answer."""
    return caller.studio.crew_seeds.keep(room_id, caller.who, body.seat_id, commitment, body.seed,
                                         machine=body.machine, prize=body.prize)


@router.get("/api/v1/rooms/{room_id}/lucky-bag-seeds/{commitment}", responses=ok(CrewAnswer))
async def kept_seed(room_id: Id, commitment: Commitment, caller: Caller = Depends(caller_for("giveaway.manage"))):
    """A kept seed, for the seat that draws a bag its starting seat left (404 seed_not_kept)."""
    return caller.studio.crew_seeds.seed(room_id, commitment)
