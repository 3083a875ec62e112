"""Setting the fault injection (`studio --chaos` only; left out of the OpenAPI document)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import Field

from anchor_console.studio.routes.context import context_of
from anchor_console.studio.routes.inputs import Body

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


@router.put("/api/v1/_chaos", include_in_schema=False)
async def set_chaos(body: ChaosIn, request: Request):
    chaos = context_of(request).chaos
    chaos.configure(**body.model_dump())
    return chaos.settings()
