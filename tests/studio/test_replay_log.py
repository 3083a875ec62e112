"""A replayed comment log is refused whole, naming each bad line, or replayed whole — never a 500,
never "accepted" with comments quietly lost; one bad comment cannot sink a batch of good ones."""

from __future__ import annotations

import json

import httpx
import pytest

from anchor_console.studio.comment_log import read_comment_log
from anchor_console.studio.errors import Invalid
from anchor_console.studio.services import Studio
from support.studio import make_room
from support.studio import wait_until
from support.postgres import studio_database

HOSTILE = {
    "Infinity": b'{"t": Infinity, "text": "x"}',
    "NaN": b'{"t": NaN, "text": "x"}',
    "a number too large for a float": b'{"t": 1' + b"0" * 400 + b', "text": "x"}',
    "deep nesting": b'{"t": 0, "text": "x", "n": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "a text that is a number": b'{"t": 0, "text": 5}',
    "an empty text": b'{"t": 0, "text": ""}',
    "a boolean time": b'{"t": true, "text": "x"}',
    "no time": b'{"text": "x"}',
    "not an object": b'[1, 2]',
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_line_is_named_by_number_and_the_log_refused(name):
    good = b'{"t": 0, "nickname": "a", "text": "ok"}'
    with pytest.raises(Invalid) as refused:
        read_comment_log(b"\n".join([good, b"", good, HOSTILE[name], good]))
    body = refused.value.body()
    assert body["code"] == "invalid_comment_log" and body["bad_lines"] == 1
    assert body["lines"][0]["line"] == 4 and "Line 4" in body["message"]


def test_every_bad_line_is_listed():
    lines = [b'{"t": 0, "text": "ok"}', b"nope", b'{"t": 1, "text": "ok"}', b"{", b'{"t": Infinity, "text": "x"}']
    with pytest.raises(Invalid) as refused:
        read_comment_log(b"\n".join(lines))
    assert [p["line"] for p in refused.value.body()["lines"]] == [2, 4, 5]


def test_a_good_log_keeps_every_comment_in_time_order_with_surrogates_made_storable():
    log = read_comment_log(b'{"ts": 105, "user": "b", "text": "second"}\n{"ts": 100, "nickname": "a\\ud800", '
                           b'"text": "first\\udfff"}\n')
    assert log.items == [(0.0, "a\ufffd", "first\ufffd"), (5.0, "b", "second")]


@pytest.mark.parametrize("name", ["Infinity", "deep nesting", "a number too large for a float"])
def test_the_replay_endpoint_answers_hostile_logs_with_a_422(studio, name):
    rid = make_room(studio)
    r = httpx.post(f"{studio.url}/api/v1/rooms/{rid}/audience/replay", content=HOSTILE[name],
                   headers=studio.headers("assistant"), timeout=30)
    assert r.status_code == 422 and r.json()["code"] == "invalid_comment_log", r.text
    assert httpx.get(f"{studio.url}/api/v1/health", timeout=10).status_code == 200


def test_one_lone_surrogate_in_a_replayed_batch_loses_nothing(studio, api):
    rid = make_room(studio)
    lines = [{"t": 0, "nickname": f"回放{i % 9}", "text": f"评论{i}"} for i in range(1000)]
    raw = "\n".join(json.dumps(line, ensure_ascii=True) for line in lines)
    # One viewer's nickname and one comment carry a lone surrogate (each sank a batch before).
    raw = raw.replace('"\\u56de\\u653e3"', '"\\u56de\\u653e3\\ud800"', 1).replace(
        '"\\u8bc4\\u8bba500"', '"\\u8bc4\\u8bba500\\udc00"', 1)
    r = api.post(f"/api/v1/rooms/{rid}/audience/replay", params={"speed": 20}, content=raw.encode())
    assert r.status_code == 200 and r.json()["comments"] == 1000

    def comments() -> list[dict]:
        got, after = [], 0
        while page := api.get(f"/api/v1/rooms/{rid}/comments", params={"after_id": after, "limit": 1000}).json()["items"]:
            got += page
            after = page[-1]["id"]
        return got

    got = wait_until(lambda: (c := comments()) and len(c) >= 1000 and c, timeout=30)
    texts = sorted(c["text"] for c in got)
    assert len(got) == 1000 and "评论500\ufffd" in texts


def test_the_audience_keeps_a_batch_with_a_lone_surrogate(tmp_path):
    studio = Studio(str(studio_database(tmp_path, "s")))
    room = studio.rooms.create("r")["id"]
    studio.rooms.start(room)
    viewers = studio.accounts.create_viewers(["a\ud800", "b"])
    created = studio.comments.add_batch(room, [(viewers[0], "a\ud800", "x\udfffy"), (viewers[1], "b", "fine")])
    assert [c["text"] for c in created] == ["x\ufffdy", "fine"]
    assert [c["text"] for c in studio.comments.list_comments(room, 0, None, 10)] == ["x\ufffdy", "fine"]
    studio.store.close()
