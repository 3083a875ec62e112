"""Builds `anchor-console.companionconfig`, an importable Bitfocus Companion page, from `buttons.json`
(the source of truth), so the two never drift. `python resources/companion/make_page.py` writes it;
`--check` only says whether the file on disk is what buttons.json makes (exit 1 when stale).

The export's shape was read from Companion's own source (bitfocus/companion 5.1, read 2026-11):
shared-lib/lib/Model/ExportModel.ts (ExportPageModelv6), companion/lib/ImportExport/Import.ts
(importSinglePage, #importInstances), ImportFixup.ts (fixupEntitiesRecursive) and the import upgrade
chain companion/lib/Data/Upgrade.ts + Data/Upgrades/v6tov7.ts … v15tov16.ts. The file is written in
*file version 9* (Companion 4.1's page format: `button` controls with legacy `style`, entities with
plain option values, instances carrying both `moduleId` and the older `instance_type`), which
4.1/4.2 should read as it is (not tried) and 4.3+ / 5.x upgrade on import (to ExpressionOrValue
options, layered buttons) as any exported 4.1 page; tests/companion_check/ runs 5.1's import code on it.

Module shapes (cited):
- generic-http (bitfocus/companion-module-generic-http 3.1.0): action id `post` with options `url`,
  `body`, `header`, `contenttype`, `jsonResultDataVariable`, `result_stringify`, `statusCodeVariable`
  (src/index.js initActions, src/fields.js); config `prefix` (Base URL, prepended to URLs not starting
  with "http"), `proxyAddress`, `rejectUnauthorized`, `insecureHTTPParser` (src/config.js); three
  upgrade scripts (src/upgrade.js) → lastUpgradeIndex 2.
- generic-websocket (bitfocus/companion-module-generic-websocket 2.3.1): config `url` (no variables:
  the token is typed into it), `reconnect`, `append_new_line`, `debug_messages`, `reset_variables`,
  `fbprefix`, `fbsuffix`, `user_agent`, `ping_enabled` (main.js getConfigFields); the feedback
  `websocket_variable` (options `subpath`, `variable`) stores each message — JSON-stringified — in the
  *connection's* variable `$(anchor_ws:ac_state)`, not a custom variable (main.js initFeedbacks,
  messageReceivedFromWebSocket); two upgrade scripts (upgrade.js) → lastUpgradeIndex 1.
- internal `check_expression` (boolean feedback, option `expression`) and `expression_value` (a
  button's local variable, `variableName`): companion/lib/Internal/Variables.ts.
- `jsonpath()` on a *string* returns booleans/objects stringified (Companion commit 70ed95d, "jsonpath
  accepts stringified objects"), so `$(custom:ac_state)` becomes `jsonparse($(anchor_ws:ac_state))`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPEC = HERE / "buttons.json"
OUT = HERE / "anchor-console.companionconfig"

FILE_VERSION = 9
PAGE_NAME = "Anchor Console"
HTTP, WS = "anchor_http", "anchor_ws"            # connection ids and labels in the file
STATE_VARIABLE = "ac_state"                      # the WebSocket connection's variable
TOKEN = "$(custom:ac_token)"                     # the custom variable the user makes once
TOKEN_PLACEHOLDER = "PASTE-TOKEN-HERE"           # typed over in the WebSocket connection's URL
DEFAULT_STYLE = {"bgcolor": 0x000000, "color": 0xFFFFFF}


def rgb(hex_colour: str) -> int:
    return int(hex_colour.lstrip("#"), 16)


def expression(text: str, spec: dict) -> str:
    """A buttons.json expression in Companion's terms: derived variables inlined, ac_state parsed."""
    for name, derived in spec.get("variables", {}).items():
        text = text.replace(f"$(custom:{name})", derived)
    return text.replace("$(custom:ac_state)", f"jsonparse($({WS}:{STATE_VARIABLE}))")


def instances(spec: dict) -> dict:
    base = spec["base"]
    ws_url = spec["ws"].replace("{token}", TOKEN_PLACEHOLDER)
    return {
        HTTP: {"label": HTTP, "moduleId": "generic-http", "instance_type": "generic-http", "enabled": True,
               "isFirstInit": False, "lastUpgradeIndex": 2, "sortOrder": 0,
               "config": {"prefix": base, "proxyAddress": "", "rejectUnauthorized": True,
                          "insecureHTTPParser": False}},
        WS: {"label": WS, "moduleId": "generic-websocket", "instance_type": "generic-websocket", "enabled": True,
             "isFirstInit": False, "lastUpgradeIndex": 1, "sortOrder": 1,
             "config": {"url": ws_url, "reconnect": True, "append_new_line": "", "debug_messages": False,
                        "reset_variables": False, "fbprefix": "", "fbsuffix": "", "user_agent": "none",
                        "user_agent_custom": "", "ping_enabled": False, "ping_interval": 3000, "ping_hex": "00"}},
    }


def press(key: str, button: dict, spec: dict) -> dict:
    """The key's POST through generic-http; the URL is relative to the connection's Base URL. The
    token goes in the `header` option (a JSON object, variables parsed: src/index.js
    prepareQuery), never in the URL: the API takes `?token=` on its state stream only."""
    url = button["url"].removeprefix("{base}")
    body = "" if button["body"] is None else json.dumps(button["body"], ensure_ascii=False)
    header = json.dumps({"Authorization": f"Bearer {TOKEN}"})
    return {"type": "action", "id": f"{key}-press", "definitionId": button["method"].lower(), "connectionId": HTTP,
            "upgradeIndex": 2, "options": {"url": url, "body": body, "header": header,
                                           "contenttype": "application/json", "jsonResultDataVariable": "",
                                           "result_stringify": True, "statusCodeVariable": ""}}


def check(id_: str, text: str, inverted: bool, variant: dict, spec: dict) -> dict:
    return {"type": "feedback", "id": id_, "definitionId": "check_expression", "connectionId": "internal",
            "isInverted": inverted, "options": {"expression": expression(text, spec)},
            "style": {"bgcolor": rgb(variant["bgcolor"]), "color": rgb(variant["color"])}}


def command_of(button: dict) -> str:
    return button["url"].split("/commands/", 1)[1].split("?", 1)[0]


def feedbacks(key: str, button: dict, spec: dict) -> list[dict]:
    """One internal check_expression feedback per colour (and per `when_false` colour, inverted); a
    money key's "awaiting" colour last, so it wins while its command awaits a second press."""
    feedback = button["feedback"]
    result = []
    for inverted, colour in ((False, (feedback or {}).get("when_true")), (True, (feedback or {}).get("when_false"))):
        for n, variant in enumerate(spec["colours"][colour] if colour else []):
            text = f"({feedback['expression']}) && ({variant['and']})" if "and" in variant else feedback["expression"]
            result.append(check(f"{key}-{'off' if inverted else 'on'}{n}", text, inverted, variant, spec))
    if button.get("money"):
        awaiting = spec["awaiting"].replace("{command}", command_of(button))
        result += [check(f"{key}-await{n}", awaiting, False, variant, spec)
                   for n, variant in enumerate(spec["colours"]["awaiting"])]
    return result


def control(button: dict, spec: dict, feeds_state: bool) -> dict:
    key = f"r{button['row']}c{button['column']}"
    text, local = button["text"], []
    label = (button["feedback"] or {}).get("label")
    if label:   # shown under the key's text, through a local variable of the button
        text += "\n$(local:label)"
        local.append({"type": "feedback", "id": f"{key}-label", "definitionId": "expression_value",
                      "connectionId": "internal", "variableName": "label",
                      "options": {"expression": expression(label, spec)}})
    entities = feedbacks(key, button, spec)
    if feeds_state:   # the one subscription that keeps $(anchor_ws:ac_state) filled
        entities.insert(0, {"type": "feedback", "id": f"{key}-stream", "definitionId": "websocket_variable",
                            "connectionId": WS, "upgradeIndex": 1,
                            "options": {"subpath": "", "variable": STATE_VARIABLE}})
    return {"type": "button",
            "style": {"text": text, "textExpression": False, "size": "auto", "alignment": "center:center",
                      "pngalignment": "center:center", "png64": None, "show_topbar": "default", **DEFAULT_STYLE},
            "options": {"stepProgression": "auto", "rotaryActions": False},
            "feedbacks": entities, "localVariables": local,
            "steps": {"0": {"action_sets": {"down": [press(key, button, spec)], "up": []},
                            "options": {"runWhileHeld": []}}}}


def build_page(spec: dict) -> dict:
    controls: dict[str, dict[str, dict]] = {}
    for n, button in enumerate(spec["buttons"]):
        controls.setdefault(str(button["row"]), {})[str(button["column"])] = control(button, spec, n == 0)
    grid = {"minColumn": 0, "maxColumn": spec["columns"] - 1, "minRow": 0, "maxRow": spec["rows"] - 1}
    return {"version": FILE_VERSION, "type": "page", "companionBuild": "anchor-console make_page.py",
            "page": {"name": PAGE_NAME, "controls": controls, "gridSize": grid},
            "instances": instances(spec), "oldPageNumber": 1}


def render(spec: dict) -> str:
    return json.dumps(build_page(spec), ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    text = render(json.loads(SPEC.read_text(encoding="utf-8")))
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        print("up to date" if current == text else f"{OUT.name} is stale: run make_page.py")
        return 0 if current == text else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
