"""Bosettingsinformasjon's lists (issue 15, item 10): the veiledende tilknytninger, each with
its priority and its source, the highest priority first; a bosettingsmerknad per source, IMDi's
and the mottak's (SESAM) side by side."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support import LiveServer, sql_rows

BOSETTINGSINFO = """query($d: String!) { person(dufNr: $d) { bosettingsinformasjon {
  veiledendeTilknytninger { kriterium prioritet kommunenummer beskrivelse kilde registrert }
  bosettingsmerknader { kilde tekst registrert } } } }"""


def ask(client: httpx.Client, server: LiveServer, subject: str, duf: str) -> dict[str, Any]:
    response = client.post(
        "/graphql",
        json={"query": BOSETTINGSINFO, "variables": {"d": duf}},
        headers={"Authorization": f"Bearer {server.token(subject)}"},
    )
    body: dict[str, Any] = response.json()
    return body


def test_both_sources_keep_their_merknad_and_the_criteria_come_by_priority(
    client: httpx.Client, server: LiveServer, shared_db: str
) -> None:
    [(duf,)] = sql_rows(
        shared_db,
        "SELECT p.duf_nr FROM person p JOIN person_bosettingsinfo b ON b.person_id = p.id"
        " WHERE (SELECT count(*) FROM person_bosettingsmerknad m WHERE m.person_id = p.id) = 2"
        " ORDER BY p.id LIMIT 1",
    )
    body = ask(client, server, "demo-imdi-saksbehandler", duf)
    assert "errors" not in body, body
    merknader = body["data"]["person"]["bosettingsinformasjon"]["bosettingsmerknader"]
    stored = sql_rows(
        shared_db,
        "SELECT m.kilde, m.tekst FROM person_bosettingsmerknad m JOIN person p"
        " ON p.id = m.person_id WHERE p.duf_nr = :d ORDER BY m.kilde",
        d=duf,
    )
    assert [(m["kilde"], m["tekst"]) for m in merknader] == [tuple(row) for row in stored]
    assert [m["kilde"] for m in merknader] == ["IMDI", "SESAM"]

    [(ranked,)] = sql_rows(
        shared_db,
        "SELECT p.duf_nr FROM person p JOIN person_veiledende_tilknytning t"
        " ON t.person_id = p.id GROUP BY p.id HAVING count(*) = 2 ORDER BY p.id LIMIT 1",
    )
    criteria = ask(client, server, "demo-imdi-saksbehandler", ranked)["data"]["person"][
        "bosettingsinformasjon"
    ]["veiledendeTilknytninger"]
    assert [c["prioritet"] for c in criteria] == [1, 2]
    assert criteria[0]["kriterium"] == "NAER_FAMILIE"
    assert criteria[0]["kommunenummer"] == "4601"
    assert {c["kilde"] for c in criteria} <= {"SESAM", "IMDI"}


def test_the_lists_are_the_personmappes(
    client: httpx.Client, server: LiveServer, shared_db: str
) -> None:
    [(duf,)] = sql_rows(
        shared_db,
        "SELECT p.duf_nr FROM person p JOIN person_bosettingsmerknad m ON m.person_id = p.id"
        " WHERE NOT EXISTS (SELECT 1 FROM utsoking u WHERE u.person_id = p.id AND u.aktiv"
        " AND u.kommunenummer = '0301') ORDER BY p.id LIMIT 1",
    )
    body = ask(client, server, "demo-0301-bosetter-les", duf)
    assert body["data"]["person"] is None or body["data"]["person"]["bosettingsinformasjon"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
