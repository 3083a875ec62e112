"""Nothing reaches a route's parser before its caller is known and its body is known to be small
enough (limits.RequestGuard): a 200 MB body is refused with a JSON error while Studio's memory
barely moves; a slow body times out; an unexpected error is a 500 that keeps the connection."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from anchor_console.studio import limits
from support.studio import make_room
from support.raw_http import exchange, memory_is_measurable, post_streaming, rss_bytes

MB = 1 << 20
BIG = 200 * MB
RSS_GROWTH_LIMIT = 20 * MB

needs_rss = pytest.mark.skipif(not memory_is_measurable(), reason="reads RSS from /proc")


@needs_rss
@pytest.mark.slow
@pytest.mark.parametrize("case", ["no token, comments", "open route, viewers", "token, declared length",
                                  "token, chunked"])
def test_a_200_mb_body_is_refused_before_it_is_read(studio, case):
    rid = make_room(studio)
    comments = f"/api/v1/rooms/{rid}/comments"
    path, headers, chunked, status, code = {
        "no token, comments": (comments, {}, False, 401, "unauthorized"),
        "open route, viewers": ("/api/v1/viewers", {}, False, 413, "too_large"),
        "token, declared length": (comments, studio.headers("moderator"), False, 413, "too_large"),
        "token, chunked": (comments, studio.headers("moderator"), True, 413, "too_large"),
    }[case]
    before = rss_bytes(studio.proc.pid)
    result = post_streaming(studio.url, path, BIG, headers=headers, chunked=chunked, watch_pid=studio.proc.pid)
    assert result.status == status, result.answer[:300]
    assert json.loads(result.answer)["code"] == code
    assert result.headers.get("connection") == "close"
    growth = result.peak_rss - before
    print(f"rss growth {case}: {growth / MB:.1f} MB after sending {result.sent / MB:.0f} MB")
    assert growth < RSS_GROWTH_LIMIT, f"Studio grew {growth / MB:.1f} MB"
    assert result.sent < BIG   # it stopped reading long before the end
    assert httpx.get(studio.url + "/api/v1/health", timeout=10).status_code == 200


def test_a_browser_page_cannot_post_text_plain_without_a_token(studio):
    rid = make_room(studio)
    r = httpx.post(f"{studio.url}/api/v1/rooms/{rid}/comments", content=b'{"text": "hi"}',
                   headers={"Content-Type": "text/plain"}, timeout=10)
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"


def test_the_wrong_role_is_refused_before_the_body_is_read(studio):
    rid = make_room(studio)
    result = post_streaming(studio.url, f"/api/v1/rooms/{rid}/flash-sales", 50 * MB,
                            headers=studio.headers("moderator"))
    assert result.status == 403 and json.loads(result.answer)["code"] == "forbidden"
    assert result.sent < 50 * MB


def test_a_replay_log_may_be_large_but_not_larger_than_its_limit(studio, monkeypatch):
    rid = make_room(studio)
    line = json.dumps({"t": 0, "nickname": "n", "text": "x" * 200}).encode() + b"\n"
    body = line * 5000   # ~1 MB: above any JSON route's limit, well within the log's
    r = httpx.post(f"{studio.url}/api/v1/rooms/{rid}/audience/replay", content=body,
                   headers=studio.headers("assistant"), params={"speed": 20}, timeout=60)
    assert r.status_code == 200 and r.json()["comments"] == 5000
    too_big = httpx.post(f"{studio.url}/api/v1/rooms/{rid}/comments", content=b'{"text": "' + b"a" * 70_000 + b'"}',
                         headers={**studio.headers("assistant"), "Content-Type": "application/json"}, timeout=10)
    assert too_big.status_code == 413 and too_big.json()["code"] == "too_large"


def test_a_hostile_last_event_id_is_a_422_and_the_connection_stays_open(studio):
    rid = make_room(studio)
    token = studio.tokens["moderator"]
    # "²" is a digit to str.isdigit(), not to int(): it was a 500, which also closed the connection.
    raw = (f"GET /api/v1/rooms/{rid}/events HTTP/1.1\r\nHost: s\r\nAuthorization: Bearer {token}\r\n"
           "Last-Event-ID: \xb2\r\n\r\n"
           f"GET /api/v1/health HTTP/1.1\r\nHost: s\r\n\r\n").encode("latin-1")
    assert exchange(studio.url, raw, responses=2) == [422, 200]


class _App:
    """An app that fails, for the guard's own handling of what escapes it."""

    def __init__(self, fail_after_start: bool) -> None:
        self.fail_after_start = fail_after_start

    async def __call__(self, scope, receive, send):
        if self.fail_after_start:
            await send({"type": "http.response.start", "status": 500, "headers": []})
            await send({"type": "http.response.body", "body": b"{}"})
        raise RuntimeError("a bug")


class _Api:
    class router:
        routes: list = []

    class state:
        context = None


async def _call(guard, *, body_parts=(), headers=()):
    sent: list[dict] = []
    parts = list(body_parts)

    async def receive():
        if parts:
            return parts.pop(0)
        await asyncio.sleep(3600)

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/x", "headers": list(headers), "state": {}}
    await guard(scope, receive, send)
    return sent


@pytest.mark.asyncio
async def test_an_error_escaping_before_an_answer_becomes_a_json_500_and_after_one_is_swallowed():
    sent = await _call(limits.RequestGuard(_App(False), _Api))
    assert sent[0]["status"] == 500 and json.loads(sent[1]["body"])["code"] == "internal"
    sent = await _call(limits.RequestGuard(_App(True), _Api))
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]   # and no exception


@pytest.mark.asyncio
async def test_a_body_that_stops_arriving_is_a_408(monkeypatch):
    monkeypatch.setattr(limits, "BODY_IDLE_S", 0.2)
    guard = limits.RequestGuard(_App(False), _Api)
    sent = await _call(guard, body_parts=[{"type": "http.request", "body": b"ab", "more_body": True}],
                       headers=[(b"transfer-encoding", b"chunked")])
    assert sent[0]["status"] == 408 and (b"connection", b"close") in sent[0]["headers"]
    assert json.loads(sent[1]["body"])["code"] == "request_timeout"
