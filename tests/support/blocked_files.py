"""Files the console cannot write, for the tests of what it says then."""

from __future__ import annotations

from pathlib import Path


def block(path: Path) -> None:
    """A folder where the file should be: every write of it fails (IsADirectoryError)."""
    if path.exists():
        path.unlink()
    path.mkdir(parents=True)
