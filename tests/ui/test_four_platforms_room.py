"""One console room bound to four connections at once — Studio itself, YouTube Live, Twitch and
TikTok Shop, the last three through Studio's emulators of their APIs, all on one real Studio
process — each signed in as the Connections dialog signs it in (the kind's own sign-in, the
browser's part done here). A comment storm reaches the one desk through the YouTube and Twitch
chats (and Studio's own stream); the desk's rules delete the hostile comments on the platform
each came from, once each. A show's cue fires a flash deal: TikTok Shop confirms it (and Studio,
the other platform with flash sales), Studio's room has it, YouTube and Twitch are skipped with
their reason. Screenshots: ANCHOR_SHOTS=/some/dir pytest …

Each platform is on a Studio room of its own, as each real platform has its own audience: on one
shared room the three chats would be the same comments, and whichever platform deleted a hostile
one first would take it out of the others' chats before they read it (YouTube polls)."""

from __future__ import annotations

import asyncio
import re
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from support.screenshots import shot
from support.viewers import post
from support.waiting import until

from anchor_console.domain.clock import SystemClock
from anchor_console.platforms.tiktok_auth import exchange_code
from anchor_console.platforms.tiktok_client import TikTokCredentials
from anchor_console.room.journal import CONFIRMED, SKIPPED
from anchor_console.session.platform_kinds import KINDS, TWITCH, YOUTUBE, SignInContext, credential_key, problem
from anchor_console.session.settings import ConnectionSettings, Settings
from anchor_console.session.tokens import TokenStore
from anchor_console.show.model import Cue, CueMode, Segment, Show, StartFlashSale, Trigger
from anchor_console.studio.twitch.core import CHANNEL_BASE
from anchor_console.studio.youtube.core import video_id

HOSTILE = ("加微信 abc12345 领福利", "加微信 qq778899 私聊更便宜", "加微信 zz556677 有内部价")
STORM_PER_S = 120       # comments/s in each of the YouTube and Twitch rooms (a quarter of it in Studio's)
PLATFORM_TESTS = str(Path(__file__).resolve().parents[1] / "platforms")


@dataclass
class Rooms:
    """Studio's rooms behind the four platforms: Studio's own (the demo room), a YouTube broadcast,
    a Twitch channel, and the live room whose shelf TikTok Shop's deals go to (each a room of its
    own, as each platform has its own audience: Studio's emulators act on whichever room they name)."""

    studio: int
    youtube: int
    twitch: int
    tiktok: int


def open_rooms(studio) -> Rooms:
    with studio.client("anchor") as c:
        shelf = [i["product"]["id"] for i in c.get(f"/api/v1/rooms/{studio.room_id}/shelf").json()["items"]]
        made = []
        for title in ("YouTube 直播", "Twitch 直播", "TikTok Shop 直播"):
            room = c.post("/api/v1/rooms", json={"title": title})
            assert room.status_code == 201, room.text
            made.append(room.json()["id"])
        for product_id in shelf:     # TikTok's deals run in the live room listing the product
            listed = c.post(f"/api/v1/rooms/{made[2]}/shelf", json={"product_id": product_id})
            assert listed.status_code == 201, listed.text
        for room_id in made:
            assert c.post(f"/api/v1/rooms/{room_id}/start").status_code == 200
    return Rooms(studio.room_id, *made)


def four_connections(studio, rooms: Rooms) -> list[ConnectionSettings]:
    """Studio's own room first (the primary: its shelf is the console's), then the three platforms
    as the Connections dialog saves them: public ids in `appid`, Studio's address as the API base."""
    return [
        ConnectionSettings(id="studio", name="Studio", url=studio.url, room_id=str(rooms.studio)),
        ConnectionSettings(id="yt", name="YouTube", kind=YOUTUBE, url=studio.url, appid=studio.youtube["client_id"],
                           room_id=video_id(rooms.youtube)),
        ConnectionSettings(id="tw", name="Twitch", kind=TWITCH, url=studio.url, appid=studio.twitch["client_id"],
                           room_id=str(CHANNEL_BASE + rooms.twitch)),
        ConnectionSettings(id="tt", name="TikTok Shop", kind="tiktok_shop", url=studio.url,
                           appid=studio.tiktok["app_key"], room_id="shop"),
    ]


async def youtube_sign_in(http: httpx.AsyncClient, studio, conn: ConnectionSettings) -> str:
    """The kind's sign-in (loopback + PKCE); the browser opens the consent page and presses Allow."""
    opened: list[str] = []
    ctx = SignInContext(http, SystemClock(), open_url=opened.append, credential=studio.youtube["client_secret"])
    task = asyncio.create_task(KINDS[YOUTUBE].sign_in(conn, ctx))
    await until(lambda: opened or task.done(), 20, message="YouTube's sign-in opened no browser")
    page = await http.get(opened[0])
    assert page.status_code == 200, page.text
    fields = {m.group(1): m.group(2)
              for m in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text)}
    decision = await http.post(f"{studio.url}/o/oauth2/v2/auth/decision", data={**fields, "decision": "allow"})
    assert decision.status_code == 302, decision.text
    await http.get(decision.headers["location"])          # the browser lands on the console's listener
    return await asyncio.wait_for(task, 20)


async def twitch_sign_in(http: httpx.AsyncClient, studio, conn: ConnectionSettings) -> str:
    """The kind's device-code sign-in; on the activation page the code shown is typed, Authorize pressed."""
    if PLATFORM_TESTS not in sys.path:    # the adapters' test helpers live beside their tests
        sys.path.insert(0, PLATFORM_TESTS)
    from twitch_world import press_authorize

    shown: list[tuple[str, str]] = []
    pressed: list[asyncio.Future] = []

    def open_url(url: str) -> None:
        pressed.append(asyncio.ensure_future(press_authorize(http, url, shown[-1][0],
                                                             user_login=studio.twitch["sign_in_as"])))

    ctx = SignInContext(http, SystemClock(), open_url=open_url, show_code=lambda code, url: shown.append((code, url)))
    secret = await asyncio.wait_for(KINDS[TWITCH].sign_in(conn, ctx), 30)
    assert "Success" in (await pressed[0]).text
    return secret


async def tiktok_sign_in(http: httpx.AsyncClient, studio) -> str:
    """The seller authorization on Studio's page, the code taken from its redirect and traded for
    tokens with the adapter's own exchange (the kind's sign-in listens on TikTok's one fixed
    redirect port, which parallel tests cannot share)."""
    tt = studio.tiktok
    page = await http.get(f"{studio.url}/oauth/authorize", params={"app_key": tt["app_key"], "state": "s1"})
    assert page.status_code == 200 and "Authorize" in page.text
    decided = await http.post(f"{studio.url}/oauth/authorize/decide",
                              data={"app_key": tt["app_key"], "state": "s1", "decision": "authorize"})
    assert decided.status_code == 302, decided.text
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(decided.headers["location"]).query)["code"][0]
    grant = await exchange_code(http, studio.url, tt["app_key"], tt["app_secret"], code, platform="TikTok Shop",
                                now=SystemClock().now())
    return TikTokCredentials(tt["app_key"], tt["app_secret"], grant.refresh_token).keyring_secret()


async def keep_signed_in(studio, connections: list[ConnectionSettings]) -> None:
    """Every connection's keyring entry, as the Connections dialog leaves it."""
    by_id = {c.id: c for c in connections}
    async with httpx.AsyncClient(timeout=20) as http:
        secrets = {"studio": studio.tokens["assistant"],
                   "yt": await youtube_sign_in(http, studio, by_id["yt"]),
                   "tw": await twitch_sign_in(http, studio, by_id["tw"]),
                   "tt": await tiktok_sign_in(http, studio)}
    for conn in connections:
        assert problem(conn) is None, problem(conn).english()
        TokenStore().set(credential_key(conn), secrets[conn.id])


def studio_control(studio, path: str, **settings) -> None:
    with studio.client("anchor") as c:
        r = c.put(path, json=settings)
        assert r.status_code == 200, r.text


def flash_deal_show(product, sku) -> Show:
    deal = StartFlashSale(product.id, sku.id, sku.price_fen * 7 // 10, min(5, sku.stock), 1, 0, 600, product.name)
    return Show(title="四平台秒杀", segments=(
        Segment("seg-deal", "秒杀", 600, cues=(Cue("cue-deal", deal, Trigger.at_start(), CueMode.AUTO),)),
        Segment("seg-end", "收尾", 60)))


def entries_of(session, kind: str) -> list:
    return [e for e in session.journal.entries(limit=5000) if e.kind == kind]


def settled(entry) -> dict[str, str] | None:
    """Each connection's status, once none is pending."""
    if any(d.status == "pending" for d in entry.dispatches):
        return None
    return {d.connection_id: d.status for d in entry.dispatches}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.asyncio
async def test_one_room_on_studio_youtube_twitch_and_tiktok_shop(console_factory, studio_factory, qapp, lang):
    from anchor_console.ui.common.i18n import install_translations

    studio = studio_factory("--demo", "--audience", "0", "--chaos")
    studio_control(studio, "/api/v1/_twitch", device_interval_s=0)
    # Studio's chat is polled every half second (Google says when to poll again), and the storm's
    # deletions — a hundred times a real chat's — do not run out the day's units.
    studio_control(studio, "/api/v1/_youtube", polling_interval_ms=500, daily_limit=1_000_000)
    rooms = open_rooms(studio)
    connections = four_connections(studio, rooms)
    install_translations(qapp, lang)
    try:
        await keep_signed_in(studio, connections)
        console = await console_factory(Settings(connections=connections, operator_name="场控",
                                                 confirm_money_actions=False), wait_loaded=False)
        session = console.session
        await until(lambda: session.room is not None and len(session.room.bindings) == 4
                    and all(s.loaded for s in session.room.states.values()), 60,
                    message="the room on four platforms did not load")
        assert [b.connection_id for b in session.room.bindings] == ["studio", "yt", "tw", "tt"]
        await storm_moderated_from_one_desk(console, studio, rooms)
        await flash_deal_by_cue(console, studio, rooms)
    finally:
        install_translations(qapp, "en")


def audience(studio, room_id: int, per_s: float) -> None:
    studio_control(studio, f"/api/v1/rooms/{room_id}/audience", enabled=per_s > 0, comments_per_s=per_s or None,
                   viewers=500)


async def storm_moderated_from_one_desk(console, studio, rooms: Rooms) -> None:
    session, desk = console.session, console.session.desk
    chats = {"studio": rooms.studio, "yt": rooms.youtube, "tw": rooms.twitch}
    before = {c: sum(1 for d in desk.recent if d.comment.connection_id == c) for c in chats}
    for conn, room_id in chats.items():
        audience(studio, room_id, STORM_PER_S if conn != "studio" else STORM_PER_S / 4)
    posted = {(conn, text): (await post(studio, text, nickname=f"引流{i}", room_id=room_id))["comment"]["id"]
              for conn, room_id in chats.items() for i, text in enumerate(HOSTILE)}
    arrived = lambda c: sum(1 for d in desk.recent if d.comment.connection_id == c) - before[c]  # noqa: E731
    await until(lambda: arrived("yt") >= 200 and arrived("tw") >= 200 and arrived("studio") >= 30, 60,
                message="the storm did not reach the desk through both chats")
    for room_id in chats.values():
        audience(studio, room_id, 0)
    await shot(console.window, "four-platforms-storm")

    # Each hostile comment deleted by the rules on the platform it came from (its own id there), once.
    # Kept as each is seen: the desk keeps only its last RECENT comments at hand, and on a busy
    # machine the storm's backlog (posting the nine took longer) can push the first ones out.
    found: dict = {}

    def hostile_on_desk():
        found.update(((d.comment.connection_id, d.comment.text), d) for d in desk.recent if d.comment.text in HOSTILE)
        return found if set(found) == set(posted) else None

    await until(hostile_on_desk, 40, message=lambda: (
        f"the hostile comments did not reach the desk on all chats: missing {sorted(set(posted) - set(found))}; "
        f"arrived {({c: arrived(c) for c in chats})}, {desk.total} on the desk in all"))
    for (conn, text), d in found.items():
        def deleted(d=d):
            mine = [e for e in entries_of(session, "delete_comment") if e.params["comment_id"] == d.comment.id
                    and e.dispatches[0].connection_id == d.comment.connection_id]
            return mine if mine and settled(mine[0]) else None

        # Twice a second: each look reads the journal's thousands of storm deletions on the ui
        # thread, and looking every 50 ms starved the console that is doing the deleting.
        mine = await until(deleted, 40, 0.5, message=lambda d=d, conn=conn, text=text: (
            f"{text!r} on {conn} was not deleted: {deletion_so_far(session, d)}"))
        assert len(mine) == 1 and settled(mine[0]) == {conn: CONFIRMED}, [
            [(x.connection_id, x.status, x.reason and x.reason.english()) for x in e.dispatches] for e in mine]
        assert mine[0].origin == "rules"   # the rules' own deletion, under the rule's name
    await until(lambda: all(d.state.value == "deleted" for d in found.values()), 20, message=lambda: (
        f"the desk does not show the hostile comments deleted: {[(k, d.state.value) for k, d in found.items()]}"))
    # Nothing acted on twice: one delete per (platform, comment) over the whole storm.
    acted = [(e.dispatches[0].connection_id, e.params["comment_id"]) for e in entries_of(session, "delete_comment")]
    assert len(acted) == len(set(acted))
    with studio.client("assistant") as c:   # in Studio's rooms: gone for everyone
        for (conn, _text), cid in posted.items():
            (row,) = c.get(f"/api/v1/rooms/{chats[conn]}/comments", params={"after_id": cid - 1, "limit": 1}
                           ).json()["items"]
            assert row["id"] == cid and row["deleted"], row


def deletion_so_far(session, record) -> str:
    """Where a hostile comment's deletion got to, for a failure to say."""
    tries = [(e.status, [d.status for d in e.dispatches]) for e in entries_of(session, "delete_comment")
             if e.params["comment_id"] == record.comment.id]
    return (f"the desk has it {record.state.value}, the rules said {record.verdict and record.verdict.action!r}; "
            f"its deletions in the journal: {tries}")


async def flash_deal_by_cue(console, studio, rooms: Rooms) -> None:
    session = console.session
    product = next(i.product for i in session.room.state.shelf if i.on_sale and any(s.stock >= 5
                                                                                  for s in i.product.skus))
    sku = max(product.skus, key=lambda s: s.stock)
    session.show.set_show(flash_deal_show(product, sku), None)
    assert session.show.start()
    entry = await until(lambda: next((e for e in entries_of(session, "launch_flash_sale") if settled(e)), None), 40,
                        message="the cue fired no flash deal")
    why = {d.connection_id: (d.status, d.reason and d.reason.english()) for d in entry.dispatches}
    assert entry.origin.startswith("cue:"), entry.origin
    assert why["tt"][0] == CONFIRMED and why["studio"][0] == CONFIRMED, why
    for conn in ("yt", "tw"):
        assert why[conn][0] == SKIPPED and why[conn][1], why
    price = sku.price_fen * 7 // 10
    with studio.client("assistant") as c:
        for room_id in (rooms.tiktok, rooms.studio):    # TikTok's deal in its room, Studio's own in Studio's
            sales = c.get(f"/api/v1/rooms/{room_id}/flash-sales").json()["items"]
            assert [(str(s["sku_id"]), s["sale_price_fen"], s["state"]) for s in sales] == [(sku.id, price, "live")]
    await shot_of_the_deal_in_the_journal(console.window, entry.id)
    session.show.end()


async def shot_of_the_deal_in_the_journal(window, action_id: str) -> None:
    """The journal, money actions only (the storm's deletions out of the way): the cue's deal on top."""
    from anchor_console.ui.journal.journal_panel import JournalFeature

    journal = window.feature(JournalFeature).panel
    window.show_dock("journal")
    journal.money_only.click()
    model = journal.model
    await until(lambda: model.rows and model.rows[0].id == action_id, 10, message="the journal does not show the deal")
    assert model.data(model.index(0, model.ORIGIN)) != "moderation"
    await shot(window, "four-platforms-flash-deal")
