"""What a request may carry: the field types shared by the routes' bodies and paths, and the
base of every request body (unknown fields are refused).

Bodies are strict: money, stock and counts are JSON integers, flags JSON booleans. `true` is not
1 fen, `"100"` and `100.0` are not prices, `"no"` is not false — each is a 422."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Header, Path
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from anchor_console.domain.money import MAX_PRICE_FEN
from anchor_console.studio.store import MAX_INT, storable

# A JSON body may carry lone surrogates ("\ud800"); SQLite cannot store them, so they become
# U+FFFD instead of a 500 — a hostile comment is kept, not lost.
CleanStr = Annotated[str, AfterValidator(storable)]
Name = Annotated[CleanStr, Field(min_length=1, max_length=100)]
Id = Annotated[int, Path(ge=1, le=MAX_INT)]
BodyId = Annotated[int, Field(ge=1, le=MAX_INT)]
Fen = Annotated[int, Field(ge=0, le=MAX_PRICE_FEN)]
Stock = Annotated[int, Field(ge=0, le=10**7)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=255,
                                       description="Send a change again with the same key and it applies once; "
                                                   "Studio remembers a key for 7 days.")]


def finite_json(value: Any) -> Any:
    """Python's JSON reader takes NaN, Infinity and 1e999 (infinity); stored, every later answer
    carrying them would fail to render (a 500 for whoever reads it), so they are refused here."""
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        raise ValueError("numbers must be finite (NaN, Infinity and numbers beyond ±1.8e308 are not JSON)") from None
    return value


# Free-form JSON a route keeps as it came (the crew's show state, word lists, log parameters).
JsonObject = Annotated[dict[str, Any], AfterValidator(finite_json)]
ViewerRef = Annotated[str, Path(min_length=1, max_length=20, pattern=r"^v?[0-9]+$")]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
