"""The access-rule tests share one world: a database of their own and a live server on it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from app.db import make_engine
from tests.authz.world import World, build_world
from tests.support import DatabaseServer, LiveServer, live_server, unique_name


@pytest.fixture(scope="package")
async def world_db(db_server: DatabaseServer, template_db: str) -> AsyncIterator[tuple[str, World]]:
    name = unique_name("bosetting_world")
    url = await db_server.create(name, template=template_db)
    engine = make_engine(url, pool_size=1)
    world = await build_world(engine)
    await engine.dispose()
    yield url, world
    await db_server.drop(name)


@pytest.fixture(scope="package")
def world(world_db: tuple[str, World]) -> World:
    return world_db[1]


@pytest.fixture(scope="package")
def world_server(
    world_db: tuple[str, World], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    # The access tests send thousands of requests as one caller (now faster than 600 a minute);
    # the per-caller limit is tested where it is set (tests/http/test_http_edges.py).
    with live_server(
        world_db[0], tmp_path_factory.mktemp("world-server"), rate_limit_per_minute=100_000
    ) as live:
        yield live


@pytest.fixture
def world_client(world_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=world_server.base_url, timeout=20) as http:
        yield http
