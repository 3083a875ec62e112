"""The control API's listening sockets and its uvicorn server, run inside the session's loop.

`listen(port)` binds the loopback addresses: 127.0.0.1 and, where this computer has IPv6, ::1 on
the same port. Both, because a client told "localhost" may try ::1 first: were ::1:port free,
another local user could listen there and collect the token from every such client. A ::1 port
someone else holds is a start failure, said as such; a computer without IPv6 loopback has no ::1
for anyone to take."""

import contextlib
import errno
import socket

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, os_error_words

HOST, HOST6 = "127.0.0.1", "::1"
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
        sock.listen(128)
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
