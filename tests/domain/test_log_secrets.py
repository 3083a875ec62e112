"""One pattern masks the credentials platforms put in URLs, wherever the console or Studio logs."""

from __future__ import annotations

import logging

from anchor_console.domain.log_secrets import MaskSecrets, mask_secrets_of, scrub


def test_every_platforms_credential_in_a_url_is_masked():
    url = ("https://open.example/api?app_key=k&app_secret=S1&refresh_token=R1&auth_code=A1"
           "&access_token=T1&usersig=U1&token=C1&client_secret=X1&grant_type=refresh_token")
    masked = scrub(url)
    for secret in ("S1", "R1", "A1", "T1", "U1", "C1", "X1"):
        assert secret not in masked
    assert "app_key=k" in masked and "grant_type=refresh_token" in masked   # names and values that are not secret
    assert scrub("tokens=5 and a token_count=3") == "tokens=5 and a token_count=3"
    assert scrub("errmsg: bad secret abcdef", "abcdef") == "errmsg: bad secret ***"


def test_a_name_written_percent_encoded_is_masked_as_the_server_reads_it():
    """Starlette decodes a query's names: `?%74oken=…` authenticated a control-API stream while
    uvicorn's log line kept the token in clear (the pattern looked for the letters `token=`)."""
    line = '127.0.0.1:5 - "WebSocket /api/v1/state/stream?%74oken=S1&x=1&tok%65n=S2&%61ccess%5Ftoken=S3" [accepted]'
    masked = scrub(line)
    assert not any(s in masked for s in ("S1", "S2", "S3")), masked
    assert "?%74oken=***&x=1&tok%65n=***" in masked
    assert scrub("GET /a?to+ken=1&tokens=2&x%3Dtoken=3") == "GET /a?to+ken=1&tokens=2&x%3Dtoken=3"


def test_the_filter_masks_a_record_before_any_handler_sees_it(caplog):
    mask_secrets_of("test.log_secrets")
    mask_secrets_of("test.log_secrets")   # idempotent
    logger = logging.getLogger("test.log_secrets")
    assert sum(isinstance(f, MaskSecrets) for f in logger.filters) == 1
    with caplog.at_level(logging.INFO, logger="test.log_secrets"):
        logger.info("HTTP Request: GET %s", "https://x/api?Token=abc123&x=1")
    assert "abc123" not in caplog.text and "Token=***&x=1" in caplog.text


def test_a_logged_traceback_is_masked_too(caplog):
    """An httpx error escaping unwrapped names the URL it failed on, in its traceback's last line."""
    mask_secrets_of("test.log_secrets")
    logger = logging.getLogger("test.log_secrets")
    with caplog.at_level(logging.INFO, logger="test.log_secrets"):
        try:
            raise ConnectionError("GET https://api.weixin.qq.com/wxa/x?access_token=SECRET42 failed")
        except ConnectionError:
            logger.exception("sending the coupon")
    assert "SECRET42" not in caplog.text and "access_token=***" in caplog.text
    handler = logging.StreamHandler(__import__("io").StringIO())
    handler.handle(caplog.records[-1])
    assert "SECRET42" not in handler.stream.getvalue() and "access_token=***" in handler.stream.getvalue()
