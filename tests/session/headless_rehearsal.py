"""A headless rehearsal: a ConsoleSession, no window and no Qt, rehearses a show against a Studio
room at up to 10× while the simulated audience comments, the shipped rules moderating it. The
"operator" here presses GO on every confirm cue, fires manual cues and moves to the next segment
when the current one's time is up. Prints one JSON line with what happened; PySide6 must never
have been imported.

    python tests/session/headless_rehearsal.py URL TOKEN ROOM_ID SHOW_FILE HOME [--speed 10] [--rate 500]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from anchor_console.domain.events import Event  # noqa: E402
from anchor_console.session.console import ConsoleSession  # noqa: E402
from anchor_console.session.paths import Paths  # noqa: E402
from anchor_console.session.settings import ConnectionSettings, Settings  # noqa: E402
from anchor_console.show.model import StartFlashSale  # noqa: E402
from anchor_console.show.timeline_types import RunPhase  # noqa: E402


class NoKeyring:
    """The child must not touch a real keychain: tokens are given on the command line."""

    persistent = False

    def __init__(self, token: str) -> None:
        self.token = token
        self.unavailable = Event("tokens.unavailable")   # never: there is no keyring to lose
        self.unsaved_changed = Event("tokens.unsaved_changed")   # never: nothing is offered to a keyring
        self.unsaved: list[str] = []

    def get(self, connection_id):
        return self.token

    async def read(self, connection_id):
        return self.token

    def set_session_only(self, connection_id, token):
        pass


async def operate(session: ConsoleSession, deadline: float) -> dict:
    """Play the operator until the show ends (or the deadline passes)."""
    runner = session.show
    pressed: set[str] = set()
    while runner.engine is not None and runner.engine.phase is RunPhase.LIVE and time.monotonic() < deadline:
        snap = runner.engine.snapshot()
        for view in (*snap.awaiting, *snap.manual):
            if view.cue_id not in pressed:
                pressed.add(view.cue_id)
                (runner.confirm if view in snap.awaiting else runner.fire)(view.cue_id)
        if snap.remaining_s is not None and snap.remaining_s <= 0:
            runner.next()
        await asyncio.sleep(0.05)
    return {"pressed": len(pressed)}


async def main(args: argparse.Namespace) -> dict:
    import httpx

    settings = Settings(connections=[ConnectionSettings(id="studio", name="Studio", url=args.url,
                                                        room_id=args.room_id)], operator_name="headless")
    session = ConsoleSession(settings, Paths.for_user({"ANCHOR_CONSOLE_HOME": args.home}), tokens=NoKeyring(args.token))
    await session.start()
    try:
        while session.room is None or not session.room.state.loaded:
            await asyncio.sleep(0.05)
        async with httpx.AsyncClient(base_url=args.url, timeout=30,
                                     headers={"Authorization": f"Bearer {args.token}"}) as client:
            r = await client.put(f"/api/v1/rooms/{args.room_id}/audience",
                                 json={"enabled": True, "comments_per_s": args.rate, "viewers": 20_000})
            r.raise_for_status()
            assert session.show.load(Path(args.show))
            # The audience buys all along: the flash sales' SKUs get stock to spare, so the cues
            # are judged on firing once, not on what the simulated buyers left.
            for _, cue in session.show.show.all_cues():
                if isinstance(cue.action, StartFlashSale):
                    r = await client.patch(f"/api/v1/skus/{cue.action.sku_id}", json={"stock": 100_000})
                    r.raise_for_status()
            started = time.monotonic()
            session.show.start(rehearse=True, speed=args.speed)
            operated = await operate(session, started + args.limit)
            took = time.monotonic() - started
            await client.put(f"/api/v1/rooms/{args.room_id}/audience", json={"enabled": False})
            server_comments = (await client.get(f"/api/v1/rooms/{args.room_id}/stats")).json()
        await asyncio.sleep(1.0)  # the stream's tail reaches the desk
        engine = session.show.engine
        cues = {cue.id: engine.cue_state(cue.id).name for _, cue in engine.show.all_cues()}
        failed = {v.cue_id: v.reason.english() if v.reason else "" for v in engine.snapshot().cues
                  if v.cue_id in cues and cues[v.cue_id] != "SUCCEEDED"}
        entries = session.journal.entries(limit=100_000)
        by_key: dict[str, int] = {}
        for e in entries:
            if e.action_key:
                by_key[e.action_key] = by_key.get(e.action_key, 0) + 1
        return {
            "phase": engine.phase.name, "took_s": round(took, 1), **operated, "cues": cues, "not_succeeded": failed,
            "cue_actions": sum(1 for e in entries if e.origin.startswith("cue:")),
            "cue_actions_doubled": sum(1 for n in by_key.values() if n > 1),
            "cue_actions_confirmed": sum(1 for e in entries if e.origin.startswith("cue:") and e.status == "confirmed"),
            "comments_taken": session.desk.total, "server_stats": server_comments,
            "moderation_logged": len(session.desk.modlog.entries),
            "moderation_journalled": sum(1 for e in entries if e.origin in ("moderation", "rules")),
            "pyside_imported": any(m.split(".")[0] in ("PySide6", "shiboken6", "qasync") for m in sys.modules),
        }
    finally:
        await session.shutdown()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    for name in ("url", "token", "room_id", "show", "home"):
        parser.add_argument(name)
    parser.add_argument("--speed", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=500.0)
    parser.add_argument("--limit", type=float, default=400.0, help="seconds before giving up")
    result = asyncio.run(main(parser.parse_args()))
    print(json.dumps(result, ensure_ascii=False))
    sys.exit(0 if result["phase"] == "ENDED" and not result["pyside_imported"] else 1)
