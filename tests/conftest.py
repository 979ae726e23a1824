"""Fixtures: a real PostgreSQL, a seeded template database, per-test clones, a live server."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.db import make_engine
from app.migrate import upgrade_async
from demodata.load import load
from tests.support import (
    TEST_PERSONS,
    TEST_SEED,
    Api,
    DatabaseServer,
    LiveServer,
    live_server,
    release_server,
    server_url,
    unique_name,
)
from tests.workflow_support import (  # noqa: F401 (the workflow tests' callers, as fixtures)
    anmoder,
    anmoder_les,
    bosetter,
    bosetter_les,
    bufetat,
    imdi,
)

# A server a test starts (in process or as `bosetting serve`) delivers no letters unless the
# test asks (tests/utsending/): each would otherwise dispatch the letters of the databases it
# shares with other tests.
os.environ.setdefault("BOSETTING_UTSENDING", "off")


@pytest.fixture(scope="session")
def db_server() -> Iterator[DatabaseServer]:
    yield DatabaseServer(server_url())
    # Last down (after every database fixture): stops the embedded server if this run started it.
    release_server()


@pytest.fixture(scope="session")
async def template_db(db_server: DatabaseServer) -> AsyncIterator[str]:
    """A database migrated to head and loaded with the deterministic test data set."""
    name = unique_name("bosetting_tmpl")
    url = await db_server.create(name)
    await upgrade_async(url)
    engine = make_engine(url, pool_size=2)
    await load(engine, seed=TEST_SEED, persons=TEST_PERSONS, show_progress=False)
    await engine.dispose()
    yield name
    await db_server.drop(name)


@pytest.fixture
async def fresh_db(db_server: DatabaseServer, template_db: str) -> AsyncIterator[str]:
    """A database of its own for one test (a clone of the template); dropped afterwards."""
    name = unique_name("bosetting_t")
    url = await db_server.create(name, template=template_db)
    yield url
    await db_server.drop(name)


@pytest.fixture
async def engine(fresh_db: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(fresh_db, pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
async def shared_db(db_server: DatabaseServer, template_db: str) -> AsyncIterator[str]:
    """One clone for the read-only HTTP tests of the whole session."""
    name = unique_name("bosetting_shared")
    url = await db_server.create(name, template=template_db)
    yield url
    await db_server.drop(name)


@pytest.fixture(scope="session")
def server(shared_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The real app on a real uvicorn server, over the shared read-only database."""
    data_dir: Path = tmp_path_factory.mktemp("server-data")
    with live_server(shared_db, data_dir) as live:
        yield live


@pytest.fixture
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=20) as http:
        yield http


@pytest.fixture
def api(fresh_db: str, tmp_path: Path) -> Iterator[Api]:
    """A live server of its own, on a database of its own (for tests that write)."""
    with (
        live_server(fresh_db, tmp_path) as live,
        httpx.Client(base_url=live.base_url, timeout=30) as http,
    ):
        yield Api(live, http)


@pytest.fixture(scope="session")
async def workflow_engine(
    db_server: DatabaseServer, template_db: str
) -> AsyncIterator[AsyncEngine]:
    """One clone of the template for the tests that run on ``connection``; they never commit,
    so it stays as seeded. Not ``shared_db``: the live HTTP tests read that one."""
    name = unique_name("bosetting_wf")
    url = await db_server.create(name, template=template_db)
    engine = make_engine(url, pool_size=1)
    yield engine
    await engine.dispose()
    await db_server.drop(name)


@pytest.fixture
async def connection(workflow_engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection inside a transaction that is rolled back after the test (what the test
    wrote is seen by nobody else); the workflows' savepoints (``begin_nested``) nest inside."""
    conn = await workflow_engine.connect()
    trans = await conn.begin()
    try:
        yield conn
    finally:
        await trans.rollback()
        await conn.close()
