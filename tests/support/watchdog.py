"""A hung test becomes a failure with every thread's stack and every pending asyncio task, and no
test leaves a Studio child, an open event loop or a running task behind.

Why a watchdog of our own: pytest-timeout's signal method runs its handler only when Python code
runs, and a wedged qasync test sits in Qt's C++ loop; its thread method dumps stacks and ends the
whole run. Here each phase of a test (set-up, call, teardown) has a time limit. Past it the
watchdog thread writes down all thread stacks and pending tasks, then stops the running event
loop (or interrupts the main thread), so that test fails with the dump and the suite goes on. If
the phase still does not end within the grace period, the dump goes to stderr and the process
exits — a wedge can end a run, but never silently. pytest-timeout (thread method, longer limit)
stays as the last resort.

Limits (seconds) come from the ini options `watchdog_setup`, `watchdog_call`, `watchdog_teardown`
and `watchdog_grace`; a test can ask for more with `@pytest.mark.watchdog(call=600)`."""

from __future__ import annotations

import asyncio
import faulthandler
import gc
import io
import os
import signal
import sys
import tempfile
import threading
import time
import weakref
from pathlib import Path

import pytest

LIMITS = {"setup": 120.0, "call": 240.0, "teardown": 60.0, "grace": 30.0}
_loops: "weakref.WeakSet[asyncio.AbstractEventLoop]" = weakref.WeakSet()
lasting_children: set[int] = set()   # processes a module- or session-scoped fixture owns


class TestWedged(Exception):
    """Raised in the main thread when a test phase passed its time limit."""


def track_loop(loop: asyncio.AbstractEventLoop) -> asyncio.AbstractEventLoop:
    """Loop factories register their loops, so a wedge can stop them and leaks can be found."""
    _loops.add(loop)
    return loop


def open_loops() -> list[asyncio.AbstractEventLoop]:
    return [loop for loop in list(_loops) if not loop.is_closed()]


# ---------------------------------------------------------------------- what is pending

def task_report(loop: asyncio.AbstractEventLoop) -> str:
    """Pending tasks of a loop with the stack of each (also readable from another thread)."""
    for _ in range(5):  # the set can change under us while the main thread runs
        try:
            tasks = [t for t in list(asyncio.tasks._all_tasks) if t.get_loop() is loop and not t.done()]
            break
        except RuntimeError:
            time.sleep(0.01)
    else:
        return "(pending tasks could not be listed)\n"
    out = io.StringIO()
    for task in tasks:
        out.write(f"--- {task!r}\n")
        try:
            out.write(awaiting(task.get_coro()))
        except Exception as exc:  # a frame changed while we read it
            out.write(f"    (stack unavailable: {exc!r})\n")
    return out.getvalue()


def awaiting(coro, depth: int = 40) -> str:
    """The chain of awaits from a task's coroutine down to what it waits for (print_stack stops at
    the first async generator; this follows it)."""
    lines = []
    while coro is not None and depth:
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "ag_frame", None) or getattr(coro, "gi_frame", None)
        if frame is not None:
            lines.append(f'    File "{frame.f_code.co_filename}", line {frame.f_lineno}, in {frame.f_code.co_name}')
        else:
            lines.append(f"    {coro!r}")
        coro = (getattr(coro, "cr_await", None) or getattr(coro, "ag_await", None)
                or getattr(coro, "gi_yieldfrom", None) or _generator_behind(coro))
        depth -= 1
    return "\n".join(lines) + "\n"


def _generator_behind(awaitable):
    """`agen.__anext__()` hides its generator; the collector knows it."""
    if getattr(awaitable, "cr_frame", None) or getattr(awaitable, "ag_frame", None):
        return None
    return next((r for r in gc.get_referents(awaitable) if hasattr(r, "ag_frame")), None)


def thread_stacks() -> str:
    with tempfile.TemporaryFile("w+") as f:
        faulthandler.dump_traceback(file=f, all_threads=True)
        f.seek(0)
        return f.read()


def child_pids() -> set[int] | None:
    """Live child processes of this process (Linux); None where that cannot be known."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    me, found = os.getpid(), set()
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == me and fields[0] != "Z":
            found.add(int(entry.name))
    forks = sys.modules.get("support.studio_forks")   # Studios forked for this process (support/studio_forks.py)
    if forks is not None:
        found |= set(forks.live_children())
    return found


def command_lines(pids) -> str:
    """What each process runs, joined for a report (forked Studios are asked of the warm parent once)."""
    forks = sys.modules.get("support.studio_forks")
    forked = forks.live_children() if forks is not None else {}

    def one(pid: int) -> str:
        if pid in forked:
            return forked[pid]
        try:
            return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            return f"pid {pid}"
    return "; ".join(one(pid) for pid in sorted(pids))


# ---------------------------------------------------------------------- the watchdog

class _Guard:
    def __init__(self, watchdog: "Watchdog", item, phase: str, limit: float, grace: float) -> None:
        self.watchdog = watchdog
        self.item, self.phase, self.limit, self.grace = item, phase, limit, grace
        self.finished = threading.Event()
        self.report: str | None = None
        self.started = time.monotonic()
        self._thread = threading.Thread(target=self._watch, name=f"watchdog-{phase}", daemon=True)

    def __enter__(self) -> "_Guard":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.finished.set()

    def _watch(self) -> None:
        if self.finished.wait(self.limit):
            return
        lines = [f"{self.item.nodeid}: {self.phase} still running after {self.limit:.0f} s (watchdog).",
                 "", "Threads:", thread_stacks()]
        for loop in open_loops():
            lines += [f"Pending tasks of {loop!r}:", task_report(loop)]
        self.report = "\n".join(lines)
        self.watchdog.wedged = True
        self._unwedge()
        if self.finished.wait(self.grace):
            return
        sys.__stderr__.write(self.report + f"\n\nThe {self.phase} did not end {self.grace:.0f} s after the "
                             "watchdog stopped its loop: ending the test run.\n")
        sys.__stderr__.write("Threads now:\n" + thread_stacks())
        sys.__stderr__.flush()
        os._exit(3)

    def _unwedge(self) -> None:
        running = [loop for loop in open_loops() if loop.is_running()]
        for loop in running:
            loop.call_soon_threadsafe(loop.stop)  # run_until_complete then raises in the test
        if not running and hasattr(signal, "pthread_kill"):
            # Blocked in plain Python (a sleep, a lock, a sync wait): the handler raises there.
            signal.pthread_kill(threading.main_thread().ident, signal.SIGUSR1)


class Watchdog:
    def __init__(self, config) -> None:
        self.limits = {name: float(config.getini(f"watchdog_{name}") or default) for name, default in LIMITS.items()}
        self.wedged = False
        self.left_by_workers: list[str] = []   # pytest-xdist: what each worker's session left behind
        if hasattr(signal, "SIGUSR1"):
            signal.signal(signal.SIGUSR1, self._on_signal)

    def _on_signal(self, signum, frame) -> None:
        if self.wedged:
            raise TestWedged("the test phase passed its time limit")

    def _limit(self, item, phase: str) -> float:
        marker = item.get_closest_marker("watchdog")
        if marker is not None:   # watchdog(setup, call, teardown), by position or by name
            given = {**dict(zip(("setup", "call", "teardown"), marker.args)), **marker.kwargs}
            if phase in given:
                return float(given[phase])
        return self.limits[phase]

    def _guarded(self, item, phase: str):
        guard = _Guard(self, item, phase, self._limit(item, phase), self.limits["grace"])
        with guard:
            try:
                result = yield
            except BaseException as exc:
                if guard.report is None:
                    raise
                self.wedged = False
                raise pytest.fail.Exception(guard.report, pytrace=False) from exc
        if guard.report is not None:
            self.wedged = False
            pytest.fail(guard.report, pytrace=False)
        return result

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_setup(self, item):
        return (yield from self._guarded(item, "setup"))

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_call(self, item):
        return (yield from self._guarded(item, "call"))

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_teardown(self, item, nextitem):
        result = yield from self._guarded(item, "teardown")
        self._check_left_behind(item)
        return result

    # ------------------------------------------------------------------ leaks

    def _check_left_behind(self, item) -> None:
        problems = []
        loops = open_loops()
        if loops:
            problems.append(f"event loops left open: {loops}")
            for loop in loops:
                if not loop.is_running():
                    loop.close()
        children = self._stray_children()
        if children:
            problems.append("child processes left running (killed now): "
                            + command_lines(children))
            for pid in children:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        if problems:
            pytest.fail(f"{item.nodeid} left things behind:\n" + "\n".join(problems), pytrace=False)

    @staticmethod
    def _stray_children(wait: float = 15.0, *, lasting_too: bool = False) -> set[int]:
        """Child processes still running after `wait` seconds (a Studio asked to stop on a busy
        machine can take several to flush and go; only a real leak waits the whole bound)."""
        deadline = time.monotonic() + wait
        while True:
            children = child_pids()
            if children is None:
                return set()
            if not lasting_too:
                children -= lasting_children
            if not children or time.monotonic() > deadline:
                return children
            time.sleep(0.05)  # a child asked to stop may take a moment to go

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error) -> None:
        """pytest-xdist: a worker's own end-of-session check travels back in its output (a worker's
        exit status does not fail the run)."""
        for problem in getattr(node, "workeroutput", {}).get("left_behind", ()):
            self.left_by_workers.append(f"{node.gateway.id}: {problem}")

    @pytest.hookimpl(trylast=True)  # after pytest has torn down the last fixtures
    def pytest_sessionfinish(self, session, exitstatus) -> None:
        problems = []
        if open_loops():
            problems.append(f"event loops still open: {open_loops()}")
        forks = sys.modules.get("support.studio_forks")
        forked = forks.live_children() if forks is not None else {}
        if forks is not None:
            forks.stop_warm_parent()   # ours to stop; the Studios it forked and still runs are leaks
        # At the end even a session fixture's process must be gone (xdist's workers take a moment to go).
        children = self._stray_children(lasting_too=True) | set(forked)
        if children:
            problems.append("child processes still running: " + command_lines(children))
        workeroutput = getattr(session.config, "workeroutput", None)
        if workeroutput is not None:
            workeroutput["left_behind"] = problems
        problems += self.left_by_workers
        if problems:
            sys.__stderr__.write("\nThe test session left things behind:\n" + "\n".join(problems) + "\n")
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def add_options(parser) -> None:
    for name, default in LIMITS.items():
        parser.addini(f"watchdog_{name}", f"watchdog: seconds a test's {name} may take (default {default:.0f})"
                      if name != "grace" else "watchdog: seconds to wait after unwedging before exiting",
                      default=str(default))
