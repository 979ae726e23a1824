"""No N+1: a list of persons with every personmappe section costs a fixed number of SQL
statements, the same for 20 persons as for 200."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from app.db import make_engine
from models import Person
from tests.authz.support import EVERYTHING
from tests.support import LiveServer, counted


@pytest.fixture(scope="module")
def duf_numbers(shared_db: str) -> list[str]:
    async def fetch() -> list[str]:
        engine = make_engine(shared_db, pool_size=1)
        async with engine.connect() as connection:
            rows = await connection.scalars(select(Person.duf_nr).order_by(Person.id).limit(200))
            numbers = list(rows)
        await engine.dispose()
        return numbers

    return asyncio.run(fetch())


def statements_for(
    client: httpx.Client, server: LiveServer, subject: str, numbers: list[str]
) -> tuple[list[str], dict[str, Any]]:
    headers = {"Authorization": f"Bearer {server.token(subject)}"}
    with counted(server) as statements:
        response = client.post(
            "/graphql", json={"query": EVERYTHING, "variables": {"d": numbers}}, headers=headers
        )
    assert response.status_code == 200
    return statements, response.json()


def test_200_persons_cost_the_same_statements_as_20(
    client: httpx.Client, server: LiveServer, duf_numbers: list[str]
) -> None:
    few, _ = statements_for(client, server, "demo-imdi-saksbehandler", duf_numbers[:20])
    many, many_body = statements_for(client, server, "demo-imdi-saksbehandler", duf_numbers)
    assert "errors" not in many_body
    assert len(many_body["data"]["personer"]) == 200
    assert all(p["kompetanse"] is not None for p in many_body["data"]["personer"])
    # The standard execution (the family's persons are not compiled): login 1 (the user; the
    # rate limit counts in process), persons 1, family 1, the family's persons 1, ten
    # personmappe loaders (the bosettingsmerknader one of them), the innsynslogg insert 1
    assert len(many) == len(few) == 15, "\n".join(s.split("\n")[0] for s in many)


def test_everything_denied_is_cheap_too(
    client: httpx.Client, server: LiveServer, duf_numbers: list[str]
) -> None:
    statements, body = statements_for(client, server, "demo-1870-anmoder-les", duf_numbers)
    persons = [p for p in body["data"]["personer"] if p is not None]
    assert persons, "a kommune sees identitet on an exact DUF-nr lookup"
    assert all(p["helseinformasjon"] is None for p in persons)
    # login 1, persons 1, family 1, the family's persons 1 (of those bosatt in the kommune):
    # no personmappe loader runs, nothing to log
    assert len(statements) == 4, "\n".join(s.split("\n")[0] for s in statements)


def test_a_fordeling_costs_the_same_statements_whatever_its_size(
    client: httpx.Client, server: LiveServer, shared_db: str
) -> None:
    """The benchmark's fordeling query, on the smallest and the largest list in the data:
    one statement, whatever the list's size."""
    from sqlalchemy import text

    from bench.queries import FORDELING

    async def sizes() -> list[tuple[int, int]]:
        engine = make_engine(shared_db, pool_size=1)
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    text(
                        "SELECT fordeling_id, count(*) FROM fordeling_person"
                        " GROUP BY 1 HAVING count(*) > 1 ORDER BY 2, 1"
                    )
                )
            ).all()
        await engine.dispose()
        return [(int(r[0]), int(r[1])) for r in rows]

    lists = asyncio.run(sizes())
    (small, small_size), (large, large_size) = lists[0], lists[-1]
    assert large_size >= 5 * small_size
    counts = []
    for fordeling_id, size in ((small, small_size), (large, large_size)):
        headers = {"Authorization": f"Bearer {server.token('demo-imdi-saksbehandler')}"}
        with counted(server) as statements:
            response = client.post(
                "/graphql",
                json={"query": FORDELING, "variables": {"id": str(fordeling_id)}},
                headers=headers,
            )
        body = response.json()
        assert "errors" not in body, body["errors"][:2]
        assert len(body["data"]["fordeling"]["rader"]) == size
        counts.append(len(statements))
    # login 1 (a new token), and the compiled read: the fordeling, its rows, their sections
    # and the innsynslogg rows in one statement (resolvers/compiled)
    assert counts == [2, 2]


FORDELINGER = """query($n: Int!) { fordelinger(first: $n) { totalCount edges { cursor node {
  id status rader { id sammendrag { alder familiestorrelse } person {
    dufNr helseinformasjon { helsetilstand } familie { relasjon alder }
    hendelser(first: 2) { totalCount } } } } } } }"""


def test_a_page_of_fordelinger_with_their_rows_is_one_statement(
    client: httpx.Client, server: LiveServer
) -> None:
    """``fordelinger`` with every row's person, its sections, family and hendelser is a
    compiled read: one statement for a page of 1 and of 5 (the cost limit)."""
    headers = {"Authorization": f"Bearer {server.token('demo-imdi-saksbehandler')}"}
    client.post("/graphql", json={"query": "{ me { navn } }"}, headers=headers)  # the login
    rows = []
    for size in (1, 5):
        request = {"query": FORDELINGER, "variables": {"n": size}}
        with counted(server) as statements:
            body = client.post("/graphql", json=request, headers=headers).json()
        assert "errors" not in body, body["errors"][:2]
        edges = body["data"]["fordelinger"]["edges"]
        assert len(edges) == size
        rows.append(sum(len(edge["node"]["rader"]) for edge in edges))
        [statement] = statements
        assert "INSERT INTO innsynslogg" in statement
    assert rows[1] > rows[0] > 0


def test_a_page_of_innmeldinger_with_their_persons_is_one_statement(
    client: httpx.Client, server: LiveServer
) -> None:
    """``innmeldinger`` of bestemte personer with each person's sections is a compiled read."""
    query = """{ innmeldinger(first: 20, type: [BESTEMTE_PERSONER]) { totalCount edges { node {
      id status opprettetAv person { dufNr navn helseinformasjon { kilde } } } } } }"""
    headers = {"Authorization": f"Bearer {server.token('demo-imdi-saksbehandler')}"}
    client.post("/graphql", json={"query": "{ me { navn } }"}, headers=headers)  # the login
    with counted(server) as statements:
        body = client.post("/graphql", json={"query": query}, headers=headers).json()
    assert "errors" not in body, body["errors"][:2]
    edges = body["data"]["innmeldinger"]["edges"]
    assert len(edges) == body["data"]["innmeldinger"]["totalCount"] >= 5
    assert all(edge["node"]["person"]["dufNr"] for edge in edges)
    [statement] = statements
    assert "INSERT INTO innsynslogg" in statement


def test_one_person_with_its_whole_personmappe_is_one_statement(
    client: httpx.Client, server: LiveServer, duf_numbers: list[str]
) -> None:
    """The compiled read (resolvers/compiled): the person, every section, the hendelser and
    the innsynslogg rows in one statement; a remembered login costs none."""
    from bench.queries import PERSON

    headers = {"Authorization": f"Bearer {server.token('demo-imdi-saksbehandler')}"}
    request = {"query": PERSON, "variables": {"dufNr": duf_numbers[0]}}
    client.post("/graphql", json=request, headers=headers)  # the login is remembered
    with counted(server) as statements:
        response = client.post("/graphql", json=request, headers=headers)
    body = response.json()
    assert "errors" not in body
    assert body["data"]["person"]["kompetanse"] is not None
    [statement] = statements
    assert "INSERT INTO innsynslogg" in statement


def test_the_personliste_with_every_section_is_one_statement(
    client: httpx.Client, server: LiveServer, duf_numbers: list[str]
) -> None:
    """``arbeidsflate { personliste }`` is a compiled read too: ten persons, every section and
    the innsynslogg rows in one statement."""
    add = "mutation A($d: String!) { leggTilIPersonliste(dufNr: $d) { feil { message } } }"
    headers = {"Authorization": f"Bearer {server.token('demo-imdi-saksbehandler')}"}
    for number in duf_numbers[100:110]:
        answer = client.post(
            "/graphql", json={"query": add, "variables": {"d": number}}, headers=headers
        ).json()
        assert answer["data"]["leggTilIPersonliste"]["feil"] == [], answer
    fields = "dufNr navn kompetanse { sprak { sprak } } helseinformasjon { kilde }"
    request = {"query": f"{{ arbeidsflate {{ personliste {{ {fields} }} }} }}"}
    client.post("/graphql", json=request, headers=headers)  # the login is remembered
    with counted(server) as statements:
        body = client.post("/graphql", json=request, headers=headers).json()
    assert "errors" not in body
    listed = body["data"]["arbeidsflate"]["personliste"]
    assert [p["dufNr"] for p in listed] == duf_numbers[100:110]
    assert all(p["kompetanse"] is not None for p in listed)
    [statement] = statements
    assert "INSERT INTO innsynslogg" in statement
    remove = "mutation R($d: String!) { fjernFraPersonliste(dufNr: $d) { feil { message } } }"
    for number in duf_numbers[100:110]:  # the shared database as it was
        client.post("/graphql", json={"query": remove, "variables": {"d": number}}, headers=headers)


def test_a_personsok_is_one_statement(
    client: httpx.Client, server: LiveServer, shared_db: str
) -> None:
    """A personsøk by name is a compiled read: the hits, their count, the page and the
    innsynslogg rows of what it reads in one statement."""
    headers = {"Authorization": f"Bearer {server.token('demo-imdi-saksbehandler')}"}
    query = (
        "query S($navn: String!) { personsok(first: 20, navn: $navn)"
        " { totalCount edges { cursor node { dufNr helseinformasjon { kilde } } } } }"
    )

    async def a_surname() -> str:
        engine = make_engine(shared_db, pool_size=1)
        async with engine.connect() as connection:
            found = await connection.scalar(select(Person.etternavn).order_by(Person.id).limit(1))
        await engine.dispose()
        return str(found)

    by_name = {"query": query, "variables": {"navn": asyncio.run(a_surname())}}
    client.post("/graphql", json=by_name, headers=headers)  # the login is remembered
    with counted(server) as statements:
        body = client.post("/graphql", json=by_name, headers=headers).json()
    assert "errors" not in body
    assert body["data"]["personsok"]["totalCount"] > 0
    [statement] = statements
    assert "INSERT INTO innsynslogg" in statement


UTSOKTE = """query($n: Int!) { utsokte(first: $n) { totalCount edges { node { status person {
  dufNr navn kontaktinformasjon { adresse } helseinformasjon { helsetilstand }
  kompetanse { sprak { sprak } } hendelser(first: 3) { totalCount } } } } } }"""


def test_the_kommunes_list_of_its_persons_costs_the_same_for_5_as_for_50(
    client: httpx.Client, server: LiveServer
) -> None:
    headers = {"Authorization": f"Bearer {server.token('demo-4601-bosetter-les')}"}
    client.post("/graphql", json={"query": "{ me { navn } }"}, headers=headers)  # the login
    counts = []
    for size in (5, 50):
        with counted(server) as statements:
            body = client.post(
                "/graphql", json={"query": UTSOKTE, "variables": {"n": size}}, headers=headers
            ).json()
        assert "errors" not in body, body["errors"][:2]
        edges = body["data"]["utsokte"]["edges"]
        assert len(edges) == size
        assert all(e["node"]["person"]["hendelser"] is not None for e in edges)
        counts.append(len(statements))
    # the list 1; kontakt, helse, kompetanse (its person and sprak), hendelser: 1 each; the
    # innsynslogg insert 1 (the login is cached since the first request)
    assert counts == [6, 6]
