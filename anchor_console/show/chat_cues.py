"""The chat-mode cues of a run of show: slow mode, followers-only chat, shield mode and an
announcement to the room ("slow mode 10 s while the flash sale runs", "announce the draw at the
segment's start"). Each is a cue action like those in model.py (kind, describe, problems, command) and fires
the room command of the same name (cues.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.domain.models import (
    ANNOUNCEMENT_COLORS, MAX_ANNOUNCEMENT, MAX_FOLLOW_MIN, SLOW_MODE_RANGE_S, followers_only_ok, slow_mode_ok,
)
from anchor_console.room import commands
from anchor_console.room.commands import follow_duration


@dataclass(frozen=True, slots=True)
class SetSlowMode:
    """Slow mode: each viewer waits `seconds` between comments (0: off)."""

    kind: ClassVar[str] = "slow_mode"
    seconds: int = 10

    def describe(self) -> Text:
        if self.seconds == 0:
            return QT_TRANSLATE_NOOP("Show", "Slow mode off")
        return QT_TRANSLATE_NOOP("Show", "Slow mode: {seconds} s").fill(seconds=self.seconds)

    def problems(self) -> list[Text]:
        if slow_mode_ok(self.seconds):
            return []
        return [QT_TRANSLATE_NOOP("Show", "slow mode waits {low} to {high} seconds (0: off)").fill(
            low=SLOW_MODE_RANGE_S[0], high=SLOW_MODE_RANGE_S[1])]

    def command(self) -> commands.Command:
        return commands.SetSlowMode(self.seconds)


@dataclass(frozen=True, slots=True)
class SetFollowersOnly:
    """Followers-only chat: None off, 0 any follower, N followed for at least N minutes."""

    kind: ClassVar[str] = "followers_only"
    minutes: int | None = 0

    def describe(self) -> Text:
        if self.minutes is None:
            return QT_TRANSLATE_NOOP("Show", "Followers-only chat off")
        if self.minutes == 0:
            return QT_TRANSLATE_NOOP("Show", "Followers-only chat: any follower")
        return QT_TRANSLATE_NOOP("Show", "Followers-only chat: followed for {duration}").fill(
            duration=follow_duration(self.minutes))

    def problems(self) -> list[Text]:
        if followers_only_ok(self.minutes):
            return []
        return [QT_TRANSLATE_NOOP("Show", "followers-only chat asks for 0 minutes to {days} days of following").fill(
            days=MAX_FOLLOW_MIN // 1440)]

    def command(self) -> commands.Command:
        return commands.SetFollowersOnly(self.minutes)


@dataclass(frozen=True, slots=True)
class SetShieldMode:
    kind: ClassVar[str] = "shield_mode"
    active: bool = True

    def describe(self) -> Text:
        return QT_TRANSLATE_NOOP("Show", "Shield mode on") if self.active else QT_TRANSLATE_NOOP("Show",
                                                                                                 "Shield mode off")

    def problems(self) -> list[Text]:
        return []

    def command(self) -> commands.Command:
        return commands.SetShieldMode(self.active)


@dataclass(frozen=True, slots=True)
class AnnounceToRoom:
    """A highlighted announcement the viewers see (unlike a message to the anchor)."""

    kind: ClassVar[str] = "announce"
    text: str = ""
    color: str = "primary"

    def describe(self) -> Text:
        return QT_TRANSLATE_NOOP("Show", "Announce to the room: {text}").fill(text=self.text)

    def problems(self) -> list[Text]:
        out = []
        if not self.text.strip():
            out.append(QT_TRANSLATE_NOOP("Show", "the announcement is empty"))
        if len(self.text) > MAX_ANNOUNCEMENT:
            out.append(QT_TRANSLATE_NOOP("Show", "an announcement has at most {max} characters").fill(
                max=MAX_ANNOUNCEMENT))
        if self.color not in ANNOUNCEMENT_COLORS:
            out.append(QT_TRANSLATE_NOOP("Show", "the announcement's colour is one of: {colors}").fill(
                colors=", ".join(ANNOUNCEMENT_COLORS)))
        return out

    def command(self) -> commands.Command:
        return commands.Announce(self.text, self.color)


CHAT_CUE_ACTIONS: tuple[type, ...] = (SetSlowMode, SetFollowersOnly, SetShieldMode, AnnounceToRoom)


# Reading them back from an exported run sheet: the lines `describe` writes, in English or as the
# zh_CN translation words them (cue_text.read_cue_line).
_SWITCHES = {"Slow mode off": SetSlowMode(0), "关闭慢速模式": SetSlowMode(0),
             "Followers-only chat off": SetFollowersOnly(None), "关闭仅粉丝评论": SetFollowersOnly(None),
             "Followers-only chat: any follower": SetFollowersOnly(0), "仅粉丝评论：任何粉丝": SetFollowersOnly(0),
             "Shield mode on": SetShieldMode(True), "开启防护模式": SetShieldMode(True),
             "Shield mode off": SetShieldMode(False), "关闭防护模式": SetShieldMode(False)}
_SLOW = re.compile(r"Slow mode: (\d{1,3}) s|慢速模式：(\d{1,3}) 秒")
_FOLLOWED = re.compile(r"Followers-only chat: followed for (\d{1,6}) (min|h|d)|仅粉丝评论：关注满 (\d{1,6}) (分钟|小时|天)")
_UNIT_MIN = {"min": 1, "h": 60, "d": 1440, "分钟": 1, "小时": 60, "天": 1440}
_ANNOUNCE = re.compile(r"(?:Announce to the room: |向全场发公告：)(.+)", re.S)


def read_chat_cue(text: str) -> object | None:
    """The chat-mode cue an exported line describes, or None (an announcement's colour is not in
    the line: it reads back as the default)."""
    if text in _SWITCHES:
        return _SWITCHES[text]
    if m := _SLOW.fullmatch(text):
        return SetSlowMode(int(m[1] or m[2]))
    if m := _FOLLOWED.fullmatch(text):
        n, unit = (m[1], m[2]) if m[1] else (m[3], m[4])
        return SetFollowersOnly(int(n) * _UNIT_MIN[unit])
    if m := _ANNOUNCE.fullmatch(text):
        return AnnounceToRoom(m[1])
    return None
