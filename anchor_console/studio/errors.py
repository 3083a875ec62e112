"""Errors Studio answers with: JSON `{code, message}` and one of 401/403/404/408/409/413/422/429."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class ApiError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, headers: dict[str, str] | None = None,
                 extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.headers = headers or {}
        self.extra = extra or {}

    def __init_subclass__(cls, *, status: int | None = None, code: str | None = None, **kwargs) -> None:
        """`class NotFound(ApiError, status=404, code="not_found")`: a kind of error is its status and code."""
        super().__init_subclass__(**kwargs)
        if status is not None:
            cls.status = status
        if code is not None:
            cls.code = code

    def body(self) -> dict:
        return {"code": self.code, "message": self.message, **self.extra}


# The answers with no more than their own status and code: one line each.
class Unauthorized(ApiError, status=401, code="unauthorized"): ...
class Forbidden(ApiError, status=403, code="forbidden"): ...
class NotFound(ApiError, status=404, code="not_found"): ...   # what the URL names (named_in_body: the body's)
class Conflict(ApiError, status=409, code="conflict"): ...
class RequestTimeout(ApiError, status=408, code="request_timeout"): ...
class TooLarge(ApiError, status=413, code="too_large"): ...
class Invalid(ApiError, status=422, code="invalid"): ...


class RateLimited(ApiError, status=429, code="rate_limited"):
    def __init__(self, retry_after: float, message: str = "Too many requests") -> None:
        seconds = max(1, int(retry_after + 0.999))
        super().__init__(message, headers={"Retry-After": str(seconds)}, extra={"retry_after": seconds})


@contextmanager
def named_in_body() -> Iterator[None]:
    """Look up what the request's body names (a product to list, a seat, a coupon template): if it is
    not there the request is refused as things stand (409, the lookup's own code and words). A 404
    would say the URL names nothing — that the room itself is gone."""
    try:
        yield
    except NotFound as exc:
        raise Conflict(exc.message, code=exc.code, headers=exc.headers, extra=exc.extra) from None
