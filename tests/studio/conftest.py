"""Studio HTTP tests share one real Studio per module; each test makes its own room."""

from __future__ import annotations

import itertools

import httpx
import pytest

_titles = itertools.count(1)


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    from support.studio import start_studio

    s = start_studio(tmp_path_factory.mktemp("studio"), "--demo", "--audience", "0", lasting=True)
    yield s
    s.stop()


@pytest.fixture
def api(studio):
    with studio.client("assistant") as client:
        yield client


def make_room(studio, products=(1001, 1002, 1003), live: bool = True) -> int:
    with studio.client("anchor") as c:
        room = c.post("/api/v1/rooms", json={"title": f"测试直播间 {next(_titles)}"})
        assert room.status_code == 201, room.text
        room_id = room.json()["id"]
        for pid in products:
            r = c.post(f"/api/v1/rooms/{room_id}/shelf", json={"product_id": pid})
            assert r.status_code == 201, r.text
        if live:
            assert c.post(f"/api/v1/rooms/{room_id}/start").status_code == 200
    return room_id


def join(studio, nickname: str = "观众") -> dict:
    r = httpx.post(f"{studio.url}/api/v1/viewers", json={"nickname": nickname}, timeout=10)
    assert r.status_code == 201, r.text
    v = r.json()
    v["headers"] = {"Authorization": f"Bearer {v['token']}"}
    return v
