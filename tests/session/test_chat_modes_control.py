"""The chat modes from the local control API (a Stream Deck key: slow mode on a storm, shield mode
on a raid) against a real Studio: each command is journalled and confirmed, the state document
says the room's modes, bad arguments are answered "invalid" without an action, advertising-law words "refused"."""

from __future__ import annotations

import httpx
import pytest

from anchor_console.room.journal import CONFIRMED
from support.control_api import control_api_client, control_api_session
from support.waiting import until


@pytest.mark.asyncio
async def test_chat_mode_commands_and_the_state_document(session_factory, studio_factory):
    studio, session = await control_api_session(session_factory, studio_factory)
    async with control_api_client(session) as api:
        for name, body in (("slow-mode", {"seconds": 30}), ("followers-only", {"minutes": 10}),
                           ("shield-mode", {"active": True}), ("announce", {"text": "今晚8点抽奖", "color": "green"})):
            r = await api.post(f"/api/v1/commands/{name}", json=body)
            assert r.status_code == 200 and r.json()["status"] == CONFIRMED, (name, r.text)
        r = await api.post("/api/v1/commands/followers-only?minutes=off")    # a Companion key
        assert r.json()["status"] == CONFIRMED, r.text
        # Each mode is confirmed by Studio's answer; the room's own event for it can come a moment later.
        chat = lambda: session.room.state.room.chat   # noqa: E731
        await until(lambda: chat().shield and chat().slow_mode_s == 30 and chat().followers_only_min is None, 10,
                    message="the room does not show the chat modes set")
        room = (await api.get("/api/v1/state")).json()["room"]
        assert (room["slow_mode_s"], room["followers_only_min"], room["shield"]) == (30, None, True)
        for name, body in (("slow-mode", {"seconds": 2}), ("slow-mode", {"seconds": 121}),
                           ("followers-only", {"minutes": 200_000}), ("announce", {"text": ""}),
                           ("announce", {"text": "hi", "color": "red"})):
            r = await api.post(f"/api/v1/commands/{name}", json=body)
            assert r.json()["status"] == "invalid", (name, body, r.text)
        # Advertising-law words hold an announcement back, as in the window (a key cannot ask "send anyway?").
        held = (await api.post("/api/v1/commands/announce", json={"text": "这是全网最低价"})).json()
        assert held["status"] == "refused" and "advertising-law" in held["reason"], held
        names = (await api.get("/api/v1/commands")).json()
        assert {"slow-mode", "followers-only", "shield-mode", "announce"} <= set(names)
    kinds = [e.kind for e in session.journal.entries(limit=50)]
    assert {"set_slow_mode", "set_followers_only", "set_shield_mode", "announce"} <= set(kinds)
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers("anchor")) as c:
        comments = (await c.get(f"/api/v1/rooms/{studio.room_id}/comments", params={"limit": 200})).json()["items"]
    assert [c["announcement"] for c in comments if c["text"] == "今晚8点抽奖"] == ["green"]
    assert not any(c["text"] == "这是全网最低价" for c in comments)
