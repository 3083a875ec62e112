"""`anchor-console studio`: start Studio, print exactly one JSON line on stdout once it accepts
connections (`{"url", "room_id", "tokens": {"anchor", "assistant", "moderator"}, "wechat": {"appid",
"secret", "live_room_id", "anchor_wechat", "shop": {"appid", "secret", "live_export_id"}}, "tiktok":
{"app_key", "app_secret", "service_id", "redirect_uri", "shop": {"id", "name", "cipher"}}, "twitch":
{"client_id", "broadcaster_id", "broadcaster_login", "sign_in_as", "user_id"}, "youtube": {"client_id",
"client_secret", "video_id", "live_chat_id"}}` — the emulators' accounts (WeChat, TikTok Shop, Twitch,
YouTube) and the demo room as each names it — plus `"exposed_on"` when
it listens beyond this computer), and serve until interrupted — or, with
--exit-with-stdin, until the parent process goes away. `anchor-console studio tokens …` manages
access tokens instead (token_cli.py).

Studio listens on loopback only unless told `--host ADDRESS --expose`; then it says on stderr
what it exposes, and `--ssl-certfile/--ssl-keyfile` serve HTTPS (tokens cross the network)."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
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

from anchor_console.domain.audience import DEFAULT_COMMENTS_PER_S
from anchor_console.studio.token_cli import add_token_commands, run_tokens

if TYPE_CHECKING:
    from anchor_console.studio.connections import ConnectionGuard
    from anchor_console.studio.open_streams import OpenStreams
    from anchor_console.studio.services import Studio
    from anchor_console.studio.workers import WorkerSlot

log = logging.getLogger("anchor_console.studio")

TICK_S = 0.1
LISTEN_QUEUE = 4096
HOUR_TICKS = int(3600 / TICK_S)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    parser.add_argument("--expose", action="store_true",
                        help="allow an address beyond loopback (--host 0.0.0.0 …): others on the network can reach it")
    parser.add_argument("--ssl-certfile", help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--ssl-keyfile", help="the certificate's private key (PEM)")
    parser.add_argument("--forwarded-allow-ips", metavar="ADDRESSES",
                        help="the reverse proxies whose X-Forwarded-For names the client (addresses or networks, "
                        "comma-separated, e.g. 172.31.250.0/24): sign-ups are limited per client, and behind a "
                        "proxy every request comes from the proxy (default: this computer only, 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: any free port)")
    parser.add_argument("--db", help="SQLite database file, or a PostgreSQL URL (postgresql://user@host/db) "
                        "(default: a temporary SQLite file, deleted on exit)")
    parser.add_argument("--demo", action="store_true", help="seed a demo catalog, coupons and a live room")
    parser.add_argument("--audience", type=float, default=None, metavar="RATE",
                        help="simulated audience comments per second in the demo room (0 = off)")
    parser.add_argument("--viewers", type=int, default=300, help="simulated viewers online")
    parser.add_argument("--push-domain", default="push.studio.local", help="RTMP push domain for OBS")
    parser.add_argument("--tencent-live-config", metavar="PATH",
                        help="follow the rooms' video on Tencent Cloud Live: a JSON settings file (secrets from "
                             "the environment: see README, Run Studio for a team)")
    parser.add_argument("--seed", type=int, default=None, help="random seed for the audience")
    parser.add_argument("--chaos", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tencent-im", metavar="CONFIG", help="run the chat of the rooms CONFIG names through "
                        "Tencent Cloud IM (a JSON file; secrets from ANCHOR_STUDIO_IM_SECRET_KEY and "
                        "ANCHOR_STUDIO_IM_CALLBACK_TOKEN)")
    parser.add_argument("--max-connections", type=int, default=None,
                        help="connections served at once (default: what the open-files limit allows)")
    parser.add_argument("--exit-with-stdin", action="store_true",
                        help="exit when stdin closes (the console uses this so no server outlives it)")
    parser.add_argument("--log-file", help="write the log here, rotating at 5 MB (default: stderr)")
    parser.add_argument("--secrets-file", help="write this start's tokens and emulator secrets to this file "
                        "(mode 600) instead of printing them: for a server whose output is logged")
    parser.add_argument("--log-level", default="warning")
    parser.add_argument("--loop", choices=("asyncio", "uvloop"), default="asyncio",
                        help="the event loop: uvloop (Linux, macOS) takes more callbacks a second on the same "
                        "cores (CAPACITY.md); asyncio, the default, is the one the console's own Studio runs on")
    parser.add_argument("--workers", type=int, default=1, metavar="N",
                        help="serve with N worker processes on one port (N > 1 needs a PostgreSQL --db; "
                        "see STORAGE.md)")
    add_token_commands(parser)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "studio_command", None) == "tokens":
        return run_tokens(args)
    from anchor_console.studio.logs import setup_logging

    setup_logging(args.log_level, args.log_file)
    refusal = (_exposure_refusal(args) or _proxies_refusal(args) or _live_settings_refusal(args)
               or _im_settings_refusal(args))
    if refusal:
        print(json.dumps({"error": refusal}), flush=True)
        return 2
    if args.workers > 1:   # a supervisor forking N workers on one socket (workers.py says why)
        from anchor_console.studio.workers import serve_workers

        return serve_workers(args)
    try:
        return run_loop(_serve(args), getattr(args, "loop", "asyncio"))
    except KeyboardInterrupt:
        return 0


def run_loop(main, loop: str = "asyncio"):
    """Run Studio's loop. `uvloop` (`--loop uvloop`, where it is installed: Linux, macOS) takes a
    callback, a comment or an event to a stream for less CPU than asyncio's own loop (CAPACITY.md
    has the figures); asyncio's loop is the default, and the fallback where uvloop is missing."""
    if loop == "uvloop":
        try:
            import uvloop
        except ImportError:
            log.warning("--loop uvloop: uvloop is not installed here; running on asyncio's loop")
        else:
            with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
                return runner.run(main)
    return asyncio.run(main)


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _exposure_refusal(args: argparse.Namespace) -> str | None:
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        return "--ssl-certfile and --ssl-keyfile go together"
    workers = getattr(args, "workers", 1)
    if workers < 1:
        return "--workers must be at least 1"
    if workers > 1 and not (args.db or "").startswith(("postgresql://", "postgres://")):
        return (f"--workers {workers} needs a PostgreSQL database (--db postgresql://…): workers share their "
                "data and events through it; SQLite serves one process")
    if is_loopback(args.host):
        return None
    if not args.expose:
        return (f"--host {args.host} would let others on the network reach Studio; "
                "add --expose if that is what you want (and --ssl-certfile/--ssl-keyfile for HTTPS)")
    if args.chaos:
        return "--chaos (fault injection, which can stop Studio) is for tests on this computer only"
    return None


def _proxies_refusal(args: argparse.Namespace) -> str | None:
    """uvicorn takes a malformed address as a name no peer has: say so instead of trusting nobody."""
    allowed = getattr(args, "forwarded_allow_ips", None)
    for item in allowed.split(",") if allowed is not None else ():
        item = item.strip()
        try:
            if item != "*":
                ipaddress.ip_network(item, strict=False)
        except ValueError:
            return f"--forwarded-allow-ips: {item!r} is not an address or a network (such as 172.31.250.0/24)"
    return None


def uvicorn_config(args: argparse.Namespace, asgi, guard: ConnectionGuard, worker: WorkerSlot | None):
    """How uvicorn serves Studio. log_config=None: uvicorn's loggers go through Studio's handler
    (rotation, repeat limit). Workers share one socket: each takes one connection per wake-up
    (asyncio accepts up to `backlog` at once), so a burst spreads over the idle workers instead of
    the first one taking it all. The client of a request is the one X-Forwarded-For names when the
    peer is a proxy Studio trusts (--forwarded-allow-ips; uvicorn's default: 127.0.0.1)."""
    import uvicorn

    from anchor_console.studio.connections import BACKLOG, KEEP_ALIVE_S, guarded_protocol

    return uvicorn.Config(asgi, log_level=args.log_level, log_config=None, access_log=False, lifespan="off",
                          http=guarded_protocol(guard), backlog=BACKLOG if worker is None else 1,
                          timeout_keep_alive=KEEP_ALIVE_S, timeout_graceful_shutdown=1,
                          ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile, proxy_headers=True,
                          forwarded_allow_ips=getattr(args, "forwarded_allow_ips", None))


async def _serve(args: argparse.Namespace, worker: WorkerSlot | None = None) -> int:
    """Serve until stopped: alone (worker None: open the database, bind, announce), or as one of the
    workers a supervisor forked (workers.py: the database is ready, the socket bound, and the
    supervisor announces once every worker is ready)."""
    import uvicorn

    from anchor_console.studio.api import served
    from anchor_console.studio.connections import BACKLOG, ConnectionGuard, connection_limit

    tmpdir = None if args.db or worker else tempfile.TemporaryDirectory(prefix="anchor-studio-")
    if worker is None:
        opened = open_or_say(args, args.db or str(Path(tmpdir.name) / "studio.sqlite"))
        if opened is None:
            return 2
        studio, room_id, tokens = opened
    else:
        from anchor_console.studio.services import Studio

        studio, room_id, tokens = Studio(args.db), worker.room_id, {}
    app, audience, emulators, tencent_live, tencent_im = _make_app(args, studio, room_id, worker)

    sock = _listen(args.host, args.port, BACKLOG) if worker is None else worker.sock
    if sock is None:
        return 2
    port = sock.getsockname()[1]
    asgi = served(app) if worker is None else worker.tagged(served(app))
    guard = ConnectionGuard(connection_limit(args.max_connections))
    server = uvicorn.Server(uvicorn_config(args, asgi, guard, worker))

    # The room-wide jobs (flash sales, expiries, stats events) run in one worker; each serves its own streams.
    room_jobs = worker is None or worker.index == 0
    tasks = [asyncio.create_task(_ticker(studio, app.state.context.streams, guard, room_jobs), name="studio-ticker")]
    if audience is not None:
        tasks.append(asyncio.create_task(audience.run(), name="studio-audience"))
    if tencent_live is not None:
        tasks.append(asyncio.create_task(tencent_live.watch.run(), name="studio-tencent-live"))
    if tencent_im is not None:   # every worker sends: outbox rows are claimed, never sent twice
        tasks.append(asyncio.create_task(tencent_im.run(), name="studio-tencent-im"))
    if args.exit_with_stdin and worker is None:
        _stop_when_stdin_closes(server, asyncio.get_running_loop())
    fanout = _event_fanout(args, studio)

    async def announce() -> None:
        while not server.started:
            await asyncio.sleep(0.01)
        # asyncio accepts up to BACKLOG connections per wake-up (listen(BACKLOG) bounds the burst of
        # files open beyond the cap), while the kernel may queue many more: a flood of connects then
        # waits in the queue instead of every client's SYN being dropped and retried a second later.
        sock.listen(LISTEN_QUEUE)
        if worker is not None:
            worker.ready()
            return
        announce_start(args, _announcement(args, port, room_id, tokens, emulator_announcements(emulators, room_id)))

    tasks.append(asyncio.create_task(announce(), name="studio-announce"))
    try:
        await server.serve(sockets=[sock] if worker is None else worker.sockets())
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if tencent_live is not None:
            await tencent_live.aclose()
        if fanout is not None:
            fanout.stop()
        studio.store.close()
        if tmpdir is not None:
            tmpdir.cleanup()
    return 0


def _live_settings_refusal(args: argparse.Namespace) -> str | None:
    """Tencent Cloud Live's settings, read before Studio starts (`args.tencent_live`): wrong
    ones stop it, or a team would run without seeing its streams drop."""
    args.tencent_live = None
    if not getattr(args, "tencent_live_config", None):
        return None
    from anchor_console.studio.tencent_live import ConfigError, load_config

    try:
        args.tencent_live = load_config(args.tencent_live_config)
    except ConfigError as exc:
        return str(exc)
    # OBS pushes to the domain whose streams Tencent reports: one domain, said once.
    if args.push_domain == "push.studio.local":
        args.push_domain = args.tencent_live.push_domain
    elif args.push_domain != args.tencent_live.push_domain:
        return (f"--push-domain {args.push_domain} is not the push_domain of {args.tencent_live_config} "
                f"({args.tencent_live.push_domain})")
    return None


def _im_settings_refusal(args: argparse.Namespace) -> str | None:
    """Tencent Cloud IM's settings (`--tencent-im`), read before Studio starts (`args.im_settings`):
    wrong ones stop it, before any worker is forked."""
    args.im_settings = None
    if not getattr(args, "tencent_im", None):
        return None
    from anchor_console.studio.tencent_im import ImConfigError, load_config
    from anchor_console.studio.tencent_im.callbacks import CALLBACK_PATH as IM_CALLBACK_PATH
    from anchor_console.studio.tencent_im.config import CALLBACK_TOKEN_ENV as IM_CALLBACK_TOKEN_ENV

    try:
        args.im_settings = load_config(args.tencent_im)
    except ImConfigError as exc:
        return f"--tencent-im: {exc}"
    # Unsigned callbacks are checked only by SdkAppid, which is public: anyone who reaches Studio
    # could post comments under any name. Loopback (tests, a rehearsal) may do without the token.
    if not args.im_settings.callback_token and not is_loopback(args.host):
        return (f"--tencent-im: Studio listens beyond loopback (--host {args.host}) but no IM callback token is "
                f"set, so anyone could post comments through {IM_CALLBACK_PATH} under any name; switch on "
                f"callback authentication in IM's console and set {IM_CALLBACK_TOKEN_ENV} or callback_token_file")
    return None


def _tencent_im(studio: Studio, args: argparse.Namespace):
    if getattr(args, "im_settings", None) is None:
        return None
    from anchor_console.studio.tencent_im import TencentIm

    return TencentIm(studio, args.im_settings, workers=getattr(args, "workers", 1))


def _tencent_live(studio: Studio, args: argparse.Namespace):
    if args.tencent_live is None:
        return None
    from anchor_console.studio.tencent_live import TencentLive

    return TencentLive(studio, args.tencent_live)


def _make_app(args: argparse.Namespace, studio: Studio, room_id: int, worker: WorkerSlot | None):
    """The app and what it serves: (app, simulated audience, the four emulators, Tencent Cloud Live,
    Tencent Cloud IM) — the last two None unless configured."""
    from anchor_console.studio.api import create_app
    from anchor_console.studio.chaos import Chaos
    from anchor_console.studio.tiktok import TikTokEmulator
    from anchor_console.studio.twitch import TwitchEmulator
    from anchor_console.studio.wechat import WeChatEmulator
    from anchor_console.studio.youtube import YouTubeEmulator

    audience = _simulated_audience(args, studio, room_id, worker)
    push_key = os.environ.get("STUDIO_PUSH_KEY", "studio-demo-push-key")
    emulators = (WeChatEmulator(studio, push_domain=args.push_domain, push_key=push_key), TikTokEmulator(studio),
                 TwitchEmulator(studio), YouTubeEmulator(studio))
    tencent_live, tencent_im = _tencent_live(studio, args), _tencent_im(studio, args)
    wechat, tiktok, twitch, youtube = emulators
    app = create_app(studio, audience=audience, chaos=Chaos() if args.chaos else None, push_domain=args.push_domain,
                     push_key=push_key, wechat=wechat, tiktok=tiktok, twitch=twitch, youtube=youtube,
                     tencent_live=tencent_live, tencent_im=tencent_im)
    return app, audience, emulators, tencent_live, tencent_im


def emulator_announcements(emulators: tuple, room_id: int) -> dict:
    """What the JSON line says of each emulator (its accounts, the room as it names it)."""
    wechat, tiktok, twitch, youtube = emulators
    return {"wechat": wechat.announcement(room_id), "tiktok": tiktok.announcement(),
            "twitch": twitch.announcement(room_id), "youtube": youtube.announcement(room_id)}


def _simulated_audience(args: argparse.Namespace, studio: Studio, room_id: int, worker: WorkerSlot | None):
    """The simulated audience (`--demo`, `--audience`), if asked for: in one worker only (the
    first), else N workers would be N audiences."""
    if not (args.demo or args.audience) or (worker is not None and worker.index != 0):
        return None
    from anchor_console.studio.audience import Audience

    audience = Audience(studio, random.Random(args.seed))
    rate = DEFAULT_COMMENTS_PER_S if args.audience is None else args.audience
    audience.configure(room_id, enabled=rate > 0, comments_per_s=max(rate, 1.0), viewers=args.viewers)
    audience.reserving = rate > 0
    return audience


def _event_fanout(args: argparse.Namespace, studio: Studio):
    """On PostgreSQL: other workers' (or other Studios') events reach this one (event_fanout.py)."""
    if studio.store.engine.name != "postgresql":
        return None
    from anchor_console.studio.event_fanout import EventFanout

    fanout = EventFanout(args.db, studio.store.feed, asyncio.get_running_loop())
    fanout.start()
    return fanout


def open_or_say(args: argparse.Namespace, db_path: str) -> tuple[Studio, int, dict[str, str]] | None:
    """`_open_studio`, or None once why it cannot be opened is printed as the one JSON line — its
    `code` "database_damaged" for a file that is not (or no longer) a database, which the console's
    own demo Studio keeps aside and starts afresh (session/bundled_studio.py)."""
    import sqlite3

    try:
        return _open_studio(args, db_path)
    except (sqlite3.DatabaseError, OSError) as exc:
        damaged = getattr(exc, "sqlite_errorname", "") in ("SQLITE_NOTADB", "SQLITE_CORRUPT")
        log.error("cannot open the database %s: %s", db_path, exc)
        print(json.dumps({"error": f"cannot open the database {db_path}: {exc}",
                          "code": "database_damaged" if damaged else "database_unusable"}), flush=True)
        return None


def _open_studio(args: argparse.Namespace, db_path: str) -> tuple[Studio, int, dict[str, str]]:
    """The Studio on its database, tidied (old events, idempotency keys and tokens pruned), its
    room, and this start's tokens."""
    from anchor_console.studio.demo import ensure_demo_room
    from anchor_console.studio.services import Studio

    from anchor_console.studio.database import is_postgres

    if not is_postgres(db_path):
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    studio = Studio(db_path)
    studio.store.prune_events(older_than_s=7 * 24 * 3600)
    studio.idempotency.prune()
    while studio.accounts.prune_idle_viewers():   # before their tokens are forgotten (30 days after expiry)
        pass
    studio.tokens.prune()
    tokens = studio.accounts.ensure_default_staff()
    if args.demo:
        room_id = ensure_demo_room(studio)
    else:
        rooms = studio.rooms.list_rooms()
        room_id = rooms[-1]["id"] if rooms else studio.rooms.create("Studio room")["id"]
    return studio, room_id, tokens


def announce_start(args: argparse.Namespace, info: dict) -> None:
    """The one JSON line on stdout: whole, or (--secrets-file) without the tokens and secrets."""
    print(json.dumps(_kept_aside(info, args.secrets_file) if args.secrets_file else info), flush=True)


def _kept_aside(info: dict, path: str) -> dict:
    """The announcement written whole to `path` (readable by its owner only); what is printed
    names the file instead of carrying tokens and secrets into a log (docker compose logs)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)    # an existing file keeps its mode through O_CREAT
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(json.dumps(info) + "\n")
    return {k: v for k, v in info.items() if k in ("url", "room_id", "exposed_on", "workers")} | {"secrets_file": path}


def _announcement(args: argparse.Namespace, port: int, room_id: int, tokens: dict[str, str],
                  emulators: dict[str, dict] | None = None) -> dict:
    """The JSON line; beyond loopback, also a plain statement on stderr of what is exposed."""
    scheme = "https" if args.ssl_certfile else "http"
    local = "127.0.0.1" if args.host in ("0.0.0.0", "") else ("[::1]" if args.host == "::" else args.host)
    if ":" in local and not local.startswith("["):
        local = f"[{local}]"
    info = {"url": f"{scheme}://{local}:{port}", "room_id": room_id, "tokens": tokens,
            **(emulators or {})}
    if is_loopback(args.host):
        return info
    addresses = _addresses(args.host)
    where = f"in {args.secrets_file}" if args.secrets_file else "printed on stdout"
    info["exposed_on"] = [f"{scheme}://{a}:{port}" for a in addresses]
    lines = [f"Studio is reachable from the network at: {', '.join(info['exposed_on'])}",
             "  the whole API — rooms, catalog and prices, coupons, flash sales, comments, staff — for anyone "
             "holding a token; /api/v1/health, /openapi.json, /docs, /media and POST /api/v1/viewers without one",
             "  the WeChat emulator (/cgi-bin, /wxa, /wxaapi, /channels) for anyone holding a WeChat AppSecret "
             f"{where}",
             "  the TikTok Shop emulator (/api/v2/token, /authorization, /product, /promotion) for anyone holding "
             f"its app secret {where}",
             "  the Twitch emulator (/oauth2, /helix, /ws) for anyone holding a token it gave; its sign-in page "
             "(/activate) only from this computer",
             "  the YouTube emulator (/o/oauth2, /token, /youtube/v3) for anyone holding its OAuth client secret"]
    if scheme == "http":
        lines.append("  WARNING: plain HTTP: tokens and everything else cross the network unencrypted; "
                     "use --ssl-certfile/--ssl-keyfile")
    lines.append(f"  the tokens {where} work in "
                 "every room; make one per person and room with `anchor-console studio tokens create`")
    print("\n".join(lines), file=sys.stderr, flush=True)
    return info


def _addresses(host: str) -> list[str]:
    if host not in ("0.0.0.0", "::", ""):
        return [f"[{host}]" if ":" in host else host]
    found = {"127.0.0.1"}
    try:
        for family, *_, addr in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(addr[0])
    except OSError:
        pass
    return sorted(found)


def _listen(host: str, port: int, backlog: int) -> socket.socket | None:
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
    sock.listen(backlog)
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


async def _ticker(studio: Studio, streams: OpenStreams, guard: ConnectionGuard, room_jobs: bool = True) -> None:
    """Flash sales move from countdown to live to ended, coupons and red packets expire, lucky
    bags close at their countdown's end (and announce new entrants), live rooms get a stats
    event every second; event streams whose token stopped working close (within 0.25 s);
    connections overdue with their request headers go; idle sign-ups are pruned every 10 s
    (a batch at most), old idempotency keys hourly."""
    tick = 0
    while True:
        await asyncio.sleep(TICK_S)
        tick += 1
        try:
            if room_jobs:
                studio.flash_sales.advance()
                studio.coupons.expire()
                studio.lucky_bags.advance()
                studio.red_packets.expire()
            if tick % 2 == 0:
                streams.sweep()
            if tick % 10 == 0:
                guard.sweep()
                if room_jobs:
                    for room_id in studio.rooms.live_room_ids():
                        studio.stats.emit(room_id)
            if room_jobs and tick % 100 == 0:
                studio.accounts.prune_idle_viewers()
            if room_jobs and tick % HOUR_TICKS == 0:
                studio.idempotency.prune()
        except Exception:
            log.exception("studio ticker failed")
