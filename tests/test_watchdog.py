"""The watchdog itself: wedged tests of every kind fail with stacks within their limit and the run
goes on; tests that leave a task or a child process behind fail. Runs a small inner test session
with short limits in a subprocess, using this suite's own conftest."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent

# The inner session's conftest is this suite's: its hooks and fixtures, loaded under another name.
CONFTEST = '''
import importlib.util, sys
sys.path.insert(0, {tests!r})
_spec = importlib.util.spec_from_file_location("suite_conftest", {tests!r} + "/conftest.py")
_suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_suite)
globals().update({{k: v for k, v in vars(_suite).items() if not k.startswith("__")}})
'''

HEAD = '''
import asyncio, subprocess, sys, time
import pytest, pytest_asyncio
'''

QT_TESTS = HEAD + '''
@pytest.mark.asyncio
async def test_wedged_on_the_qt_loop():
    await asyncio.get_running_loop().create_future()          # never completes
'''

PLAIN_TESTS = HEAD + '''
@pytest.mark.asyncio
async def test_wedged_on_an_asyncio_loop():
    await asyncio.Event().wait()


def test_wedged_in_plain_python():
    time.sleep(3600)


@pytest_asyncio.fixture
async def stuck_teardown():
    yield
    await asyncio.Event().wait()                              # a teardown that never ends


@pytest.mark.asyncio
async def test_teardown_wedged(stuck_teardown):
    pass


@pytest.mark.asyncio
async def test_leaves_a_task():
    asyncio.get_running_loop().create_task(asyncio.sleep(3600), name="forgotten")


def test_leaves_a_child():
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])


@pytest.mark.watchdog(20, 60, 20)   # the warm parent's first start imports Studio
def test_leaves_a_studio(tmp_path):
    from support.studio import start_studio

    # Forked by the warm parent, and kept (a Studio whose pipes are dropped ends by itself).
    sys.modules[__name__].forgotten = start_studio(tmp_path, "--audience", "0", name="forgotten-studio")


def test_runs_after_the_wedges():
    assert True
'''


@pytest.mark.slow(25)
def test_hangs_fail_with_stacks_and_the_run_goes_on(tmp_path):
    inner = tmp_path / "inner"
    (inner / "ui").mkdir(parents=True)
    # This suite's conftest, reached through its own folder; "ui" makes the first test a Qt one.
    (inner / "conftest.py").write_text(CONFTEST.format(tests=str(TESTS)), encoding="utf-8")
    (inner / "ui" / "test_wedged_qt.py").write_text(QT_TESTS, encoding="utf-8")
    (inner / "test_wedged.py").write_text(PLAIN_TESTS, encoding="utf-8")
    (inner / "pytest.ini").write_text(textwrap.dedent("""\
        [pytest]
        asyncio_mode = strict
        asyncio_default_fixture_loop_scope = function
        asyncio_default_test_loop_scope = function
        qt_api = pyside6
        watchdog_setup = 20
        watchdog_call = 2
        watchdog_teardown = 2
        watchdog_grace = 20
        markers =
            gui: qt
            watchdog: limits
        """))
    report = tmp_path / "report.xml"
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly",
                           f"--junitxml={report}", "-q", str(inner)], cwd=inner, capture_output=True, text=True,
                          timeout=240)
    took = time.monotonic() - started
    output = proc.stdout + proc.stderr
    outcomes = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        failures = [c for c in case if c.tag in ("failure", "error")]
        outcomes.setdefault(case.get("name"), []).extend(
            (c.tag, (c.get("message") or "") + (c.text or "")) for c in failures)

    def failed(name: str, *expected: str) -> None:
        problems = outcomes.get(name)
        assert problems, f"{name} did not fail:\n{output[-3000:]}"
        text = "\n".join(t for _, t in problems)
        for words in expected:
            assert words in text, f"{name}: {words!r} not in\n{text[:3000]}"

    failed("test_wedged_on_the_qt_loop", "call still running after 2 s", "Threads:", "test_wedged_on_the_qt_loop")
    failed("test_wedged_on_an_asyncio_loop", "call still running after 2 s", "Pending tasks",
           "test_wedged_on_an_asyncio_loop")
    failed("test_wedged_in_plain_python", "call still running after 2 s", "in test_wedged_in_plain_python")
    failed("test_teardown_wedged", "teardown still running after 2 s", "stuck_teardown")
    failed("test_leaves_a_task", "task(s) left running", "forgotten")
    failed("test_leaves_a_child", "child processes left running", "time.sleep(3600)")
    failed("test_leaves_a_studio", "child processes left running", "forgotten-studio")
    assert outcomes.get("test_runs_after_the_wedges") == [], output[-3000:]
    # Each wedge costs about its limit (2 s): the whole inner run is far from any hang.
    assert took < 120, f"the inner run took {took:.0f} s"
