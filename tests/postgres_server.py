"""A throwaway PostgreSQL server for the tests: initdb + postgres on a free loopback port, socket in a temp dir.

The binaries come from PATH or ``/usr/lib/postgresql/*/bin`` (version 14 or newer). initdb refuses to run as
root, so as root the cluster belongs to the ``postgres`` user. ``find_binaries`` says why a server cannot be had;
the fixtures skip with that reason (and fail in CI, which installs PostgreSQL).
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

MIN_VERSION = 14
READY_TIMEOUT = 60.0


class Unavailable(Exception):
    """No PostgreSQL server can be started here; the message says why."""


def find_binaries() -> Path:
    """The folder holding initdb, postgres and pg_isready (the newest suitable version)."""
    candidates = [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_of, reverse=True)]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.insert(0, Path(on_path).resolve().parent)
    for folder in candidates:
        if all((folder / tool).exists() for tool in ("initdb", "postgres", "pg_isready")):
            version = _server_version(folder)
            if version >= MIN_VERSION:
                return folder
    raise Unavailable(f"PostgreSQL ≥ {MIN_VERSION} not found (initdb and postgres on PATH or in /usr/lib/postgresql/*/bin)")


def _version_of(folder: str) -> int:
    match = re.search(r"/(\d+)/bin$", folder)
    return int(match.group(1)) if match else 0


def _server_version(folder: Path) -> int:
    out = subprocess.run([str(folder / "postgres"), "--version"], capture_output=True, text=True, check=False).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """One cluster with trust authentication for the ``postgres`` role, listening on 127.0.0.1 only."""

    def __init__(self) -> None:
        self.bin = find_binaries()
        self.user: str | None = None
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable("running as root and there is no `postgres` user to own the cluster") from None
            self.user = "postgres"
        self.root = Path(tempfile.mkdtemp(prefix="newsbot-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> PostgresServer:
        if self.user is not None:
            shutil.chown(self.root, self.user)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C",
                  "--no-sync")
        log = (self.root / "server.log").open("wb")
        self.proc = subprocess.Popen(
            [str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port), "-k", str(self.root),
             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "shared_buffers=128MB"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, user=self.user, start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + READY_TIMEOUT
        while not self._ready():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise Unavailable(f"PostgreSQL did not start:\n{self.log()}")
            time.sleep(0.05)
        return self

    def _ready(self) -> bool:
        check = subprocess.run(
            [str(self.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-t", "1"],
            capture_output=True, check=False,
        )
        return check.returncode == 0

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run([str(self.bin / tool), *args], capture_output=True, text=True, user=self.user,
                              cwd=self.root, check=False)
        if done.returncode != 0:
            raise Unavailable(f"{tool} failed: {done.stderr.strip() or done.stdout.strip()}")

    def log(self) -> str:
        try:
            return (self.root / "server.log").read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def psql(self, sql: str, database: str = "postgres") -> str:
        done = subprocess.run(
            [str(self.bin / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", self.url(database),
             "-c", sql], capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}")
        return done.stdout

    def create_database(self, name: str, template: str = "template0") -> str:
        """A new database (a copy of ``template``); returns its URL."""
        self.psql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Fast shutdown (SIGINT), then the files go."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(2)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)
