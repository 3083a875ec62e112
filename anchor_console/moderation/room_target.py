"""Moderation's view of the live room the comment desk follows: its deletions, mutes and bans
as journalled commands on the room, refused in words when the desk has moved on to another room."""

from __future__ import annotations

from typing import TYPE_CHECKING

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.models import Comment, Viewer
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.moderation.enforcement import ActedBy
from anchor_console.room.commands import (
    BanViewer, Command, DeleteComment, HideComment, MuteViewer, UnbanViewer, UnmuteViewer, said_of,
)
from anchor_console.room.journal import MODERATION, RULES
from anchor_console.room.live_room import LiveRoom

if TYPE_CHECKING:
    from anchor_console.moderation.desk import CommentDesk


class RoomTarget:
    """Moderation's view of one live room: capabilities per connection, actions as journalled
    commands under the acting person's name (origin MODERATION), or the rule's (origin RULES). The desk makes one per room it follows;
    an action already under way when the desk moves on keeps its target, which then refuses:
    the old room's comment and viewer ids must never be acted on in the new room."""

    def __init__(self, desk: "CommentDesk", room: LiveRoom | None) -> None:
        self.desk = desk
        self.room = room

    def _current(self) -> LiveRoom | None:
        """The desk's room, if it is still this target's (the same room, perhaps reconnected)."""
        room = self.desk.room
        return room if room is not None and self.room is not None and room.room_key == self.room.room_key else None

    def supports(self, capability: Capability, connection_id: str) -> bool:
        return self.room is not None and self.room.supports(capability, connection_id)

    def platform_name(self, connection_id: str) -> str:
        return self.room.platform_name(connection_id) if self.room is not None else connection_id

    async def _perform(self, command: Command, comment: Comment, by: ActedBy) -> None:
        room = self._current()
        if room is None:
            raise PlatformRefused(QT_TRANSLATE_NOOP("Moderation", "not connected to a room") if self.room is None
                                  else QT_TRANSLATE_NOOP("Moderation", "the console follows another room now"))
        # A rule's own action is journalled under the rule's name and kept apart from a person's: a
        # busy show's hundreds of automatic deletions must not read as the assistant's.
        outcome = await room.perform(command, connection_id=comment.connection_id,
                                     origin=RULES if by.rule else MODERATION, actor=by.name)
        if not outcome.ok:
            refusal = outcome.refusal()
            raise PlatformRefused(next((r for _, r in outcome.reasons()), None), kind=refusal.get("error", "error"),
                                  retryable=bool(refusal.get("retryable")), retry_after=refusal.get("retry_after"))

    async def delete_comment(self, comment: Comment, reason: str, *, by: ActedBy) -> None:
        await self._perform(DeleteComment(comment.id, said_of(comment.nickname, comment.text)), comment, by)

    async def hide_comment(self, comment: Comment, reason: str, *, by: ActedBy) -> None:
        await self._perform(HideComment(comment.id, said_of(comment.nickname, comment.text)), comment, by)

    async def mute_viewer(self, comment: Comment, seconds: int, reason: str, *, by: ActedBy) -> None:
        await self._perform(MuteViewer(comment.user_id, seconds, comment.nickname), comment, by)

    async def unmute_viewer(self, comment: Comment, reason: str, *, by: ActedBy) -> None:
        await self._perform(UnmuteViewer(comment.user_id, comment.nickname), comment, by)

    async def ban_viewer(self, comment: Comment, reason: str, *, by: ActedBy) -> None:
        await self._perform(BanViewer(comment.user_id, comment.nickname), comment, by)

    async def unban_viewer(self, comment: Comment, reason: str, *, by: ActedBy) -> None:
        await self._perform(UnbanViewer(comment.user_id, comment.nickname), comment, by)

    async def viewer_standing(self, comment: Comment) -> Viewer:
        """The platform's word on the viewer now (a read: not journalled), from the desk's room only."""
        room = self._current()
        binding = room.binding(comment.connection_id) if room is not None else None
        if binding is None:
            raise PlatformRefused(QT_TRANSLATE_NOOP("Moderation", "the console follows another room now"))
        return await binding.platform.get_viewer(binding.room_id, comment.user_id)

    def hide_locally(self, comment: Comment) -> None:
        if self._current() is not None:   # else the comment is the old room's, not in this desk any more
            self.desk.hidden_here(comment)

    def removal_settled(self, comment: Comment, *, removed: bool) -> None:
        if self._current() is not None:   # else the comment is the old room's, not in this desk any more
            self.desk.removal_settled(comment, removed=removed)


class PlatformRefused(Exception):
    """The room's answer to a moderation request was no; `kind`, `retryable` and `retry_after`
    are the platform's refusal as the journal kept it (enforcement retries passing ones)."""

    def __init__(self, message: Text | None, *, kind: str = "error", retryable: bool = False,
                 retry_after: float | None = None) -> None:
        self.message = message or QT_TRANSLATE_NOOP("Moderation", "the platform refused")
        self.kind = kind
        self.retryable = retryable
        self.retry_after = retry_after
        super().__init__(self.message.english())
