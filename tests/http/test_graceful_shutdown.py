"""Graceful shutdown: SIGTERM while requests are in flight; each of them still gets its answer."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

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
    refused: list[Exception] = []
    with log.open("w") as output:
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

            sent = threading.Semaphore(0)

            def ask() -> None:
                try:
                    with httpx.Client(
                        event_hooks={"request": [lambda request: sent.release()]}, timeout=60
                    ) as client:
                        answers.append(
                            client.post(
                                f"{base}/graphql",
                                json={"query": EVERYTHING, "variables": {"d": numbers}},
                                headers=headers,
                            )
                        )
                except httpx.ConnectError as error:  # came after SIGTERM: no new connections
                    refused.append(error)

            threads = [threading.Thread(target=ask) for _ in range(REQUESTS)]
            for thread in threads:
                thread.start()
            # Every request on its way (on a loaded machine the threads start late), then a
            # moment for them to reach the server: the signal comes while they are answered.
            for _ in threads:
                assert sent.acquire(timeout=30), "a request was not sent"
            time.sleep(0.05)
            process.send_signal(signal.SIGTERM)
            for thread in threads:
                thread.join(timeout=60)
            process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
    text = log.read_text()
    # Shutdown began while connections were open…
    assert "Waiting for connections to close" in text, text[-3000:]
    # …and every request that reached the server got its whole answer.
    assert len(answers) + len(refused) == REQUESTS
    assert answers
    assert {answer.status_code for answer in answers} == {200}
    assert all(len(answer.json()["data"]["personer"]) == 200 for answer in answers)
    # uvicorn re-raises the signal once it has shut down gracefully.
    assert process.returncode in (0, -signal.SIGTERM)
