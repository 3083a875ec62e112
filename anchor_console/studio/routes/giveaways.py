"""Lucky bags (福袋/抽奖) and red packets (红包): staff start a bag (with the commitment to its
seed), close entry, reveal the seed to draw, list past bags to re-check them; send a red packet;
viewers follow the shop, join its fan club, enter a bag and claim a red packet."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import Field

from anchor_console.domain.giveaways import (
    MAX_CLAIM_WINDOW_S, MAX_COUNTDOWN_S, MAX_KEYWORD_CHARS, MAX_PACKET_MESSAGE, MAX_PRIZE_CHARS,
    MAX_RED_PACKET_COUNT, MAX_RED_PACKET_FEN, MAX_WINNERS, MIN_CLAIM_WINDOW_S, MIN_COUNTDOWN_S, ENTRY_RULES, SPLITS,
    Exclusions,
)
from anchor_console.studio.routes import schemas
from anchor_console.studio.routes.context import Caller, Change, caller_for, change_for
from anchor_console.studio.routes.inputs import Body, BodyId, CleanStr, Id
from anchor_console.studio.routes.schemas import ok

router = APIRouter(tags=["giveaways"])

Hex64 = Annotated[str, Field(min_length=64, max_length=64, pattern=r"^[0-9a-f]{64}$")]


EXCLUDED = Exclusions()


class ExclusionsIn(Body):
    staff: bool = EXCLUDED.staff
    banned: bool = EXCLUDED.banned
    muted: bool = EXCLUDED.muted
    won_today: bool = EXCLUDED.won_today


class LuckyBagIn(Body):
    prize: Annotated[CleanStr, Field(min_length=1, max_length=MAX_PRIZE_CHARS)]
    prize_product_id: BodyId | None = None
    winners: Annotated[int, Field(ge=1, le=MAX_WINNERS)]
    rule: Literal[ENTRY_RULES]
    keyword: Annotated[CleanStr, Field(max_length=MAX_KEYWORD_CHARS)] = ""
    countdown_s: Annotated[int, Field(ge=MIN_COUNTDOWN_S, le=MAX_COUNTDOWN_S)] = 300
    exclusions: ExclusionsIn = Field(default_factory=ExclusionsIn)
    commitment: Hex64 = Field(description="sha256 (lowercase hex) of the 32-byte seed the console keeps until the draw")


class DrawIn(Body):
    seed: Hex64 = Field(description="The seed (64 lowercase hex digits) whose sha256 is the bag's commitment")


class RedPacketIn(Body):
    total_fen: Annotated[int, Field(ge=1, le=MAX_RED_PACKET_FEN)]
    count: Annotated[int, Field(ge=1, le=MAX_RED_PACKET_COUNT)]
    split: Literal[SPLITS] = "random"
    claim_window_s: Annotated[int, Field(ge=MIN_CLAIM_WINDOW_S, le=MAX_CLAIM_WINDOW_S)] = 300
    message: Annotated[CleanStr, Field(max_length=MAX_PACKET_MESSAGE)] = ""


# ---------------------------------------------------------------------------- lucky bags

@router.get("/api/v1/rooms/{room_id}/lucky-bags", responses=ok(schemas.LuckyBagList))
async def list_lucky_bags(room_id: Id, caller: Caller = Depends(caller_for("giveaway.read"))):
    """Every lucky bag of the room, past ones too (with their seeds and winners, for re-checking)."""
    return {"items": caller.studio.lucky_bags.list_in_room(room_id)}


@router.post("/api/v1/rooms/{room_id}/lucky-bags", status_code=201, responses=ok(schemas.LuckyBag, 201))
async def start_lucky_bag(room_id: Id, body: LuckyBagIn, change: Change = Depends(change_for("giveaway.manage"))):
    """Open a lucky bag; `lucky_bag.started` carries everything public, the commitment included."""
    return await change.apply(body, lambda studio: studio.lucky_bags.start(
        room_id, prize=body.prize, prize_product_id=body.prize_product_id, winners_count=body.winners,
        rule=body.rule, keyword=body.keyword, countdown_s=body.countdown_s,
        exclusions=body.exclusions.model_dump(), commitment=body.commitment, by=change.who), 201, durable=True)


@router.get("/api/v1/rooms/{room_id}/lucky-bags/{bag_id}", responses=ok(schemas.LuckyBag))
async def get_lucky_bag(room_id: Id, bag_id: Id, caller: Caller = Depends(caller_for("giveaway.read"))):
    return caller.studio.lucky_bags.get(room_id, bag_id)


@router.get("/api/v1/rooms/{room_id}/lucky-bags/{bag_id}/entrants",
            responses={**ok(schemas.LuckyBagEntrants), 409: {"description": "Entry is still open"}})
async def lucky_bag_entrants(room_id: Id, bag_id: Id, caller: Caller = Depends(caller_for("giveaway.read"))):
    """The frozen entrant list once entry has closed (409 lucky_bag_open before)."""
    return caller.studio.lucky_bags.entrants(room_id, bag_id)


@router.post("/api/v1/rooms/{room_id}/lucky-bags/{bag_id}/close", responses=ok(schemas.LuckyBag))
async def close_lucky_bag(room_id: Id, bag_id: Id, change: Change = Depends(change_for("giveaway.manage"))):
    """End entry now (exclusions applied, the entrant list frozen); a closed bag is left as it is."""
    return await change.apply(None, lambda studio: studio.lucky_bags.close(room_id, bag_id))


@router.post("/api/v1/rooms/{room_id}/lucky-bags/{bag_id}/draw", responses=ok(schemas.LuckyBag))
async def draw_lucky_bag(room_id: Id, bag_id: Id, body: DrawIn,
                         change: Change = Depends(change_for("giveaway.manage"))):
    """Reveal the seed: checked against the commitment (409 seed_mismatch), winners computed with
    the published algorithm, announced in a pinned staff comment. Drawing again answers the same."""
    return await change.apply(body, lambda studio: studio.lucky_bags.draw(
        room_id, bag_id, body.seed, change.who))


@router.post("/api/v1/rooms/{room_id}/lucky-bags/{bag_id}/enter", responses=ok(schemas.LuckyBag))
async def enter_lucky_bag(room_id: Id, bag_id: Id, change: Change = Depends(change_for("giveaway.join"))):
    """A viewer enters a follow / ordered / fan-club bag (Studio checks the rule); a keyword bag is
    entered by commenting the keyword."""
    return await change.apply(None, lambda studio: studio.lucky_bags.enter(
        room_id, bag_id, change.who.viewer_id))


@router.post("/api/v1/rooms/{room_id}/follow", responses=ok(schemas.Following))
async def follow(room_id: Id, change: Change = Depends(change_for("giveaway.join"))):
    """The viewer follows the shop (counted in the room's followers)."""
    return await change.apply(None, lambda studio: studio.lucky_bags.follow(room_id, change.who.viewer_id))


@router.post("/api/v1/rooms/{room_id}/fan-club", responses=ok(schemas.Following))
async def join_fan_club(room_id: Id, change: Change = Depends(change_for("giveaway.join"))):
    """The viewer joins the shop's fan club (粉丝团), following it too."""
    return await change.apply(None, lambda studio: studio.lucky_bags.join_fan_club(
        room_id, change.who.viewer_id))


# ---------------------------------------------------------------------------- red packets

@router.get("/api/v1/rooms/{room_id}/red-packets", responses=ok(schemas.RedPacketList))
async def list_red_packets(room_id: Id, caller: Caller = Depends(caller_for("giveaway.read"))):
    return {"items": caller.studio.red_packets.list_in_room(room_id)}


@router.post("/api/v1/rooms/{room_id}/red-packets", status_code=201, responses=ok(schemas.RedPacket, 201))
async def send_red_packet(room_id: Id, body: RedPacketIn, change: Change = Depends(change_for("giveaway.manage"))):
    """Send a red packet (money: applied once per Idempotency-Key). Each share is at least 1 分, so
    the total must be at least `count` 分 (422 red_packet_too_small)."""
    return await change.apply(body, lambda studio: studio.red_packets.send(
        room_id, body.total_fen, body.count, body.split, body.claim_window_s, body.message, change.who),
        201, durable=True)


@router.get("/api/v1/rooms/{room_id}/red-packets/{packet_id}", responses=ok(schemas.RedPacket))
async def get_red_packet(room_id: Id, packet_id: Id, caller: Caller = Depends(caller_for("giveaway.read"))):
    return caller.studio.red_packets.get(room_id, packet_id)


@router.get("/api/v1/rooms/{room_id}/red-packets/{packet_id}/claims", responses=ok(schemas.RedPacketClaims))
async def red_packet_claims(room_id: Id, packet_id: Id, caller: Caller = Depends(caller_for("giveaway.read"))):
    return {"items": caller.studio.red_packets.claims(room_id, packet_id)}


@router.post("/api/v1/rooms/{room_id}/red-packets/{packet_id}/claim", status_code=201,
             responses=ok(schemas.RedPacketClaim, 201))
async def claim_red_packet(room_id: Id, packet_id: Id, change: Change = Depends(change_for("giveaway.join"))):
    return await change.apply(None, lambda studio: studio.red_packets.claim(
        room_id, packet_id, change.who.viewer_id), 201, durable=True)
