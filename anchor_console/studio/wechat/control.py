"""Setting the WeChat emulator for tests (`studio --chaos` only; left out of the OpenAPI document):
a short token lifetime, low daily or per-minute allowances, how long a push is in progress, how
long goods review takes; expiring every token in use now; starting today's counts afresh. Only
the anchor and assistants may, like fault injection."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import Field

from anchor_console.studio.routes.context import require
from anchor_console.studio.routes.inputs import Body
from anchor_console.studio.store import Principal

router = APIRouter()

Seconds = Annotated[float, Field(ge=0, le=7 * 86400)]
Limits = dict[Annotated[str, Field(min_length=1, max_length=200)], Annotated[int, Field(ge=0, le=10**9)]]


class WeChatIn(Body):
    token_ttl_s: Annotated[float, Field(ge=1, le=7200)] | None = None
    force_refresh_gap_s: Seconds | None = None
    force_refresh_per_day: Annotated[int, Field(ge=0, le=1000)] | None = None
    daily_limits: Annotated[Limits, Field(max_length=100)] | None = None
    minute_limits: Annotated[Limits, Field(max_length=100)] | None = None
    push_s: Seconds | None = None
    review_s: Seconds | None = None
    expire_tokens: bool = False
    reset_quota: bool = False


@router.put("/api/v1/_wechat", include_in_schema=False)
async def set_wechat(body: WeChatIn, request: Request, who: Principal = Depends(require("studio.clock"))):
    emulator = request.app.state.wechat
    for name, value in body.model_dump(exclude={"expire_tokens", "reset_quota"}).items():
        if value is not None:
            setattr(emulator.config, name, value)
    expired = emulator.gate.expire_tokens() if body.expire_tokens else 0
    if body.reset_quota:
        emulator.gate.reset_quota()
    return {**emulator.settings(), "tokens_expired": expired}
