"""Studio's log: to a file that rotates (`--log-file`: 5 MB, three old ones kept) or to stderr,
with the same message repeated in a burst written a few times, then counted: a fault that repeats
thousands of times a second (a socket error in a loop) must not fill the disk. A credential in a
URL's query (IM's admin UserSig: httpx writes each request's URL at INFO) is masked."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import time
from pathlib import Path

from anchor_console.domain.log_secrets import MaskSecrets

LOG_BYTES = 5 * 1024 * 1024
LOG_BACKUPS = 3
FORMAT = "%(asctime)s studio %(levelname)s %(name)s: %(message)s"


class RepeatLimit(logging.Filter):
    """At most `burst` records with the same logger, level and message per `window_s`; the rest
    are counted and reported once, when that message next gets through."""

    def __init__(self, burst: int = 5, window_s: float = 60.0, clock=time.monotonic) -> None:
        super().__init__()
        self.burst, self.window_s, self.clock = burst, window_s, clock
        self._seen: dict[tuple, list] = {}   # key -> [window start, passed, suppressed]

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's to report, not ours
            return True
        key = (record.name, record.levelno, message[:500])
        now = self.clock()
        state = self._seen.get(key)
        if state is None or now - state[0] >= self.window_s:
            suppressed = state[2] if state else 0
            if len(self._seen) > 10_000:
                self._seen.clear()
            self._seen[key] = [now, 1, 0]
            if suppressed:
                record.msg = f"{message} (and {suppressed} more like it in the last {self.window_s:.0f} s, not written)"
                record.args = ()
            return True
        if state[1] < self.burst:
            state[1] += 1
            return True
        state[2] += 1
        return False


def setup_logging(level: str, log_file: str | None) -> None:
    handler: logging.Handler
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS,
                                                       encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(MaskSecrets())
    handler.addFilter(RepeatLimit())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, level.upper(), logging.WARNING))
