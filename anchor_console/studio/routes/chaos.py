"""Setting the fault injection (`studio --chaos` only; left out of the OpenAPI document). It can
make Studio exit (`kill_after`), so only the anchor and assistants may set it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import Field

from anchor_console.studio.routes.context import context_of, require
from anchor_console.studio.routes.inputs import Body
from anchor_console.studio.store import Principal

router = APIRouter()

Probability = Annotated[float, Field(ge=0, le=1)]


class ChaosIn(Body):
    fail_before: Probability = 0
    rate_limit: Probability = 0
    fail_after: Probability = 0
    drop_after: Probability = 0
    delay_after: Probability = 0
    delay_s: Annotated[float, Field(ge=0, le=60)] = 5
    kill_after: Probability = 0
    sse_cut_every_s: Annotated[float, Field(ge=0, le=3600)] = 0
    seed: int | None = None
    kill_after_paths: Annotated[list[Annotated[str, Field(min_length=1, max_length=200)]], Field(max_length=20)] = []


@router.put("/api/v1/_chaos", include_in_schema=False)
async def set_chaos(body: ChaosIn, request: Request, who: Principal = Depends(require("studio.clock"))):
    chaos = context_of(request).chaos
    chaos.configure(**body.model_dump())
    return chaos.settings()
