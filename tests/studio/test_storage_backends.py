"""Studio's data layer on both engines: SQLite's SQL as PostgreSQL runs it, an older Studio's
database migrated, and the guarantees (stock, idempotency, event ids) held between two Studios
writing to one database at once — two processes, or two workers."""

from __future__ import annotations

import json
import threading
import time

import pytest

from anchor_console.studio.database import open_database, translate, translate_ddl
from anchor_console.studio.permissions import Role
from anchor_console.studio.services import Studio
from anchor_console.studio.store import Principal, hash_token
from support.postgres import fresh_postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> str:
    """A new, empty database on each engine (PostgreSQL skipped with the reason where it can't run)."""
    return str(tmp_path / "s.sqlite") if request.param == "sqlite" else fresh_postgres_url()


def test_sqlites_sql_is_translated_for_postgresql():
    assert translate("SELECT * FROM t WHERE a = ? AND b LIKE '%x?%'", True)[0] == \
        "SELECT * FROM t WHERE a = %s AND b LIKE '%%x?%%'"
    assert translate("SELECT '%' FROM t", False)[0] == "SELECT '%' FROM t"   # no parameters: no escapes
    assert translate("INSERT OR IGNORE INTO follows(viewer_id) VALUES (?)", True) == (
        "INSERT INTO follows(viewer_id) VALUES (%s) ON CONFLICT DO NOTHING", "follows")
    assert translate("INSERT OR IGNORE INTO t(a) VALUES (?) RETURNING a", True)[0] == \
        "INSERT INTO t(a) VALUES (%s) ON CONFLICT DO NOTHING RETURNING a"
    assert translate("UPDATE t SET e = MIN(COALESCE(e, ?), ?), n = (SELECT MAX(id) FROM u)", True)[0] == \
        "UPDATE t SET e = LEAST(COALESCE(e, %s), %s), n = (SELECT MAX(id) FROM u)"
    ddl = translate_ddl("CREATE TABLE IF NOT EXISTS x(\n  id INTEGER PRIMARY KEY, at REAL, n INTEGER, b BLOB);\n"
                        "CREATE TABLE IF NOT EXISTS events(id INTEGER PRIMARY KEY, ts REAL NOT NULL);")
    assert "id BIGSERIAL PRIMARY KEY, at DOUBLE PRECISION, n BIGINT, b BYTEA" in ddl
    assert "events(id BIGINT PRIMARY KEY, ts DOUBLE PRECISION NOT NULL)" in ddl   # Studio numbers its events
    assert "CREATE OR REPLACE TRIGGER x_rowid" in ddl and "events_rowid" not in ddl


def test_rows_ids_and_sums_read_as_on_sqlite(database):
    db, engine = open_database(database)
    try:
        db.executescript("CREATE TABLE IF NOT EXISTS things(\n  id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                         "n INTEGER NOT NULL DEFAULT 0, at REAL);")
        first = db.execute("INSERT INTO things(name, n, at) VALUES (?,?,?)", ("a", 2, 1.25)).lastrowid
        db.execute("INSERT INTO things(id, name, n) VALUES (?,?,?)", (10, "b", 3))
        null_id = db.execute("INSERT INTO things(id, name, n) VALUES (?,?,?)", (None, "c", True)).lastrowid
        assert (first, null_id) == (1, 11)   # an id given by hand moves the counter past it
        row = db.execute("SELECT SUM(n) AS total, AVG(n) AS mean, MAX(at) FROM things").fetchone()
        assert row["total"] == 6 and isinstance(row["total"], int) and row["mean"] == 2.0 and row[2] == 1.25
        assert dict(zip(row.keys(), row)) == {"total": 6, "mean": 2.0, row.keys()[2]: 1.25}
        assert engine.has_table("things") and not engine.has_table("nothing")
        assert engine.columns("things") == {"id", "name", "n", "at"}
    finally:
        db.close()


OLD_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS staff(id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
  created_at REAL NOT NULL, disabled INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS tokens(token_hash TEXT PRIMARY KEY, staff_id INTEGER, viewer_id INTEGER,
  created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency(scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL, response TEXT NOT NULL, created_at REAL NOT NULL, PRIMARY KEY(scope, key));
CREATE TABLE IF NOT EXISTS room_stats(room_id INTEGER PRIMARY KEY, entries INTEGER NOT NULL DEFAULT 0,
  likes INTEGER NOT NULL DEFAULT 0, comments INTEGER NOT NULL DEFAULT 0, orders INTEGER NOT NULL DEFAULT 0,
  gmv_fen INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS orders(
  id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL, viewer_id INTEGER NOT NULL, product_id INTEGER NOT NULL,
  sku_id INTEGER NOT NULL, quantity INTEGER NOT NULL, unit_price_fen INTEGER NOT NULL,
  discount_fen INTEGER NOT NULL DEFAULT 0, amount_fen INTEGER NOT NULL, flash_sale_id INTEGER,
  coupon_claim_id INTEGER, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS rooms(
  id INTEGER PRIMARY KEY, title TEXT NOT NULL, status TEXT NOT NULL, created_at REAL NOT NULL,
  started_at REAL, ended_at REAL, mute_all INTEGER NOT NULL DEFAULT 0, stage_product_id INTEGER,
  stream_name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS comments(
  id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL, viewer_id INTEGER, staff_id INTEGER,
  nickname TEXT NOT NULL, text TEXT NOT NULL, created_at REAL NOT NULL,
  pinned INTEGER NOT NULL DEFAULT 0, hidden INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0);
"""


OLD_IM_OUTBOX = """CREATE TABLE tencent_im_outbox(
  id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL, action TEXT NOT NULL, command TEXT NOT NULL,
  body TEXT NOT NULL, comment_id INTEGER, status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0, claimed_by TEXT, claimed_at REAL,
  error_code INTEGER, error_info TEXT, answer TEXT, created_at REAL NOT NULL, done_at REAL)"""
OLD_IM_MESSAGES = """CREATE TABLE IF NOT EXISTS tencent_im_messages(
  id INTEGER PRIMARY KEY, group_id TEXT NOT NULL, msg_seq INTEGER, random INTEGER,
  room_id INTEGER NOT NULL, comment_id INTEGER NOT NULL, UNIQUE(group_id, msg_seq));"""


def test_an_older_studios_database_is_migrated_once(database):
    db, _engine = open_database(database)
    now = time.time()
    db.executescript(OLD_SCHEMA)   # version 1: no schema_version, plain tokens, room_stats without its figures
    db.executemany("INSERT INTO staff(id, name, role, created_at) VALUES (?,?,?,?)",
                   [(1, "主播", "anchor", now), (2, "场控", "assistant", now), (3, "小李", "assistant", now)])
    db.executemany("INSERT INTO tokens VALUES (?,?,?,?)", [(hash_token("start"), 1, None, now),
                                                         (hash_token("issued"), 3, None, now),
                                                         (hash_token("viewer"), None, 1, now)])
    db.execute("INSERT INTO idempotency VALUES ('s1', 'k', 'f', 201, ?, ?)",
               (json.dumps({"id": 3, "token": "issued"}), now))
    db.execute("INSERT INTO room_stats(room_id, orders) VALUES (7, 2)")
    db.execute("INSERT INTO rooms(id, title, status, created_at, stream_name) VALUES (7, '旧', 'ended', ?, 's')", (now,))
    db.execute("INSERT INTO comments(room_id, staff_id, nickname, text, created_at) VALUES (7, 1, '主播', 'hi', ?)",
               (now,))
    db.executemany("INSERT INTO orders(room_id, viewer_id, product_id, sku_id, quantity, unit_price_fen, amount_fen, "
                   "coupon_claim_id, created_at) VALUES (7,?,1,1,1,100,?,?,?)", [(1, 100, 5, now), (2, 80, None, now)])
    db.execute(OLD_IM_OUTBOX)   # as a Studio of schema version 4 with Tencent IM made it
    db.executescript(OLD_IM_MESSAGES)
    db.execute("INSERT INTO tencent_im_messages(group_id, msg_seq, random, room_id, comment_id) "
               "VALUES ('@TGS#a', 5, 9, 7, 1)")
    db.close()
    for _ in range(2):   # the second open finds it up to date
        studio = Studio(database)
        try:
            s = studio.store
            assert s.meta("schema_version") == "7" and not s.engine.has_table("tokens")
            kinds = {r["staff_id"]: r["kind"] for r in s.db.execute("SELECT staff_id, kind FROM access_tokens")}
            assert kinds == {1: "start", 3: "issued", None: "viewer"}   # the first of each role was a default account
            # version 7: what the older Studio's viewers did is not known: none is an idle sign-up
            assert s.db.execute("SELECT acted_at FROM access_tokens WHERE viewer_id = 1").fetchone()[0] == now
            stats = s.db.execute("SELECT buyers, coupon_uses, coupon_gmv_fen FROM room_stats WHERE room_id = 7").fetchone()
            assert tuple(stats) == (2, 1, 100)
            assert "issued" not in s.db.execute("SELECT response FROM idempotency").fetchone()[0]
            # version 4: chat modes, all off, and comments that are not announcements
            assert studio.rooms.get(7)["chat"] == {"slow_mode_s": 0, "followers_only_min": None, "shield": False}
            assert studio.comments.list_comments(7, None, None, 10)[0]["announcement"] is None
            # version 5: the IM outbox records when a row was first sent (IM's five-minute window)
            assert "first_claimed_at" in s.engine.columns("tencent_im_outbox")
            # version 6: IM's messages keyed by (MsgSeq, GroupId); PostgreSQL drops the old key
            with pytest.raises(Exception, match="(?i)unique"):
                with s.tx():
                    s.db.execute("INSERT INTO tencent_im_messages(group_id, msg_seq, random, room_id, comment_id) "
                                 "VALUES ('@TGS#a', 5, 10, 7, 2)")
            if s.engine.name == "postgresql":
                keys = {r[0] for r in s.db.execute("SELECT indexname FROM pg_indexes "
                                                   "WHERE tablename = 'tencent_im_messages'")}
                assert "tencent_im_messages_seq" in keys and "tencent_im_messages_group_id_msg_seq_key" not in keys
        finally:
            studio.store.close()


def _side_by_side(database: str, n: int, work) -> list:
    """`work(studio, i)` for i in range(n), split between two Studios on one database, each in its
    own thread with its own connection (as two workers would be): the results, in no order."""
    studios = [Studio(database), Studio(database)]
    results: list = []
    start = threading.Barrier(2)

    def worker(studio: Studio, indices: range) -> None:
        start.wait()
        for i in indices:
            try:
                results.append(work(studio, i))
            except Exception as e:   # a refusal (sold out) is a result too
                results.append(e)
    threads = [threading.Thread(target=worker, args=(st, range(k, n, 2))) for k, st in enumerate(studios)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    finally:
        for st in studios:
            st.store.close()
    return results


def test_two_studios_on_one_database_sell_exactly_the_stock(database):
    setup = Studio(database)
    room = setup.rooms.create("r")["id"]
    setup.catalog.create_product("p", [{"id": 501, "name": "s", "price_fen": 1000, "stock": 25}], product_id=50)
    setup.shelf.add(room, 50)
    setup.rooms.start(room)
    buyers = [setup.accounts.join_as_viewer(f"买家{i}")["viewer_id"] for i in range(60)]
    setup.store.close()
    results = _side_by_side(database, 60, lambda st, i: st.orders.create(room, buyers[i], 501, 1))
    sold = [r for r in results if isinstance(r, dict)]
    assert len(sold) == 25, [r for r in results if not isinstance(r, dict)][:3]
    check = Studio(database)
    try:
        assert check.catalog.sku_row(501)["stock"] == 0
        ids = [r[0] for r in check.store.db.execute("SELECT id FROM events ORDER BY id")]
        assert len(ids) == len(set(ids))
        created = check.store.db.execute("SELECT COUNT(*) FROM events WHERE type = 'order.created'").fetchone()[0]
        assert created == 25
    finally:
        check.store.close()


def test_one_key_sent_to_two_studios_at_once_has_one_effect(database):
    setup = Studio(database)
    setup.rooms.create("r")
    setup.store.close()
    who = Principal(Role.ANCHOR, staff_id=1)
    results = _side_by_side(database, 8, lambda st, i: st.idempotency.once(
        who, "same-key", "f", lambda: (201, {"made": _made(st)})))
    assert len({json.dumps(r) for r in results}) == 1, results   # every answer is the first one
    check = Studio(database)
    try:
        assert check.store.db.execute("SELECT COUNT(*) FROM idempotency").fetchone()[0] == 1
        assert check.store.db.execute("SELECT COUNT(*) FROM rooms").fetchone()[0] == 2   # one room made, once
    finally:
        check.store.close()


def _made(studio: Studio) -> int:
    return studio.rooms.create("made once")["id"]


def test_a_writer_that_cannot_get_the_lock_in_time_fails_and_the_connection_still_works(monkeypatch):
    import anchor_console.studio.database as database

    url = fresh_postgres_url()
    monkeypatch.setattr(database, "LOCK_TIMEOUT", "100ms")
    holder, waiter = Studio(url), Studio(url)
    try:
        with holder.store.tx():   # holds the writers' lock
            with pytest.raises(Exception, match="lock timeout"):
                with waiter.store.tx():
                    pass
        waiter.rooms.create("after")   # the waiter's connection is usable again
        assert waiter.store.db.execute("SELECT COUNT(*) FROM rooms").fetchone()[0] == 1
    finally:
        holder.store.close()
        waiter.store.close()


def test_a_write_that_fails_in_a_transaction_fails_it_whole_and_the_next_one_works(database):
    """On PostgreSQL a transaction's writes are pipelined: an error may surface at a later read or at
    COMMIT, not at its statement. Either way the change is not made, nothing of it stays, and the
    connection goes on; a rowcount read in the middle is the statement's own."""
    studio = Studio(database)
    try:
        room = studio.rooms.create("r")["id"]
        events_before = studio.store.last_event_id
        with pytest.raises(Exception, match="(?i)unique|duplicate"):
            with studio.store.tx():
                studio.store.db.execute("UPDATE rooms SET title = ? WHERE id = ?", ("changed", room))
                assert studio.store.db.execute("UPDATE rooms SET title = ? WHERE id = ?", ("again", room)).rowcount == 1
                studio.store.emit(room, "room.updated", {"title": "again"})
                studio.store.db.execute("INSERT INTO rooms(id, title, status, created_at, stream_name) "
                                  "VALUES (?, 'x', 'scheduled', 0, 's')", (room,))   # its id is taken
                studio.store.db.execute("UPDATE rooms SET title = ? WHERE id = ?", ("after", room))
        assert studio.rooms.row(room)["title"] == "r"
        assert studio.store.events_after(room, events_before) == []
        made = studio.rooms.create("next")["id"]   # the connection, the lock and the event ids go on
        assert studio.rooms.row(made)["title"] == "next"
        assert [e for e, _ in studio.store.events_after(made, events_before)]
    finally:
        studio.store.close()
