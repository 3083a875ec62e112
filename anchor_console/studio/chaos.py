"""Fault injection for the platform layer's fault tests (`studio --chaos` only): a middleware that
fails, rate-limits, drops, delays or kills around a change, by configured probabilities, and
cuts SSE streams every so often; and, for named paths (`kill_after_paths`, any path — the WeChat
emulator's too), dies after the request's change is committed, before answering it."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal

FAULTS = ("fail_before", "rate_limit", "fail_after", "drop_after", "delay_after", "kill_after")


class Chaos:
    def __init__(self) -> None:
        self.rng = random.Random()
        self.configure()

    def configure(self, fail_before: float = 0, rate_limit: float = 0, fail_after: float = 0,
                  drop_after: float = 0, delay_after: float = 0, delay_s: float = 5, kill_after: float = 0,
                  sse_cut_every_s: float = 0, seed: int | None = None,
                  kill_after_paths: list[str] | tuple[str, ...] = ()) -> None:
        self.fail_before, self.rate_limit, self.fail_after = fail_before, rate_limit, fail_after
        self.drop_after, self.delay_after, self.delay_s = drop_after, delay_after, delay_s
        self.kill_after, self.sse_cut_every_s = kill_after, sse_cut_every_s
        self.kill_after_paths = frozenset(kill_after_paths)
        if seed is not None:
            self.rng.seed(seed)

    def settings(self) -> dict:
        return {**{k: getattr(self, k) for k in ("fail_before", "rate_limit", "fail_after", "drop_after",
                                                 "delay_after", "delay_s", "kill_after", "sse_cut_every_s")},
                "kill_after_paths": sorted(self.kill_after_paths)}

    def _draw(self) -> str | None:
        roll = self.rng.random()
        edge = 0.0
        for name in FAULTS:
            edge += getattr(self, name)
            if roll < edge:
                return name
        return None

    def middleware(self, app):
        chaos = self

        async def wrapped(scope, receive, send):
            if scope["type"] == "http" and scope["path"] in chaos.kill_after_paths:
                await app(scope, receive, _discard)   # the change is applied and committed here
                _die()                                # the server dies before answering
            if (scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH", "DELETE")
                    or not scope["path"].startswith("/api/v1/") or scope["path"] == "/api/v1/_chaos"
                    or scope["path"] == "/api/v1/viewers"):
                return await app(scope, receive, send)
            fault = chaos._draw()
            if fault == "fail_before":
                return await _send_json(send, 503, {"code": "unavailable", "message": "Injected fault."})
            if fault == "rate_limit":
                return await _send_json(send, 429, {"code": "rate_limited", "message": "Injected fault.",
                                                    "retry_after": 1}, {"retry-after": "1"})
            if fault is None:
                return await app(scope, receive, send)
            messages: list[dict] = []

            async def capture(message):
                messages.append(message)

            await app(scope, receive, capture)  # the change is applied and committed here
            if fault == "fail_after":
                return await _send_json(send, 502, {"code": "bad_gateway", "message": "Injected fault."})
            if fault == "kill_after":
                os._exit(137)  # the server dies after committing, before answering
            if fault == "drop_after":
                start = next(m for m in messages if m["type"] == "http.response.start")
                await send(start)
                raise ConnectionAbortedError("injected: connection dropped after the change was applied")
            await asyncio.sleep(chaos.delay_s)
            for m in messages:
                await send(m)

        return wrapped


async def _discard(message) -> None:
    return None


def _die() -> None:
    """SIGKILL to itself where there is one: no cleanup, no answer, as if the machine lost power."""
    if hasattr(signal, "SIGKILL"):
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(137)


async def _send_json(send, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
    raw = json.dumps(body).encode()
    hdrs = [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
    hdrs += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": hdrs})
    await send({"type": "http.response.body", "body": raw})
