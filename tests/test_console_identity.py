"""A console keeps its identity from its first start: its console id names its seat in a crew and
the console in the journal. It was made anew at every start until the settings were first saved,
so a console restarted on the demo room was listed twice in the Crew dock (once as a gone seat)."""

from __future__ import annotations

from anchor_console.session.paths import Paths
from anchor_console.session.settings import load_settings


def test_the_console_id_of_a_first_start_is_the_same_at_the_next(tmp_path):
    paths = Paths.for_user({"ANCHOR_CONSOLE_HOME": str(tmp_path)}).create()
    first, warning = load_settings(paths.settings_file)
    assert warning is None
    again, _ = load_settings(paths.settings_file)
    assert again.console_id == first.console_id


def test_a_first_start_that_cannot_write_its_settings_still_starts(tmp_path):
    where = tmp_path / "not-a-folder"
    where.write_text("", encoding="utf-8")
    settings, warning = load_settings(where / "settings.json")
    assert warning is None and settings.console_id
