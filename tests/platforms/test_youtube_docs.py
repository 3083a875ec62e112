"""The YouTube adapter fed Google's documented examples verbatim (tests/platforms/youtube_docs/,
sources in its README): the token endpoint's answers, a chat page's fields, the generated
client's example list response (offlineAt set: the chat is over), the quotaExceeded envelope —
and every error reason the adapter knows turned into words an operator can act on."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import httpx
import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.platforms import errors as pe
from anchor_console.platforms.base import StreamStatus
from anchor_console.platforms.youtube_auth import YouTubeCredentials, exchange_code, endpoints_for
from anchor_console.platforms.youtube_client import youtube_error
from anchor_console.platforms.youtube_live import YouTubeLivePlatform

DOCS = Path(__file__).parent / "youtube_docs"
BASE = "https://youtube.test"
VIDEO = "abcdefghijk"
CHAT = "Cg0KC2FiY2RlZmdoaWpr"


def doc(name: str) -> dict:
    """A fixture's documented body (each file is {"source", "note", "response"}; see the README)."""
    return json.loads((DOCS / name).read_text(encoding="utf-8"))["response"]


def test_every_fixture_names_its_source_and_how_faithful_it_is():
    for path in DOCS.glob("*.json"):
        fixture = json.loads(path.read_text(encoding="utf-8"))
        assert fixture["source"] and fixture["note"] and "response" in fixture, path.name


def google(pages: dict[str, object], seen: list[httpx.Request] | None = None) -> httpx.AsyncClient:
    """A Google that answers each path with a documented body (a status and body for errors)."""
    def answer(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        body = pages[request.url.path]
        if isinstance(body, list):      # a sequence of answers, the last one repeated
            body = body.pop(0) if len(body) > 1 else body[0]
        if isinstance(body, tuple):
            return httpx.Response(body[0], json=body[1])
        return httpx.Response(200, json=body)
    return httpx.AsyncClient(transport=httpx.MockTransport(answer))


def video_page() -> dict:
    return {"items": [{"id": VIDEO, "snippet": {"title": "live"},
                       "liveStreamingDetails": {"actualStartTime": "2026-05-28T20:00:00Z", "activeLiveChatId": CHAT,
                                                "concurrentViewers": "42"}}]}


def adapter(client: httpx.AsyncClient, clock: ManualClock | None = None) -> YouTubeLivePlatform:
    async def no_wait(_s: float) -> None:
        return None
    return YouTubeLivePlatform("conn", YouTubeCredentials("id.apps.googleusercontent.com", "secret", "1//r"), client,
                               base_url=BASE, clock=clock or ManualClock(), sleep=no_wait)


@pytest.mark.asyncio
async def test_the_documented_token_answers_sign_in_and_refresh():
    token, refresh = doc("oauth.token.example.json"), doc("oauth.refresh.example.json")
    async with google({"/token": token}) as client:
        got = await exchange_code(client, endpoints_for(BASE), "id", "secret", "code", "verifier", "http://127.0.0.1:1/")
        assert got["refresh_token"] == "1//xEoDL4iW3cxlI7yDbSRFYNG01kVKM2C-259HOF2aQbI"
    seen: list[httpx.Request] = []
    async with google({"/token": refresh, "/youtube/v3/videos": video_page()}, seen) as client:
        snap = await adapter(client).snapshot(VIDEO)
    assert snap.stats.online == 42
    assert seen[1].headers["Authorization"] == "Bearer 1/fFAGRNJru1FTz70BzhT3Zg"
    assert b"grant_type=refresh_token" in seen[0].content


@pytest.mark.asyncio
async def test_a_chat_page_in_the_documented_shape_becomes_comments_once_each():
    page = doc("liveChatMessages.list.resource-shape.json")
    statuses: list[tuple[StreamStatus, str]] = []
    seen: list[httpx.Request] = []
    last = {**page["items"][0], "id": "LCC.last", "snippet": {**page["items"][0]["snippet"], "displayMessage": "拜拜",
                                                               "textMessageDetails": {"messageText": "拜拜"}}}
    again = {**page, "items": [page["items"][0], last], "offlineAt": "2026-05-28T21:00:00Z"}   # one repeated; over
    async with google({"/token": doc("oauth.refresh.example.json"), "/youtube/v3/videos": video_page(),
                       "/youtube/v3/liveChat/messages": [page, again]}, seen) as client:
        yt = adapter(client)
        async with contextlib.aclosing(yt.events(VIDEO, on_status=lambda s, d: statuses.append((s, d)))) as stream:
            events = [event async for event in stream]
    viewer, owner, deleted, goodbye = events
    assert goodbye.data["comment"].text == "拜拜"                      # read before the chat closed
    assert statuses[-1][0] is StreamStatus.CLOSED
    assert viewer.data["comment"].text == "有XL吗" and viewer.data["comment"].user_id == "UCabcdefghijklmnopqrstuv"
    assert viewer.data["comment"].nickname == "Ada" and not viewer.data["comment"].is_staff
    assert owner.data["comment"].is_staff
    assert deleted.type == "comment.updated" and deleted.data["comment"].deleted
    polls = [r for r in seen if r.url.path.endswith("/messages")]
    assert polls[1].url.params["pageToken"] == "GJ3Vo9XI_oIDIKm6usjI_oID"      # the page token followed
    assert polls[0].url.params["part"] == "id,snippet,authorDetails"


@pytest.mark.asyncio
async def test_the_generated_example_has_offline_at_so_the_chat_is_over():
    statuses: list[tuple[StreamStatus, str]] = []
    async with google({"/token": doc("oauth.refresh.example.json"), "/youtube/v3/videos": video_page(),
                       "/youtube/v3/liveChat/messages": doc("liveChatMessages.list.example.json")}) as client:
        async with contextlib.aclosing(adapter(client).events(VIDEO, on_status=lambda s, d: statuses.append((s, d)))) \
                as stream:
            assert [e async for e in stream] == []
    assert statuses[-1][0] is StreamStatus.CLOSED and "ended" in statuses[-1][1]


@pytest.mark.asyncio
async def test_the_documented_quota_envelope_stops_sending_until_midnight_pacific():
    clock = ManualClock(1_780_000_000.0)
    seen: list[httpx.Request] = []
    async with google({"/token": doc("oauth.refresh.example.json"),
                       "/youtube/v3/videos": (403, doc("error.quotaExceeded.json"))}, seen) as client:
        yt = adapter(client, clock)
        with pytest.raises(pe.QuotaExhausted) as info:
            await yt.snapshot(VIDEO)
        assert info.value.code == "quotaExceeded" and "Pacific" in info.value.message.english()
        with pytest.raises(pe.QuotaExhausted):
            await yt.snapshot(VIDEO)
    assert len([r for r in seen if r.url.path == "/youtube/v3/videos"]) == 1   # the second was never sent
    assert yt.quota_usage()[0].refused_today == 1


@pytest.mark.asyncio
async def test_the_generated_examples_of_send_ban_and_moderators_are_read_without_surprise():
    """googleapis' generated "Example response" of liveChatMessages.insert, liveChatBans.insert and
    liveChatModerators.list: placeholder values, nested objects empty."""
    seen: list[httpx.Request] = []
    async with google({"/token": doc("oauth.refresh.example.json"), "/youtube/v3/videos": video_page(),
                       "/youtube/v3/liveChat/messages": doc("liveChatMessages.insert.example.json"),
                       "/youtube/v3/liveChat/bans": doc("liveChatBans.insert.example.json"),
                       "/youtube/v3/liveChat/moderators": doc("liveChatModerators.list.example.json")}, seen) as client:
        yt = adapter(client)
        sent = await yt.post_comment(VIDEO, "欢迎", key="k1")
        viewer = await yt.ban_viewer(VIDEO, "UCabcdefghijklmnopqrstuv", key="k2")
        assert await yt.moderators(VIDEO) == []
    assert sent.id == "my_id" and sent.text == "欢迎" and sent.is_staff
    assert viewer.banned
    by_path = {r.url.path: r for r in seen}
    assert json.loads(by_path["/youtube/v3/liveChat/messages"].content)["snippet"] == {
        "liveChatId": CHAT, "type": "textMessageEvent", "textMessageDetails": {"messageText": "欢迎"}}
    assert json.loads(by_path["/youtube/v3/liveChat/bans"].content)["snippet"] == {
        "liveChatId": CHAT, "type": "permanent", "bannedUserDetails": {"channelId": "UCabcdefghijklmnopqrstuv"}}


# Reasons and statuses as documented: the Live Streaming API errors page and each method's Errors table
# (liveChatMessages.insert: forbidden, liveChatDisabled, liveChatEnded (403), messageTextInvalid,
# liveChatIdRequired (400), liveChatNotFound (404), rateLimitExceeded; liveChatMessages.delete:
# forbidden, modificationNotAllowed (403), liveChatMessageNotFound (404); liveChatBans.delete: forbidden,
# insufficientPermissions (403), liveChatBanNotFound (404); liveBroadcasts: liveStreamingNotEnabled,
# userRequestsExceedRateLimit), the Data API errors page (quotaExceeded) and Google's 401 (authError).
REASONS = {
    "liveChatEnded": (403, pe.Conflict, "has ended"),
    "liveChatDisabled": (403, pe.Conflict, "turned off"),
    "liveChatNotFound": (404, pe.NotFound, "cannot find this live chat"),
    "liveChatMessageNotFound": (404, pe.NotFound, "chat message"),
    "liveChatBanNotFound": (404, pe.NotFound, "no such ban"),
    "forbidden": (403, pe.NotPermitted, "owner or a moderator"),
    "insufficientPermissions": (403, pe.NotPermitted, "Sign in"),
    "liveStreamingNotEnabled": (403, pe.NotPermitted, "not enabled"),
    "rateLimitExceeded": (403, pe.RateLimited, "slow down"),
    "userRequestsExceedRateLimit": (403, pe.RateLimited, "slow down"),
    "quotaExceeded": (403, pe.QuotaExhausted, "Pacific"),
    "modificationNotAllowed": (403, pe.Conflict, "moderators"),   # liveChatMessages.delete's table
    "invalidLiveChatBanId": (400, pe.InvalidRequest, "invalidLiveChatBanId"),   # liveChatBans.delete's table
    "messageTextInvalid": (400, pe.InvalidRequest, "200 characters"),
    "liveChatIdRequired": (400, pe.InvalidRequest, "named no live chat"),
    "authError": (401, pe.AuthFailed, "Sign in again"),
    "somethingNew": (400, pe.InvalidRequest, "somethingNew"),
}


@pytest.mark.parametrize("reason", sorted(REASONS))
def test_each_error_reason_reads_clearly(reason):
    status, kind, words = REASONS[reason]
    error = youtube_error(status, reason, "Google's own words", api="/youtube/v3/liveChat/messages")
    assert type(error) is kind and error.code == reason
    assert words in error.message.english()
    assert "Traceback" not in error.message.english()


@pytest.mark.asyncio
async def test_the_broadcast_list_asks_for_every_type_so_a_stream_now_broadcast_is_listed():
    """liveBroadcasts.list: "broadcastType … should be used in requests that set the mine parameter
    to true … The default value is event" (event: "Return only scheduled event broadcasts",
    persistent: "Return only persistent broadcasts"). Going live with YouTube Studio's Stream now
    streams into the channel's persistent broadcast, which a request without broadcastType=all leaves out."""
    persistent = {"kind": "youtube#liveBroadcast", "id": "stream-now-1",
                  "snippet": {"title": "Stream now", "isDefaultBroadcast": True, "liveChatId": "Cg-now",
                              "actualStartTime": "2026-05-28T20:00:00Z"},
                  "status": {"lifeCycleStatus": "live"}}
    event = {"kind": "youtube#liveBroadcast", "id": VIDEO,
             "snippet": {"title": "Friday sale", "isDefaultBroadcast": False,
                         "scheduledStartTime": "2026-05-29T12:00:00Z"},
             "status": {"lifeCycleStatus": "ready"}}
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/token":
            return httpx.Response(200, json=doc("oauth.refresh.example.json"))
        kind = request.url.params.get("broadcastType", "event")      # the documented default
        items = {"all": [persistent, event], "event": [event], "persistent": [persistent]}[kind]
        return httpx.Response(200, json={"kind": "youtube#liveBroadcastListResponse", "items": items})

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        rooms = await adapter(client).list_rooms()
    assert [(r.id, r.status.value) for r in rooms][:1] == [("stream-now-1", "live")]
    assert {r.id for r in rooms} == {"stream-now-1", VIDEO}
    listed = [r for r in seen if r.url.path == "/youtube/v3/liveBroadcasts"][0]
    assert listed.url.params["mine"] == "true" and listed.url.params["broadcastType"] == "all"


@pytest.mark.asyncio
async def test_the_broadcast_list_is_read_page_by_page_up_to_a_bound():
    """liveBroadcastListResponse: "nextPageToken: The token that can be used as the value of the
    pageToken parameter to retrieve the next page in the result set." A channel's past broadcasts
    are listed too: every page is read, but a channel with years of them costs at most
    BROADCAST_PAGES pages (5 units each), not a day's quota at each listing."""
    from anchor_console.platforms.youtube_live import BROADCAST_PAGES

    def page(n: int, *, more: bool = True) -> dict:
        return {"kind": "youtube#liveBroadcastListResponse",
                "items": [{"kind": "youtube#liveBroadcast", "id": f"b{n}", "snippet": {"title": f"#{n}"},
                           "status": {"lifeCycleStatus": "complete"}}],
                **({"nextPageToken": f"page-{n + 1}"} if more else {})}

    def listings(seen: list[httpx.Request]) -> list[httpx.Request]:
        return [r for r in seen if r.url.path == "/youtube/v3/liveBroadcasts"]

    token = doc("oauth.refresh.example.json")
    seen: list[httpx.Request] = []
    async with google({"/token": token, "/youtube/v3/liveBroadcasts": [page(1), page(2), page(3, more=False)]},
                      seen) as client:
        assert [r.id for r in await adapter(client).list_rooms()] == ["b1", "b2", "b3"]
    assert [r.url.params.get("pageToken") for r in listings(seen)] == [None, "page-2", "page-3"]
    seen = []
    async with google({"/token": token, "/youtube/v3/liveBroadcasts": [page(1)]}, seen) as client:   # pages without end
        assert len(await adapter(client).list_rooms()) == BROADCAST_PAGES
    assert len(listings(seen)) == BROADCAST_PAGES


@pytest.mark.asyncio
async def test_studio_pages_broadcasts_as_youtube_does(tmp_path):
    """Studio's liveBroadcasts.list answers maxResults at a time with nextPageToken / prevPageToken,
    and refuses a page token it did not make (invalidPageToken); the adapter lists every room."""
    from support.youtube_world import World
    world = World(tmp_path)
    try:
        for i in range(6):
            world.studio.rooms.create(f"第{i}场")
        yt = world.adapter(await world.signed_in())
        token, _ = await yt.api.tokens.current()
        auth = {"Authorization": f"Bearer {token}"}
        pages, params = [], {"part": "id", "mine": "true", "maxResults": 3}
        while True:
            answer = (await world.http.get("/youtube/v3/liveBroadcasts", params=params, headers=auth)).json()
            pages.append(answer)
            if "nextPageToken" not in answer:
                break
            params = {**params, "pageToken": answer["nextPageToken"]}
        assert [len(p["items"]) for p in pages] == [3, 3, 1]
        assert "prevPageToken" not in pages[0] and all("prevPageToken" in p for p in pages[1:])
        assert all(p["pageInfo"]["totalResults"] == 7 for p in pages)
        listed = [i["id"] for p in pages for i in p["items"]]
        assert len(set(listed)) == 7 and world.video in listed
        assert {r.id for r in await yt.list_rooms()} == set(listed)
        bad = await world.http.get("/youtube/v3/liveBroadcasts", headers=auth,
                                   params={"part": "id", "mine": "true", "pageToken": "not-a-token"})
        assert bad.status_code == 400 and bad.json()["error"]["errors"][0]["reason"] == "invalidPageToken"
    finally:
        await world.aclose()


@pytest.mark.asyncio
async def test_studio_filters_broadcasts_by_type_as_youtube_does(tmp_path):
    """Studio's rooms are scheduled event broadcasts: listed by default (event) and for `all`, never
    as persistent ones; a type YouTube does not know is refused as YouTube refuses it."""
    from support.youtube_world import World
    world = World(tmp_path)
    try:
        yt = world.adapter(await world.signed_in())
        token, _ = await yt.api.tokens.current()
        auth = {"Authorization": f"Bearer {token}"}
        listed = {}
        for kind in (None, "event", "all", "persistent", "scheduled"):
            params = {"part": "id", "mine": "true", **({"broadcastType": kind} if kind else {})}
            answer = await world.http.get("/youtube/v3/liveBroadcasts", params=params, headers=auth)
            listed[kind] = (answer.status_code, [i["id"] for i in answer.json().get("items", [])])
        assert listed[None] == listed["event"] == listed["all"] == (200, [world.video])
        assert listed["persistent"] == (200, [])
        assert listed["scheduled"][0] == 400
        assert [r.id for r in await yt.list_rooms()] == [world.video]
    finally:
        await world.aclose()
