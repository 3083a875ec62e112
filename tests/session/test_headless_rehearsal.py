"""The whole console without a window: the 30-minute sample show rehearsed at 10× with its cues
while a 500 comments/s audience is moderated by the shipped rules, against a real Studio, in a
process that never imports Qt."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "show" / "samples" / "sample_30min.show.toml"


@pytest.mark.slow(180)
@pytest.mark.watchdog(call=600)
@pytest.mark.timeout(900)
def test_a_show_and_a_comment_storm_run_headless(studio_factory, tmp_path):
    studio = studio_factory("--demo", "--audience", "0")
    show = tmp_path / "sample.show.toml"
    shutil.copy(SAMPLE, show)
    # "--" first: a token may begin with "-" (URL-safe base64), which argparse would take for an option.
    proc = subprocess.run([sys.executable, str(HERE / "headless_rehearsal.py"), "--speed", "10", "--rate", "500", "--",
                           studio.url, studio.tokens["assistant"], str(studio.room_id), str(show),
                           str(tmp_path / "home")],
                          capture_output=True, text=True, timeout=540)
    assert proc.stdout.strip(), proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert not result["pyside_imported"], "the session imported Qt"
    assert result["phase"] == "ENDED", result
    # Every cue ran once and the room took it: stage, sale, coupons, flash sale, messages.
    assert set(result["cues"].values()) == {"SUCCEEDED"}, result["not_succeeded"]
    assert result["cue_actions_doubled"] == 0
    assert result["cue_actions"] == result["cue_actions_confirmed"] > 0
    # The audience was read and moderated all along: ~500/s for three minutes.
    assert result["comments_taken"] > 500 * 60, result
    assert result["moderation_logged"] > 0 and result["moderation_journalled"] > 0, result
    assert proc.returncode == 0, proc.stderr[-3000:]
