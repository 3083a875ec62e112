"""Viewer sign-ups (`POST /api/v1/viewers`, no token): limited per client address as uvicorn
resolves it through the proxies Studio is told to trust (--forwarded-allow-ips: behind Caddy every
peer is Caddy), and in all; viewers who never changed anything are pruned once their token expired."""

from __future__ import annotations

import httpx
import pytest

from anchor_console.cli import build_parser
from anchor_console.studio import server
from anchor_console.studio.api import create_app, served
from anchor_console.studio.connections import ConnectionGuard
from anchor_console.studio.demo import ensure_demo_room
from anchor_console.studio.migrations import VIEWER_TOKEN_TTL_S
from anchor_console.studio.routes.context import SIGNUPS_PER_MINUTE, TokenBucket
from anchor_console.studio.services import Studio
from support.postgres import studio_database

CADDY = ("172.31.250.2", 43210)   # the proxy's address on the compose file's edge network


@pytest.fixture
def studio(tmp_path):
    s = Studio(str(studio_database(tmp_path, "signups")))
    yield s
    s.store.close()


def through_uvicorn(studio: Studio, *options: str) -> tuple[httpx.AsyncClient, object]:
    """Studio's app as uvicorn serves it with these command-line options, reached from Caddy's address."""
    args = build_parser().parse_args(["studio", *options])
    assert server._proxies_refusal(args) is None
    app = create_app(studio)
    config = server.uvicorn_config(args, served(app), ConnectionGuard(100), None)
    config.load()
    transport = httpx.ASGITransport(app=config.loaded_app, client=CADDY)
    return httpx.AsyncClient(transport=transport, base_url="http://studio"), app.state.context


async def join(client: httpx.AsyncClient, forwarded_for: str) -> int:
    r = await client.post("/api/v1/viewers", json={"nickname": "观众"}, headers={"X-Forwarded-For": forwarded_for})
    return r.status_code


@pytest.mark.asyncio
async def test_behind_a_trusted_proxy_each_client_has_its_own_sign_up_limit(studio):
    untrusted, context = through_uvicorn(studio)
    context.join_limit = TokenBucket(rate=0.001, burst=1)
    async with untrusted:   # the defect: every sign-up counted as Caddy's
        assert [await join(untrusted, "203.0.113.1"), await join(untrusted, "198.51.100.7")] == [201, 429]
    trusted, context = through_uvicorn(studio, "--forwarded-allow-ips=172.31.250.0/24")
    context.join_limit = TokenBucket(rate=0.001, burst=1)
    async with trusted:
        assert [await join(trusted, a) for a in ("203.0.113.1", "203.0.113.1", "198.51.100.7")] == [201, 429, 201]
        # Caddy appends the peer it saw; what a client wrote before it is not believed.
        assert await join(trusted, "198.51.100.99, 203.0.113.1") == 429
        # An IPv6 client counts by its /64.
        assert [await join(trusted, a) for a in ("2001:db8::1", "2001:db8::2", "2001:db8:0:1::1")] == [201, 429, 201]


def test_a_proxy_list_that_is_not_addresses_is_refused_at_start():
    args = build_parser().parse_args(["studio", "--forwarded-allow-ips=caddy,10.0.0.0/8"])
    assert "'caddy'" in server._proxies_refusal(args)
    assert server._proxies_refusal(build_parser().parse_args(["studio"])) is None


@pytest.mark.asyncio
async def test_sign_ups_from_every_address_together_are_capped(studio):
    client, context = through_uvicorn(studio, "--forwarded-allow-ips=172.31.250.0/24")
    # One address may take only part of what all take together, whatever it sends.
    assert context.join_limit.rate < context.signup_limit.rate == SIGNUPS_PER_MINUTE / 60
    context.signup_limit = TokenBucket(rate=0.001, burst=3)
    async with client:
        codes = [await join(client, f"203.0.113.{i}") for i in range(1, 5)]
        r = await client.post("/api/v1/viewers", json={"nickname": "x"}, headers={"X-Forwarded-For": "192.0.2.1"})
    assert codes == [201, 201, 201, 429]
    assert r.status_code == 429 and r.json()["code"] == "rate_limited" and "sign-ups" in r.json()["message"]
    assert int(r.headers["Retry-After"]) >= 1


@pytest.mark.asyncio
async def test_viewers_who_changed_nothing_are_pruned_with_their_token_once_it_expired(studio):
    room = ensure_demo_room(studio)
    client, _context = through_uvicorn(studio)
    simulated = studio.accounts.create_viewers(["模拟观众"])[0]   # the audience's: no token, never pruned
    async with client:
        idle, reader, buyer = [(await client.post("/api/v1/viewers", json={"nickname": n})).json()
                               for n in ("只注册", "只看", "评论")]
        for v in (idle, reader, buyer):
            v["headers"] = {"Authorization": f"Bearer {v['token']}"}
        assert (await client.get("/api/v1/notifications", headers=reader["headers"])).status_code == 200
        said = await client.post(f"/api/v1/rooms/{room}/comments", json={"text": "有货吗"}, headers=buyer["headers"])
        assert said.status_code == 201
        newest = (await client.post("/api/v1/viewers", json={"nickname": "最新"})).json()
    db = studio.store.db
    assert studio.accounts.prune_idle_viewers() == 0            # nobody's token has expired yet
    signed_up = studio.tokens.wall()
    studio.tokens.wall = lambda: signed_up + VIEWER_TOKEN_TTL_S + 1
    assert studio.accounts.prune_idle_viewers(limit=2) == 2 and studio.accounts.prune_idle_viewers() == 1
    assert studio.accounts.prune_idle_viewers() == 0
    left = {r[0] for r in db.execute("SELECT id FROM viewers")}
    assert left == {simulated, buyer["viewer_id"], newest["viewer_id"]}   # the newest row stays (ids never reused)
    tokens = {r[0] for r in db.execute("SELECT viewer_id FROM access_tokens WHERE viewer_id IS NOT NULL")}
    assert tokens == {buyer["viewer_id"]}
    assert db.execute("SELECT COUNT(*) FROM comments WHERE viewer_id = ?", (buyer["viewer_id"],)).fetchone()[0] == 1
