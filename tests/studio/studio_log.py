"""Studio's own logging set up for part of a test, as `anchor-console studio --log-file` sets it
up, and the test process's logging put back after."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from anchor_console.studio.logs import setup_logging


@contextmanager
def logging_to_file(path: Path) -> Iterator[None]:
    """Within the block, the root logger writes to `path` as `--log-level info --log-file PATH`
    makes it; after, that file is closed (flushed) and the root logger's handlers and level are
    back as they were (pytest's capture among them)."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        setup_logging("info", str(path))
        yield
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:], level = saved
        root.setLevel(level)
