"""A throwaway PostgreSQL for tests: a cluster made with the system's own binaries (initdb, pg_ctl)
in a temporary folder, listening only on a Unix socket there, one fresh database per Studio, stopped
and deleted when the test session ends.

Which backend Studio's tests run on: `--studio-db postgresql` (or ANCHOR_STUDIO_TEST_DB=postgresql)
runs the Studio tests that make their database through `studio_database` on PostgreSQL; the default
is SQLite. Where no PostgreSQL binaries or no psycopg exist, `postgres_or_skip` says so and skips."""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

BACKEND_ENV = "ANCHOR_STUDIO_TEST_DB"
_names = itertools.count(1)


def backend() -> str:
    return os.environ.get(BACKEND_ENV, "sqlite")


def _binaries() -> Path | None:
    """The folder with initdb, pg_ctl and postgres: on PATH, /usr/local/bin, or Debian's versioned one."""
    found = shutil.which("initdb")
    candidates = [Path(found).parent] if found else []
    candidates += [Path("/usr/local/bin")] + [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                                                                       reverse=True)]
    for folder in candidates:
        if all((folder / b).exists() for b in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def why_not() -> str | None:
    """Why no throwaway PostgreSQL can be made here, or None when it can."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'psycopg[binary]')"
    if _binaries() is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl, postgres) on this machine"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser: initdb refuses to run as root"
    return None


class ThrowawayCluster:
    def __init__(self) -> None:
        self.bin = _binaries()
        # Short path: a Unix socket's path is limited to ~100 bytes.
        self.dir = Path(tempfile.mkdtemp(prefix="pg"))
        self.port = _free_port()
        self._as_owner: list[str] = []
        if os.geteuid() == 0:   # initdb and postgres refuse root: the cluster belongs to a plain user
            user = "postgres" if _user_exists("postgres") else "nobody"
            shutil.chown(self.dir, user)
            self._as_owner = ["runuser", "-u", user, "--"]
        self._run("initdb", "-D", str(self.dir / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-sync", "--locale=C")
        # fsync off: the tests check which commits ask to be durable (the statements), not the disk.
        # 300 connections: test worlds leave their Studio open until the process ends, as on SQLite.
        options = f"-k {self.dir} -p {self.port} -c listen_addresses='' -c fsync=off -c max_connections=300"
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w", "-o", options, "start")
        self.running = True

    def _run(self, binary: str, *args: str) -> None:
        subprocess.run([*self._as_owner, str(self.bin / binary), *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@/{database}?host={self.dir}&port={self.port}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.running:
            self.running = False
            try:
                self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")
            finally:
                shutil.rmtree(self.dir, ignore_errors=True)


_cluster: ThrowawayCluster | None = None


def cluster() -> ThrowawayCluster:
    """The session's cluster, started on first use."""
    global _cluster
    if _cluster is None or not _cluster.running:
        _cluster = ThrowawayCluster()
        atexit.register(_cluster.stop)   # also stopped by stop_cluster() at the session's end
    return _cluster


def stop_cluster() -> None:
    if _cluster is not None:
        _cluster.stop()


def postgres_or_skip() -> ThrowawayCluster:
    reason = why_not()
    if reason:
        pytest.skip(f"PostgreSQL backend not testable here: {reason}")
    return cluster()


def fresh_postgres_url() -> str:
    return postgres_or_skip().create_database(f"studio_{os.getpid()}_{next(_names)}")


_databases: dict[tuple[str, str], str] = {}


def studio_database(folder: Path, name: str = "studio") -> Path | str:
    """Where a test's Studio keeps its data: a SQLite file in `folder`, or, when the run is on
    PostgreSQL, a database of its own — the same one again for the same folder and name (a Studio
    restarted on its data)."""
    if backend() != "postgresql":
        return folder / f"{name}.sqlite"
    key = (str(folder), name)
    if key not in _databases or not cluster_running():
        _databases[key] = fresh_postgres_url()
    return _databases[key]


def cluster_running() -> bool:
    return _cluster is not None and _cluster.running


# A Studio test that reads or writes Studio's SQLite file itself (an older Studio's database, say):
# it runs when the run is on SQLite only.
# (A string condition: read when the test runs, after --studio-db has set the environment.)
sqlite_only = pytest.mark.skipif(f"os.environ.get('{BACKEND_ENV}') == 'postgresql'",
                                 reason="works on Studio's SQLite file itself")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
