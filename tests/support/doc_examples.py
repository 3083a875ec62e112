"""The documented examples a platform's tests are judged by: JSON files copied verbatim from the
platform's documentation into a folder beside the tests (its README names the sources)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path


def doc_examples(folder: Path, *, ending: str = "") -> Callable[[str], dict]:
    """doc(name): the example `name` + `ending` (a path under `folder`), read as UTF-8 JSON. The
    ending is for a platform whose examples are named after its API (WeChat: doc("createroom"))."""

    def doc(name: str) -> dict:
        return json.loads((folder / f"{name}{ending}").read_text(encoding="utf-8"))

    return doc
