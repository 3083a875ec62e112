"""A token that stops working mid-show (revoked or expired on Studio): the header does not only
turn red with "disconnected" — it says why and what to do, in the console's language."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest

from anchor_console.platforms.base import StreamStatus
from support.studio import ROOT, studio_settings
from support.waiting import until


async def tokens_cli(studio, *args: str) -> list[dict]:
    def run():
        return subprocess.run([sys.executable, "-m", "anchor_console", "studio", "tokens", *args,
                               "--db", str(studio.db_path)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    r = await asyncio.to_thread(run)
    assert r.returncode == 0, r.stdout + r.stderr
    return [json.loads(line) for line in r.stdout.splitlines()]


@pytest.mark.asyncio
async def test_a_token_revoked_mid_show_is_named_in_the_header_with_what_to_do(console_factory, studio_factory):
    studio = studio_factory("--demo", "--audience", "0")
    made = (await tokens_cli(studio, "create", "--name", "小王", "--role", "assistant"))[0]
    console = await console_factory(studio_settings(studio), token=made["token"])
    window = console.window
    await until(lambda: console.session.room.state.stream_status is StreamStatus.LIVE, 20)
    await tokens_cli(studio, "revoke", str(made["id"]))
    await until(lambda: console.session.room.state.stream_status is StreamStatus.CLOSED, 20,
                message="the console never noticed the revoked token")
    await until(lambda: "Connections" in window.header.connection.toolTip(), 5,
                message=f"the header does not say what to do: {window.header.connection.toolTip()!r}")
    assert "token" in window.header.connection.toolTip()
    assert "Connections" in window.stream_label.text()
