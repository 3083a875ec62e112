"""Starting the control API reports success only once uvicorn serves (it answered "on" and then
died when its WebSocket protocol could not load — uvicorn older than 0.35 — leaving keys without
an answer and Settings saying it was on), and an end nobody asked for is said."""

from __future__ import annotations

import socket

import httpx
import pytest

from anchor_console.session import control_api as control_api_module
from support.control_api import control_api_session
from support.waiting import until


@pytest.mark.asyncio
async def test_a_server_that_cannot_start_is_a_problem_not_success(session_factory, studio_factory, monkeypatch):
    studio, session = await control_api_session(session_factory, studio_factory)
    api = session.control_api
    await api.stop()
    seen = []
    api.changed.connect(lambda running, problem: seen.append((running, problem)))
    monkeypatch.setattr(control_api_module, "WS_PROTOCOL", "no-such-protocol")   # what uvicorn < 0.35 lacked
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    problem = await api.start(port)
    assert problem is not None and "could not start" in problem.english() and not api.running
    assert seen[-1] == (False, problem) and api.port is None
    with socket.socket() as s:   # nothing left listening
        s.bind(("127.0.0.1", port))
    monkeypatch.undo()
    assert await api.start(0) is None and api.running   # and it starts once it can


@pytest.mark.asyncio
async def test_an_unexpected_end_is_said(session_factory, studio_factory):
    studio, session = await control_api_session(session_factory, studio_factory)
    api = session.control_api
    port = api.port
    seen, notices = [], []
    api.changed.connect(lambda running, problem: seen.append((running, problem)))
    session.notices.connect(notices.append)
    api._server.should_exit = True   # uvicorn ends by itself (not through stop())
    await until(lambda: not api.running, 10, message="the end was not noticed")
    assert seen and seen[-1][0] is False and "stopped unexpectedly" in seen[-1][1].english()
    assert api.problem is seen[-1][1] and [n.text for n in notices if n.key == "control-api"] == [api.problem]
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient() as c:
            await c.get(f"http://127.0.0.1:{port}/api/v1/asyncapi.json")
    assert await api.apply() is None and api.running   # Save in Settings starts it again
