"""Real parts for tests: a PostgreSQL server, databases cloned from a template, a uvicorn server."""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import uvicorn
from sqlalchemy import event, insert, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from app.asgi import create_app
from app.db import make_engine
from app.embedded import (
    embedded_lock,
    embedded_status,
    start_embedded_postgres,
    stop_embedded_postgres,
)
from app.httpserver import uvicorn_http_options
from app.settings import ROOT, Settings, normalize_database_url
from authz.devkeys import issue_dev_token
from models import Person
from models.folding import fold
from models.identifikatorer import duf_nr
from schema.context import Context

TEST_PERSONS = 1500
TEST_SEED = 7


TEST_PGDATA = ROOT / "var" / "test-postgres"
STARTED_BY_TESTS = "started-by-tests"
"""A file in the test server's data folder: a test session started it, so the last session to
leave stops it (release_test_postgres). A server started otherwise has none and is left be."""


def server_url() -> URL:
    """The PostgreSQL server the tests use: TEST_DATABASE_URL, or the embedded one."""
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        return make_url(normalize_database_url(given))
    return make_url(start_test_postgres(TEST_PGDATA))


def release_server() -> None:
    """At the end of a session: stop the embedded test server if the tests started it."""
    if not os.environ.get("TEST_DATABASE_URL"):
        release_test_postgres(TEST_PGDATA)


def start_test_postgres(pgdata: Path) -> str:
    """Start or join the embedded server in ``pgdata``; if this call started it, mark it."""
    was_running = embedded_status(pgdata).running
    url = start_embedded_postgres(pgdata, "postgres")
    if not was_running:
        # Two sessions starting at once may both mark it: the mark says only "tests started it".
        (pgdata / STARTED_BY_TESTS).touch()
    return url


def release_test_postgres(pgdata: Path) -> bool:
    """Stop the server in ``pgdata`` when test sessions started it (the mark) and no other
    process uses it: other pytest runs joined it, and the last one to leave stops it. True when
    this call stopped it."""
    mark = pgdata / STARTED_BY_TESTS
    with embedded_lock(pgdata):  # no session joins or starts it while this decides
        status = embedded_status(pgdata)
        if not status.running:
            mark.unlink(missing_ok=True)
            return False
        if not mark.exists() or status.users:
            return False
        stop_embedded_postgres(pgdata)
        mark.unlink()
        return True


@dataclass
class DatabaseServer:
    """Creates and drops databases on one server; test databases clone one template."""

    url: URL

    def database_url(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    async def _admin(self, *statements: str) -> None:
        dsn = self.url.set(drivername="postgresql", database="postgres")
        connection = await asyncpg.connect(dsn.render_as_string(hide_password=False))
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()

    async def create(self, name: str, template: str | None = None) -> str:
        clause = f' TEMPLATE "{template}"' if template else ""
        await self._admin(
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"{clause}'
        )
        return self.database_url(name)

    async def drop(self, name: str) -> None:
        await self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def unique_name(prefix: str) -> str:
    return f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    """A uvicorn server in a thread, serving the real app on a loopback port."""

    base_url: str
    settings: Settings
    engine: AsyncEngine

    def token(self, subject: str, **kwargs: object) -> str:
        return issue_dev_token(
            self.settings.dev_key_dir,
            subject,
            issuer=self.settings.jwt_issuer,
            audience=self.settings.jwt_audience,
            **kwargs,  # type: ignore[arg-type]
        )


@contextmanager
def live_server(database_url: str, data_dir: Path, **overrides: Any) -> Iterator[LiveServer]:
    # The tests send many refused tokens from 127.0.0.1 on purpose; the failed-login limit per
    # address is tested with its default by the tests that set it (tests/http/test_rate_limit.py).
    overrides.setdefault("failed_logins_per_minute", 100_000)
    # The outbox is delivered only where a test asks for it (tests/utsending/).
    overrides.setdefault("utsending", "off")
    settings = replace(
        Settings(),
        data_dir=data_dir,
        vendor_dir=ROOT / "var" / "graphiql",
        database_url=database_url,
        **overrides,
    )
    port = free_port()
    app = create_app(settings)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ws="websockets-sansio",
        lifespan="on",
        timeout_graceful_shutdown=5,
        ws_max_size=settings.max_body_bytes,
        **uvicorn_http_options(),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield LiveServer(
            base_url=f"http://127.0.0.1:{port}", settings=settings, engine=app.state.engine
        )
    finally:
        # Down before the caller drops its database: a lingering server would lose its
        # connections to a DROP DATABASE … WITH (FORCE) and die in a later test.
        server.should_exit = True
        thread.join(timeout=15)
        if thread.is_alive():
            server.force_exit = True
            thread.join(timeout=10)
        if thread.is_alive():
            raise RuntimeError(f"the test server on port {port} did not stop")


def run(coroutine: object) -> object:
    return asyncio.run(coroutine)  # type: ignore[arg-type]


_serials = itertools.count(1)


@dataclass
class Api:
    server: LiveServer
    http: httpx.Client

    async def __call__(self, subject: str, query: str, **variables: Any) -> dict[str, Any]:
        """POST as ``subject``, off the test's event loop (the server runs on its own)."""
        return await asyncio.to_thread(self.post, subject, query, variables)

    def post(self, subject: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        return self.post_token(self.server.token(subject), query, variables)

    def post_token(self, token: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        """POST with ``token`` (a machine client's, say)."""
        response = self.http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


async def make_person(
    engine: AsyncEngine,
    *,
    regnr: str | None = None,
    sakstype: str = "ASYL",
    botilbud: str = "PRIVAT",
    status: str = "BOSETTINGSKLAR",
    familierolle: str = "HOVEDPERSON",
) -> str:
    serial = next(_serials)
    number = duf_nr(2025, 880000 + serial)
    async with engine.begin() as connection:
        await connection.execute(
            insert(Person).values(
                duf_nr=number,
                fornavn="Test",
                etternavn=f"Person{serial}",
                navn_sok=fold(f"Test Person{serial}"),
                fodselsdato=date(1990, 1, 1),
                kjonn="MANN",
                nasjonalitet="SYR",
                registreringsnummer=regnr or f"77{serial:08d}",
                familierolle=familierolle,
                sakstype=sakstype,
                bosettingsstatus=status,
                botilbud=botilbud,
            )
        )
    return number


def sql_rows(url: str, statement: str, **params: Any) -> list[Any]:
    """The rows of one statement, on a connection of its own (for tests that run no loop)."""

    async def run() -> list[Any]:
        engine = make_engine(url, pool_size=1)
        try:
            async with engine.connect() as connection:
                return list((await connection.execute(text(statement), params)).all())
        finally:
            await engine.dispose()

    return asyncio.run(run())


async def execute_sql(url: str, statement: str, **params: Any) -> None:
    """Run one statement and commit it, on a connection of its own (a change made behind the
    service's back, as an operator's psql would)."""
    engine = make_engine(url, pool_size=1)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(statement), params)
    finally:
        await engine.dispose()


def sql_execute(url: str, statement: str, **params: Any) -> None:
    """:func:`execute_sql` for a test that runs no event loop."""
    asyncio.run(execute_sql(url, statement, **params))


class _InProcessRequest:
    scope: dict[str, Any] = {}  # noqa: RUF012


def in_process_context(
    engine: AsyncEngine, principal: Any, request_id: str, varselhub: Any = None
) -> Context:
    """The context of a request run in-process with ``schema.execute`` (no HTTP)."""
    return Context(
        request=_InProcessRequest(),  # type: ignore[arg-type]
        response=None,
        engine=engine,
        request_id=request_id,
        principal=principal,
        varselhub=varselhub,
    )


@contextmanager
def counted(server: LiveServer) -> Iterator[list[str]]:
    """The SQL statements the live server runs meanwhile (not the rate limit's background
    reconciliation, which counts for every request of the process at once)."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "rategrense" not in statement:
            statements.append(statement)

    event.listen(server.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(server.engine.sync_engine, "before_cursor_execute", record)
