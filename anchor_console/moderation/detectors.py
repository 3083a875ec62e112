"""Detectors for what word lists cannot list: 引流 contact details (phone numbers, WeChat and QQ ids,
links — also spaced, dotted or in Chinese digits), one viewer flooding or repeating a message, the
same message from many viewers (spam waves), and messages that are too long, all emoji, shouting,
zalgo or carrying bidi overrides.

Floods and repeats are noise from viewers who are often buyers ("666", "在吗在吗"): they are only
ever hidden here, never deleted, muted or banned. A flood is judged against the room: a viewer
floods when posting well above both `flood_messages` and what the typical viewer posts in the same
window, so a small room talking fast is not all "flooding". Only contact details escalate
(see enforcement).

Cheap pre-checks keep the common case (a short Chinese comment) to a few dictionary and
C-level regex operations. Per-user and per-message state is bounded (LRU by time)."""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.domain.normalize import BIDI_MARK
from anchor_console.moderation.wordlists import Action

# A mobile number is a run of 11 digits of its own, in the skeleton (where "138 0013 8000" is one
# run) or in the folded text (where "1 13800138000" is two): within a longer run it is an order or
# a parcel number ("SF1456789012345"), a buyer's question, not contact details.
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_QQ = re.compile(r"(?:qq|扣扣|企鹅|q)(?:号|群)?(\d{5,11})")
# "需要的v我 abc123" and 卫星 (a homophone of 微信) are common evasions.
# A Latin prefix counts only where no letter comes before it ("nvidia4090" is a product). A bare
# "v" (or "vv") is read in the folded text, where spaces still stand: its id follows it at once or
# after a separator ("私聊vshop123", "v: abc123", "需要的vv我 abc123") — "vivo x100" and "vivoX100"
# (a phone) are not one.
_WECHAT = re.compile(r"(?:微信|v信|微|卫星|(?<![a-z])(?:vx|wx|weixin))(?:号|我)?([a-z][a-z0-9_-]{5,19})")
_BARE_V = re.compile(r"(?<![a-z0-9])vv?(?!ivo)[\W_]{0,3}(?:号|我)?[\W_]{0,3}([a-z][a-z0-9_-]{5,19})")
# A domain label is at most 63 characters, and one starts only after a Latin letter or digit ends
# (after a Chinese character it may: "看haohuo.com"): each try reads at most 63 characters, where
# `\b[\w-]+\.` re-read the whole run from every boundary ("a-a-a-…" took seconds).
# The ending is followed by no letter or digit of an address, rather than a word boundary: a
# Chinese character right after it ("haohuo.com看看") is a word character, so \b let it through.
_LINK = re.compile(r"https?://|www\.|(?<![a-z0-9_-])[\w-]{1,63}\.(?:com|cn|net|top|vip|shop|xyz|cc|me|io|ly)"
                   r"(?![a-z0-9])|t\.cn/|点com|点cn|[a-z]\.co(?![a-z0-9])")
_ZALGO = re.compile(r"[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{3,}")
# Runs of emoji, with every code point an emoji is drawn with: the joiner of a family (👨‍👩‍👧‍👦 is seven),
# the presentation selector, skin tones, a flag's tags, a keycap's digit and ring (1️⃣), and the
# stars and arrows of U+2B00–2BFF (⭐). Measured as a share of code points, so all of them count.
_EMOJI = re.compile(r"(?:[#*0-9](?=\uFE0F?\u20E3)|[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u200D\u20E3"
                    r"\uFE0F\U000E0020-\U000E007F])+")
_UPPER = re.compile(r"[A-Z]")
_LETTER = re.compile(r"[A-Za-z]")
_DIGITS = re.compile(r"\d")
# Contact details are looked for in this many characters (or max_length, if more): a longer comment
# is flagged as very long anyway, and one comment cannot hold the console for long.
CONTACT_SCAN_CHARS = 2_000


class Detection(NamedTuple):
    rule: str            # detector id ("phone", "flood"…)
    action: Action
    name: Text
    detail: str = ""
    escalates: bool = False   # repeat offenders climb the enforcement ladder (contact details)


@dataclass
class DetectorSettings:
    """Thresholds and actions; staff can change them in Settings → Moderation."""

    contact_action: Action = Action.DELETE          # phone numbers, WeChat/QQ ids, links
    contact_escalates: bool = True                  # …and repeat offenders are muted, then banned
    flood_messages: int = 6                         # this many messages from one user…
    flood_seconds: float = 10.0                     # …within this many seconds
    flood_vs_typical: float = 6.0                   # …and this many times what a typical viewer posts
    flood_action: Action = Action.HIDE_LOCAL        # (floods and repeats: never more than hiding here)
    repeat_count: int = 3                           # the same text from one user this many times…
    repeat_seconds: float = 60.0                    # …within this window
    repeat_action: Action = Action.HIDE_LOCAL
    wave_users: int = 8                             # the same long text from this many users…
    wave_seconds: float = 30.0
    wave_min_length: int = 8                        # ("想要", "111" are intent, not spam)
    # Marked, not held: a room chanting what the anchor asked for (a 福袋 password) is a wave too;
    # spam waves carry contact details, and those are caught on their own.
    wave_action: Action = Action.HIGHLIGHT
    max_length: int = 300
    length_action: Action = Action.HIDE_LOCAL
    emoji_ratio: float = 0.7                        # share of characters that are emoji, for 10+ characters
    emoji_action: Action = Action.HIDE_LOCAL
    caps_ratio: float = 0.8                         # share of letters in capitals, for 12+ letters
    caps_action: Action = Action.HIGHLIGHT
    zalgo_action: Action = Action.HIDE_LOCAL
    bidi_action: Action = Action.HOLD
    max_tracked_users: int = 20_000
    max_tracked_texts: int = 20_000


_NAMES = {
    "phone": QT_TRANSLATE_NOOP("Moderation", "phone number (引流)"),
    "qq": QT_TRANSLATE_NOOP("Moderation", "QQ number (引流)"),
    "wechat": QT_TRANSLATE_NOOP("Moderation", "WeChat id (引流)"),
    "link": QT_TRANSLATE_NOOP("Moderation", "link (引流)"),
    "flood": QT_TRANSLATE_NOOP("Moderation", "flooding (too many messages)"),
    "repeat": QT_TRANSLATE_NOOP("Moderation", "the same message again and again"),
    "wave": QT_TRANSLATE_NOOP("Moderation", "spam wave (same message from many users)"),
    "length": QT_TRANSLATE_NOOP("Moderation", "very long message"),
    "emoji": QT_TRANSLATE_NOOP("Moderation", "mostly emoji"),
    "caps": QT_TRANSLATE_NOOP("Moderation", "shouting in capitals"),
    "zalgo": QT_TRANSLATE_NOOP("Moderation", "zalgo text"),
    "bidi": QT_TRANSLATE_NOOP("Moderation", "hidden direction characters"),
}


@dataclass
class Detectors:
    settings: DetectorSettings = field(default_factory=DetectorSettings)

    def __post_init__(self) -> None:
        # Per viewer: [window start, messages in the window, last text, repeats of it, first of the repeats].
        self._users: dict[str, list] = {}
        self._texts: dict[str, dict[str, float]] = {}   # long skeleton -> {user: time}
        self._sweep_at = 0.0
        self.flood_limit = self.settings.flood_messages   # messages in a window that make a flood
        self._limit_at = 0.0

    def maybe_sweep(self, now: float) -> None:
        """Called once per batch (not per comment): keeps the tables bounded and the flood limit
        current (each second: a room can get busy within a few)."""
        s = self.settings
        if now >= self._limit_at:
            self._limit_at = now + 1.0
            self._update_flood_limit(now)
        if now >= self._sweep_at or len(self._users) > s.max_tracked_users or len(self._texts) > s.max_tracked_texts:
            self._sweep_at = now + 5.0
            self._sweep(now)

    def _sweep(self, now: float) -> None:
        s = self.settings
        horizon = now - max(s.flood_seconds, s.repeat_seconds, s.wave_seconds)
        users = {u: st for u, st in self._users.items() if st[0] >= horizon or st[4] >= horizon}
        if len(users) > s.max_tracked_users:
            # Still too many: keep the most recently added three quarters (dicts keep insertion
            # order), so this runs rarely and without sorting.
            users = dict(itertools.islice(users.items(), len(users) - s.max_tracked_users * 3 // 4, None))
        self._users = users
        texts: dict[str, dict[str, float]] = {}
        for k, senders in self._texts.items():
            recent = {u: t for u, t in senders.items() if now - t <= s.wave_seconds}
            if recent:
                texts[k] = recent
        if len(texts) > s.max_tracked_texts:
            texts = dict(itertools.islice(texts.items(), len(texts) - s.max_tracked_texts * 3 // 4, None))
        self._texts = texts

    def _update_flood_limit(self, now: float) -> None:
        """A flood is `flood_vs_typical` times what the median viewer who is posting has posted in
        their current window (the median: flooders do not move it; a window is half over on
        average, so 6× the median is about three times a full window's worth)."""
        s = self.settings
        # A sample of about a thousand viewers tells the median as well as all of them, cheaply.
        sample = itertools.islice(self._users.values(), 0, None, max(1, len(self._users) // 1000))
        counts = sorted(st[1] for st in sample if now - st[0] <= s.flood_seconds)
        typical = counts[len(counts) // 2] if counts else 0
        self.flood_limit = max(s.flood_messages, math.ceil(s.flood_vs_typical * typical))

    @property
    def tracked(self) -> tuple[int, int]:
        return len(self._users), len(self._texts)

    def contacts(self, folded: str, skel: str) -> list[Detection] | None:
        # Every contact pattern needs a digit, a dot or 点: most comments have none and stop here.
        digits = _DIGITS.search(skel) is not None
        dotted = "." in folded or "点" in skel
        if not digits and not dotted:
            return None
        s = self.settings
        limit = max(CONTACT_SCAN_CHARS, s.max_length)
        folded, skel = folded[:limit], skel[:limit]
        out: list[Detection] = []
        action, escalates = s.contact_action, s.contact_escalates
        if digits:
            m = _PHONE.search(skel) or _PHONE.search(folded)
            if m:
                out.append(Detection("phone", action, _NAMES["phone"], m.group(0), escalates))
            m = _QQ.search(skel)
            if m:
                out.append(Detection("qq", action, _NAMES["qq"], m.group(0), escalates))
            # every match: "very good 薇信:abc12345" has a first one (at "v" of very) with no digit
            m = next((m for m in itertools.chain(_WECHAT.finditer(skel), _BARE_V.finditer(folded))
                      if any(ch.isdigit() for ch in m.group(1))), None)
            if m:
                out.append(Detection("wechat", action, _NAMES["wechat"], m.group(0), escalates))
        if dotted:
            m = _LINK.search(folded)
            if m:
                out.append(Detection("link", action, _NAMES["link"], m.group(0), escalates))
            elif "点com" in skel or "点cn" in skel:
                out.append(Detection("link", action, _NAMES["link"], "点com", escalates))
        return out or None

    def shape(self, text: str, folded: str) -> list[Detection] | None:
        s = self.settings
        n = len(text)
        bidi = BIDI_MARK in folded
        if n < 10 and not bidi:
            return None  # most comments: short, nothing to measure
        out: list[Detection] = []
        if n > s.max_length:
            out.append(Detection("length", s.length_action, _NAMES["length"], str(n)))
        if n >= 10 and not text.isascii():
            emoji = sum(map(len, _EMOJI.findall(text)))
            if emoji and emoji / n >= s.emoji_ratio:
                out.append(Detection("emoji", s.emoji_action, _NAMES["emoji"]))
            if _ZALGO.search(text):
                out.append(Detection("zalgo", s.zalgo_action, _NAMES["zalgo"]))
        if bidi:
            out.append(Detection("bidi", s.bidi_action, _NAMES["bidi"]))
        if n >= 12 and text.isascii():
            letters = len(_LETTER.findall(text))
            if letters >= 12 and len(_UPPER.findall(text)) / letters >= s.caps_ratio:
                out.append(Detection("caps", s.caps_action, _NAMES["caps"]))
        return out or None

    def behaviour(self, user: str, skel: str, now: float, *, intent: bool) -> list[Detection] | None:
        """Flooding, repeats and waves; O(1) per comment (this runs for every comment; callers run
        maybe_sweep() once per batch).

        A flood counts messages in a fixed window that restarts when it has passed: cheaper than
        a sliding window and just as good at catching someone who posts six times in ten seconds."""
        s = self.settings
        users = self._users
        state = users.get(user)
        if state is None:
            state = users[user] = [now, 0, "", 0, now]
        if now - state[0] > s.flood_seconds:
            state[0], state[1] = now, 1
        else:
            state[1] += 1
        out: list[Detection] | None = None
        if state[1] >= self.flood_limit:
            out = [Detection("flood", min(s.flood_action, Action.HIDE_LOCAL), _NAMES["flood"], str(state[1]))]
        if skel and not intent:
            if skel == state[2] and now - state[4] <= s.repeat_seconds:
                state[3] += 1
                if state[3] >= s.repeat_count:
                    (out := out or []).append(Detection("repeat", min(s.repeat_action, Action.HIDE_LOCAL),
                                                        _NAMES["repeat"], str(state[3])))
            else:
                state[2], state[3], state[4] = skel, 1, now
            if len(skel) >= s.wave_min_length:
                senders = self._texts.get(skel)
                if senders is None:
                    senders = self._texts[skel] = {}
                fresh = user not in senders
                senders[user] = now
                # The sweep drops senders older than the window every few seconds, so the size is
                # (nearly) the number of recent senders: no per-comment recount.
                if fresh and len(senders) >= s.wave_users:
                    (out := out or []).append(Detection("wave", s.wave_action, _NAMES["wave"], str(len(senders))))
        return out
