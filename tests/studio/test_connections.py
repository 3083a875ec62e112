"""Held connections cannot lock real requests out (connections.py), and a fault repeated in a loop
cannot fill the disk (logs.py)."""

from __future__ import annotations

import json
import logging
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from anchor_console.studio.connections import REQUEST_TIMEOUT, ConnectionGuard
from anchor_console.studio.logs import RepeatLimit
from studio_log import logging_to_file
from support import raw_http
from support.studio import start_studio

HALF_OPEN = 1000   # about all the 1,024 files Studio may open (it holds some itself)
ATTACK_S = 10


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def real_requests(studio, seconds: float) -> list[float]:
    """Latencies of real requests, each on a new connection (the accept path), for `seconds`."""
    latencies = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        with httpx.Client(timeout=10) as fresh:
            r = fresh.get(f"{studio.url}/api/v1/rooms/{studio.room_id}", headers=studio.headers())
        latencies.append(time.monotonic() - started)
        assert r.status_code == 200, r.text
        time.sleep(0.05)
    return latencies


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="ulimit is POSIX")
def test_a_thousand_half_sent_requests_under_ulimit_1024_do_not_lock_out_real_ones(tmp_path):
    studio = start_studio(tmp_path, "--demo", "--audience", "0", open_files=1024)
    # What a request costs on this machine as loaded as it is now, without the attack: on a busy
    # laptop the bound below is relative to it (the claim is "not locked out", not "fast").
    quiet = real_requests(studio, 2.0)
    # The attacker is a process of its own, re-opening at once every socket Studio closes.
    attack = subprocess.Popen([sys.executable, str(Path(raw_http.__file__)), "half-open", studio.url, str(HALF_OPEN),
                               str(ATTACK_S)], stdout=subprocess.PIPE, text=True)
    try:
        ready = json.loads(attack.stdout.readline())
        if "error" in ready:
            pytest.skip(ready["error"])
        latencies = real_requests(studio, ATTACK_S - 2)
        report = json.loads(attack.stdout.readline())
    finally:
        if attack.poll() is None:
            attack.kill()
        attack.wait(10)
        studio.stop()
    print(f"p95 {p95(latencies) * 1000:.0f} ms over {len(latencies)} requests (without the attack "
          f"{p95(quiet) * 1000:.0f} ms); {report}")
    # Locked out means requests waiting for the 10 s timeout; a loaded laptop's scheduler alone can
    # make one answer take a second or two (seen: 1.9 s beside two busy loops and two other test runs).
    assert p95(latencies) < max(3.0, 6 * p95(quiet))
    # The attack really was on while the requests ran: most of the time over half the sockets were
    # held (on a busy machine the attacker may fall behind Studio's closing for a moment).
    assert report["median_held"] > HALF_OPEN // 2 and report["fewest_held"] > HALF_OPEN // 5, report
    log = studio.log_path.read_text(errors="replace")
    assert log.count("Too many open files") < 10, log[-2000:]
    assert len(log) < 200_000


class _Conn:
    def __init__(self, guard: ConnectionGuard) -> None:
        self.guard, self.answer = guard, None

    def refuse(self, answer: bytes) -> None:
        self.guard.waiting.pop(self, None)
        self.guard.idle.pop(self, None)
        self.answer = answer


def test_a_full_guard_evicts_the_connection_waiting_longest_then_the_idlest():
    now = [0.0]
    guard = ConnectionGuard(3, header_timeout_s=10, clock=lambda: now[0])
    a, b, c = _Conn(guard), _Conn(guard), _Conn(guard)
    for conn in (a, b, c):
        guard.opened(conn)
        now[0] += 1
    guard.busy(b)          # b is serving a request: never evicted
    guard.rested(c)        # c is an idle keep-alive connection
    d = _Conn(guard)
    guard.opened(d)
    assert a.answer == REQUEST_TIMEOUT and b.answer is None
    guard.closed(a)
    guard.busy(d)
    e = _Conn(guard)
    guard.opened(e)
    assert c.answer == b"" and e.answer is None   # the idle one went, quietly
    guard.closed(c)
    guard.busy(e)
    f = _Conn(guard)
    guard.opened(f)        # everyone is busy: the newcomer is told so
    assert f.answer is not None and b"503" in f.answer


def test_request_headers_are_due_within_the_header_timeout():
    now = [0.0]
    guard = ConnectionGuard(100, header_timeout_s=10, clock=lambda: now[0])
    slow, quick = _Conn(guard), _Conn(guard)
    guard.opened(slow)
    now[0] = 5
    guard.opened(quick)
    now[0] = 10.5
    guard.sweep()
    assert slow.answer == REQUEST_TIMEOUT and quick.answer is None
    guard.busy(quick)
    now[0] = 100
    guard.sweep()
    assert quick.answer is None


def test_the_same_error_a_thousand_times_is_written_a_few_times_then_counted():
    now = [0.0]
    limit = RepeatLimit(burst=5, window_s=60, clock=lambda: now[0])
    record = lambda: logging.LogRecord("asyncio", logging.ERROR, "x", 1, "accept failed: %s", ("EMFILE",), None)
    passed = [limit.filter(record()) for _ in range(1000)]
    assert passed.count(True) == 5
    now[0] = 61
    later = record()
    assert limit.filter(later) and "995 more like it" in later.getMessage()
    other = logging.LogRecord("asyncio", logging.ERROR, "x", 1, "something else", (), None)
    assert limit.filter(other)


def test_the_log_file_rotates(tmp_path, monkeypatch):
    from anchor_console.studio import logs

    monkeypatch.setattr(logs, "LOG_BYTES", 10_000)
    with logging_to_file(tmp_path / "logs" / "studio.log"):
        for i in range(2000):
            logging.getLogger("anchor_console.studio").warning("line %d %s", i, "x" * 40)
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert files == ["studio.log", "studio.log.1", "studio.log.2", "studio.log.3"]
    assert all((tmp_path / "logs" / f).stat().st_size <= 10_500 for f in files)
