"""The bundled Studio as a child process of the console (started when no connection is configured).

The child gets `--exit-with-stdin`: it exits when the pipe to its stdin closes, which the OS
does for us when the console exits *or dies*, so no orphan server survives on any OS. It
prints one JSON line when it accepts connections; until then the console waits.

Its tokens are this start's: valid while it runs (and a minute into the next start, so a
reconnect across a restart is not refused before the new ones are read). Studio writes its log
itself (`--log-file`, rotating); what it prints on stderr (a crash before logging starts) goes
beside it, to `<log>.stderr`, kept small.

A demo database Studio finds damaged (a disk fault, a half-copied backup) is kept aside and a fresh
demo started — it is demo data — instead of the demo never starting again."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from anchor_console.domain.audience import DEFAULT_COMMENTS_PER_S
from anchor_console.domain.kept_files import keep_aside
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, TextError

log = logging.getLogger("anchor_console.bundled_studio")
STDERR_KEPT_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class StudioInfo:
    url: str
    room_id: str
    tokens: dict[str, str] = field(repr=False)

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])


DEMO_KEPT_ASIDE = QT_TRANSLATE_NOOP(
    "Console", "The demo Studio's database could not be read; it was kept as {file} and a new demo was started.")
# What Studio's start line says by its `code` (studio/server.py), in words that translate.
_SAID_BY_CODE = {
    "database_damaged": QT_TRANSLATE_NOOP("Console", "Studio's database {file} is damaged"),
    "database_unusable": QT_TRANSLATE_NOOP("Console", "Studio cannot open its database {file}"),
}


class StudioStartError(TextError):
    """Studio did not come up; `message` says why (Studio's own words, if it said); `code`, what
    kind of failure it named (`database_damaged`…), if any."""

    def __init__(self, message: Text, code: str = "") -> None:
        super().__init__(message)
        self.code = code


def studio_command(args: list[str]) -> list[str]:
    if getattr(sys, "frozen", False):
        # A PyInstaller build ships a console-subsystem twin for Studio (see build.spec).
        exe = Path(sys.executable)
        twin = exe.with_name("anchor-studio" + exe.suffix)
        return [str(twin if twin.exists() else exe), "studio", *args]
    return [sys.executable, "-m", "anchor_console", "studio", *args]


def no_console_window() -> dict:
    """Windows: Studio (the `anchor-studio` twin, a console program) started from the windowed
    console would open a console window of its own for as long as it runs — and closing that
    window stops Studio. Its output goes to the pipes and its log, so it needs none."""
    if sys.platform == "win32":
        return {"creationflags": getattr(subprocess, "CREATE_NO_WINDOW", 0x08000000)}
    return {}


@dataclass(eq=False, kw_only=True)
class StudioProcess:
    db_path: Path | None
    demo: bool = True
    audience: float | None = DEFAULT_COMMENTS_PER_S
    port: int = 0
    log_path: Path | None = None
    extra_args: tuple[str, ...] = ()
    info: StudioInfo | None = field(default=None, init=False)
    kept_aside: Path | None = field(default=None, init=False)   # a damaged demo database moved, not yet said
    _proc: asyncio.subprocess.Process | None = field(default=None, init=False, repr=False)
    _log_file: IO | None = field(default=None, init=False, repr=False)

    def arguments(self, port: int) -> list[str]:
        args = ["--port", str(port), "--exit-with-stdin"]
        if self.log_path is not None:
            args += ["--log-file", str(self.log_path)]
        if self.db_path is not None:
            args += ["--db", str(self.db_path)]
        if self.demo:
            args.append("--demo")
        if self.audience is not None:
            args += ["--audience", str(self.audience)]
        return args + list(self.extra_args)

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.returncode is None

    async def start(self, timeout: float = 30.0) -> StudioInfo:
        """Start (or restart) the child; keeps the previous port when it can, so URLs stay valid."""
        await self.stop()
        port = self.info.port if self.info else self.port
        try:
            self.info = await self._spawn(port, timeout)
        except StudioStartError as exc:
            if exc.code == "database_damaged" and self.demo and self.db_path is not None:
                self.kept_aside = keep_aside(self.db_path)   # OSError if it cannot move: said as such
                log.warning("the demo database was damaged; kept as %s, starting a new demo", self.kept_aside)
                self.info = await self._spawn(port, timeout)
                return self.info
            if port == 0 or exc.code:
                raise
            log.warning("studio could not reuse port %s; taking a free one", port)
            self.info = await self._spawn(0, timeout)
        return self.info

    def take_kept_aside(self) -> Text | None:
        """What to tell the user of a damaged demo database kept aside at the last start, once."""
        kept, self.kept_aside = self.kept_aside, None
        return None if kept is None else DEMO_KEPT_ASIDE.fill(file=str(kept))

    async def _spawn(self, port: int, timeout: float) -> StudioInfo:
        if self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            stderr_path = self.log_path.with_name(self.log_path.name + ".stderr")
            too_big = stderr_path.exists() and stderr_path.stat().st_size > STDERR_KEPT_BYTES
            self._log_file = open(stderr_path, "wb" if too_big else "ab")
        self._proc = await asyncio.create_subprocess_exec(
            *studio_command(self.arguments(port)), stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=self._log_file or asyncio.subprocess.DEVNULL,
            **no_console_window())
        try:
            line = await asyncio.wait_for(self._proc.stdout.readline(), timeout)
        except asyncio.TimeoutError:
            await self.stop()
            raise StudioStartError(QT_TRANSLATE_NOOP("Console", "Studio did not start within {seconds} s").fill(
                seconds=f"{timeout:.0f}")) from None
        except BaseException:  # cancelled while starting (the console is closing): leave no child
            self.kill()
            raise
        try:
            data = json.loads(line.decode("utf-8"))
        except (ValueError, RecursionError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        if "url" not in data:
            await self.stop()
            said, code = str(data.get("error") or ""), str(data.get("code") or "")
            if code in _SAID_BY_CODE:
                raise StudioStartError(_SAID_BY_CODE[code].fill(file=str(self.db_path)), code)
            raise StudioStartError(QT_TRANSLATE_NOOP("Console", "Studio: {error}").fill(error=said) if said else
                                   QT_TRANSLATE_NOOP("Console", "Studio exited before it was ready"), code)
        return StudioInfo(url=data["url"], room_id=str(data["room_id"]), tokens=dict(data["tokens"]))

    async def wait(self) -> int:
        """Until the child exits; returns its exit code."""
        if self._proc is None:
            return 0
        return await self._proc.wait()

    async def stop(self, grace: float = 3.0) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.returncode is None:
            with contextlib.suppress(Exception):
                proc.stdin.close()  # the polite way: Studio exits when its stdin closes
            try:
                await asyncio.wait_for(proc.wait(), grace)
            except asyncio.TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                try:  # a killed process is reaped at once; never wait on it without a bound
                    await asyncio.wait_for(proc.wait(), grace)
                except asyncio.TimeoutError:
                    log.error("studio process %s did not exit after being killed", proc.pid)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def kill(self) -> None:
        """Kill the child abruptly (tests of a crashed Studio; a start that was cancelled)."""
        if self._proc is not None and self._proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._proc.kill()
