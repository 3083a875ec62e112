"""Credentials in text bound for a log or an error's detail. Platforms put some in a request's
query (WeChat's `access_token`, TikTok's `app_secret` and `refresh_token`, Tencent IM's `usersig`, a
control-API stream's `token`), and httpx, httpcore and uvicorn write URLs at INFO: one pattern
masks them wherever the console or Studio writes a log. A query's names are read as a server
reads them (percent-decoded): `?%74oken=…` is `token` to Starlette, so it is masked too."""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote_plus

SECRET_NAMES = ("access_token", "refresh_token", "app_secret", "client_secret", "secret", "auth_code", "usersig",
                "token")
SECRET_IN_TEXT = re.compile(r"(?i)\b((?:" + "|".join(SECRET_NAMES) + r")=)[^&\s\"']+")
QUERY_PAIR = re.compile(r"([?&;])([^=&;?#\s\"']+)=([^&;#\s\"']+)")   # a query's name=value, as written


def _mask_pair(match: re.Match) -> str:
    lead, name, _value = match.groups()
    return f"{lead}{name}=***" if unquote_plus(name).strip().lower() in SECRET_NAMES else match.group(0)


def scrub(text: str, *secrets: str) -> str:
    """`text` with every credential of a query string and each of the given secrets masked."""
    text = QUERY_PAIR.sub(_mask_pair, SECRET_IN_TEXT.sub(r"\1***", text))
    for s in secrets:
        if s:
            text = text.replace(s, "***")
    return text


_TRACEBACKS = logging.Formatter()


class MaskSecrets(logging.Filter):
    """Masks the credentials a record's message carries (a request's URL, most often), and its
    traceback's: an httpx error's text names the URL it failed on."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's to report, not ours
            return True
        masked = scrub(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            # formatted once here, masked; every handler's formatter then uses this text
            record.exc_text = scrub(_TRACEBACKS.formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


_mask = MaskSecrets()


def mask_secrets_of(*logger_names: str) -> None:
    """The filter on these loggers (idempotent): their records are masked before any handler,
    a test's capture included, sees them."""
    for name in logger_names:
        logger = logging.getLogger(name)
        if _mask not in logger.filters:
            logger.addFilter(_mask)
