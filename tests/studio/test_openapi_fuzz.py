"""Schemathesis against Studio's own OpenAPI schema (/openapi.json): thousands of generated
requests, and not one 5xx. The SSE stream (/events) never ends, so it is left out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow


def test_schemathesis_finds_no_server_error(studio_factory, tmp_path):
    studio = studio_factory("--demo", "--audience", "0", name="fuzz")
    assert httpx.get(studio.url + "/openapi.json").json()["openapi"].startswith("3.")
    cli = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [str(cli), "run", studio.url + "/openapi.json", "--checks", "not_a_server_error", "--max-examples", "30",
         "--header", f"Authorization: Bearer {studio.tokens['assistant']}", "--exclude-path-regex", "/events$",
         "--request-timeout", "10", "--generation-deterministic"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)
    summary = result.stdout[-4000:]
    assert result.returncode == 0, summary
    assert " passed" in summary and "generated" in summary
    log = studio.log_path.read_text(errors="replace")
    assert "unexpected error" not in log, log[-3000:]
