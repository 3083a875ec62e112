"""The run a console stopped in, read back at connect (show.run_state.read_run_left): a run state
of the wrong shape is a problem said in words, not an exception out of the reading task."""

from __future__ import annotations

import json

from anchor_console.show import save_show
from anchor_console.show.model import Segment, Show
from anchor_console.show.run_state import RUN_FORMAT, RUN_VERSION, read_run_left, write_live_meta
from anchor_console.show.timeline_types import RunStateError


def test_a_run_state_of_the_wrong_shape_is_said_damaged_not_raised(tmp_path):
    """An older or damaged run state ("cues": 5) read back at connect: a problem in words (the
    console says the show could not be resumed), never a TypeError out of the reading task."""
    show_path, state, meta = tmp_path / "s.show.toml", tmp_path / "run.json", tmp_path / "live.json"
    save_show(Show("专场", segments=(Segment("a", "开场", 600),)), show_path)
    write_live_meta(meta, show_path)
    state.write_text(json.dumps({"format": RUN_FORMAT, "version": RUN_VERSION, "run_id": "r", "cues": 5}))
    left = read_run_left(state, meta)
    assert left is not None and isinstance(left.problem, RunStateError)
    assert "damaged" in left.problem.message.english()
