"""What a request may carry: the field types shared by the routes' bodies and paths, and the
base of every request body (unknown fields are refused)."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Header, Path
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from anchor_console.studio.store import MAX_INT

_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(text: str) -> str:
    # A JSON body may carry lone surrogates ("\ud800"); SQLite cannot store them, so they become
    # U+FFFD instead of a 500 — a hostile comment is kept, not lost.
    return _SURROGATE.sub("\ufffd", text)


CleanStr = Annotated[str, AfterValidator(_clean)]
Name = Annotated[CleanStr, Field(min_length=1, max_length=100)]
Id = Annotated[int, Path(ge=1, le=MAX_INT)]
BodyId = Annotated[int, Field(ge=1, le=MAX_INT)]
Fen = Annotated[int, Field(ge=0, le=10**10)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=255)]
ViewerRef = Annotated[str, Path(min_length=1, max_length=20, pattern=r"^v?[0-9]+$")]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")
