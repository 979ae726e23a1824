"""Websocket sessions follow the caller's rights (issue 13, item 3), against live servers with
real tokens: only graphql-transport-ws, connection_init within the limit, every operation
re-reads the user and counts against the rate limit and the request timeout, the socket
closes at the token's expiry and within 5 s of a deactivation or a removed role, and caps on
open sockets. Each attack checks that other callers are served meanwhile."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from app.settings import SettingsError
from app.websocket import WebsocketLimits
from tests.support import Api, LiveServer, live_server

PROTOCOL = "graphql-transport-ws"
ME = "{ me { id roller } }"
SUBJECT = "demo-0301-bosetter-les"
OTHER = "demo-imdi-saksbehandler"


def ws_url(server: LiveServer) -> str:
    return server.base_url.replace("http://", "ws://") + "/graphql"


def raw_socket(server: LiveServer, protocols: tuple[str, ...] = (PROTOCOL,)) -> ClientConnection:
    return connect(ws_url(server), subprotocols=list(protocols), open_timeout=10)  # type: ignore[arg-type]


def init(socket: ClientConnection, token: str) -> dict[str, Any]:
    socket.send(
        json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
    )
    answer: dict[str, Any] = json.loads(socket.recv(timeout=10))
    return answer


@contextmanager
def session(server: LiveServer, token: str) -> Iterator[ClientConnection]:
    """An acknowledged session."""
    with raw_socket(server) as socket:
        assert init(socket, token) == {"type": "connection_ack"}
        yield socket


_ids = iter(range(1, 1_000_000))


def operation(
    socket: ClientConnection, query: str, timeout: float = 20, **variables: Any
) -> list[dict[str, Any]]:
    """Send one operation; its messages up to ``complete`` or ``error``."""
    op_id = str(next(_ids))
    payload = {"query": query, "variables": variables}
    socket.send(json.dumps({"id": op_id, "type": "subscribe", "payload": payload}))
    messages = []
    while True:
        message = json.loads(socket.recv(timeout=timeout))
        assert message.get("id") == op_id, message
        messages.append(message)
        if message["type"] in ("complete", "error"):
            return messages


def data(socket: ClientConnection, query: str, **variables: Any) -> dict[str, Any]:
    messages = operation(socket, query, **variables)
    assert [m["type"] for m in messages] == ["next", "complete"], messages
    assert "errors" not in messages[0]["payload"], messages
    result: dict[str, Any] = messages[0]["payload"]["data"]
    return result


def attempt(
    socket: ClientConnection, query: str, **variables: Any
) -> tuple[list[dict[str, Any]], int | None]:
    """Send one operation on a session that is expected to end: the messages that came, and
    the close code (the server may have closed the socket before the operation was sent)."""
    messages = []
    payload = {"query": query, "variables": variables}
    try:
        socket.send(json.dumps({"id": str(next(_ids)), "type": "subscribe", "payload": payload}))
        while True:
            messages.append(json.loads(socket.recv(timeout=10)))
    except ConnectionClosed as error:
        return messages, error.rcvd.code if error.rcvd is not None else None


def closed(socket: ClientConnection, within: float) -> tuple[int, str, float]:
    """Wait for the server to close: (code, reason, seconds waited); nothing else may come."""
    start = time.monotonic()
    with pytest.raises(ConnectionClosed) as error:
        socket.recv(timeout=within)  # a message instead of a close fails here
    assert error.value.rcvd is not None, "the connection was not closed by the server"
    return error.value.rcvd.code, error.value.rcvd.reason, time.monotonic() - start


def served(server: LiveServer, subject: str = OTHER) -> None:
    """Another caller is served, over HTTP."""
    response = httpx.post(
        f"{server.base_url}/graphql",
        json={"query": "{ me { id } }"},
        headers={"Authorization": f"Bearer {server.token(subject)}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["me"]["id"]


def execute(database_url: str, statement: str, *args: object) -> None:
    """One committed statement (through which the triggers NOTIFY ``bruker_endret``)."""

    async def run() -> None:
        url = make_url(database_url).set(drivername="postgresql")
        connection = await asyncpg.connect(url.render_as_string(hide_password=False))
        try:
            await connection.execute(statement, *args)
        finally:
            await connection.close()

    asyncio.run(run())


def scalar(database_url: str, statement: str, *args: object) -> Any:
    async def run() -> Any:
        url = make_url(database_url).set(drivername="postgresql")
        connection = await asyncpg.connect(url.render_as_string(hide_password=False))
        try:
            return await connection.fetchval(statement, *args)
        finally:
            await connection.close()

    return asyncio.run(run())


# -- settings ---------------------------------------------------------------------------------


def test_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.view import BosettingGraphQL
    from schema import schema

    for name in (
        "BOSETTING_WS_INIT_TIMEOUT_SECONDS",
        "BOSETTING_MAX_SOCKETS_PER_PRINCIPAL",
        "BOSETTING_MAX_UNINITIALISED_SOCKETS_PER_ADDRESS",
    ):
        monkeypatch.delenv(name, raising=False)
    assert WebsocketLimits.from_env() == WebsocketLimits(
        init_timeout_seconds=5, max_per_principal=10, max_uninitialised_per_address=20
    )

    async def authenticate(header: str | None) -> Any:
        raise AssertionError

    view = BosettingGraphQL(schema, engine=None, authenticate=authenticate)
    assert view.connection_init_wait_timeout == timedelta(seconds=5)
    assert view.websocket_subprotocols == [PROTOCOL]

    monkeypatch.setenv("BOSETTING_MAX_SOCKETS_PER_PRINCIPAL", "0")
    with pytest.raises(SettingsError, match="BOSETTING_MAX_SOCKETS_PER_PRINCIPAL"):
        WebsocketLimits.from_env()


# -- protocol ---------------------------------------------------------------------------------


def test_the_legacy_protocol_is_refused(server: LiveServer) -> None:
    with raw_socket(server, ("graphql-ws",)) as legacy:
        assert legacy.subprotocol is None
        code, reason, _ = closed(legacy, within=10)
    assert (code, reason) == (4406, "Subprotocol not acceptable")
    # Offered both, the server picks graphql-transport-ws.
    with raw_socket(server, ("graphql-ws", PROTOCOL)) as both:
        assert both.subprotocol == PROTOCOL
        assert init(both, server.token(SUBJECT)) == {"type": "connection_ack"}


def test_a_socket_without_connection_init_is_closed(
    shared_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOSETTING_WS_INIT_TIMEOUT_SECONDS", "1")
    with live_server(shared_db, tmp_path) as live:
        with raw_socket(live) as idle, session(live, live.token(OTHER)) as other:
            idle.send(json.dumps({"type": "ping"}))  # pings do not count as initialisation
            assert json.loads(idle.recv(timeout=5)) == {"type": "pong"}
            code, reason, waited = closed(idle, within=10)
            assert data(other, ME)["me"]["id"]  # the initialised session goes on
        served(live)
    assert (code, reason) == (4408, "Connection initialisation timeout")
    assert waited < 3


# -- every operation re-reads the user --------------------------------------------------------


def test_the_socket_closes_at_the_tokens_expiry(server: LiveServer) -> None:
    start = time.monotonic()
    short = server.token(SUBJECT, lifetime_seconds=3)
    with session(server, short) as socket, session(server, server.token(OTHER)) as other:
        assert data(socket, ME)["me"]["id"]
        code, reason, _ = closed(socket, within=15)
        lived = time.monotonic() - start
        assert data(other, ME)["me"]["id"]
    served(server)
    assert (code, reason) == (4401, "the token has expired")
    assert 1.5 < lived < 5


def test_a_deactivated_user_is_closed_out_within_5_s(api: Api, fresh_db: str) -> None:
    server = api.server
    with (
        session(server, server.token(SUBJECT)) as idle,
        session(server, server.token(SUBJECT)) as busy,
        session(server, server.token(OTHER)) as other,
    ):
        assert data(busy, ME)["me"]["id"]
        execute(fresh_db, "UPDATE bruker SET aktiv = false WHERE subject = $1", SUBJECT)
        deactivated = time.monotonic()
        # A mutation right after: refused, whether the re-read or the announcement comes first.
        busy_messages, busy_code = attempt(busy, MARK_READ)
        code, reason, _ = closed(idle, within=10)
        idle_after = time.monotonic() - deactivated
        assert data(other, ME)["me"]["id"]  # another user's session is untouched
    served(server)
    assert (code, reason) == (4401, "the token's user is unknown or deactivated")
    assert idle_after < 5
    assert busy_code == 4401
    assert all(m["type"] == "error" for m in busy_messages), busy_messages
    for message in busy_messages:
        assert message["payload"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
    # And a new session is refused at connection_init.
    with raw_socket(server) as again:
        init_answer = None
        with pytest.raises(ConnectionClosed) as refused:
            init_answer = init(again, server.token(SUBJECT))
        assert init_answer is None
    assert refused.value.rcvd is not None
    assert refused.value.rcvd.code == 4403


MARK_READ = "mutation { markerAlleVarslerLest }"
PERSONMAPPE = """query($duf: String!) { person(dufNr: $duf) {
  tilgang { personmappe } helseinformasjon { helsetilstand } } }"""


def test_a_removed_role_ends_the_sessions_reading(api: Api, fresh_db: str) -> None:
    server = api.server
    duf = scalar(
        fresh_db,
        "SELECT p.duf_nr FROM person p JOIN utsoking u ON u.person_id = p.id AND u.aktiv"
        " WHERE u.kommunenummer = '0301' ORDER BY p.id LIMIT 1",
    )
    bruker_id = scalar(fresh_db, "SELECT id FROM bruker WHERE subject = $1", SUBJECT)
    colleague = "demo-0301-bosetter-skriv"
    with (
        session(server, server.token(SUBJECT)) as reader,
        session(server, server.token(SUBJECT)) as idle,
        session(server, server.token(colleague)) as other,
    ):
        assert data(reader, PERSONMAPPE, duf=duf)["person"]["tilgang"]["personmappe"] is True
        # A role added keeps the session (and its rights) as they were.
        execute(
            fresh_db,
            "INSERT INTO bruker_rolle (bruker_id, rolle) VALUES ($1, 'Kommune_Anmoder_Les')",
            bruker_id,
        )
        time.sleep(1)
        assert data(reader, PERSONMAPPE, duf=duf)["person"]["tilgang"]["personmappe"] is True
        # The Bosetter role removed: the next operation reads nothing of the personmappe.
        execute(
            fresh_db,
            "DELETE FROM bruker_rolle WHERE bruker_id = $1 AND rolle = 'Kommune_Bosetter_Les'",
            bruker_id,
        )
        removed = time.monotonic()
        reader_messages, reader_code = attempt(reader, PERSONMAPPE, duf=duf)
        code, reason, _ = closed(idle, within=10)
        idle_after = time.monotonic() - removed
        assert data(other, PERSONMAPPE, duf=duf)["person"]["tilgang"]["personmappe"] is True
    assert (code, reason) == (4403, "a role was removed; connect again")
    assert idle_after < 5
    assert reader_code == 4403
    assert all(m["type"] == "error" for m in reader_messages), reader_messages
    assert "helsetilstand" not in json.dumps(reader_messages)
    # Connected again, the session has the rights the user has now.
    with session(server, server.token(SUBJECT)) as again:
        messages = operation(again, PERSONMAPPE, duf=duf)
    person = messages[0]["payload"]["data"]["person"]
    assert person["tilgang"]["personmappe"] is False
    assert person["helseinformasjon"] is None


def test_every_operation_re_reads_the_user(api: Api, fresh_db: str) -> None:
    """With the announcements switched off, the operation's own re-read refuses: a removed
    role (4403) and a deactivation (4401) take effect on the very next operation."""
    server = api.server
    duf = scalar(
        fresh_db,
        "SELECT p.duf_nr FROM person p JOIN utsoking u ON u.person_id = p.id AND u.aktiv"
        " WHERE u.kommunenummer = '0301' ORDER BY p.id LIMIT 1",
    )
    anmoder = "demo-0301-anmoder-les"
    execute(fresh_db, "ALTER TABLE bruker DISABLE TRIGGER bruker_endret")
    execute(fresh_db, "ALTER TABLE bruker_rolle DISABLE TRIGGER bruker_rolle_endret")
    with (
        session(server, server.token(SUBJECT)) as reader,
        session(server, server.token(anmoder)) as writer,
    ):
        assert data(reader, PERSONMAPPE, duf=duf)["person"]["tilgang"]["personmappe"] is True
        assert data(writer, MARK_READ) == {"markerAlleVarslerLest": 0}
        execute(
            fresh_db,
            "DELETE FROM bruker_rolle WHERE rolle = 'Kommune_Bosetter_Les'"
            " AND bruker_id = (SELECT id FROM bruker WHERE subject = $1)",
            SUBJECT,
        )
        execute(fresh_db, "UPDATE bruker SET aktiv = false WHERE subject = $1", anmoder)
        time.sleep(0.5)  # nothing is announced: the sessions stay open until they are used
        reader_messages, reader_code = attempt(reader, PERSONMAPPE, duf=duf)
        writer_messages, writer_code = attempt(writer, MARK_READ)
    served(server)
    assert reader_code == 4403
    assert [m["payload"] for m in reader_messages] == [
        [
            {
                "message": "a role was removed; connect again",
                "extensions": {"code": "FORBIDDEN"},
            }
        ]
    ]
    assert writer_code == 4401
    assert [m["payload"] for m in writer_messages] == [
        [
            {
                "message": "the token's user is unknown or deactivated",
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        ]
    ]


def test_a_change_missed_while_the_listen_connection_was_away_is_caught(
    api: Api, fresh_db: str
) -> None:
    """The deactivation commits while the process's LISTEN connection is gone (its NOTIFY is
    lost); listening again, the process has every session re-read its user."""
    server = api.server

    async def deactivate_and_cut() -> int:
        url = make_url(fresh_db).set(drivername="postgresql")
        connection = await asyncpg.connect(url.render_as_string(hide_password=False))
        try:
            async with connection.transaction():
                await connection.execute(
                    "UPDATE bruker SET aktiv = false WHERE subject = $1", SUBJECT
                )
                cut: int = await connection.fetchval(
                    "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND query LIKE 'LISTEN%'"
                )
            return cut
        finally:
            await connection.close()

    with (
        session(server, server.token(SUBJECT)) as socket,
        session(server, server.token(OTHER)) as other,
    ):
        assert asyncio.run(deactivate_and_cut()) == 1
        code, _, waited = closed(socket, within=15)
        assert data(other, ME)["me"]["id"]
    assert code == 4401
    assert waited < 5


async def test_a_change_read_before_the_watch_began_still_wakes_it(fresh_db: str) -> None:
    """A session reads its user, then registers: a change announced between the two (after
    ``since``) wakes it at once; one announced before ``since`` does not."""
    from app.varselhub import VarselHub

    hub = VarselHub(fresh_db)
    loop = asyncio.get_running_loop()
    try:
        await hub.listen()
        bruker_id = await asyncio.to_thread(
            scalar, fresh_db, "SELECT id FROM bruker WHERE subject = $1", SUBJECT
        )
        before = loop.time()
        async with hub.watch_bruker(bruker_id, since=before) as early:
            await asyncio.to_thread(
                execute, fresh_db, "UPDATE bruker SET epost = epost WHERE id = $1", bruker_id
            )
            async with asyncio.timeout(5):
                await early.wait()  # announced
        async with hub.watch_bruker(bruker_id, since=before) as late:
            assert late.is_set()
        async with hub.watch_bruker(bruker_id, since=loop.time()) as quiet:
            assert not quiet.is_set()
            await asyncio.to_thread(
                execute,
                fresh_db,
                "INSERT INTO bruker_rolle (bruker_id, rolle) VALUES ($1, 'Analytiker')",
                bruker_id,
            )
            async with asyncio.timeout(5):
                await quiet.wait()
    finally:
        await hub.close()


# -- rate limit and request timeout over the socket -------------------------------------------


def test_operations_over_the_socket_count_against_the_rate_limit(
    fresh_db: str, tmp_path: Path
) -> None:
    with live_server(fresh_db, tmp_path, rate_limit_per_minute=5) as live:
        with session(live, live.token(SUBJECT)) as socket:
            answers = [operation(socket, ME) for _ in range(10)]
            socket.send(json.dumps({"type": "ping"}))
            assert json.loads(socket.recv(timeout=5)) == {"type": "pong"}  # still open
        served(live)
    refused = [a for a in answers if a[-1]["type"] == "error"]
    assert 1 <= len(refused) <= 10 - 4  # init and 4 operations fit in any minute
    for answer in refused:
        (error,) = answer[-1]["payload"]
        assert error["extensions"]["code"] == "RATE_LIMITED"
        assert 1 <= error["extensions"]["retryAfter"] <= 65  # the window is 60 to 65 s
        assert "at most 5 requests a minute (BOSETTING_RATE_LIMIT_PER_MINUTE)" in error["message"]
    assert answers[0][0]["type"] == "next"


def test_queries_over_the_socket_are_bounded_by_the_request_timeout(
    shared_db: str, tmp_path: Path
) -> None:
    with live_server(shared_db, tmp_path, request_timeout_seconds=0.001) as live:
        with session(live, live.token(OTHER)) as socket:
            (error_message,) = operation(socket, "{ kommuner { navn } }")
            # A subscription's stream is long-lived: not cut by the request timeout.
            socket.send(
                json.dumps(
                    {
                        "id": "s",
                        "type": "subscribe",
                        "payload": {"query": "subscription { varselMottatt { tittel } }"},
                    }
                )
            )
            with pytest.raises(TimeoutError):
                socket.recv(timeout=1)
            socket.send(json.dumps({"id": "s", "type": "complete"}))
            socket.send(json.dumps({"type": "ping"}))
            assert json.loads(socket.recv(timeout=5)) == {"type": "pong"}
        health = httpx.get(f"{live.base_url}/healthz", timeout=5)
    assert health.status_code == 200
    assert error_message["type"] == "error"
    (error,) = error_message["payload"]
    assert error["message"] == (
        "the request took longer than 0.001 s (BOSETTING_REQUEST_TIMEOUT_SECONDS)"
    )
    assert error["extensions"] == {
        "code": "LIMIT_EXCEEDED",
        "limit": "request_timeout",
        "value": 0.001,
    }


# -- caps -------------------------------------------------------------------------------------


def test_open_sockets_per_principal_are_capped(
    shared_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOSETTING_MAX_SOCKETS_PER_PRINCIPAL", "2")
    with live_server(shared_db, tmp_path) as live:
        token = live.token(SUBJECT)
        with ExitStack() as stack:
            first = stack.enter_context(session(live, token))
            stack.enter_context(session(live, token))
            with raw_socket(live) as third, pytest.raises(ConnectionClosed) as refused:
                init(third, token)
            with session(live, live.token(OTHER)) as other:  # another user is not capped
                assert data(other, ME)["me"]["id"]
            assert data(first, ME)["me"]["id"]
            served(live)
        # The sockets closed, their places are free again.
        deadline = time.monotonic() + 5
        while True:
            with raw_socket(live) as again:
                try:
                    answer = init(again, token)
                    break
                except ConnectionClosed:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
    assert answer == {"type": "connection_ack"}
    assert refused.value.rcvd is not None
    assert refused.value.rcvd.code == 4429
    assert refused.value.rcvd.reason == (
        "too many open sockets for this user (BOSETTING_MAX_SOCKETS_PER_PRINCIPAL=2)"
    )


def test_uninitialised_sockets_per_address_are_capped(
    shared_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOSETTING_MAX_UNINITIALISED_SOCKETS_PER_ADDRESS", "3")
    monkeypatch.setenv("BOSETTING_WS_INIT_TIMEOUT_SECONDS", "60")
    with live_server(shared_db, tmp_path) as live, ExitStack() as stack:
        waiting = [stack.enter_context(raw_socket(live)) for _ in range(3)]
        for socket in waiting:
            socket.send(json.dumps({"type": "ping"}))
            assert json.loads(socket.recv(timeout=5)) == {"type": "pong"}
        with raw_socket(live) as fourth:
            code, reason, _ = closed(fourth, within=5)
        served(live)  # HTTP callers from the same address are served
        # One of them initialises: a place is free again.
        assert init(waiting[0], live.token(SUBJECT)) == {"type": "connection_ack"}
        with session(live, live.token(OTHER)) as other:
            assert data(other, ME)["me"]["id"]
    assert code == 4429
    assert reason == (
        "too many sockets without connection_init from this address"
        " (BOSETTING_MAX_UNINITIALISED_SOCKETS_PER_ADDRESS=3)"
    )


def test_a_websocket_message_is_no_larger_than_a_body(shared_db: str, tmp_path: Path) -> None:
    """BOSETTING_MAX_BODY_BYTES bounds a websocket message too (1009, message too big)."""
    with live_server(shared_db, tmp_path, max_body_bytes=4096) as live:
        with session(live, live.token(SUBJECT)) as socket:
            padding = " " * 8192
            socket.send(
                json.dumps({"type": "subscribe", "id": "1", "payload": {"query": ME + padding}})
            )
            with pytest.raises(ConnectionClosed) as closed:
                socket.recv(timeout=10)
            assert closed.value.rcvd is not None
            assert closed.value.rcvd.code == 1009
        with session(live, live.token(SUBJECT)) as socket:
            assert data(socket, ME)["me"]["roller"]
