"""The console's settings: declared once here with types and defaults, stored as JSON in the
config folder (`Paths.settings_file`; no secrets: tokens live in the keyring, see tokens)."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

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


@dataclass
class Settings:
    version: int = SETTINGS_VERSION
    console_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    operator_name: str = ""
    language: str = ""                       # "" = follow the system; "zh_CN" or "en"
    confirm_money_actions: bool = True
    money_enter_fires: bool = False          # in the money confirmation, Enter fires (else: Enter cancels)
    connections: list[ConnectionSettings] = field(default_factory=list)
    bundled_studio_audience: float = 20.0    # comments/s of the demo audience
    feed_rows: int = 5000
    rules_mode: str = "act"                  # the comment rules at this seat: act, mark (another seat acts), test
    control_api_enabled: bool = False        # the local control API (Stream Deck, Companion); its token: keyring
    control_api_port: int = 8765             # on 127.0.0.1 only
    followers_go: str = "ask"                # this seat calling the show: GO pressed on a follower is asked
                                             # of this seat ("ask") or refused with a reason ("refuse")

    @property
    def uses_bundled_studio(self) -> bool:
        return not any(c.enabled for c in self.connections)


def load_settings(path: Path) -> tuple[Settings, Text | None]:
    """Settings and, if the file was unreadable, a warning for the user (the broken file is kept
    beside it, never overwritten)."""
    if not path.exists():
        return Settings(), None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
        known = {f.name for f in dataclasses.fields(Settings)}
        values = {k: v for k, v in raw.items() if k in known and k != "connections"}
        conn_fields = {f.name for f in dataclasses.fields(ConnectionSettings)}
        connections = [ConnectionSettings(**{k: v for k, v in c.items() if k in conn_fields})
                       for c in raw.get("connections", []) if isinstance(c, dict) and c.get("id")]
        settings = Settings(**values, connections=connections)
        settings.version = SETTINGS_VERSION
        return settings, None
    except (ValueError, TypeError, OSError) as exc:
        backup = path.with_name(f"{path.name}.unreadable-{int(time.time())}")
        try:
            path.replace(backup)
        except OSError:
            backup = path
        log.warning("settings file unreadable (%s); kept as %s", exc, backup)
        return Settings(), QT_TRANSLATE_NOOP(
            "Settings", "Your settings file could not be read ({error}); it was kept as {backup} and the "
                        "console starts with default settings.").fill(error=str(exc)[:120], backup=str(backup))


def save_settings(settings: Settings, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(dataclasses.asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)
