"""Replaying a recorded comment log into a rehearsal room: a log over the limit is refused without
being read whole, an unreadable one is named, a good one reaches the room's platform as it is."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from anchor_console.session import rehearsal_room
from anchor_console.session.rehearsal_room import RehearsalRoom


class Platform:
    def __init__(self) -> None:
        self.replayed: list[tuple[str, bytes, float]] = []

    async def replay_comments(self, room_id: str, data: bytes, *, speed: float) -> None:
        self.replayed.append((room_id, data, speed))


def in_rehearsal(platform: Platform) -> tuple[RehearsalRoom, list]:
    notices = []
    session = SimpleNamespace(notify=lambda text, *args: notices.append(text.english()))
    rehearsal = RehearsalRoom(session)
    rehearsal.room = SimpleNamespace(primary=SimpleNamespace(platform=platform, room_id="r1"))
    return rehearsal, notices


@pytest.mark.asyncio
async def test_a_log_over_the_limit_is_refused_after_reading_only_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(rehearsal_room, "MAX_LOG_BYTES", 10)
    read = []
    real = rehearsal_room._read_at_most
    monkeypatch.setattr(rehearsal_room, "_read_at_most", lambda path, limit: read.append(limit) or real(path, limit))
    (tmp_path / "big.jsonl").write_bytes(b"x" * 1000)
    platform = Platform()
    rehearsal, notices = in_rehearsal(platform)
    await rehearsal.replay(tmp_path / "big.jsonl")
    assert read == [11] and platform.replayed == []
    assert notices == ["The comment log is larger than 100 MB."]


@pytest.mark.asyncio
async def test_an_unreadable_log_is_named_and_a_good_one_is_played_as_it_is(tmp_path):
    platform = Platform()
    rehearsal, notices = in_rehearsal(platform)
    await rehearsal.replay(tmp_path / "missing.jsonl")
    assert notices and notices[0].startswith("The comment log could not be read:")
    (tmp_path / "log.jsonl").write_bytes(b'{"t": 0, "text": "hi"}\n')
    await rehearsal.replay(tmp_path / "log.jsonl", speed=2.0)
    assert platform.replayed == [("r1", b'{"t": 0, "text": "hi"}\n', 2.0)]
