"""The bundled Studio's demo database found damaged (a disk fault, a half-copied backup): it is kept
aside and a fresh demo starts, and the console says so — the demo used never to start again, with
only "Studio exited before it was ready" to show for it. Studio says what stopped it in its start
line, so any other failure to open the database is named in the notice too."""

from __future__ import annotations

import pytest

from anchor_console.session.bundled_studio import StudioProcess, StudioStartError
from anchor_console.session.console import ConsoleSession
from anchor_console.session.paths import Paths

GARBAGE = b"garbage, not a database" * 100


@pytest.mark.asyncio
async def test_a_damaged_demo_database_is_kept_aside_and_a_new_demo_started(tmp_path):
    db = tmp_path / "demo.sqlite"
    db.write_bytes(GARBAGE)
    studio = StudioProcess(db_path=db, audience=0)
    try:
        info = await studio.start(timeout=30)
        assert info.url and studio.running
        (kept,) = tmp_path.glob("demo.sqlite.broken-*")
        assert kept.read_bytes() == GARBAGE and db.read_bytes() != GARBAGE
        said = studio.take_kept_aside()
        assert said.english() == (f"The demo Studio's database could not be read; it was kept as {kept} and a new "
                                  "demo was started.")
        assert studio.take_kept_aside() is None   # said once
    finally:
        await studio.stop()


@pytest.mark.asyncio
async def test_a_damaged_database_that_is_not_the_demos_is_named_and_left_where_it_is(tmp_path):
    db = tmp_path / "team.sqlite"
    db.write_bytes(GARBAGE)
    with pytest.raises(StudioStartError) as refused:
        await StudioProcess(db_path=db, demo=False, audience=None).start(timeout=30)
    assert refused.value.code == "database_damaged"
    assert refused.value.message.english() == f"Studio's database {db} is damaged"
    assert db.read_bytes() == GARBAGE and list(tmp_path.glob("*.broken-*")) == []


@pytest.mark.asyncio
async def test_a_database_studio_cannot_open_is_named_not_moved(tmp_path):
    db = tmp_path / "demo.sqlite"
    db.mkdir()   # not a file: nothing to keep aside
    with pytest.raises(StudioStartError) as refused:
        await StudioProcess(db_path=db, audience=0).start(timeout=30)
    assert refused.value.code == "database_unusable"
    assert refused.value.message.english() == f"Studio cannot open its database {db}"
    assert db.is_dir()


@pytest.mark.asyncio
async def test_the_console_starts_the_demo_and_says_its_database_was_kept_aside(session_factory, private_home,
                                                                                 monkeypatch):
    paths = Paths.for_user({"ANCHOR_CONSOLE_HOME": str(private_home)}).create()
    paths.bundled_studio_db.parent.mkdir(parents=True, exist_ok=True)
    paths.bundled_studio_db.write_bytes(GARBAGE)
    notices = []
    real_init = ConsoleSession.__init__

    def heard(self, *args, **kwargs):   # the notices from the first moment of the start
        real_init(self, *args, **kwargs)
        self.notices.connect(notices.append)
    monkeypatch.setattr(ConsoleSession, "__init__", heard)
    session = await session_factory()
    assert session.room is not None
    (kept,) = paths.bundled_studio_db.parent.glob(paths.bundled_studio_db.name + ".broken-*")
    assert any(str(kept) in n.text.english() and "new demo was started" in n.text.english() for n in notices)
