"""Crew seats respect each other's mutes and bans: two headless seats on one real Studio room, the
anchor's running the rules. A viewer's 引流 comment is on its way to the rules' mute (held at its
claim) while a moderator on the other seat mutes that viewer for 60 minutes from the viewer card:
the comment is still deleted, and the platform's mute still ends 60 minutes on — the rules seat
heard the mute on the room's events and sent no request for it. The same after a reload of the
rules seat's stream (what it heard is forgotten): it asks Studio once. A banned viewer gets no
mute; another seat's unmute drops the mute the rules had queued."""

from __future__ import annotations

import asyncio

import pytest

from anchor_console.moderation.enforcement import LIFTED_MEANWHILE, SILENCED_ALREADY, Step
from anchor_console.moderation.wordlists import Action
from anchor_console.room.commands import BanViewer, MuteViewer, UnmuteViewer
from support.studio import staff_token, studio_settings
from support.viewers import post
from support.waiting import until
from test_crew_seats import deletes_per_comment

NAMES = {"anchor": "王主播", "moderator": "张房管"}


async def crew_of_two(studio, session_factory, tmp_path):
    sessions = {}
    for role, name in NAMES.items():
        settings = studio_settings(studio)
        settings.operator_name = ""
        sessions[role] = await session_factory(settings, token=staff_token(studio, name, role), home=tmp_path / role)
    await until(lambda: all(len([p for p in s.crew.seats() if not p.gone]) == 2 for s in sessions.values()), 30,
                message="the seats did not see each other")
    await until(lambda: sum(s.crew.moderation.holds for s in sessions.values()) == 1, 15,
                message="no seat took the moderation lease")
    (rules,) = [s for s in sessions.values() if s.crew.moderation.holds]
    (other,) = [s for s in sessions.values() if s is not rules]
    return rules, other


class HeldClaims:
    """The rules seat's claims wait for the test: what another seat does meanwhile comes first."""

    def __init__(self, session) -> None:
        self.queue = session.desk.queue
        self._claim = self.queue.claim
        self.gate = asyncio.Event()
        self.queue.claim = self._held

    async def _held(self, comment):
        await self.gate.wait()
        return await self._claim(comment)

    async def waiting(self) -> None:
        await until(lambda: self.queue.in_flight == 1, 15, message="the rules did not take the comment")

    async def let_go(self) -> None:
        self.gate.set()
        await until(lambda: len(self.queue) == 0 and self.queue.in_flight == 0, 15,
                    message="the rules seat did not finish")
        self.gate.clear()


def card(studio, user_id: str) -> dict:
    with studio.client("anchor") as c:
        return c.get(f"/api/v1/rooms/{studio.room_id}/viewers/{user_id}").json()


def rule_mutes(session) -> list:
    return [e for e in session.journal.entries(limit=200) if e.kind in ("mute_viewer", "ban_viewer")]


def last_logged(session, comment_id: str):
    return [e for e in session.desk.modlog.entries if e.comment_id == comment_id][-1]


@pytest.mark.asyncio
async def test_the_rules_seat_respects_another_seats_mutes_and_bans(session_factory, studio_factory, tmp_path):
    studio = studio_factory("--demo", "--audience", "0")
    rules, other = await crew_of_two(studio, session_factory, tmp_path)
    rules.desk.enforcer.escalation.ladder = (Step(Action.MUTE, 10), Step(Action.MUTE, 60), Step(Action.BAN))
    claims = HeldClaims(rules)
    platform = rules.room.primary.platform
    asked = []
    get_viewer = platform.get_viewer

    async def counted(room_id, user_id):
        asked.append(user_id)
        return await get_viewer(room_id, user_id)

    platform.get_viewer = counted
    standings = rules.desk.enforcer.standings

    async def other_seat_does(command) -> None:   # as from its viewer card
        outcome = await other.room.perform(command, connection_id=other.room.primary.connection_id,
                                           actor=other.operator)
        assert outcome.ok
    heard_events = []
    rules.room.changed.connect(lambda conn, aspect, event: heard_events.append(event)
                               if event is not None and event.type == "viewer.updated" else None)

    async def rules_act_after(seat_does, text: str, nickname: str, *, reload: bool = False):
        """A viewer's 引流 comment; another seat acts on the viewer while the rules' mute is held."""
        viewer = await post(studio, text, nickname=nickname)
        await claims.waiting()
        user_id, comment_id = viewer["comment"]["user"]["id"], str(viewer["comment"]["id"])
        await other_seat_does(seat_does(user_id))
        await until(lambda: any(e.data["viewer"].id == user_id for e in heard_events), 10,
                    message="the rules seat did not hear the other seat's action")
        if reload:   # its stream reloaded (a resync): what it heard may be out of date, so it is forgotten
            await rules.room.reload(rules.room.primary.connection_id)
        await claims.let_go()
        return user_id, comment_id

    # The moderator's 60 minutes from the viewer card: the rule's 10 do not cut them short.
    user_id, comment_id = await rules_act_after(lambda uid: MuteViewer(uid, 3600), "加 薇❤信 abc_12340 便宜", "引流号一")
    assert deletes_per_comment(studio)[comment_id] == 1   # the comment is still deleted
    left = card(studio, user_id)["muted_until"] - rules.platform_clock.now()
    assert 3500 < left <= 3600, left
    assert rule_mutes(rules) == [] and asked == []   # heard on the room's events: nothing asked
    assert last_logged(rules, comment_id).detail == SILENCED_ALREADY

    # The same after the rules seat's stream was reloaded: asked of Studio once, then the same.
    user_id, comment_id = await rules_act_after(lambda uid: MuteViewer(uid, 3600), "加 薇❤信 abc_12341 便宜", "引流号二",
                                                reload=True)
    assert asked == [user_id]
    assert deletes_per_comment(studio)[comment_id] == 1
    assert 3500 < card(studio, user_id)["muted_until"] - rules.platform_clock.now() <= 3600
    assert rule_mutes(rules) == [] and last_logged(rules, comment_id).detail == SILENCED_ALREADY

    # Banned on the other seat: no mute follows.
    user_id, comment_id = await rules_act_after(BanViewer, "加 薇❤信 abc_12342 便宜", "引流号三")
    assert deletes_per_comment(studio)[comment_id] == 1
    assert card(studio, user_id)["banned"] and card(studio, user_id)["muted_until"] is None
    assert rule_mutes(rules) == [] and last_logged(rules, comment_id).detail == SILENCED_ALREADY

    # Unmuted on the other seat: the rules' mute decided before it is dropped, as after an unmute here.
    viewer = await post(studio, "加 薇❤信 abc_12343 便宜", nickname="引流号四")
    await claims.waiting()
    user_id, comment_id = viewer["comment"]["user"]["id"], str(viewer["comment"]["id"])
    for command in (MuteViewer(user_id, 600), UnmuteViewer(user_id)):
        await other_seat_does(command)
    await until(lambda: [e.data["change"] for e in heard_events if e.data["viewer"].id == user_id]
                == ["muted", "unmuted"], 10, message="the rules seat did not hear the unmute")
    await claims.let_go()
    assert deletes_per_comment(studio)[comment_id] == 1
    assert card(studio, user_id)["muted_until"] is None and rule_mutes(rules) == []
    assert last_logged(rules, comment_id).detail == LIFTED_MEANWHILE

    # Nobody else acted: the rule's own mute goes out as decided (and is heard back, not taken for a lift).
    viewer = await post(studio, "加 薇❤信 abc_12344 便宜", nickname="引流号五")
    await claims.waiting()
    await claims.let_go()
    user_id = viewer["comment"]["user"]["id"]
    assert [(e.kind, e.params["seconds"]) for e in rule_mutes(rules)] == [("mute_viewer", 600)]
    assert 500 < card(studio, user_id)["muted_until"] - rules.platform_clock.now() <= 600
    await until(lambda: standings.silenced_at_least(_comment_of(rules, viewer), Action.MUTE, 9), 10)


def _comment_of(session, viewer):
    return next(r.comment for r in session.desk.recent if r.comment.id == str(viewer["comment"]["id"]))

