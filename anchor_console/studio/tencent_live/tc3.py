"""Tencent Cloud API 3.0 request signing, TC3-HMAC-SHA256, as the SDK does it.

Confirmed against TencentCloud/tencentcloud-sdk-python@bf29717 (tencentcloud/common/sign.py
`Sign.sign_tc3`, tencentcloud/common/abstract_client.py `_build_req_with_tc3_signature` and
`_get_tc3_signature`) and the "Signature v3" page (its worked DescribeInstances example is the
fixture tests/studio/tencent_live_docs/tc3_signature_example.json):

  CanonicalRequest = Method \\n / \\n "" \\n "content-type:<ct>\\nhost:<host>\\n" \\n "content-type;host" \\n
                     hex(sha256(body))
  StringToSign     = "TC3-HMAC-SHA256" \\n <X-TC-Timestamp> \\n <date>/<service>/tc3_request \\n
                     hex(sha256(CanonicalRequest))
  key chain        = HMAC("TC3"+SecretKey, date) → HMAC(·, service) → HMAC(·, "tc3_request")
  Authorization    = "TC3-HMAC-SHA256 Credential=<SecretId>/<scope>, SignedHeaders=content-type;host, Signature=<hex>"

`date` is the UTC date of the timestamp (not local time: the docs warn calls fail at 00:00 in
UTC+8 otherwise). The SDK signs only content-type and host; X-TC-Action/Version/Timestamp/Region
travel unsigned except the timestamp, which is in the string to sign."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timezone

ALGORITHM = "TC3-HMAC-SHA256"
SIGNED_HEADERS = "content-type;host"
JSON_CONTENT = "application/json"    # what the SDK sends for POST (abstract_client._json_content)


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def utc_date(timestamp: int) -> str:
    return datetime.fromtimestamp(int(timestamp), timezone.utc).strftime("%Y-%m-%d")


def canonical_request(*, method: str, host: str, content_type: str, body: bytes, query: str = "") -> str:
    headers = f"content-type:{content_type}\nhost:{host}\n"
    payload = b"" if method == "GET" else body
    return f"{method}\n/\n{query}\n{headers}\n{SIGNED_HEADERS}\n{_sha256_hex(payload)}"


def string_to_sign(canonical: str, *, timestamp: int, service: str) -> str:
    scope = f"{utc_date(timestamp)}/{service}/tc3_request"
    return f"{ALGORITHM}\n{int(timestamp)}\n{scope}\n{_sha256_hex(canonical.encode('utf-8'))}"


def signature(secret_key: str, *, timestamp: int, service: str, to_sign: str) -> str:
    k_date = _hmac(("TC3" + secret_key).encode("utf-8"), utc_date(timestamp))
    k_service = _hmac(k_date, service)
    k_signing = _hmac(k_service, "tc3_request")
    return hmac.new(k_signing, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization(secret_id: str, secret_key: str, *, timestamp: int, service: str, host: str,
                  body: bytes, method: str = "POST", content_type: str = JSON_CONTENT) -> str:
    """The Authorization header of one request."""
    canonical = canonical_request(method=method, host=host, content_type=content_type, body=body)
    sig = signature(secret_key, timestamp=timestamp, service=service,
                    to_sign=string_to_sign(canonical, timestamp=timestamp, service=service))
    return (f"{ALGORITHM} Credential={secret_id}/{utc_date(timestamp)}/{service}/tc3_request, "
            f"SignedHeaders={SIGNED_HEADERS}, Signature={sig}")


def signed_headers(secret_id: str, secret_key: str, *, action: str, version: str, region: str, timestamp: int,
                   service: str, host: str, body: bytes) -> dict[str, str]:
    """Every header of a signed JSON POST to `host` (the SDK's set, less its client tag)."""
    headers = {"Authorization": authorization(secret_id, secret_key, timestamp=timestamp, service=service,
                                              host=host, body=body),
               "Content-Type": JSON_CONTENT, "Host": host, "X-TC-Action": action,
               "X-TC-Timestamp": str(int(timestamp)), "X-TC-Version": version}
    if region:
        headers["X-TC-Region"] = region
    return headers
