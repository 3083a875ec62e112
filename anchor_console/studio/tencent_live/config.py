"""What Studio needs to follow its rooms' video on Tencent Cloud Live, and where it comes from.

The settings are a JSON file named by `studio --tencent-live-config PATH`:

    {"region": "ap-guangzhou", "push_domain": "push.example.com", "app_name": "live",
     "endpoint": "live.tencentcloudapi.com", "callback_path": "/tencent-live/callback",
     "poll_interval_s": 60, "requests_per_s": 20}

The secrets are never in that file's values nor on the command line: the API key pair and the
callback key come from the environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY,
TENCENT_LIVE_CALLBACK_KEY), or from files the settings name (`secret_id_file`,
`secret_key_file`, `callback_key_file`: Docker secrets under /run/secrets, say). The secret
fields stay out of the repr, and errors name the setting, never its value."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ENV_SECRET_ID = "TENCENTCLOUD_SECRET_ID"
ENV_SECRET_KEY = "TENCENTCLOUD_SECRET_KEY"
ENV_CALLBACK_KEY = "TENCENT_LIVE_CALLBACK_KEY"
_SECRETS = (("secret_id", ENV_SECRET_ID), ("secret_key", ENV_SECRET_KEY), ("callback_key", ENV_CALLBACK_KEY))
_PLAIN = {"region", "push_domain", "app_name", "endpoint", "callback_path", "poll_interval_s", "requests_per_s"}


class ConfigError(ValueError):
    """A setting is missing or malformed (the message names it, never a secret's value)."""


@dataclass(frozen=True)
class LiveConfig:
    push_domain: str
    region: str = "ap-guangzhou"
    app_name: str = "live"
    # live.intl.tencentcloudapi.com outside mainland China; a whole URL (http://host:port) reaches
    # something else speaking the API (an egress proxy, the tests' emulator)
    endpoint: str = "live.tencentcloudapi.com"
    callback_path: str = "/tencent-live/callback"
    poll_interval_s: float = 60.0                       # the slow check while a room is live
    requests_per_s: float = 20.0                        # ours; the API allows 300/s for the whole account
    secret_id: str = field(default="", repr=False)
    secret_key: str = field(default="", repr=False)
    callback_key: str = field(default="", repr=False)


def load_config(path: str | os.PathLike, environ: Mapping[str, str] | None = None) -> LiveConfig:
    environ = os.environ if environ is None else environ
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"the Tencent Cloud Live settings file {path} cannot be read: {type(exc).__name__}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the settings must be a JSON object")
    for name, _env in _SECRETS:
        if name in raw:
            raise ConfigError(f"{path}: {name} does not belong in the settings file; set its environment "
                              f"variable or name a file with {name}_file")
    unknown = set(raw) - _PLAIN - {f"{name}_file" for name, _env in _SECRETS}
    if unknown:
        raise ConfigError(f"{path}: unknown settings {', '.join(sorted(unknown))}")
    secrets = {name: _secret(raw, name, env, environ) for name, env in _SECRETS}
    plain = {k: raw[k] for k in _PLAIN if k in raw}
    if not plain.get("push_domain"):
        raise ConfigError(f"{path}: push_domain is required")
    for k in ("poll_interval_s", "requests_per_s"):
        if k in plain and (not isinstance(plain[k], (int, float)) or plain[k] <= 0):
            raise ConfigError(f"{path}: {k} must be a positive number")
    if not str(plain.get("callback_path", "/")).startswith("/"):
        raise ConfigError(f"{path}: callback_path must start with /")
    return LiveConfig(**plain, **secrets)


def _secret(raw: dict, name: str, env: str, environ: Mapping[str, str]) -> str:
    file = raw.get(f"{name}_file")
    if file:
        try:
            value = Path(file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{name}_file cannot be read: {type(exc).__name__}") from None
    else:
        value = environ.get(env, "").strip()
    if not value:
        raise ConfigError(f"{name} is not set: set {env} or name a file with {name}_file")
    return value
