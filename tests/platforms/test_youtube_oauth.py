"""Signing in to YouTube end to end against Studio's emulator: the loopback listener on a free port,
the consent page read and its Allow pressed (httpx as the browser), the redirect with code and
state, the code exchanged with its PKCE verifier, the refresh token kept — and what goes wrong:
Cancel, a forged state, a timeout, a revoked refresh token, expired access tokens (401 → refresh
once), a sign-in without the permission YouTube needs (403 insufficientPermissions), and one where
the person unticked that permission on the consent page (said at sign-in)."""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from support.world_fixture import world_fixture
from support.youtube_world import BASE, World, query_of

from anchor_console.platforms import errors as pe
from anchor_console.platforms.youtube_auth import (
    SCOPE, YouTubeCredentials, consent_url, endpoints_for, pkce_pair, sign_in,
)
from anchor_console.session.platform_kinds import KINDS, YOUTUBE, SignInContext, credential_key, problem
from anchor_console.session.settings import ConnectionSettings


world = world_fixture(World)


async def signing_in(world: World, *, allow: bool = True, grant: str | None = None, **kw) -> YouTubeCredentials:
    opened: list[str] = []
    task = asyncio.create_task(sign_in(world.http, world.client["client_id"], world.client["client_secret"], BASE,
                                       opened.append, **kw))
    while not opened:
        await asyncio.sleep(0.01)
    query = query_of(opened[0])
    assert query["code_challenge_method"] == "S256" and query["redirect_uri"].startswith("http://127.0.0.1:")
    assert query["scope"] == " ".join(kw.get("scopes", (SCOPE,))) and query["access_type"] == "offline"
    back = await world.browser_allows(opened[0], allow=allow, grant=grant)
    assert back.status_code == 200
    return await task


@pytest.mark.asyncio
async def test_sign_in_through_the_consent_page_yields_a_refresh_token_that_works(world):
    page = await world.http.get(consent_url(endpoints_for(BASE), world.client["client_id"], "http://127.0.0.1:5/",
                                            "st", pkce_pair()[1]))
    assert "Allow" in page.text and "YouTube" in page.text      # the scope is explained
    credentials = await signing_in(world)
    assert credentials.refresh_token.startswith("1//")
    assert credentials.client_secret not in repr(credentials) and credentials.refresh_token not in repr(credentials)
    kept = json.loads(credentials.keyring_value())
    assert YouTubeCredentials.from_keyring(credentials.client_id, credentials.keyring_value()) == credentials
    assert set(kept) == {"client_secret", "refresh_token"}
    rooms = await world.adapter(credentials).list_rooms()
    assert [r.id for r in rooms] == [world.video]


@pytest.mark.asyncio
async def test_cancel_in_the_browser_is_said(world):
    with pytest.raises(pe.AuthFailed) as info:
        await signing_in(world, allow=False)
    assert "access_denied" in info.value.message.english()


@pytest.mark.asyncio
async def test_a_permission_unticked_at_consent_is_said_at_sign_in(world):
    """Google's granular consent ("Step 6: Check which scopes users granted"): a sign-in without
    youtube.force-ssl is refused at once, not at the first moderation."""
    with pytest.raises(pe.AuthFailed) as info:
        await signing_in(world, grant="https://www.googleapis.com/auth/youtube.readonly")
    assert "leave that permission ticked" in info.value.message.english()


@pytest.mark.asyncio
async def test_nobody_allowing_times_out(world):
    with pytest.raises(pe.AuthFailed) as info:
        await sign_in(world.http, world.client["client_id"], world.client["client_secret"], BASE, lambda url: None,
                      timeout_s=0.2)
    assert "within" in info.value.message.english()


@pytest.mark.asyncio
async def test_the_token_endpoint_checks_the_pkce_verifier_and_uses_a_code_once(world):
    verifier, challenge = pkce_pair()
    url = consent_url(endpoints_for(BASE), world.client["client_id"], "http://127.0.0.1:9/", "st", challenge)
    page = await world.http.get(url)
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', page.text))
    fields["scope"] = SCOPE
    allowed = await world.http.post("/o/oauth2/v2/auth/decision", data={**fields, "decision": "allow"})
    code = query_of(allowed.headers["location"])["code"]
    form = {"grant_type": "authorization_code", "code": code, "client_id": world.client["client_id"],
            "client_secret": world.client["client_secret"], "redirect_uri": "http://127.0.0.1:9/"}
    wrong = await world.http.post("/token", data={**form, "code_verifier": pkce_pair()[0]})
    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")   # the code is spent too
    again = await world.http.post("/token", data={**form, "code_verifier": verifier})
    assert again.json()["error"] == "invalid_grant"


@pytest.mark.asyncio
async def test_an_expired_access_token_is_refreshed_once_and_a_revoked_sign_in_says_sign_in_again(world):
    yt = world.adapter(await world.signed_in())
    await yt.list_rooms()
    world.youtube.oauth.expire_tokens()                    # 401 authError on the next call
    assert await yt.list_rooms()
    world.clock.advance(3600)                             # past the access token's life: refreshed before
    assert await yt.list_rooms()
    world.youtube.oauth.revoke_refresh_tokens()
    world.youtube.oauth.expire_tokens()
    with pytest.raises(pe.AuthFailed) as info:
        await yt.list_rooms()
    assert "Sign in again" in info.value.message.english()


@pytest.mark.asyncio
async def test_a_read_only_sign_in_cannot_moderate(world):
    yt = world.adapter(await signing_in(world, scopes=("https://www.googleapis.com/auth/youtube.readonly",)))
    await yt.snapshot(world.video)
    with pytest.raises(pe.NotPermitted) as info:
        await yt.post_comment(world.video, "hi", key="k")
    assert info.value.code == "insufficientPermissions" and "Sign in" in info.value.message.english()


@pytest.mark.asyncio
async def test_the_connection_kind_signs_in_and_keeps_only_public_parts_in_the_settings(world):
    kind = KINDS[YOUTUBE]
    conn = ConnectionSettings(id="yt1", name="YouTube", kind=YOUTUBE, url=BASE, appid=world.client["client_id"],
                              room_id=world.video)
    assert problem(conn) is None and credential_key(conn) != conn.id
    opened: list[str] = []
    ctx = SignInContext(world.http, world.clock, open_url=opened.append, credential=world.client["client_secret"])
    task = asyncio.create_task(kind.sign_in(conn, ctx))
    while not opened:
        await asyncio.sleep(0.01)
    await world.browser_allows(opened[0])
    secret = await task
    assert json.loads(secret)["refresh_token"]
    assert world.client["client_secret"] not in repr(conn)     # the settings hold the public client id only
    bad = ConnectionSettings(id="yt2", name="YouTube", kind=YOUTUBE, url=BASE, appid="wx123456", room_id="x")
    assert "googleusercontent" in problem(bad).english()


@pytest.mark.asyncio
async def test_test_connection_signs_in_and_lists_the_broadcasts(world):
    from anchor_console.session.connection_check import check_connection
    from anchor_console.session.platform_kinds import BuildContext

    credentials = await world.signed_in()
    conn = ConnectionSettings(id="yt1", name="YouTube", kind=YOUTUBE, url=BASE, appid=credentials.client_id,
                              room_id="")
    ctx = BuildContext(world.http, world.clock)
    report = await check_connection(conn, credentials.keyring_value(), ctx)
    assert report.ok and [r.id for r in report.rooms] == [world.video]
    assert "does not support" not in report.summary().english() or "coupons" in report.summary().english()
    unsigned = await check_connection(conn, world.client["client_secret"], ctx)    # typed, never signed in
    assert not unsigned.ok and "Sign in" in unsigned.summary().english()
    assert ctx.units("yt1") is ctx.units("yt1")          # the day's units survive a rebuild of the adapter
