"""The room's video as the platform follows it — Studio on Tencent Cloud Live, from the push/stop
callbacks and DescribeLiveStreamState (see anchor_console/studio/tencent_live) — for the console:
the line the header shows ("stream is live", "stream dropped — since 12:03:15", "stream
forbidden by the platform") and, because a label alone is easy to miss mid-show, a notice when
the stream drops or is forbidden while the room is live, withdrawn when the stream is back.

This is about the anchor's video reaching the platform, not the console's connection to the
platform (that is RoomState.stream_status)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from anchor_console.domain.events import Event, Subscription
from anchor_console.domain.models import RoomStatus, RoomVideo, VideoState
from anchor_console.domain.notice import Level, Notice
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.room.live_room import LiveRoom
from anchor_console.room.room_state import Aspect

NOTICE_KEY = "video:"


@dataclass(frozen=True, slots=True)
class VideoLine:
    """What the header shows: the words, their tone ("ok", "warn", "bad", "quiet"), the tooltip."""
    text: Text
    tone: str
    tooltip: Text
    state: VideoState


def clock_time(epoch_s: float) -> str:
    """This computer's clock time of `epoch_s`, to the second (the moment the stream dropped)."""
    return dt.datetime.fromtimestamp(epoch_s).strftime("%H:%M:%S")


def video_line(video: RoomVideo | None) -> VideoLine | None:
    if video is None:
        return None
    at = clock_time(video.since)
    if video.state is VideoState.LIVE:
        text = QT_TRANSLATE_NOOP("StreamVideo", "stream is live")
        tip = QT_TRANSLATE_NOOP("StreamVideo", "The anchor's video reaches the platform (since {time}).")
        return VideoLine(text, "ok", tip.fill(time=at), video.state)
    if video.state is VideoState.DROPPED:
        text = QT_TRANSLATE_NOOP("StreamVideo", "stream dropped — since {time}")
        tip = QT_TRANSLATE_NOOP("StreamVideo", "The platform stopped receiving the anchor's video at {time}; viewers see no picture. Check OBS and the network.")  # noqa: E501
        return VideoLine(text.fill(time=at), "bad", tip.fill(time=at), video.state)
    if video.state is VideoState.FORBIDDEN:
        text = QT_TRANSLATE_NOOP("StreamVideo", "stream forbidden by the platform")
        tip = QT_TRANSLATE_NOOP("StreamVideo", "The platform forbids this stream (since {time}); see the platform's console for why.")  # noqa: E501
        return VideoLine(text, "bad", tip.fill(time=at), video.state)
    text = QT_TRANSLATE_NOOP("StreamVideo", "no stream")
    tip = QT_TRANSLATE_NOOP("StreamVideo", "No video is being pushed (since {time}).")
    return VideoLine(text, "quiet", tip.fill(time=at), video.state)


class StreamVideo:
    """Follows the room of the moment (`set_room`); `changed` says the line changed (VideoLine or None)."""

    def __init__(self, notices: Event, resolved: Event) -> None:
        self._notices = notices
        self._resolved = resolved
        self._room: LiveRoom | None = None
        self._room_heard = Subscription()
        self._shown: tuple | None = None
        self._noticed = False
        self.changed = Event("stream_video.changed")

    def set_room(self, room: LiveRoom | None) -> None:
        self._room = room
        self._room_heard.follow(room.changed if room is not None else None, self._on_room_changed)
        self._shown = None
        self._update()

    def line(self) -> VideoLine | None:
        return video_line(self.video())

    def video(self) -> RoomVideo | None:
        """The room's video: the primary connection's, else the first connection that follows it."""
        room = self._room
        if room is None:
            return None
        states = [room.state, *room.states.values()]
        return next((s.room.video for s in states if s.room is not None and s.room.video is not None), None)

    def _on_room_changed(self, connection_id: str, aspect: Aspect, event) -> None:
        if aspect is Aspect.ROOM or aspect is Aspect.RESYNC:
            self._update()

    def _update(self) -> None:
        video = self.video()
        room = self._room.state.room if self._room is not None else None
        live = room is not None and room.status is RoomStatus.LIVE
        shown = (video.state, video.since, live) if video is not None else None
        if shown == self._shown:
            return
        line_changed = (self._shown or (None, None))[:2] != (shown or (None, None))[:2]
        self._shown = shown
        self._notice(video, live)
        if line_changed:
            self.changed.emit(video_line(video))

    def _notice(self, video: RoomVideo | None, live: bool) -> None:
        """A dropped or forbidden stream in a live room is told once (the notice stays until the
        stream is back or the room is no longer live); then the notice goes."""
        if video is not None and live and video.state in (VideoState.DROPPED, VideoState.FORBIDDEN):
            at = clock_time(video.since)
            if video.state is VideoState.DROPPED:
                text = QT_TRANSLATE_NOOP("StreamVideo", "Stream dropped at {time}: check OBS and the network.")
            else:
                text = QT_TRANSLATE_NOOP("StreamVideo", "The platform forbids the stream (since {time}).")
            self._noticed = True
            self._notices.emit(Notice(text.fill(time=at), Level.ERROR if video.state is VideoState.FORBIDDEN else Level.WARNING,
                                      key=NOTICE_KEY + "stream"))
        elif self._noticed:
            self._noticed = False
            self._resolved.emit(NOTICE_KEY)
