"""The order the suite hands to pytest-xdist (tests/conftest.py calls it in every worker)."""

from __future__ import annotations


def _slow_seconds(item) -> float:
    marker = item.get_closest_marker("slow")
    return float(marker.args[0]) if marker is not None and marker.args else 10.0


def slow_first_in_each_share(items: list, workers: int) -> list:
    """pytest-xdist's worksteal hands each worker a consecutive share of the list (the sizes below
    are its own arithmetic) and steals from the *end* of the longest queue: so the slow tests go
    first in the shares, longest first and spread by their estimated seconds (`slow(seconds)`),
    and none starts last and holds the run open. Every worker computes the same order."""
    sizes, left = [], len(items)
    for i in range(workers):
        sizes.append(left // (workers - i))
        left -= sizes[-1]
    slow = sorted((it for it in items if it.get_closest_marker("slow")), key=lambda it: -_slow_seconds(it))
    shares: list[list] = [[] for _ in range(workers)]
    load = [0.0] * workers
    for item in slow:
        open_shares = [i for i in range(workers) if len(shares[i]) < sizes[i]] or list(range(workers))
        target = min(open_shares, key=lambda i: load[i])
        shares[target].append(item)
        load[target] += _slow_seconds(item)
    rest = iter(it for it in items if not it.get_closest_marker("slow"))
    for share, size in zip(shares, sizes):
        share.extend(next(rest) for _ in range(max(0, size - len(share))))
    ordered = [it for share in shares for it in share]
    ordered.extend(rest)
    return ordered
