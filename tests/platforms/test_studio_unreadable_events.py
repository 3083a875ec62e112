"""An event the Studio adapter cannot read (a field missing, a wrong type, not JSON) is skipped and
said once per kind in the log, without its payload; the stream goes on with the next one."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from anchor_console.platforms.studio import StudioPlatform
from anchor_console.platforms.transport import Endpoint

USER = {"id": "v1", "nickname": "n"}


def _frame(event: str, data, event_id: int | None = None) -> str:
    body = data if isinstance(data, str) else json.dumps(data)
    return (f"id: {event_id}\n" if event_id is not None else "") + f"event: {event}\ndata: {body}\n\n"


def _comment(event_id: int, **comment) -> str:
    comment = {"id": event_id, "room_id": 1, "user": USER, "created_at": 1.0, **comment}
    return _frame("comment.created", {"type": "comment.created", "room_id": 1, "ts": 1.0,
                                      "data": {"comment": comment}}, event_id)


@pytest.mark.asyncio
async def test_unreadable_events_are_skipped_and_the_stream_goes_on(caplog):
    def answer(request: httpx.Request) -> httpx.Response:
        body = (_frame("hello", "not json")
                + _comment(1, secret="没有文字的评论")                        # no text
                + _comment(2, text="hi", user=["not", "a", "user"])        # a wrong type
                + _frame("comment.created", "{not json", 3)
                + _frame("stats", {"type": "stats", "room_id": 1, "ts": "later", "data": {}}, 4)
                + _comment(5, text="读得懂"))
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body.encode())

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        platform = StudioPlatform("s", Endpoint("http://studio.test", "t"), client)
        stream = platform.events("1")
        with caplog.at_level(logging.WARNING, logger="anchor_console.platforms.studio"):
            event = await anext(stream)
        await stream.aclose()
    assert (event.id, event.type, event.data["comment"].text) == (5, "comment.created", "读得懂")
    skipped = [r.getMessage() for r in caplog.records if "could not be read" in r.getMessage()]
    assert len(skipped) == 2 and "'comment.created'" in skipped[0] and "'stats'" in skipped[1]   # once per kind
    assert not any("没有文字的评论" in m or "not json" in m for m in skipped)
