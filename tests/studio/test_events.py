"""The per-room SSE stream: every change is an event with an increasing id; other consoles see
each other's actions; a cut stream resumes with Last-Event-ID with no gap and no duplicate, also
across a Studio restart on the same database."""

from __future__ import annotations

import json
import threading
import time

import httpx

from support.studio import make_room
from support.viewers import join


class Listener:
    """Reads a room's SSE stream in a thread, keeping every event."""

    def __init__(self, studio, room_id: int, last_event_id: int | None = None, role: str = "moderator") -> None:
        self.events: list[dict] = []
        self.ids: list[int] = []
        self.hello: dict | None = None
        self._stop = threading.Event()
        headers = studio.headers(role)
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        self._client = httpx.Client(base_url=studio.url, timeout=httpx.Timeout(10, read=60))
        self._response = self._client.send(self._client.build_request(
            "GET", f"/api/v1/rooms/{room_id}/events", headers=headers), stream=True)
        assert self._response.status_code == 200
        assert self._response.headers["content-type"].startswith("text/event-stream")
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        event = {}
        try:
            for line in self._response.iter_lines():
                if self._stop.is_set():
                    return
                if line == "":
                    if "data" in event:
                        data = json.loads(event["data"])
                        if event.get("event") == "hello":
                            self.hello = data
                        elif "id" in event:
                            self.ids.append(int(event["id"]))
                            self.events.append(data)
                    event = {}
                elif not line.startswith(":"):
                    key, _, value = line.partition(":")
                    event[key] = value[1:] if value.startswith(" ") else value
        except (httpx.HTTPError, RuntimeError):
            pass

    def types(self) -> list[str]:
        return [e["type"] for e in self.events]

    def of(self, kind: str) -> list[dict]:
        return [e for e in self.events if e["type"] == kind]

    def wait_for(self, predicate, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self):
                return
            time.sleep(0.02)
        raise AssertionError(f"events so far ({len(self.events)}): {self.types()[-20:]} ids {self.ids[:5]}..{self.ids[-5:]}"
                             f" hello {self.hello}")

    def close(self) -> None:
        self._stop.set()
        self._response.close()
        self._client.close()


def test_every_change_is_an_event_with_increasing_ids(studio):
    rid = make_room(studio)
    listener = Listener(studio, rid)
    listener.wait_for(lambda l: l.hello is not None)
    try:
        with studio.client("assistant") as api:
            api.post(f"/api/v1/rooms/{rid}/shelf", json={"product_id": 1006})
            api.put(f"/api/v1/rooms/{rid}/shelf/order", json={"product_ids": [1006, 1001, 1002, 1003]})
            api.put(f"/api/v1/rooms/{rid}/shelf/1002/sale", json={"on_sale": False})
            api.put(f"/api/v1/rooms/{rid}/stage", json={"product_id": 1001})
            api.patch("/api/v1/skus/10011", json={"stock": 77})
            coupon = api.post(f"/api/v1/rooms/{rid}/coupons", json={"template_id": 2, "quantity": 3,
                                                                     "valid_minutes": 5}).json()
            sale = api.post(f"/api/v1/rooms/{rid}/flash-sales", json={"product_id": 1003, "sku_id": 10031,
                                                                      "sale_price_fen": 9900, "stock": 2}).json()
            api.post(f"/api/v1/rooms/{rid}/flash-sales/{sale['id']}/start")
            v = join(studio)
            httpx.post(f"{studio.url}/api/v1/rooms/{rid}/coupons/{coupon['id']}/claim", headers=v["headers"])
            httpx.post(f"{studio.url}/api/v1/rooms/{rid}/orders", json={"sku_id": 10061}, headers=v["headers"])
            c = httpx.post(f"{studio.url}/api/v1/rooms/{rid}/comments", json={"text": "有XL吗"},
                           headers=v["headers"]).json()
            api.put(f"/api/v1/rooms/{rid}/comments/{c['id']}/pin")
            api.put(f"/api/v1/rooms/{rid}/viewers/v{v['viewer_id']}/mute", json={"duration_s": 60})
            api.put(f"/api/v1/rooms/{rid}/mute-all", json={"muted": True})
            api.post(f"/api/v1/rooms/{rid}/end")
        wanted = {"shelf.changed", "stage.changed", "product.updated", "coupon.issued", "coupon.updated",
                  "flash_sale.updated", "order.created", "comment.created", "comment.updated", "viewer.updated",
                  "room.updated"}
        listener.wait_for(lambda l: wanted <= set(l.types()) and l.events[-1]["type"] == "room.updated"
                          and l.events[-1]["data"]["room"]["status"] == "ended")
        assert listener.ids == sorted(listener.ids) and len(set(listener.ids)) == len(listener.ids)
        assert all(e["room_id"] == rid for e in listener.events)
        stage = next(e for e in listener.events if e["type"] == "stage.changed")
        assert stage["data"]["product_id"] == 1001
    finally:
        listener.close()


def test_another_staff_members_action_reaches_every_console(studio):
    rid = make_room(studio)
    consoles = [Listener(studio, rid, role=r) for r in ("assistant", "moderator", "anchor")]
    try:
        for c in consoles:
            c.wait_for(lambda l: l.hello is not None)
        with studio.client("anchor") as anchor:
            anchor.put(f"/api/v1/rooms/{rid}/stage", json={"product_id": 1003})
        for c in consoles:
            c.wait_for(lambda l: "stage.changed" in l.types(), timeout=2)
    finally:
        for c in consoles:
            c.close()


def test_cut_and_resume_with_last_event_id_no_gap_no_duplicate(studio):
    rid = make_room(studio)
    first = Listener(studio, rid)
    first.wait_for(lambda l: l.hello is not None)
    viewer = join(studio)

    def post(n: int, start: int) -> None:
        for i in range(start, start + n):
            while True:  # a viewer may post 20 comments a second; this one posts faster
                r = httpx.post(f"{studio.url}/api/v1/rooms/{rid}/comments", json={"text": f"c{i}"},
                               headers=viewer["headers"], timeout=10)
                if r.status_code != 429:
                    break
                time.sleep(float(r.headers.get("retry-after", "1")) / 4)
            assert r.status_code == 201, r.text

    post(30, 0)
    first.wait_for(lambda l: len(l.of("comment.created")) >= 30)
    first.close()  # the cut
    last = first.ids[-1]
    post(25, 30)   # missed while disconnected
    second = Listener(studio, rid, last_event_id=last)
    try:
        post(5, 55)
        second.wait_for(lambda l: len(l.of("comment.created")) >= 30)
        texts = [e["data"]["comment"]["text"] for e in first.of("comment.created") + second.of("comment.created")]
        assert texts == [f"c{i}" for i in range(60)]
        all_ids = first.ids + second.ids
        assert all_ids == sorted(set(all_ids))
        assert second.hello["last_event_id"] >= last
    finally:
        second.close()


def test_resume_across_a_studio_restart(studio_factory):
    s = studio_factory("--demo", "--audience", "0", name="restart")
    rid = make_room(s)
    listener = Listener(s, rid)
    listener.wait_for(lambda l: l.hello is not None)
    with s.client("assistant") as api:
        api.put(f"/api/v1/rooms/{rid}/stage", json={"product_id": 1001})
    listener.wait_for(lambda l: "stage.changed" in l.types())
    last = listener.ids[-1]
    listener.close()
    port = s.port
    s.stop()
    s.start(port=port)
    with s.client("assistant") as api:
        api.put(f"/api/v1/rooms/{rid}/stage", json={"product_id": 1002})
    resumed = Listener(s, rid, last_event_id=last)
    try:
        resumed.wait_for(lambda l: "stage.changed" in l.types())
        assert resumed.ids[0] > last
        assert resumed.of("stage.changed")[0]["data"]["product_id"] == 1002
    finally:
        resumed.close()


def test_events_are_kept_and_served_from_the_database(studio):
    rid = make_room(studio)
    with studio.client("assistant") as api:
        for pid in (1001, 1002, 1003):
            api.put(f"/api/v1/rooms/{rid}/stage", json={"product_id": pid})
    replay = Listener(studio, rid, last_event_id=0)
    try:
        replay.wait_for(lambda l: l.types().count("stage.changed") >= 3)
        assert replay.types()[0] == "room.updated"  # from the room's creation on
    finally:
        replay.close()
