"""The control API's bounds against any local process, token or not: a cap on open connections
and a first request that must come within seconds (1,100 idle sockets used up the console's
file handles: its journal and platform connections could not open)."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest

from anchor_console.session import control_server
from support.control_api import control_api_session
from support.waiting import until


def closed_by_server(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(1) == b""
    except BlockingIOError:
        return False
    except ConnectionResetError:
        return True


@pytest.mark.asyncio
async def test_idle_connections_are_capped_and_closed(session_factory, studio_factory, monkeypatch):
    monkeypatch.setattr(control_server, "FIRST_REQUEST_S", 0.5)
    studio, session = await control_api_session(session_factory, studio_factory)
    api = session.control_api
    await api.stop()
    assert await api.start(0) is None   # with the short first-request bound
    held = []
    try:
        for _ in range(60):   # idle: nothing sent
            held.append(await asyncio.to_thread(socket.create_connection, ("127.0.0.1", api.port)))
        await until(lambda: sum(closed_by_server(s) for s in held) >= 60 - control_server.MAX_CONNECTIONS, 5,
                    message="connections over the cap were not closed")
        assert len(api._server.server_state.connections) <= control_server.MAX_CONNECTIONS
        await until(lambda: all(closed_by_server(s) for s in held), 5,
                    message="idle connections were not closed after the first-request bound")
        slow = await asyncio.to_thread(socket.create_connection, ("127.0.0.1", api.port))
        held.append(slow)
        slow.sendall(b"GET /api/v1/state HTTP/1.1\r\nHost: 127.0.0.1\r\n")   # a head that never ends
        await until(lambda: closed_by_server(slow), 5, message="a request head that never ends was kept")
        async with httpx.AsyncClient(headers={"Authorization": f"Bearer {api.token()}"}) as client:
            r = await client.get(f"{api.url}/api/v1/state")   # the API still answers
            assert r.status_code == 200, r.text
    finally:
        for s in held:
            s.close()


@pytest.mark.asyncio
async def test_nothing_from_a_browser_even_with_the_token(session_factory, studio_factory):
    """A web page with the token (it was in URLs) could POST a "simple" text/plain request — no
    preflight — or open the state stream; browsers always say their Origin there."""
    import websockets

    studio, session = await control_api_session(session_factory, studio_factory, confirm_money_actions=False)
    api = session.control_api
    token = api.token()
    page = {"Origin": "https://evil.example", "Content-Type": "text/plain;charset=UTF-8"}
    async with httpx.AsyncClient(base_url=api.url) as c:
        for origin in ("https://evil.example", "null", "http://127.0.0.1:8765"):
            r = await c.post("/api/v1/commands/issue-coupon", content=b'{"template_id": "2", "quantity": 5}',
                             headers={**page, "Origin": origin, "Authorization": f"Bearer {token}"})
            assert r.status_code == 403 and r.json()["status"] == "refused" and "web pages" in r.json()["reason"]
        r = await c.post("/api/v1/commands/issue-coupon", content=b'{"template_id": "2", "quantity": 5}',
                         headers={"Content-Type": "text/plain", "Authorization": f"Bearer {token}"})
        assert r.status_code == 415 and "application/json" in r.json()["reason"], r.text
        r = await c.post(f"/api/v1/commands/clear-stage?token={token}")   # no ?token= but on the stream
        assert r.status_code == 401
    assert [e.kind for e in session.journal.entries()].count("issue_coupon") == 0
    stream = api.url.replace("http", "ws") + f"/api/v1/state/stream?token={token}"
    with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
        async with websockets.connect(stream, origin="https://evil.example"):
            pass
    assert refused.value.response.status_code == 403
    async with websockets.connect(stream) as ws:   # Companion's module sends no Origin
        assert (await asyncio.wait_for(ws.recv(), 10))
