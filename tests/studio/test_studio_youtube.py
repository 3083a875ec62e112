"""Studio's YouTube emulator on its own, as a client that is not the console's adapter would see it:
Google's error envelope, strict parameters, scopes, token expiry, the day's units (and the
`--chaos` control that sets what is left), consent-page refusals — and the same state as
Studio's: the audience's comments are the chat, and a delete or a ban through YouTube acts on the
Studio room's moderation. Also: the start-up line announces the OAuth client."""

from __future__ import annotations

import pytest
from support.world_fixture import world_fixture
from support.youtube_world import World

from anchor_console.studio.youtube import oauth as youtube_oauth
from anchor_console.studio.youtube.core import (
    chat_id, comment_of_message, message_id, room_of_chat, room_of_video, video_id, viewer_channel,
)

V3 = "/youtube/v3"


world = world_fixture(World)


async def bearer(world: World) -> dict[str, str]:
    yt = world.adapter(await world.signed_in())
    token, _ = await yt.api.tokens.current()
    return {"Authorization": f"Bearer {token}"}


def test_names_go_both_ways():
    assert room_of_video(video_id(42)) == 42 and len(video_id(42)) == 11
    assert room_of_chat(chat_id(42)) == 42 and comment_of_message(message_id(7)) == 7
    assert len(viewer_channel(5)) == 24 and viewer_channel(5).startswith("UC")
    assert room_of_chat("garbage") is None and room_of_video("sRabc") is None


@pytest.mark.asyncio
async def test_errors_come_in_googles_envelope(world):
    no_token = await world.http.get(f"{V3}/liveChat/messages", params={"liveChatId": chat_id(world.room_id),
                                                                        "part": "snippet"})
    assert no_token.status_code == 401
    error = no_token.json()["error"]
    assert error["code"] == 401 and error["errors"][0]["reason"] == "authError" and error["message"]
    auth = await bearer(world)
    checks = [
        ({"part": "snippet"}, 400, "liveChatIdRequired"),
        ({"liveChatId": chat_id(world.room_id)}, 400, "missingRequiredParameter"),
        ({"liveChatId": chat_id(world.room_id), "part": "snippet,bogus"}, 400, "unknownPart"),
        ({"liveChatId": chat_id(world.room_id), "part": "snippet", "pageToken": "nope"}, 400, "invalidPageToken"),
        ({"liveChatId": chat_id(world.room_id), "part": "snippet", "maxResults": "5"}, 400, "invalidValue"),
        ({"liveChatId": chat_id(99999), "part": "snippet"}, 404, "liveChatNotFound"),
    ]
    for params, status, reason in checks:
        r = await world.http.get(f"{V3}/liveChat/messages", params=params, headers=auth)
        assert (r.status_code, r.json()["error"]["errors"][0]["reason"]) == (status, reason), params


@pytest.mark.asyncio
async def test_the_audience_is_the_chat_and_pages_follow_on(world):
    auth = await bearer(world)
    params = {"liveChatId": chat_id(world.room_id), "part": "id,snippet,authorDetails"}
    cid, viewer = world.viewer_comment("有XL吗", "Ada")
    first = (await world.http.get(f"{V3}/liveChat/messages", params=params, headers=auth)).json()
    assert first["kind"] == "youtube#liveChatMessageListResponse" and first["pollingIntervalMillis"] == 5000
    (item,) = [i for i in first["items"] if i["id"] == message_id(cid)]
    assert item["snippet"]["displayMessage"] == "有XL吗" and item["authorDetails"]["channelId"] == viewer_channel(viewer)
    assert item["authorDetails"]["displayName"] == "Ada" and not item["authorDetails"]["isChatOwner"]
    empty = (await world.http.get(f"{V3}/liveChat/messages", headers=auth,
                                  params={**params, "pageToken": first["nextPageToken"]})).json()
    assert empty["items"] == []
    later, _ = world.viewer_comment("还有吗")
    nxt = (await world.http.get(f"{V3}/liveChat/messages", headers=auth,
                                params={**params, "pageToken": empty["nextPageToken"]})).json()
    assert [i["id"] for i in nxt["items"]] == [message_id(later)]


@pytest.mark.asyncio
async def test_deletes_and_bans_act_on_the_studio_room(world):
    auth = await bearer(world)
    cid, viewer = world.viewer_comment("加v123456")
    gone = await world.http.delete(f"{V3}/liveChat/messages", params={"id": message_id(cid)}, headers=auth)
    assert gone.status_code == 204 and world.studio.comments._row(world.room_id, cid)["deleted"]
    again = await world.http.delete(f"{V3}/liveChat/messages", params={"id": message_id(cid)}, headers=auth)
    assert again.json()["error"]["errors"][0]["reason"] == "liveChatMessageNotFound"
    body = {"snippet": {"liveChatId": chat_id(world.room_id), "type": "temporary", "banDurationSeconds": 600,
                        "bannedUserDetails": {"channelId": viewer_channel(viewer)}}}
    ban = (await world.http.post(f"{V3}/liveChat/bans", params={"part": "snippet"}, json=body, headers=auth)).json()
    assert ban["kind"] == "youtube#liveChatBan" and ban["snippet"]["banDurationSeconds"] == 600
    assert world.studio.moderation.viewer_may_comment(world.room_id, viewer, False) == "muted"
    lifted = await world.http.delete(f"{V3}/liveChat/bans", params={"id": ban["id"]}, headers=auth)
    assert lifted.status_code == 204 and world.studio.moderation.viewer_may_comment(world.room_id, viewer, False) is None
    body["snippet"].update(type="permanent")
    await world.http.post(f"{V3}/liveChat/bans", params={"part": "snippet"}, json=body, headers=auth)
    assert world.studio.moderation.viewer_may_comment(world.room_id, viewer, False) == "banned"


@pytest.mark.asyncio
async def test_expiry_quota_and_the_chaos_control(world):
    auth = await bearer(world)
    params = {"part": "snippet", "id": video_id(world.room_id)}
    assert (await world.http.get(f"{V3}/videos", params=params, headers=auth)).status_code == 200
    world.clock.advance(3600)
    assert (await world.http.get(f"{V3}/videos", params=params, headers=auth)).status_code == 401
    auth = await bearer(world)
    token = world.studio.accounts.ensure_default_staff()["anchor"]
    control = await world.http.put("/api/v1/_youtube", json={"remaining_units": 1},
                                   headers={"Authorization": f"Bearer {token}"})
    assert control.status_code == 200 and control.json()["remaining_units"] == 1
    assert (await world.http.get(f"{V3}/videos", params=params, headers=auth)).status_code == 200
    refused = await world.http.get(f"{V3}/videos", params=params, headers=auth)
    error = refused.json()["error"]
    assert refused.status_code == 403 and error["errors"][0] == {
        "message": error["message"], "domain": "youtube.quota", "reason": "quotaExceeded"}
    world.clock.advance(24 * 3600)                                   # a new Pacific day
    assert (await world.http.get(f"{V3}/videos", params=params, headers=await bearer(world))).status_code == 200


@pytest.mark.asyncio
async def test_the_consent_page_refuses_what_google_refuses(world):
    base = {"client_id": world.client["client_id"], "redirect_uri": "http://127.0.0.1:5/", "response_type": "code",
            "scope": "https://www.googleapis.com/auth/youtube.force-ssl", "code_challenge": "x" * 43,
            "code_challenge_method": "S256"}
    assert (await world.http.get("/o/oauth2/v2/auth", params=base)).status_code == 200
    for change, error in (({"client_id": "nope"}, "invalid_client"),
                          ({"redirect_uri": "https://evil.example/"}, "redirect_uri_mismatch"),
                          ({"scope": "https://www.googleapis.com/auth/drive"}, "invalid_scope"),
                          ({"code_challenge": ""}, "invalid_request")):
        page = await world.http.get("/o/oauth2/v2/auth", params={**base, **change})
        assert page.status_code == 400 and error in page.text
    wrong = await world.http.post("/token", data={"grant_type": "refresh_token", "refresh_token": "1//x",
                                                  "client_id": world.client["client_id"], "client_secret": "bad"})
    assert (wrong.status_code, wrong.json()["error"]) == (401, "invalid_client")


@pytest.mark.asyncio
async def test_consent_codes_are_capped_per_client_and_expired_ones_swept(world, monkeypatch):
    # The client id is public and the decision needs nothing secret: codes must not pile up in memory.
    monkeypatch.setattr(youtube_oauth, "MAX_LIVE_CODES", 2)
    fields = {"client_id": world.client["client_id"], "redirect_uri": "http://127.0.0.1:5/",
              "scope": "https://www.googleapis.com/auth/youtube.force-ssl", "code_challenge": "x" * 43,
              "code_challenge_method": "S256", "decision": "allow"}
    for _ in range(2):
        assert (await world.http.post("/o/oauth2/v2/auth/decision", data=fields)).status_code == 302
    refused = await world.http.post("/o/oauth2/v2/auth/decision", data=fields)
    assert refused.status_code == 429 and "rate_limit_exceeded" in refused.text
    world.clock.advance(601)                          # the codes expire (10 minutes): swept, room again
    assert (await world.http.post("/o/oauth2/v2/auth/decision", data=fields)).status_code == 302
    assert len(world.youtube.oauth._codes) == 1


def test_the_start_up_line_announces_the_oauth_client(tmp_path):
    from support.studio import start_studio

    s = start_studio(tmp_path, "--demo", "--audience", "0")
    try:
        assert s.youtube["client_id"].endswith(".apps.googleusercontent.com")
        assert s.youtube["client_secret"] and s.youtube["video_id"] == video_id(s.room_id)
    finally:
        s.stop()


@pytest.mark.asyncio
async def test_moderation_by_anyone_shows_in_the_chat_as_youtube_shows_it(world):
    auth = await bearer(world)
    params = {"liveChatId": chat_id(world.room_id), "part": "id,snippet,authorDetails"}
    cid, viewer = world.viewer_comment("加v123456")
    first = (await world.http.get(f"{V3}/liveChat/messages", params=params, headers=auth)).json()
    world.studio.comments.delete(world.room_id, cid)             # Studio's own moderation, not this client
    world.studio.moderation.mute(world.room_id, viewer, 300)
    page = (await world.http.get(f"{V3}/liveChat/messages", headers=auth,
                                 params={**params, "pageToken": first["nextPageToken"]})).json()
    deleted, banned = page["items"]
    assert deleted["snippet"]["type"] == "messageDeletedEvent"
    assert deleted["snippet"]["messageDeletedDetails"] == {"deletedMessageId": message_id(cid)}
    assert banned["snippet"]["type"] == "userBannedEvent"
    assert banned["snippet"]["userBannedDetails"]["banType"] == "temporary"
    assert banned["snippet"]["userBannedDetails"]["bannedUserDetails"]["channelId"] == viewer_channel(viewer)
    again = (await world.http.get(f"{V3}/liveChat/messages", headers=auth,
                                  params={**params, "pageToken": page["nextPageToken"]})).json()
    assert again["items"] == []


@pytest.mark.asyncio
async def test_a_second_console_sees_the_first_ones_delete(world):
    import contextlib

    credentials = await world.signed_in()
    first, second = world.adapter(credentials), world.adapter(credentials)
    cid, _ = world.viewer_comment("加v123456")
    async with contextlib.aclosing(second.events(world.video)) as stream:
        created = await stream.__anext__()
        await first.delete_comment(world.video, message_id(cid), key="k")
        updated = await stream.__anext__()
    assert created.type == "comment.created" and updated.type == "comment.updated"
    assert updated.data["comment"].deleted and updated.data["comment"].id == message_id(cid)
