"""An OAuth platform that replaces its refresh token on every refresh (Twitch, TikTok Shop) hands
the new one to the session, which keeps it in the keyring under the connection's own entry — so the
next start signs in with it, not with the used-up one."""

from __future__ import annotations

import pytest

from anchor_console.session.platform_kinds import credential_key
from anchor_console.session.settings import ConnectionSettings, Settings


@pytest.mark.asyncio
async def test_a_renewed_sign_in_is_kept_under_its_connections_keyring_entry(session_factory):
    twitch = ConnectionSettings(id="tw", name="Twitch", kind="twitch", url="http://127.0.0.1:9", room_id="1",
                                appid="abcdefghijklmnopqrstuvwxyz0123", enabled=False)
    shop = ConnectionSettings(id="tt", name="Shop", kind="tiktok_shop", url="http://127.0.0.1:9", room_id="shop",
                              appid="6abcdef", enabled=False)
    session = await session_factory(Settings(connections=[twitch, shop]), wait_loaded=False)
    keep = session.platform_context().keep_secret
    keep("tw", '{"refresh_token": "new-1"}')
    keep("tt", '{"app_secret": "s", "refresh_token": "new-2"}')
    keep("gone", "nothing")   # a connection removed meanwhile: nothing is written
    assert credential_key(twitch) == "tw:twitch" and credential_key(shop) == "tt:tiktok"
    assert session.tokens.get("tw:twitch") == '{"refresh_token": "new-1"}'
    assert session.tokens.get("tt:tiktok") == '{"app_secret": "s", "refresh_token": "new-2"}'
    assert session.tokens.get("tw:appsecret") is None and session.tokens.get("gone") is None
