"""The conformance suite (test_conformance.py) on the YouTube Live adapter, pointed at Studio's
YouTube emulator — only the base URL differs from production: for every capability it declares,
the action works, a repeat with the same key has no second effect and the change reaches the event
stream; every capability it lacks (commerce, room-wide mute, pin, hiding) is refused by name.
Studio's viewers and comments are named as YouTube names them (channel ids, message ids)."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import pytest_asyncio
import test_conformance
from test_conformance import every_capability, key, live_room, module_studio, works_or_is_refused_by_name

from anchor_console.domain.capabilities import Capability
from anchor_console.platforms import errors as pe
from anchor_console.platforms.youtube_auth import SCOPE, YouTubeCredentials
from anchor_console.platforms.youtube_live import YouTubeLivePlatform
from anchor_console.studio.youtube.core import message_id, video_id, viewer_channel

C = Capability


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    with module_studio(tmp_path_factory, "youtube-conformance") as s:
        yield s


def refresh_token(studio) -> str:
    """Google's consent in a browser, done by hand: consent page, Allow, the code from the
    redirect, the token endpoint with the PKCE verifier."""
    client = studio.youtube
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    redirect = "http://127.0.0.1:9/"
    with httpx.Client(base_url=studio.url, timeout=10) as http:
        page = http.get("/o/oauth2/v2/auth", params={
            "client_id": client["client_id"], "redirect_uri": redirect, "response_type": "code", "scope": SCOPE,
            "state": "s1", "code_challenge": challenge, "code_challenge_method": "S256"})
        fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', page.text))
        allowed = http.post("/o/oauth2/v2/auth/decision",
                            data={**{k: unescape(v) for k, v in fields.items()}, "decision": "allow"})
        code = parse_qs(urlsplit(allowed.headers["location"]).query)["code"][0]
        token = http.post("/token", data={"grant_type": "authorization_code", "code": code, "code_verifier": verifier,
                                          "client_id": client["client_id"], "client_secret": client["client_secret"],
                                          "redirect_uri": redirect})
        return token.json()["refresh_token"]


@pytest.fixture(scope="module")
def credentials(studio) -> YouTubeCredentials:
    return YouTubeCredentials(studio.youtube["client_id"], studio.youtube["client_secret"], refresh_token(studio))


def fresh_room(studio) -> str:
    """A live Studio room (through Studio's own API), as YouTube names it: a video id."""
    return video_id(live_room(studio, ()))


@pytest.fixture(autouse=True)
def youtube_names(monkeypatch):
    """The suite posts viewer comments through Studio; the adapter knows them by YouTube's names."""
    plain = test_conformance.post_viewer_comment

    def post(studio, room_id: str, text: str):
        cid, user = plain(studio, str(int(room_id[2:])), text)
        return message_id(int(cid)), viewer_channel(int(user[1:]))

    monkeypatch.setattr(test_conformance, "post_viewer_comment", post)


@pytest_asyncio.fixture
async def adapter(studio, credentials):
    async with httpx.AsyncClient() as client:
        yield YouTubeLivePlatform("conn", credentials, client, base_url=studio.url)


@pytest.mark.asyncio
@every_capability
async def test_capability_works_or_is_refused_by_name(adapter, studio, cap):
    await works_or_is_refused_by_name(adapter, cap, studio, fresh_room(studio))


def test_the_adapter_declares_what_youtube_can_do():
    assert YouTubeLivePlatform.capabilities == {C.ROOMS, C.COMMENT_STREAM, C.DELETE_COMMENT, C.MUTE, C.BAN,
                                                C.POST_AS_STAFF}
    reason = YouTubeLivePlatform("c", YouTubeCredentials("id", "s"), httpx.AsyncClient()).unsupported_reason(C.PIN)
    assert reason is not None and "pin" in reason.english()


@pytest.mark.asyncio
async def test_errors_are_typed(adapter, studio, credentials):
    fresh_room(studio)
    with pytest.raises(pe.NotFound):
        await adapter.snapshot("sR999999999")
    revoked = YouTubeLivePlatform("bad", YouTubeCredentials(credentials.client_id, credentials.client_secret,
                                                            "1//not-a-refresh-token"), adapter.api.transport.client,
                                  base_url=studio.url)
    with pytest.raises(pe.AuthFailed) as info:
        await revoked.list_rooms()
    assert "Sign in again" in info.value.message.english()
    wrong_secret = YouTubeLivePlatform("bad", YouTubeCredentials(credentials.client_id, "nope",
                                                                 credentials.refresh_token),
                                       adapter.api.transport.client, base_url=studio.url)
    with pytest.raises(pe.AuthFailed) as info:
        await wrong_secret.list_rooms()
    assert "client id or secret" in info.value.message.english()
    with pytest.raises(pe.NotSupported):
        await adapter.set_room_mute(fresh_room(studio), True, key=key())
