"""The console's settings: declared once here with types and defaults, stored as JSON in the
config folder (`Paths.settings_file`; no secrets: tokens live in the keyring, see tokens)."""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import typing
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from anchor_console.domain.atomic_file import write_atomically
from anchor_console.domain.audience import DEFAULT_COMMENTS_PER_S, MAX_COMMENTS_PER_S
from anchor_console.domain.json_file import UnreadableJson, read_json_object
from anchor_console.domain.kept_files import copy_aside, move_aside
from anchor_console.domain.numbers import is_number, is_whole_number
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text

log = logging.getLogger("anchor_console.session.settings")
SETTINGS_VERSION = 1


@dataclass
class ConnectionSettings:
    """One platform connection. Its credential (a Studio token, a WeChat AppSecret) is in the
    keyring (`session.platform_kinds.credential_key`), never here; `kind` names the platform
    (`session.platform_kinds.KINDS`)."""

    id: str
    name: str
    kind: str = "studio"             # "studio", "wechat_miniprogram" or "wechat_channels"
    url: str = ""                    # Studio's server, or the WeChat API base (Studio's emulator in a rehearsal)
    room_id: str = ""
    profile: str = "studio"          # a Studio connection may rehearse a real platform's limits
    enabled: bool = True
    appid: str = ""                  # WeChat: the AppID (public; the AppSecret goes to the keyring)


# The control API's port: one a program may listen on without administrator rights; Companion's page
# (resources/companion) and its README name the default.
CONTROL_API_PORT, CONTROL_API_PORTS = 8765, (1024, 65535)


@dataclass
class Settings:
    version: int = SETTINGS_VERSION
    console_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    operator_name: str = ""
    language: str = ""                       # "" = follow the system; "zh_CN" or "en"
    confirm_money_actions: bool = True
    money_enter_fires: bool = False          # in the money confirmation, Enter fires (else: Enter cancels)
    connections: list[ConnectionSettings] = field(default_factory=list)
    bundled_studio_audience: float = DEFAULT_COMMENTS_PER_S   # comments/s of the demo audience
    feed_rows: int = 5000
    rules_mode: str = "act"                  # the comment rules at this seat: act, mark (another seat acts), test
    control_api_enabled: bool = False        # the local control API (Stream Deck, Companion); its token: keyring
    control_api_port: int = CONTROL_API_PORT  # on 127.0.0.1 and ::1 only (this computer)
    followers_go: str = "ask"                # this seat calling the show: GO pressed on a follower is asked
                                             # of this seat ("ask") or refused with a reason ("refuse")

    @property
    def uses_bundled_studio(self) -> bool:
        return not any(c.enabled for c in self.connections)


# What a number may be (a hand-edited -1 rows made the comment feed, and so the window, fail to build).
LIMITS = {"feed_rows": (1, 1_000_000), "bundled_studio_audience": (0, MAX_COMMENTS_PER_S),
          "control_api_port": CONTROL_API_PORTS}


def _fits(value: object, kind: object) -> bool:
    """Whether a JSON value is of a settings field's type (a bool is not a number; a float field
    takes a whole number too, but not infinity)."""
    if kind is bool:
        return isinstance(value, bool)
    if kind is int:
        return is_whole_number(value)
    if kind is float:
        return is_number(value) and math.isfinite(value)
    return isinstance(value, str) if kind is str else True


def _checked(cls: type, raw: dict, where: str, bad: list[str]) -> dict:
    """The entries of `raw` that are fields of `cls` of the right type; the names of the others go
    to `bad` (they take their defaults)."""
    kinds = typing.get_type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        if f.name not in raw or f.name == "connections":
            continue
        low, high = LIMITS.get(f.name, (-math.inf, math.inf))
        if _fits(raw[f.name], kinds[f.name]) and (kinds[f.name] not in (int, float) or low <= raw[f.name] <= high):
            values[f.name] = float(raw[f.name]) if kinds[f.name] is float else raw[f.name]
        else:
            bad.append(where + f.name)
    return values


def _connections(raw: object, bad: list[str]) -> list[ConnectionSettings]:
    if not isinstance(raw, list):
        bad.append("connections")
        return []
    connections = []
    for i, c in enumerate(raw):
        if not isinstance(c, dict) or not c.get("id"):
            continue   # an entry without an id was never a connection the console wrote
        before = len(bad)
        values = _checked(ConnectionSettings, c, f"connections[{i}].", bad)
        if "id" not in values or "name" not in values:   # no default for these: the connection is left out
            bad[before:] = [f"connections[{i}]"]
            continue
        connections.append(ConnectionSettings(**values))
    return connections


def load_settings(path: Path) -> tuple[Settings, Text | None]:
    """Settings and, if the file or some of its values were unreadable, a warning for the user (the
    file is kept beside it, never overwritten; a value of the wrong type takes its default).

    A first start writes its settings at once: the console id is this console's identity (its seat
    in a crew, the journal's "from which console"), which would otherwise change at every start
    until someone saved the settings — a restart on the demo room listed the console twice, once
    as a gone seat."""
    if not path.exists():
        settings = Settings()
        try:
            save_settings(settings, path)
        except OSError as exc:   # a read-only or full home: the start says so where it matters
            log.warning("settings not written (%s)", exc)
        return settings, None
    try:
        raw = read_json_object(path)
    except UnreadableJson as exc:
        backup = move_aside(path)
        log.warning("settings file unreadable (%s); kept as %s", exc.__cause__ or exc, backup)
        return Settings(), QT_TRANSLATE_NOOP(
            "Settings", "Your settings file could not be read ({error}); it was kept as {backup} and the "
                        "console starts with default settings.").fill(error=exc.message, backup=str(backup))
    bad: list[str] = []
    settings = Settings(**_checked(Settings, raw, "", bad), connections=_connections(raw.get("connections", []), bad))
    settings.version = SETTINGS_VERSION
    if not bad:
        return settings, None
    backup = copy_aside(path)
    log.warning("settings with values of the wrong type (%s); defaults used, the file kept as %s", bad, backup)
    return settings, QT_TRANSLATE_NOOP(
        "Settings", "Some settings could not be read ({fields}); they are back to their defaults. Your settings "
                    "file was kept as {backup}.").fill(fields=", ".join(bad)[:200], backup=str(backup))


def save_settings(settings: Settings, path: Path) -> None:
    write_atomically(path, json.dumps(dataclasses.asdict(settings), ensure_ascii=False, indent=2).encode("utf-8"))
