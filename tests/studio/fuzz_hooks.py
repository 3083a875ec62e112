"""Schemathesis hooks for fuzzing Studio (SCHEMATHESIS_HOOKS=fuzz_hooks): what the OpenAPI document
says in words that a JSON Schema cannot, so generated "valid" requests really are valid.

  - The replay body is JSON Lines (`application/x-ndjson`): an array of records, one per line. A
    generated value that is not an array has no JSON Lines form: it is sent as one line that is
    an array, which is no record (the fuzzer meant it to be refused, and it is).
  - An Idempotency-Key names one request: a generated key is made unique per request, or two
    different generated requests would share one and the second be refused (422), as it must.
  - A threshold coupon's threshold must be above its amount.
  - A red packet's total is at least 1 分 a share (total_fen ≥ count).
  - A live plan starts in the future, within a year, and ends after its start, within 24 hours.
  - JSON Schema counts 100.0 as an integer; Studio does not (money and stock are JSON integers, so
    `100.0` as a price is a 422): a generated whole float is sent as the integer it stands for."""

from __future__ import annotations

import itertools
import json
import time

import schemathesis

from anchor_console.domain.giveaways import MAX_RED_PACKET_COUNT
from anchor_console.domain.money import MAX_PRICE_FEN

_serial = itertools.count()


@schemathesis.serializer("application/x-ndjson")
def json_lines(ctx, value) -> bytes:
    if isinstance(value, list):
        return "".join(json.dumps(item) + "\n" for item in value).encode()
    return (json.dumps([value]) + "\n").encode()


def _whole_floats_as_ints(value):
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    if isinstance(value, dict):
        return {k: _whole_floats_as_ints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_floats_as_ints(v) for v in value]
    return value


def _plan_times_in_range(body: dict) -> None:
    """A plan starts within a year and lasts at most 24 hours (rules between a field and the clock or
    another field): generated times the schema allows (0 to 10^11) are moved into that range; times
    it does not allow stay as they are (the fuzzer's "invalid" cases stay invalid)."""
    start, end = body.get("starts_at"), body.get("ends_at")
    if not all(type(v) in (int, float) and 0 <= v <= 10**11 for v in (start, end)):
        return
    body["starts_at"] = time.time() + 600 + start % (300 * 86400)
    body["ends_at"] = body["starts_at"] + 60 + end % (23 * 3600)


@schemathesis.hook
def before_call(ctx, case, kwargs) -> None:
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and 1 <= len(key) <= 255:   # a valid key stays valid (1–255), an invalid one invalid
        suffix = f"~{next(_serial)}"
        case.headers["Idempotency-Key"] = (key + suffix)[-255:] if len(key) + len(suffix) > 255 else key + suffix
    if isinstance(case.body, (dict, list)):
        case.body = _whole_floats_as_ints(case.body)
    if (case.path == "/api/v1/plans" or case.path.endswith("/plan")) and isinstance(case.body, dict):
        _plan_times_in_range(case.body)
    if case.path.endswith("/red-packets") and isinstance(case.body, dict):
        total, count = case.body.get("total_fen"), case.body.get("count")
        if type(total) is int and type(count) is int and 1 <= total < count <= MAX_RED_PACKET_COUNT:   # valid, too small
            case.body["total_fen"] = count
    if case.path == "/api/v1/coupon-templates" and isinstance(case.body, dict) and case.body.get("kind") == "threshold":
        amount, threshold = case.body.get("amount_fen"), case.body.get("threshold_fen")
        if type(amount) is int and type(threshold) is int and 1 <= amount and 2 <= threshold <= amount:
            if amount < MAX_PRICE_FEN:
                case.body["threshold_fen"] = amount + 1
            else:
                case.body["amount_fen"] = threshold - 1
