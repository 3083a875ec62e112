"""Studio HTTP tests share one real Studio per module; each test makes its own room
(support.studio.make_room) and its own viewers (support.viewers.join)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    from support.studio import start_studio

    s = start_studio(tmp_path_factory.mktemp("studio"), "--demo", "--audience", "0", lasting=True)
    yield s
    s.stop()


@pytest.fixture
def api(studio):
    with studio.client("assistant") as client:
        yield client
