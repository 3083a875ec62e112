"""Test-wide set-up: offscreen Qt, an in-memory keyring, private user dirs, the console's qasync
loop for GUI tests (plain asyncio loops for everything else), and the watchdog that turns a hang
into a failure with stacks and fails a test that leaves a task, a loop or a process behind."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

# Offscreen, on the screen most of our users have: a 13-inch laptop's 1366×768.
os.environ.setdefault("QT_QPA_PLATFORM",
                      f"offscreen:configfile={Path(__file__).parent / 'support' / 'laptop_screen.json'}")
os.environ.setdefault("QT_API", "pyside6")
# Nothing in a test run may touch a real keychain, even by accident.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

import pytest  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))

from support import postgres, watchdog  # noqa: E402
from support.memory_keyring import InMemoryKeyring, keyring_in_use  # noqa: E402


def pytest_addoption(parser):
    watchdog.add_options(parser)
    parser.addoption("--studio-db", choices=("sqlite", "postgresql"), default=None,
                     help="the database Studio's tests run on (tests/support/postgres.py)")


def pytest_configure(config):
    if config.getoption("--studio-db"):   # an environment variable, so Studios the tests start see it too
        os.environ[postgres.BACKEND_ENV] = config.getoption("--studio-db")
    config.pluginmanager.register(watchdog.Watchdog(config), "anchor-watchdog")


@pytest.fixture(autouse=True)
def memory_keyring():
    with keyring_in_use(InMemoryKeyring()) as backend:
        yield backend


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Settings, journal and autosaves of a test go to its own folder."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("ANCHOR_CONSOLE_HOME", str(home))
    return home


def _is_gui(item) -> bool:
    return item.get_closest_marker("gui") is not None or "tests/ui/" in str(item.path).replace("\\", "/")


def _qt_loop():
    from PySide6.QtWidgets import QApplication

    from anchor_console.ui.shell.event_loop import ConsoleEventLoop

    app = QApplication.instance() or QApplication([])
    return watchdog.track_loop(ConsoleEventLoop(app))


def _asyncio_loop():
    return watchdog.track_loop(asyncio.new_event_loop())


def pytest_asyncio_loop_factories(config, item):
    if _is_gui(item):
        return {"qt": _qt_loop}
    return {"asyncio": _asyncio_loop}


@pytest.fixture(autouse=True)
def no_task_left_behind(request):
    """After an async test and its fixtures, nothing may still run on its loop: what does is
    cancelled (with a bound) and the test fails, naming each task with its stack."""
    if request.node.get_closest_marker("asyncio") is None:
        yield
        return
    runner = request.getfixturevalue("_function_scoped_runner")
    yield
    loop = runner.get_loop()
    left = [t for t in asyncio.all_tasks(loop) if not t.done()]
    if left:  # what is finishing may finish (async generators the collector closes, for one)
        loop.run_until_complete(asyncio.wait(left, timeout=0.5))
        left = [t for t in left if not t.done()]
    if not left:
        return
    report = watchdog.task_report(loop)

    async def cancel() -> list[str]:
        from anchor_console.session.tasks import cancel_and_wait

        return await cancel_and_wait(left, timeout=5.0)

    stuck = loop.run_until_complete(cancel())
    pytest.fail(f"{len(left)} task(s) left running after the test"
                + (f" ({len(stuck)} would not stop: {stuck})" if stuck else "") + ":\n" + report, pytrace=False)


def pytest_xdist_auto_num_workers(config):
    """`-n auto`: two workers per core. Most of a test's time is spent waiting on a Studio, a timer or
    a socket (a full run with one worker per core kept 2 cores 63 % busy: 562 s; with two per core
    92 %: 407 s)."""
    return 2 * (os.cpu_count() or 1)


@pytest.hookimpl(trylast=True)   # after -k / -m have deselected
def pytest_collection_modifyitems(config, items):
    for item in items:
        if _is_gui(item):
            item.add_marker(pytest.mark.gui)
    workers = int(getattr(config, "workerinput", {}).get("workercount", 1))
    if workers > 1:
        from support.suite_order import slow_first_in_each_share

        items[:] = slow_first_in_each_share(items, workers)


@pytest.fixture
def clock():
    """A ManualClock: time moves only when the test advances it."""
    from anchor_console.domain.clock import ManualClock

    return ManualClock()


@pytest.fixture
def studio_factory(tmp_path):
    """Start real Studio processes; all are stopped after the test."""
    from support.studio import start_studio

    started = []

    def start(*args: str, name: str = "studio"):
        studio = start_studio(tmp_path / name, *args, name=name)
        started.append(studio)
        return studio

    yield start
    for studio in started:
        studio.stop()


@pytest.fixture(scope="session")
def shared_studio(tmp_path_factory):
    """One demo Studio (audience off) shared by read-mostly tests; tests make their own rooms."""
    from support.studio import start_studio

    studio = start_studio(tmp_path_factory.mktemp("shared-studio"), "--demo", "--audience", "0", lasting=True)
    yield studio
    studio.stop()


@pytest.fixture(scope="session", autouse=True)
def throwaway_postgres_stopped():
    """The throwaway PostgreSQL (if a test started one) stops with the session."""
    yield
    postgres.stop_cluster()
