"""The Connections dialog's subject for tests: two shops on an address nothing answers, and the
dialog open over a keyring whose unlock prompt has not been answered yet."""

from __future__ import annotations

from anchor_console.session.settings import ConnectionSettings, Settings
from anchor_console.session.tokens import SERVICE
from support.manual_sleep import ManualSleep
from support.window import open_connections

NOWHERE = "http://127.0.0.1:9"   # the dialog is the subject: nothing needs to answer


def two_shops() -> Settings:
    return Settings(connections=[ConnectionSettings(id="c1", name="Shop A", url=NOWHERE, room_id="r1"),
                                 ConnectionSettings(id="second", name="备用直播间", url=NOWHERE, room_id="r2")])


async def dialog_over_an_unanswered_keyring(console_factory, backend):
    """The two shops' console (c1's token in `backend`, a PromptUnanswered keyring), its sleep on the
    test's time — the dialog's patience — and Connections open: (console, session, sleep, dialog)."""
    backend.store[(SERVICE, "c1")] = "token-a"
    console = await console_factory(two_shops(), wait_loaded=False)
    session = console.session
    session.sleep = sleep = ManualSleep()
    return console, session, sleep, open_connections(console)
