"""Token answers that are not the platform's, for every adapter that fetches a token: a hotel
Wi-Fi's login page (HTML with 200) is "unavailable", and a token answer without its token is
"sign in again" — each a PlatformError in words, never a JSONDecodeError or a KeyError."""

from __future__ import annotations

import random

import httpx
import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.platforms import errors as pe
from anchor_console.platforms.tiktok_auth import refresh_access_token
from anchor_console.platforms.twitch_auth import TokenHolder, device_sign_in
from anchor_console.platforms.wechat_auth import WeChatCredentials
from anchor_console.platforms.wechat_client import WeChatClient
from anchor_console.platforms.youtube_auth import AccessTokens, YouTubeCredentials, endpoints_for

PORTAL = httpx.Response(200, headers={"content-type": "text/html"}, text="<html>Please log in to the Wi-Fi</html>")


async def twitch(http: httpx.AsyncClient) -> None:
    await TokenHolder(http, "client", "refresh-token").current()


async def twitch_device(http: httpx.AsyncClient) -> None:
    async def no_sleep(seconds: float) -> None:
        pass

    await device_sign_in(http, "client", show_code=lambda c, u: None, open_url=lambda u: None, sleep=no_sleep)


async def youtube(http: httpx.AsyncClient) -> None:
    await AccessTokens(http, endpoints_for("http://yt.test"), YouTubeCredentials("id", "secret", "refresh"),
                       lambda: 0.0).current()


async def tiktok(http: httpx.AsyncClient) -> None:
    await refresh_access_token(http, "http://auth.test", "key", "secret", "refresh", platform="TikTok Shop", now=0.0)


async def wechat(http: httpx.AsyncClient) -> None:
    async def no_sleep(seconds: float) -> None:
        pass

    client = WeChatClient(WeChatCredentials("wx1", "secret"), http, platform_name="WeChat", base_url="http://wx.test",
                          clock=ManualClock(), sleep=no_sleep, rng=random.Random(1))
    await client.tokens.current()


# What each token endpoint answers with 200 when it gives no token (its own envelope, if any).
WITHOUT_TOKEN = {
    twitch: {"token_type": "bearer"},
    twitch_device: {"device_code": "d", "user_code": "U", "verification_uri": "http://x", "interval": 0},
    youtube: {"token_type": "Bearer", "expires_in": 3599},
    tiktok: {"code": 0, "message": "success", "data": {"access_token_expire_in": 3600}},
    wechat: {"expires_in": 7200},
}


@pytest.mark.asyncio
@pytest.mark.parametrize("fetch", [twitch, twitch_device, youtube, tiktok, wechat], ids=lambda f: f.__name__)
async def test_a_captive_portals_page_is_unavailable_in_words(fetch):
    async with httpx.AsyncClient(transport=httpx.MockTransport(lambda request: PORTAL)) as http:
        with pytest.raises(pe.PlatformError) as info:
            await fetch(http)
    if fetch is not wechat:   # WeChat's transport already calls an unreadable 200 "no answer"
        assert isinstance(info.value, pe.Unavailable)
        assert info.value.message.english() == pe.UNREADABLE_ANSWER.english()


@pytest.mark.asyncio
@pytest.mark.parametrize("fetch", list(WITHOUT_TOKEN), ids=lambda f: f.__name__)
async def test_a_token_answer_without_a_token_asks_to_sign_in_again(fetch):
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/device":
            return httpx.Response(200, json=WITHOUT_TOKEN[twitch_device])
        return httpx.Response(200, json=WITHOUT_TOKEN[fetch])

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        with pytest.raises(pe.AuthFailed) as info:
            await fetch(http)
    assert info.value.message.english() == pe.NO_ACCESS_TOKEN.english()


@pytest.mark.asyncio
async def test_a_device_code_answer_without_its_code_is_unavailable_in_words():
    answer = httpx.Response(200, json={"user_code": "U"})
    async with httpx.AsyncClient(transport=httpx.MockTransport(lambda request: answer)) as http:
        with pytest.raises(pe.Unavailable) as info:
            await twitch_device(http)
    assert info.value.message.english() == pe.UNREADABLE_ANSWER.english()
