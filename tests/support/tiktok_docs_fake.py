"""A fake TikTok Shop answering each path with documented examples (tests/platforms/tiktok_docs),
and the adapter wired to it: shared by the tests that judge the adapter by TikTok's examples."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from support.doc_examples import doc_examples

from anchor_console.platforms.tiktok_client import TikTokCredentials
from anchor_console.platforms.tiktok_shop import TikTokShopPlatform

DOCS = Path(__file__).parents[1] / "platforms" / "tiktok_docs"
SECRET = "my-app-secret"
doc = doc_examples(DOCS)


class FakeTikTok:
    """Answers each path with a documented example; records what was sent."""

    def __init__(self, answers: dict[tuple[str, str], list[dict] | dict]) -> None:
        self.answers = {k: (v if isinstance(v, list) else [v]) for k, v in answers.items()}
        self.sent: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        key = (request.method, request.url.path)
        queue = self.answers.get(key)
        if not queue:
            return httpx.Response(404, json={"code": 404, "message": "no such path"})
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        return httpx.Response(200, json=answer)


TOKEN = {"code": 0, "message": "success", "request_id": "x",
         "data": {"access_token": "ROW_access", "access_token_expire_in": int(time.time()) + 604800,
                  "refresh_token": "RFR_refresh", "refresh_token_expire_in": int(time.time()) + 5184000,
                  "seller_name": "Maomao beauty shop"}}


@asynccontextmanager
async def shop(answers: dict) -> AsyncIterator[tuple[TikTokShopPlatform, FakeTikTok]]:
    """The adapter on a fake answering with `answers`, and the fake (what was sent); closed on leaving."""
    fake = FakeTikTok(answers)
    creds = TikTokCredentials("6abc", SECRET, "RFR_refresh")
    async with httpx.AsyncClient(transport=httpx.MockTransport(fake)) as client:
        yield TikTokShopPlatform("conn", creds, client, base_url="https://open-api.test",
                                 auth_base="https://auth.test"), fake


def base_answers(more: dict | None = None) -> dict:
    return {("GET", "/api/v2/token/refresh"): TOKEN,
            ("GET", "/authorization/202309/shops"): doc("get_authorized_shops.json")["response"], **(more or {})}
