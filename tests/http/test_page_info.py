"""``PageInfo`` as the cursor connections specification has it: ``hasPreviousPage``,
``hasNextPage``, ``startCursor`` and ``endCursor``, with the right values on every page of
offset lists (``hasPreviousPage``: the offset is above 0) and keyset lists (an ``after``
cursor was given), on the first, middle, last and empty pages."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support import LiveServer, sql_rows

IMDI = "demo-imdi-saksbehandler"
PAGE = "totalCount pageInfo { hasPreviousPage hasNextPage startCursor endCursor } edges { cursor }"


def post(client: httpx.Client, server: LiveServer, query: str, **variables: Any) -> Any:
    response = client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {server.token(IMDI)}"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def check_page(page: dict[str, Any], *, after: str | None) -> None:
    info, edges = page["pageInfo"], page["edges"]
    assert info["hasPreviousPage"] is (after is not None)
    assert info["startCursor"] == (edges[0]["cursor"] if edges else None)
    assert info["endCursor"] == (edges[-1]["cursor"] if edges else None)


def walk(fetch: Any) -> list[dict[str, Any]]:
    """Every page of a list, from the first by ``after: endCursor``, each checked, in pages of
    a third of the list (three pages or more, when it has three entries); and the empty page
    after the last."""
    size = min(100, max(1, fetch(1, None)["totalCount"] // 3))
    pages: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        page = fetch(size, after)
        check_page(page, after=after)
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        assert len(page["edges"]) == size
        after = page["pageInfo"]["endCursor"]
        assert len(pages) < 50, "the list does not end"
    cursors = [edge["cursor"] for page in pages for edge in page["edges"]]
    assert len(cursors) == len(set(cursors)) == pages[0]["totalCount"]
    if cursors:
        beyond = fetch(size, cursors[-1])
        check_page(beyond, after=cursors[-1])
        assert beyond["edges"] == []
        assert beyond["pageInfo"]["hasNextPage"] is False
    return pages


def test_an_offset_list_page_by_page(client: httpx.Client, server: LiveServer) -> None:
    query = f"""query($first: Int!, $after: String) {{
      fordelinger(first: $first, after: $after) {{ {PAGE} }} }}"""
    pages = walk(
        lambda size, after: post(client, server, query, first=size, after=after)["fordelinger"]
    )
    assert len(pages) >= 3, "too few fordelinger for a first, a middle and a last page"
    first, middle = pages[0]["pageInfo"], pages[1]["pageInfo"]
    assert (first["hasPreviousPage"], first["hasNextPage"]) == (False, True)
    assert (middle["hasPreviousPage"], middle["hasNextPage"]) == (True, True)
    assert pages[-1]["pageInfo"]["hasPreviousPage"] is True


def test_a_search_page_by_page_and_an_empty_one(client: httpx.Client, server: LiveServer) -> None:
    query = f"""query($first: Int!, $after: String, $navn: String) {{
      personsok(first: $first, after: $after, navn: $navn) {{ {PAGE} }} }}"""
    pages = walk(
        lambda size, after: post(client, server, query, first=size, after=after, navn="Mohammed")[
            "personsok"
        ]
    )
    assert len(pages) >= 3
    nobody = post(client, server, query, first=5, navn="Qxzqxz Qxzqxz")["personsok"]
    assert nobody["totalCount"] == 0
    assert nobody["pageInfo"] == {
        "hasPreviousPage": False,
        "hasNextPage": False,
        "startCursor": None,
        "endCursor": None,
    }


def test_a_keyset_list_page_by_page(client: httpx.Client, server: LiveServer) -> None:
    query = f"""query($first: Int!, $after: String) {{
      kommunehendelser(kommunenummer: "0301", first: $first, after: $after) {{ {PAGE} }} }}"""
    pages = walk(
        lambda size, after: post(client, server, query, first=size, after=after)["kommunehendelser"]
    )
    assert len(pages) >= 3
    assert [page["pageInfo"]["hasPreviousPage"] for page in pages[:2]] == [False, True]


@pytest.fixture
def duf_nr_with_hendelser(shared_db: str) -> str:
    rows = sql_rows(
        shared_db,
        "SELECT p.duf_nr FROM person p JOIN hendelse_person hp ON hp.person_id = p.id"
        " GROUP BY p.duf_nr HAVING count(*) >= 2 ORDER BY count(*) DESC, p.duf_nr LIMIT 1",
    )
    assert rows, "no person with two hendelser in the test data"
    return str(rows[0].duf_nr)


def test_a_persons_hendelser_page_by_page(
    client: httpx.Client, server: LiveServer, duf_nr_with_hendelser: str
) -> None:
    query = f"""query($d: String!, $first: Int!, $after: String) {{
      person(dufNr: $d) {{ hendelser(first: $first, after: $after) {{ {PAGE} }} }} }}"""
    pages = walk(
        lambda size, after: post(
            client, server, query, d=duf_nr_with_hendelser, first=size, after=after
        )["person"]["hendelser"]
    )
    assert [page["pageInfo"]["hasPreviousPage"] for page in pages] == [False] + [True] * (
        len(pages) - 1
    )
    assert len(pages) >= 2
