"""Studio's TikTok Shop emulator, strict like TikTok: every Partner API call signed and checked
(app key, timestamp, signature, token, scope, shop cipher, body), tokens from a one-time auth code,
the authorization page with its Authorize button and redirect, and promotion activities through
their documented statuses (DRAFT, NOT_START, ONGOING, EXPIRED, DEACTIVATED) on Studio's own flash
sales. The seller authorization is also run end to end: the console's loopback listener, the page,
the code, the tokens."""

from __future__ import annotations

import asyncio
import re
import urllib.parse

import httpx
import pytest
from support.tiktok_world import TikTokWorld, world_with_a_live_room
from support.world_fixture import world_fixture

from anchor_console.platforms import errors as pe
from anchor_console.platforms.tiktok_auth import sign_in
from anchor_console.platforms.tiktok_client import TikTokCredentials

A = "/promotion/202309/activities"


world = world_fixture(world_with_a_live_room)


async def create(world: TikTokWorld, title: str = "Flash deal 1", *, begin: int | None = None, length: int = 600,
                 **kw) -> dict:
    start = int(world.now()) if begin is None else begin
    body = {"title": title, "activity_type": "FLASHSALE", "product_level": "VARIATION", "begin_time": start,
            "end_time": start + length, "participation_limit": [{"type": "BUYER_NO_LIMIT"}], **kw}
    return await world.call("POST", A, body)


def products(price: str = "99.00", limit: int = 5, per_user: int = 1) -> dict:
    return {"products": [{"id": "1001", "skus": [{"id": "10012", "activity_price_amount": price,
                                                 "quantity_limit": limit, "quantity_per_user": per_user}]}]}


async def status_of(world: TikTokWorld, activity_id: str) -> str:
    return (await world.call("GET", f"{A}/{activity_id}"))["data"]["status"]


# ---------------------------------------------------------------------------------- activities

@pytest.mark.asyncio
async def test_an_activity_goes_through_the_documented_statuses(world):
    made = await create(world, begin=int(world.now()) + 120)
    assert made["code"] == 0 and set(made) == {"code", "message", "request_id", "data"}
    activity_id = made["data"]["activity_id"]
    assert made["data"]["status"] == "DRAFT"
    assert (await world.call("PUT", f"{A}/{activity_id}/products", products()))["code"] == 0
    assert await status_of(world, activity_id) == "NOT_START"
    world.time.advance(121)
    assert await status_of(world, activity_id) == "ONGOING"
    world.time.advance(600)
    assert await status_of(world, activity_id) == "EXPIRED"
    assert (await world.call("POST", f"{A}/{activity_id}/deactivate", {}))["code"] == 17029012


@pytest.mark.asyncio
async def test_a_flash_sale_activity_is_a_studio_flash_sale_the_audience_buys(world):
    activity_id = (await create(world))["data"]["activity_id"]
    await world.call("PUT", f"{A}/{activity_id}/products", products(limit=5, per_user=2))
    again = await world.call("PUT", f"{A}/{activity_id}/products", products(limit=5, per_user=2))
    assert again["code"] == 0   # a "set to": the same products again make no second sale
    sales = [s for r in world.studio.rooms.live_room_ids() for s in world.studio.flash_sales.list_in_room(r)]
    (sale,) = sales
    assert (sale["product_id"], sale["sku_id"], sale["sale_price_fen"], sale["stock"], sale["per_buyer_limit"],
            sale["state"]) == (1001, 10012, 9900, 5, 2, "live")
    viewer = world.studio.accounts.join_as_viewer("买家")["viewer_id"]
    world.studio.flash_sales.buy(sale["room_id"], sale["id"], viewer, 2)
    assert (await world.call("POST", f"{A}/{activity_id}/deactivate", {}))["code"] == 0
    assert await status_of(world, activity_id) == "DEACTIVATED"
    assert world.studio.flash_sales.get(sale["id"])["state"] == "ended"


@pytest.mark.asyncio
async def test_the_promotion_rules_and_search(world):
    assert (await create(world, "dup"))["code"] == 0
    assert (await create(world, "dup"))["code"] == 17029004                       # titles are unique
    assert (await create(world, "past", begin=int(world.now()) - 3600))["code"] == 17029005
    # TikTok allows no skew: a begin a second past is refused (Studio allowed a minute)
    assert (await create(world, "just past", begin=int(world.now()) - 1))["code"] == 17029005
    assert (await create(world, "long", length=4 * 86400))["code"] == 17029006
    assert (await create(world, "x" * 51))["code"] == 36009004
    activity_id = (await create(world, "rules"))["data"]["activity_id"]
    for bad in (products(price="159.00"), products(price="0"), products(limit=0), products(limit=100000)):
        assert (await world.call("PUT", f"{A}/{activity_id}/products", bad))["code"] == 17029001
    missing = {"products": [{"id": "999999", "skus": [{"id": "1", "activity_price_amount": "1.00"}]}]}
    assert (await world.call("PUT", f"{A}/{activity_id}/products", missing))["code"] == 12052048
    found = await world.call("POST", f"{A}/search", {"activity_title": "dup", "page_size": 10})
    assert [a["title"] for a in found["data"]["activities"]] == ["dup"]
    assert (await world.call("POST", f"{A}/search", {"page_size": 101}))["code"] == 36009004
    assert (await world.call("GET", f"{A}/42"))["code"] == 17029009


@pytest.mark.asyncio
async def test_search_lists_activities_of_every_type_having_no_type_filter(world):
    """search-activities-202309's request has no `activity_type` (SKIT's PromotionSearchActivitiesRequest:
    activity_title, status, page_size, page_token) and its example answer lists a FIXED_PRICE
    activity: one sent along is ignored, as an unknown field."""
    flash = (await create(world, "flash"))["data"]["activity_id"]
    fixed = (await create(world, "fixed", activity_type="FIXED_PRICE"))["data"]["activity_id"]
    found = await world.call("POST", f"{A}/search", {"activity_type": "FLASHSALE", "page_size": 10})
    assert found["code"] == 0
    assert {(a["activity_id"], a["activity_type"]) for a in found["data"]["activities"]} == {
        (flash, "FLASHSALE"), (fixed, "FIXED_PRICE")}


# ---------------------------------------------------------------------------------- the gate

@pytest.mark.asyncio
async def test_the_gate_checks_app_token_scope_shop_and_body(world):
    shops = "/authorization/202309/shops"
    # TikTok's common-errors page: 36009004 for both, told apart by the message
    no_token = await world.call("GET", shops, shop=False, token="")
    assert (no_token["code"], no_token["message"]) == (36009004, "Invalid credentials. The `x-tts-access-token` "
                                                                 "header is invalid.")
    no_app = await world.call("GET", shops, shop=False, app_key="nope")
    assert (no_app["code"], no_app["message"]) == (36009004, "Invalid credentials. Invalid `app_key` query parameter.")
    token = world.grant()["access_token"]
    world.time.advance(7 * 86400 + 1)
    assert (await world.call("GET", shops, shop=False, token=token))["code"] == 105002
    assert (await world.call("POST", f"{A}/search", {}, shop_cipher="ROW_other"))["code"] == 106004
    assert (await world.call("POST", f"{A}/search", {}, shop=False))["code"] == 106013
    assert (await world.call("POST", f"{A}/search", None, sent_body=b"[1]"))["code"] in (106001, 36009004)
    world.tiktok.config.granted_scopes = ("seller.authorization.info",)
    assert (await world.call("POST", f"{A}/search", {}))["code"] == 105005


@pytest.mark.asyncio
async def test_the_timestamp_may_be_5_minutes_behind_and_30_seconds_ahead(world):
    """The common-errors page's two messages: not earlier than 5 minutes before the current time,
    not more than 30 seconds after it (Studio allowed 5 minutes either way)."""
    shops = "/authorization/202309/shops"
    for off_s, code in ((-300, 0), (-301, 36009004), (30, 0), (31, 36009004), (240, 36009004)):
        answer = await world.call("GET", shops, shop=False, timestamp=world.time() + off_s)
        assert answer["code"] == code, (off_s, answer)
        if code:
            assert ("30 seconds" if off_s > 0 else "5 minutes") in answer["message"]


@pytest.mark.asyncio
async def test_a_body_that_is_not_a_json_object_is_refused_once_signed(world):
    q = {"app_key": world.app_key, "timestamp": str(int(world.time())), "shop_cipher": world.cipher}
    from anchor_console.platforms.tiktok_client import sign

    q["sign"] = sign(world.app_secret, f"{A}/search", q, b"[1]")
    r = await world.http.post(f"{A}/search", params=q, content=b"[1]",
                              headers={"x-tts-access-token": world.grant()["access_token"]})
    assert r.json()["code"] == 36009004


@pytest.mark.asyncio
async def test_an_auth_code_works_once_and_the_secret_must_match(world):
    code = world.tiktok.gate.new_code(world.app_key)
    q = {"app_key": world.app_key, "app_secret": world.app_secret, "auth_code": code, "grant_type": "authorized_code"}
    first = (await world.http.get("/api/v2/token/get", params=q)).json()
    assert first["code"] == 0 and first["data"]["access_token_expire_in"] > world.now()
    assert set(first["data"]) >= {"access_token", "refresh_token", "refresh_token_expire_in", "seller_name",
                                  "granted_scopes", "open_id"}
    assert (await world.http.get("/api/v2/token/get", params=q)).json()["code"] == 36004004
    refresh = {"app_key": world.app_key, "app_secret": "wrong", "refresh_token": first["data"]["refresh_token"],
               "grant_type": "refresh_token"}
    assert (await world.http.get("/api/v2/token/refresh", params=refresh)).json()["code"] == 106003
    refreshed = (await world.http.get("/api/v2/token/refresh", params={**refresh, "app_secret": world.app_secret}))
    assert refreshed.json()["data"]["refresh_token"] == first["data"]["refresh_token"]


# ---------------------------------------------------------------------------------- seller authorization

class Browser:
    """Opens the authorization page in Studio (in-process), presses a button, follows the redirect
    to the console's loopback listener over a real socket."""

    def __init__(self, world: TikTokWorld, button: str = "authorize") -> None:
        self.world, self.button = world, button
        self.pages: list[str] = []
        self.task: asyncio.Task | None = None

    def open(self, url: str) -> None:
        self.task = asyncio.get_running_loop().create_task(self._visit(url))

    async def _visit(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        page = await self.world.http.get(parts.path + "?" + parts.query)
        self.pages.append(page.text)
        fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
        fields["decision"] = self.button
        answer = await self.world.http.post("/oauth/authorize/decide", content=urllib.parse.urlencode(fields),
                                            headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert answer.status_code == 302
        async with httpx.AsyncClient() as real:
            await real.get(answer.headers["location"])


def registering(world: TikTokWorld):
    """The test's listener port is registered as the app's redirect URL (Partner Center's field)."""
    return lambda url: world.tiktok.gate.set_redirect(world.app_key, url)


@pytest.mark.asyncio
async def test_seller_authorization_end_to_end_gives_a_refresh_token_that_works(world):
    browser = Browser(world)
    creds = await sign_in(world.http, world.app_key, world.app_secret, browser.open, auth_base="",
                          authorize_page="/oauth/authorize", port=0, now=world.now, timeout_s=20,
                          on_listening=registering(world))
    await browser.task
    (page,) = browser.pages
    assert "Authorize" in page and "Studio TikTok Shop" in page and "seller.promotion.write" in page
    assert isinstance(creds, TikTokCredentials) and creds.refresh_token and creds.app_secret == world.app_secret
    assert creds.refresh_token not in repr(creds)
    adapter = world.adapter(refresh_token=creds.refresh_token)
    assert [r.title for r in await adapter.list_rooms()] == ["Studio TikTok Shop"]
    assert TikTokCredentials.from_keyring(world.app_key, creds.keyring_secret()) == creds


@pytest.mark.asyncio
async def test_the_service_id_link_and_a_cancelled_authorization(world):
    browser = Browser(world, button="cancel")
    with pytest.raises(pe.AuthFailed) as info:
        await sign_in(world.http, world.app_key, world.app_secret, browser.open, auth_base="",
                      authorize_page="/open/authorize", service_id=world.tiktok.app["service_id"], port=0,
                      now=world.now, timeout_s=20, on_listening=registering(world))
    await browser.task
    assert "cancelled" in info.value.message.english()
    with pytest.raises(pe.AuthFailed) as no_secret:
        await sign_in(world.http, world.app_key, "", browser.open, port=0, now=world.now)
    assert "app secret" in no_secret.value.message.english()


@pytest.mark.asyncio
async def test_studio_announces_the_app_and_the_shop(world):
    info = world.tiktok.announcement()
    assert set(info) == {"app_key", "app_secret", "service_id", "redirect_uri", "shop"}
    assert info["redirect_uri"] == "http://127.0.0.1:8769/tiktok/callback"
    assert info["shop"]["cipher"].startswith("ROW_")


@pytest.mark.asyncio
async def test_authorization_codes_are_capped_per_app_and_used_or_expired_ones_swept(world, monkeypatch):
    # The consent page needs only the public app key: codes must not pile up in the database.
    from anchor_console.studio.tiktok import core as tiktok_core

    monkeypatch.setattr(tiktok_core, "MAX_LIVE_CODES", 2)
    form = {"app_key": world.app_key, "state": "s", "decision": "authorize"}

    async def decide() -> httpx.Response:
        return await world.http.post("/oauth/authorize/decide", content=urllib.parse.urlencode(form),
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})

    first = await decide()
    assert first.status_code == 302 and (await decide()).status_code == 302
    refused = await decide()
    assert refused.status_code == 429 and "Too many authorizations" in refused.text
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(first.headers["location"]).query)["code"][0]
    world.tiktok.gate.token_get({"app_key": world.app_key, "app_secret": world.app_secret, "auth_code": code,
                                 "grant_type": "authorized_code"})   # used: swept at the next request
    assert (await decide()).status_code == 302
    rows = world.studio.store.db.execute("SELECT COUNT(*) AS n FROM tt_codes").fetchone()["n"]
    assert rows == 2
