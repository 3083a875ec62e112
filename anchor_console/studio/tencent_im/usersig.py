"""UserSig, Tencent Cloud IM's ticket for an account (TLSSigAPIv2), made and read back.

The algorithm is the official one, as tencentyun/tls-sig-api-v2-python TLSSigAPIv2.py
(`__hmacsha256`, `__gen_sig`, `base64_encode_url`) writes it:

  sig   = base64(HMAC-SHA256(key, "TLS.identifier:<id>\\nTLS.sdkappid:<appid>\\nTLS.time:<t>\\nTLS.expire:<s>\\n"))
  json  = {"TLS.ver": "2.0", "TLS.identifier", "TLS.sdkappid", "TLS.expire", "TLS.time", "TLS.sig"}
  usersig = base64(zlib(json)) with "+" → "*", "/" → "-", "=" → "_"

`TLS.expire` is a duration in seconds from `TLS.time` (the library's default is 180 days). Studio
makes a fresh one for every REST call (IM allows reusing one; a fresh one never expires mid-call).
`read_user_sig` is what the emulator checks a ticket with: it recomputes the HMAC the same way."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import zlib
from dataclasses import dataclass

VERSION = "2.0"
DEFAULT_EXPIRE_S = 180 * 86400


def _url_b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").replace("+", "*").replace("/", "-").replace("=", "_")


def _url_b64decode(text: str) -> bytes:
    return base64.b64decode(text.replace("*", "+").replace("-", "/").replace("_", "="), validate=True)


def _hmac(key: str, identifier: str, sdkappid: int, now: int, expire: int) -> str:
    content = (f"TLS.identifier:{identifier}\nTLS.sdkappid:{sdkappid}\n"
               f"TLS.time:{now}\nTLS.expire:{expire}\n")
    return base64.b64encode(hmac.new(key.encode("utf-8"), content.encode("utf-8"), hashlib.sha256).digest()).decode()


def gen_user_sig(sdkappid: int, key: str, identifier: str, *, now: int, expire: int = DEFAULT_EXPIRE_S) -> str:
    """The UserSig for `identifier`, valid from `now` (unix seconds) for `expire` seconds."""
    ticket = {"TLS.ver": VERSION, "TLS.identifier": str(identifier), "TLS.sdkappid": int(sdkappid),
              "TLS.expire": int(expire), "TLS.time": int(now),
              "TLS.sig": _hmac(key, str(identifier), int(sdkappid), int(now), int(expire))}
    return _url_b64encode(zlib.compress(json.dumps(ticket).encode("utf-8")))


@dataclass(frozen=True)
class UserSigCheck:
    ok: bool
    reason: str = ""            # "malformed" | "version" | "sdkappid" | "identifier" | "signature" | "expired"
    identifier: str = ""


def read_user_sig(usersig: str, *, sdkappid: int, key: str, identifier: str, now: float) -> UserSigCheck:
    """Is `usersig` a ticket for (sdkappid, identifier) signed with `key` and not expired at `now`?"""
    try:
        ticket = json.loads(zlib.decompress(_url_b64decode(usersig)))
        who, app, t, exp, sig = (str(ticket["TLS.identifier"]), int(ticket["TLS.sdkappid"]), int(ticket["TLS.time"]),
                                 int(ticket["TLS.expire"]), str(ticket["TLS.sig"]))
    except (ValueError, KeyError, TypeError, zlib.error):
        return UserSigCheck(False, "malformed")
    if ticket.get("TLS.ver") != VERSION:
        return UserSigCheck(False, "version", who)
    if app != int(sdkappid):
        return UserSigCheck(False, "sdkappid", who)
    if not hmac.compare_digest(sig, _hmac(key, who, app, t, exp)):
        return UserSigCheck(False, "signature", who)
    if who != identifier:
        return UserSigCheck(False, "identifier", who)
    if now >= t + exp:
        return UserSigCheck(False, "expired", who)
    return UserSigCheck(True, "", who)
