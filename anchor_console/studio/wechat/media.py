"""Temporary media (新增临时素材): `POST /cgi-bin/media/upload?type=image`, the file as multipart/form-data
under `media` → `{type, media_id, created_at}` (the documented success answer carries no errcode).
A room plan names its cover, share and feeds images by such media ids; WeChat keeps one 3 days.

Rules as documented: only `type=image` is emulated (40004 otherwise), the file PNG, JPEG or GIF
(40005) of at most 10 MB (40006), a request without the `media` part 41005. Only each id's age is
kept (never the image: no page shows it back), for `expired`."""

from __future__ import annotations

import email.parser
import email.policy
import secrets


from anchor_console.studio.wechat.core import MINI_PROGRAM, SHOP, Api, Call
from anchor_console.studio.wechat.errors import WxError
from anchor_console.studio.store import EmulatorTables

SCHEMA = """
CREATE TABLE IF NOT EXISTS wx_media(
  media_id TEXT PRIMARY KEY, appid TEXT NOT NULL, type TEXT NOT NULL, size INTEGER NOT NULL, created_at REAL NOT NULL);
"""
LIFETIME_S = 3 * 86400
IMAGE_MAX = 10 * 1024 * 1024
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


def media_part(raw: bytes, content_type: str) -> bytes | None:
    """The `media` file of a multipart/form-data body (None if there is none)."""
    if "multipart/form-data" not in content_type.lower():
        return None
    try:
        head = b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n"
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    except (UnicodeEncodeError, ValueError):
        return None
    if not message.is_multipart():
        return None
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == "media":
            payload = part.get_payload(decode=True)
            return payload if isinstance(payload, bytes) else None
    return None


class Media(EmulatorTables):
    schema = SCHEMA

    def apis(self) -> list[Api]:
        return [Api("/cgi-bin/media/upload", "POST", frozenset({MINI_PROGRAM, SHOP}), self.upload, upload=True,
                    body_limit=IMAGE_MAX + 64 * 1024)]

    def upload(self, call: Call) -> dict:
        if call.query.get("type") != "image":
            raise WxError(40004)
        data = media_part(call.raw, call.content_type)
        if not data:
            raise WxError(41005)
        if not data.startswith(IMAGE_MAGIC):
            raise WxError(40005)
        if len(data) > IMAGE_MAX:
            raise WxError(40006)
        media_id = secrets.token_urlsafe(48)
        now = self.store.clock.now()
        with self.store.tx():
            self.db.execute("INSERT INTO wx_media(media_id, appid, type, size, created_at) VALUES (?,?,?,?,?)",
                            (media_id, call.appid, "image", len(data), now))
        return {"type": "image", "media_id": media_id, "created_at": int(now)}

    def expired(self, media_id: str) -> bool:
        """An id this emulator issued more than 3 days ago (one it never issued is not judged)."""
        row = self.db.execute("SELECT created_at FROM wx_media WHERE media_id = ?", (media_id,)).fetchone()
        return row is not None and self.store.clock.now() - row["created_at"] > LIFETIME_S
