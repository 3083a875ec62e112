"""Signed RTMP push URLs for OBS, in the Tencent Cloud Live (云直播) anti-leech format:
txSecret = MD5(key + stream name + txTime), txTime = expiry as upper-case hex unix time."""

from __future__ import annotations

import hashlib


def sign_push_url(domain: str, stream_name: str, key: str, expires_at: int, app_name: str = "live") -> dict:
    tx_time = format(int(expires_at), "X")
    tx_secret = hashlib.md5(f"{key}{stream_name}{tx_time}".encode()).hexdigest()
    stream_key = f"{stream_name}?txSecret={tx_secret}&txTime={tx_time}"
    server = f"rtmp://{domain}/{app_name}/"
    return {
        "server": server,
        "stream_key": stream_key,
        "url": server + stream_key,
        "expires_at": int(expires_at),
        "tx_time": tx_time,
        "tx_secret": tx_secret,
    }
