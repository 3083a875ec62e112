"""The control API's listening sockets and its uvicorn server, run inside the session's loop.

`capped_protocol()` is uvicorn's HTTP protocol with two bounds of the console's own: at most
`MAX_CONNECTIONS` open connections (state streams included; one more is closed as soon as it is
accepted, so idle sockets cannot use up the console's file handles, which its journal and platform
connections need), and a request's head must arrive within `FIRST_REQUEST_S` of the connection (or
of its first byte on a kept-alive one). The listen backlog is as small: asyncio accepts up to a
backlog of connections in one go before any is looked at (uvicorn's default, 2,048, let a burst
of idle sockets use up the file handles before the cap saw them). uvicorn's own `limit_concurrency` answers 503 on
connections it has already accepted and waits forever for a first request, so neither bounds them.

`listen(port)` binds the loopback addresses: 127.0.0.1 and, where this computer has IPv6, ::1 on
the same port. Both, because a client told "localhost" may try ::1 first: were ::1:port free,
another local user could listen there and collect the token from every such client. A ::1 port
someone else holds is a start failure, said as such; a computer without IPv6 loopback has no ::1
for anyone to take."""

import contextlib
import errno
import logging
import socket
import time

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, os_error_words

log = logging.getLogger("anchor_console.session.control_api")
HOST, HOST6 = "127.0.0.1", "::1"
MAX_CONNECTIONS = 32     # Companion keeps one stream and a few request connections; a script, a few
FIRST_REQUEST_S = 3.0    # every client sends its request at once
BACKLOG = MAX_CONNECTIONS
NO_IPV6 = {errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT, getattr(errno, "EPROTONOSUPPORT", -1)}
PORT_IN_USE = QT_TRANSLATE_NOOP(
    "ControlApi", "The control API could not listen on port {port} ({error}); choose another port.")
IPV6_TAKEN = QT_TRANSLATE_NOOP(
    "ControlApi", "Another program already listens on port {port} of this computer's IPv6 address ::1 ({error}), "
                  "so the control API stays off: a key or script that says “localhost” could reach that program "
                  "and hand it the token. Choose another port.")


def _bound(family: int, host: str, port: int) -> socket.socket:
    # IPPROTO_TCP said outright: asyncio sets TCP_NODELAY on accepted connections only then
    # (without it every answer waited ~40 ms for a delayed ACK).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):   # Windows: nobody else may bind the port too
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:                                        # POSIX: a restart need not wait out TIME_WAIT
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    return sock


def listen(port: int, *, attempts: int = 5) -> list[socket.socket] | Text:
    """Listening sockets on 127.0.0.1:`port` and [::1]:`port` (the latter where IPv6 exists), or
    why not. Port 0: any free port that is free on both."""
    for _ in range(attempts if port == 0 else 1):
        try:
            v4 = _bound(socket.AF_INET, HOST, port)
        except OSError as exc:
            return PORT_IN_USE.fill(port=port, error=os_error_words(exc))
        chosen = v4.getsockname()[1]
        try:
            return [v4, _bound(socket.AF_INET6, HOST6, chosen)]
        except OSError as exc:
            if exc.errno in NO_IPV6 or not socket.has_ipv6:   # no IPv6 loopback: no ::1 to take
                return [v4]
            v4.close()
            if port == 0 and exc.errno == errno.EADDRINUSE:   # a port free on one address only: another
                continue
            return IPV6_TAKEN.fill(port=chosen, error=os_error_words(exc))
    return IPV6_TAKEN.fill(port=port, error=os_error_words(OSError(errno.EADDRINUSE, "in use")))


def close_all(sockets: list[socket.socket]) -> None:
    for sock in sockets:
        with contextlib.suppress(OSError):
            sock.close()


def in_loop_server(config):
    """uvicorn's Server, in a loop it does not own: no signal handlers of its own (the console
    handles Ctrl+C and closing; uvicorn's would replace them while it serves)."""
    import uvicorn

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self):
            yield

    return Server(config)


def capped_protocol(most: int | None = None, first_request_s: float | None = None):
    """uvicorn's httptools protocol, bounded (see the module's docstring)."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    most = MAX_CONNECTIONS if most is None else most
    first_request_s = FIRST_REQUEST_S if first_request_s is None else first_request_s
    said = [0.0]

    class Capped(HttpToolsProtocol):
        _head_timer = None

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            if len(self.connections) > most:
                if time.monotonic() - said[0] > 30:
                    said[0] = time.monotonic()
                    log.warning("control API: %d connections open; refusing more", most)
                transport.abort()   # its file handle is freed now, not when the client gives up
                return
            self._arm()

        def _arm(self) -> None:
            self._head_timer = self.loop.call_later(first_request_s, self._too_slow)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _too_slow(self) -> None:
            self._head_timer = None
            self.transport.abort()

        def on_message_begin(self) -> None:
            super().on_message_begin()
            if self._head_timer is None:   # a kept-alive connection's next request
                self._arm()

        def on_headers_complete(self) -> None:
            self._disarm()
            super().on_headers_complete()

        def connection_lost(self, exc) -> None:
            self._disarm()
            super().connection_lost(exc)

    return Capped
