"""Studio processes forked from one warm parent, for tests (Linux).

A Studio a test starts used to be a fresh `python -m anchor_console studio …`: 1.5–3 s of imports
(FastAPI, pydantic, uvicorn, Studio's routes) on a 2-core laptop, some two hundred times a suite. The
warm parent imports all that once; a start sends it the command line, the environment and three pipe
ends, and it forks a child that runs the CLI with them as stdin, stdout and stderr — Studio exactly as
the command starts it, in a tenth of the time. `ForkedProcess` answers what tests ask of a
`subprocess.Popen` (pid, stdin, stdout, poll, wait, kill, send_signal, returncode).

The parent ends when the test process closes its socket (at exit, or when the test process dies).
Its children are not the test process's: `live_children` lists them for the watchdog's check that
no test leaves a Studio behind. Where fork, SCM_RIGHTS or a warm parent is not available,
`support.studio` starts Studio as a plain process as before."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

_WARM = None
_WARM_LOCK = threading.Lock()
MAX_MESSAGE = 1 << 20


def available() -> bool:
    return sys.platform.startswith("linux") and hasattr(socket, "send_fds") and not os.environ.get(
        "ANCHOR_TEST_STUDIO_FORKS") == "0"


class WarmParent:
    """The test side of the warm parent: one request and its answer at a time."""

    def __init__(self, log_path: Path) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), str(theirs.fileno())],
                                     pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=open(log_path, "ab"))
        theirs.close()
        self.sock = ours
        self.lock = threading.Lock()
        self.alive = self.ask({"op": "ready"}).get("ready", False)

    def ask(self, request: dict, fds: tuple[int, ...] = ()) -> dict:
        with self.lock:
            socket.send_fds(self.sock, [json.dumps(request).encode()], list(fds))
            answer = self.sock.recv(MAX_MESSAGE)
        if not answer:
            raise RuntimeError("the warm Studio parent has gone")
        return json.loads(answer)

    def close(self) -> None:
        self.sock.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


def warm_parent(log_dir: Path) -> WarmParent | None:
    """The session's warm parent, started on first use (None: not on this system)."""
    global _WARM
    if not available():
        return None
    with _WARM_LOCK:
        if _WARM is None:
            log_dir.mkdir(parents=True, exist_ok=True)
            _WARM = WarmParent(log_dir / "warm-studio.log")
            from support import watchdog

            watchdog.lasting_children.add(_WARM.proc.pid)
        return _WARM if _WARM.alive else None


def stop_warm_parent() -> None:
    global _WARM
    with _WARM_LOCK:
        if _WARM is not None:
            from support import watchdog

            watchdog.lasting_children.discard(_WARM.proc.pid)
            _WARM.close()
            _WARM = None


def live_children() -> dict[int, str]:
    """Studios the warm parent forked that still run: {pid: command line}."""
    if _WARM is None:
        return {}
    return {int(pid): line for pid, line in _WARM.ask({"op": "children"})["children"].items()}


class ForkedProcess:
    """A forked Studio, as far as tests use a `subprocess.Popen`."""

    def __init__(self, parent: WarmParent, argv: list[str], cwd: Path, env: dict, stderr_fd: int,
                 open_files: int | None) -> None:
        in_r, in_w = os.pipe()
        out_r, out_w = os.pipe()
        try:
            answer = parent.ask({"op": "start", "argv": argv, "cwd": str(cwd), "env": env, "open_files": open_files},
                                (in_r, out_w, stderr_fd))
        finally:
            os.close(in_r)
            os.close(out_w)
        self.parent, self.pid, self.args = parent, int(answer["pid"]), argv
        self.stdin = os.fdopen(in_w, "wb")
        self.stdout = os.fdopen(out_r, "rb")
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            code = self.parent.ask({"op": "status", "pid": self.pid})["code"]
            if code is not None:
                self.returncode = code
                self.stdout.close()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(self.args, timeout)
            time.sleep(0.01)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


# ---------------------------------------------------------------------- the warm parent itself

def _warm_up() -> None:
    """Import what a Studio start imports (server.run's imports and uvicorn's lazy ones)."""
    import anchor_console.cli  # noqa: F401
    import anchor_console.studio.api  # noqa: F401
    import anchor_console.studio.audience  # noqa: F401
    import anchor_console.studio.chaos  # noqa: F401
    import anchor_console.studio.connections  # noqa: F401
    import anchor_console.studio.demo  # noqa: F401
    import anchor_console.studio.logs  # noqa: F401
    import anchor_console.studio.server  # noqa: F401
    import anchor_console.studio.services  # noqa: F401
    import anchor_console.studio.wechat  # noqa: F401
    import uvicorn  # noqa: F401

    for name in ("uvicorn.lifespan.on", "uvicorn.loops.auto", "uvicorn.loops.asyncio", "uvicorn.protocols.http.auto",
                 "uvicorn.protocols.http.h11_impl", "uvicorn.protocols.http.httptools_impl",
                 "uvicorn.protocols.websockets.auto", "uvicorn.protocols.websockets.websockets_impl",
                 "uvicorn.protocols.websockets.wsproto_impl"):
        try:
            __import__(name)
        except ImportError:
            pass


def _run_child(sock: socket.socket, request: dict, fds: list[int]) -> None:
    """In the forked child: become `python -m anchor_console <argv>` on the test's pipes."""
    code = 1
    try:
        sock.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        if request.get("open_files"):
            import resource

            resource.setrlimit(resource.RLIMIT_NOFILE, (request["open_files"], request["open_files"]))
        sys.argv = [sys.executable, "-m", "anchor_console", *request["argv"]]
        from anchor_console.cli import main

        code = main(request["argv"]) or 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _serve(sock: socket.socket) -> None:
    _warm_up()
    children: dict[int, str] = {}
    codes: dict[int, int] = {}

    def reap() -> None:
        for pid in list(children):
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done, status = pid, 0
            if done:
                codes[pid] = os.waitstatus_to_exitcode(status)
                del children[pid]

    while True:
        message, fds, _flags, _addr = socket.recv_fds(sock, MAX_MESSAGE, 3)
        if not message:
            break   # the test process has gone: so do we (our children follow their stdin)
        request = json.loads(message)
        reap()
        op = request["op"]
        if op == "start":
            pid = os.fork()
            if pid == 0:
                _run_child(sock, request, fds)
            for fd in fds:
                os.close(fd)
            children[pid] = "anchor_console " + " ".join(request["argv"])
            answer: dict = {"pid": pid}
        elif op == "status":
            answer = {"code": codes.get(request["pid"])}
        elif op == "children":
            answer = {"children": children}
        else:
            answer = {"ready": True}
        sock.send(json.dumps(answer).encode())


if __name__ == "__main__":
    _serve(socket.socket(fileno=int(sys.argv[1])))
