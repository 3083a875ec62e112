"""The buyers' questions on the anchor's presenter view, as the moderator sends them and the room
asks them, against a real Studio."""

from __future__ import annotations

import pytest

from support.studio import on_demo_studio
from support.viewers import post
from support.waiting import until
from support.window import comments_of, show_of


@pytest.mark.asyncio
async def test_the_presenter_puts_the_questions_about_the_product_on_stage_first(console_factory, studio_factory):
    """The anchor talks about the product on stage: what buyers ask about it comes first on the
    presenter view, above a question asked more often about the product shown before."""
    from support.window import shelf_of

    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    window, room = console.window, console.session.room
    desk = window.session.desk
    first = room.state.stage_product_id
    for i in range(4):
        await post(studio, "尺码偏大吗", nickname=f"前{i}")
    await until(lambda: desk.total == 4)
    shelf = shelf_of(window)
    other = next(it.product_id for it in room.state.shelf if it.on_sale and it.product_id != first)
    shelf.select_product(other)
    shelf.toggle_stage()
    await until(lambda: room.state.stage_product_id == other, 20, message="not on stage")
    for i in range(2):
        await post(studio, "能机洗吗", nickname=f"后{i}")
    await until(lambda: desk.total == 6)
    presenter = show_of(window).open_presenter()
    presenter.render_questions()
    lines = presenter.questions.text().splitlines()
    assert lines[0].startswith("能机洗吗") and lines[1].startswith("尺码偏大吗"), lines
    presenter.close()


@pytest.mark.asyncio
async def test_a_want_to_buy_group_sent_to_the_presenter_shows_there(console_factory, studio_factory):
    """The Buyer questions tab lists "Want to buy" groups too; one sent to the presenter view is on
    the anchor's screen like a question sent there."""
    from support.window import choose

    studio, console = await on_demo_studio(console_factory, studio_factory, "moderator")
    window = console.window
    questions = comments_of(window).questions
    for i in range(3):
        await post(studio, "想要给我留一件", nickname=f"要{i}")
    await until(lambda: questions.desk.total == 3)
    choose(questions.kind, "intent")
    await until(lambda: questions.model.groups, message="no want-to-buy group")
    questions.view.selectRow(0)
    questions.send_to_presenter()
    presenter = show_of(window).open_presenter()
    presenter.render_questions()
    assert presenter.questions.text().startswith("想要给我留一件  ×3"), presenter.questions.text()
    presenter.close()
