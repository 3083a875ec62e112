"""Bringing a database written by an older Studio up to date, once, when it opens: the bundled
Studio's database lives in the user's home and must keep working across upgrades.

Version 2 (token lifecycle): the old `tokens` table (a hash per token, valid for ever) becomes
`access_tokens` with a kind, a room scope, an expiry and a revocation time. Tokens of the default
staff accounts were the ones printed at each start: they become start tokens, which the next
start retires. Tokens of other staff accounts keep working for ISSUED_TOKEN_TTL_S more; viewers'
for VIEWER_TOKEN_TTL_S. Tokens an older Studio kept in plain text in the idempotency table (the
answer to `POST /staff`) are removed from it.

Version 3 (figures for the post-show review): a room's stats also count followers, unique buyers,
coupon uses and the GMV paid with a coupon; an older database gets the columns, filled from its
orders (followers start at 0: an older Studio did not count them).

Version 4 (chat modes): a room gets its slow mode, followers-only and shield columns (off), and a
comment the color of an announcement (NULL: an ordinary comment).

Version 5 (IM's five-minute window): the Tencent IM outbox, where one exists, records when a row
was first sent (`first_claimed_at`), so a staff post still in doubt after IM's five-minute
de-duplication window is not sent a second time (tencent_im/sender.py).

Version 6 (IM's messages keyed by MsgSeq first): the key that finds a callback already taken was
(GroupId, MsgSeq); it becomes (MsgSeq, GroupId), which PostgreSQL's planner cannot misuse
(tencent_im/bridge.py says how it did). On PostgreSQL the old key is dropped once the new one
exists; SQLite cannot drop a key declared in its table, and keeps both (its planner uses either well).

Version 7 (idle sign-ups pruned): an access token records when it first made a change
(`acted_at`); viewers whose token never did and has expired are pruned (Accounts.prune_idle_viewers).
The viewer tokens an older Studio gave count as having acted (what they did is not known), so
none of its viewers is pruned.

Tables that are only new (follows, the fan club, lucky bags and their entries and winners, red
packets and their claims) need no step here: `store.SCHEMA` creates whatever is missing on every
open.

The same steps run on SQLite and PostgreSQL (through database.py's translation; the engine answers
which tables and columns exist), so no second migration tool is needed: a step is plain SQL plus
Python, and the version lives in `meta`. On a new database (every PostgreSQL one so far) the steps
find nothing to change and only record the version.
Why not Alembic: see STORAGE.md."""

from __future__ import annotations

import json
import time

SCHEMA_VERSION = 7
ISSUED_TOKEN_TTL_S = 30 * 24 * 3600   # what a token made for a staff member lives by default
VIEWER_TOKEN_TTL_S = 24 * 3600        # a viewer's sign-in lasts a day


def migrate(db, engine) -> None:
    """`db`: the store's connection; `engine`: its database.SqliteEngine or PostgresEngine."""
    engine.begin(durable=True)   # one writer: two Studios opening one database migrate it once
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row else 1
        if version < SCHEMA_VERSION:
            if engine.has_table("tokens"):
                _tokens_to_access_tokens(db, time.time())
            _scrub_plaintext_tokens(db)
            _room_stats_figures(db, engine)
            _chat_modes(db, engine)
            _im_outbox_first_send(db, engine)
            _im_messages_by_seq(db, engine)
            _token_activity(db, engine, version)
            db.execute("INSERT INTO meta(key, value) VALUES ('schema_version', ?) "
                       "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(SCHEMA_VERSION),))
        engine.end(durable=True, commit=True)
    except BaseException:
        engine.end(durable=True, commit=False)
        raise


def _tokens_to_access_tokens(db, now: float) -> None:
    defaults = {r[0] for r in db.execute(
        "SELECT MIN(id) FROM staff WHERE disabled = 0 GROUP BY role").fetchall()}
    for token_hash, staff_id, viewer_id, created_at in db.execute(
            "SELECT token_hash, staff_id, viewer_id, created_at FROM tokens").fetchall():
        if viewer_id is not None:
            kind, expires = "viewer", now + VIEWER_TOKEN_TTL_S
        elif staff_id in defaults:
            kind, expires = "start", None       # retired by the start that runs this migration
        else:
            kind, expires = "issued", now + ISSUED_TOKEN_TTL_S
        db.execute("INSERT OR IGNORE INTO access_tokens(token_hash, staff_id, viewer_id, kind, created_at, expires_at) "
                   "VALUES (?,?,?,?,?,?)", (token_hash, staff_id, viewer_id, kind, created_at, expires))
    db.execute("DROP TABLE tokens")


def _scrub_plaintext_tokens(db) -> None:
    for scope, key, response in db.execute(
            "SELECT scope, key, response FROM idempotency WHERE response LIKE '%\"token\"%'").fetchall():
        try:
            body = json.loads(response)
        except ValueError:
            continue
        if isinstance(body, dict) and isinstance(body.get("token"), str):
            body["token"] = None   # a replay of this key now says the token cannot be repeated
            db.execute("UPDATE idempotency SET response = ? WHERE scope = ? AND key = ?",
                       (json.dumps(body, ensure_ascii=False), scope, key))


ROOM_STATS_FIGURES = ("followers", "buyers", "coupon_uses", "coupon_gmv_fen")


def _room_stats_figures(db, engine) -> None:
    have = engine.columns("room_stats")
    missing = [c for c in ROOM_STATS_FIGURES if c not in have]
    for column in missing:
        db.execute(f"ALTER TABLE room_stats ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")
    if missing:   # counted from the orders an older Studio kept
        db.execute("""UPDATE room_stats SET
            buyers = (SELECT COUNT(DISTINCT viewer_id) FROM orders o WHERE o.room_id = room_stats.room_id),
            coupon_uses = (SELECT COUNT(*) FROM orders o WHERE o.room_id = room_stats.room_id
                           AND o.coupon_claim_id IS NOT NULL),
            coupon_gmv_fen = (SELECT COALESCE(SUM(amount_fen), 0) FROM orders o WHERE o.room_id = room_stats.room_id
                              AND o.coupon_claim_id IS NOT NULL)""")


CHAT_MODE_COLUMNS = {"rooms": (("slow_mode_s", "INTEGER NOT NULL DEFAULT 0"), ("followers_only_min", "INTEGER"),
                               ("shield", "INTEGER NOT NULL DEFAULT 0")),
                     "comments": (("announcement", "TEXT"),)}


def _chat_modes(db, engine) -> None:
    for table, columns in CHAT_MODE_COLUMNS.items():
        have = engine.columns(table)
        for column, kind in columns:
            if column not in have:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


def _im_outbox_first_send(db, engine) -> None:
    if engine.has_table("tencent_im_outbox") and "first_claimed_at" not in engine.columns("tencent_im_outbox"):
        db.execute("ALTER TABLE tencent_im_outbox ADD COLUMN first_claimed_at REAL")


def _im_messages_by_seq(db, engine) -> None:
    if not engine.has_table("tencent_im_messages"):
        return
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS tencent_im_messages_seq ON tencent_im_messages(msg_seq, group_id)")
    if engine.name == "postgresql":
        db.execute("ALTER TABLE tencent_im_messages DROP CONSTRAINT IF EXISTS tencent_im_messages_group_id_msg_seq_key")


def _token_activity(db, engine, version: int) -> None:
    if "acted_at" not in engine.columns("access_tokens"):
        db.execute("ALTER TABLE access_tokens ADD COLUMN acted_at REAL")
    if version < 7:   # (a version 1 database's tokens were moved into access_tokens just before)
        db.execute("UPDATE access_tokens SET acted_at = created_at WHERE viewer_id IS NOT NULL AND acted_at IS NULL")
    # Idle viewer tokens found without reading the whole table (every 10 s: server._ticker).
    db.execute("CREATE INDEX IF NOT EXISTS access_tokens_idle ON access_tokens(acted_at, expires_at)")
