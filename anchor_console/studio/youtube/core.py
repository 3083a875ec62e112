"""The YouTube emulator's core: how Studio's rooms, viewers, staff and comments are named in
YouTube's terms (video ids, liveChatIds, channel ids, message and ban ids), Google's error
envelope, the settings tests may change, and the daily quota in units (Pacific days).

Error envelope (developers.google.com/youtube/v3/docs/errors, "Google JSON style"): HTTP status with
`{"error": {"code": 403, "message": "…", "errors": [{"message": "…", "domain": "youtube.quota",
"reason": "quotaExceeded"}]}}`."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field

from fastapi.responses import JSONResponse

from anchor_console.domain.pacific_time import PACIFIC   # midnight Pacific, with daylight saving

SCOPE_FORCE_SSL = "https://www.googleapis.com/auth/youtube.force-ssl"
SCOPE_YOUTUBE = "https://www.googleapis.com/auth/youtube"
SCOPE_READONLY = "https://www.googleapis.com/auth/youtube.readonly"
KNOWN_SCOPES = frozenset({SCOPE_FORCE_SSL, SCOPE_YOUTUBE, SCOPE_READONLY})
WRITE_SCOPES = frozenset({SCOPE_FORCE_SSL, SCOPE_YOUTUBE})

# What each method costs (the adapter's youtube_quota.COSTS: the same documented/assumed figures).
COSTS = {"videos.list": 1, "channels.list": 1, "liveBroadcasts.list": 5, "liveChatMessages.list": 5,
         "liveChatMessages.insert": 20, "liveChatMessages.delete": 50, "liveChatBans.insert": 50,
         "liveChatBans.delete": 50, "liveChatModerators.list": 50}


@dataclass
class YouTubeConfig:
    """What tests may change at run time (`PUT /api/v1/_youtube`, `--chaos` only)."""

    daily_limit: int = 10_000
    token_ttl_s: float = 3599.0
    code_ttl_s: float = 600.0
    polling_interval_ms: int = 5000
    history: int = 200                       # messages the first page of a chat returns at most
    scopes_granted: set[str] = field(default_factory=set)   # unused: scopes are what the user allowed


class YouTubeError(Exception):
    """An error YouTube answers with its envelope."""

    def __init__(self, status: int, reason: str, message: str, domain: str = "youtube.liveChat") -> None:
        super().__init__(message)
        self.status, self.reason, self.message, self.domain = status, reason, message, domain

    def response(self) -> JSONResponse:
        body = {"error": {"code": self.status, "message": self.message,
                          "errors": [{"message": self.message, "domain": self.domain, "reason": self.reason}]}}
        headers = {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'} if self.status == 401 else None
        return JSONResponse(body, status_code=self.status, headers=headers)


def auth_error() -> YouTubeError:
    return YouTubeError(401, "authError", "Request had invalid authentication credentials. Expected OAuth 2 access "
                                          "token, login cookie or other valid authentication credential.", "global")


def bad_request(reason: str, message: str) -> YouTubeError:
    return YouTubeError(400, reason, message, "youtube.parameter")


# ---------------------------------------------------------------------------------- names

def video_id(room_id: int) -> str:
    """A Studio room as a YouTube video (broadcast) id: 11 characters."""
    return f"sR{room_id:09d}"


def room_of_video(vid: str) -> int | None:
    if len(vid) == 11 and vid.startswith("sR") and vid[2:].isdigit():
        return int(vid[2:])
    return None


def chat_id(room_id: int) -> str:
    return "Cg0KC" + base64.urlsafe_b64encode(video_id(room_id).encode()).decode().rstrip("=")


def room_of_chat(chat: str) -> int | None:
    if not chat.startswith("Cg0KC"):
        return None
    raw = chat[5:]
    try:
        return room_of_video(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode())
    except (ValueError, UnicodeDecodeError):
        return None


def viewer_channel(viewer_id: int) -> str:
    return f"UCsv{viewer_id:020d}"


def staff_channel(staff_id: int) -> str:
    return f"UCss{staff_id:020d}"


def person_of_channel(channel: str) -> tuple[str, int] | None:
    """("v", viewer id) or ("s", staff id) of a channel id this emulator made."""
    if len(channel) == 24 and channel[:4] in ("UCsv", "UCss") and channel[4:].isdigit():
        return channel[3], int(channel[4:])
    return None


def message_id(comment_id: int) -> str:
    return f"LCC.sc{comment_id}"


def comment_of_message(mid: str) -> int | None:
    return int(mid[6:]) if mid.startswith("LCC.sc") and mid[6:].isdigit() else None


def ban_id(room_id: int, viewer_id: int, kind: str) -> str:
    return f"LCB.{room_id}.{viewer_id}.{kind}"


def parse_ban(bid: str) -> tuple[int, int, str] | None:
    parts = bid.split(".")
    if len(parts) == 4 and parts[0] == "LCB" and parts[1].isdigit() and parts[2].isdigit() and \
            parts[3] in ("temporary", "permanent"):
        return int(parts[1]), int(parts[2]), parts[3]
    return None


def rfc3339(ts: float | None) -> str | None:
    if ts is None:
        return None
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def pacific_day(ts: float) -> dt.date:
    return dt.datetime.fromtimestamp(ts, PACIFIC).date()


class Quota:
    """Units spent today per OAuth client (a Google Cloud project); reset at midnight Pacific."""

    def __init__(self, config: YouTubeConfig) -> None:
        self.config = config
        self._used: dict[str, tuple[dt.date, int]] = {}

    def used(self, client_id: str, now: float) -> int:
        day, used = self._used.get(client_id, (pacific_day(now), 0))
        return used if day == pacific_day(now) else 0

    def charge(self, client_id: str, method: str, now: float) -> None:
        """Charge the call, or refuse it with 403 quotaExceeded when the day's units are spent."""
        used = self.used(client_id, now)
        cost = COSTS.get(method, 1)
        if used + cost > self.config.daily_limit:
            raise YouTubeError(403, "quotaExceeded", "The request cannot be completed because you have exceeded "
                                                     "your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.",
                               "youtube.quota")
        self._used[client_id] = (pacific_day(now), used + cost)

    def set_remaining(self, client_id: str, units: int, now: float) -> None:
        self._used[client_id] = (pacific_day(now), max(0, self.config.daily_limit - units))

    def reset(self) -> None:
        self._used.clear()
