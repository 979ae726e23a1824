"""``/healthz`` (the process lives) and ``/readyz`` (the database answers, at the head revision)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from app.migrate import head_revision
from tests.support import DatabaseServer, LiveServer, free_port, live_server, unique_name


def test_healthz(client: httpx.Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_the_database_and_its_revision(client: httpx.Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "revision": head_revision()}


def test_readyz_fails_when_the_database_cannot_be_reached(tmp_path: Path) -> None:
    nowhere = f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/none"
    with live_server(nowhere, tmp_path) as live, httpx.Client(base_url=live.base_url) as http:
        assert http.get("/healthz").status_code == 200
        response = http.get("/readyz")
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_readyz_fails_on_a_database_that_is_not_migrated(
    db_server: DatabaseServer, tmp_path: Path
) -> None:
    name = unique_name("bosetting_empty")
    url = asyncio.run(db_server.create(name))
    try:
        with live_server(url, tmp_path) as live, httpx.Client(base_url=live.base_url) as http:
            response = http.get("/readyz")
            assert response.status_code == 503
            assert response.json()["database"] == f"at revision None, needs {head_revision()}"
    finally:
        asyncio.run(db_server.drop(name))


def test_unknown_paths_are_404(server: LiveServer, client: httpx.Client) -> None:
    assert client.get("/graphiql/static/../../pyproject.toml").status_code == 404
    assert client.get("/graphiql/static/not-a-file.js").status_code == 404
