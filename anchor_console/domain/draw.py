"""A lucky-bag draw anyone can verify (commit–reveal), shared by Studio and the console.

Before entry closes, the console publishes a *commitment*: ``sha256(seed)``, where the seed is 32
random bytes it keeps to itself. After entry closes and the entrant list is frozen, it reveals the
seed; the winners are a deterministic function of the seed and the entrant list, so a viewer who
saw the commitment and the list can recompute them and check nobody chose them.

The algorithm (enough to re-implement it in any language):

1. ``seed``: 32 bytes, written as 64 lowercase hex digits. ``commitment = sha256(seed bytes)``,
   written as 64 lowercase hex digits.
2. Entrants: the ids as text, duplicates removed, sorted by Unicode code point (the same order
   as their UTF-8 bytes). Call the list ``a`` and its length ``n``.
3. For ``i = 0, 1, …, k - 1`` (``k = min(count, n)``): ``h = HMAC-SHA256(key = seed bytes,
   message = i as 8 bytes big-endian)``; ``r = h read as a 256-bit big-endian unsigned integer``;
   ``j = i + (r mod (n - i))``; swap ``a[i]`` and ``a[j]``. (A partial Fisher–Yates shuffle.)
4. The winners are ``a[0], …, a[k - 1]``, in that order.

Bias: ``r mod m`` of a uniform 256-bit ``r`` favours some residues by at most ``m / 2**256`` —
below 10**-70 for any room — so no rejection sampling is needed, and the method stays one line."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

SEED_BYTES = 32


class BadSeed(ValueError):
    """A seed or commitment that is not 64 hex digits."""


def new_seed() -> str:
    """32 random bytes from the OS's secure source, as 64 hex digits."""
    return secrets.token_hex(SEED_BYTES)


def _seed_bytes(seed_hex: str) -> bytes:
    try:
        raw = bytes.fromhex(seed_hex)
    except (ValueError, TypeError):
        raise BadSeed("a seed is 64 hexadecimal digits") from None
    if len(raw) != SEED_BYTES:
        raise BadSeed("a seed is 64 hexadecimal digits")
    return raw


def commitment(seed_hex: str) -> str:
    """What is published before entry closes: sha256 of the seed's bytes, hex."""
    return hashlib.sha256(_seed_bytes(seed_hex)).hexdigest()


def is_commitment(text: str) -> bool:
    return isinstance(text, str) and len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def ordered_entrants(entrants: Iterable[str]) -> list[str]:
    """The entrant list the draw runs on: distinct ids in code-point order."""
    return sorted({str(e) for e in entrants})


def draw_winners(seed_hex: str, entrants: Iterable[str], count: int) -> list[str]:
    """The winners (see the module's description): deterministic in the seed and the entrant set."""
    key = _seed_bytes(seed_hex)
    pool = ordered_entrants(entrants)
    n = len(pool)
    k = max(0, min(int(count), n))
    for i in range(k):
        digest = hmac.new(key, i.to_bytes(8, "big"), hashlib.sha256).digest()
        j = i + int.from_bytes(digest, "big") % (n - i)
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:k]


def verify(commitment_hex: str, seed_hex: str, entrants: Iterable[str], count: int, winners: Iterable[str]) -> bool:
    """Whether the seed matches the published commitment and these winners follow from it and the
    entrant list."""
    try:
        if not hmac.compare_digest(commitment(seed_hex), str(commitment_hex).lower()):
            return False
        return draw_winners(seed_hex, entrants, count) == [str(w) for w in winners]
    except BadSeed:
        return False
