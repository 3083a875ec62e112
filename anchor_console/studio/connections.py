"""Connections held open cannot lock real requests out: a cap on connections below the process's
file-descriptor limit, a deadline for a request's headers, and eviction of the idlest when full.

uvicorn reads a request's headers with no deadline and accepts until `accept()` fails with "Too
many open files" — then every request waits, and the failure is logged thousands of times a
second. Here (a subclass of uvicorn's httptools protocol) each connection is, at any moment:
  waiting   for a request's headers (since it opened, or since a keep-alive request began);
  busy      a request is being served (an event stream stays busy);
  idle      a kept-alive connection between requests (uvicorn closes it after its keep-alive time).
A connection waiting longer than HEADER_TIMEOUT_S gets a 408 and is closed. When a new connection
makes one too many, the one waiting longest goes (else the one idle longest, else the new one,
with a 503), so a thousand half-sent requests only ever delay a real one by one eviction."""

from __future__ import annotations

import json
import logging
import sys
import time

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger("anchor_console.studio")

HEADER_TIMEOUT_S = 10.0
KEEP_ALIVE_S = 15
# asyncio accepts up to BACKLOG connections per wake-up and only then makes their protocols (in tasks,
# on later turns of the loop), and an evicted connection's socket closes a turn later still: several
# bursts of files beyond the cap may be open at a moment, besides Studio's own (database, WAL, logs,
# pipes, the listening socket, a static file being sent).
BACKLOG = 64
FD_RESERVE = 64 + 8 * BACKLOG


def _raw_response(status: int, reason: str, code: str, message: str) -> bytes:
    body = json.dumps({"code": code, "message": message}).encode()
    return (f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
            f"connection: close\r\n\r\n").encode() + body


REQUEST_TIMEOUT = _raw_response(408, "Request Timeout", "request_timeout", "The request headers did not arrive in time.")
BUSY = _raw_response(503, "Service Unavailable", "busy", "Studio has too many connections open; try again.")


def connection_limit(requested: int | None = None) -> int:
    """Connections Studio accepts at once: what was asked, else what the file-descriptor limit
    leaves (raising the soft limit to the hard one first, as servers do)."""
    if requested:
        return requested
    if sys.platform == "win32":
        return 4096
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass
    limit = 65536 if soft == resource.RLIM_INFINITY else soft
    return max(16, min(limit - FD_RESERVE, 60000))


class ConnectionGuard:
    def __init__(self, max_connections: int, header_timeout_s: float = HEADER_TIMEOUT_S,
                 clock=time.monotonic) -> None:
        self.max_connections = max_connections
        self.header_timeout_s = header_timeout_s
        self.clock = clock
        self.open = 0
        self.evicted = 0
        self.timed_out = 0
        # Insertion-ordered: the first is the one waiting (or idle) longest.
        self.waiting: dict[GuardedHttpProtocol, float] = {}
        self.idle: dict[GuardedHttpProtocol, float] = {}

    def opened(self, conn: GuardedHttpProtocol) -> None:
        self.open += 1
        self.waiting[conn] = self.clock()
        if self.open > self.max_connections:
            self._make_room(conn)

    def _make_room(self, newcomer: GuardedHttpProtocol) -> None:
        for pool in (self.waiting, self.idle):
            for victim in pool:
                if victim is not newcomer:
                    self.evicted += 1
                    victim.refuse(REQUEST_TIMEOUT if pool is self.waiting else b"")
                    return
        newcomer.refuse(BUSY)

    def reading(self, conn: GuardedHttpProtocol) -> None:
        self.idle.pop(conn, None)
        self.waiting.setdefault(conn, self.clock())

    def busy(self, conn: GuardedHttpProtocol) -> None:
        self.waiting.pop(conn, None)
        self.idle.pop(conn, None)

    def rested(self, conn: GuardedHttpProtocol) -> None:
        self.waiting.pop(conn, None)
        self.idle[conn] = self.clock()

    def closed(self, conn: GuardedHttpProtocol) -> None:
        self.open -= 1
        self.waiting.pop(conn, None)
        self.idle.pop(conn, None)

    def sweep(self) -> None:
        """Close connections whose request headers are overdue (every second, from the server)."""
        cutoff = self.clock() - self.header_timeout_s
        overdue = []
        for conn, since in self.waiting.items():
            if since > cutoff:
                break
            overdue.append(conn)
        for conn in overdue:
            self.timed_out += 1
            conn.refuse(REQUEST_TIMEOUT)


def guarded_protocol(guard: ConnectionGuard) -> type[HttpToolsProtocol]:
    """uvicorn's httptools protocol, telling `guard` what each connection is doing."""
    return type("GuardedHttpProtocol", (GuardedHttpProtocol,), {"guard": guard})


class GuardedHttpProtocol(HttpToolsProtocol):
    guard: ConnectionGuard

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.guard.opened(self)

    def connection_lost(self, exc) -> None:
        self.guard.closed(self)
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.guard.reading(self)

    def on_headers_complete(self) -> None:
        self.guard.busy(self)
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self.guard.rested(self)

    def refuse(self, answer: bytes) -> None:
        """Close this connection (with `answer`, if it can take one); it stops counting at once."""
        self.guard.waiting.pop(self, None)
        self.guard.idle.pop(self, None)
        if not self.transport.is_closing():
            if answer:
                self.transport.write(answer)
            self.transport.close()
