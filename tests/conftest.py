"""Test-wide set-up: offscreen Qt, an in-memory keyring, private user dirs, and qasync loops
for GUI tests (plain asyncio loops for everything else)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
# Nothing in a test run may touch a real keychain, even by accident.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

import keyring  # noqa: E402
import keyring.backend  # noqa: E402
import pytest  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))


class InMemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        import keyring.errors

        if (service, username) not in self.store:
            raise keyring.errors.PasswordDeleteError(username)
        del self.store[(service, username)]


@pytest.fixture(autouse=True)
def memory_keyring():
    previous = keyring.get_keyring()
    backend = InMemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


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
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    return qasync.QEventLoop(app)


def pytest_asyncio_loop_factories(config, item):
    if _is_gui(item):
        return {"qt": _qt_loop}
    return {"asyncio": asyncio.new_event_loop}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _is_gui(item):
            item.add_marker(pytest.mark.gui)


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

    studio = start_studio(tmp_path_factory.mktemp("shared-studio"), "--demo", "--audience", "0")
    yield studio
    studio.stop()
