"""The control API listens on both loopback addresses, 127.0.0.1 and ::1 (where the computer has
IPv6): another local user could otherwise listen on [::1] at the same port and collect the token
from every client that resolves "localhost" to ::1 first. A ::1 port already taken is a start
failure, said as such, not a server half there."""

from __future__ import annotations

import socket

import httpx
import pytest

from anchor_console.session.control_app import host_name
from support.control_api import control_api_session


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


needs_ipv6 = pytest.mark.skipif(not ipv6_loopback(), reason="no IPv6 loopback here")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@needs_ipv6
@pytest.mark.asyncio
async def test_it_holds_ipv6_loopback_too_so_nobody_else_can(session_factory, studio_factory):
    studio, session = await control_api_session(session_factory, studio_factory)
    port = session.control_api.port
    squatter = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    with squatter, pytest.raises(OSError):
        squatter.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        squatter.bind(("::1", port))
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {session.control_api.token()}"}) as client:
        r = await client.get(f"http://[::1]:{port}/api/v1/state")   # Host: [::1]:port
        assert r.status_code == 200 and "connected" in r.json(), r.text


@needs_ipv6
@pytest.mark.asyncio
async def test_a_taken_ipv6_port_is_a_start_failure_said_as_such(session_factory, studio_factory):
    studio, session = await control_api_session(session_factory, studio_factory)
    port = free_port()
    squatter = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    squatter.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    with squatter:
        squatter.bind(("::1", port))
        squatter.listen(1)
        other = session.control_api.__class__(session)
        problem = await other.start(port)
        assert problem is not None and "::1" in problem.english() and str(port) in problem.english()
        assert not other.running
    with socket.socket() as s:   # nothing was left bound on 127.0.0.1 either
        s.bind(("127.0.0.1", port))


def test_host_names_of_this_computer():
    assert [host_name(h) for h in ("127.0.0.1:8765", "localhost", "[::1]:8765", "[::1]", "LOCALHOST:1")] == \
        ["127.0.0.1", "localhost", "::1", "::1", "localhost"]
    assert [host_name(h) for h in ("::1:8765", "[::1", "[::1]x", "", None, "evil.example:8765")] == \
        [None, None, None, None, None, "evil.example"]
