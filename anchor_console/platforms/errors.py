"""Errors every platform adapter raises, in words an assistant can act on.

Each error carries a translatable `message` (shown to the operator), an English `detail` for logs
(never a token or other secret), whether retrying can help, and whether the request may have
been applied although no answer came back (`outcome_unknown`): the journal treats those as
"unknown" and reconciles them with the same idempotency key."""

from __future__ import annotations

import math

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.log_secrets import scrub
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text


# Words for an answer that is not the platform's: what a sign-in or token request meets behind a
# hotel Wi-Fi's login page or a proxy (HTML with 200), or when a token answer lacks its token.
UNREADABLE_ANSWER = QT_TRANSLATE_NOOP(
    "PlatformError", "The platform's answer could not be read (a Wi-Fi login page or a proxy may be in the way). "
                     "Check the internet connection and try again.")
NO_ACCESS_TOKEN = QT_TRANSLATE_NOOP(
    "PlatformError", "The platform answered the sign-in without an access token. Open Connections and sign in "
                     "again.")


def answer_object(response) -> dict | None:
    """An answer's JSON object (`response`: an httpx.Response); None where the answer is not one:
    empty, not JSON (a proxy's HTML page), or JSON of another kind."""
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def json_object(response, where: str, platform: str = "") -> dict:
    """A token or sign-in answer's JSON object. Anything else (a hotel Wi-Fi's login page, a
    proxy's error page, both often with 200) is not the platform speaking: Unavailable, not a
    crash."""
    body = answer_object(response)
    if body is None:
        raise Unavailable(f"{where}: HTTP {response.status_code}, the answer is not a JSON object",
                          message=UNREADABLE_ANSWER, platform=platform)
    return body


def seconds(value: object, default: float) -> float:
    """A lifetime or interval in seconds as a platform wrote it; `default` when it is missing,
    unreadable or not finite."""
    try:
        number = float(value or default)
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


class PlatformError(Exception):
    retryable = False
    outcome_unknown = False
    kind = "error"

    def __init__(self, message: Text, *, detail: str = "", platform: str = "", code: str = "") -> None:
        super().__init__(detail or message.english())
        self.message = message
        self.detail = detail or message.english()
        self.platform = platform
        self.code = code

    def __str__(self) -> str:
        where = f"{self.platform}: " if self.platform else ""
        return f"{where}{self.message.english()}"

    def mask(self, *secrets: str) -> None:
        """Mask the secrets a request carried in `detail` and in what a traceback prints (`args`)."""
        self.detail = scrub(self.detail, *secrets)
        self.args = (self.detail,)


class WordedError(PlatformError):
    """An error with words of its own (`words`), which a platform's more precise `message`
    replaces where it has one."""

    words: Text

    def __init__(self, detail: str = "", *, message: Text | None = None, **kw) -> None:
        super().__init__(message or self.words, detail=detail, **kw)


class AuthFailed(WordedError):
    kind = "auth_failed"
    # `message`: a platform's own words for why (a wrong AppSecret, an IP not allowed…).
    words = QT_TRANSLATE_NOOP(
        "PlatformError", "Sign-in failed: the access token was refused. Open Connections and enter a new token.")


class NotPermitted(WordedError):
    kind = "not_permitted"
    words = QT_TRANSLATE_NOOP(
        "PlatformError", "Your account is not allowed to do this. Ask the anchor for a role that can.")


class NotSupported(PlatformError):
    kind = "not_supported"

    def __init__(self, capability: Capability, platform_name: str, **kw) -> None:
        super().__init__(QT_TRANSLATE_NOOP("PlatformError", "{platform} does not support {capability}.").fill(
            platform=platform_name, capability=capability.label), platform=platform_name, **kw)
        self.capability = capability


class RateLimited(PlatformError):
    retryable = True
    kind = "rate_limited"

    def __init__(self, retry_after: float, detail: str = "", **kw) -> None:
        super().__init__(QT_TRANSLATE_NOOP(
            "PlatformError", "The platform asked us to slow down; try again in {seconds} s.").fill(
            seconds=max(1, round(retry_after))), detail=detail, **kw)
        self.retry_after = retry_after


class QuotaExhausted(PlatformError):
    """The platform's daily allowance for this API is used up (WeChat 45009). Nothing was sent, and
    nothing is retried before `resets_at`: retrying would only burn the next day's allowance."""

    kind = "quota_exhausted"

    def __init__(self, api: str, resets_at: float, detail: str = "", **kw) -> None:
        super().__init__(QT_TRANSLATE_NOOP(
            "PlatformError", "Today's allowance for this action on the platform is used up ({api}); it resets at "
                             "midnight, Beijing time. Nothing was sent.").fill(api=api), detail=detail, **kw)
        self.api = api
        self.resets_at = resets_at


class Conflict(PlatformError):
    """The platform refused because of the room's current state (another product on stage,
    sold out, room not live…). `message` says which."""

    kind = "conflict"


class InvalidRequest(PlatformError):
    kind = "invalid"


class NotFound(InvalidRequest):
    kind = "not_found"


class Unavailable(WordedError):
    """Transient: the platform could not be reached or answered 503. The request was not applied."""

    retryable = True
    kind = "unavailable"
    words = QT_TRANSLATE_NOOP(
        "PlatformError", "The platform cannot be reached right now; the action was not applied.")


class OutcomeUnknown(Unavailable):
    """The request went out but no answer came back (timeout, connection reset, gateway error):
    it may or may not have been applied."""

    outcome_unknown = True
    kind = "unknown"
    words = QT_TRANSLATE_NOOP(
        "PlatformError", "No answer from the platform: the action may or may not have been applied. "
                         "Retrying is safe.")
