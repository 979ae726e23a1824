"""Graceful shutdown: SIGTERM while requests are in flight; each of them still gets its answer.

The requests are held inside the app (the test locks the innsynslogg they write) until the
shutdown has begun, so "in flight" does not depend on the machine's speed."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy import select

from app.db import make_engine
from app.settings import ROOT
from models import Person
from tests.authz.support import EVERYTHING
from tests.support import LiveServer, free_port

REQUESTS = 6


def some_duf_numbers(database_url: str) -> list[str]:
    async def fetch() -> list[str]:
        engine = make_engine(database_url, pool_size=1)
        async with engine.connect() as connection:
            numbers = list(
                await connection.scalars(select(Person.duf_nr).order_by(Person.id).limit(200))
            )
        await engine.dispose()
        return numbers

    return asyncio.run(fetch())


def _plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


@contextmanager
def held(database_url: str, statement: str) -> Iterator[Callable[[], None]]:
    """``statement`` (a lock) held in a transaction of its own, on a thread of its own, until
    the function this yields is called (or the block ends)."""
    locked, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    async def hold() -> None:
        connection = await asyncpg.connect(_plain(database_url))
        try:
            async with connection.transaction():
                await connection.execute(statement)
                locked.set()
                await asyncio.to_thread(release.wait)
        finally:
            await connection.close()

    def run() -> None:
        try:
            asyncio.run(hold())
        except BaseException as error:  # reported to the test below
            errors.append(error)
            locked.set()

    thread = threading.Thread(target=run)
    thread.start()
    assert locked.wait(timeout=30), "the lock was not taken"
    assert not errors, errors
    try:
        yield release.set
    finally:
        release.set()
        thread.join(timeout=30)


def waiting_on_the_log(database_url: str, count: int) -> None:
    """Until ``count`` statements wait for a lock on the innsynslogg (the requests are in the
    app, past their reads)."""

    async def poll() -> None:
        connection = await asyncpg.connect(_plain(database_url))
        try:
            deadline = time.monotonic() + 30
            while True:
                waiting = await connection.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    " AND query ILIKE '%innsynslogg%' AND pid <> pg_backend_pid()"
                )
                if waiting >= count:
                    return
                assert time.monotonic() < deadline, f"{waiting} of {count} requests waiting"
                await asyncio.sleep(0.02)
        finally:
            await connection.close()

    asyncio.run(poll())


def test_requests_in_flight_are_answered_after_sigterm(
    shared_db: str, server: LiveServer, tmp_path: Path
) -> None:
    numbers = some_duf_numbers(shared_db)
    port = free_port()
    log = tmp_path / "server.log"
    env = os.environ | {
        "DATABASE_URL": shared_db,
        "BOSETTING_DATA_DIR": str(server.settings.data_dir),
        "BOSETTING_VENDOR_DIR": str(ROOT / "var" / "graphiql"),
        "BOSETTING_LOG_JSON": "1",
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "app.asgi:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--timeout-graceful-shutdown",
        "30",
    ]
    answers: list[httpx.Response] = []
    failures: list[Exception] = []
    with (
        log.open("w") as output,
        held(shared_db, "LOCK TABLE innsynslogg IN ACCESS EXCLUSIVE MODE") as release,
    ):
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            command, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "the server did not start"
                assert process.poll() is None, "the server did not start"
                time.sleep(0.1)
            headers = {"Authorization": f"Bearer {server.token('demo-imdi-saksbehandler')}"}

            def ask() -> None:
                try:
                    with httpx.Client(timeout=60) as client:
                        answers.append(
                            client.post(
                                f"{base}/graphql",
                                json={"query": EVERYTHING, "variables": {"d": numbers}},
                                headers=headers,
                            )
                        )
                except httpx.HTTPError as error:
                    failures.append(error)

            threads = [threading.Thread(target=ask) for _ in range(REQUESTS)]
            for thread in threads:
                thread.start()
            # Each request reads its persons, then waits on the innsynslogg this test holds
            # locked: so all of them are inside the app when the signal comes, whatever the
            # machine's load. Once shutdown has begun, the lock goes and they are answered.
            waiting_on_the_log(shared_db, REQUESTS)
            process.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 30
            while "Waiting for connections to close" not in log.read_text():
                assert time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(0.05)
            release()
            for thread in threads:
                thread.join(timeout=60)
            process.wait(timeout=60)
        finally:
            release()
            if process.poll() is None:
                process.kill()
    # Shutdown began while every request was in the app, and each got its whole answer.
    assert failures == []
    assert len(answers) == REQUESTS
    assert {answer.status_code for answer in answers} == {200}
    assert all(len(answer.json()["data"]["personer"]) == 200 for answer in answers)
    # uvicorn re-raises the signal once it has shut down gracefully.
    assert process.returncode in (0, -signal.SIGTERM)
