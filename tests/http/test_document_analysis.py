"""Hostile documents against the live server, as low-privilege users: each is refused before
validation, at once, naming the limit and its setting, and other callers are served while it
is sent (issue 13, items 1 and 2)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from schema import limits
from tests.http.machine_clients import BUFETAT_ORGNR, BUFETAT_SCOPE, machine_token
from tests.support import LiveServer, sql_rows

GRAPHQL_RESPONSE = "application/graphql-response+json"
SERVED_WITHIN = 1.0
"""Seconds: a refusal, or /healthz while one is made (the work itself is a few milliseconds;
the bound leaves room for a machine shared with other test runs)."""


def bomb(levels: int, on: str = "Bruker", root: str = "me") -> str:
    """``{ me { ...F0 } }``: each fragment spreads the next ten times, 10**levels in all."""
    parts = [f"{{ {root} {{ ...F0 }} }}"]
    for level in range(levels):
        spreads = " ".join(f"...F{level + 1}" for _ in range(10))
        parts.append(f"fragment F{level} on {on} {{ {spreads} }}")
    parts.append(f"fragment F{levels} on {on} {{ __typename }}")
    return "\n".join(parts)


def post(server: LiveServer, token: str, query: str, **variables: Any) -> httpx.Response:
    return httpx.post(
        f"{server.base_url}/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}", "Accept": GRAPHQL_RESPONSE},
        timeout=60,
    )


def refused(response: httpx.Response, limit: str, setting: str) -> str:
    assert response.status_code == 400, response.text
    body = response.json()
    assert "data" not in body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert error["extensions"]["limit"] == limit
    assert setting in error["message"]
    message: str = error["message"]
    return message


def while_attacking(
    server: LiveServer, attack: Callable[[], httpx.Response], times: int
) -> tuple[list[tuple[float, httpx.Response]], list[float]]:
    """Sends the attack ``times`` in a row from a thread, and polls /healthz meanwhile: the
    attack's (seconds, answer) and each /healthz's seconds."""
    answers: list[tuple[float, httpx.Response]] = []

    def attacker() -> None:
        for _ in range(times):
            started = time.perf_counter()
            response = attack()
            answers.append((time.perf_counter() - started, response))

    thread = threading.Thread(target=attacker)
    health: list[float] = []
    with httpx.Client(base_url=server.base_url, timeout=60) as http:
        thread.start()
        while thread.is_alive() or not health:
            started = time.perf_counter()
            assert http.get("/healthz").status_code == 200
            health.append(time.perf_counter() - started)
    thread.join()
    return answers, health


def test_the_fragment_bomb_is_refused_at_once_while_others_are_served(server: LiveServer) -> None:
    token = server.token("demo-analytiker")
    query = bomb(8)
    answers, health = while_attacking(server, lambda: post(server, token, query), times=10)
    for seconds, response in answers:
        message = refused(response, "fields", "BOSETTING_MAX_FIELDS")
        assert message.startswith("the query selects 100000001 fields")
        assert seconds < SERVED_WITHIN
    assert max(health) < SERVED_WITHIN


def test_familie_in_familie_is_refused_beyond_two_levels(server: LiveServer) -> None:
    # The query: seven levels, 204 bytes, inside the depth limit.
    inner = "navn"
    for _ in range(7):
        inner = f"familie {{ person {{ {inner} }} }}"
    query = f'{{ person(dufNr: "201803452201") {{ {inner} }} }}'
    token = server.token("demo-0301-anmoder-les")
    answers, health = while_attacking(server, lambda: post(server, token, query), times=5)
    for seconds, response in answers:
        message = refused(response, "repeats", "BOSETTING_MAX_REPEATS")
        assert message == (
            "Person.familie occurs 7 times on one path, Familiemedlem.person 7 times; the"
            f" limit (BOSETTING_MAX_REPEATS) is {limits.MAX_REPEATS}"
        )
        assert seconds < SERVED_WITHIN
    assert max(health) < SERVED_WITHIN
    three = '{ person(dufNr: "201803452201") { familie { person { familie { person {'
    three += " familie { alder } } } } } } }"
    message = refused(post(server, token, three), "repeats", "BOSETTING_MAX_REPEATS")
    assert message == (
        "Person.familie occurs 3 times on one path; the limit (BOSETTING_MAX_REPEATS) is"
        f" {limits.MAX_REPEATS}"
    )


def test_two_levels_of_familie_are_answered(server: LiveServer, shared_db: str) -> None:
    [(duf,)] = sql_rows(
        shared_db,
        "SELECT min(duf_nr) FROM person WHERE registreringsnummer = (SELECT registreringsnummer"
        " FROM person GROUP BY 1 HAVING count(*) >= 3 ORDER BY 1 LIMIT 1)",
    )
    query = (
        "query($d: String!) { person(dufNr: $d) { familie { alder person {"
        " familie { alder person { dufNr } } } } } }"
    )
    response = post(server, server.token("demo-imdi-saksbehandler"), query, d=duf)
    assert response.status_code == 200, response.text
    familie = response.json()["data"]["person"]["familie"]
    assert len(familie) >= 2
    assert all(len(member["person"]["familie"]) == len(familie) for member in familie)


def test_familie_counts_its_members(server: LiveServer) -> None:
    query = (
        '{ personsok(navn: "Kurt", first: 100) { edges { node { familie { person {'
        " familie { person { hendelser(first: 5) { totalCount } } } } } } } } }"
    )
    token = server.token("demo-0301-anmoder-les")
    message = refused(post(server, token, query), "cost", "BOSETTING_MAX_COST")
    # 100 persons, 6 family members each, 6 again, 5 hendelser each of those.
    assert message.startswith(f"the query may return {100 + 600 + 3600 + 3600 * 5} nodes")


def test_the_cost_uses_the_variables_defaults(server: LiveServer) -> None:
    """The issue's: aliased copies with ``$n: Int = 100`` were priced as if ``first`` were
    absent, and answered what the same document with ``{"n": 100}`` is refused for."""
    copies = " ".join(
        f'a{i}: personsok(navn: "Kurt", first: $n) {{ edges {{ node {{ familie {{ alder }} }} }} }}'
        for i in range(45)
    )
    query = f"query Q($n: Int = 100) {{ {copies} }}"
    token = server.token("demo-0301-anmoder-les")
    expected = f"the query may return {45 * (100 + 100 * 6)} nodes"
    by_default = refused(post(server, token, query), "cost", "BOSETTING_MAX_COST")
    assert by_default.startswith(expected)
    given = refused(post(server, token, query, n=100), "cost", "BOSETTING_MAX_COST")
    assert given == by_default
    cheap = post(server, token, query, n=2)
    assert cheap.status_code == 200, cheap.text


def test_personer_counts_its_list(server: LiveServer) -> None:
    numbers = [f"20180345{i:04d}" for i in range(101)]
    query = "query($d: [String!]!) { personer(dufNr: $d) { hendelser(first: 100) { totalCount } } }"
    token = server.token("demo-0301-anmoder-les")
    expected = f"the query may return {101 + 101 * 100} nodes"
    as_variable = refused(post(server, token, query, d=numbers), "cost", "BOSETTING_MAX_COST")
    assert as_variable.startswith(expected)
    inline = json.dumps(numbers)
    literal = f"{{ personer(dufNr: {inline}) {{ hendelser(first: 100) {{ totalCount }} }} }}"
    assert refused(post(server, token, literal), "cost", "BOSETTING_MAX_COST").startswith(expected)
    few = post(server, token, query, d=numbers[:3])
    assert few.status_code == 200, few.text


def test_a_machine_clients_scope_is_checked_before_anything_is_measured(
    server: LiveServer,
) -> None:
    token = machine_token(
        server, "demo-bufetat-system", BUFETAT_ORGNR, BUFETAT_SCOPE, lifetime_seconds=600
    )
    query = bomb(8, on="Kommune", root='kommune(nummer: "0301")')
    started = time.perf_counter()
    response = post(server, token, query)
    assert time.perf_counter() - started < SERVED_WITHIN
    body = response.json()
    assert body["errors"][0]["message"] == (
        f"kommune: the client's scopes ({BUFETAT_SCOPE}) do not reach this field"
    )
    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN"}


def test_the_token_limit_comes_first(server: LiveServer) -> None:
    query = bomb(8) + "\n" + " ".join("fragment X on Bruker { id }" for _ in range(800))
    response = post(server, server.token("demo-analytiker"), query)
    assert response.status_code == 400
    assert f"more than {limits.MAX_TOKENS} tokens" in response.json()["errors"][0]["message"]


def test_the_websocket_refuses_alike(server: LiveServer) -> None:
    """Each refusal arrives as the operation's error (a refusal or a syntax error raised from
    a parse hook used to end the operation with no message at all)."""
    token = server.token("demo-0301-anmoder-les")
    url = server.base_url.replace("http://", "ws://") + "/graphql"
    attacks = {
        "fields": bomb(8),
        "repeats": '{ person(dufNr: "1") { familie { person { familie { person {'
        " familie { alder } } } } } } }",
        "tokens": "{ " + "__typename " * (limits.MAX_TOKENS + 1) + "}",
        "query_chars": "{ me { id } }\n#" + "x" * limits.MAX_QUERY_CHARS,
    }
    with connect(url, subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        socket.send(
            json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
        )
        assert json.loads(socket.recv(timeout=10))["type"] == "connection_ack"
        for number, (limit, query) in enumerate(attacks.items()):
            started = time.perf_counter()
            socket.send(
                json.dumps({"id": str(number), "type": "subscribe", "payload": {"query": query}})
            )
            message = json.loads(socket.recv(timeout=10))
            assert time.perf_counter() - started < SERVED_WITHIN
            assert message["type"] == "error", message
            assert message["id"] == str(number)
            [error] = message["payload"]
            assert error["extensions"]["limit"] == limit
            assert f"(BOSETTING_MAX_{limit.upper()})" in error["message"]
        # A syntax error closes the socket (Strawberry's way: 4400 with the error).
        socket.send(json.dumps({"id": "x", "type": "subscribe", "payload": {"query": "{ me {"}}))
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=10)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4400
    assert closed.value.rcvd.reason.startswith("Syntax Error")
