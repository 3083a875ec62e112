"""Studio's rate limits (routes/context.py TokenBucket): the cost of a request stays flat however
many callers were seen."""

from __future__ import annotations

from collections import OrderedDict

from anchor_console.studio.routes.context import TokenBucket


class CountingState(OrderedDict):
    """The bucket's map, counting every entry it is made to visit or drop."""

    visits = 0

    def items(self):
        for item in super().items():
            CountingState.visits += 1
            yield item

    def popitem(self, last=True):
        CountingState.visits += 1
        return super().popitem(last)


def test_the_work_per_request_stays_flat_past_the_remembered_callers():
    t = [0.0]
    bucket = TokenBucket(rate=20, burst=20, clock=lambda: t[0])
    bucket._state = CountingState()
    for i in range(100_001):            # 100k viewer tokens, each used once within 50 s: all fresh
        t[0] += 0.0005
        bucket.wait_s(f"v{i}")
    CountingState.visits = 0
    for i in range(1000):
        t[0] += 0.0001
        assert bucket.wait_s(f"w{i}") == 0.0
    assert CountingState.visits <= 1000   # one forgotten caller per new one, never the whole map
    assert len(bucket._state) == 100_000


def test_the_caller_forgotten_is_the_one_idle_longest_and_a_held_back_one_is_kept():
    t = [0.0]
    bucket = TokenBucket(rate=1, burst=1, clock=lambda: t[0], max_keys=3)
    bucket.wait_s("flooder")
    for who in ("a", "b"):
        t[0] += 0.1
        bucket.wait_s(who)
    assert bucket.wait_s("flooder") > 0      # held back: moved behind a and b
    bucket.wait_s("c")
    assert list(bucket._state) == ["b", "flooder", "c"]
    assert bucket.wait_s("flooder") > 0      # still remembered, still held back
