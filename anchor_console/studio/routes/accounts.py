"""Staff accounts (list, create with a token, remove — which revokes their tokens and closes their
event streams) and viewers joining with a nickname."""

from __future__ import annotations

import ipaddress
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import Field

from anchor_console.studio.errors import RateLimited
from anchor_console.studio.permissions import Role
from anchor_console.studio.routes import schemas
from anchor_console.studio.routes.schemas import ok
from anchor_console.studio.routes.context import SIGNUPS_PER_MINUTE, Caller, Change, caller_for, change_for, context_of
from anchor_console.studio.routes.inputs import Body, BodyId, Id, Name

router = APIRouter(tags=["accounts"])


class StaffIn(Body):
    name: Name
    role: Literal["anchor", "assistant", "moderator"]
    rooms: Annotated[list[BodyId], Field(min_length=1, max_length=100,
                                         description="The rooms the token may act in (default: every room)")] | None = None
    valid_days: Annotated[int, Field(ge=1, le=366, description="Days until the token expires (default 30)")] | None = None


class ViewerJoinIn(Body):
    nickname: Name


@router.get("/api/v1/staff", responses=ok(schemas.StaffList))
async def list_staff(caller: Caller = Depends(caller_for("staff.read"))):
    return {"items": caller.studio.accounts.list_staff()}


@router.post("/api/v1/staff", status_code=201, responses=ok(schemas.StaffCreated, 201))
async def create_staff(body: StaffIn, change: Change = Depends(change_for("staff.manage"))):
    return await change.apply(body, lambda studio: studio.accounts.create_staff(
        body.name, Role(body.role), rooms=body.rooms, ttl_s=body.valid_days * 86400 if body.valid_days else None), 201)


@router.delete("/api/v1/staff/{staff_id}", responses=ok(schemas.Ok))
async def remove_staff(staff_id: Id, change: Change = Depends(change_for("staff.manage"))):
    return await change.apply(None, lambda studio: (studio.accounts.remove_staff(staff_id, change.who),
                                                    {"ok": True})[1])


def client_address(request: Request) -> str:
    """Who signs up: the client's address as uvicorn resolved it (X-Forwarded-For, from the proxies
    Studio trusts: --forwarded-allow-ips); an IPv6 client counts by its /64, which one host often has."""
    host = request.client.host if request.client else "?"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.version == 6 and address.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return host


@router.post("/api/v1/viewers", status_code=201, responses=ok(schemas.ViewerJoined, 201))
async def join_as_viewer(body: ViewerJoinIn, request: Request):
    context = context_of(request)
    context.join_limit.take(client_address(request))
    wait = context.signup_limit.wait_s("")
    if wait > 0:
        raise RateLimited(wait, f"Too many sign-ups right now (at most {SIGNUPS_PER_MINUTE} a minute); "
                                "try again shortly.")
    return JSONResponse(context.studio.accounts.join_as_viewer(body.nickname), status_code=201)
