"""The `tiktok_shop` connection kind: what the Connections dialog offers (an app key, an app secret,
Sign in), what the keyring keys are, what a usable connection needs, the adapter it builds, and the
sign-in hook: the seller authorization against Studio's pages, the keyring's JSON as the result."""

from __future__ import annotations

import json

import httpx
import pytest

from anchor_console.domain.clock import SystemClock
from anchor_console.platforms.tiktok_client import API_BASE, TikTokCredentials
from anchor_console.platforms.tiktok_shop import TikTokShopPlatform
from anchor_console.session import platform_kinds as pk
from anchor_console.session.settings import ConnectionSettings


def conn(**kw) -> ConnectionSettings:
    fields = {"url": API_BASE, "room_id": "shop", "appid": "6abcdef", **kw}
    return ConnectionSettings(id="c1", name="My TikTok Shop", kind="tiktok_shop", **fields)


def test_the_kind_is_offered_with_a_sign_in_and_its_own_keyring_entry():
    kind = pk.KINDS["tiktok_shop"]
    assert kind.sign_in is not None and kind.default_room == "shop" and kind.default_url == API_BASE
    assert kind.credential.english() == "App secret"
    assert pk.credential_key(conn()) == "c1:tiktok" and "c1:tiktok" in pk.all_credential_keys("c1")
    assert pk.problem(conn()) is None
    no_key = ConnectionSettings(id="c1", name="x", kind="tiktok_shop", url=API_BASE, room_id="shop", appid="")
    assert "app key" in pk.problem(no_key).english()
    assert "Sign in" in pk.missing_credential(conn()).english()


@pytest.mark.asyncio
async def test_the_adapter_is_built_from_the_keyrings_json(tmp_path):
    secret = TikTokCredentials("6abcdef", "s3cret", "RFR_x").keyring_secret()
    async with httpx.AsyncClient() as http:
        platform = pk.build_platform(conn(), secret, pk.BuildContext(http, SystemClock(), ledger_dir=tmp_path))
        assert isinstance(platform, TikTokShopPlatform) and platform.display_name == "My TikTok Shop"
        assert platform.api.credentials == TikTokCredentials("6abcdef", "s3cret", "RFR_x")
        assert platform.api.auth_base == "https://auth.tiktok-shops.com"
        assert platform.deals.ledger.durable


@pytest.mark.asyncio
async def test_sign_in_uses_studios_pages_for_a_studio_url_and_returns_the_keyring_json(monkeypatch):
    seen = {}

    async def fake_sign_in(http, app_key, app_secret, open_url, **kw):
        seen.update(app_key=app_key, app_secret=app_secret, **kw)
        return TikTokCredentials(app_key, app_secret, "RFR_new")

    monkeypatch.setattr(pk, "tiktok_sign_in", fake_sign_in)
    async with httpx.AsyncClient() as http:
        ctx = pk.SignInContext(http, SystemClock(), open_url=lambda url: None, credential="s3cret")
        stored = await pk.KINDS["tiktok_shop"].sign_in(conn(url="http://127.0.0.1:9999", appid="6abcdef/7123"), ctx)
    assert json.loads(stored) == {"app_secret": "s3cret", "refresh_token": "RFR_new"}
    assert (seen["app_key"], seen["service_id"], seen["auth_base"], seen["authorize_page"]) == (
        "6abcdef", "7123", "http://127.0.0.1:9999", "http://127.0.0.1:9999/open/authorize")
    assert "s3cret" not in repr(ctx)


@pytest.mark.asyncio
async def test_test_connection_lists_the_shop_and_what_the_app_may_do(tmp_path):
    from support.tiktok_world import BASE, TikTokWorld

    from anchor_console.session.connection_check import check_connection

    world = TikTokWorld(tmp_path)
    signed_in = TikTokCredentials(world.app_key, world.app_secret, world.grant()["refresh_token"]).keyring_secret()
    ctx = pk.BuildContext(world.http, world.clock)
    report = await check_connection(conn(url=BASE, appid=world.app_key), signed_in, ctx)
    assert report.failure is None and [r.title for r in report.rooms] == ["Studio TikTok Shop"]
    assert all(area.refusal is None for area in report.areas) and len(report.areas) == 3
    not_yet = await check_connection(conn(url=BASE, appid=world.app_key), world.app_secret, ctx)
    assert "press Sign in" in not_yet.failure.english()
    await world.aclose()
