"""IM's callbacks to Studio (第三方回调): POST {Studio}/tencent-im/callback, the URL to enter in
IM's console (Callback configuration), with IM's query parameters added:

    ?SdkAppid=…&CallbackCommand=Group.CallbackAfterSendMsg&contenttype=json&ClientIP=…&OptPlatform=…
     [&RequestTime=<unix s>&Sign=<hex sha256(token + RequestTime)>]   (callback authentication on)

Checked, in this order: SdkAppid is ours (each callback page: "must check whether the SDKAppID
contained in the request URL is the SDKAppID of the app"), and with a token configured Sign and
a RequestTime within a minute either way (the webhook overview's Security Considerations, as
implemented by dobyte/tencent-im callback/callback.go `signCheck` and cited from
cloud.tencent.com/document/product/269/32431 — the primary page itself was not seen: marked
unconfirmed in tests/studio/tencent_im_docs/README.md). A refused callback is answered HTTP 403
(IM then retries; a forged one never becomes a comment).

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
import time
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from anchor_console.studio.tencent_im.bridge import ImBridge

CALLBACK_PATH = "/tencent-im/callback"
BODY_LIMIT = 64 * 1024   # a text message is at most 12 KB; a few elements besides


def callback_sign(token: str, request_time: str) -> str:
    return hashlib.sha256((token + request_time).encode("utf-8")).hexdigest()


def _answer(code: int = 0, info: str = "", status: int = 200) -> JSONResponse:
    return JSONResponse({"ActionStatus": "OK" if status == 200 else "FAIL", "ErrorInfo": info, "ErrorCode": code},
                        status_code=status)


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
    def __init__(self, bridge: ImBridge, wall: Callable[[], float] = time.time) -> None:
        self.bridge, self.wall = bridge, wall
        self.batcher = AfterSendBatcher(bridge.take_after_send)

    def refusal(self, query) -> str | None:
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

    async def handle(self, request: Request) -> JSONResponse:
        refusal = self.refusal(request.query_params)
        if refusal is not None:
            return _answer(1, refusal, status=403)
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _answer(1, "The body is not JSON.", status=400)
        if not isinstance(body, dict):
            return _answer(1, "The body is not a JSON object.", status=400)
        command = request.query_params.get("CallbackCommand") or body.get("CallbackCommand")
        if command == "Group.CallbackAfterSendMsg":
            await self.batcher.submit(body)
        elif command == "Group.CallbackBeforeSendMsg":
            verdict = self.bridge.check_before_send(body)
            if not verdict.allowed:
                return _answer(1, f"Refused by Studio ({verdict.group}).")
        return _answer()   # other commands: acknowledged, nothing to do

    def router(self) -> APIRouter:
        router = APIRouter(tags=["tencent-im"])

        async def tencent_im_callback(request: Request):
            return await self.handle(request)
        tencent_im_callback.body_limit = BODY_LIMIT   # type: ignore[attr-defined]  # read by limits.route_policy

        router.add_api_route(CALLBACK_PATH, tencent_im_callback, methods=["POST"], include_in_schema=False)
        return router
