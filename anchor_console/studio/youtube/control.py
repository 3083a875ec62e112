"""Setting the YouTube emulator for tests (`studio --chaos` only; left out of the OpenAPI document):
the units left today (to bring the quota near its end), the daily limit, the access tokens'
lifetime, the chat's polling interval; expiring every access token or revoking every refresh
token now. Only the anchor and assistants may, like fault injection."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import Field

from anchor_console.studio.routes.context import require
from anchor_console.studio.routes.inputs import Body
from anchor_console.studio.store import Principal

router = APIRouter()


class YouTubeIn(Body):
    remaining_units: Annotated[int, Field(ge=0, le=10**9)] | None = None
    daily_limit: Annotated[int, Field(ge=0, le=10**9)] | None = None
    token_ttl_s: Annotated[float, Field(ge=1, le=86400)] | None = None
    polling_interval_ms: Annotated[int, Field(ge=0, le=600_000)] | None = None
    expire_tokens: bool = False
    revoke_refresh_tokens: bool = False
    reset_quota: bool = False


@router.put("/api/v1/_youtube", include_in_schema=False)
async def set_youtube(body: YouTubeIn, request: Request, who: Principal = Depends(require("studio.clock"))):
    emulator = request.app.state.youtube
    for name in ("daily_limit", "token_ttl_s", "polling_interval_ms"):
        value = getattr(body, name)
        if value is not None:
            setattr(emulator.config, name, value)
    if body.reset_quota:
        emulator.quota.reset()
    if body.remaining_units is not None:
        emulator.quota.set_remaining(emulator.client["client_id"], body.remaining_units,
                                     emulator.studio.store.clock.now())
    expired = emulator.oauth.expire_tokens() if body.expire_tokens else 0
    revoked = emulator.oauth.revoke_refresh_tokens() if body.revoke_refresh_tokens else 0
    return {**emulator.settings(), "tokens_expired": expired, "refresh_tokens_revoked": revoked}
