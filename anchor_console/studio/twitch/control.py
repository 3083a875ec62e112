"""Driving the Twitch emulator in tests (`studio --chaos` only; left out of the OpenAPI document):
settings (token lifetime, device-code interval, the rate limit, keepalive, redelivery), expiring
every token now, refilling every rate-limit bucket, and what EventSub does to open sockets — `reconnect` (session_reconnect to a
fresh URL), `drop` (closed at once), `revoke` (a revocation with the given status) — plus
`burst`: that many chat messages from one viewer in a room, as fast as Studio takes them, with a
reconnect and/or a drop after given counts (for the "none lost, none doubled" test). Only the
anchor and assistants may, like fault injection."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import Field

from anchor_console.studio.routes.context import require
from anchor_console.studio.routes.inputs import Body
from anchor_console.studio.store import Principal

router = APIRouter()
BURST_BATCH = 500


class BurstIn(Body):
    room_id: Annotated[int, Field(ge=1)]
    count: Annotated[int, Field(ge=1, le=1_000_000)]
    reconnect_at: Annotated[int, Field(ge=0)] | None = None
    drop_at: Annotated[int, Field(ge=0)] | None = None


class TwitchIn(Body):
    token_ttl_s: Annotated[float, Field(ge=1, le=86400)] | None = None
    device_code_ttl_s: Annotated[float, Field(ge=1, le=86400)] | None = None
    device_interval_s: Annotated[float, Field(ge=0, le=60)] | None = None
    rate_limit_per_min: Annotated[int, Field(ge=0, le=100_000)] | None = None
    keepalive_s: Annotated[int, Field(ge=10, le=600)] | None = None
    redeliver_on_move: Annotated[int, Field(ge=0, le=64)] | None = None
    resume_after_drop: bool | None = None
    expire_tokens: bool = False
    reset_rate_limit: bool = False
    reconnect: bool = False
    drop: bool = False
    revoke: Annotated[str, Field(max_length=100)] | None = None
    burst: BurstIn | None = None


def _ws_base(request: Request) -> str:
    return str(request.base_url).rstrip("/").replace("http", "ws", 1)


@router.put("/api/v1/_twitch", include_in_schema=False)
async def set_twitch(body: TwitchIn, request: Request, who: Principal = Depends(require("studio.clock"))):
    emulator = request.app.state.twitch
    actions = {"expire_tokens", "reset_rate_limit", "reconnect", "drop", "revoke", "burst"}
    for name, value in body.model_dump(exclude=actions).items():
        if value is not None:
            setattr(emulator.config, name, value)
    if body.reset_rate_limit:
        emulator.identity.buckets.clear()
    done = {"tokens_expired": emulator.identity.expire_tokens() if body.expire_tokens else 0,
            "moved": emulator.hub.reconnect(_ws_base(request)) if body.reconnect else 0,
            "dropped": emulator.hub.drop() if body.drop else 0,
            "revoked": emulator.hub.revoke(body.revoke) if body.revoke else 0}
    if body.burst is not None:
        emulator.studio.rooms.require_live(body.burst.room_id)
        emulator.hub.spawn(_burst(emulator, body.burst, _ws_base(request)))
    return {**emulator.settings(), **done}


async def _burst(emulator, burst: BurstIn, ws_base: str) -> None:
    """`count` messages "m0", "m1", … from one new viewer, in batches, yielding between them."""
    studio = emulator.studio
    viewer = studio.accounts.create_viewers(["burst"])[0]
    points = sorted(((at, act) for at, act in ((burst.reconnect_at, lambda: emulator.hub.reconnect(ws_base)),
                                                (burst.drop_at, emulator.hub.drop)) if at is not None),
                    key=lambda point: point[0])
    sent = 0
    while sent < burst.count:
        while points and points[0][0] <= sent:
            points.pop(0)[1]()
        n = min(BURST_BATCH, burst.count - sent, (points[0][0] if points else burst.count) - sent)
        studio.comments.add_batch(burst.room_id, [(viewer, "burst", f"m{sent + i}") for i in range(n)])
        sent += n
        # At the pace the sockets carry it (as an audience's chat would be): a reconnect or drop
        # at message k then happens while message k is on its way, not long after all were queued.
        while any(s.queue.qsize() > 2 * BURST_BATCH for s in list(emulator.hub.sessions.values())):
            await asyncio.sleep(0.005)
        await asyncio.sleep(0)
