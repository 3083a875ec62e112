"""The WeChat emulator's gate, as WeChat behaves: getStableAccessToken's two modes (the same token
in normal mode, the hand-over in its last 5 minutes, force_refresh invalidating the old one, at most
20 a day and one per 30 s), 40001/42001 on a replaced or expired token, 41001 without one, 48001
for the other account's APIs, 43001/43002 for the wrong method, 44002/47001 for a body that is
not JSON, and the daily (45009) and per-minute (45011) allowances, which refused calls do not use."""

from __future__ import annotations

import pytest
from wechat_world import B, World, errcode

from anchor_console.studio.api import create_app
from anchor_console.studio.services import Studio
from anchor_console.studio.store import StudioClock
from anchor_console.studio.wechat.core import BEIJING_OFFSET_S
from support.postgres import studio_database

LIVEINFO = "/wxa/business/getliveinfo"


@pytest.fixture
def world(tmp_path) -> World:
    return World(tmp_path)


# ---------------------------------------------------------------------------------- tokens

def test_normal_mode_hands_out_the_same_token_with_what_is_left_of_its_life(world):
    first = world.stable_token()
    assert set(first) == {"access_token", "expires_in"} and first["expires_in"] == 7200
    world.time.advance(1000)
    again = world.stable_token()
    assert again == {"access_token": first["access_token"], "expires_in": 6200}


def test_in_its_last_five_minutes_the_next_token_is_handed_out_and_both_work_until_the_old_expires(world):
    old = world.stable_token()["access_token"]
    world.time.advance(7200 - 300)
    new = world.stable_token()
    assert new["access_token"] != old and new["expires_in"] == 7200
    assert errcode(world.call(LIVEINFO, token=old)) == 0
    assert errcode(world.call(LIVEINFO, token=new["access_token"])) == 0
    world.time.advance(300)
    assert errcode(world.call(LIVEINFO, token=old)) == 42001
    assert errcode(world.call(LIVEINFO, token=new["access_token"])) == 0


def test_a_forced_refresh_invalidates_the_old_token_at_once(world):
    old = world.stable_token()["access_token"]
    forced = world.stable_token(force=True)
    assert forced["access_token"] != old and forced["expires_in"] == 7200
    answer = world.call(LIVEINFO, token=old)
    assert errcode(answer) == 40001
    assert answer["errmsg"].startswith("invalid credential, access_token is invalid or not latest rid: ")
    assert errcode(world.call(LIVEINFO, token=forced["access_token"])) == 0
    assert world.stable_token()["access_token"] == forced["access_token"]


def test_forced_refreshes_come_30_seconds_apart_and_20_a_day(world):
    first = world.stable_token(force=True)["access_token"]
    world.time.advance(10)
    assert world.stable_token(force=True) == {"access_token": first, "expires_in": 7190}   # not refreshed
    world.time.advance(21)
    assert world.stable_token(force=True)["access_token"] != first
    for _ in range(18):
        world.time.advance(31)
        assert "access_token" in world.stable_token(force=True)
    world.time.advance(31)
    assert errcode(world.stable_token(force=True)) == 45009
    assert "access_token" in world.stable_token()                     # normal mode still answers


@pytest.mark.parametrize("override,code", [
    ({"grant_type": "password"}, 40002), ({"appid": "wx0000000000000000"}, 40013), ({"appid": ""}, 41002),
    ({"secret": ""}, 41004), ({"secret": "0" * 32}, 40125), ({"force_refresh": "yes"}, 47001)])
def test_stable_token_refusals(world, override, code):
    answer = world.stable_token(**override)
    assert errcode(answer) == code and "access_token" not in answer


def test_stable_token_is_post_json_only(world):
    assert errcode(world.http.get("/cgi-bin/stable_token").json()) == 43002
    assert errcode(world.http.post("/cgi-bin/stable_token", content=b"grant_type=client_credential").json()) == 47001
    assert errcode(world.http.post("/cgi-bin/stable_token", content=b"").json()) == 44002


def test_a_token_must_be_there_known_and_current(world):
    assert errcode(world.http.post(LIVEINFO, json={}).json()) == 41001
    assert errcode(world.call(LIVEINFO, token="86_not-a-token")) == 40001
    world.config.token_ttl_s = 60
    token = world.stable_token(force=True)
    assert token["expires_in"] == 60
    world.time.advance(60)
    answer = world.call(LIVEINFO, token=token["access_token"])
    assert errcode(answer) == 42001 and answer["errmsg"].startswith("access_token expired rid: ")


def test_each_account_calls_only_its_own_apis(world):
    assert errcode(world.call("/channels/ec/coupon/get_list", {"status": 1}, account="mini")) == 48001
    assert errcode(world.call(LIVEINFO, {}, account="shop")) == 48001
    assert errcode(world.call("/cgi-bin/openapi/quota/get", {"cgi_path": LIVEINFO}, account="shop")) == 76022


def test_every_answer_is_http_200_with_an_envelope(world):
    r = world.http.post(LIVEINFO, params={"access_token": "x"}, json={})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")


# ---------------------------------------------------------------------------------- methods and bodies

def test_the_wrong_method_gets_wechats_answer(world):
    token = world.token()
    assert errcode(world.http.post(f"{B}/room/getpushurl", params={"access_token": token, "roomId": 1}).json()) == 43001
    assert errcode(world.http.get(LIVEINFO, params={"access_token": token}).json()) == 43002
    assert errcode(world.call(f"{B}/goods/getapproved", method="GET", status=2)) == 0


def test_a_body_must_be_a_json_object(world):
    token = world.token()
    for raw, code in ((b"", 44002), (b"{", 47001), (b"[1]", 47001), (b"\xff\xfe", 47001)):
        assert errcode(world.http.post(LIVEINFO, params={"access_token": token}, content=raw).json()) == code


def test_get_apis_read_the_query_and_ignore_a_body(world):
    token = world.token()
    r = world.http.request("GET", f"{B}/room/getpushurl", params={"access_token": token},
                           json={"roomId": world.room_id})
    assert errcode(r.json()) == 300022            # as on WeChat: the roomId belongs in the query string


# ---------------------------------------------------------------------------------- allowances

def test_a_daily_allowance_refuses_past_its_limit_without_counting_and_resets_at_beijing_midnight(world):
    world.config.daily_limits = {f"{B}/goods/getapproved": 3}
    token = world.token()
    answers = [errcode(world.call(f"{B}/goods/getapproved", method="GET", token=token, status=2)) for _ in range(5)]
    assert answers == [0, 0, 0, 45009, 45009]
    refusal = world.call(f"{B}/goods/getapproved", method="GET", token=token, status=2)
    assert refusal["errmsg"].startswith("reach max api daily quota limit rid: ")
    quota = world.call("/cgi-bin/openapi/quota/get", {"cgi_path": f"{B}/goods/getapproved"}, token=token)
    assert quota["quota"] == {"daily_limit": 3, "used": 3, "remain": 0}
    now = world.now()
    midnight = ((now + BEIJING_OFFSET_S) // 86400 + 1) * 86400 - BEIJING_OFFSET_S
    world.time.advance(midnight - now + 1)
    assert errcode(world.call(f"{B}/goods/getapproved", method="GET", status=2)) == 0


def test_a_minute_allowance_refuses_until_the_next_minute(world):
    world.config.minute_limits = {LIVEINFO: 2}
    world.time.advance(60 - world.now() % 60 + 1)
    token = world.token()
    assert [errcode(world.call(LIVEINFO, token=token)) for _ in range(3)] == [0, 0, 45011]
    refusal = world.call(LIVEINFO, token=token)
    assert refusal["errmsg"].startswith("api minute-quota reach limit, must slower, retry next minute, rid: ")
    world.time.advance(60)
    assert errcode(world.call(LIVEINFO, token=token)) == 0


def test_documented_limits_apply_by_default(world):
    token = world.token()
    quota = world.call("/cgi-bin/openapi/quota/get", {"cgi_path": f"{B}/goods/add"}, token=token)["quota"]
    assert quota == {"daily_limit": 500, "used": 0, "remain": 500}
    assert errcode(world.call("/cgi-bin/openapi/quota/get", {"cgi_path": "/wxa/nothing"}, token=token)) == 76021


def test_tokens_and_counts_survive_a_restart(world, tmp_path):
    world.config.daily_limits = {LIVEINFO: 2}
    token = world.token()
    world.call(LIVEINFO, token=token)
    restarted = Studio(str(studio_database(tmp_path)), clock=StudioClock(base=world.time))
    emulator = create_app(restarted).state.wechat
    assert emulator.mini_program == world.wechat.mini_program          # the same accounts
    assert emulator.gate.appid_of(token) == world.wechat.mini_program["appid"]
    assert emulator.gate.used_today(world.wechat.mini_program["appid"], LIVEINFO) == 1
