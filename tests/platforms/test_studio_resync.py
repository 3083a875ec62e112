"""The Studio adapter follows Studio's `resync` (a client too far behind is not replayed the whole
backlog): it reports `stream.resync`, so the room reloads its snapshot, and goes on from the id
Studio names; `closed` (its token was revoked) ends the stream without an event."""

from __future__ import annotations

import json

import httpx
import pytest

from anchor_console.platforms.studio import StudioPlatform
from anchor_console.platforms.transport import Endpoint


def _frame(event: str, data: dict, event_id: int | None = None) -> str:
    return (f"id: {event_id}\n" if event_id is not None else "") + f"event: {event}\ndata: {json.dumps(data)}\n\n"


@pytest.mark.asyncio
async def test_a_resync_reloads_and_continues_from_where_studio_says():
    asked: list[str | None] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request.headers.get("Last-Event-ID"))
        comment = {"id": 9, "room_id": 1, "user": {"id": "v1", "nickname": "n"}, "text": "hi", "created_at": 1.0,
                   "is_staff": False, "pinned": False, "hidden": False, "deleted": False}
        body = (_frame("hello", {"last_event_id": 500_000}) + _frame("resync", {"last_event_id": 500_000})
                + _frame("comment.created", {"id": 500_001, "type": "comment.created", "room_id": 1, "ts": 1.0,
                                             "data": {"comment": comment}}, 500_001)
                + _frame("closed", {"code": "token_revoked", "message": "revoked"}))
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body.encode())

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        platform = StudioPlatform("s", Endpoint("http://studio.test", "t"), client)
        stream = platform.events("1", last_event_id=7)
        first, second = await anext(stream), await anext(stream)
        await stream.aclose()
    assert asked == ["7"]
    assert first.type == "stream.resync"
    assert (second.id, second.type, second.data["comment"].text) == (500_001, "comment.created", "hi")
