"""A room's chat through Tencent Cloud IM, in process: IM's callbacks become comments (signature and
SdkAppid checked, retries dropped), the pre-send check runs the team's word lists, and the
moderation desk's actions reach IM's REST API exactly once, signed, even when retried."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest

from anchor_console.studio.tencent_im.callbacks import callback_sign
from anchor_console.studio.tencent_im.sender import command_rate

from studio_log import logging_to_file
from support.doc_examples import doc_examples
from support.tencent_im_world import ADMIN, GROUP, ImWorld, make_world
from support.world_fixture import world_fixture

doc = doc_examples(Path(__file__).parent / "tencent_im_docs")
world = world_fixture(make_world)


async def speak(world: ImWorld, account: str, text: str, random: int) -> dict:
    return await world.callbacks.send_text(GROUP, account, text, random=random)


@pytest.mark.asyncio
async def test_the_documented_after_send_callback_becomes_a_comment_once(world):
    body = {**doc("callback_after_send.json")["body"], "GroupId": GROUP}
    for _ in range(3):   # IM retries a callback it thinks was not answered
        answer = await world.callbacks.post("Group.CallbackAfterSendMsg", body)
        assert answer.status_code == 200 and answer.json() == doc("callback_after_send.json")["answer"]
    comments = world.comments()
    assert [(c["text"], c["user"]["nickname"]) for c in comments] == [("red packet", "jared")]
    assert not comments[0]["is_staff"]


@pytest.mark.asyncio
async def test_callbacks_with_a_wrong_sign_an_old_request_time_or_another_app_are_refused(world):
    body = {**doc("callback_after_send.json")["body"], "GroupId": GROUP}
    cb = world.callbacks
    now = int(world.wall())
    forged = [cb.signed_url("Group.CallbackAfterSendMsg", token="not-the-token"),
              cb.signed_url("Group.CallbackAfterSendMsg", request_time=now - 61),
              cb.signed_url("Group.CallbackAfterSendMsg", request_time=now + 61),
              cb.signed_url("Group.CallbackAfterSendMsg", sdkappid=1400000002),
              cb.signed_url("Group.CallbackAfterSendMsg", token="").split("&RequestTime")[0]]
    for url in forged:
        answer = await world.client.post(url, content=json.dumps(body))
        assert answer.status_code == 403 and answer.json()["ActionStatus"] == "FAIL"
    assert world.comments() == []
    ok = await world.client.post(cb.signed_url("Group.CallbackAfterSendMsg", request_time=now - 59),
                                 content=json.dumps(body))
    assert ok.status_code == 200 and len(world.comments()) == 1


def test_the_sign_is_sha256_of_token_and_request_time():
    fixture = doc("callback_sign.json")
    assert callback_sign(fixture["token"], fixture["RequestTime"]) == fixture["Sign"]


@pytest.mark.asyncio
async def test_a_diversion_comment_is_refused_before_it_is_sent_by_the_teams_lists(world):
    shipped = Path(__file__).parents[2] / "resources" / "wordlists" / "diversion.txt"   # the console's own list
    words = [line.strip() for line in shipped.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    lists = {"version": 1, "groups": [   # as the console's "share with the team" uploads them (lists_to_dict)
        {"key": "diversion", "name": "引流", "action": "DELETE", "words": words},
        {"key": "competitors", "name": "站外比价", "action": "HOLD", "words": ["拼多多"]}]}
    shared = await world.client.put("/api/v1/word-lists", json={"lists": lists}, headers=world.headers("anchor"))
    assert shared.status_code == 200, shared.text
    refused = await speak(world, "viewer_a", "加微信 abc123 私聊", random=1)
    evaded = await speak(world, "viewer_a", "加 V 薇❤信 abc123", random=2)
    held_later = await speak(world, "viewer_b", "拼多多更便宜", random=3)
    fine = await speak(world, "viewer_b", "这件衣服有红色吗", random=4)
    assert refused["sent"] is False and refused["before"]["ErrorCode"] == 1
    assert evaded["sent"] is False
    assert held_later["sent"] is True and fine["sent"] is True   # HOLD is the console's, after the message is out
    assert [c["text"] for c in world.comments()] == ["拼多多更便宜", "这件衣服有红色吗"]


@pytest.mark.asyncio
async def test_the_configs_blocked_words_refuse_too(tmp_path):
    w = make_world(tmp_path, blocked_words=("加微信",))
    try:
        assert (await w.callbacks.send_text(GROUP, "v", "加微信 abc123 私聊", random=9))["sent"] is False
        assert (await w.callbacks.send_text(GROUP, "v", "你好", random=10))["sent"] is True
    finally:
        await w.aclose()


def viewer_ref(world: ImWorld, account: str) -> str:
    return f"v{world.im.bridge.viewer_for(account)}"


def only_calls(world: ImWorld, command: str) -> list:
    return [c for c in world.emulator.calls if c.command == command]


@pytest.mark.asyncio
async def test_mute_ban_and_recall_reach_im_exactly_once_signed_even_when_retried(world):
    said = await speak(world, "jared", "hello", random=77)
    comment = world.comments()[0]
    viewer = viewer_ref(world, "jared")
    base = f"/api/v1/rooms/{world.room_id}"
    requests = [("PUT", f"{base}/viewers/{viewer}/mute", {"duration_s": 600}, "mute-1"),
                ("PUT", f"{base}/viewers/{viewer}/ban", None, "ban-1"),
                ("DELETE", f"{base}/comments/{comment['id']}", None, "recall-1")]
    for method, path, body, key in requests:
        for _ in range(3):   # the console's retry of one action: same Idempotency-Key
            r = await world.client.request(method, path, json=body, headers=world.headers(key=key))
            assert r.status_code == 200, r.text
    assert await world.im.sender.drain() == 3
    assert await world.im.sender.drain() == 0
    mute, = only_calls(world, "forbid_send_msg")
    ban, = only_calls(world, "ban_group_member")
    recall, = only_calls(world, "group_msg_recall")
    assert mute.body == {"GroupId": GROUP, "Members_Account": ["jared"], "MuteTime": 600} and mute.code == 0
    assert ban.body["Members_Account"] == ["jared"] and ban.code == 0
    assert recall.body == {"GroupId": GROUP, "MsgSeqList": [{"MsgSeq": said["MsgSeq"]}]} and recall.code == 0
    for call in (mute, ban, recall):   # the emulator checked each UserSig; this is what it was made for
        assert call.query["identifier"] == ADMIN and call.query["contenttype"] == "json"
    assert world.emulator.groups[GROUP].recalled == {said["MsgSeq"]}
    assert "jared" in world.emulator.groups[GROUP].banned
    assert [row["status"] for row in world.im.bridge.outbox()] == ["sent"] * 3


@pytest.mark.asyncio
async def test_unmute_unban_and_room_wide_mute_follow_the_documented_bodies(world):
    await speak(world, "leckie", "hi", random=5)
    viewer, base = viewer_ref(world, "leckie"), f"/api/v1/rooms/{world.room_id}"
    for method, path, body in [("DELETE", f"{base}/viewers/{viewer}/mute", None),
                               ("DELETE", f"{base}/viewers/{viewer}/ban", None),
                               ("PUT", f"{base}/mute-all", {"muted": True}),
                               ("PUT", f"{base}/mute-all", {"muted": False})]:
        assert (await world.client.request(method, path, json=body, headers=world.headers())).status_code == 200
    await world.im.sender.drain()
    calls = [(c.command, c.body, c.code) for c in world.emulator.calls]
    assert calls == [
        ("forbid_send_msg", {"GroupId": GROUP, "Members_Account": ["leckie"], "MuteTime": 0}, 0),
        ("unban_group_member", {"GroupId": GROUP, "Members_Account": ["leckie"]}, 0),
        ("modify_group_base_info", {"GroupId": GROUP, "MuteAllMember": "On"}, 0),
        ("modify_group_base_info", {"GroupId": GROUP, "MuteAllMember": "Off"}, 0)]
    assert world.emulator.groups[GROUP].shut_up_all is False


@pytest.mark.asyncio
async def test_a_staff_post_goes_out_once_and_its_echo_is_not_a_second_comment(world):
    r = await world.client.post(f"/api/v1/rooms/{world.room_id}/comments", json={"text": "欢迎来到直播间"},
                                headers=world.headers(key="post-1"))
    assert r.status_code == 201
    await world.im.sender.drain()
    sent, = only_calls(world, "send_group_msg")
    assert sent.body["From_Account"] == ADMIN and sent.body["MsgBody"] == [
        {"MsgType": "TIMTextElem", "MsgContent": {"Text": "欢迎来到直播间"}}]
    (group_id, seq), = world.emulator.sent
    await world.callbacks.after_send(group_id, seq)   # IM calls back for the admin's REST send too
    assert [c["text"] for c in world.comments()] == ["欢迎来到直播间"]
    assert world.im.bridge.msg_seq_of(r.json()["id"]) == seq
    hidden = await world.client.put(f"/api/v1/rooms/{world.room_id}/comments/{r.json()['id']}/hidden",
                                    json={"hidden": True}, headers=world.headers())
    assert hidden.status_code == 200
    await world.im.sender.drain()
    assert only_calls(world, "group_msg_recall")[0].body["MsgSeqList"] == [{"MsgSeq": seq}]


@pytest.mark.asyncio
async def test_a_pin_is_the_groups_notice_and_unpin_clears_it(world):
    await speak(world, "jared", "主播好", random=11)
    comment = world.comments()[0]
    assert (await world.client.put(f"/api/v1/rooms/{world.room_id}/comments/{comment['id']}/pin",
                                   headers=world.headers())).status_code == 200
    await world.im.sender.drain()
    sent, = only_calls(world, "modify_group_base_info")
    assert sent.body == {"GroupId": GROUP, "Notification": "主播好"}
    assert world.emulator.groups[GROUP].notification == "主播好"
    assert (await world.client.delete(f"/api/v1/rooms/{world.room_id}/comments/{comment['id']}/pin",
                                      headers=world.headers())).status_code == 200
    await world.im.sender.drain()
    assert world.emulator.groups[GROUP].notification == ""


@pytest.mark.asyncio
async def test_ims_refusal_is_recorded_in_clear_words_and_not_retried(world):
    await speak(world, "jared", "hi", random=1)
    del world.emulator.groups[GROUP]   # the group was dismissed in IM's console
    viewer = viewer_ref(world, "jared")
    await world.client.put(f"/api/v1/rooms/{world.room_id}/viewers/{viewer}/mute", json={"duration_s": 60},
                           headers=world.headers())
    assert await world.im.sender.drain() == 1
    row, = world.im.bridge.outbox()
    assert row["status"] == "failed" and row["error_code"] == 10010
    assert row["error"].startswith("The IM group no longer exists")
    assert await world.im.sender.drain() == 0 and len(world.emulator.calls) == 1


@pytest.mark.asyncio
async def test_the_rate_limit_is_honoured_without_a_refusal(world):
    for i in range(3):
        await speak(world, f"fan{i}", "hi", random=i)
    world.emulator.rate_per_s = 2.0   # a tiny limit to see the bucket work
    world.im.client.rate = command_rate(2.0, clock=world.im.client.rate.clock)
    viewers = [viewer_ref(world, f"fan{i}") for i in range(3)]
    for v in viewers:
        await world.client.put(f"/api/v1/rooms/{world.room_id}/viewers/{v}/mute", json={"duration_s": 60},
                               headers=world.headers())

    async def advance_while_waiting(seconds: float) -> None:   # the sender's sleep, on the manual clock
        world.wall.advance(seconds)
    import anchor_console.studio.tencent_im.sender as sender_module
    real_sleep = sender_module.asyncio.sleep
    sender_module.asyncio.sleep = advance_while_waiting
    try:
        assert await world.im.sender.drain() == 3
    finally:
        sender_module.asyncio.sleep = real_sleep
    assert [c.code for c in world.emulator.calls] == [0, 0, 0]
    assert world.emulator.calls[2].at - world.emulator.calls[0].at >= 0.5


@pytest.mark.asyncio
async def test_a_request_that_rolls_back_leaves_nothing_to_send(world):
    r = await world.client.put(f"/api/v1/rooms/{world.room_id}/viewers/v999999/mute", json={"duration_s": 60},
                               headers=world.headers())
    assert r.status_code == 404
    assert world.im.bridge.outbox() == [] and await world.im.sender.drain() == 0


@pytest.mark.asyncio
async def test_a_wrong_secret_key_is_recorded_as_ims_refusal_of_the_usersig(world):
    await speak(world, "jared", "hi", random=1)
    world.emulator.secret_key = "the-key-was-rotated-in-ims-console"
    viewer = viewer_ref(world, "jared")
    await world.client.put(f"/api/v1/rooms/{world.room_id}/viewers/{viewer}/mute", json={"duration_s": 60},
                           headers=world.headers())
    await world.im.sender.drain()
    row, = world.im.bridge.outbox()
    assert (row["status"], row["error_code"]) == ("failed", 70003)
    assert "SecretKey" in row["error"] and world.im.config.secret_key not in row["error"]


@pytest.mark.asyncio
async def test_the_callback_path_refuses_what_is_not_a_callback(world):
    url = world.callbacks.signed_url("Group.CallbackAfterSendMsg")
    assert (await world.client.get(url)).status_code == 405
    assert (await world.client.post(url, content=b"{not json")).status_code == 400
    assert (await world.client.post(url, content=b"[" + b"1," * 40000 + b"1]")).status_code == 413
    assert world.comments() == []


async def mute_once(world: ImWorld, account: str) -> None:
    await speak(world, account, "hi", random=hash(account) % 2**31)
    r = await world.client.put(f"/api/v1/rooms/{world.room_id}/viewers/{viewer_ref(world, account)}/mute",
                               json={"duration_s": 60}, headers=world.headers())
    assert r.status_code == 200


@pytest.mark.asyncio
async def test_two_senders_on_one_outbox_send_each_row_once(world):
    from anchor_console.studio.tencent_im.sender import ImRestClient, OutboxSender

    for account in ("a", "b", "c", "d"):
        await mute_once(world, account)
    other_client = ImRestClient(world.im.config, transport=world.emulator.transport(), wall=world.wall)
    other = OutboxSender(world.im.bridge, other_client, world.wall)   # a second worker's sender on the same database
    try:
        settled = await asyncio.gather(world.im.sender.drain(), other.drain())
    finally:
        await other_client.aclose()
    assert sum(settled) == 4
    assert sorted(c.body["Members_Account"][0] for c in only_calls(world, "forbid_send_msg")) == ["a", "b", "c", "d"]


@pytest.mark.asyncio
async def test_a_row_claimed_by_a_worker_that_died_is_sent_after_the_claim_goes_stale(world):
    from anchor_console.studio.tencent_im.sender import CLAIM_STALE_S

    await mute_once(world, "jared")
    now = world.wall()
    with world.studio.store.tx():   # a worker claimed it, then died before IM answered
        world.studio.store.db.execute("UPDATE tencent_im_outbox SET status = 'sending', claimed_by = 'dead', "
                                      "claimed_at = ?, attempts = 1", (now - 1,))
    assert await world.im.sender.drain() == 0 and not only_calls(world, "forbid_send_msg")
    with world.studio.store.tx():
        world.studio.store.db.execute("UPDATE tencent_im_outbox SET claimed_at = ?", (now - CLAIM_STALE_S - 1,))
    assert await world.im.sender.drain() == 1
    assert len(only_calls(world, "forbid_send_msg")) == 1 and world.im.bridge.outbox()[0]["status"] == "sent"


@pytest.mark.asyncio
async def test_a_staff_post_in_doubt_is_sent_again_only_within_ims_five_minute_window(world):
    from anchor_console.studio.tencent_im.sender import CLAIM_STALE_S, RANDOM_WINDOW_S

    async def post_in_doubt(text: str, first_sent_ago: float) -> None:
        """A staff post IM received, then the worker died before recording IM's answer."""
        r = await world.client.post(f"/api/v1/rooms/{world.room_id}/comments", json={"text": text},
                                    headers=world.headers(key=f"post-{first_sent_ago}"))
        assert r.status_code == 201
        await world.im.sender.drain()
        now = world.wall()
        with world.studio.store.tx():
            world.studio.store.db.execute(
                "UPDATE tencent_im_outbox SET status = 'sending', claimed_by = 'dead', claimed_at = ?, "
                "first_claimed_at = ? WHERE comment_id = ?", (now - CLAIM_STALE_S - 1, now - first_sent_ago, r.json()["id"]))

    await post_in_doubt("三分钟前发的", 180)      # within the window: sent again, and IM takes it as the same message
    assert await world.im.sender.drain() == 1
    assert len(only_calls(world, "send_group_msg")) == 2 and len(world.emulator.sent) == 1
    await post_in_doubt("六分钟前发的", RANDOM_WINDOW_S + 60)   # past it: a resend would be a second post
    assert await world.im.sender.drain() == 1
    assert len(only_calls(world, "send_group_msg")) == 3 and len(world.emulator.sent) == 2
    within, past = world.im.bridge.outbox()
    assert (within["status"], past["status"]) == ("sent", "failed") and "five minutes" in past["error"]
    told = [json.loads(r["data"]) for r in world.studio.store.db.execute(
        "SELECT data FROM events WHERE type = 'chat_relay.failed' ORDER BY id")]   # the consoles hear of it
    assert [(t["action"], t["service"], "five minutes" in t["message"]) for t in told] == [
        ("staff_post", "tencent_im", True)]


@pytest.mark.asyncio
async def test_im_unreachable_is_retried_until_it_answers(world):
    await mute_once(world, "jared")
    broken = httpx.MockTransport(lambda request: (_ for _ in ()).throw(httpx.ConnectError("down", request=request)))
    world.im.client._client._transport = broken
    assert await world.im.sender.drain() == 0
    row, = world.im.bridge.outbox()
    assert row["status"] == "pending" and row["attempts"] == 1 and "could not be reached" in row["error"]
    world.im.client._client._transport = world.emulator.transport()
    assert await world.im.sender.drain() == 1 and world.im.bridge.outbox()[0]["status"] == "sent"


@pytest.mark.asyncio
async def test_a_comment_that_never_went_through_im_is_not_recalled_there(world):
    viewer = world.studio.accounts.create_viewers(["本地观众"])[0]
    comment = world.studio.comments.add_batch(world.room_id, [(viewer, "本地观众", "hello from Studio")])[0]
    r = await world.client.delete(f"/api/v1/rooms/{world.room_id}/comments/{comment['id']}", headers=world.headers())
    assert r.status_code == 200 and world.im.bridge.outbox() == []


@pytest.mark.asyncio
async def test_a_viewer_banned_in_studio_is_refused_before_im_has_heard_of_the_ban(world):
    await speak(world, "troll", "first", random=1)
    r = await world.client.put(f"/api/v1/rooms/{world.room_id}/viewers/{viewer_ref(world, 'troll')}/ban",
                               headers=world.headers())
    assert r.status_code == 200   # the outbox is not drained: IM does not know yet
    assert (await speak(world, "troll", "second", random=2))["sent"] is False
    assert (await speak(world, "someone", "hello", random=3))["sent"] is True


def test_the_pre_send_lists_follow_the_teams_version_and_skip_regular_expressions():
    from anchor_console.studio.tencent_im.presend import PreSendFilter

    shared = {"version": 1, "lists": {"groups": [{"name": "引流", "action": "MUTE", "words": ["vx", "re:\\d{11}"]}]}}
    refuse = PreSendFilter(lambda: shared)
    assert not refuse.check("加我ＶＸ").allowed and refuse.check("13800138000").allowed
    assert refuse.skipped == ["re:\\d{11}"]
    shared = {"version": 2, "lists": {"groups": [{"name": "引流", "action": "HOLD", "words": ["vx"]}]}}
    assert refuse.check("加我ＶＸ").allowed   # the anchor moved the group to "hold": no longer refused here


def test_each_worker_keeps_to_its_share_of_ims_rate_limit(tmp_path):
    """IM's 200 calls a second per command are the app's: with `--workers 3` every worker's sender
    sends at most a third of them, so together they never pass IM's limit."""
    from anchor_console.studio.services import Studio
    from anchor_console.studio.tencent_im import ImConfig, TencentIm
    from support.postgres import studio_database

    studio = Studio(str(studio_database(tmp_path, "rate")))
    try:
        config = ImConfig(sdkappid=1400000001, admin="administrator", secret_key="k", rooms={})
        shares = [TencentIm(studio, config, workers=n).client.rate for n in (1, 3)]
        assert [(b.rate, b.burst) for b in shares] == [(200.0, 200.0), (200.0 / 3, 200.0 / 3)]
    finally:
        studio.store.close()


@pytest.mark.asyncio
async def test_the_admins_usersig_stays_out_of_a_log_at_info(world, tmp_path):
    # httpx writes every request's URL at INFO, and IM's carries the admin's UserSig in its query.
    with logging_to_file(tmp_path / "studio.log"):   # anchor-console studio --log-level info --log-file …
        await mute_once(world, "jared")
        assert await world.im.sender.drain() == 1
    mute, = only_calls(world, "forbid_send_msg")
    written = (tmp_path / "studio.log").read_text(encoding="utf-8")
    assert "forbid_send_msg" in written and "usersig=***" in written
    assert mute.query["usersig"] not in written
