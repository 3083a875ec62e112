"""Token lifecycle: each start retires the previous start's tokens; tokens made for people expire,
can be for some rooms only, rotated and revoked (`anchor-console studio tokens …`); revoking one
closes its open event streams within a second; no token is stored in plain text anywhere; an old
database's tokens are migrated."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time

import httpx

from anchor_console.studio.database import open_database
from support.studio import make_room
from support.postgres import sqlite_only
from support.studio import ROOT, start_studio, wait_until


def tokens_cli(studio, *args: str) -> list[dict]:
    r = subprocess.run([sys.executable, "-m", "anchor_console", "studio", "tokens", *args, "--db", str(studio.db_path)],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    return [json.loads(line) for line in r.stdout.splitlines()]


def status(studio, token: str, path: str = "/api/v1/me") -> httpx.Response:
    return httpx.get(studio.url + path, headers={"Authorization": f"Bearer {token}"}, timeout=10)


class Stream:
    """An open event stream and when it ended."""

    def __init__(self, studio, room_id: int, token: str) -> None:
        self.ended_at: float | None = None
        self.lines: list[str] = []
        self._client = httpx.Client(base_url=studio.url, timeout=httpx.Timeout(10, read=60))
        self._response = self._client.send(self._client.build_request(
            "GET", f"/api/v1/rooms/{room_id}/events", headers={"Authorization": f"Bearer {token}"}), stream=True)
        assert self._response.status_code == 200, self._response.read()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for line in self._response.iter_lines():
                self.lines.append(line)
        except httpx.HTTPError:
            pass
        self.ended_at = time.monotonic()

    def close(self) -> None:
        self._response.close()
        self._client.close()


def test_each_start_retires_the_previous_starts_tokens(tmp_path):
    studio = start_studio(tmp_path, "--audience", "0")
    starts = [dict(studio.tokens)]
    try:
        for _ in range(3):
            port = studio.port
            studio.stop()
            studio.start(port=port)
            starts.append(dict(studio.tokens))
        valid = [[status(studio, t).status_code == 200 for t in start.values()] for start in starts]
        # 4 starts: the first two starts' tokens are revoked; the third's work a minute more, so a
        # console reconnecting across the restart is not refused; the fourth's work.
        assert valid == [[False] * 3, [False] * 3, [True] * 3, [True] * 3]
        assert status(studio, starts[0]["anchor"]).json()["code"] == "unauthorized"
    finally:
        studio.stop()


def test_a_token_made_for_one_room_acts_only_there_and_expires(studio):
    mine, other = make_room(studio), make_room(studio)
    # The scope is checked with a token that outlives the checks on a slow machine; its 3-second
    # twin is the one watched expiring.
    made = tokens_cli(studio, "create", "--name", "小王", "--role", "assistant", "--room", str(mine),
                      "--expires", "1h", "--label", "小王的电脑")[0]
    brief = tokens_cli(studio, "create", "--name", "小王", "--role", "assistant", "--room", str(mine),
                       "--expires", "3s")[0]
    token = made["token"]
    assert made["rooms"] == [mine] and made["label"] == "小王的电脑" and made["expires_at"] - made["created_at"] == 3600
    assert brief["expires_at"] - brief["created_at"] == 3
    h = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{studio.url}/api/v1/rooms/{mine}/shelf", headers=h).status_code == 200
    refused = httpx.get(f"{studio.url}/api/v1/rooms/{other}/shelf", headers=h)
    assert refused.status_code == 403 and refused.json()["code"] == "room_out_of_scope"
    assert [r["id"] for r in httpx.get(f"{studio.url}/api/v1/rooms", headers=h).json()["items"]] == [mine]
    # What every room shares may be read, not changed, by a token for some rooms only.
    assert httpx.get(f"{studio.url}/api/v1/products", headers=h).status_code == 200
    price = httpx.patch(f"{studio.url}/api/v1/skus/10011", json={"price_fen": 1}, headers=h)
    assert price.status_code == 403 and price.json()["code"] == "room_out_of_scope"
    assert httpx.post(f"{studio.url}/api/v1/rooms", json={"title": "x"}, headers=h).status_code == 403
    me = status(studio, token).json()
    assert me["rooms"] == [mine] and me["name"] == "小王"
    expired = wait_until(lambda: (r := status(studio, brief["token"])).status_code == 401 and r, timeout=15)
    assert expired.json() == {"code": "token_expired", "message": expired.json()["message"]}


def test_revoking_a_token_closes_its_event_stream_at_once(studio):
    rid = make_room(studio)
    made = tokens_cli(studio, "create", "--name", "房管A", "--role", "moderator")[0]
    other = tokens_cli(studio, "create", "--name", "房管B", "--role", "moderator")[0]
    doomed, spared = Stream(studio, rid, made["token"]), Stream(studio, rid, other["token"])
    try:
        wait_until(lambda: any(line.startswith("event: hello") for line in doomed.lines))
        started = time.monotonic()
        tokens_cli(studio, "revoke", str(made["id"]))   # another process, on the database
        wait_until(lambda: doomed.ended_at is not None, timeout=10)
        latency = doomed.ended_at - started
        print(f"stream closed {latency * 1000:.0f} ms after the revoke command returned")
        # Within a second on a quiet machine (the printed figure); the bound only has to tell "closed
        # by the revoke" from "never" or "at the token's expiry" on a loaded one (seen: 1.8 s).
        assert latency < 5.0
        assert "event: closed" in doomed.lines and any('"token_revoked"' in line for line in doomed.lines)
        assert spared.ended_at is None
        assert status(studio, made["token"]).status_code == 401
        listed = {t["id"]: t["state"] for t in tokens_cli(studio, "list", "--all")}
        assert listed[made["id"]] == "revoked" and listed[other["id"]] == "active"
    finally:
        doomed.close()
        spared.close()


def test_removing_a_staff_member_closes_their_stream_and_a_rotated_token_replaces_the_old(studio):
    rid = make_room(studio)
    with studio.client("anchor") as anchor:
        member = anchor.post("/api/v1/staff", json={"name": "临时场控", "role": "assistant"}).json()
        stream = Stream(studio, rid, member["token"])
        try:
            wait_until(lambda: any(line.startswith("event: hello") for line in stream.lines))
            started = time.monotonic()
            assert anchor.delete(f"/api/v1/staff/{member['id']}").status_code == 200
            wait_until(lambda: stream.ended_at is not None, timeout=10)
            assert stream.ended_at - started < 1.0
        finally:
            stream.close()
    assert status(studio, member["token"]).status_code == 401
    old = tokens_cli(studio, "create", "--name", "轮换", "--role", "assistant")[0]
    new = tokens_cli(studio, "rotate", str(old["id"]), "--grace", "60s")[0]
    assert new["replaces_id"] == old["id"] and new["token"] != old["token"]
    assert status(studio, new["token"]).status_code == 200 and status(studio, old["token"]).status_code == 200
    hard = tokens_cli(studio, "rotate", str(new["id"]))[0]
    assert status(studio, new["token"]).status_code == 401 and status(studio, hard["token"]).status_code == 200


def test_a_repeated_staff_creation_returns_the_token_only_while_it_is_valid_and_stores_none(studio):
    body = {"name": "幂等场控", "role": "assistant"}
    with studio.client("anchor") as anchor:
        first = anchor.post("/api/v1/staff", json=body, headers={"Idempotency-Key": "mint-1"})
        again = anchor.post("/api/v1/staff", json=body, headers={"Idempotency-Key": "mint-1"})
        assert first.status_code == again.status_code == 201 and first.json() == again.json()
        token = first.json()["token"]
        # Another token of the same account cannot open the stored answer.
        second = tokens_cli(studio, "create", "--staff", str(anchor.get("/api/v1/me").json()["staff_id"]))[0]
        other = httpx.post(f"{studio.url}/api/v1/staff", json=body, timeout=10,
                           headers={"Authorization": f"Bearer {second['token']}", "Idempotency-Key": "mint-1"})
        assert other.status_code == 409 and other.json()["code"] == "token_not_repeatable"
        anchor.delete(f"/api/v1/staff/{first.json()['id']}")
        after = anchor.post("/api/v1/staff", json=body, headers={"Idempotency-Key": "mint-1"})
        assert after.status_code == 409 and after.json()["code"] == "token_no_longer_valid"
        assert token not in after.text
    assert_no_plaintext(studio.db_path, [token, *studio.tokens.values()])


def assert_no_plaintext(db_path, secrets: list[str]) -> None:
    """Every text in every table, and (SQLite) the raw database file with its WAL."""
    db, _engine = open_database(str(db_path))
    tables = ("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
              if isinstance(db_path, str) else "SELECT name FROM sqlite_master WHERE type = 'table'")
    try:
        for (table,) in db.execute(tables).fetchall():
            for row in db.execute(f"SELECT * FROM {table}"):
                text = json.dumps([str(v) for v in row])
                assert not any(secret in text for secret in secrets), table
    finally:
        db.close()
    if isinstance(db_path, str):   # a PostgreSQL URL: its files are the server's
        return
    for suffix in ("", "-wal"):
        path = db_path.with_name(db_path.name + suffix)
        if path.exists():
            raw = path.read_bytes()
            assert not any(secret.encode() in raw for secret in secrets), path.name


OLD_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE staff(id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, created_at REAL NOT NULL,
                   disabled INTEGER NOT NULL DEFAULT 0);
CREATE TABLE viewers(id INTEGER PRIMARY KEY, nickname TEXT NOT NULL, created_at REAL NOT NULL);
CREATE TABLE tokens(token_hash TEXT PRIMARY KEY, staff_id INTEGER, viewer_id INTEGER, created_at REAL NOT NULL);
CREATE TABLE idempotency(scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, status INTEGER NOT NULL,
                         response TEXT NOT NULL, created_at REAL NOT NULL, PRIMARY KEY(scope, key));
"""


@sqlite_only   # writes an older Studio's SQLite file; on PostgreSQL: test_storage_backends.py
def test_a_database_of_the_previous_studio_opens_and_its_tokens_follow_the_new_rules(tmp_path):
    from anchor_console.studio.store import hash_token

    path = tmp_path / "old" / "studio.sqlite"
    path.parent.mkdir()
    db = sqlite3.connect(path)
    db.executescript(OLD_SCHEMA)
    now = time.time()
    db.executemany("INSERT INTO staff(id, name, role, created_at) VALUES (?,?,?,?)",
                   [(1, "主播", "anchor", now), (2, "场控", "assistant", now), (3, "房管", "moderator", now),
                    (4, "小李", "assistant", now)])
    db.execute("INSERT INTO viewers VALUES (1, '观众', ?)", (now,))
    db.executemany("INSERT INTO tokens VALUES (?,?,?,?)", [(hash_token("old-start"), 2, None, now),
                                                         (hash_token("old-issued"), 4, None, now),
                                                         (hash_token("old-viewer"), None, 1, now)])
    db.execute("INSERT INTO idempotency VALUES ('s1', 'k', 'f', 201, ?, ?)",
               (json.dumps({"id": 4, "token": "old-issued"}), now))
    db.commit()
    db.close()
    studio = start_studio(path.parent, "--audience", "0", name="studio")
    try:
        assert status(studio, "old-start").status_code == 200     # a minute's grace, as after any restart
        assert status(studio, "old-issued").status_code == 200
        assert httpx.get(f"{studio.url}/api/v1/me", headers={"Authorization": "Bearer old-viewer"}).status_code == 200
        (issued,) = [t for t in tokens_cli(studio, "list") if t["staff_id"] == 4]
        assert issued["kind"] == "issued" and 29 * 86400 < issued["expires_at"] - now < 31 * 86400
    finally:
        studio.stop()
    assert_no_plaintext(path, ["old-issued"])
    with sqlite3.connect(path) as db:   # what an older Studio's viewers did is not known: none is idle
        assert db.execute("SELECT acted_at FROM access_tokens WHERE viewer_id = 1").fetchone()[0] is not None
