"""How the console names a seat's role and its staff member: the role's title in the interface
language ("Assistant" / "场控"), and that title, too, for a staff account that has no name of its
own — one Studio seeded with its bilingual "场控 Assistant", said twice in either language and
cut to "场控 …" in the journal. The names stay as they are in Studio and in the journals."""

from __future__ import annotations

from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.ui.common.i18n import tr_text

ROLE_TITLES = {"anchor": QT_TRANSLATE_NOOP("CrewPanel", "Anchor"),
               "assistant": QT_TRANSLATE_NOOP("CrewPanel", "Assistant"),
               "moderator": QT_TRANSLATE_NOOP("CrewPanel", "Moderator"),
               "viewer": QT_TRANSLATE_NOOP("CrewPanel", "Viewer")}

# The names Studio gives the staff accounts it seeds in a new database, by role
# (studio/services/accounts.py DEFAULT_STAFF; tests/ui/test_crew_ui.py keeps the two in step).
STUDIO_SEED_NAMES = {"主播 Anchor": "anchor", "场控 Assistant": "assistant", "房管 Moderator": "moderator"}


def role_title(role: str | None) -> str:
    """A role as a title ("Assistant"); a role this console does not know, as the platform says it."""
    title = ROLE_TITLES.get(role or "")
    return tr_text(title) if title is not None else (role or "")


def staff_name_text(name: str, role: str | None = None) -> str:
    """A staff member as the console shows them: their own name, else their role's title."""
    seeded = STUDIO_SEED_NAMES.get(name.strip())
    if seeded is not None:
        return role_title(seeded)
    if not name.strip() and role:
        return role_title(role)
    return name
