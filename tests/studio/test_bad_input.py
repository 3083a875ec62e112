"""Bad input gets a JSON {code, message} with a 4xx — never a 500."""

from __future__ import annotations

import httpx
import pytest

from support.studio import make_room

CASES = [
    ("GET", "/api/v1/rooms/99999999999999999999999", None, None),
    ("GET", "/api/v1/rooms/-1", None, None),
    ("GET", "/api/v1/rooms/abc", None, None),
    ("POST", "/api/v1/rooms", b'{"title": ', None),                       # malformed JSON
    ("POST", "/api/v1/rooms", b'{"title": 5}', None),                     # wrong type
    ("POST", "/api/v1/rooms", b'{"title": "x", "extra": 1}', None),       # unknown field
    ("POST", "/api/v1/rooms", b'{"title": ""}', None),
    ("POST", "/api/v1/rooms", b'[]', None),
    ("POST", "/api/v1/rooms", "x" * 2_000_000, None),                     # huge body
    ("POST", "/api/v1/products", b'{"name": "a", "skus": [{"name": "s", "price_fen": 1e309, "stock": 1}]}', None),
    ("POST", "/api/v1/products", b'{"name": "a", "skus": [{"name": "s", "price_fen": 99999999999999999999, "stock": 1}]}', None),
    ("PATCH", "/api/v1/skus/10011", b'{"price_fen": -5}', None),
    # Money and stock are JSON integers, flags JSON booleans: nothing else stands in for them.
    ("PATCH", "/api/v1/skus/10011", b'{"price_fen": true, "stock": false}', None),
    ("PATCH", "/api/v1/skus/10011", b'{"price_fen": "100"}', None),
    ("PATCH", "/api/v1/skus/10011", b'{"price_fen": 100.0}', None),
    ("PATCH", "/api/v1/skus/10011", b'{"stock": 5.5}', None),
    ("PUT", "/api/v1/rooms/{rid}/shelf/1001/sale", b'{"on_sale": "no"}', None),
    ("PUT", "/api/v1/rooms/{rid}/shelf/1001/sale", b'{"on_sale": 0}', None),
    ("POST", "/api/v1/rooms/{rid}/coupons", b'{"template_id": "1", "quantity": 1, "valid_minutes": 1}', None),
    ("PUT", "/api/v1/studio/clock", b'{"speed": 0}', None),
    ("GET", "/api/v1/nope", None, None),
    ("DELETE", "/api/v1/health", None, None),                             # wrong method
    ("GET", "/api/v1/rooms/{rid}/comments?limit=100000", None, None),
    ("GET", "/api/v1/rooms/{rid}/comments?after_id=-3", None, None),
    ("PUT", "/api/v1/rooms/{rid}/viewers/vABC/mute", b'{"duration_s": 10}', None),
    ("PUT", "/api/v1/rooms/{rid}/viewers/v99999999999999999999/ban", None, None),
    ("POST", "/api/v1/rooms/{rid}/coupons", b'{"template_id": 99999, "quantity": 1, "valid_minutes": 1}', None),
    ("POST", "/api/v1/rooms/{rid}/coupons", b'{"template_id": 1, "quantity": 0, "valid_minutes": 1}', None),
    ("POST", "/api/v1/rooms/{rid}/comments", b'{"text": "' + b"a" * 2001 + b'"}', None),
    ("POST", "/api/v1/rooms/{rid}/comments", b'\xff\xfe not utf-8', None),
    ("GET", "/api/v1/rooms/{rid}/events", None, {"Last-Event-ID": "not-a-number"}),
    ("GET", "/api/v1/rooms/{rid}/events", None, {"Last-Event-ID": "99999999999999999999"}),
    ("POST", "/api/v1/rooms/{rid}/audience/replay", b'{"t": Infinity, "text": "x"}', None),
    ("POST", "/api/v1/rooms/{rid}/audience/replay", b'{"t": 0, "text": "x", "n": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
     None),
    ("POST", "/api/v1/rooms/{rid}/audience/replay?speed=100", b"", None),
    ("POST", "/api/v1/rooms/{rid}/audience/replay", b"not json\n", None),
    ("POST", "/api/v1/rooms/{rid}/coupons", b'{"template_id": 1, "quantity": 1, "valid_minutes": 1}',
     {"Idempotency-Key": ""}),
]


@pytest.mark.parametrize("method,path,body,headers", CASES, ids=[f"{c[0]} {c[1][:40]}" for c in CASES])
def test_bad_input_is_a_4xx_with_a_json_error(studio, method, path, body, headers):
    rid = make_room(studio)
    h = {**studio.headers("assistant"), "Content-Type": "application/json", **(headers or {})}
    r = httpx.request(method, studio.url + path.replace("{rid}", str(rid)), content=body, headers=h, timeout=20)
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    err = r.json()
    assert set(err) >= {"code", "message"} and err["message"]


def test_the_strict_values_change_nothing(studio, api):
    before = api.get("/api/v1/products/1001").json()["skus"][0]
    assert api.patch("/api/v1/skus/10011", json={"price_fen": True, "stock": False}).status_code == 422
    assert api.get("/api/v1/products/1001").json()["skus"][0] == before


def test_lone_surrogate_in_a_comment_is_stored_as_a_replacement_character(studio):
    rid = make_room(studio)
    viewer = httpx.post(f"{studio.url}/api/v1/viewers", json={"nickname": "x"}).json()
    r = httpx.post(f"{studio.url}/api/v1/rooms/{rid}/comments", content=b'{"text": "a\\ud800b"}',
                   headers={"Authorization": f"Bearer {viewer['token']}", "Content-Type": "application/json"})
    assert r.status_code == 201 and r.json()["text"] == "a\ufffdb"


def test_nul_and_other_controls_in_a_comment_and_a_nickname_are_stored_as_replacement_characters(studio):
    # PostgreSQL refuses NUL in text (the request failed with a 500); the console shows U+FFFD for
    # them anyway (domain.plain_text). Tabs and line breaks are text and stay.
    rid = make_room(studio)
    viewer = httpx.post(f"{studio.url}/api/v1/viewers", content=b'{"nickname": "n\\u0000m"}',
                        headers={"Content-Type": "application/json"}).json()
    r = httpx.post(f"{studio.url}/api/v1/rooms/{rid}/comments", content=b'{"text": "a\\u0000b\\u001bc\\td"}',
                   headers={"Authorization": f"Bearer {viewer['token']}", "Content-Type": "application/json"})
    assert r.status_code == 201 and r.json()["text"] == "a\ufffdb\ufffdc\td"
    assert r.json()["user"]["nickname"] == "n\ufffdm"


# Python's JSON reader takes NaN, Infinity and 1e999; stored in free-form JSON, they made every
# later read of it a 500.
NON_FINITE = [
    ("PUT", "/api/v1/rooms/{rid}/show-state", b'{"seat_id": "s1", "state": {"cue": NaN}}'),
    ("PUT", "/api/v1/rooms/{rid}/show-state", b'{"seat_id": "s1", "state": {"segments": [{"t": 1e999}]}}'),
    ("PUT", "/api/v1/word-lists", b'{"lists": {"block": [Infinity]}}'),
    ("POST", "/api/v1/rooms/{rid}/crew-log", b'{"seat_id": "s1", "entries": [{"action_id": "a1", "kind": "k", '
                                             b'"params": {"x": -Infinity}, "state": "confirmed"}]}'),
]


@pytest.mark.parametrize("method,path,body", NON_FINITE, ids=[c[2][:50].decode() for c in NON_FINITE])
def test_non_finite_numbers_in_free_form_json_are_refused(studio, method, path, body):
    rid = make_room(studio)
    h = studio.headers("anchor")
    r = httpx.request(method, studio.url + path.replace("{rid}", str(rid)), content=body,
                      headers={**h, "Content-Type": "application/json"}, timeout=20)
    assert r.status_code == 422 and r.json()["code"] == "invalid", r.text
    assert "finite" in r.json()["message"]
    for read in (f"/api/v1/rooms/{rid}/show-state", "/api/v1/word-lists", f"/api/v1/rooms/{rid}/crew-log"):
        assert httpx.get(studio.url + read, headers=h, timeout=20).status_code == 200
