"""Studio on Tencent Cloud Live: TC3 signing judged by the published example, the strict
emulator's refusals, and push/stop callbacks plus DescribeLiveStreamState turned into the room's
video state ("live", "dropped", "forbidden", "idle")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from anchor_console.studio.tencent_live import ConfigError, load_config, tc3
from anchor_console.studio.tencent_live.client import LiveApiError
from support.doc_examples import doc_examples
from support.tencent_live_world import CALLBACK_KEY, DOMAIN, SECRET_KEY, TencentLiveWorld
from support.world_fixture import world_fixture

doc = doc_examples(Path(__file__).parent / "tencent_live_docs")
world = world_fixture(TencentLiveWorld)


# ---------------------------------------------------------------------- signing and the API

def test_tc3_signing_matches_the_published_example():
    ex = doc("tc3_signature_example.json")
    body = ex["body"].encode()
    canonical = tc3.canonical_request(method="POST", host=ex["host"], content_type=ex["content_type"], body=body)
    assert canonical == ex["canonical_request"]
    to_sign = tc3.string_to_sign(canonical, timestamp=ex["timestamp"], service=ex["service"])
    assert to_sign == ex["string_to_sign"]
    assert tc3.signature(ex["secret_key"], timestamp=ex["timestamp"], service=ex["service"], to_sign=to_sign) == ex["signature"]
    assert tc3.authorization(ex["secret_id"], ex["secret_key"], timestamp=ex["timestamp"], service=ex["service"],
                             host=ex["host"], body=body, content_type=ex["content_type"]) == ex["authorization"]


def test_the_date_in_the_scope_is_utc():
    # 1551113065 is 2019-02-26 00:44:25 in Beijing: the scope's date stays 2019-02-25.
    assert tc3.utc_date(1551113065) == "2019-02-25"


@pytest.mark.asyncio
async def test_describe_live_stream_state_as_documented(world):
    ex = doc("describe_live_stream_state.json")
    world.emulator.set_state(world.stream, "active")
    assert await world.live.api.stream_state(world.stream) == "active"
    call = world.emulator.calls[-1]
    assert call == {"action": ex["action"], "params": {"AppName": "live", "DomainName": DOMAIN, "StreamName": world.stream},
                    "error": None}
    assert set(call["params"]) == set(ex["request"])
    world.emulator.set_state(world.stream, "forbid")
    assert await world.live.api.stream_state(world.stream) == "forbid"


@pytest.mark.asyncio
async def test_the_emulator_refuses_what_tencent_refuses(world):
    api, emulator = world.live.api, world.emulator
    body = json.dumps({"AppName": "live", "DomainName": DOMAIN, "StreamName": world.stream}).encode()

    def headers(**kw):
        args = dict(action="DescribeLiveStreamState", version="2018-08-01", region="ap-guangzhou",
                    timestamp=int(world.time()), service="live", host=emulator.host, body=body)
        key = kw.pop("key", SECRET_KEY)
        secret_id = kw.pop("secret_id", world.config.secret_id)
        args.update(kw)
        return tc3.signed_headers(secret_id, key, **args)

    async def code(h, content=body):
        r = await api._http.post("/", content=content, headers=h)
        assert r.status_code == 200   # errors come in a 200, as the SDK reads them
        return r.json()["Response"].get("Error", {}).get("Code")

    assert await code(headers()) is None
    assert await code(headers(key="wrong")) == "AuthFailure.SignatureFailure"
    assert await code(headers(secret_id="AKIDunknown")) == "AuthFailure.SecretIdNotFound"
    assert await code(headers(timestamp=int(world.time()) - 301)) == "AuthFailure.SignatureExpire"
    assert await code(headers(timestamp=int(world.time()) + 299)) is None
    assert await code(headers(action="DescribeLiveStreamOnlineList")) == "InvalidAction"
    assert await code(headers(version="2017-03-12")) == "NoSuchVersion"
    assert await code(headers(), content=body + b" ") == "AuthFailure.SignatureFailure"   # the body is signed
    h = headers()
    h["Authorization"] = h["Authorization"].replace("TC3-HMAC-SHA256", "HMAC-SHA256")
    assert await code(h) == "AuthFailure.InvalidAuthorization"
    other = json.dumps({"AppName": "live", "DomainName": "other.example.com", "StreamName": "x"}).encode()
    assert await code(headers(body=other), content=other) == "ResourceNotFound.DomainNotExist"


@pytest.mark.asyncio
async def test_the_client_keeps_to_its_rate_and_backs_off_when_limited(world):
    world.emulator.rate_per_s = 3
    api = world.live.api
    for _ in range(3):
        await api.stream_state(world.stream)
    assert world.emulator.errors() == []
    assert world.slept and all(abs(s - 1 / world.config.requests_per_s) < 1e-6 for s in world.slept)
    world.config.__dict__["requests_per_s"] = 1000.0   # faster than the emulator allows: it refuses
    world.slept.clear()
    world.emulator._window = [world.time()] * 3
    with pytest.raises(LiveApiError) as refused:
        await api.stream_state(world.stream)
    assert refused.value.limited and SECRET_KEY not in str(refused.value)
    await api.stream_state(world.stream)   # held back for a while first, then answered
    assert any(s >= 4.9 for s in world.slept)
    assert world.emulator.errors() == ["RequestLimitExceeded"]


# ---------------------------------------------------------------------- callbacks

@pytest.mark.asyncio
async def test_a_push_callback_makes_the_room_live_and_tells_consoles(world):
    assert world.video() is None
    assert await world.tencent.push(world.stream) == 200
    assert world.video() == {"state": "live", "since": int(world.time())}
    assert world.video_events()[-1] == {"state": "live", "since": int(world.time())}
    events = len(world.video_events())
    assert await world.tencent.push(world.stream) == 200   # a retry of it changes nothing
    assert len(world.video_events()) == events


@pytest.mark.asyncio
async def test_a_callback_with_a_wrong_sign_or_an_expired_t_is_refused(world):
    bad = world.tencent.body(1, world.stream, key="not-the-key")
    assert await world.tencent.send(bad) == 403
    assert world.tencent.answers == [403] * 13   # Tencent retried it every minute, 12 times
    assert world.slept == [60.0] * 12
    world.tencent.answers.clear()
    expired = world.tencent.body(1, world.stream, t=int(world.time()) - 1)
    r = await world.http.post(world.config.callback_path, json=expired)
    assert r.status_code == 403 and "expired" in r.json()["message"]
    assert CALLBACK_KEY not in r.text
    unsigned = {k: v for k, v in world.tencent.body(1, world.stream).items() if k != "sign"}
    assert (await world.http.post(world.config.callback_path, json=unsigned)).status_code == 403
    assert world.video() is None


@pytest.mark.asyncio
async def test_callbacks_for_another_domain_app_or_stream_are_answered_and_ignored(world):
    other = world.tencent.body(1, world.stream)
    other["app"] = "push.other.com"
    r = await world.http.post(world.config.callback_path, json=other)
    assert r.status_code == 200 and r.json() == {"code": 0}
    assert await world.tencent.push("someone_elses_stream") == 200
    assert world.video() is None


@pytest.mark.asyncio
async def test_stop_then_inactive_drops_the_stream_of_a_live_room(world):
    await world.tencent.push(world.stream)
    world.emulator.set_state(world.stream, "active")
    world.time.advance(30)
    stopped_at = int(world.time())
    world.emulator.set_state(world.stream, "inactive")
    assert await world.stop_callback() == 200
    assert world.video() == {"state": "dropped", "since": stopped_at}
    assert [v["state"] for v in world.video_events() if v] == ["live", "dropped"]
    # The anchor pushes again: live at once, from the callback.
    world.time.advance(45)
    await world.tencent.push(world.stream, sequence="2")
    assert world.video()["state"] == "live"


@pytest.mark.asyncio
async def test_a_stop_the_api_contradicts_keeps_the_stream_live(world):
    await world.tencent.push(world.stream)
    world.emulator.set_state(world.stream, "active")   # a new push was already up
    await world.stop_callback()
    assert world.video()["state"] == "live"


@pytest.mark.asyncio
async def test_a_failed_query_after_a_stop_keeps_the_state_and_the_slow_check_settles_it(world):
    await world.tencent.push(world.stream)
    world.emulator.secrets.clear()   # every query now fails (AuthFailure.SecretIdNotFound)
    await world.stop_callback()
    assert world.video()["state"] == "live"   # Tencent: an API failure counts as online
    world.emulator.secrets[world.config.secret_id] = SECRET_KEY
    world.time.advance(60)
    await world.live.watch.check_due()
    assert world.video()["state"] == "dropped"


@pytest.mark.asyncio
async def test_forbid_and_the_end_of_the_show(world):
    await world.tencent.push(world.stream)
    world.emulator.set_state(world.stream, "forbid")
    world.time.advance(60)
    await world.live.watch.check_due()
    assert world.video()["state"] == "forbidden"
    world.studio.rooms.end(world.room_id)
    world.emulator.set_state(world.stream, "inactive")
    await world.stop_callback()
    assert world.video()["state"] == "idle"   # stopped after the show: not a drop


@pytest.mark.asyncio
async def test_a_lost_stop_callback_drops_the_stream_after_two_slow_checks(world):
    await world.tencent.push(world.stream)
    world.emulator.set_state(world.stream, "inactive")
    await world.live.watch.check_due()   # never asked yet: due now
    assert world.video()["state"] == "live"
    world.time.advance(30)
    await world.live.watch.check_due()   # not due again before the interval
    assert len(world.emulator.calls) == 1
    world.time.advance(30)
    await world.live.watch.check_due()
    assert world.video()["state"] == "dropped"
    assert len(world.emulator.calls) == 2


@pytest.mark.asyncio
async def test_a_late_retry_of_an_older_stop_changes_nothing(world):
    old_stop = world.tencent.body(0, world.stream, sequence="1")
    world.time.advance(5)
    await world.tencent.push(world.stream, sequence="2")
    world.emulator.set_state(world.stream, "inactive")
    assert await world.tencent.send(old_stop) == 200
    await world.live.watch.settled()
    assert world.video()["state"] == "live" and world.emulator.calls == []


@pytest.mark.asyncio
async def test_a_scheduled_room_shows_a_rehearsal_push_and_its_stop_as_idle(world):
    room = world.studio.rooms.create("明晚的直播")["id"]
    stream = world.studio.rooms.push_info(room)[0]
    await world.tencent.push(stream)
    assert world.video(room)["state"] == "live"
    await world.stop_callback(stream)
    assert world.video(room)["state"] == "idle"


# ---------------------------------------------------------------------- settings

def test_settings_take_secrets_from_the_environment_or_files_only(tmp_path):
    settings = tmp_path / "live.json"
    settings.write_text(json.dumps({"push_domain": DOMAIN, "region": "ap-shanghai"}))
    env = {"TENCENTCLOUD_SECRET_ID": "AKIDx", "TENCENTCLOUD_SECRET_KEY": "sk-very-secret",
           "TENCENT_LIVE_CALLBACK_KEY": "cb-very-secret"}
    config = load_config(settings, env)
    assert (config.secret_key, config.callback_key, config.region) == ("sk-very-secret", "cb-very-secret", "ap-shanghai")
    assert "very-secret" not in repr(config)
    key_file = tmp_path / "secret_key"
    key_file.write_text("sk-from-file\n")
    settings.write_text(json.dumps({"push_domain": DOMAIN, "secret_key_file": str(key_file)}))
    assert load_config(settings, env).secret_key == "sk-from-file"
    settings.write_text(json.dumps({"push_domain": DOMAIN, "secret_key": "sk-in-the-file"}))
    with pytest.raises(ConfigError) as in_file:
        load_config(settings, env)
    assert "sk-in-the-file" not in str(in_file.value)
    settings.write_text(json.dumps({"push_domain": DOMAIN}))
    with pytest.raises(ConfigError, match="TENCENT_LIVE_CALLBACK_KEY"):
        load_config(settings, {k: v for k, v in env.items() if k != "TENCENT_LIVE_CALLBACK_KEY"})


def test_studio_refuses_to_start_on_wrong_live_settings(tmp_path, capsys, monkeypatch):
    from anchor_console.cli import build_parser
    from anchor_console.studio import server

    monkeypatch.setattr("anchor_console.studio.logs.setup_logging", lambda *a, **kw: None)
    settings = tmp_path / "live.json"
    settings.write_text(json.dumps({"push_domain": DOMAIN, "secret_key": "sk-leak"}))
    assert server.run(build_parser().parse_args(["studio", "--tencent-live-config", str(settings)])) == 2
    out = capsys.readouterr().out
    assert "secret_key does not belong" in json.loads(out)["error"] and "sk-leak" not in out
    settings.write_text(json.dumps({"push_domain": DOMAIN}))
    for name in ("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENT_LIVE_CALLBACK_KEY"):
        monkeypatch.setenv(name, "x")
    args = build_parser().parse_args(["studio", "--tencent-live-config", str(settings), "--push-domain", "other.com"])
    assert server.run(args) == 2
    assert "is not the push_domain" in json.loads(capsys.readouterr().out)["error"]


@pytest.mark.asyncio
async def test_a_callback_without_a_usable_event_time_still_counts(world):
    body = world.tencent.body(1, world.stream)
    body["event_time"] = "soon"
    assert (await world.http.post(world.config.callback_path, json=body)).status_code == 200
    assert world.video()["state"] == "live"


@pytest.mark.asyncio
@pytest.mark.parametrize("event_time", ["inf", "-inf", "nan", 10**400, 9e15, -9e15],
                         ids=["inf", "-inf", "nan", "10**400", "9e15", "-9e15"])
async def test_an_unbelievable_event_time_is_replaced_by_the_receive_time(world, event_time):
    # The sign covers only t: a body replayed within its window can carry any event_time.
    body = world.tencent.body(1, world.stream)
    body["event_time"] = event_time
    r = await world.http.post(world.config.callback_path, content=json.dumps(body),
                              headers={"Content-Type": "application/json"})
    assert r.status_code == 200
    assert world.video() == {"state": "live", "since": int(world.time())}
    token = world.studio.accounts.ensure_default_staff()["assistant"]
    auth = {"Authorization": f"Bearer {token}"}
    assert (await world.http.get(f"/api/v1/rooms/{world.room_id}", headers=auth)).status_code == 200
    assert (await world.http.get("/api/v1/rooms", headers=auth)).status_code == 200
    world.time.advance(30)   # the state is not frozen: a genuine stop still counts
    world.emulator.set_state(world.stream, "inactive")
    assert await world.stop_callback(sequence="2") == 200
    assert world.video() == {"state": "dropped", "since": int(world.time())}


@pytest.mark.asyncio
async def test_a_future_event_time_within_a_day_orders_callbacks_but_since_is_not_in_the_future(world):
    ahead = world.time() + 3600   # Tencent's clock ahead of Studio's
    assert await world.tencent.push(world.stream, event_time=ahead) == 200
    assert world.video() == {"state": "live", "since": int(world.time())}
    world.emulator.set_state(world.stream, "inactive")
    assert await world.stop_callback(event_time=ahead - 5) == 200   # older: ignored
    assert world.video()["state"] == "live" and world.emulator.calls == []


@pytest.mark.asyncio
async def test_a_stored_infinite_time_from_before_the_check_neither_breaks_nor_freezes(world):
    await world.tencent.push(world.stream)
    world.studio.store.db.execute("UPDATE tencent_live_video SET since = ?, event_time = ? WHERE room_id = ?",
                                  (float("inf"), 9e15, world.room_id))
    assert world.video() == {"state": "live", "since": world.time()}
    world.time.advance(30)
    world.emulator.set_state(world.stream, "inactive")
    assert await world.stop_callback(sequence="2") == 200
    assert world.video() == {"state": "dropped", "since": int(world.time())}


@pytest.mark.asyncio
async def test_two_workers_share_the_video_and_take_turns_asking(tmp_path):
    a = TencentLiveWorld(tmp_path)
    b = TencentLiveWorld(tmp_path, time=a.time)   # a second worker on the same database
    try:
        assert b.room_id == a.room_id
        await a.tencent.push(a.stream)             # Tencent's callback reached worker A
        assert b.video()["state"] == "live"
        for w in (a, b):
            w.emulator.set_state(a.stream, "inactive")
        await a.live.watch.check_due()
        await b.live.watch.check_due()             # A asked a moment ago: B does not ask too
        assert (len(a.emulator.calls), len(b.emulator.calls)) == (1, 0)
        a.time.advance(61)
        await b.stop_callback(a.stream)            # the stop reached worker B, which asks
        assert a.video()["state"] == "dropped" and len(b.emulator.calls) == 1
        await a.live.watch.check_due()             # B's check counts for A too
        assert len(a.emulator.calls) == 1
    finally:
        await b.aclose()
        await a.aclose()


@pytest.mark.asyncio
async def test_a_callback_with_long_push_parameters_fits_and_a_huge_one_does_not(world):
    body = world.tencent.body(1, world.stream)
    body["stream_param"] = "txSecret=0&txTime=0&" + "x" * 3000   # past the 1 KB of Studio's open routes
    assert await world.tencent.send(body) == 200
    assert world.video()["state"] == "live"
    body["stream_param"] = "x" * 20_000
    r = await world.http.post(world.config.callback_path, json=body)
    assert r.status_code == 413
