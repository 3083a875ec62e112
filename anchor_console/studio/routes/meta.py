"""About the server and the caller: health, capabilities, who am I, and the rehearsal clock."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import Field

from anchor_console import __version__
from anchor_console.domain.capabilities import ALL_CAPABILITIES
from anchor_console.studio.routes import schemas
from anchor_console.studio.routes.schemas import ok
from anchor_console.studio.routes.context import Caller, caller_for, require, studio_of
from anchor_console.studio.routes.inputs import Body
from anchor_console.studio.store import Principal

router = APIRouter(tags=["studio"])


class ClockIn(Body):
    speed: Annotated[float, Field(ge=0.1, le=20)]


@router.get("/api/v1/health", responses=ok(schemas.Health))
async def health(request: Request):
    studio = studio_of(request)
    clock = studio.store.clock   # `now`: the wall time beside it, as the crew's answers give it
    return {"ok": True, "version": __version__, "time": clock.now(), "clock_speed": clock.speed,
            "now": studio.crew.wall()}


@router.get("/api/v1/capabilities", responses=ok(schemas.Capabilities))
async def capabilities(who: Principal = Depends(require("room.read"))):
    return {"platform": "studio", "capabilities": sorted(c.value for c in ALL_CAPABILITIES)}


@router.get("/api/v1/me", responses=ok(schemas.Me))
async def me(who: Principal = Depends(require("comment.post"))):
    return {"role": who.role.value, "name": who.name, "staff_id": who.staff_id, "viewer_id": who.viewer_id,
            "rooms": sorted(who.rooms) if who.rooms is not None else None, "expires_at": who.expires_at}


@router.put("/api/v1/studio/clock", responses=ok(schemas.Clock))
async def set_clock(body: ClockIn, caller: Caller = Depends(caller_for("studio.clock"))):
    clock = caller.studio.store.clock
    clock.set_speed(body.speed)
    return {"speed": clock.speed, "time": clock.now(), "now": caller.studio.crew.wall()}
