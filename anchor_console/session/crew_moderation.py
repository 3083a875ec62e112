"""One auto-moderation seat per room, and the team's word lists (no Qt).

The room's moderation lease (Studio, a few seconds long, renewed every LEASE_RENEW_S by its holder)
names the seat whose automatic rules act; every other seat's desk only marks (its verdicts are
computed and shown). A seat that disappears stops renewing; within a few seconds another seat
that wants to act gets the lease. Before each automatic action (holding a comment for review
too) the desk claims the comment on Studio: the first claim wins and only the lease holder may
claim, so no comment is acted on twice — not by a seat that took the lease over, nor by a seat cut
off while it still thought it held the lease. The acting seat knows the other seats' mutes and bans
(the room's events; asked of Studio where those do not cover a viewer): its rules never cut another
seat's longer mute short, nor mute a banned viewer, and another seat's unmute drops its queued ones. A hold stays the holder's: the other seats show the
comment with the rules' mark, and a reviewer's approval or rejection happens on the holder's seat.

Team word lists live in Studio (the anchor edits them: `publish_word_lists`); every seat on the
room applies them at once when they change. A console without a crew (a single seat, another
platform) keeps its own lists."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from anchor_console.domain.events import Event
from anchor_console.domain.models import Comment
from anchor_console.moderation.desk import CommentDesk, CommentState, RulesMode
from anchor_console.moderation.wordlists import Action, lists_from_dict, lists_to_dict
from anchor_console.platforms.errors import PlatformError
from anchor_console.platforms.studio_crew import LeaseInfo, StudioCrew

if TYPE_CHECKING:
    from anchor_console.session.seats import CrewSeats

log = logging.getLogger("anchor_console.session.crew_moderation")
LEASE_RENEW_S = 1.0
CATCH_UP_S = 60.0          # how far back a seat that takes the lease over looks for comments left alone
CATCH_UP_COMMENTS = 500
CLAIM_ACTION = "auto"


class CrewModeration:
    def __init__(self, seats: CrewSeats) -> None:
        self.seats = seats
        self.desk: CommentDesk | None = None
        self.lease: LeaseInfo | None = None     # the room's lease as last heard
        self.holds = False                      # this seat runs the automatic rules
        self.team_version = 0                   # the team lists applied (0: none, the local lists)
        self._local_groups: list | None = None  # this computer's lists, while the team's are in force
        self.lease_changed = Event("crew.lease_changed")            # (LeaseInfo | None, holds: bool)
        self.word_lists_changed = Event("crew.word_lists_changed")  # (version, staff name)

    def attach_desk(self, desk: CommentDesk) -> None:
        self.desk = desk

    def attached(self, link: StudioCrew | None) -> None:
        """A room with a crew (`link`): the desk acts only while this seat holds the lease, and
        claims each comment first. None: the desk acts alone, as the operator chose."""
        self.team_version = 0
        self._set_holds(None, holds=False)
        self._restore_local_lists()
        if self.desk is not None:
            self.desk.acting_seat = link is None
            self.desk.awaiting_lease = link is not None   # until the first lease answer (`_set_holds`)
            self.desk.queue.claim = (lambda comment: self._claim(link, comment)) if link is not None else None
            self.desk.claim_holds = (lambda comments: self._claim_holds(link, comments)) if link is not None else None
            self._follow_standings(link)

    def _follow_standings(self, link: StudioCrew | None) -> None:
        """Other seats' mutes and bans: the crew's platform tells every seat of them (its
        `viewer.updated` events, on its clock), so the rules here do not cut a moderator's longer
        mute short; a viewer its events do not cover is asked about once (moderation/standing.py)."""
        standings = self.desk.enforcer.standings
        standings.followed = set()
        if link is not None and self.seats.room is not None:   # the crew's platform: the room's primary
            standings.platform_now = self.seats.times.now_for
            standings.followed = {self.seats.room.primary.connection_id}

    async def run(self, link: StudioCrew) -> None:
        await self._apply_team_lists(link)
        while True:
            await self._renew(link)
            await self.seats.sleep(LEASE_RENEW_S)   # the session's time, as the heartbeats

    async def _renew(self, link: StudioCrew) -> None:
        if self.desk is None or self.desk.rules_mode is not RulesMode.ACT:
            self._set_holds(self.lease, holds=False)   # testing or only marking: this seat does not act
            return
        try:
            lease = await link.acquire_lease(self.seats.seat_id)
        except PlatformError as exc:   # unsure whether we still hold it: mark only (claims guard the rest)
            log.info("moderation lease: %s", exc.detail)
            self._set_holds(self.lease, holds=False)
            return
        self._set_holds(lease, holds=lease.granted)

    def _set_holds(self, lease: LeaseInfo | None, *, holds: bool) -> None:
        gained = holds and not self.holds
        if self.desk is not None and self.seats.link is not None:
            self.desk.lease_settled(holds)
        changed = holds != self.holds or (lease and lease.seat_id) != (self.lease and self.lease.seat_id)
        self.lease, self.holds = lease, holds
        if changed:
            self.lease_changed.emit(lease, holds)
        if gained:
            self._catch_up()

    def _catch_up(self) -> None:
        """Newly the acting seat: the recent comments the rules would have acted on and nobody has
        (the last seat fell silent, or none held the lease yet) are acted on now; the claims keep
        any the previous seat did act on from a second action."""
        desk = self.desk
        if desk is None:
            return
        since = desk.clock.now() - CATCH_UP_S
        for record in list(desk.recent)[-CATCH_UP_COMMENTS:]:
            verdict = record.verdict
            if (verdict is not None and record.state is CommentState.SHOWN and verdict.action >= Action.HOLD
                    and not verdict.exempt and not verdict.dry_run and record.comment.created_at >= since
                    and desk.in_this_room(record.comment)):
                if verdict.action == Action.HOLD:   # held for review here once claimed: not if the last seat held it
                    desk.hold(record)
                    continue
                record.state = CommentState.DELETING
                desk.queue.submit(record.comment, verdict)

    async def _claim(self, link: StudioCrew, comment: Comment) -> bool | None:
        """May this seat act on it (the queue's `claim`)? None: Studio could not be asked."""
        try:
            granted = await link.claim(self.seats.seat_id, comment.id, CLAIM_ACTION)
        except PlatformError as exc:
            log.info("moderation claim of %s: %s", comment.id, exc.detail)
            return None   # at most once: unsure means not on the platform (the queue hides it here)
        # An answer that comes after the seat left that room is about none of this room's comments.
        if not granted and self.desk is not None and self.seats.link is link:
            record = self.desk.by_id.get((comment.connection_id, comment.id))
            if record is not None and record.state is CommentState.DELETING:
                self.desk.set_state(comment, CommentState.SHOWN)   # the acting seat's change will follow
        return granted

    async def _claim_holds(self, link: StudioCrew, comments: list[Comment]) -> set[str]:
        """The ids of `comments` this seat may hold for review (one request for a wave of holds)."""
        try:
            return await link.claim_many(self.seats.seat_id, [c.id for c in comments], CLAIM_ACTION)
        except PlatformError as exc:
            log.info("moderation claim of %d held comments: %s", len(comments), exc.detail)
            return set()   # at most once: unsure means not here (they are shown with their mark)

    def on_event(self, kind: str, data: dict) -> None:
        if kind == "moderation_lease.changed":
            lease: LeaseInfo = data["lease"]
            ours = lease.seat_id == self.seats.seat_id
            if not ours and self.holds:   # it moved on (we were silent too long): stop acting at once
                self._set_holds(lease, holds=False)
            elif not ours:
                self.lease = lease
                self.lease_changed.emit(lease, False)
        elif kind == "word_lists.changed" and self.seats.link is not None:
            self.seats._spawn(self._apply_team_lists(self.seats.link), name="team-word-lists")

    # ------------------------------------------------------------------ team word lists

    async def _apply_team_lists(self, link: StudioCrew) -> None:
        try:
            answer = await link.word_lists()
        except PlatformError as exc:
            log.info("team word lists: %s", exc.detail)
            return
        version, raw = int(answer.get("version") or 0), answer.get("lists")
        if not raw or version <= self.team_version or self.desk is None:
            return
        try:
            team = lists_from_dict(raw)
        except (KeyError, ValueError, TypeError) as exc:
            log.warning("the team's word lists are not readable (%s); the local ones stay", exc)
            return
        lists = self.desk.lists
        if not self.desk.team_lists:
            self._local_groups, self.desk.team_lists = lists.groups, True
        lists.groups = team.groups
        self.desk.list_edits.changed()   # built in a worker and swapped in; not saved here (`team_lists`)
        self.team_version = version
        self.word_lists_changed.emit(version, str(answer.get("staff_name", "")))

    def _restore_local_lists(self) -> None:
        """Off the crew's room: this computer's own lists are in force again."""
        if self.desk is None or not self.desk.team_lists:
            return
        local, self._local_groups, self.desk.team_lists = self._local_groups, None, False
        if local is not None:
            self.desk.lists.groups = local
            self.desk.list_edits.changed()   # built in a worker and swapped in (and saved: they are this computer's)

    async def publish_word_lists(self) -> bool:
        """Make this seat's lists the team's (the anchor's role only: `may("edit_team_word_lists")`)."""
        link = self.seats.link
        if link is None or self.desk is None:
            return False
        answer = await link.set_word_lists(lists_to_dict(self.desk.lists))
        self.team_version = max(self.team_version, int(answer.get("version") or 0))
        return True
