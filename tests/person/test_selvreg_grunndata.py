"""Vis grunndata fra Selvreg (issue 15, item 11): a kompetanse entry from Selvreg shows the
record as the refugee entered it beside the normalised entry, under the personmappe class."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.support import LiveServer, sql_rows

KOMPETANSE = """query($d: String!) { person(dufNr: $d) { kompetanse {
  yrker { tittel land fraAr kilde selvregGrunndata {
    tittel beskrivelse land fraAr tilAr fullfort sprak } }
  utdanning { tittel fullfort kilde selvregGrunndata { tittel fullfort tilAr } } } } }"""


def ask(client: httpx.Client, server: LiveServer, subject: str, duf: str) -> dict[str, Any]:
    response = client.post(
        "/graphql",
        json={"query": KOMPETANSE, "variables": {"d": duf}},
        headers={"Authorization": f"Bearer {server.token(subject)}"},
    )
    body: dict[str, Any] = response.json()
    return body


def test_a_selvreg_entry_shows_what_was_typed_and_another_source_shows_none(
    client: httpx.Client, server: LiveServer, shared_db: str
) -> None:
    [(duf,)] = sql_rows(
        shared_db,
        "SELECT p.duf_nr FROM person p JOIN kompetanse k ON k.person_id = p.id"
        " WHERE k.type = 'YRKE' AND k.kilde = 'SELVREG' AND k.fra_ar IS NOT NULL"
        " ORDER BY p.id LIMIT 1",
    )
    stored = sql_rows(
        shared_db,
        "SELECT k.tittel, k.selvreg_grunndata::text FROM kompetanse k JOIN person p"
        " ON p.id = k.person_id WHERE p.duf_nr = :d AND k.type = 'YRKE' ORDER BY k.id",
        d=duf,
    )
    body = ask(client, server, "demo-imdi-saksbehandler", duf)
    assert "errors" not in body, body
    yrker = body["data"]["person"]["kompetanse"]["yrker"]
    assert [y["tittel"] for y in yrker] == [row[0] for row in stored]
    for yrke, (_, record) in zip(yrker, stored, strict=True):
        typed = json.loads(record)
        assert yrke["selvregGrunndata"] == {
            "tittel": typed["tittel"],
            "beskrivelse": typed.get("beskrivelse"),
            "land": typed.get("land"),
            "fraAr": typed.get("fraAr"),
            "tilAr": typed.get("tilAr"),
            "fullfort": None,
            "sprak": typed["sprak"],
        }
        # What was typed differs from the normalised entry (the demo types titles in lower case
        # with a stray space, years with "ca.").
        assert yrke["selvregGrunndata"]["tittel"] != yrke["tittel"]
        assert yrke["selvregGrunndata"]["fraAr"] == f"ca. {yrke['fraAr']}"
    [(imdi_duf,)] = sql_rows(
        shared_db,
        "SELECT p.duf_nr FROM person p JOIN kompetanse k ON k.person_id = p.id"
        " WHERE k.type = 'UTDANNING' AND k.kilde <> 'SELVREG' ORDER BY p.id LIMIT 1",
    )
    other = ask(client, server, "demo-imdi-saksbehandler", imdi_duf)
    assert other["data"]["person"]["kompetanse"]["utdanning"]
    assert all(
        u["selvregGrunndata"] is None for u in other["data"]["person"]["kompetanse"]["utdanning"]
    )


def test_a_kommune_without_the_personmappe_sees_no_selvreg_record(
    client: httpx.Client, server: LiveServer, shared_db: str
) -> None:
    [(duf,)] = sql_rows(
        shared_db,
        "SELECT p.duf_nr FROM person p JOIN kompetanse k ON k.person_id = p.id"
        " WHERE k.kilde = 'SELVREG' AND NOT EXISTS (SELECT 1 FROM utsoking u"
        " WHERE u.person_id = p.id AND u.aktiv AND u.kommunenummer = '0301')"
        " ORDER BY p.id LIMIT 1",
    )
    body = ask(client, server, "demo-0301-bosetter-les", duf)
    assert body["data"]["person"] is None or body["data"]["person"]["kompetanse"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
