"""Bounded input against a live server: long texts and long lists are refused with
BAD_USER_INPUT naming the argument before any resolver or SQL runs, cursors out of range are
bad input (never an internal error), and other callers are served meanwhile."""

from __future__ import annotations

import base64
import json
import threading
import time
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from schema import bounds
from tests.support import Api, LiveServer

LOW = "demo-0301-anmoder-les"
"""A low-privilege kommune user."""
BOSETTER_LES = "demo-0301-bosetter-les"
IMDI = "demo-imdi-saksbehandler"
PERSON = "201803452201"
SOK = """query($navn: String, $after: String) {
  personsok(navn: $navn, first: 5, after: $after) { totalCount edges { node { dufNr } } } }"""
NOTAT = """mutation($i: NotatInput!) { opprettNotat(input: $i) {
  notat { id } feil { field message code } } }"""


def post(
    client: httpx.Client, server: LiveServer, subject: str, query: str, **variables: Any
) -> dict[str, Any]:
    response = client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {server.token(subject)}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def bad_input(body: dict[str, Any], field: str, words: str) -> None:
    """The answer holds exactly one error: BAD_USER_INPUT naming ``field``."""
    errors = body.get("errors") or []
    assert len(errors) == 1, body
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, errors
    assert errors[0]["message"].startswith(f"{field}: "), errors
    assert words in errors[0]["message"], errors


def test_a_long_name_search_is_refused_before_it_reaches_the_database(
    client: httpx.Client, server: LiveServer
) -> None:
    body = post(client, server, LOW, SOK, navn="a" * (bounds.SOKETEKST + 1))
    bad_input(body, "navn", f"at most {bounds.SOKETEKST} characters, not {bounds.SOKETEKST + 1}")
    assert body["data"] is None
    # The message carries the length, never the text.
    assert "aaaa" not in json.dumps(body)
    # A literal in the document is refused alike.
    literal = post(
        client, server, LOW, f'{{ personsok(navn: "{"b" * 500}", first: 5) {{ totalCount }} }}'
    )
    bad_input(literal, "navn", "at most 100 characters, not 500")
    # At the limit the search runs.
    ok = post(client, server, IMDI, SOK, navn="Kurt " + "a" * (bounds.SOKETEKST - 5))
    assert "errors" not in ok, ok


def test_huge_name_searches_are_refused_at_once_and_others_are_served(
    server: LiveServer, client: httpx.Client
) -> None:
    huge = "Kurt Hansen " * 75_000  # 900,000 characters: under the body limit
    times: list[float] = []
    answers: list[dict[str, Any]] = []

    def attack() -> None:
        with httpx.Client(base_url=server.base_url, timeout=60) as own:
            for _ in range(3):
                started = time.monotonic()
                answers.append(post(own, server, LOW, SOK, navn=huge))
                times.append(time.monotonic() - started)

    attackers = [threading.Thread(target=attack) for _ in range(4)]
    for thread in attackers:
        thread.start()
    served: list[float] = []
    while any(thread.is_alive() for thread in attackers) or len(served) < 3:
        started = time.monotonic()
        other = post(client, server, IMDI, SOK, navn="Hansen")
        served.append(time.monotonic() - started)
        assert "errors" not in other, other
    for thread in attackers:
        thread.join()
    assert len(answers) == 12
    for answer in answers:
        bad_input(answer, "navn", "at most 100 characters, not 900000")
    assert max(times) < 3.0, times
    assert max(served) < 3.0, served


def test_a_list_over_its_bound_is_refused(client: httpx.Client, server: LiveServer) -> None:
    query = "query($d: [String!]!) { personer(dufNr: $d) { dufNr } }"
    body = post(client, server, LOW, query, d=[PERSON] * (bounds.PERSONER + 1))
    bad_input(body, "dufNr", f"at most {bounds.PERSONER} values, not {bounds.PERSONER + 1}")
    long_item = post(client, server, LOW, query, d=[PERSON, "1" * 5000])
    bad_input(long_item, "dufNr[1]", f"at most {bounds.IDENTIFIKATOR} characters, not 5000")
    statuses = post(
        client,
        server,
        LOW,
        "query($s: [FordelingStatus!]) { fordelinger(first: 5, status: $s) { totalCount } }",
        s=["NY"] * 100_000,
    )
    bad_input(statuses, "status", "values, not 100000")


def test_an_input_field_over_its_bound_is_refused_by_its_path(
    client: httpx.Client, server: LiveServer
) -> None:
    body = post(
        client,
        server,
        "demo-analytiker",
        """query($f: StatistikkFilter) { statistikk { bosettinger(grupperEtter: [AR], filter: $f)
        { antall { tekst } } } }""",
        f={"nasjonalitet": ["SYR", "x" * 21]},
    )
    bad_input(body, "filter.nasjonalitet[1]", f"at most {bounds.IDENTIFIKATOR} characters")


async def test_a_huge_notat_is_refused_and_nothing_is_stored(api: Api, engine: AsyncEngine) -> None:
    async def notater() -> int:
        async with engine.connect() as connection:
            count = await connection.scalar(text("SELECT count(*) FROM hendelse"))
        assert isinstance(count, int)
        return count

    before = await notater()
    writer = "demo-0301-anmoder-skriv"
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"tekst": "x" * 900_000}, "input.tekst", "at most 10000 characters, not 900000"),
        ({"tekst": "x" * (bounds.NOTAT + 1)}, "input.tekst", "at most 10000 characters"),
        ({"tittel": "t" * (bounds.TITTEL + 1)}, "input.tittel", "at most 200 characters"),
        ({"personer": [PERSON] * 101}, "input.personer", "at most 100 values, not 101"),
    ]
    for change, field, words in cases:
        notat = {"tittel": "Samtale", "saksomrade": "BOSETTING", "tekst": "Kort."} | change
        body = await api(writer, NOTAT, i=notat)
        bad_input(body, field, words)
        assert body["data"] == {"opprettNotat": None}
    assert await notater() == before
    # At the limits the notat is stored.
    ok = await api(
        writer,
        NOTAT,
        i={"tittel": "t" * bounds.TITTEL, "saksomrade": "BOSETTING", "tekst": "x" * bounds.NOTAT},
    )
    assert ok["data"]["opprettNotat"]["feil"] == [], ok
    assert await notater() == before + 1


async def test_mutation_arguments_are_bounded(api: Api) -> None:
    body = await api(
        "demo-imdi-saksbehandler",
        "mutation($k: String!) { kommenterAnmodning(id: 1, kommentar: $k) { feil { code } } }",
        k="k" * (bounds.BEGRUNNELSE + 1),
    )
    bad_input(body, "kommentar", f"at most {bounds.BEGRUNNELSE} characters")


def cursor(*parts: Any) -> str:
    raw = json.dumps(list(parts), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def raw_cursor(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


OFFSET_LISTS = [
    ("personsok", BOSETTER_LES, SOK, {"navn": "Hansen"}),
    (
        "varsler",
        LOW,
        "query($after: String) { varsler(first: 5, after: $after) { totalCount } }",
        {},
    ),
    (
        "fordelinger",
        LOW,
        "query($after: String) { fordelinger(first: 5, after: $after) { totalCount } }",
        {},
    ),
    (
        "anmodninger",
        LOW,
        "query($after: String) { anmodninger(first: 5, after: $after) { totalCount } }",
        {},
    ),
]
KEYSET_LISTS = [
    (
        "kommunehendelse",
        LOW,
        "query($after: String) { kommunehendelser(first: 5, after: $after) { totalCount } }",
        {},
    ),
    (
        "innsyn",
        IMDI,
        "query($after: String, $d: String!) {"
        " innsynslogg(dufNr: $d, first: 5, after: $after) { totalCount } }",
        {"d": PERSON},
    ),
    (
        "hendelse",
        IMDI,
        "query($after: String, $d: String!) {"
        " person(dufNr: $d) { hendelser(first: 5, after: $after) { totalCount } } }",
        {"d": PERSON},
    ),
]
GARBAGE = ["not base64 !", raw_cursor(b"[" * 70 + b"]" * 70), raw_cursor(b"\xff\xfe")]
TOO_LONG = "A" * (bounds.CURSOR + 1)


@pytest.mark.parametrize(("kind", "subject", "query", "variables"), OFFSET_LISTS)
def test_offset_cursors_out_of_range_are_bad_input(
    client: httpx.Client,
    server: LiveServer,
    kind: str,
    subject: str,
    query: str,
    variables: dict[str, Any],
) -> None:
    wrong = [
        cursor(kind, 2**63),
        cursor(kind, 2**64 + 5),
        cursor(kind, -1),
        cursor(kind, 1e300),
        cursor(kind, 10**100),
        cursor(kind, True),
        cursor(kind, "10"),
        cursor(kind),
        cursor(kind, 1, 2),
        *GARBAGE,
    ]
    for after in wrong:
        body = post(client, server, subject, query, after=after, **variables)
        bad_input(body, "after", "is not a cursor of this list")
    too_long = post(client, server, subject, query, after=TOO_LONG, **variables)
    bad_input(too_long, "after", f"at most {bounds.CURSOR} characters")
    # The largest offset PostgreSQL takes is a page after the end: empty, no error.
    last = post(client, server, subject, query, after=cursor(kind, 2**63 - 1), **variables)
    assert "errors" not in last, last


@pytest.mark.parametrize(("kind", "subject", "query", "variables"), KEYSET_LISTS)
def test_keyset_cursors_out_of_range_are_bad_input(
    client: httpx.Client,
    server: LiveServer,
    kind: str,
    subject: str,
    query: str,
    variables: dict[str, Any],
) -> None:
    stamp = "2025-01-01T12:00:00+00:00"
    wrong = [
        cursor(kind, stamp, 2**63),
        cursor(kind, stamp, -1),
        cursor(kind, stamp, 1e300),
        cursor(kind, stamp, True),
        cursor(kind, stamp, "1"),
        cursor(kind, "2025-01-01T12:00:00", 1),  # no time zone
        cursor(kind, "0001-01-01T00:00:00+23:59", 1),  # before year 1 in UTC
        cursor(kind, "9999-12-31T23:59:59+00:00"),
        cursor(kind, "yesterday", 1),
        cursor(kind, 5, 1),
        *GARBAGE,
    ]
    for after in wrong:
        body = post(client, server, subject, query, after=after, **variables)
        bad_input(body, "after", "is not a cursor of this list")
    edge = post(client, server, subject, query, after=cursor(kind, stamp, 2**63 - 1), **variables)
    assert "errors" not in edge, edge


def test_ids_out_of_range_are_bad_input(client: httpx.Client, server: LiveServer) -> None:
    for value in ("1" * 5000, str(2**63), "-1", "１２"):
        body = post(client, server, LOW, "query($id: ID!) { fordeling(id: $id) { id } }", id=value)
        bad_input(body, "id", "not an id")
