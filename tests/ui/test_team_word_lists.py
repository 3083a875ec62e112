"""Team word lists from the word-lists dialog: on a Studio room run by a crew, the anchor's seat
shares its lists with every seat (Studio keeps them, each seat applies them live — the seats'
side is tested in tests/session/test_crew_seats.py); a seat whose role may not is refused before
the click, with the reason."""

from __future__ import annotations

import httpx
import pytest

from support.screenshots import save_shot
from support.studio import on_demo_studio
from support.waiting import until


async def dialog_on_crew_seat(console_factory, studio_factory, role: str):
    from anchor_console.ui.comments.word_lists_dialog import WordListsDialog

    studio, console = await on_demo_studio(console_factory, studio_factory, role)
    session = console.session
    await until(lambda: session.crew.active and session.crew.allowed is not None, 20,
                message="the console did not take its seat")
    dialog = WordListsDialog(console.window, session.desk)
    dialog.open()
    return studio, session, dialog


@pytest.mark.asyncio
async def test_the_anchor_shares_the_lists_with_the_team(console_factory, studio_factory):
    studio, session, dialog = await dialog_on_crew_seat(console_factory, studio_factory, "anchor")
    assert dialog.team.isEnabled()
    session.desk.lists.group("diversion").words.append("团队词")
    dialog.team.click()
    await until(lambda: "Every seat" in dialog.result.text(), 10, message="the lists were not shared")
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers("moderator")) as c:
        team = (await c.get("/api/v1/word-lists")).json()
    assert "团队词" in str(team)
    dialog.close()


@pytest.mark.asyncio
async def test_a_role_that_may_not_is_refused_before_the_click(console_factory, studio_factory):
    from anchor_console.moderation.wordlists import lists_to_dict
    from anchor_console.ui.comments.word_lists_dialog import WordListsDialog

    studio, session, dialog = await dialog_on_crew_seat(console_factory, studio_factory, "assistant")
    assert not dialog.team.isEnabled() and "assistant" in dialog.team.toolTip()
    assert not hasattr(dialog, "team_note")   # this computer's lists: nothing to say
    dialog.close()
    # Once the anchor has shared lists, this seat's dialog says they are the team's (not saved here).
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers("anchor")) as c:
        r = await c.put("/api/v1/word-lists", json={"lists": lists_to_dict(session.desk.lists)})
    assert r.status_code == 200, r.text
    await until(lambda: session.desk.team_lists, 10, message="the team's lists did not reach this seat")
    dialog = WordListsDialog(dialog.parent(), session.desk)
    dialog.open()
    assert dialog.team_note.isVisibleTo(dialog) and "team's lists" in dialog.team_note.text()
    save_shot(dialog, "word-lists-team")
    dialog.close()
