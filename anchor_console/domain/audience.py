"""Studio's simulated audience as the console and Studio both speak of it: how many comments a
second it may be asked for, and how many it sends by default (the demo room, the rehearsal room)."""

from __future__ import annotations

MAX_COMMENTS_PER_S = 5000        # what Studio's audience takes (PUT …/audience; the settings' bound)
DEFAULT_COMMENTS_PER_S = 20.0    # the bundled Studio's demo room and a new rehearsal room
