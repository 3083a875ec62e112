"""How long a lucky-bag draw among 10,000 entrants takes (de-duplicate, sort, 100 winners), and its
verification. Prints one JSON line: {"draw_10k_ms": …, "verify_10k_ms": …, "winners": 100}."""

from __future__ import annotations

import json
import random
import time

from anchor_console.domain import draw


def best_of(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - began)
    return best * 1000


def main() -> None:
    rng = random.Random(1)
    entrants = [f"v{rng.randrange(10**9)}" for _ in range(10_000)]
    seed = draw.new_seed()
    winners = draw.draw_winners(seed, entrants, 100)
    took = best_of(5, lambda: draw.draw_winners(seed, entrants, 100))
    checked = best_of(5, lambda: draw.verify(draw.commitment(seed), seed, entrants, 100, winners))
    print(json.dumps({"draw_10k_ms": round(took, 2), "verify_10k_ms": round(checked, 2), "winners": len(winners)}))


if __name__ == "__main__":
    main()
