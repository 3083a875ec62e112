"""The local control API against a real Studio: a headless console session serves it on 127.0.0.1,
httpx and a WebSocket client press its keys. Commands need the token; FIRE needs an armed sale;
money needs a second press while the console asks before money actions; 200 presses of one money
command in a second make one action; the state stream pushes a stage change."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from types import SimpleNamespace

import httpx
import pytest
import websockets

from anchor_console.session.control_api import TOKEN_KEY
from anchor_console.show import save_show
from anchor_console.show.model import Cue, CueMode, IssueCoupon, Segment, Show, StageProduct, Trigger
from support.control_api import control_api_client, control_api_session, pressed_twice
from support.waiting import until

JEANS, JEANS_SKU = "1002", "10021"


async def api_session(session_factory, studio_factory, **settings):
    studio, session = await control_api_session(session_factory, studio_factory, **settings)
    return studio, session, control_api_client(session)


async def coupons(studio) -> list:
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers("anchor")) as c:
        return (await c.get(f"/api/v1/rooms/{studio.room_id}/coupons")).json()["items"]


@pytest.mark.asyncio
async def test_no_token_no_command_and_the_token_lives_in_the_keyring(session_factory, studio_factory,
                                                                      memory_keyring):
    studio, session, client = await api_session(session_factory, studio_factory)
    async with client:
        url = session.control_api.url
        async with httpx.AsyncClient(base_url=url) as anonymous:
            assert (await anonymous.post("/api/v1/commands/clear-stage")).status_code == 401
            assert (await anonymous.get("/api/v1/state")).status_code == 401
            bad = await anonymous.post("/api/v1/commands/clear-stage", headers={"Authorization": "Bearer nope"})
            assert bad.status_code == 401
            assert (await anonymous.get("/api/v1/asyncapi.json")).json()["asyncapi"].startswith("2.")
            rebound = await client.get("/api/v1/state", headers={"Host": "evil.example"})   # DNS rebinding
            assert rebound.status_code == 400
            assert "/api/v1/commands/{name}" in (await anonymous.get("/api/v1/openapi.json")).json()["paths"]
            with pytest.raises(websockets.exceptions.InvalidStatus) as refused:   # the handshake is refused
                async with websockets.connect(url.replace("http", "ws") + "/api/v1/state/stream"):
                    pass
            assert refused.value.response.status_code == 403
        token = session.control_api.token()
        assert ("anchor-console", TOKEN_KEY) in memory_keyring.store
        assert token not in session.paths.settings_file.read_text(encoding="utf-8") \
            if session.paths.settings_file.exists() else True
        # ?token= is the state stream's only (a URL ends up in logs and histories): a key sends the
        # header, and a regenerated token replaces the old one at once.
        async with httpx.AsyncClient(base_url=url) as companion:
            assert (await companion.post(f"/api/v1/commands/stage?token={token}&n=2")).status_code == 401
            r = await companion.post("/api/v1/commands/stage?n=2", headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 200 and r.json()["status"] == "confirmed", r.text
            await session.control_api.regenerate_token()
            r = await companion.post("/api/v1/commands/clear-stage", headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 401


@pytest.mark.asyncio
async def test_stage_and_the_stream_pushes_the_change(session_factory, studio_factory):
    studio, session, client = await api_session(session_factory, studio_factory)
    async with client:
        token = session.control_api.token()
        ws_url = session.control_api.url.replace("http", "ws") + f"/api/v1/state/stream?token={token}"
        async with websockets.connect(ws_url) as ws:
            first = json.loads(await ws.recv())
            assert first["type"] == "snapshot" and first["state"]["connected"]
            n = next(p["n"] for p in first["state"]["shelf"] if p["product_id"] == JEANS)
            answer = (await client.post("/api/v1/commands/stage", json={"n": n})).json()
            assert answer["status"] == "confirmed" and answer["action_id"]
            while True:    # frames come on every change; the stage shows in one of them
                frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
                assert frame["type"] == "state"
                if (frame["state"]["stage"] or {}).get("product_id") == JEANS:
                    break
            assert frame["state"]["stage"]["n"] == n
        state = (await client.get("/api/v1/state")).json()
        assert state["stage"]["product_id"] == JEANS and state["last_action"]["command"] == "stage"
        r = await client.post("/api/v1/commands/stage", json={"n": 999})
        assert r.status_code == 409 and "no product 999" in r.json()["reason"]
        assert r.json()["reason_text"]["context"] == "ControlApi"
        assert (await client.post("/api/v1/commands/stage", json={"n": "two"})).status_code == 422
        assert (await client.post("/api/v1/commands/no-such-thing")).status_code == 404


@pytest.mark.asyncio
async def test_fire_needs_an_armed_sale_and_money_needs_confirm(session_factory, studio_factory):
    studio, session, client = await api_session(session_factory, studio_factory)   # the policy asks: confirm
    async with client:
        fire = await client.post("/api/v1/commands/flash-sale/fire", json={"confirm": True})
        assert fire.status_code == 409 and fire.json()["status"] == "refused"
        assert "No flash sale is armed" in fire.json()["reason"]
        spec = dict(product_id=JEANS, sku_id=JEANS_SKU, sale_price_fen=9900, stock=1, duration_s=300)
        armed = await client.post("/api/v1/commands/flash-sale/arm", json=spec)
        assert armed.json()["status"] == "done" and session.flash_sale.armed is not None
        unconfirmed = await client.post("/api/v1/commands/flash-sale/fire?confirm=true")   # skips nothing now
        assert unconfirmed.status_code == 428 and "confirm_id" in unconfirmed.json()["reason"]
        assert session.flash_sale.armed is not None      # awaiting, still armed: nothing was sent
        assert [e.kind for e in session.journal.entries()].count("launch_flash_sale") == 0
        state = (await client.get("/api/v1/state")).json()
        assert state["awaiting_confirm"]["command"] == "flash-sale/fire"
        assert state["last_action"]["status"] == "awaiting_confirm"
        fired = await client.post("/api/v1/commands/flash-sale/fire",
                                  json={"confirm_id": unconfirmed.json()["result"]["confirm_id"]})
        assert fired.json()["status"] == "confirmed", fired.text
        assert (await client.get("/api/v1/state")).json()["awaiting_confirm"] is None
        await until(lambda: session.flash_sale.armed is None)
        stopped = await client.post("/api/v1/commands/flash-sale/stop", json={})
        assert stopped.json()["status"] == "confirmed", stopped.text


@pytest.mark.asyncio
async def test_without_the_policy_money_needs_no_confirm(session_factory, studio_factory):
    studio, session, client = await api_session(session_factory, studio_factory, confirm_money_actions=False)
    async with client:
        r = await client.post("/api/v1/commands/issue-coupon", json={"template_id": "2", "quantity": 5,
                                                                      "valid_minutes": 10})
        assert r.json()["status"] == "confirmed", r.text
        assert len(await coupons(studio)) == 1


@pytest.mark.asyncio
async def test_200_presses_in_a_second_make_one_action(session_factory, studio_factory):
    studio, session, client = await api_session(session_factory, studio_factory)
    now = [1000.0]
    session.control_api.commands._now = lambda: now[0]   # the coalescing window on the test's clock
    session.actions._money_done.clock = SimpleNamespace(monotonic=lambda: now[0])   # and the double-press one
    body = {"template_id": "2", "quantity": 50, "valid_minutes": 10}
    async with client:
        first = await client.post("/api/v1/commands/issue-coupon", json=body)   # money: it awaits a second press
        assert first.status_code == 428 and [e.kind for e in session.journal.entries()].count("issue_coupon") == 0
        now[0] += 0.5
        answers = await asyncio.gather(*(client.post("/api/v1/commands/issue-coupon", json=body)
                                         for _ in range(200)))
        assert {a.status_code for a in answers} == {200}
        assert {a.json()["status"] for a in answers} == {"confirmed"}
        assert len({a.json()["action_id"] for a in answers}) == 1
        assert sum(not a.json()["coalesced"] for a in answers) == 1
        assert [e.kind for e in session.journal.entries()].count("issue_coupon") == 1
        assert len(await coupons(studio)) == 1
        now[0] += 2.5    # a pause longer than the window: the same key issues a batch again (pressed twice)
        assert (await client.post("/api/v1/commands/issue-coupon", json=body)).status_code == 428
        now[0] += 0.5
        again = (await client.post("/api/v1/commands/issue-coupon", json=body)).json()
        assert again["status"] == "confirmed" and not again["coalesced"]
        assert again["action_id"] != answers[0].json()["action_id"]
    assert len(await coupons(studio)) == 2


@pytest.mark.asyncio
async def test_next_segment_and_go(session_factory, studio_factory, tmp_path):
    studio, session, client = await api_session(session_factory, studio_factory)
    show = Show("遥控测试", start=dt.time(0, 0), segments=(
        Segment("seg-a", "开场", 600),
        Segment("seg-b", "牛仔裤", 600, cues=(
            Cue("cue-stage", StageProduct(JEANS, "牛仔裤"), Trigger.at_start(), CueMode.CONFIRM),
            Cue("cue-coupon", IssueCoupon("2", 7, 10, "券"), Trigger.after(300), CueMode.MANUAL))),
    ))
    path = tmp_path / "remote.show.toml"
    save_show(show, path)
    async with client:
        assert (await client.post("/api/v1/commands/go")).json()["reason"] == "No show is running."
        assert session.show.load(path) and session.show.start()
        r = await client.post("/api/v1/commands/next-segment")
        assert r.json() == {**r.json(), "status": "done", "result": {"segment": "牛仔裤"}}
        await until(lambda: session.show.engine.snapshot().awaiting, message="the confirm cue did not wait for GO")
        state = (await client.get("/api/v1/state")).json()
        assert state["segment"]["title"] == "牛仔裤" and state["go"]["cue_id"] == "cue-stage"
        assert isinstance(state["countdown_s"], int)
        # in the console's language (the GO key shows the cue; a script reads reason_text)
        session.translate = lambda text: f"«{text.english()}»"
        state = (await client.get("/api/v1/state")).json()
        assert state["go"]["cue"] == "«at segment start: Put 牛仔裤 on stage»"
        wrong = (await client.post("/api/v1/commands/stage", json={"n": 99})).json()
        assert wrong["reason"].startswith("«") and not wrong["reason_text"]["source"].startswith("«")
        session.translate = lambda text: text.english()
        go = (await client.post("/api/v1/commands/go")).json()
        assert go["status"] == "done", go
        await until(lambda: session.room.state.stage_product_id == JEANS)
        back = (await client.post("/api/v1/commands/previous-segment")).json()
        assert back["result"]["segment"] == "开场"
        session.show.end()


@pytest.mark.asyncio
async def test_a_port_in_use_is_said_and_disabling_stops_it(session_factory, studio_factory):
    studio, session = await control_api_session(session_factory, studio_factory)
    port = session.control_api.port
    other = session.control_api.__class__(session)
    problem = await other.start(port)
    assert problem is not None and str(port) in problem.english() and not other.running
    session.settings.control_api_enabled = False
    await session.control_api.apply()
    assert not session.control_api.running
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient() as c:
            await c.get(f"http://127.0.0.1:{port}/api/v1/asyncapi.json")


@pytest.mark.asyncio
async def test_closing_the_console_closes_open_streams(session_factory, studio_factory):
    studio, session = await control_api_session(session_factory, studio_factory)
    token = session.control_api.token()
    ws_url = session.control_api.url.replace("http", "ws") + f"/api/v1/state/stream?token={token}"
    async with websockets.connect(ws_url) as ws:
        assert json.loads(await ws.recv())["type"] == "snapshot"
        await session.shutdown()   # the API stops first: the stream is closed, nothing is left running
        with pytest.raises(websockets.exceptions.ConnectionClosed):
            while True:
                await asyncio.wait_for(ws.recv(), 10)
    assert not session.control_api.running and "control-api" not in session.tasks.running()


@pytest.mark.asyncio
async def test_lucky_bag_and_red_packet(session_factory, studio_factory):
    studio, session, client = await api_session(session_factory, studio_factory)
    async with client:
        setup = {"prize": "保温杯", "winners": 1, "rule": "keyword", "keyword": "我要", "countdown_s": 600}
        bag = await pressed_twice(client, "/api/v1/commands/lucky-bag/start", json=setup)   # money
        assert bag.json()["status"] == "confirmed", bag.text
        state = (await client.get("/api/v1/state")).json()
        assert [b["prize"] for b in state["lucky_bags"]] == ["保温杯"]
        drawn = await client.post("/api/v1/commands/lucky-bag/draw", json={})
        assert drawn.json()["status"] == "done" and drawn.json()["result"]["verified"] is not False, drawn.text
        packet = {"total_fen": 1000, "count": 5, "split": "equal"}
        sent = await pressed_twice(client, "/api/v1/commands/red-packet", json=packet)
        assert sent.json()["status"] == "confirmed", sent.text
        missing = await client.post("/api/v1/commands/red-packet", json={"count": 5, "confirm": True})
        assert missing.status_code == 422 and "total_fen" in missing.json()["reason"]


@pytest.mark.asyncio
async def test_a_stream_opened_with_the_token_in_its_address_leaves_the_token_out_of_the_log(
        session_factory, studio_factory, caplog):
    caplog.set_level(logging.INFO)   # what the console writes to its log file (ui/shell/app.py)
    studio, session = await control_api_session(session_factory, studio_factory)
    token = session.control_api.token()
    ws_url = session.control_api.url.replace("http", "ws") + "/api/v1/state/stream"
    async with websockets.connect(f"{ws_url}?token={token}") as ws:   # Companion's way
        assert json.loads(await ws.recv())["type"] == "snapshot"
    async with websockets.connect(f"{ws_url}?%74oken={token}") as ws:   # the server decodes the name
        assert json.loads(await ws.recv())["type"] == "snapshot"
    with pytest.raises(websockets.exceptions.InvalidStatus):   # a refused guess is not written either
        async with websockets.connect(f"{ws_url}?token={token[:-1]}&x=1"):
            pass

    def handshakes() -> list[str]:
        return [r.getMessage() for r in caplog.records if "WebSocket /api/v1/state/stream" in r.getMessage()]
    # The server writes a refused handshake's line around the time it answers: on a busy machine
    # the client can read the refusal first.
    await until(lambda: len(handshakes()) == 3, message="the handshakes logged")
    assert len(handshakes()) == 3 and all("oken=***" in m for m in handshakes()), handshakes()
    assert not [r.getMessage() for r in caplog.records if token[:-1] in r.getMessage()]
    async with httpx.AsyncClient() as c:   # no docs page pulling scripts from a CDN
        assert (await c.get(session.control_api.url + "/api/v1/docs")).status_code == 404


@pytest.mark.asyncio
async def test_a_regenerated_token_closes_the_streams_opened_with_the_old_one(session_factory, studio_factory):
    studio, session = await control_api_session(session_factory, studio_factory)
    old = session.control_api.token()
    ws_url = session.control_api.url.replace("http", "ws") + "/api/v1/state/stream"
    async with websockets.connect(f"{ws_url}?token={old}") as ws:
        assert json.loads(await ws.recv())["type"] == "snapshot"
        new = await session.control_api.regenerate_token()
        with pytest.raises(websockets.exceptions.ConnectionClosed) as closed:
            while True:   # no further frame: the stream ends at once, changes or not
                await asyncio.wait_for(ws.recv(), 10)
        assert closed.value.rcvd.code == 4401
    async with websockets.connect(f"{ws_url}?token={new}") as ws:   # the new token streams
        assert json.loads(await ws.recv())["type"] == "snapshot"


@pytest.mark.asyncio
async def test_a_coupon_template_that_does_not_exist_is_refused_before_anything_is_sent(session_factory,
                                                                                        studio_factory):
    studio, session, client = await api_session(session_factory, studio_factory)
    await until(lambda: session.catalog.templates)
    async with client:
        for template in ("新人券", "999"):   # a name typed for the id; an id this room does not have
            r = await client.post("/api/v1/commands/issue-coupon",
                                  json={"template_id": template, "quantity": 5, "confirm": True})
            assert r.status_code == 409 and r.json()["status"] == "refused", r.text
            assert template in r.json()["reason"] and "may or may not" not in r.json()["reason"]
        assert [e.kind for e in session.journal.entries()].count("issue_coupon") == 0
    assert await coupons(studio) == []


@pytest.mark.asyncio
async def test_true_where_a_number_belongs_is_invalid_not_the_number_one(session_factory, studio_factory):
    studio, session, client = await api_session(session_factory, studio_factory)
    spec = dict(product_id=JEANS, sku_id=JEANS_SKU, sale_price_fen=True, stock=20, duration_s=300)
    async with client:   # a key's body templated wrong: JSON true read as 1 armed a sale at ¥0.01
        armed = await client.post("/api/v1/commands/flash-sale/arm", json=spec)
        assert armed.status_code == 422 and "'sale_price_fen' must be a whole number" in armed.text, armed.text
        assert session.flash_sale.armed is None
        packet = await client.post("/api/v1/commands/red-packet",
                                   json={"total_fen": 1000, "count": True, "confirm": True})
        assert packet.status_code == 422 and "'count'" in packet.json()["reason"], packet.text


@pytest.mark.asyncio
async def test_a_sale_counting_down_says_when_it_starts(session_factory, studio_factory):
    studio, session, client = await api_session(session_factory, studio_factory, confirm_money_actions=False)
    spec = dict(product_id=JEANS, sku_id=JEANS_SKU, sale_price_fen=9900, stock=5, countdown_s=30, duration_s=300)
    async with client:   # a FIRE / STOP key shows "starts in 0:27": the state must say when
        assert (await client.post("/api/v1/commands/flash-sale/arm", json=spec)).json()["status"] == "done"
        assert (await client.post("/api/v1/commands/flash-sale/fire")).json()["status"] == "confirmed"
        await until(lambda: session.control_api.hub.current()["flash_sales"])
        sale = (await client.get("/api/v1/state")).json()["flash_sales"][0]
    assert sale["state"] == "countdown"
    assert sale["starts_at"] is not None and sale["ends_at"] - sale["starts_at"] == pytest.approx(300, abs=1)


@pytest.mark.asyncio
async def test_drawing_a_bag_that_is_not_open_names_the_ones_that_are(session_factory, studio_factory):
    studio, session, client = await api_session(session_factory, studio_factory, confirm_money_actions=False)
    setup = {"prize": "保温杯", "winners": 1, "rule": "keyword", "keyword": "我要", "countdown_s": 600}
    async with client:
        bag = (await client.post("/api/v1/commands/lucky-bag/start", json=setup)).json()["result"]["bag"]
        r = await client.post("/api/v1/commands/lucky-bag/draw", json={"bag": "no-such-bag"})
        assert r.status_code == 409, r.text
        assert "No lucky bag is open" not in r.json()["reason"] and bag in r.json()["reason"], r.text
        assert [b.local_id for b in session.giveaways.open_bags()] == [bag]   # nothing drawn
