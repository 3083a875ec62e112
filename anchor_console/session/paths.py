"""Where the console keeps its files, resolved once at start-up and passed to whatever needs them
(nothing reads the environment or the platform folders on its own).

`ANCHOR_CONSOLE_HOME` moves every folder under one directory (tests, portable installs)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from anchor_console import APP_ID


@dataclass(frozen=True)
class Paths:
    config: Path      # settings, word lists, window layout
    data: Path        # journal, comment sessions, run state, the bundled Studio's database, logs

    @classmethod
    def for_user(cls, environ: dict[str, str] | None = None) -> "Paths":
        home = (os.environ if environ is None else environ).get("ANCHOR_CONSOLE_HOME")
        if home:
            return cls(Path(home) / "config", Path(home) / "data")
        return cls(Path(platformdirs.user_config_dir(APP_ID, appauthor=False)),
                   Path(platformdirs.user_data_dir(APP_ID, appauthor=False)))

    def create(self) -> "Paths":
        for folder in (self.config, self.data, self.logs, self.sessions, self.recovery, self.show_records):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    # config ---------------------------------------------------------------------------
    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def word_lists_file(self) -> Path:
        return self.config / "wordlists.json"

    @property
    def trusted_viewers_file(self) -> Path:
        """Viewers the automatic rules never act on, by platform connection."""
        return self.config / "trusted_viewers.json"

    @property
    def show_words_file(self) -> Path:
        """The crew's own additions to the advertising-law word list (words the editor flags)."""
        return self.config / "advertising_law_extra.txt"

    @property
    def platform_links_file(self) -> Path:
        """The operator's links between the catalog and each platform's products (by connection)."""
        return self.config / "platform_links.json"

    @property
    def window_layout_file(self) -> Path:
        return self.config / "window.ini"

    # data -----------------------------------------------------------------------------
    @property
    def logs(self) -> Path:
        return self.data / "logs"

    @property
    def journal_file(self) -> Path:
        return self.data / "journal.sqlite"

    @property
    def giveaways_file(self) -> Path:
        """Lucky bags' secret seeds (kept before a bag starts) and their draws."""
        return self.data / "giveaways.sqlite"

    @property
    def sessions(self) -> Path:
        """One SQLite file of comments per room and day."""
        return self.data / "sessions"

    @property
    def show_records(self) -> Path:
        """One SQLite file per show run: its figures each second and what happened (the review's source)."""
        return self.data / "shows"

    @property
    def recovery(self) -> Path:
        """Autosaves of the show editor."""
        return self.data / "recovery"

    @property
    def live_run_file(self) -> Path:
        return self.data / "show_run.json"

    @property
    def live_run_meta_file(self) -> Path:
        return self.data / "show_run.meta.json"

    @property
    def rehearsal_run_file(self) -> Path:
        return self.data / "rehearsal_run.json"

    @property
    def live_plans_file(self) -> Path:
        """What the console keeps for each live plan: its products and run-of-show file."""
        return self.data / "live_plans.json"

    @property
    def bundled_studio_db(self) -> Path:
        return self.data / "studio" / "demo.sqlite"

    @property
    def studio_log(self) -> Path:
        return self.logs / "studio.log"

    @property
    def console_log(self) -> Path:
        return self.logs / "console.log"
