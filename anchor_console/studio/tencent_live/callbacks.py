"""The push/stop callbacks (推断流事件通知) Tencent Cloud Live posts to Studio.

Confirmed on the Live docs ("Stream Pushing Notification", product/267/38081 and 267/47025;
"How to Receive Event Notification", 267/38080): an HTTP POST with a JSON body; event_type 1
push started, 0 push stopped; stream_id is the stream name, app the push domain, appname the
AppName; event_time a unix time; sequence names one push (its push and stop share it);
t = when the notification expires (10 minutes after sending); sign = MD5(callback key + t).
Tencent wants HTTP 200 within 20 s (body ignored, {"code":0} recommended) and otherwise retries
every minute, up to 12 times. So: a forged or expired callback is refused (403: it is not
Tencent's, or it is a replay), a callback for another domain, app or an unknown stream is
answered 200 and ignored (retrying would not change it), and the DescribeLiveStreamState check
a stop starts runs after the answer."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from anchor_console.studio.tencent_live.config import LiveConfig
from anchor_console.studio.tencent_live.video import RoomVideo, VideoWatch

log = logging.getLogger("anchor_console.studio.tencent_live")

BODY_LIMIT = 16 * 1024
OK = {"code": 0}


def expected_sign(callback_key: str, t: object) -> str:
    return hashlib.md5(f"{callback_key}{t}".encode("utf-8")).hexdigest()


def refusal(body: dict, key: str, now: float) -> str | None:
    """Why a callback is not Tencent's or no longer valid; None if its sign and t hold."""
    t, sign = body.get("t"), body.get("sign")
    if not isinstance(sign, str) or isinstance(t, bool) or not isinstance(t, (int, str)):
        return "the callback carries no sign or t"
    if not hmac.compare_digest(sign.lower(), expected_sign(key, t)):
        return "the callback's sign does not match the callback key"
    try:
        expires = int(t)
    except ValueError:
        return "the callback's t is not a unix time"
    if expires < now:
        return "the callback expired (t is past)"
    return None


def callback_router(config: LiveConfig, video: RoomVideo, watch: VideoWatch) -> APIRouter:
    router = APIRouter()

    async def tencent_live_callback(request: Request):
        try:
            body = json.loads(await request.body())
        except ValueError:
            return JSONResponse({"code": 400, "message": "The body is not JSON."}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"code": 400, "message": "The body is not a JSON object."}, status_code=400)
        why = refusal(body, config.callback_key, video.now())
        if why is not None:
            log.warning("refused a Tencent Cloud Live callback: %s", why)
            return JSONResponse({"code": 403, "message": why}, status_code=403)
        room_id = _room_of(body, config, video)
        if room_id is None:
            return JSONResponse(OK)
        event_time = _event_time(body, video.now())
        sequence = str(body.get("sequence") or "")
        if body.get("event_type") == 1:
            video.heard_push(room_id, event_time, sequence)
        elif body.get("event_type") == 0 and video.heard_stop(room_id, event_time, sequence):
            watch.check_soon(room_id)
        return JSONResponse(OK)

    tencent_live_callback.body_limit = BODY_LIMIT   # the request guard's limit (limits.route_policy)
    router.add_api_route(config.callback_path, tencent_live_callback, methods=["POST"], include_in_schema=False)
    return router


def _event_time(body: dict, now: float) -> float:
    """When the event happened, by Tencent's clock (the order callbacks are judged in). The sign
    covers only t, so this is not trusted far: RoomVideo takes the receive time for an
    event_time that is not finite or more than a day away (video.trusted_time)."""
    try:
        return float(body["event_time"])
    except (KeyError, TypeError, ValueError, OverflowError):   # OverflowError: a huge JSON integer
        return now


def _room_of(body: dict, config: LiveConfig, video: RoomVideo) -> int | None:
    """The room whose stream the callback is about, if it is one of ours."""
    if body.get("event_type") not in (0, 1):
        return None
    if str(body.get("app", "")).strip() not in ("", config.push_domain):
        return None
    if str(body.get("appname", config.app_name)) != config.app_name:
        return None
    stream = body.get("stream_id") or body.get("channel_id")
    return video.room_of_stream(stream) if isinstance(stream, str) and stream else None
