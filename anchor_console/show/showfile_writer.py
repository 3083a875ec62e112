"""Writing a show file: a small deterministic writer (fixed key order, Chinese left readable,
talking points as multi-line strings), so the same show always gives the same bytes, a show file
diffs well in version control and can be fixed by hand. Saving is atomic."""

from __future__ import annotations

import hashlib
import re
from datetime import date, time
from pathlib import Path
from typing import Any

from anchor_console.domain.text import QT_TRANSLATE_NOOP, os_error_words
from anchor_console.domain.atomic_file import write_atomically
from anchor_console.show.chat_cues import CHAT_CUE_ACTIONS, AnnounceToRoom, SetFollowersOnly, SetShieldMode, SetSlowMode
from anchor_console.show.model import (
    AnchorMessage, CueAction, IssueCoupon, SendRedPacket, SetOnSale, SetRoomMute, Show, StageProduct,
    StartFlashSale, StartLuckyBag, TriggerKind, format_clock,
)
from anchor_console.show.showfile import MAX_FILE_BYTES, ShowFileError, ShowFileProblem, loads_show
from anchor_console.show.showfile_schema import FORMAT


def _control(ch: str) -> str:
    if 0xD800 <= ord(ch) <= 0xDFFF:
        return "\uFFFD"  # a lone surrogate (pasted from a broken source) cannot be written as UTF-8
    return f"\\u{ord(ch):04X}"


# What needs escaping; Chinese and every other printable character stay as they are. Done with
# str.replace and one regular expression, not a loop over every character (30 MB of talking
# points took 2 s that way, the editor frozen).
_SPECIAL = re.compile("[\\\\\"\x00-\x1f\x7f\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f\ud800-\udfff]")   # not tab, newline, CR


def _escape(s: str, *, multiline: bool) -> str:
    if not _SPECIAL.search(s):
        return s
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")   # the backslash first
    if not multiline:
        s = s.replace("\n", "\\n")
    return _CONTROL.sub(lambda m: _control(m[0]), s)


def _string(s: str) -> str:
    if "\n" in s:
        # The newline right after the opening quotes is dropped by TOML, so the text starts on its own line.
        return '"""\n' + _escape(s, multiline=True) + '"""'
    return '"' + _escape(s, multiline=False) + '"'


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, time):
        return v.strftime("%H:%M:%S")
    if isinstance(v, date):
        return v.isoformat()
    raise TypeError(type(v))


def _price(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def _action_fields(action: CueAction) -> list[tuple[str, Any]]:
    if isinstance(action, StageProduct):
        return [("action", "stage"), ("product_id", action.product_id), ("product_name", action.product_name)]
    if isinstance(action, SetOnSale):
        return [("action", "on_sale" if action.on_sale else "off_sale"), ("product_id", action.product_id),
                ("product_name", action.product_name)]
    if isinstance(action, IssueCoupon):
        return [("action", "coupon"), ("template_id", action.template_id), ("name", action.name),
                ("quantity", action.quantity), ("valid_minutes", action.valid_minutes)]
    if isinstance(action, StartFlashSale):
        return [("action", "flash_sale"), ("product_id", action.product_id), ("product_name", action.product_name),
                ("sku_id", action.sku_id), ("price", _price(action.sale_price_fen)), ("stock", action.stock),
                ("per_buyer_limit", action.per_buyer_limit), ("countdown", format_clock(action.countdown_s)),
                ("duration", format_clock(action.duration_s))]
    if isinstance(action, SetRoomMute):
        return [("action", "mute_room" if action.muted else "unmute_room")]
    if isinstance(action, AnchorMessage):
        return [("action", "message"), ("text", action.text)]
    if isinstance(action, StartLuckyBag):
        s, ex = action.setup, action.setup.exclusions
        return [("action", "lucky_bag"), ("prize", s.prize), ("prize_product_id", s.prize_product_id),
                ("winners", s.winners), ("rule", s.rule.value), ("keyword", s.keyword),
                ("countdown", format_clock(s.countdown_s)), ("exclude_staff", ex.staff),
                ("exclude_banned", ex.banned), ("exclude_muted", ex.muted), ("exclude_won_today", ex.won_today)]
    if isinstance(action, SetSlowMode):
        return [("action", "slow_mode"), ("seconds", action.seconds)]
    if isinstance(action, SetFollowersOnly):
        if action.minutes is None:
            return [("action", "followers_only"), ("off", True)]
        return [("action", "followers_only"), ("minutes", action.minutes)]
    if isinstance(action, SetShieldMode):
        return [("action", "shield_on" if action.active else "shield_off")]
    if isinstance(action, AnnounceToRoom):
        return [("action", "announce"), ("text", action.text), ("color", action.color)]
    if isinstance(action, SendRedPacket):
        p = action.spec
        return [("action", "red_packet"), ("amount", _price(p.total_fen)), ("count", p.count),
                ("split", p.split.value), ("claim_window", format_clock(p.claim_window_s)),
                *([("message", p.message)] if p.message else [])]
    raise TypeError(type(action))


def _percent(bp: int) -> str:
    return str(bp // 100) if bp % 100 == 0 else f"{bp / 100:.2f}".rstrip("0")


def _has_commission(show: Show) -> bool:
    """Only a show with a commission needs version 2 (older consoles cannot read it)."""
    return bool(show.commission_bp) or any(p.commission_bp is not None for s in show.segments for p in s.products)


def _has_chat_cues(show: Show) -> bool:
    """Only a show with a chat-mode or announcement cue needs version 4."""
    return any(isinstance(c.action, CHAT_CUE_ACTIONS) for s in show.segments for c in s.cues)


def _has_giveaways(show: Show) -> bool:
    """Only a show with a lucky-bag or red-packet cue needs version 3."""
    return any(isinstance(c.action, (StartLuckyBag, SendRedPacket)) for s in show.segments for c in s.cues)


def _has_packet_message(show: Show) -> bool:
    """Only a show with a red packet's message needs version 5."""
    return any(isinstance(c.action, SendRedPacket) and c.action.spec.message
               for s in show.segments for c in s.cues)


def _version(show: Show) -> int:
    """The lowest version that holds this show, so older consoles keep opening what they can read."""
    if _has_packet_message(show):
        return 5
    if _has_chat_cues(show):
        return 4
    return 3 if _has_giveaways(show) else 2 if _has_commission(show) else 1


def dumps_show(show: Show) -> str:
    """The show as file text; the same show always gives the same bytes."""
    lines = [
        "# Anchor Console show file (直播脚本). Times of day are local; durations are M:SS or H:MM:SS.",
        f"format = {_string(FORMAT)}",
        f"version = {_version(show)}",
        "",
        f"title = {_string(show.title)}",
    ]
    if show.date is not None:
        lines.append(f"date = {_value(show.date)}")
    if show.start is not None:
        lines.append(f"start = {_value(show.start)}")
    if show.target_length_s:
        lines.append(f"target_length = {_string(format_clock(show.target_length_s))}")
    if show.commission_bp:
        lines.append(f"commission_percent = {_percent(show.commission_bp)}")
    for seg in show.segments:
        lines += ["", "[[segments]]", f"id = {_string(seg.id)}", f"title = {_string(seg.title)}",
                  f"duration = {_string(format_clock(seg.duration_s))}",
                  f"start = {_string(seg.start_mode.value)}"]
        if seg.hard_start is not None:
            lines.append(f"at = {_value(seg.hard_start)}")
        if seg.products:
            lines.append("products = [")
            for p in seg.products:
                extra = f", commission_percent = {_percent(p.commission_bp)}" if p.commission_bp is not None else ""
                lines.append(f"  {{ id = {_string(p.id)}, name = {_string(p.name)}{extra} }},")
            lines.append("]")
        if seg.talking_points:
            lines.append(f"talking_points = {_string(seg.talking_points)}")
        if seg.notes:
            lines.append(f"notes = {_string(seg.notes)}")
        for cue in seg.cues:
            lines += ["", "[[segments.cues]]", f"id = {_string(cue.id)}", f"when = {_string(cue.trigger.kind.value)}"]
            if cue.trigger.kind is TriggerKind.OFFSET:
                lines.append(f"after = {_string(format_clock(cue.trigger.seconds))}")
            elif cue.trigger.kind is TriggerKind.END and cue.trigger.seconds:
                lines.append(f"before = {_string(format_clock(cue.trigger.seconds))}")
            lines.append(f"mode = {_string(cue.mode.value)}")
            for key, v in _action_fields(cue.action):
                if v == "" and key in ("product_name", "name"):
                    continue  # optional display names; ids are always written, even empty
                lines.append(f"{key} = {_value(v)}")
            if cue.note:
                lines.append(f"note = {_string(cue.note)}")
    return "\n".join(lines) + "\n"


def save_show(show: Show, path: Path) -> str:
    """Write atomically: the old file stays intact until the new one is completely on disk.
    A failure (disk full, no permission) is a ShowFileError; nothing is half-written. A show the
    loader would refuse (a value out of bounds) is not written at all: the error says what to fix,
    where a saved file that cannot be reopened would lose the work (nor is a show larger than the
    loader reads). Returns the SHA-256 of the bytes written (as `showfile.file_digest` gives it)."""
    path = Path(path)
    text = dumps_show(show)
    data = text.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:   # the loader's bound: checked first, as parsing all that takes a while
        raise ShowFileError([ShowFileProblem(QT_TRANSLATE_NOOP(
            "Show", "the show would be a file of {size} MB, and a show file of more than {max} MB cannot be "
                    "opened again: shorten its longest talking points or notes").fill(
            size=-(-len(data) // (1024 * 1024)), max=MAX_FILE_BYTES // (1024 * 1024)))], str(path))
    try:
        loads_show(text)
    except ShowFileError as exc:
        raise ShowFileError(list(exc.problems), str(path)) from None
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise ShowFileError([ShowFileProblem(QT_TRANSLATE_NOOP("Show", "cannot save the file: {reason}").fill(
            reason=os_error_words(exc)))], str(path)) from exc
    return hashlib.sha256(data).hexdigest()
