"""The importable Companion page (resources/companion/anchor-console.companionconfig) is what
buttons.json makes, has the shape Companion's import reads (a file-version-9 page export: see
resources/companion/make_page.py for the Companion source files it follows), keeps no secret, and
its keys, pressed the way Companion's generic-http module sends them, work against the real control
API, whose state stream has every field the feedbacks read."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import websockets

from anchor_console.session.control_commands import COMMANDS, MONEY, Answer
from anchor_console.session.control_confirm import GAP_S
from anchor_console.session.control_state import ASYNCAPI
from support.control_api import control_api_session

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("make_page", ROOT / "resources" / "companion" / "make_page.py")
make_page = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_page)

SPEC = json.loads(make_page.SPEC.read_text(encoding="utf-8"))
PAGE = json.loads(make_page.OUT.read_text(encoding="utf-8"))
STYLE_KEYS = {"text", "textExpression", "size", "alignment", "pngalignment", "png64", "show_topbar", "color", "bgcolor"}
STATE_REF = f"jsonparse($({make_page.WS}:{make_page.STATE_VARIABLE}))"
FUNCTIONS = {"jsonpath", "jsonparse", "length", "secondsToTimestamp"}   # Companion's documented functions


def controls() -> list[tuple[int, int, dict]]:
    return [(int(r), int(c), control) for r, row in PAGE["page"]["controls"].items() for c, control in row.items()]


def entities(control: dict) -> list[dict]:
    step_entities = [e for step in control["steps"].values() for s in step["action_sets"].values() for e in s]
    return control["feedbacks"] + control["localVariables"] + step_entities


def expressions() -> list[str]:
    return [e["options"]["expression"] for _, _, c in controls() for e in entities(c) if "expression" in e["options"]]


def test_the_page_file_is_what_buttons_json_makes():
    assert make_page.OUT.read_text(encoding="utf-8") == make_page.render(SPEC), "run resources/companion/make_page.py"
    assert make_page.main(["--check"]) == 0


def test_the_page_has_the_shape_companions_import_reads():
    # ExportPageModelv6 (version, type, page{name, controls[row][column], gridSize}, instances, oldPageNumber)
    assert PAGE["version"] == 9 and PAGE["type"] == "page" and PAGE["page"]["name"]
    grid = PAGE["page"]["gridSize"]
    assert {(r, c) for r, c, _ in controls()} == {(b["row"], b["column"]) for b in SPEC["buttons"]}
    assert all(grid["minRow"] <= r <= grid["maxRow"] and grid["minColumn"] <= c <= grid["maxColumn"]
               for r, c, _ in controls())
    instances = PAGE["instances"]
    assert {i["moduleId"] for i in instances.values()} == {"generic-http", "generic-websocket"}
    for inst in instances.values():   # Import.#importInstances; instance_type for Companion 4.1 (v9tov10 renames it)
        assert inst["label"] and inst["instance_type"] == inst["moduleId"] and isinstance(inst["lastUpgradeIndex"], int)
        assert re.fullmatch(r"[A-Za-z0-9_-]+", inst["label"])
    ids = []
    for r, c, control in controls():   # the legacy "button" that v12tov13 turns into a layered button
        assert control["type"] == "button" and set(control["style"]) == STYLE_KEYS
        assert control["options"]["stepProgression"] == "auto"
        assert all(set(step["action_sets"]) <= {"down", "up"} for step in control["steps"].values())
        for entity in entities(control):   # v7..v10 entities: plain option values, not yet {isExpression, value}
            ids.append(entity["id"])
            assert entity["type"] in ("action", "feedback") and entity["definitionId"]
            assert entity["connectionId"] in instances or entity["connectionId"] == "internal"
            assert not any(isinstance(v, dict) and "isExpression" in v for v in entity["options"].values())
        for feedback in control["feedbacks"]:
            if feedback["definitionId"] == "check_expression":
                assert isinstance(feedback["isInverted"], bool)
                assert all(isinstance(feedback["style"][k], int) for k in ("color", "bgcolor"))
    assert len(ids) == len(set(ids))
    streams = [f for _, _, c in controls() for f in c["feedbacks"] if f["definitionId"] == "websocket_variable"]
    assert [f["options"] for f in streams] == [{"subpath": "", "variable": make_page.STATE_VARIABLE}]


def test_the_file_carries_no_token_and_reads_the_stream_only_parsed():
    text = make_page.OUT.read_text(encoding="utf-8")
    # the token only as the custom variable's name: in each key's Authorization header, and the
    # placeholder typed over in the stream's URL (the one place the API takes ?token=)
    assert set(re.findall(r"token=([^&\"\s]+)", text)) == {make_page.TOKEN_PLACEHOLDER}
    headers = {c["steps"]["0"]["action_sets"]["down"][0]["options"]["header"] for _, _, c in controls()}
    assert headers == {json.dumps({"Authorization": f"Bearer {make_page.TOKEN}"})}
    assert "$(custom:ac_state)" not in text and "arrayLength" not in text
    for expression in expressions():
        assert re.findall(r"\$\([^)]*\)", expression.replace(STATE_REF, "")) == [], expression
        assert set(re.findall(r"([A-Za-z]+)\(", expression)) <= FUNCTIONS, expression
    colours = {f["style"]["bgcolor"] for _, _, c in controls() for f in c["feedbacks"] if "style" in f}
    palette = {make_page.rgb(v["bgcolor"]) for variants in SPEC["colours"].values() for v in variants}
    assert colours == palette


def test_money_keys_confirm_nothing_themselves_and_turn_amber_while_they_await():
    """COUPON and FIRE carried `&confirm=true`, which sent them on one bump of the key."""
    amber = make_page.rgb(SPEC["colours"]["awaiting"][0]["bgcolor"])
    for button in SPEC["buttons"]:
        command = make_page.command_of(button)
        assert "confirm" not in button["url"] and "confirm" not in json.dumps(button["body"]), button["url"]
        assert bool(button.get("money")) == (command in MONEY), command
        control = PAGE["page"]["controls"][str(button["row"])][str(button["column"])]
        awaiting = [f for f in control["feedbacks"] if f["id"].endswith("-await0")]
        if command in MONEY:   # last: it wins over the key's other colours while it awaits
            assert control["feedbacks"][-1] is awaiting[0] and awaiting[0]["style"]["bgcolor"] == amber
            assert f"'$.state.awaiting_confirm.command') == '{command}'" in awaiting[0]["options"]["expression"]
        else:
            assert awaiting == []


def state_paths() -> set[tuple[str, ...]]:
    return {tuple(p.split(".")) for e in expressions() for p in re.findall(r"'\$\.state\.([\w.]+)'", e)}


def test_feedbacks_read_fields_the_stream_describes():
    described = ASYNCAPI["components"]["schemas"]["state"]["properties"]
    answer_fields = set(Answer("stage", "done").to_json())
    assert state_paths()
    for path in state_paths():
        assert path[0] in described, path
        if len(path) > 1:
            fields = answer_fields if path[0] == "last_action" else set(re.findall(r"\w+", described[path[0]]
                                                                                   .get("description", "")))
            assert path[1] in fields, path


def press_as_generic_http(action: dict, base: str, token: str) -> tuple[str, dict, dict]:
    """The URL, JSON body and headers the generic-http module sends for this action (src/index.js
    prepareQuery: variables parsed in the URL, body and header options; the header option is JSON)."""
    url = action["options"]["url"].replace(make_page.TOKEN, token)
    if not url.startswith("http"):
        url = base + url.strip()
    body = action["options"]["body"]
    headers = json.loads(action["options"]["header"].replace(make_page.TOKEN, token))
    headers["Content-Type"] = action["options"]["contenttype"]
    return url, json.loads(body) if body.strip() else {}, headers


@pytest.mark.asyncio
async def test_every_key_pressed_as_companion_sends_it_reaches_its_command(session_factory, studio_factory):
    studio, session = await control_api_session(session_factory, studio_factory)
    token = session.control_api.token()
    port = urlsplit(session.control_api.url).port
    http_config = PAGE["instances"][make_page.HTTP]["config"]
    base = http_config["prefix"].replace(":8765", f":{port}")
    ws_url = PAGE["instances"][make_page.WS]["config"]["url"].replace(":8765", f":{port}") \
        .replace(make_page.TOKEN_PLACEHOLDER, token)
    answers = {}
    async with httpx.AsyncClient(timeout=20.0) as companion, websockets.connect(ws_url) as stream:
        snapshot = json.loads(await asyncio.wait_for(stream.recv(), 10))
        for r, c, control in sorted(controls(), key=lambda rc: (rc[0], rc[1])):
            (action,) = control["steps"]["0"]["action_sets"]["down"]
            assert action["definitionId"] == "post"
            url, body, headers = press_as_generic_http(action, base, token)
            command = urlsplit(url).path.removeprefix("/api/v1/commands/")
            assert command in COMMANDS, url
            answer = await companion.post(url, json=body, headers=headers)
            if command in MONEY:   # the first press sends nothing: the key turns amber, a second press sends
                assert answer.status_code == 428, (url, answer.text)
                state = (await companion.get(f"{base}/state", headers=headers)).json()
                assert state["awaiting_confirm"]["command"] == command
                await asyncio.sleep(GAP_S + 0.05)
                answer = await companion.post(url, json=body, headers=headers)
            assert answer.status_code not in (401, 404, 422, 428), (url, answer.text)
            assert answer.json()["command"] == command
            answers[control["style"]["text"].split("\n$(local:")[0]] = answer.json()["status"]
        final = (await companion.get(f"{base}/state", headers=headers)).json()
    # No show runs and no lucky bag is open in the demo room: those keys reach their command and are refused.
    refused = {"◀ SEG", "SEG ▶", "GO", "LUCKY\nDRAW"}
    assert answers == {b["text"]: "refused" if b["text"] in refused else "done" if b["text"] == "ARM\nSALE"
                       else "confirmed" for b in SPEC["buttons"]}
    for path in state_paths():   # every field a feedback reads is in the document (maybe null)
        for document in (snapshot["state"], final):
            value = document
            for key in path:
                if value is None:
                    break
                assert isinstance(value, dict) and key in value, (path, value)
                value = value[key]
