"""What Studio needs to run a room's chat through Tencent Cloud IM, read from the JSON file that
`anchor-console studio --tencent-im FILE` names, with the secrets from the environment:

    {"sdkappid": 1400000000, "admin": "administrator",
     "rooms": {"1": "@TGS#aJRGC4MH6"},               # Studio room id → the room's AVChatRoom GroupId
     "base_url": "https://console.tim.qq.com",       # optional (Singapore: https://adminapisgp.im.qcloud.com)
     "rate_per_s": 200,                              # optional: REST calls per second per command
     "blocked_words": ["加微信"],                    # optional: refused before send, besides the team lists
     "secret_key_file": "/run/secrets/im_key"}      # optional: else ANCHOR_STUDIO_IM_SECRET_KEY

The IM SecretKey comes from ANCHOR_STUDIO_IM_SECRET_KEY (or the file `secret_key_file` names), the
callback authentication token from ANCHOR_STUDIO_IM_CALLBACK_TOKEN (or `callback_token_file`;
none: callbacks are not signed, which IM allows but Studio only on loopback: server.py refuses to
start beyond loopback without it). Secrets are never
accepted inline in the file (it is shared and copied around), never logged, and no repr shows them."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

SECRET_KEY_ENV = "ANCHOR_STUDIO_IM_SECRET_KEY"
CALLBACK_TOKEN_ENV = "ANCHOR_STUDIO_IM_CALLBACK_TOKEN"
DEFAULT_BASE_URL = "https://console.tim.qq.com"
DEFAULT_RATE_PER_S = 200.0   # "最高调用频率 200次/秒" on each group command's page


class ImConfigError(ValueError):
    """The configuration cannot be used; the message names the field, never a secret's value."""


@dataclass(frozen=True)
class ImConfig:
    sdkappid: int
    admin: str
    secret_key: str = field(repr=False)
    callback_token: str = field(default="", repr=False)
    rooms: Mapping[int, str] = field(default_factory=dict)
    base_url: str = DEFAULT_BASE_URL
    rate_per_s: float = DEFAULT_RATE_PER_S
    blocked_words: tuple[str, ...] = ()
    callback_window_s: int = 60   # RequestTime older (or newer) than this: refused

    def group_of(self, room_id: int) -> str | None:
        return self.rooms.get(room_id)

    def room_of(self, group_id: str) -> int | None:
        return next((room for room, group in self.rooms.items() if group == group_id), None)


def _secret(raw: dict, file_key: str, env_name: str, env: Mapping[str, str], base: Path) -> str:
    if file_key in raw:
        path = Path(str(raw[file_key])).expanduser()
        path = path if path.is_absolute() else base / path
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImConfigError(f"{file_key}: cannot read {path} ({exc.strerror})") from None
    return env.get(env_name, "").strip()


def load_config(path: str | Path, env: Mapping[str, str] | None = None) -> ImConfig:
    env = os.environ if env is None else env
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ImConfigError(f"{path}: not a readable JSON file ({exc.__class__.__name__})") from None
    if not isinstance(raw, dict):
        raise ImConfigError(f"{path}: expected a JSON object")
    for inline in ("secret_key", "callback_token", "key", "token"):
        if inline in raw:
            raise ImConfigError(f"{path}: '{inline}' must not be in the file; use {SECRET_KEY_ENV} / "
                                f"{CALLBACK_TOKEN_ENV} or secret_key_file / callback_token_file")
    try:
        sdkappid = int(raw["sdkappid"])
        admin = str(raw["admin"])
        rooms = {int(room): str(group) for room, group in dict(raw.get("rooms", {})).items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise ImConfigError(f"{path}: sdkappid (a number), admin and rooms ({{room id: GroupId}}) are needed "
                            f"({exc.__class__.__name__})") from None
    key = _secret(raw, "secret_key_file", SECRET_KEY_ENV, env, path.parent)
    if not key:
        raise ImConfigError(f"the IM SecretKey is missing: set {SECRET_KEY_ENV} or secret_key_file")
    return ImConfig(sdkappid=sdkappid, admin=admin, secret_key=key,
                    callback_token=_secret(raw, "callback_token_file", CALLBACK_TOKEN_ENV, env, path.parent),
                    rooms=rooms, base_url=str(raw.get("base_url", DEFAULT_BASE_URL)).rstrip("/"),
                    rate_per_s=float(raw.get("rate_per_s", DEFAULT_RATE_PER_S)),
                    blocked_words=tuple(str(w) for w in raw.get("blocked_words", ())))
