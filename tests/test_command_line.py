"""The console's command line offers only what it does: connections (a Studio's URL with its token)
are made in File → Connections, so an option that promised one is refused with a usage message,
not ignored while the bundled demo Studio starts instead."""

from __future__ import annotations

import pytest

from anchor_console.cli import build_parser


def test_the_console_options_are_the_ones_it_acts_on(capsys):
    console_options = {a.dest for a in build_parser()._actions if a.option_strings and a.dest != "help"}
    assert console_options == {"lang", "smoke_test"}
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["--studio-url=http://studio.example:8000"])
    assert exit_.value.code == 2 and "--studio-url" in capsys.readouterr().err


def test_ctrl_c_while_the_console_is_still_starting_is_a_quiet_stop(monkeypatch):
    """Before the console's own Ctrl+C handler is in place (imports take a second): no traceback."""
    from anchor_console import cli
    import anchor_console.ui.shell.app as app

    def interrupted(_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(app, "run_app", interrupted)
    assert cli.main([]) == 130
