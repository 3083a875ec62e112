"""Studio's OpenAPI document (/openapi.json) says what Studio really answers, and schemathesis checks
it: every check it has (response schemas, status codes, content types, headers, negative and
positive data, missing auth, undeclared methods, use after free…), each role in turn, with its
stateful phase — and not one failure. The SSE stream (/events) never ends, so it is left out.
What a JSON Schema cannot say is in fuzz_hooks.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from anchor_console.studio.api import create_app
from anchor_console.studio.services import Studio
from support.studio import start_studio
from support.postgres import studio_database

ROLES = ["anchor", "assistant", "moderator", "viewer"]
EXAMPLES = int(os.environ.get("STUDIO_FUZZ_EXAMPLES", "5"))   # the benchmark runs more
# The coverage phase (every boundary of every parameter: most of the cases, much the same for any
# role) runs for the console's role only, to keep the suite quick; the benchmark runs it for all.
COVERAGE_FOR_EVERY_ROLE = os.environ.get("STUDIO_FUZZ_FULL") == "1"
HOOKS = Path(__file__).with_name("fuzz_hooks.py")


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    studio = Studio(str(studio_database(tmp_path_factory.mktemp("doc"), "s")))
    yield create_app(studio).openapi()
    studio.store.close()


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


def test_every_operation_names_its_errors_with_the_body_studio_sends(document):
    assert document["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": document["components"]["securitySchemes"]["bearer"]["description"]}
    assert "HTTPValidationError" not in str(document)
    open_paths = {"/api/v1/health", "/api/v1/viewers"}
    for method, path, op in operations(document):
        responses = op["responses"]
        errors = {code for code in responses if code.startswith(("4", "5"))}
        for code in errors:
            assert responses[code]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ApiErrorBody"}
        if path not in open_paths:
            assert op["security"] == [{"bearer": []}], path
            assert {"401", "403", "422", "429"} <= errors, (method, path)
        if "{" in path:
            assert "404" in errors, (method, path)
        if method != "GET" and path not in open_paths:
            assert "409" in errors, (method, path)
        if path.endswith("/entrants"):   # an open bag's entrants are not frozen yet: 409 lucky_bag_open
            assert "409" in errors, (method, path)
        if "requestBody" in op:
            assert {"408", "413", "422"} <= errors, (method, path)


def test_every_success_has_a_schema_and_the_replay_body_is_described(document):
    for method, path, op in operations(document):
        (success,) = [code for code in op["responses"] if code.startswith("2")]
        content = op["responses"][success]["content"]
        schema = (content.get("application/json") or content["text/event-stream"])["schema"]
        assert schema not in ({}, None), (method, path)
    replay = document["paths"]["/api/v1/rooms/{room_id}/audience/replay"]["post"]["requestBody"]
    lines = replay["content"]["application/x-ndjson"]["schema"]
    assert lines["type"] == "array" and lines["items"]["required"] == ["text"]


def _token(studio, role: str) -> str:
    if role != "viewer":
        return studio.tokens[role]
    return httpx.post(f"{studio.url}/api/v1/viewers", json={"nickname": "fuzz"}, timeout=10).json()["token"]


@pytest.mark.slow(40)
@pytest.mark.watchdog(setup=120, call=400, teardown=60)
@pytest.mark.parametrize("role", ROLES)
def test_schemathesis_all_checks_as_each_role(tmp_path, role):
    # A Studio of its own: as the anchor, the fuzzer removes staff and ends rooms.
    studio = start_studio(tmp_path, "--demo", "--audience", "0", name=f"fuzz-{role}")
    try:
        config = tmp_path / "schemathesis.toml"
        config.write_text('[auth.openapi.bearer]\nbearer = "${STUDIO_TOKEN}"\n')   # the token stays in the env
        env = {**os.environ, "STUDIO_TOKEN": _token(studio, role), "SCHEMATHESIS_HOOKS": str(HOOKS)}
        cli = Path(sys.executable).with_name("schemathesis")
        full = COVERAGE_FOR_EVERY_ROLE or role == "assistant"
        phases = "examples,coverage,fuzzing,stateful" if full else "examples,fuzzing,stateful"
        result = subprocess.run(
            [str(cli), "--config-file", str(config), "run", studio.url + "/openapi.json", "--checks", "all",
             "--phases", phases, "--max-examples", str(EXAMPLES),
             "--exclude-path-regex", "/events$", "--request-timeout", "10", "--generation-deterministic",
             "--no-color"],
            capture_output=True, text=True, timeout=380, cwd=tmp_path, env=env)
    finally:
        studio.stop()
    summary = result.stdout[-6000:]
    generated = re.search(r"(\d+) generated, (\d+) passed", summary)
    print(f"schemathesis as {role}: {generated.group(0) if generated else summary[-300:]}")
    assert result.returncode == 0, summary
    assert generated and generated.group(1) == generated.group(2)
    assert "Stateful" in summary
    log = studio.log_path.read_text(errors="replace")
    assert "unexpected error" not in log, log[-3000:]
