"""The edges of GraphQL over HTTP, tried by a low-privilege user (a Kommune_Anmoder_Les): several
operations, media types, subscriptions, bodies the service cannot read, answers too large to
send, and the rate limit's refusal. Each refusal is GraphQL-shaped and the server serves on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from app.httpinput import HttpLimits, several_operations
from app.settings import SettingsError
from tests.support import LiveServer, live_server

LOW = "demo-0301-anmoder-les"
GRAPHQL_RESPONSE = "application/graphql-response+json"


def headers(server: LiveServer, subject: str = LOW, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {server.token(subject)}", "Accept": GRAPHQL_RESPONSE} | extra


def still_serving(client: httpx.Client, server: LiveServer) -> None:
    """Another caller is answered, on the same connection the refusal came over."""
    answer = client.post(
        "/graphql",
        json={"query": "{ me { id } }"},
        headers=headers(server, "demo-imdi-saksbehandler"),
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"]["me"]["id"]
    assert client.get("/healthz").json() == {"status": "ok"}


def refusal(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(("application/json", GRAPHQL_RESPONSE))
    body: dict[str, Any] = response.json()
    assert "data" not in body, body
    [error] = body["errors"]
    assert isinstance(error, dict)
    assert error["message"]
    assert error["extensions"]["code"] == code, body
    return error


# Several operations


TWO = "query Mine { me { id } } query Kommuner { kommuner { nummer } }"


def test_several_operations_without_operation_name_are_a_request_error(
    client: httpx.Client, server: LiveServer
) -> None:
    response = client.post("/graphql", json={"query": TWO}, headers=headers(server))
    error = refusal(response, 400, "BAD_REQUEST")
    assert "operationName is required" in error["message"]
    legacy = client.post(
        "/graphql", json={"query": TWO}, headers=headers(server, Accept="application/json")
    )
    assert legacy.status_code == 200
    assert legacy.json()["data"] is None
    assert "operationName is required" in legacy.json()["errors"][0]["message"]
    named = client.post(
        "/graphql",
        json={"query": TWO, "operationName": "Kommuner"},
        headers=headers(server),
    )
    assert named.status_code == 200
    assert list(named.json()["data"]) == ["kommuner"]
    still_serving(client, server)


def test_one_operation_with_fragments_runs_without_operation_name(
    client: httpx.Client, server: LiveServer
) -> None:
    query = (
        'query Mine { kommuner(fylkesnummer: "} query B {") { nummer } me { ...F } }'
        " # query C { me { id } }\nfragment F on Bruker { id }"
    )
    response = client.post("/graphql", json={"query": query}, headers=headers(server))
    assert response.status_code == 200, response.text
    assert response.json()["data"]["me"]["id"]


@pytest.mark.parametrize(
    ("document", "several"),
    [
        ("{ a }", False),
        ("{ a } { b }", True),
        ("query A { a } mutation B { b }", True),
        ("subscription S { a } query Q { b }", True),
        ("query A { a } fragment F on T { b } fragment G on T { c }", False),
        ("fragment query on T { a } query fragment { ...query }", False),
        ('query A($x: In = {a: "{"}) @d(a: {b: 1}) { a(s: "}") }', False),
        ('query A { a(s: """ } \\""" { """) } query B { b }', True),
        ('query A { a(s: """ } query B { b } """) }', False),
        ("query A { a } # query B { b }\n", False),
        ("query A { a }\n# }\nquery B { b }", True),
    ],
)
def test_the_operation_count_reads_past_strings_comments_and_arguments(
    document: str, several: bool
) -> None:
    assert several_operations(document) is several


# Media types


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "APPLICATION/JSON",
        'Application/Json ; Charset="UTF-8"',
    ],
)
def test_application_json_in_any_spelling_is_read(
    client: httpx.Client, server: LiveServer, content_type: str
) -> None:
    response = client.post(
        "/graphql",
        content=b'{"query": "{ me { id } }"}',
        headers=headers(server, **{"Content-Type": content_type}),
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["me"]["id"]


@pytest.mark.parametrize(
    "content_type",
    [
        "application/jsonx",
        "application/json-patch+json",
        "application/graphql-response+json",
        "application/json; charset=latin-1",
        "text/json",
        "application/graphql",
    ],
)
def test_any_other_media_type_is_415(
    client: httpx.Client, server: LiveServer, content_type: str
) -> None:
    response = client.post(
        "/graphql",
        content=b'{"query": "{ me { id } }"}',
        headers=headers(server, **{"Content-Type": content_type}),
    )
    assert response.status_code == 415, response.text
    assert response.json() == {"errors": [{"message": "send the request as application/json"}]}
    still_serving(client, server)


# Subscriptions


def test_a_subscription_over_http_is_400(client: httpx.Client, server: LiveServer) -> None:
    subscription = "subscription { varselMottatt { id } }"
    for response in (
        client.post("/graphql", json={"query": subscription}, headers=headers(server)),
        client.get("/graphql", params={"query": subscription}, headers=headers(server)),
        client.post(
            "/graphql",
            json={"query": subscription},
            headers=headers(server, Accept="application/json"),
        ),
    ):
        error = refusal(response, 400, "BAD_REQUEST")
        assert "websocket" in error["message"]
    still_serving(client, server)


# Bodies the service cannot read


def nested(depth: int) -> str:
    return "[" * depth + '"x"' + "]" * depth


QUERY = b'"{ me { id } }"'
DEEP = "is nested deeper than 64 levels (BOSETTING_MAX_JSON_DEPTH)"
BODIES = {
    "not UTF-8": (
        b'{"query": ' + QUERY + b', "variables": {"n": "\xff\xfe"}}',
        "BAD_REQUEST",
        "the request body is not UTF-8",
    ),
    "a lone surrogate": (
        b'{"query": ' + QUERY + b', "variables": {"n": "\\ud800"}}',
        "BAD_REQUEST",
        "the request body is not JSON",
    ),
    "not JSON": (b'{"query": ' + QUERY + b", ", "BAD_REQUEST", "the request body is not JSON"),
    "a string": (QUERY, "BAD_REQUEST", "the request must be a JSON object"),
    "a number": (b"5", "BAD_REQUEST", "the request must be a JSON object"),
    "a query that is no string": (b'{"query": {"a": 1}}', "BAD_REQUEST", "query must be a string"),
    "JSON 5,000 deep": (
        b'{"query": ' + QUERY + b', "x": ' + nested(5000).encode() + b"}",
        "LIMIT_EXCEEDED",
        f"the request body {DEEP}",
    ),
    "JSON 65 deep": (nested(65).encode(), "LIMIT_EXCEEDED", f"the request body {DEEP}"),
    "variables 900 deep": (
        b'{"query": "query($d: [String!]!) { personer(dufNr: $d) { dufNr } }",'
        b' "variables": {"d": ' + nested(900).encode() + b"}}",
        "LIMIT_EXCEEDED",
        f"the request body {DEEP}",
    ),
}


@pytest.mark.parametrize("body", list(BODIES))
def test_a_body_the_service_cannot_read_is_400(
    client: httpx.Client, server: LiveServer, body: str
) -> None:
    content, code, words = BODIES[body]
    response = client.post(
        "/graphql",
        content=content,
        headers=headers(server, **{"Content-Type": "application/json"}),
    )
    error = refusal(response, 400, code)
    assert words in error["message"]
    if code == "LIMIT_EXCEEDED":
        assert error["extensions"] == {"code": code, "limit": "jsonDepth", "value": 64}
    still_serving(client, server)


def test_variables_nested_up_to_the_limit_are_read_and_refused_for_their_type(
    client: httpx.Client, server: LiveServer
) -> None:
    """The body at exactly 64 levels: read, and the variable is refused as GraphQL refuses a
    value of the wrong type (no recursion anywhere, no fault)."""
    content = (
        '{"query": "query($d: [String!]!) { personer(dufNr: $d) { dufNr } }",'
        ' "variables": {"d": ' + nested(62) + "}}"
    )
    response = client.post(
        "/graphql",
        content=content,
        headers=headers(server, **{"Content-Type": "application/json"}),
    )
    assert response.status_code == 400, response.text
    body = response.json()
    assert "data" not in body
    assert "Variable '$d' has invalid value" in body["errors"][0]["message"]
    still_serving(client, server)


@pytest.mark.parametrize(
    ("variables", "code", "words"),
    [
        ('{"d": ' + nested(900) + "}", "LIMIT_EXCEEDED", f"the variables parameter {DEEP}"),
        ('{"d": "\\udfff"}', "BAD_REQUEST", "the variables parameter is not JSON"),
        ('{"d": ', "BAD_REQUEST", "the variables parameter is not JSON"),
        ('["x"]', "BAD_REQUEST", "variables must be an object"),
    ],
)
def test_get_variables_are_held_to_the_same_rules(
    client: httpx.Client, server: LiveServer, variables: str, code: str, words: str
) -> None:
    response = client.get(
        "/graphql",
        params={
            "query": "query($d: [String!]!) { personer(dufNr: $d) { dufNr } }",
            "variables": variables,
        },
        headers=headers(server),
    )
    error = refusal(response, 400, code)
    assert words in error["message"]
    still_serving(client, server)


def test_the_json_depth_is_a_setting(
    shared_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOSETTING_MAX_JSON_DEPTH", "8")
    query = "query($d: [String!]!) { personer(dufNr: $d) { dufNr } }"
    with live_server(shared_db, tmp_path) as live, httpx.Client(base_url=live.base_url) as http:

        def ask(depth: int) -> httpx.Response:
            variables = {"d": json.loads(nested(depth - 2))}
            return http.post(
                "/graphql", json={"query": query, "variables": variables}, headers=headers(live)
            )

        error = refusal(ask(9), 400, "LIMIT_EXCEEDED")
        assert error["extensions"] == {"code": "LIMIT_EXCEEDED", "limit": "jsonDepth", "value": 8}
        at_limit = ask(8).json()
        assert "has invalid value" in at_limit["errors"][0]["message"]
        still_serving(http, live)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BOSETTING_MAX_JSON_DEPTH", "0"),
        ("BOSETTING_MAX_JSON_DEPTH", "257"),
        ("BOSETTING_MAX_JSON_DEPTH", "deep"),
        ("BOSETTING_MAX_ANSWER_BYTES", "100"),
        ("BOSETTING_MAX_ANSWER_BYTES", "10 MB"),
    ],
)
def test_a_limit_out_of_range_stops_the_start(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        HttpLimits.from_env()


def test_a_websocket_message_nested_too_deep_closes_the_socket(
    client: httpx.Client, server: LiveServer
) -> None:
    url = server.base_url.replace("http://", "ws://") + "/graphql"
    with connect(url, subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        socket.send('{"type": "connection_init", "payload": {"x": ' + nested(5000) + "}}")
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=10)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4400
    still_serving(client, server)


# Answers too large to send


def test_an_answer_larger_than_the_limit_is_refused_not_sent(
    client: httpx.Client,
    server: LiveServer,
    shared_db: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    query = {"query": "{ kommuner { nummer navn } }"}
    whole = client.post("/graphql", json=query, headers=headers(server))
    assert whole.status_code == 200
    size = len(whole.content)  # as encoded and sent
    assert size > 1024
    monkeypatch.setenv("BOSETTING_MAX_ANSWER_BYTES", str(size - 1))
    with live_server(shared_db, tmp_path) as live, httpx.Client(base_url=live.base_url) as http:
        response = http.post("/graphql", json=query, headers=headers(live))
        assert len(response.content) < 1024
        error = refusal(response, 400, "LIMIT_EXCEEDED")
        assert error["extensions"] == {
            "code": "LIMIT_EXCEEDED",
            "limit": "answer",
            "value": size - 1,
        }
        assert f"larger than {size - 1} bytes (BOSETTING_MAX_ANSWER_BYTES)" in error["message"]
        assert response.headers["x-request-id"]
        legacy = http.post("/graphql", json=query, headers=headers(live, Accept="application/json"))
        assert legacy.status_code == 200
        assert legacy.json()["data"] is None
        assert legacy.json()["errors"][0]["extensions"]["limit"] == "answer"
        still_serving(http, live)
    monkeypatch.setenv("BOSETTING_MAX_ANSWER_BYTES", str(size))
    with live_server(shared_db, tmp_path) as live, httpx.Client(base_url=live.base_url) as http:
        exact = http.post("/graphql", json=query, headers=headers(live))
        assert exact.status_code == 200
        assert exact.content == whole.content


# The rate limit's refusal


def test_a_429_carries_its_code_and_retry_after(fresh_db: str, tmp_path: Path) -> None:
    with (
        live_server(fresh_db, tmp_path, rate_limit_per_minute=2) as live,
        httpx.Client(base_url=live.base_url) as http,
    ):
        answers = [
            http.post("/graphql", json={"query": "{ me { id } }"}, headers=headers(live))
            for _ in range(4)
        ]
        limited = answers[-1]
        error = refusal(limited, 429, "RATE_LIMITED")
        retry_after = int(limited.headers["retry-after"])
        assert retry_after >= 1
        assert error["extensions"] == {"code": "RATE_LIMITED", "retryAfter": retry_after}
        assert "BOSETTING_RATE_LIMIT_PER_MINUTE" in error["message"]
        other = http.post(
            "/graphql",
            json={"query": "{ me { id } }"},
            headers=headers(live, "demo-imdi-saksbehandler"),
        )
        assert other.status_code == 200
        assert json.loads(other.content)["data"]["me"]["id"]
