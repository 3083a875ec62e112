"""Delivering the outbox to Tencent Cloud IM's REST API, outside any transaction.

    POST {base}/v4/<service>/<command>?sdkappid=&identifier=<admin>&usersig=&random=&contenttype=json
    → {"ActionStatus": "OK" | "FAIL", "ErrorCode": 0 | …, "ErrorInfo": "…", …}

(the REST API overview, cloud.tencent.com/document/product/269/1519; HTTP is 200 unless the network
failed: the outcome is in ErrorCode). Every call carries a fresh UserSig of the admin account and
a fresh `random`, and waits for a token of its command's bucket (IM allows 200 calls a second per
command, "最高调用频率 200次/秒" on each command's page).

Exactly once. A row is written in the transaction of the moderation change it mirrors, so a
request retried with the same Idempotency-Key (answered from the stored result, run() not run
again) writes no second row. A sender claims a row (pending → sending, with its own id and the
time: several workers on one database never send the same row at once; a claim older than
CLAIM_STALE_S, its worker gone, is taken over), calls IM, then records the outcome (sent, or
failed with IM's code and a clear message). A crash between IM's answer and that record sends the
row again: that is safe because every command is idempotent at IM's end — forbid_send_msg,
ban/unban and modify_group_base_info set a state, group_msg_recall of a recalled message changes
nothing (its per-message RetCode says so, and counts as done), and send_group_msg carries the
Random stored in the row, which IM's page for send_group_msg documents as its de-duplication key:
"随机数字，五分钟数字相同认为是重复消息" (the same Random within five minutes is a repeated
message). Beyond those five minutes a resend would be a second post, so a staff post first sent
more than RANDOM_WINDOW_S ago that is still in doubt is not sent again: it fails, saying why.
Every row that fails for good is told to the room's consoles (`chat_relay.failed`: Studio had
confirmed the change to them, and viewers' chat may not show it)."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from anchor_console.studio.routes.context import TokenBucket
from anchor_console.studio.tencent_im.bridge import RECALL, SEND_MSG, ImBridge
from anchor_console.studio.tencent_im.config import ImConfig
from anchor_console.studio.tencent_im.usersig import gen_user_sig

log = logging.getLogger("anchor_console.studio.tencent_im")

CLAIM_STALE_S = 30.0
# IM treats a repeated Random as the same message for five minutes; a margin for the clocks and the trip.
RANDOM_WINDOW_S = 300.0 - 30.0
PAST_RANDOM_WINDOW = ("IM was first asked to post this more than five minutes ago and did not answer clearly; it "
                      "was not sent again, because IM would take a repeat after five minutes as a second post. "
                      "Check the group and post it again if it is missing.")
MAX_ATTEMPTS = 8
RETRY_S = 1.0
USERSIG_EXPIRE_S = 300
# IM's codes → what Studio records (and a console can show), worded from Tencent's own error lists
# (tests/studio/tencent_im_docs/README.md quotes them).
TRANSIENT = frozenset({10002, 60007, 60008, 70169, 90994})   # internal error, rate limited, timeouts: retried
ERRORS = {
    10002: "IM had an internal error; Studio retries.",
    10003: "IM does not know this command.",
    10004: "IM refused the request's parameters.",
    10007: "The admin account may not do this in this group.",
    10010: "The IM group no longer exists (dismissed).",
    10015: "IM has no group with this id.",
    10016: "IM's own callback to this app refused it.",
    60007: "Too many calls to IM; Studio retries.",
    60008: "IM timed out; Studio retries.",
    60010: "The identifier is not an IM app admin.",
    70001: "The UserSig has expired (is Studio's clock right?).",
    70003: "The UserSig is not valid (check the SecretKey and SDKAppID).",
    70013: "The UserSig was made for another account than the admin.",
}


def clear_error(code: int, info: str) -> str:
    return ERRORS.get(code, f"IM refused the call (error {code}).") + (f" IM said: {info[:200]}" if info else "")


def command_rate(rate_per_s: float, clock: Callable[[], float] = time.monotonic) -> TokenBucket:
    """IM's limit: `rate_per_s` calls a second per command, bursts up to as many."""
    return TokenBucket(rate_per_s, rate_per_s, clock)


@dataclass
class ImAnswer:
    code: int
    info: str
    body: dict


class ImRestClient:
    """IM's REST API as the app admin. `transport`: an httpx transport (tests: the emulator)."""

    def __init__(self, config: ImConfig, *, transport: httpx.AsyncBaseTransport | None = None,
                 wall: Callable[[], float] = time.time, rate: TokenBucket | None = None, timeout_s: float = 5.0) -> None:
        self.config, self.wall = config, wall
        self.rate = rate or command_rate(config.rate_per_s)
        self._client = httpx.AsyncClient(transport=transport, timeout=timeout_s)

    def url(self, command: str) -> str:
        query = {"sdkappid": self.config.sdkappid, "identifier": self.config.admin,
                 "usersig": gen_user_sig(self.config.sdkappid, self.config.secret_key, self.config.admin,
                                         now=int(self.wall()), expire=USERSIG_EXPIRE_S),
                 "random": secrets.randbelow(2**32), "contenttype": "json"}
        return f"{self.config.base_url}/v4/{command}?{urlencode(query)}"

    async def call(self, command: str, body: dict) -> ImAnswer:
        while (wait := self.rate.wait_s(command)) > 0:
            await asyncio.sleep(wait)
        response = await self._client.post(self.url(command), content=json.dumps(body, ensure_ascii=False).encode(),
                                           headers={"Content-Type": "application/json"})
        answer = response.json() if response.status_code == 200 else {}
        if response.status_code != 200 or not isinstance(answer, dict):
            raise httpx.HTTPStatusError(f"IM answered HTTP {response.status_code}", request=response.request,
                                        response=response)
        return ImAnswer(int(answer.get("ErrorCode", -1)), str(answer.get("ErrorInfo", "")), answer)

    async def aclose(self) -> None:
        await self._client.aclose()


class OutboxSender:
    """Drains the outbox: woken when a row is written, and every RETRY_S for rows to retry."""

    def __init__(self, bridge: ImBridge, client: ImRestClient, wall: Callable[[], float] = time.time) -> None:
        self.bridge, self.client, self.wall = bridge, client, wall   # wall time: a rehearsal's 10× clock must not age claims
        self.db, self.store = bridge.db, bridge.studio.store
        self.worker = uuid.uuid4().hex[:12]
        self._wake = asyncio.Event()
        bridge.wake = self._wake.set

    async def run(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self._wake.wait(), RETRY_S)
            except asyncio.TimeoutError:
                pass
            self._wake.clear()
            try:
                await self.drain()
            except Exception:   # pragma: no cover - logged; the next wake-up tries again
                log.exception("the IM outbox could not be drained")

    async def drain(self) -> int:
        """Send every row due; returns how many were settled (sent or failed)."""
        settled = 0
        stale = self.wall() - CLAIM_STALE_S
        ids = [r[0] for r in self.db.execute(
            "SELECT id FROM tencent_im_outbox WHERE status = 'pending' OR (status = 'sending' AND claimed_at < ?) "
            "ORDER BY id", (stale,)).fetchall()]
        for row_id in ids:
            row = self._claim(row_id, stale)
            if row is not None:
                settled += await self._send(row)
        return settled

    def _claim(self, row_id: int, stale: float):
        with self.store.tx():
            cur = self.db.execute("UPDATE tencent_im_outbox SET status = 'sending', claimed_by = ?, claimed_at = ?, "
                                  "first_claimed_at = COALESCE(first_claimed_at, ?), attempts = attempts + 1 "
                                  "WHERE id = ? AND (status = 'pending' OR (status = 'sending' AND claimed_at < ?))",
                                  (self.worker, self.wall(), self.wall(), row_id, stale))
            if cur.rowcount != 1:
                return None
            return self.db.execute("SELECT * FROM tencent_im_outbox WHERE id = ?", (row_id,)).fetchone()

    async def _send(self, row) -> int:
        body = json.loads(row["body"])
        if row["command"] == SEND_MSG and row["attempts"] > 1 and \
                self.wall() - row["first_claimed_at"] > RANDOM_WINDOW_S:
            return self._settle(row, "failed", ImAnswer(0, "", {}), PAST_RANDOM_WINDOW)
        if row["command"] == RECALL:
            seq = self.bridge.msg_seq_of(row["comment_id"])
            if seq is None:   # not from IM, or a staff post IM has not numbered yet
                return self._retry_or_fail(row, 0, "This comment has no IM message number (yet) to recall.")
            body["MsgSeqList"] = [{"MsgSeq": seq}]
        try:
            answer = await self.client.call(row["command"], body)
        except (httpx.HTTPError, ValueError) as exc:
            return self._retry_or_fail(row, 0, f"IM could not be reached ({exc.__class__.__name__}).")
        if answer.code in TRANSIENT:
            return self._retry_or_fail(row, answer.code, clear_error(answer.code, answer.info))
        if answer.code != 0:
            return self._settle(row, "failed", answer, clear_error(answer.code, answer.info))
        return self._settle(row, "sent", answer, None)

    def _retry_or_fail(self, row, code: int, message: str) -> int:
        final = row["attempts"] >= MAX_ATTEMPTS
        with self.store.tx():
            self.db.execute("UPDATE tencent_im_outbox SET status = ?, error_code = ?, error_info = ?, done_at = ? "
                            "WHERE id = ?", ("failed" if final else "pending", code, message,
                                             self.store.clock.now() if final else None, row["id"]))
            if final:
                self._tell_failed(row, message)
        if final:
            log.warning("IM %s for room %s failed for good: %s", row["action"], row["room_id"], message)
        return int(final)

    def _settle(self, row, status: str, answer: ImAnswer, message: str | None) -> int:
        with self.store.tx():
            self.db.execute("UPDATE tencent_im_outbox SET status = ?, error_code = ?, error_info = ?, answer = ?, "
                            "done_at = ? WHERE id = ?", (status, answer.code, message,
                                                         json.dumps(answer.body, ensure_ascii=False)[:2000],
                                                         self.store.clock.now(), row["id"]))
            if status == "sent" and row["command"] == SEND_MSG and row["action"] == "staff_post":
                self.db.execute("UPDATE tencent_im_messages SET msg_seq = ? WHERE comment_id = ? AND msg_seq IS NULL",
                                (answer.body.get("MsgSeq"), row["comment_id"]))
            if status == "failed":
                self._tell_failed(row, message or "")
        if message:
            log.warning("IM %s for room %s failed: %s", row["action"], row["room_id"], message)
        return 1

    def _tell_failed(self, row, message: str) -> None:
        """The room's consoles hear that IM did not carry a change out (Studio had already confirmed
        it to them): `chat_relay.failed`, in the transaction that records the failure."""
        self.store.emit(row["room_id"], "chat_relay.failed", {
            "service": "tencent_im", "action": row["action"], "comment_id": row["comment_id"], "message": message})
