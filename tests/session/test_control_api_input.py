"""Bad input to the local control API, without a Studio: a number too big for a whole number
(1e999 reads as infinity), a fraction, NaN, or a body nested deeper than the JSON reader goes is
answered 422 in words — never a 500 and a "Something went wrong" notice on the console."""

from __future__ import annotations

from types import SimpleNamespace

import httpx
import pytest

from anchor_console.domain.text import Text
from anchor_console.session.control_api import ControlApi, build_app
from anchor_console.session.control_commands import ControlCommands
from anchor_console.session.tasks import Tasks


class Tokens:
    persistent = True

    def known(self, key: str) -> str:
        return "secret-token"

    async def read(self, key: str) -> str:
        return "secret-token"

    async def save(self, key: str, value: str) -> bool:
        return True


@pytest.fixture
def api_client():
    tasks = Tasks()
    failures: list = []
    tasks.failed.connect(lambda name, exc: failures.append((name, exc)))
    session = SimpleNamespace(tasks=tasks, tokens=Tokens(), room=None, translate=Text.english,
                              settings=SimpleNamespace(confirm_money_actions=True, control_api_port=0),
                              may=lambda kind: (True, None))
    api = ControlApi.__new__(ControlApi)   # the commands and the token only: no state hub without a room
    api.session, api.commands, api._token = session, ControlCommands(session), None
    app = build_app(api)
    app.state.control_api = api
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    client = httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1",
                               headers={"Authorization": "Bearer secret-token", "Content-Type": "application/json"})
    return client, failures


@pytest.mark.asyncio
@pytest.mark.parametrize("seconds", [b"1e999", b"-1e999", b"NaN", b"2.5", b'"x"'])
async def test_a_number_that_is_not_a_whole_number_is_invalid_not_a_crash(api_client, seconds):
    client, failures = api_client
    async with client:
        r = await client.post("/api/v1/commands/slow-mode", content=b'{"seconds": ' + seconds + b"}")
    assert r.status_code == 422 and r.json()["reason"] == "'seconds' must be a whole number", r.text
    assert failures == []


@pytest.mark.asyncio
async def test_a_whole_number_written_with_a_point_is_still_one(api_client):
    client, _ = api_client
    async with client:
        r = await client.post("/api/v1/commands/slow-mode", content=b'{"seconds": 30.0}')
    assert r.status_code != 422 and "seconds" not in (r.json().get("reason") or ""), r.text


@pytest.mark.asyncio
async def test_a_body_nested_too_deeply_is_invalid_not_a_crash(api_client):
    client, failures = api_client
    async with client:
        # deeper than the JSON reader goes, within 64 KiB
        r = await client.post("/api/v1/commands/slow-mode", content=b"[" * 60_000)
        also = await client.post("/api/v1/commands/slow-mode", content=b"\xff\xfe not utf-8")
        # parsed, but too deep for the coalescing's JSON (a 500): the arguments are plain values
        nested = await client.post("/api/v1/commands/slow-mode",
                                   content=b'{"seconds": ' + b"[" * 500 + b"]" * 500 + b"}")
    assert r.status_code == 422 and "nested too deeply" in r.json()["reason"], r.text
    assert also.status_code == 422 and failures == []
    assert nested.status_code == 422 and nested.json()["reason"] == "'seconds' must be a plain value: text, a " \
        "number, true, false or null", nested.text


@pytest.mark.asyncio
async def test_a_keyring_that_cannot_be_read_does_not_replace_the_token(memory_keyring, monkeypatch):
    """A locked keyring whose unlock prompt was dismissed at start-up: the token in it is kept,
    not replaced by a new one (every Stream Deck key set up with it would get 401 mid-show)."""
    import keyring

    from anchor_console.session.control_api import TOKEN_KEY
    from anchor_console.session.tokens import SERVICE, TokenStore

    memory_keyring.store[(SERVICE, TOKEN_KEY)] = "the-token-companion-has"
    tokens = TokenStore()
    assert tokens.persistent

    def locked(service, username):
        raise keyring.errors.KeyringLocked("the user dismissed the unlock prompt")

    monkeypatch.setattr(memory_keyring, "get_password", locked)
    session = SimpleNamespace(tasks=Tasks(), tokens=tokens, translate=Text.english)
    api = ControlApi.__new__(ControlApi)
    api.session, api._token = session, None
    import asyncio
    api._revoked = asyncio.Event()
    assert await api.ensure_token() is None
    assert memory_keyring.store[(SERVICE, TOKEN_KEY)] == "the-token-companion-has"
    monkeypatch.undo()   # unlocked: the token Companion has is the one served
    assert await api.ensure_token() == "the-token-companion-has"


@pytest.mark.asyncio
@pytest.mark.parametrize("field, value, words", [("duration_s", 5, "'duration_s' must be 10 to 86400"),
                                                 ("countdown_s", 600, "'countdown_s' must be 0 to 300"),
                                                 ("per_buyer_limit", 500, "'per_buyer_limit' must be 1 to 100"),
                                                 ("stock", 2_000_000, "'stock' must be 1 to 1000000")])
async def test_a_flash_sale_the_panel_could_not_set_is_not_armed(api_client, field, value, words):
    """ARM took a 5 s sale and FIRE then failed on the platform — a failed money action in the
    journal, the bad sale still armed. The panel's bounds (the platform's) hold for a key too."""
    client, failures = api_client
    spec = {"product_id": "1002", "sku_id": "10021", "sale_price_fen": 9900, "stock": 20, field: value}
    async with client:
        r = await client.post("/api/v1/commands/flash-sale/arm", json=spec)
    assert r.status_code == 422 and r.json()["reason"] == words, r.text
    assert failures == []


@pytest.mark.asyncio
@pytest.mark.parametrize("command, body, words", [
    ("lucky-bag/start", {"prize": "杯", "winners": 20_000, "rule": "follow"}, "'winners' must be 1 to 10000"),
    ("lucky-bag/start", {"prize": "杯", "winners": 1, "keyword": "我" * 21}, "'keyword' may have at most 20 characters"),
    ("lucky-bag/start", {"prize": "杯", "winners": 1, "rule": "follow", "countdown_s": 7200},
     "'countdown_s' must be 5 to 3600"),
    ("lucky-bag/start", {"prize": "杯", "winners": 1, "rule": "follow", "countdown_s": 2},
     "'countdown_s' must be 5 to 3600"),   # Studio's least: the API had let 1 to 4 s through
    ("lucky-bag/start", {"prize": "杯" * 101, "winners": 1, "rule": "follow"}, "'prize' may have at most 100 characters"),
    ("red-packet", {"total_fen": 5, "count": 10}, "'total_fen' must be at least 1 分 for each of the 10 shares"),
    ("red-packet", {"total_fen": 3_000_000, "count": 10}, "'total_fen' must be 1 to 2000000"),
    ("red-packet", {"total_fen": 1000, "count": 20_000}, "'count' must be 1 to 10000"),
    ("red-packet", {"total_fen": 1000, "count": 5, "claim_window_s": 100_000}, "'claim_window_s' must be 10 to 86400"),
    ("red-packet", {"total_fen": 1000, "count": 5, "claim_window_s": 3}, "'claim_window_s' must be 10 to 86400"),
    ("red-packet", {"total_fen": 1000, "count": 5, "message": "谢" * 61}, "'message' may have at most 60 characters"),
    ("issue-coupon", {"template_id": "t1", "quantity": 2_000_000}, "'quantity' must be 1 to 1000000"),
    ("issue-coupon", {"template_id": "t1", "quantity": 10, "valid_minutes": 20_000}, "'valid_minutes' must be 1 to 10080"),
])
async def test_a_giveaway_or_coupon_beyond_the_desks_bounds_is_invalid_before_it_is_sent(api_client, command, body, words):
    """Money the desk's forms could not send (Studio's bounds, domain.giveaways and domain.models) is
    said at once (422), not sent to fail on the platform as a failed money action in the journal."""
    client, failures = api_client
    async with client:
        r = await client.post(f"/api/v1/commands/{command}", json=body)
    assert r.status_code == 422 and r.json()["reason"] == words, r.text
    assert failures == []


def test_a_shelf_items_stock_is_the_shelfs_not_zero_where_no_platform_says():
    """WeChat mini-program live keeps no stock (its products say 0): the control API summed the SKUs
    and a Stream Deck key read "sold out" where the shelf shows "—" or the linked shop's stock."""
    from anchor_console.domain.models import Product, ShelfItem, Sku
    from anchor_console.session.control_state import _shelf

    item = ShelfItem(Product("1001", "白T", (Sku("10011", "1001", "M", 9900, 0),)), 1)
    room = SimpleNamespace(state=SimpleNamespace(shelf=[item]), stock_of=lambda it: None)
    assert _shelf(room)[0]["stock"] is None
    room.stock_of = lambda it: 37   # the linked shop product's
    assert _shelf(room)[0]["stock"] == 37


@pytest.mark.asyncio
async def test_a_body_over_64_kib_is_refused_before_it_is_read_whole(api_client):
    """40 MB of JSON was read, parsed and re-serialised on the session's loop (the ui's): the
    console froze. Said by its Content-Length, or found while reading a chunked one."""
    client, failures = api_client
    big = b'{"text": "' + b"x" * (70 * 1024) + b'"}'
    read = []

    async def chunked():
        for n in range(0, len(big), 4096):
            read.append(n)
            yield big[n:n + 4096]

    async with client:
        r = await client.post("/api/v1/commands/announce", content=big)
        assert r.status_code == 413 and r.json()["status"] == "invalid" and "64 KiB" in r.json()["reason"], r.text
        r = await client.post("/api/v1/commands/announce", content=chunked())
        assert r.status_code == 413 and "64 KiB" in r.json()["reason"], r.text
        assert len(read) <= 64 * 1024 // 4096 + 2   # stopped reading at the bound
        fits = await client.post("/api/v1/commands/slow-mode", content=b'{"seconds": 30, "pad": "' + b"x" * 60_000
                                 + b'"}')
        assert fits.status_code != 413, fits.text
    assert failures == []


@pytest.mark.asyncio
async def test_every_refusal_has_the_answer_shape_in_the_consoles_language_and_is_the_last_action(api_client):
    """A wrong token, a command that does not exist, a body that is not JSON were FastAPI's
    {"detail": …} in English; an argument's error was an f-string no translator saw; and none of
    them reached last_action, which a key's colour reads."""
    client, failures = api_client
    api = client._transport.app.state.control_api
    api.session.translate = lambda text: f"«{text.english()}»"   # the console's language
    shape = {"command", "status", "ok", "reason", "reason_text", "action_id", "result", "at", "coalesced"}
    async with client:
        cases = {
            401: await client.post("/api/v1/commands/clear-stage", headers={"Authorization": "Bearer old"}),
            404: await client.post("/api/v1/commands/fire"),
            415: await client.post("/api/v1/commands/slow-mode", content=b"seconds=30",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"}),
            422: await client.post("/api/v1/commands/slow-mode", json={"seconds": 500}),
            405: await client.get("/api/v1/commands/slow-mode"),
            400: await client.get("/api/v1/state", headers={"Host": "evil.example"}),
            500: await client.get("/api/v1/state"),   # this bare session has no state hub: a failure of ours
        }
        for status, r in cases.items():
            answer = r.json()
            assert r.status_code == status and set(answer) == shape and answer["ok"] is False, (status, r.text)
            assert answer["reason"].startswith("«") and answer["reason_text"]["context"], (status, answer)
        assert cases[422].json()["reason_text"] == {"context": "ControlApi", "source": "'seconds' must be 0 (off) or "
                                                    "{low} to {high}", "args": {"low": "3", "high": "120"}}
        assert cases[404].json()["command"] == "fire" and "slow-mode" in cases[404].json()["reason"]
        assert cases[401].headers["www-authenticate"] == "Bearer"
    # an authorized request's refusals are the last action; someone without the token changes nothing
    assert api.commands.last.command == "slow-mode" and api.commands.last.http_status == 422
    assert failures == [] and cases[500].json()["status"] == "failed"

