"""HTTP over a bare socket, for what an HTTP client library will not do: stream a 200 MB body and
keep reading the answer Studio sends before it has read it, pipeline requests, hold a request
half-sent, and watch a process's memory meanwhile."""

from __future__ import annotations

import re
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


def rss_bytes(pid: int) -> int:
    """Resident memory of a process (Linux: /proc; elsewhere 0, and tests that need it skip)."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return 0
    match = re.search(r"VmRSS:\s+(\d+) kB", status.read_text())
    return int(match.group(1)) * 1024 if match else 0


def memory_is_measurable() -> bool:
    return sys.platform.startswith("linux")


@dataclass
class StreamedPost:
    status: int = 0
    answer: bytes = b""
    sent: int = 0
    peak_rss: int = 0
    headers: dict[str, str] = field(default_factory=dict)


def post_streaming(url: str, path: str, total: int, *, headers: dict[str, str] | None = None, chunked: bool = False,
                   watch_pid: int | None = None, chunk: int = 1 << 20, timeout: float = 60.0) -> StreamedPost:
    """POST `total` bytes of body to `path`, a chunk at a time, while another thread reads the
    answer; stops sending when Studio closes the connection. Samples `watch_pid`'s RSS as it goes."""
    host, port = url.split("//", 1)[1].rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=timeout)
    result = StreamedPost()
    head = [f"POST {path} HTTP/1.1", f"Host: {host}", "Content-Type: text/plain"]
    head.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {total}")
    head += [f"{k}: {v}" for k, v in (headers or {}).items()]
    received = bytearray()

    def read() -> None:
        try:
            while data := sock.recv(65536):
                received.extend(data)
        except OSError:
            pass

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    block = b"x" * chunk
    try:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        while result.sent < total:
            piece = block[:min(chunk, total - result.sent)]
            sock.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n" if chunked else piece)
            result.sent += len(piece)
            if watch_pid is not None and result.sent % (16 * chunk) == 0:
                result.peak_rss = max(result.peak_rss, rss_bytes(watch_pid))
            if received:   # answered already: what is left would only be thrown away
                break
        if chunked and result.sent >= total:
            sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass   # Studio closed the connection: expected once it has answered
    deadline = time.monotonic() + timeout
    while not _complete(bytes(received)) and reader.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    if watch_pid is not None:
        result.peak_rss = max(result.peak_rss, rss_bytes(watch_pid))
    sock.close()
    reader.join(5)
    result.answer = bytes(received)
    head_part, _, body = result.answer.partition(b"\r\n\r\n")
    lines = head_part.decode("latin-1").split("\r\n")
    if lines and lines[0].startswith("HTTP/1.1 "):
        result.status = int(lines[0].split()[1])
        result.headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    result.answer = body
    return result


def _complete(answer: bytes) -> bool:
    """A whole answer: its head, and as much body as its Content-Length says."""
    head, found, body = answer.partition(b"\r\n\r\n")
    if not found:
        return False
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    return length is None or len(body) >= int(length.group(1))


def exchange(url: str, raw: bytes, *, responses: int, timeout: float = 10.0) -> list[int]:
    """Send `raw` (one or more requests) on one connection; the statuses of up to `responses`
    answers read back (fewer if Studio closes the connection first)."""
    host, port = url.split("//", 1)[1].rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(raw)
        data = b""
        statuses: list[int] = []
        deadline = time.monotonic() + timeout
        while len(statuses) < responses and time.monotonic() < deadline:
            try:
                more = sock.recv(65536)
            except OSError:
                break
            if not more:
                break
            data += more
            statuses = [int(m) for m in re.findall(rb"HTTP/1\.1 (\d{3}) ", data)]
        return statuses


class HalfOpenSockets:
    """Holds `count` connections to Studio, each with a request half sent (headers never end),
    opening a new one whenever Studio closes one, until stopped."""

    def __init__(self, url: str, count: int) -> None:
        self.host, port = url.split("//", 1)[1].rsplit(":", 1)
        self.port, self.count = int(port), count
        self.opened = 0
        self.closed_by_studio = 0
        self._socks: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="half-open", daemon=True)

    def _open(self) -> None:
        sock = socket.create_connection((self.host, self.port), timeout=5)
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        sock.setblocking(False)
        self._socks.append(sock)
        self.opened += 1

    def start(self, timeout: float = 60.0) -> "HalfOpenSockets":
        deadline = time.monotonic() + timeout
        while len(self._socks) < self.count and time.monotonic() < deadline:
            try:
                self._open()
            except OSError:
                time.sleep(0.01)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            alive = []
            for sock in self._socks:
                try:
                    gone = sock.recv(4096) == b""
                except BlockingIOError:
                    gone = False
                except OSError:
                    gone = True
                if gone:
                    self.closed_by_studio += 1
                    sock.close()
                else:
                    alive.append(sock)
            self._socks = alive
            while len(self._socks) < self.count and not self._stop.is_set():
                try:
                    self._open()
                except OSError:
                    break

    def held(self) -> int:
        return len(self._socks)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        for sock in self._socks:
            sock.close()
        self._socks = []


def raise_open_files_limit(wanted: int) -> bool:
    """This process may hold `wanted` sockets (raising its soft limit if it must)."""
    if sys.platform == "win32":
        return False
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            return False
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return True


def main(argv: list[str]) -> int:
    """`python raw_http.py half-open URL COUNT SECONDS`: hold COUNT half-sent requests for SECONDS in
    a process of its own (so the test's own requests do not share its interpreter), then print one
    JSON line: the fewest and the median held over the checks, and how many Studio closed."""
    import json
    import statistics

    _, url, count, seconds = argv
    if not raise_open_files_limit(int(count) + 100):
        print(json.dumps({"error": "cannot hold that many sockets"}), flush=True)
        return 2
    attack = HalfOpenSockets(url, int(count)).start()
    print(json.dumps({"ready": attack.held()}), flush=True)
    held, deadline = [attack.held()], time.monotonic() + float(seconds)
    while time.monotonic() < deadline:
        time.sleep(0.2)
        held.append(attack.held())
    attack.stop()
    print(json.dumps({"fewest_held": min(held), "median_held": statistics.median(held),
                      "closed_by_studio": attack.closed_by_studio}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
