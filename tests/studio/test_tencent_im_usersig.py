"""UserSig as the official TLSSigAPIv2 makes it, and the IM configuration's handling of secrets."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import zlib

import pytest

from anchor_console.studio.tencent_im.config import ImConfigError, load_config
from anchor_console.studio.tencent_im.usersig import gen_user_sig, read_user_sig

# The key and SDKAppID of the official library's own example (TLSSigAPIv2.py, main()).
KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
APP = 1400000000


def reference_user_sig(identifier: str, now: int, expire: int) -> str:
    """The ticket rebuilt here, step by step as the official source describes it."""
    content = f"TLS.identifier:{identifier}\nTLS.sdkappid:{APP}\nTLS.time:{now}\nTLS.expire:{expire}\n"
    sig = base64.b64encode(hmac.new(KEY.encode(), content.encode(), hashlib.sha256).digest()).decode()
    ticket = json.dumps({"TLS.ver": "2.0", "TLS.identifier": identifier, "TLS.sdkappid": APP, "TLS.expire": expire,
                         "TLS.time": now, "TLS.sig": sig})
    raw = base64.b64encode(zlib.compress(ticket.encode())).decode()
    return raw.replace("+", "*").replace("/", "-").replace("=", "_")


def test_usersig_is_the_official_ticket_byte_for_byte():
    for identifier, now, expire in (("xiaojun", 1700000000, 180 * 86400), ("administrator", 1764500000, 300)):
        assert gen_user_sig(APP, KEY, identifier, now=now, expire=expire) == reference_user_sig(identifier, now, expire)


def test_usersig_decodes_back_to_its_fields():
    sig = gen_user_sig(APP, KEY, "administrator", now=1764500000, expire=300)
    assert not set(sig) & set("+/=")
    ticket = json.loads(zlib.decompress(base64.b64decode(sig.replace("*", "+").replace("-", "/").replace("_", "="))))
    assert ticket["TLS.ver"] == "2.0" and ticket["TLS.identifier"] == "administrator"
    assert ticket["TLS.sdkappid"] == APP and ticket["TLS.time"] == 1764500000 and ticket["TLS.expire"] == 300


@pytest.mark.parametrize("change, reason", [
    ({"now": 1764500300}, "expired"), ({"key": "another-key"}, "signature"),
    ({"identifier": "someone"}, "identifier"), ({"sdkappid": APP + 1}, "sdkappid")])
def test_a_usersig_is_refused_for_what_is_wrong(change, reason):
    sig = gen_user_sig(APP, KEY, "administrator", now=1764500000, expire=300)
    args = {"sdkappid": APP, "key": KEY, "identifier": "administrator", "now": 1764500299, **change}
    assert read_user_sig(sig, **args).ok is (reason == "")
    assert read_user_sig(sig, **args).reason == reason
    assert read_user_sig("not*a*ticket", sdkappid=APP, key=KEY, identifier="x", now=0).reason == "malformed"


def test_secrets_come_from_the_environment_never_from_the_file_nor_a_repr(tmp_path):
    path = tmp_path / "im.json"
    path.write_text(json.dumps({"sdkappid": APP, "admin": "administrator", "rooms": {"3": "@TGS#a"}}))
    env = {"ANCHOR_STUDIO_IM_SECRET_KEY": "s3cr3t-key", "ANCHOR_STUDIO_IM_CALLBACK_TOKEN": "t0ken"}
    config = load_config(path, env)
    assert config.secret_key == "s3cr3t-key" and config.callback_token == "t0ken" and config.group_of(3) == "@TGS#a"
    assert "s3cr3t" not in repr(config) and "t0ken" not in repr(config)
    with pytest.raises(ImConfigError, match="SecretKey is missing"):
        load_config(path, {})
    path.write_text(json.dumps({"sdkappid": APP, "admin": "a", "rooms": {}, "secret_key": "inline-secret"}))
    with pytest.raises(ImConfigError) as refused:
        load_config(path, env)
    assert "inline-secret" not in str(refused.value)


def test_a_secret_may_come_from_a_file_the_config_names(tmp_path):
    (tmp_path / "key").write_text("from-a-file\n")
    path = tmp_path / "im.json"
    path.write_text(json.dumps({"sdkappid": APP, "admin": "administrator", "rooms": {}, "secret_key_file": "key"}))
    assert load_config(path, {}).secret_key == "from-a-file"
