"""Studio beyond this computer only when told so (--expose), saying what it exposes; HTTPS with a
certificate; fault injection only with a staff token and never on the network."""

from __future__ import annotations

import datetime
import ipaddress
import json
import ssl
import subprocess
import sys

import httpx
import pytest

from support.studio import ROOT, start_studio


def run_studio(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "anchor_console", "studio", "--db", str(tmp_path / "s.sqlite"),
                           *args], cwd=ROOT, capture_output=True, text=True, timeout=60, input="")


def test_an_address_beyond_loopback_needs_expose(tmp_path):
    r = run_studio(tmp_path, "--host", "0.0.0.0", "--port", "0")
    assert r.returncode == 2 and "--expose" in json.loads(r.stdout)["error"]
    r = run_studio(tmp_path, "--host", "0.0.0.0", "--expose", "--chaos", "--port", "0")
    assert r.returncode == 2 and "--chaos" in json.loads(r.stdout)["error"]


def test_exposed_studio_says_what_it_exposes(tmp_path):
    studio = start_studio(tmp_path, "--host", "0.0.0.0", "--expose", "--audience", "0")
    try:
        assert studio.url.startswith("http://127.0.0.1:")
        assert httpx.get(studio.url + "/api/v1/health", timeout=10).status_code == 200
    finally:
        studio.stop()
    said = studio.log_path.read_text()
    assert "reachable from the network" in said and "plain HTTP" in said and "tokens create" in said


def _certificate(tmp_path):
    pytest.importorskip("cryptography")
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "studio.test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_studio_serves_https_with_a_certificate(tmp_path):
    cert, key = _certificate(tmp_path)
    studio = start_studio(tmp_path / "tls", "--audience", "0", "--ssl-certfile", str(cert), "--ssl-keyfile", str(key))
    try:
        assert studio.url.startswith("https://127.0.0.1:")
        trust = ssl.create_default_context(cafile=str(cert))
        r = httpx.get(studio.url + "/api/v1/me", headers=studio.headers(), verify=trust, timeout=10)
        assert r.status_code == 200 and r.json()["role"] == "assistant"
        with pytest.raises(httpx.HTTPError):
            httpx.get(studio.url.replace("https", "http") + "/api/v1/health", timeout=5)
    finally:
        studio.stop()


def test_fault_injection_needs_an_anchor_or_assistant_token(tmp_path):
    studio = start_studio(tmp_path, "--audience", "0", "--chaos")
    try:
        url = studio.url + "/api/v1/_chaos"
        assert httpx.put(url, json={"kill_after": 1}, timeout=10).status_code == 401
        assert httpx.put(url, json={"kill_after": 1}, headers=studio.headers("moderator"), timeout=10).status_code == 403
        assert httpx.put(url, json={}, headers=studio.headers("assistant"), timeout=10).status_code == 200
        assert "_chaos" not in httpx.get(studio.url + "/openapi.json", timeout=10).text
    finally:
        studio.stop()
