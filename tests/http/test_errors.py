"""Errors tell the caller what it did wrong and nothing about the schema it may not guess."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
from graphql import OperationDefinitionNode, get_variable_values, parse, validate

from app.settings import ROOT
from schema import schema
from tests.support import LiveServer


def test_no_field_suggestions(client: httpx.Client, server: LiveServer) -> None:
    response = client.post(
        "/graphql",
        json={"query": '{ persn(dufNr: "201803452201") { navn } }'},
        headers={"Authorization": f"Bearer {server.token('demo-imdi-admin')}"},
    )
    message = response.json()["errors"][0]["message"]
    assert "Cannot query field 'persn'" in message
    assert "Did you mean" not in message


# Each misspelling is one graphql-core answers with "Did you mean …" (checked below): the
# names it would suggest rebuild the schema, introspection or not.
MISSPELLED = [
    "{ persn { navn } }",
    "subscription { varselMotatt { id } }",
    '{ personsok(fist: 5, navn: "K") { totalCount } }',
    "{ me @include(iff: true) { id } }",
    "query($s: FordelingStatu) { fordelinger(first: 1, status: [$s]) { totalCount } }",
    "{ me { ... on Bruke { id } } }",
    "{ fordelinger(first: 1, status: [NYY]) { totalCount } }",
    'mutation { meldInnAntallPlasser(input: {antal: 5, fra: "2027-01-04"}) { feil { code } } }',
    "{ me }",
]


@pytest.mark.parametrize("query", MISSPELLED)
def test_no_suggestions_anywhere(client: httpx.Client, server: LiveServer, query: str) -> None:
    suggested = [e.message for e in validate(schema._schema, parse(query))]
    assert any("Did you mean" in message for message in suggested), suggested
    response = client.post(
        "/graphql",
        json={"query": query},
        headers={"Authorization": f"Bearer {server.token('demo-0301-anmoder-les')}"},
    )
    assert response.json()["errors"], response.text
    assert "Did you mean" not in response.text


@pytest.mark.parametrize(
    ("query", "variables", "message"),
    [
        (
            "query($s: [FordelingStatus!]) { fordelinger(first: 1, status: $s) { totalCount } }",
            {"s": ["NYY"]},
            "Variable '$s' has invalid value at [0]: Value 'NYY' does not exist in"
            " 'FordelingStatus' enum.",
        ),
        (
            "mutation($i: AntallPlasserInput!) { meldInnAntallPlasser(input: $i)"
            " { feil { code } } }",
            {"i": {"antall": 5, "fra": "2027-01-04", "merknd": "x"}},
            "Variable '$i' has invalid value: Expected value of type 'AntallPlasserInput' not to"
            " include unknown field 'merknd', found: {'antall': 5, 'fra': '2027-01-04',"
            " 'merknd': 'x'}.",
        ),
    ],
)
def test_no_suggestions_for_variables(
    client: httpx.Client,
    server: LiveServer,
    query: str,
    variables: dict[str, object],
    message: str,
) -> None:
    [operation] = parse(query).definitions
    assert isinstance(operation, OperationDefinitionNode)
    suggested = get_variable_values(schema._schema, operation.variable_definitions or (), variables)
    assert isinstance(suggested, list)
    assert "Did you mean" in suggested[0].message
    response = client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {server.token('demo-0301-anmoder-les')}"},
    )
    assert [e["message"] for e in response.json()["errors"]] == [message]


def test_introspection_needs_a_token(client: httpx.Client, server: LiveServer) -> None:
    anonymous = client.post("/graphql", json={"query": "{ __schema { queryType { name } } }"})
    assert anonymous.status_code == 401
    known = client.post(
        "/graphql",
        json={"query": "{ __schema { queryType { name } } }"},
        headers={"Authorization": f"Bearer {server.token('demo-analytiker')}"},
    )
    assert known.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


def test_introspection_can_be_switched_off() -> None:
    program = (
        "import asyncio; from schema import schema;"
        "r = asyncio.run(schema.execute('{ __schema { queryType { name } } }'));"
        "print(r.errors[0].message if r.errors else 'open')"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"BOSETTING_INTROSPECTION": "false", "PATH": "/usr/bin:/bin"},
    )
    assert "introspection" in result.stdout.lower()


def test_a_nul_character_is_bad_input_not_a_fault(client: httpx.Client, server: LiveServer) -> None:
    headers = {"Authorization": f"Bearer {server.token('demo-imdi-saksbehandler')}"}
    as_variable = client.post(
        "/graphql",
        json={
            "query": "query($n: String!) { kommune(nummer: $n) { navn } }",
            "variables": {"n": "03\x0001"},
        },
        headers=headers,
    ).json()
    assert as_variable["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "n"}
    inline = client.post(
        "/graphql", json={"query": '{ kommune(nummer: "03\x0001") { navn } }'}, headers=headers
    ).json()
    assert inline["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "query"}


def test_a_year_out_of_range_is_bad_input(client: httpx.Client, server: LiveServer) -> None:
    body = client.post(
        "/graphql",
        json={"query": "{ oversiktBosettingAlle(ar: 0) { kommunenummer } }"},
        headers={"Authorization": f"Bearer {server.token('demo-imdi-saksbehandler')}"},
    ).json()
    assert body["errors"][0]["message"] == "ar: a year from 2000 to 2100, not 0"


def test_an_escaped_nul_and_odd_digits_are_bad_input(
    client: httpx.Client, server: LiveServer
) -> None:
    headers = {"Authorization": f"Bearer {server.token('demo-imdi-saksbehandler')}"}
    escaped = client.post(
        "/graphql", json={"query": '{ kommune(nummer: "03\\u000001") { navn } }'}, headers=headers
    ).json()
    assert escaped["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "query"}
    superscript = client.post(
        "/graphql", json={"query": '{ fordeling(id: "³") { id } }'}, headers=headers
    ).json()
    assert superscript["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}
    arabic = client.post(
        "/graphql", json={"query": '{ person(dufNr: "٢٠١٨٠٣٤٥٢٢٠١") { navn } }'}, headers=headers
    ).json()
    assert arabic["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "dufNr"}


def test_an_id_beyond_the_database_range_is_bad_input(
    client: httpx.Client, server: LiveServer
) -> None:
    body = client.post(
        "/graphql",
        json={"query": '{ fordeling(id: "999999999999999999999999999999") { id } }'},
        headers={"Authorization": f"Bearer {server.token('demo-imdi-saksbehandler')}"},
    ).json()
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}
