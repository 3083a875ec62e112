"""The shared transport: what is retried, how long it waits, and what the final error says."""

from __future__ import annotations

import random

import httpx
import pytest

from anchor_console.platforms import errors as pe
from anchor_console.platforms.studio_errors import studio_error
from anchor_console.platforms.transport import Endpoint, RequestRate, RetryPolicy, Transport


class Script:
    """A fake platform answering from a list of outcomes, recording every request."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        outcome = self.outcomes.pop(0) if self.outcomes else 200
        if isinstance(outcome, Exception):
            raise outcome
        if isinstance(outcome, tuple):
            status, headers = outcome
        else:
            status, headers = outcome, {}
        body = {"ok": True} if status < 400 else {"code": f"c{status}", "message": f"m{status}"}
        return httpx.Response(status, json=body, headers=headers)


def make(script: Script, **kw):
    sleeps: list[float] = []

    async def sleep(s):
        sleeps.append(s)

    client = httpx.AsyncClient(transport=httpx.MockTransport(script))
    t = Transport(client, Endpoint("http://studio.test", "secret-token"), studio_error, platform_name="Studio",
                  retry=kw.pop("retry", RetryPolicy()), sleep=sleep, rng=random.Random(1), **kw)
    return t, sleeps


@pytest.mark.asyncio
async def test_keyed_write_is_retried_after_transient_errors_with_the_same_key():
    script = Script(503, httpx.ReadTimeout("slow"), 502, 200)
    t, sleeps = make(script)
    assert await t.request("POST", "/x", json={"a": 1}, key="k-1") == {"ok": True}
    assert [r.headers["Idempotency-Key"] for r in script.requests] == ["k-1"] * 4
    assert len(sleeps) == 3 and all(0 <= s <= 4.0 for s in sleeps)


@pytest.mark.asyncio
async def test_unkeyed_write_is_never_retried():
    script = Script(httpx.ReadTimeout("slow"), 200)
    t, _ = make(script)
    with pytest.raises(pe.OutcomeUnknown):
        await t.request("POST", "/x", json={})
    assert len(script.requests) == 1


@pytest.mark.asyncio
async def test_reads_are_retried_without_a_key():
    script = Script(httpx.ConnectError("refused"), 200)
    t, _ = make(script)
    assert await t.request("GET", "/x") == {"ok": True}
    assert "Idempotency-Key" not in script.requests[-1].headers


@pytest.mark.asyncio
async def test_rate_limit_waits_as_long_as_the_platform_says():
    script = Script((429, {"Retry-After": "7"}), 200)
    t, sleeps = make(script)
    await t.request("PUT", "/x", key="k")
    assert sleeps == [7.0]


@pytest.mark.asyncio
async def test_rate_limit_longer_than_the_budget_gives_up_with_retry_after():
    script = Script((429, {"Retry-After": "120"}))
    t, sleeps = make(script, retry=RetryPolicy(budget_s=30, max_rate_limit_wait=60))
    with pytest.raises(pe.RateLimited) as info:
        await t.request("PUT", "/x", key="k")
    assert info.value.retry_after == 120 and sleeps == []


@pytest.mark.asyncio
async def test_backoff_is_bounded_and_attempts_are_bounded():
    script = Script(*([503] * 20))
    t, sleeps = make(script, retry=RetryPolicy(max_attempts=5, base_delay=0.2, max_delay=1.0, budget_s=100))
    with pytest.raises(pe.Unavailable) as info:
        await t.request("POST", "/x", key="k")
    assert not info.value.outcome_unknown  # every attempt was refused before it applied
    assert len(script.requests) == 5 and len(sleeps) == 4 and max(sleeps) <= 1.0


@pytest.mark.asyncio
async def test_an_earlier_unanswered_attempt_makes_the_final_error_unknown():
    script = Script(httpx.ReadTimeout("slow"), httpx.ConnectError("down"), httpx.ConnectError("down"))
    t, _ = make(script, retry=RetryPolicy(max_attempts=3))
    with pytest.raises(pe.OutcomeUnknown):
        await t.request("POST", "/x", key="k")


@pytest.mark.asyncio
@pytest.mark.parametrize("last", [(429, {"Retry-After": "120"}), 401, 409, 422])
async def test_a_refusal_after_an_unanswered_attempt_is_still_unknown(last):
    # The timed-out first attempt may have been applied: calling the action failed would invite a
    # fresh one with a new key, so the final error stays unknown and keeps the refusal's words.
    script = Script(httpx.ReadTimeout("slow"), last)
    t, _ = make(script, retry=RetryPolicy(budget_s=30, max_rate_limit_wait=60))   # the 429 waits past the budget
    with pytest.raises(pe.OutcomeUnknown) as info:
        await t.request("POST", "/x", key="k")
    assert len(script.requests) == 2 and info.value.outcome_unknown
    assert isinstance(info.value.__cause__, pe.PlatformError) and not info.value.__cause__.outcome_unknown
    assert info.value.__cause__.message.english() in info.value.message.english()
    assert "may or may not have been applied" in info.value.message.english()


@pytest.mark.asyncio
@pytest.mark.parametrize("status,error", [(401, pe.AuthFailed), (403, pe.NotPermitted), (404, pe.NotFound),
                                          (409, pe.Conflict), (422, pe.InvalidRequest)])
async def test_definite_refusals_are_typed_and_not_retried(status, error):
    script = Script(status, 200)
    t, _ = make(script)
    with pytest.raises(error):
        await t.request("POST", "/x", key="k")
    assert len(script.requests) == 1


async def studio_refusal(status: int, code: str, message: str) -> pe.PlatformError:
    """The error a request gets when Studio answers `status` with this code and message."""
    answer = httpx.Response(status, json={"code": code, "message": message})
    t = Transport(httpx.AsyncClient(transport=httpx.MockTransport(lambda request: answer)), Endpoint("http://s"),
                  studio_error, platform_name="Studio")
    with pytest.raises(pe.PlatformError) as info:
        await t.request("PUT", "/api/v1/rooms/7/stage", key="k")
    return info.value


@pytest.mark.asyncio
async def test_conflict_message_is_readable():
    error = await studio_refusal(409, "stage_occupied", "Product 1002 is already on stage.")
    assert isinstance(error, pe.Conflict) and error.code == "stage_occupied"
    assert error.message.english() == "Another product is already on stage."


@pytest.mark.asyncio
async def test_a_token_for_other_rooms_is_refused_in_words_that_say_so():
    error = await studio_refusal(403, "room_out_of_scope", "This token is not for room 7.")
    assert isinstance(error, pe.NotPermitted)
    assert error.message.english().startswith("This access token is limited to certain rooms")
    other = await studio_refusal(403, "forbidden", "The viewer role may not do this.")   # the role's words
    assert isinstance(other, pe.NotPermitted)
    assert other.message.english().startswith("Your account is not allowed to do this")


@pytest.mark.asyncio
async def test_the_token_never_appears_in_errors():
    script = Script(httpx.ReadTimeout("slow"), 401)
    t, _ = make(script)
    for _ in range(2):
        try:
            await t.request("POST", "/x")
        except pe.PlatformError as exc:
            assert "secret-token" not in str(exc) and "secret-token" not in exc.detail
            assert "secret-token" not in exc.message.english()
    assert "secret-token" not in repr(t) and "secret-token" not in repr(t.endpoint)


@pytest.mark.asyncio
async def test_client_side_rate_smooths_a_flood():
    now = [0.0]
    waited: list[float] = []

    async def sleep(s):
        waited.append(s)
        now[0] += s

    rate = RequestRate(10, 2, monotonic=lambda: now[0], sleep=sleep)
    for _ in range(6):
        await rate.acquire()
    assert abs(sum(waited) - 0.4) < 1e-6  # burst of 2, then one every 0.1 s


def test_an_expired_studio_token_is_said_as_expired_and_another_refusal_as_refused():
    expired = studio_error(httpx.Response(401, json={"code": "token_expired", "message": "The access token has expired."}))
    refused = studio_error(httpx.Response(401, json={"code": "unauthorized", "message": "The access token is not valid."}))
    assert isinstance(expired, pe.AuthFailed) and "has expired" in expired.message.english()
    assert isinstance(refused, pe.AuthFailed) and "was refused" in refused.message.english()


def test_studio_refusals_the_console_meets_are_in_its_own_translatable_words():
    """A follower's GO the show caller takes no GO for, and a comment log Studio will not replay,
    were shown in Studio's English ("The show caller (李场控) presses GO themselves…") on a Chinese
    console: Studio's message stood in as the text to translate, which has no translation."""
    from support.shipped_chinese import ZH, shipped_chinese

    go = studio_error(httpx.Response(409, json={"code": "go_refused",
                                                "message": "The show caller (李场控) presses GO themselves; ask them."}))
    log = studio_error(httpx.Response(422, json={
        "code": "invalid_comment_log", "message": "The comment log was not replayed: …", "bad_lines": 2,
        "lines": [{"line": 3, "problem": "no text"}, {"line": 9, "problem": "no text"}]}))
    empty = studio_error(httpx.Response(422, json={"code": "invalid_comment_log", "message": "…", "lines": [],
                                                   "bad_lines": 0}))
    elsewhere = studio_error(httpx.Response(409, json={"code": "same_money_action_elsewhere", "message": "…"}))
    assert isinstance(elsewhere, pe.Conflict) and "Another seat" in elsewhere.message.english()
    for error in (go, log, empty, elsewhere):
        assert (error.message.context, error.message.template) in ZH, error.message
    assert "3" in shipped_chinese(log.message) and "2" in shipped_chinese(log.message)


@pytest.mark.asyncio
async def test_a_token_a_header_cannot_carry_is_refused_in_words_before_anything_is_sent():
    script = Script(200)
    t, _ = make(script)
    t.endpoint.token = "tok\u200ben"   # a zero-width space copied from a chat app
    with pytest.raises(pe.AuthFailed) as info:
        await t.request("POST", "/x", key="k-1")
    assert "paste it again" in info.value.message.english() and not script.requests
    assert "tok\u200ben" not in str(info.value) and "tok\u200ben" not in info.value.detail


def test_a_pasted_secret_loses_what_copying_brought_along():
    from anchor_console.session.tokens import pasted_secret

    assert pasted_secret(" \ufefftok\u200ben\u2060 \n") == "token"
    assert pasted_secret("a b") == "a b"


@pytest.mark.asyncio
@pytest.mark.parametrize("status, code, words", [
    (404, "not_found", "Studio does not have this (any more)"),
    (413, "too_large", "more than Studio accepts in one request"),
    (408, "request_timeout", "did not receive the whole request in time"),
    (422, "idempotency_key_reused", "nothing more was applied"),
    (409, "seat_taken", "Each computer needs a seat of its own"),
    (403, "seat_not_yours", "act from your own seat"),
    (409, "a_newer_studios_code", "Studio refused this: The room is on fire."),
])
async def test_studios_refusals_read_in_the_consoles_words(status, code, words):
    error = await studio_refusal(status, code, "The room is on fire.")
    assert words in error.message.english() and error.code == code
