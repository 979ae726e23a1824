"""The embedded test server is stopped by the last test session to leave, if tests started it.

Runs on an embedded PostgreSQL of its own (a data folder under tmp_path), with other processes
joining it as other pytest runs would.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.embedded import embedded_lock, embedded_status, stop_embedded_postgres
from app.settings import ROOT
from tests.support import STARTED_BY_TESTS, release_test_postgres, start_test_postgres

JOIN = """
import sys, time
from pathlib import Path
from app.embedded import start_embedded_postgres
start_embedded_postgres(Path(sys.argv[1]), "postgres")
print("joined", flush=True)
time.sleep(float(sys.argv[2]))
"""


def join(pgdata: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process starts or joins the server, stays ``seconds``, and exits."""
    process = subprocess.Popen(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", JOIN, str(pgdata), str(seconds)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    with process.stdout:
        assert process.stdout.readline() == "joined\n"
    return process


@pytest.fixture
def pgdata(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "test-postgres"
    yield folder
    with embedded_lock(folder):
        if embedded_status(folder).running:
            stop_embedded_postgres(folder)


def test_a_server_the_tests_did_not_start_is_left_running(pgdata: Path) -> None:
    join(pgdata, 0).wait(timeout=60)  # started by someone else, who has left
    assert embedded_status(pgdata).running
    start_test_postgres(pgdata)
    assert not (pgdata / STARTED_BY_TESTS).exists()
    assert release_test_postgres(pgdata) is False
    assert embedded_status(pgdata).running


def test_the_last_session_to_leave_stops_the_server_the_tests_started(pgdata: Path) -> None:
    start_test_postgres(pgdata)  # this session starts it
    assert (pgdata / STARTED_BY_TESTS).exists()
    other = join(pgdata, 120)  # another pytest run joins it
    try:
        status = embedded_status(pgdata)
        assert [u.pid for u in status.users] == [other.pid]
        assert release_test_postgres(pgdata) is False  # the other run still uses it
        assert embedded_status(pgdata).running
    finally:
        other.kill()  # gone without a word: its id stays in the list, dead
        other.wait(timeout=30)
    assert embedded_status(pgdata).users == ()
    assert release_test_postgres(pgdata) is True
    assert not embedded_status(pgdata).running
    assert not (pgdata / STARTED_BY_TESTS).exists()

    # The next session starts it again (this process's handle from before included).
    url = start_test_postgres(pgdata)
    assert embedded_status(pgdata).running
    assert f"port={embedded_status(pgdata).port}" in url
    assert release_test_postgres(pgdata) is True


def test_a_session_that_joined_and_leaves_last_stops_it(pgdata: Path) -> None:
    starter = join(pgdata, 120)
    (pgdata / STARTED_BY_TESTS).touch()  # the starter was a test session
    start_test_postgres(pgdata)  # this session joins
    try:
        assert release_test_postgres(pgdata) is False
    finally:
        starter.kill()
        starter.wait(timeout=30)
    assert release_test_postgres(pgdata) is True
    assert not embedded_status(pgdata).running
