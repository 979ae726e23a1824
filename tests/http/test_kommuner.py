"""The kommune reference data: ``kommune(nummer)`` and ``kommuner``."""

from __future__ import annotations

import httpx

from tests.support import LiveServer


def query(client: httpx.Client, server: LiveServer, text: str) -> dict[str, object]:
    token = server.token("demo-0301-anmoder-les")
    response = client.post(
        "/graphql", json={"query": text}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[return-value]


def test_all_357_kommuner_in_number_order(client: httpx.Client, server: LiveServer) -> None:
    data = query(client, server, "{ kommuner { nummer navn } }")
    kommuner = data["kommuner"]
    assert isinstance(kommuner, list)
    assert len(kommuner) == 357
    numbers = [k["nummer"] for k in kommuner]
    assert numbers == sorted(numbers)
    assert {"nummer": "0301", "navn": "Oslo - Oslove"} in kommuner


def test_kommuner_of_one_fylke(client: httpx.Client, server: LiveServer) -> None:
    data = query(client, server, '{ kommuner(fylkesnummer: "55") { nummer fylke } }')
    kommuner = data["kommuner"]
    assert isinstance(kommuner, list)
    assert kommuner
    assert all(k["nummer"].startswith("55") for k in kommuner)
    assert {k["fylke"] for k in kommuner} == {"Troms"}


def test_one_kommune_by_number(client: httpx.Client, server: LiveServer) -> None:
    data = query(
        client,
        server,
        '{ kommune(nummer: "1870") { nummer navn navnKort fylkesnummer admSenter innbyggere } }',
    )
    assert data["kommune"] == {
        "nummer": "1870",
        "navn": "Sortland - Suortá",
        "navnKort": "Sortland",
        "fylkesnummer": "18",
        "admSenter": "Sortland",
        "innbyggere": 10618,
    }


def test_an_unknown_kommune_is_null(client: httpx.Client, server: LiveServer) -> None:
    assert query(client, server, '{ kommune(nummer: "9999") { navn } }') == {"kommune": None}
