"""`anchor-console studio`: start Studio, print exactly one JSON line on stdout once it accepts
connections (`{"url", "room_id", "tokens": {"anchor", "assistant", "moderator"}}`), and serve
until interrupted — or, with --exit-with-stdin, until the parent process goes away."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import socket
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from anchor_console.studio.services import Studio

log = logging.getLogger("anchor_console.studio")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: any free port)")
    parser.add_argument("--db", help="SQLite database file (default: a temporary one, deleted on exit)")
    parser.add_argument("--demo", action="store_true", help="seed a demo catalog, coupons and a live room")
    parser.add_argument("--audience", type=float, default=None, metavar="RATE",
                        help="simulated audience comments per second in the demo room (0 = off)")
    parser.add_argument("--viewers", type=int, default=300, help="simulated viewers online")
    parser.add_argument("--push-domain", default="push.studio.local", help="RTMP push domain for OBS")
    parser.add_argument("--seed", type=int, default=None, help="random seed for the audience")
    parser.add_argument("--chaos", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--exit-with-stdin", action="store_true",
                        help="exit when stdin closes (the console uses this so no server outlives it)")
    parser.add_argument("--log-level", default="warning")


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=getattr(logging, args.log_level.upper(), logging.WARNING), stream=sys.stderr,
                        format="%(asctime)s studio %(levelname)s %(name)s: %(message)s")
    try:
        return asyncio.run(_serve(args))
    except KeyboardInterrupt:
        return 0


async def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from anchor_console.studio.api import create_app
    from anchor_console.studio.chaos import Chaos
    from anchor_console.studio.demo import ensure_demo_room
    from anchor_console.studio.services import Studio

    tmpdir = None
    db_path = args.db
    if not db_path:
        tmpdir = tempfile.TemporaryDirectory(prefix="anchor-studio-")
        db_path = str(Path(tmpdir.name) / "studio.sqlite")
    else:
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    studio = Studio(db_path)
    studio.store.prune_events(older_than_s=7 * 24 * 3600)
    tokens = studio.accounts.ensure_default_staff()
    if args.demo:
        room_id = ensure_demo_room(studio)
    else:
        rooms = studio.rooms.list_rooms()
        room_id = rooms[-1]["id"] if rooms else studio.rooms.create("Studio room")["id"]

    audience = None
    if args.demo or args.audience:
        from anchor_console.studio.audience import Audience

        audience = Audience(studio, random.Random(args.seed))
        rate = 20.0 if args.audience is None else args.audience
        audience.configure(room_id, enabled=rate > 0, comments_per_s=max(rate, 1.0), viewers=args.viewers)
    chaos = Chaos() if args.chaos else None
    app = create_app(studio, audience=audience, chaos=chaos, push_domain=args.push_domain,
                     push_key=os.environ.get("STUDIO_PUSH_KEY", "studio-demo-push-key"))
    asgi = chaos.middleware(app) if chaos else app

    sock = _listen(args.host, args.port)
    if sock is None:
        return 2
    port = sock.getsockname()[1]
    config = uvicorn.Config(asgi, log_level=args.log_level, access_log=False, lifespan="off",
                            http="httptools", timeout_keep_alive=30, timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)

    tasks = [asyncio.create_task(_ticker(studio), name="studio-ticker")]
    if audience is not None:
        tasks.append(asyncio.create_task(audience.run(), name="studio-audience"))
    if args.exit_with_stdin:
        _stop_when_stdin_closes(server, asyncio.get_running_loop())

    async def announce() -> None:
        while not server.started:
            await asyncio.sleep(0.01)
        host = "127.0.0.1" if args.host in ("0.0.0.0", "") else ("[::1]" if args.host == "::" else args.host)
        print(json.dumps({"url": f"http://{host}:{port}", "room_id": room_id, "tokens": tokens}), flush=True)

    tasks.append(asyncio.create_task(announce(), name="studio-announce"))
    try:
        await server.serve(sockets=[sock])
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        studio.store.close()
        if tmpdir is not None:
            tmpdir.cleanup()
    return 0


def _listen(host: str, port: int) -> socket.socket | None:
    """A listening socket, or None once the error is printed as the one JSON line."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this: without it, a response written in two parts waits for the
    # client's delayed ACK (~40 ms per request).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        print(json.dumps({"error": f"cannot bind {host}:{port}: {exc.strerror}"}), flush=True)
        return None
    sock.listen(2048)
    sock.setblocking(False)
    return sock


def _stop_when_stdin_closes(server, loop: asyncio.AbstractEventLoop) -> None:
    def watch_stdin() -> None:
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except (OSError, ValueError):
            pass
        loop.call_soon_threadsafe(setattr, server, "should_exit", True)

    threading.Thread(target=watch_stdin, name="studio-stdin", daemon=True).start()


async def _ticker(studio: Studio) -> None:
    """Flash sales move from countdown to live to ended, coupons expire, live rooms get a stats
    event every second."""
    tick = 0
    while True:
        await asyncio.sleep(0.1)
        tick += 1
        try:
            studio.flash_sales.advance()
            studio.coupons.expire()
            if tick % 10 == 0:
                for room_id in studio.rooms.live_room_ids():
                    studio.stats.emit(room_id)
        except Exception:
            log.exception("studio ticker failed")
