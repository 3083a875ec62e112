"""What the Twitch tests share: a Studio (with --chaos) whose Twitch emulator they drive, the
device-code sign-in done as a user would (the activation page fetched, the code typed, Authorize
pressed), the adapter built as production builds it, with Studio's address for all three of
Twitch's hosts, and a scripted EventSub socket for the tests that need no Studio."""

from __future__ import annotations

import asyncio
import re

import httpx

from anchor_console.platforms.twitch import TwitchPlatform
from anchor_console.platforms.twitch_auth import device_sign_in, read_secret


def control(studio, **settings) -> dict:
    with studio.client("anchor") as c:
        r = c.put("/api/v1/_twitch", json=settings)
        assert r.status_code == 200, r.text
        return r.json()


async def press_authorize(client: httpx.AsyncClient, url: str, user_code: str, *, user_login: str | None = None,
                          decision: str = "authorize") -> httpx.Response:
    """The user on the activation page: reads it, types the code, picks the account, presses the button."""
    page = await client.get(url)
    assert page.status_code == 200 and "Authorize" in page.text
    options = {login: uid for uid, login in re.findall(r'<option value="(\d+)">[^<]*\((\w+)\)</option>', page.text)}
    action = re.search(r'<form method="post" action="([^"]+)"', page.text).group(1)
    base = url.split("/activate")[0]
    return await client.post(base + action, data={"user_code": user_code, "decision": decision,
                                                  "user_id": options[user_login] if user_login else
                                                  next(iter(options.values()))})


async def sign_in(studio, client: httpx.AsyncClient, *, user_login: str | None = None) -> str:
    """The keyring secret a real sign-in leaves, through the emulator's device flow and page."""
    shown: list[tuple[str, str]] = []
    opened: list[str] = []
    pressed: list[httpx.Response] = []

    async def user_acts_while_we_wait(seconds: float) -> None:
        if not pressed:
            code, url = shown[0]
            assert opened == [url]
            pressed.append(await press_authorize(client, url, code, user_login=user_login or
                                                 studio.twitch["sign_in_as"]))
            assert pressed[0].status_code == 200 and "Success" in pressed[0].text

    signed = await device_sign_in(client, studio.twitch["client_id"], show_code=lambda c, u: shown.append((c, u)),
                                  open_url=opened.append, id_base=studio.url, sleep=user_acts_while_we_wait)
    return signed.secret(studio.twitch["client_id"])


def make_adapter(studio, client: httpx.AsyncClient, secret: str, **kw) -> TwitchPlatform:
    client_id, refresh = read_secret(secret)
    ws = studio.url.replace("http", "ws", 1) + "/ws"
    return TwitchPlatform("conn", client_id, refresh, client, display_name="Twitch", helix_base=studio.url + "/helix",
                          id_base=studio.url, eventsub_url=ws, **kw)


class ScriptedSocket:
    """A websocket that yields these frames, then stays open (or closes, if `then_close`)."""

    def __init__(self, frames: list[str], then_close: bool = False) -> None:
        self.frames, self.then_close = list(frames), then_close
        self.closed = asyncio.Event()

    def __aiter__(self):
        return self

    async def __anext__(self) -> str:
        if self.frames:
            await asyncio.sleep(0)
            return self.frames.pop(0)
        if self.then_close:
            raise StopAsyncIteration
        await self.closed.wait()
        raise StopAsyncIteration

    async def close(self) -> None:
        self.closed.set()


def channel_of(studio, room_id: int) -> str:
    return str(700_000_000 + int(room_id))
