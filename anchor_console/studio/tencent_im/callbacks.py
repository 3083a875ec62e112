"""IM's callbacks to Studio (第三方回调): POST {Studio}/tencent-im/callback, the URL to enter in
IM's console (Callback configuration), with IM's query parameters added:

    ?SdkAppid=…&CallbackCommand=Group.CallbackAfterSendMsg&contenttype=json&ClientIP=…&OptPlatform=…
     [&RequestTime=<unix s>&Sign=<hex sha256(token + RequestTime)>]   (callback authentication on)

Checked, in this order: SdkAppid is ours (each callback page: "must check whether the SDKAppID
contained in the request URL is the SDKAppID of the app"), and with a token configured Sign and
a RequestTime within a minute either way (cloud.tencent.com/document/product/269/32431:
"RequestTime 和当前时间相差超过1分钟即可认为是无效请求,以防止重放攻击"). A refused callback is answered HTTP 403
(IM then retries; a forged one never becomes a comment); a body that is not JSON, 400. SdkAppid
is no secret, so without a token anyone could post comments: Studio runs without one only on
loopback (server._im_settings_refusal).

Answers are IM's envelope {"ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0}. For
Group.CallbackBeforeSendMsg, ErrorCode 0 lets the message through and 1 refuses it (2 would drop
it silently; Studio refuses, so the viewer sees it was not sent). After-send callbacks are taken
in batches: every callback that arrives while one batch commits goes into the next, one
transaction for all (AfterSendBatcher), which is how one worker keeps up with thousands a second."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from urllib.parse import parse_qsl

from anchor_console.studio.tencent_im.bridge import ImBridge

log = logging.getLogger("anchor_console.studio.tencent_im")

CALLBACK_PATH = "/tencent-im/callback"
BODY_LIMIT = 64 * 1024   # a text message is at most 12 KB; a few elements besides
BODY_TIME_S = 15.0


def callback_sign(token: str, request_time: str) -> str:
    return hashlib.sha256((token + request_time).encode("utf-8")).hexdigest()


class AfterSendBatcher:
    """Callbacks in, comments out: each waits for the transaction its batch commits in."""

    def __init__(self, take: Callable[[list[dict]], int]) -> None:
        self._take = take
        self._pending: list[tuple[dict, asyncio.Future]] = []

    async def submit(self, body: dict) -> None:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        if not self._pending:
            loop.call_soon(self._flush)   # after the callbacks already read in this turn of the loop
        self._pending.append((body, future))
        await future

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        try:
            self._take([body for body, _ in batch])
        except Exception as exc:   # the batch rolled back: each callback answers 500, and IM retries it
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for _, future in batch:
            if not future.done():
                future.set_result(None)


class CallbackRoute:
    """The callback path, answered in front of Studio's app (`in_front_of`): a plain ASGI handler,
    because FastAPI's routing and the request guard cost more than taking the callback does, and
    IM sends thousands a second. It checks what the guard would: the method, the body's size (and
    how long it takes to arrive); the query is checked before the body is read."""

    def __init__(self, bridge: ImBridge, wall: Callable[[], float] = time.time) -> None:
        self.bridge, self.wall = bridge, wall
        self.batcher = AfterSendBatcher(bridge.take_after_send)

    def refusal(self, query: dict) -> str | None:
        config = self.bridge.config
        if query.get("SdkAppid") != str(config.sdkappid):
            return "SdkAppid is not this app's"
        if config.callback_token:
            sign, when = query.get("Sign", ""), query.get("RequestTime", "")
            if not when.isdigit() or abs(self.wall() - int(when)) > config.callback_window_s:
                return "RequestTime is missing or not within a minute"
            if not hmac.compare_digest(sign.lower(), callback_sign(config.callback_token, when)):
                return "Sign does not match"
        return None

    async def answer(self, query: dict, raw: bytes) -> tuple[int, dict]:
        try:
            body = json.loads(raw)
        except ValueError:
            return 400, _envelope(1, "The body is not JSON.", ok=False)
        if not isinstance(body, dict):
            return 400, _envelope(1, "The body is not a JSON object.", ok=False)
        command = query.get("CallbackCommand") or body.get("CallbackCommand")
        if command == "Group.CallbackAfterSendMsg":
            await self.batcher.submit(body)
        elif command == "Group.CallbackBeforeSendMsg":
            verdict = self.bridge.check_before_send(body)
            if not verdict.allowed:
                return 200, _envelope(1, f"Refused by Studio ({verdict.group}).")
        return 200, _envelope()   # other commands: acknowledged, nothing to do

    def in_front_of(self, app):
        async def asgi(scope, receive, send) -> None:
            if scope["type"] == "http" and scope["path"] == CALLBACK_PATH:
                await self._serve(scope, receive, send)
            else:
                await app(scope, receive, send)
        return asgi

    async def _serve(self, scope, receive, send) -> None:
        if scope["method"] != "POST":
            return await _send(send, 405, _envelope(1, "POST only.", ok=False), [(b"allow", b"POST")])
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        refusal = self.refusal(query)
        if refusal is not None:   # a forged or stale callback: refused before its body is read
            return await _send(send, 403, _envelope(1, refusal, ok=False))
        try:
            async with asyncio.timeout(BODY_TIME_S):   # not wait_for: no task of its own per callback
                raw = await _read_body(receive, BODY_LIMIT)
        except (ValueError, TimeoutError):
            return await _send(send, 413, _envelope(1, "The body is too large or too slow.", ok=False))
        if raw is None:
            return   # the client went away
        try:
            status, answer = await self.answer(query, raw)
        except Exception:   # the batch's transaction failed: IM retries a callback not answered 200
            log.exception("an IM callback could not be taken")
            status, answer = 500, _envelope(1, "Studio could not take this callback; send it again.", ok=False)
        await _send(send, status, answer)


def _envelope(code: int = 0, info: str = "", *, ok: bool = True) -> dict:
    if (code, info, ok) == (0, "", True):
        return _ANSWER_OK
    return {"ActionStatus": "OK" if ok else "FAIL", "ErrorInfo": info, "ErrorCode": code}


_ANSWER_OK = {"ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0}   # the answer to nearly every callback
_OK = json.dumps(_ANSWER_OK).encode("utf-8")


async def _read_body(receive, limit: int) -> bytes | None:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise ValueError("too large")
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


async def _send(send, status: int, answer: dict, headers: list | None = None) -> None:
    payload = _OK if answer is _ANSWER_OK else json.dumps(answer, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": payload})
