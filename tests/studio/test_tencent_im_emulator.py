"""The Tencent Cloud IM emulator is as strict as IM: the documented requests pass, anything else is
refused with IM's codes, UserSig is checked with the official algorithm, each command is rate
limited, and every call is recorded."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from anchor_console.studio.tencent_im.usersig import gen_user_sig

from support.doc_examples import doc_examples
from support.tencent_im_emulator import TencentImEmulator
from support.tencent_im_world import ADMIN, SDKAPPID, SECRET_KEY, real_start

doc = doc_examples(Path(__file__).parent / "tencent_im_docs")


@pytest.fixture
def emulator():
    wall = real_start()
    im = TencentImEmulator(sdkappid=SDKAPPID, secret_key=SECRET_KEY, admin=ADMIN, clock=wall)
    for group in ("@TGS#2C5SZEAEF", "@TGS#aJRGC4MH6", "@TGS#2J4SZEAEL", "@TGS#1NVTZEAE4"):
        im.add_group(group)
    return im


def url(command: str, *, now: int, identifier: str = ADMIN, key: str = SECRET_KEY, expire: int = 300,
        sdkappid: int = SDKAPPID, **extra) -> str:
    query = {"sdkappid": sdkappid, "identifier": identifier,
             "usersig": gen_user_sig(SDKAPPID, key, identifier, now=now, expire=expire),
             "random": 99999999, "contenttype": "json", **extra}
    return f"https://console.tim.qq.com/v4/group_open_http_svc/{command}?{urlencode(query)}"


async def call(emulator, command: str, body, **kw) -> dict:
    async with httpx.AsyncClient(transport=emulator.transport()) as client:
        r = await client.post(url(command, now=int(emulator.clock()), **kw),
                              content=body if isinstance(body, bytes) else json.dumps(body))
    assert r.status_code == 200   # IM answers 200 whatever the outcome
    return r.json()


@pytest.mark.asyncio
async def test_the_documented_requests_are_accepted(emulator):
    forbid, ban = doc("rest_forbid_send_msg.json"), doc("rest_ban_group_member.json")
    for command, body, answer in [("forbid_send_msg", forbid["mute"], forbid["answer"]),
                                  ("forbid_send_msg", forbid["unmute"], forbid["answer"]),
                                  ("forbid_send_msg", forbid["legacy_mute"], forbid["answer"]),
                                  ("ban_group_member", ban["request"], ban["answer"]),
                                  ("unban_group_member", doc("rest_unban_group_member.json")["request"], ban["answer"]),
                                  ("modify_group_base_info", doc("rest_modify_group_base_info.json")["mute_all"],
                                   ban["answer"]),
                                  ("modify_group_base_info", doc("rest_modify_group_base_info.json")["legacy_mute_all"],
                                   ban["answer"])]:
        assert await call(emulator, command, body) == answer
    send = doc("rest_send_group_msg.json")
    sent = await call(emulator, "send_group_msg", {**send["request"], "Random": 100})
    await call(emulator, "send_group_msg", {**send["request"], "Random": 101})
    assert sent["ErrorCode"] == 0 and sent["MsgSeq"] == 1 and set(sent) == set(send["answer"])
    recall = doc("rest_group_msg_recall.json")
    recalled = await call(emulator, "group_msg_recall", {"GroupId": "@TGS#2C5SZEAEF",
                                                         "MsgSeqList": [{"MsgSeq": 1}, {"MsgSeq": 1000}]})
    assert set(recalled) == set(recall["answer"])
    assert recalled["RecallRetList"] == [{"MsgSeq": 1, "RetCode": 0}, {"MsgSeq": 1000, "RetCode": 10030}]
    assert len(emulator.calls) == 10 and all(c.code == 0 for c in emulator.calls)


@pytest.mark.asyncio
@pytest.mark.parametrize("kw, code", [
    ({"key": "a-leaked-old-key"}, 70003), ({"identifier": "jared"}, 60010),
    ({"sdkappid": SDKAPPID + 1}, 60006), ({"expire": -1}, 70001), ({"contenttype": "xml"}, 10004)])
async def test_the_url_and_usersig_are_checked(emulator, kw, code):
    answer = await call(emulator, "forbid_send_msg", doc("rest_forbid_send_msg.json")["mute"], **kw)
    assert answer["ActionStatus"] == "FAIL" and answer["ErrorCode"] == code
    assert emulator.calls[-1].code == code and emulator.groups["@TGS#2C5SZEAEF"].muted == {}


@pytest.mark.asyncio
async def test_unknown_commands_fields_and_groups_are_refused(emulator):
    mute = doc("rest_forbid_send_msg.json")["mute"]
    assert (await call(emulator, "pin_group_msg", {"GroupId": "@TGS#2C5SZEAEF"}))["ErrorCode"] == 10003
    assert (await call(emulator, "forbid_send_msg", {**mute, "Reason": "x"}))["ErrorCode"] == 10004
    assert (await call(emulator, "forbid_send_msg", {**mute, "ShutUpTime": 5}))["ErrorCode"] == 10004
    assert (await call(emulator, "forbid_send_msg", {**mute, "GroupId": "@TGS#none"}))["ErrorCode"] == 10010
    assert (await call(emulator, "forbid_send_msg", b"{not json"))["ErrorCode"] == 60003
    too_many = {**doc("rest_ban_group_member.json")["request"], "Members_Account": [f"u{i}" for i in range(21)]}
    assert (await call(emulator, "ban_group_member", too_many))["ErrorCode"] == 10004
    assert (await call(emulator, "modify_group_base_info",
                       {"GroupId": "@TGS#1NVTZEAE4", "ShutUpAllMember": "yes"}))["ErrorCode"] == 10004


@pytest.mark.asyncio
async def test_each_command_is_limited_to_its_rate(emulator):
    mute = doc("rest_forbid_send_msg.json")["mute"]
    answers = [await call(emulator, "forbid_send_msg", mute) for _ in range(201)]
    assert [a["ErrorCode"] for a in answers].count(0) == 200 and answers[-1]["ErrorCode"] == 60007
    assert (await call(emulator, "ban_group_member", doc("rest_ban_group_member.json")["request"]))["ErrorCode"] == 0
    emulator.clock.advance(0.01)   # two tokens back after 10 ms at 200/s
    assert (await call(emulator, "forbid_send_msg", mute))["ErrorCode"] == 0
    assert len(emulator.calls) == 203


@pytest.mark.asyncio
async def test_a_repeated_random_is_the_same_message_for_five_minutes_then_a_new_one(emulator):
    # send_group_msg's page: "Random": 8912345, // 随机数字，五分钟数字相同认为是重复消息
    send = {**doc("rest_send_group_msg.json")["request"], "Random": 8912345}
    first = await call(emulator, "send_group_msg", send)
    emulator.clock.advance(299)
    again = await call(emulator, "send_group_msg", send)
    emulator.clock.advance(2)
    later = await call(emulator, "send_group_msg", send)
    assert (first["MsgSeq"], again["MsgSeq"], later["MsgSeq"]) == (1, 1, 2)
    assert [seq for _group, seq in emulator.sent] == [1, 2]
