"""`anchor-console studio --workers N`: a supervisor that prepares the database once, binds the
port once, forks N worker processes that all accept on that one socket, announces Studio's JSON
line when every worker serves, starts a worker again when one dies, and stops them all when told.

Why Studio forks its workers rather than using uvicorn's own `--workers` (an app factory run in
spawned processes): a Studio worker is more than the ASGI app — the ticker, the simulated
audience, the event fan-out, the connection guard and the start-up announcement — and two of those
must run in ONE worker only (the audience, and the room-wide jobs: flash-sale state, expiries,
stats events), or three workers would make three audiences and three stats events a second.
uvicorn's supervisor cannot say which worker is which, nor tell its parent when all are ready.
Forking after the supervisor has migrated the database and made this start's tokens also means
one start-up (and one set of tokens), not N racing ones; each worker then opens its OWN
connections (a PostgreSQL connection must never cross a fork). One shared listening socket
(gunicorn's model) rather than SO_REUSEPORT: a worker that dies loses only the connections it had
accepted; those waiting in the queue go to the others.

The first worker (index 0) runs the audience and the room-wide jobs; when it dies it is started
again with the same index. It also listens on a private Unix socket (in a folder only this user
can enter), and the other workers pass the audience's routes (`/api/v1/rooms/{id}/audience…`)
to it there, so the crew can steer the one audience whichever worker their request reaches.
Every worker LISTENs for the others' events (event_fanout.py)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import select
import shutil
import signal
import socket
import sys
import tempfile
import time
from dataclasses import dataclass

log = logging.getLogger("anchor_console.studio")

STOP_GRACE_S = 5.0
READY_TIMEOUT_S = 60.0
RESTART_PAUSE_S = 0.2   # between a worker's death and its replacement (no busy loop if it dies at start)
# The routes of the simulated audience, which lives in worker 0 only.
AUDIENCE_PATH = re.compile(r"^/api/v1/rooms/[^/]+/audience(/.*)?$")


@dataclass
class WorkerSlot:
    """What a forked worker is given: its index, the shared socket, the room the supervisor opened,
    and the pipe it says "ready" on."""

    index: int
    sock: socket.socket
    room_id: int
    ready_fd: int
    first_worker: str   # the path of worker 0's private Unix socket
    _private: socket.socket | None = None

    def ready(self) -> None:
        if self._private is not None:   # asyncio listened with the workers' accept batch (1)
            self._private.listen(64)
        os.write(self.ready_fd, bytes([self.index]))

    def sockets(self) -> list[socket.socket]:
        """What this worker serves: the shared port, and for worker 0 also its private socket."""
        if self.index != 0:
            return [self.sock]
        if os.path.exists(self.first_worker):   # left by the worker 0 that died
            os.unlink(self.first_worker)
        private = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        private.bind(self.first_worker)
        private.listen(64)
        private.setblocking(False)
        self._private = private
        return [self.sock, private]

    def tagged(self, app):
        """The ASGI app with `X-Studio-Worker: <pid>` on every response (which worker answered:
        for operators reading a response, and tests that stop one); on workers other than 0, the
        audience's routes go to worker 0."""
        header = (b"x-studio-worker", str(os.getpid()).encode())
        forward = None if self.index == 0 else _Forward(self.first_worker)

        async def tagged_app(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)

            async def send_tagged(message):
                if message["type"] == "http.response.start":
                    message = {**message, "headers": [*message.get("headers", []), header]}
                await send(message)

            if forward is not None and AUDIENCE_PATH.match(scope["path"]):
                return await forward(scope, receive, send_tagged)
            return await app(scope, receive, send_tagged)

        return tagged_app


class _Forward:
    """An ASGI app that passes the request to worker 0 on its private socket and its answer back
    (headers, Authorization included, as they came: worker 0 checks them as for any request)."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._client = None

    async def __call__(self, scope, receive, send) -> None:
        import httpx

        if self._client is None:
            self._client = httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(uds=self._path),
                                             base_url="http://worker-0", timeout=httpx.Timeout(60.0))

        async def body():
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return
                yield message.get("body", b"")
                if not message.get("more_body"):
                    return

        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in (b"host", b"content-length",
                                                                             b"transfer-encoding", b"connection")]
        target = scope["path"] + (f"?{scope['query_string'].decode('latin-1')}" if scope.get("query_string") else "")
        has_body = scope["method"] in ("POST", "PUT", "PATCH", "DELETE")
        try:
            request = self._client.build_request(scope["method"], target, headers=headers,
                                                 content=body() if has_body else None)
            answer = await self._client.send(request)
        except httpx.HTTPError:
            return await _unavailable(send)
        kept = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers.items()
                if k.lower() not in ("content-length", "transfer-encoding", "connection", "x-studio-worker")]
        await send({"type": "http.response.start", "status": answer.status_code,
                    "headers": [*kept, (b"content-length", str(len(answer.content)).encode())]})
        await send({"type": "http.response.body", "body": answer.content})


async def _unavailable(send) -> None:
    raw = json.dumps({"code": "audience_unavailable",
                      "message": "The simulated audience's worker is starting again; try again in a moment."}).encode()
    await send({"type": "http.response.start", "status": 503,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode()),
                            (b"retry-after", b"1")]})
    await send({"type": "http.response.body", "body": raw})


def serve_workers(args: argparse.Namespace) -> int:
    from anchor_console.studio import server
    from anchor_console.studio.connections import BACKLOG

    opened = server.open_or_say(args, args.db)
    if opened is None:
        return 2
    studio, room_id, tokens = opened
    emulators = _emulator_announcements(studio, args, room_id)
    studio.store.close()   # no connection may cross the fork
    sock = server._listen(args.host, args.port, BACKLOG)
    if sock is None:
        return 2
    private = tempfile.mkdtemp(prefix="studio-workers-")   # mode 700: only this user reaches worker 0 there
    supervisor = Supervisor(args, sock, room_id, os.path.join(private, "worker0.sock"))
    try:
        supervisor.start_all()
        if not supervisor.wait_ready():
            print(json.dumps({"error": "Studio's workers did not start; see the log"}), flush=True)
            return 1
        sock.listen(server.LISTEN_QUEUE)
        info = server._announcement(args, sock.getsockname()[1], room_id, tokens, emulators)
        server.announce_start(args, {**info, "workers": args.workers})
        supervisor.watch()
    finally:
        supervisor.stop_all()
        shutil.rmtree(private, ignore_errors=True)
    return 0


def _emulator_announcements(studio, args: argparse.Namespace, room_id: int) -> dict:
    """Made here once (their tables and accounts are created in the database) for the JSON line."""
    from anchor_console.studio.tiktok import TikTokEmulator
    from anchor_console.studio.twitch import TwitchEmulator
    from anchor_console.studio.wechat import WeChatEmulator
    from anchor_console.studio.youtube import YouTubeEmulator

    from anchor_console.studio.server import emulator_announcements

    push_key = os.environ.get("STUDIO_PUSH_KEY", "studio-demo-push-key")
    return emulator_announcements((WeChatEmulator(studio, push_domain=args.push_domain, push_key=push_key),
                                   TikTokEmulator(studio), TwitchEmulator(studio), YouTubeEmulator(studio)), room_id)


class Supervisor:
    def __init__(self, args: argparse.Namespace, sock: socket.socket, room_id: int, first_worker: str) -> None:
        self.args = args
        self.sock = sock
        self.room_id = room_id
        self.first_worker = first_worker
        self.pids: dict[int, int] = {}   # pid → index
        self._ready_r, self._ready_w = os.pipe()
        self._wake_r, self._wake_w = os.pipe()
        self._stopping = False
        os.set_blocking(self._wake_w, False)
        for fd in (self._ready_r, self._wake_r):
            os.set_blocking(fd, False)

    def start_all(self) -> None:
        for index in range(self.args.workers):
            self._fork(index)
        signal.set_wakeup_fd(self._wake_w)
        for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._on_signal)

    def _on_signal(self, signum, frame) -> None:
        if signum in (signal.SIGTERM, signal.SIGINT):
            self._stopping = True

    def _fork(self, index: int) -> None:
        pid = os.fork()
        if pid:
            self.pids[pid] = index
            return
        code = 1
        try:
            code = _run_worker(self.args, WorkerSlot(index, self.sock, self.room_id, self._ready_w, self.first_worker))
        except BaseException:   # the log says why; the supervisor starts it again
            log.exception("studio worker %d failed", index)
        finally:
            logging.shutdown()
            os._exit(code)

    def wait_ready(self) -> bool:
        ready: set[int] = set()
        deadline = time.monotonic() + READY_TIMEOUT_S
        while len(ready) < self.args.workers and time.monotonic() < deadline:
            select.select([self._ready_r], [], [], 0.2)
            try:
                ready.update(os.read(self._ready_r, 64))
            except BlockingIOError:
                pass
            if self._reap() and len(self.pids) < self.args.workers:
                return False   # a worker died while starting: its log says why
        return len(ready) >= self.args.workers

    def watch(self) -> None:
        """Until told to stop (a signal, or stdin closed with --exit-with-stdin): a worker that dies
        is started again with its index."""
        watched = [self._wake_r, self._ready_r] + ([sys.stdin.fileno()] if self.args.exit_with_stdin else [])
        while not self._stopping:
            readable, _, _ = select.select(watched, [], [], 1.0)
            for fd in readable:
                try:
                    data = os.read(fd, 4096)
                except BlockingIOError:
                    continue
                if fd == sys.stdin.fileno() and not data:
                    self._stopping = True
            if self._stopping:
                return
            dead = self._reap()
            for index in dead:
                log.warning("studio worker %d died; starting it again", index)
                time.sleep(RESTART_PAUSE_S)
                self._fork(index)

    def _reap(self) -> list[int]:
        dead = []
        while self.pids:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if pid in self.pids:
                dead.append(self.pids.pop(pid))
        return dead

    def stop_all(self) -> None:
        self._stopping = True
        for pid in self.pids:
            _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_S
        while self.pids and time.monotonic() < deadline:
            self._reap()
            time.sleep(0.05)
        for pid in self.pids:
            _signal(pid, signal.SIGKILL)
        self._reap()


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _run_worker(args: argparse.Namespace, slot: WorkerSlot) -> int:
    from anchor_console.studio import server

    for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, signal.SIG_DFL)
    signal.set_wakeup_fd(-1)
    _die_with_parent()
    try:
        return server.run_loop(server._serve(args, slot), getattr(args, "loop", "asyncio"))
    except KeyboardInterrupt:
        return 0


def _die_with_parent() -> None:
    """Linux: a worker gets SIGTERM when the supervisor dies (killed, it could not stop them)."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:
        os._exit(0)
