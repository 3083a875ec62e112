"""Ctrl+C in the terminal the console was started from, or SIGTERM from the system, closes it the way
its window does: the session shuts down in order and the process exits cleanly, with no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_closes_the_console_in_order(private_home, number):
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "ANCHOR_CONSOLE_HOME": str(private_home)}
    # As from a terminal: Ctrl+C is not ignored (a test worker's children may inherit "ignored").
    proc = subprocess.Popen([sys.executable, "-m", "anchor_console", "--lang", "en"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    logs = private_home / "data" / "logs"
    try:
        deadline = time.monotonic() + 40
        while not (logs / "studio.log").exists():   # the window is up and the session started its Studio
            assert proc.poll() is None and time.monotonic() < deadline, "the console did not start"
            time.sleep(0.05)
        proc.send_signal(number)
        output = proc.communicate(timeout=30)[0].decode(errors="replace")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert "Traceback" not in output, output
    assert proc.returncode == 0, output
    log = (logs / "console.log").read_text(encoding="utf-8")
    assert "session closed" in log and "console closed" in log, log
