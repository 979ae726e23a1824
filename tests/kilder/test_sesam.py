"""SESAM writes its residents' personmappe: contact, its own bosettingsmerknad, the health
needs for housing; never another source's entry, never another mottak's resident."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.kilder.support import SKRIV as UDB_SKRIV
from tests.kilder.support import UDB, person
from tests.support import Api

SESAM = "demo-mottak-integrasjon"
SKRIV = """mutation($p: [SesamPersonInput!]!, $k: String!) { sesamPersoner(personer: $p,
  idempotensnokkel: $k) { gjentatt resultater { dufNr status feil { field code } } } }"""
LES = """query($d: String!) { person(dufNr: $d) {
  kontaktinformasjon { adresse postnummer poststed epost telefon kilde }
  helseinformasjon { bosettingsrelevantHelseinfo kilde }
  bosettingsinformasjon { bosettingsmerknader { kilde tekst } } } }"""
KONTAKT = {
    "adresse": "Mottaksveien 1",
    "postnummer": "1391",
    "poststed": "Vollen",
    "epost": "beboer@example.org",
    "telefon": "+47 40000000",
}


def statuses(body: dict[str, Any]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    assert "errors" not in body, body
    return [
        (r["dufNr"], r["status"], [(f["field"], f["code"]) for f in r["feil"]])
        for r in body["data"]["sesamPersoner"]["resultater"]
    ]


async def residents(api: Api) -> tuple[str, str, str]:
    """Two residents of the demo mottak, and a person living privately (through UDB)."""
    a, b = person(31), person(32)
    privat = person(33, botilbud="PRIVAT", mottak=None)
    body = await api(UDB, UDB_SKRIV, p=[a, b, privat], k="sesam-oppsett-01")
    assert "errors" not in body, body
    return a["dufNr"], b["dufNr"], privat["dufNr"]


async def test_sesam_writes_its_residents_personmappe(api: Api, engine: AsyncEngine) -> None:
    a, b, _ = await residents(api)
    given = {
        "dufNr": a,
        "kontaktinformasjon": KONTAKT,
        "bosettingsmerknad": "Trenger bolig nær skole",
        "bosettingsrelevantHelseinfo": "Rullestolbruker",
    }
    body = await api(SESAM, SKRIV, p=[given], k="sesam-01")
    assert statuses(body) == [(a, "ENDRET", [])]
    read = (await api("demo-imdi-saksbehandler", LES, d=a))["data"]["person"]
    assert read["kontaktinformasjon"] == KONTAKT | {"kilde": "SESAM"}
    assert read["helseinformasjon"] == {
        "bosettingsrelevantHelseinfo": "Rullestolbruker",
        "kilde": "SESAM",
    }
    assert read["bosettingsinformasjon"]["bosettingsmerknader"] == [
        {"kilde": "SESAM", "tekst": "Trenger bolig nær skole"}
    ]
    # The same again under a new key: unchanged; the merknad emptied: removed.
    assert statuses(await api(SESAM, SKRIV, p=[given], k="sesam-02")) == [(a, "UENDRET", [])]
    emptied = await api(SESAM, SKRIV, p=[{"dufNr": a, "bosettingsmerknad": ""}], k="sesam-03")
    assert statuses(emptied) == [(a, "ENDRET", [])]
    read = (await api("demo-imdi-saksbehandler", LES, d=a))["data"]["person"]
    assert read["bosettingsinformasjon"]["bosettingsmerknader"] == []
    async with engine.connect() as connection:
        titles = (
            await connection.execute(
                text(
                    "SELECT h.tekst FROM hendelse h JOIN hendelse_person hp"
                    " ON hp.hendelse_id = h.id JOIN person p ON p.id = hp.person_id"
                    " WHERE p.duf_nr = :d AND h.tittel = 'Personmappe endret fra SESAM'"
                    " ORDER BY h.id"
                ),
                {"d": a},
            )
        ).all()
    assert [row[0] for row in titles] == [
        "kontaktinformasjon, bosettingsrelevantHelseinfo, bosettingsmerknad",
        "bosettingsmerknad",
    ]
    # The repeated key: nothing written, the first answer.
    again = await api(SESAM, SKRIV, p=[given], k="sesam-01")
    assert again["data"]["sesamPersoner"]["gjentatt"] is True
    assert statuses(again) == [(a, "ENDRET", [])]
    assert b  # untouched


async def test_sesam_never_overwrites_another_source_nor_reaches_others(
    api: Api, engine: AsyncEngine
) -> None:
    a, b, privat = await residents(api)
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO person_kontakt (person_id, adresse, kilde)"
                " SELECT id, 'Fra UDI', 'UDB' FROM person WHERE duf_nr = :d"
            ),
            {"d": a},
        )
        await connection.execute(
            text(
                "INSERT INTO person_bosettingsmerknad (person_id, kilde, tekst, registrert)"
                " SELECT id, 'IMDI', 'IMDis merknad', current_date FROM person WHERE duf_nr = :d"
            ),
            {"d": b},
        )
    body = await api(
        SESAM,
        SKRIV,
        p=[
            {"dufNr": a, "kontaktinformasjon": KONTAKT},
            {"dufNr": b, "bosettingsmerknad": "SESAMs merknad"},
            {"dufNr": privat, "bosettingsmerknad": "x"},
            {"dufNr": "202699999999", "bosettingsmerknad": "x"},
            {"dufNr": b, "kontaktinformasjon": KONTAKT | {"postnummer": "13"}},
        ],
        k="sesam-blandet",
    )
    assert statuses(body) == [
        (a, "AVVIST", [("personer[0].kontaktinformasjon", "OTHER_SOURCE")]),
        (b, "ENDRET", []),
        (privat, "AVVIST", [("personer[2].dufNr", "NOT_FOUND")]),
        ("202699999999", "AVVIST", [("personer[3].dufNr", "NOT_FOUND")]),
        (b, "AVVIST", [("personer[4].kontaktinformasjon.postnummer", "INVALID")]),
    ]
    read = (await api("demo-imdi-saksbehandler", LES, d=b))["data"]["person"]
    assert sorted(
        (m["kilde"], m["tekst"]) for m in read["bosettingsinformasjon"]["bosettingsmerknader"]
    ) == [("IMDI", "IMDis merknad"), ("SESAM", "SESAMs merknad")]
    read = (await api("demo-imdi-saksbehandler", LES, d=a))["data"]["person"]
    assert read["kontaktinformasjon"]["adresse"] == "Fra UDI"
    for subject in (UDB, "demo-imdi-saksbehandler", "demo-4601-bosetter-skriv"):
        refused = await api(subject, SKRIV, p=[{"dufNr": a}], k=f"sesam-{subject}")
        assert refused["data"]["sesamPersoner"] is None
        assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]


async def test_sesam_moves_its_resident_to_another_mottak(api: Api, engine: AsyncEngine) -> None:
    a, _, _ = await residents(api)
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO organisasjon (type, navn, orgnr)"
                " VALUES ('MOTTAK', 'Lindås mottak', '912345682')"
            )
        )
    les = "query($d: String!) { person(dufNr: $d) { grunndataDetaljer { mottak botilbud } } }"

    async def mottak() -> dict[str, Any]:
        read = await api("demo-imdi-saksbehandler", les, d=a)
        return dict(read["data"]["person"]["grunndataDetaljer"])

    unknown = await api(SESAM, SKRIV, p=[{"dufNr": a, "mottak": "Lindås"}], k="sesam-ukjent")
    assert statuses(unknown) == [(a, "AVVIST", [("personer[0].mottak", "INVALID")])]
    blank = await api(SESAM, SKRIV, p=[{"dufNr": a, "mottak": " "}], k="sesam-blank")
    assert statuses(blank) == [(a, "AVVIST", [("personer[0].mottak", "EMPTY")])]
    moved = await api(SESAM, SKRIV, p=[{"dufNr": a, "mottak": " Lindås mottak "}], k="sesam-flytt")
    assert statuses(moved) == [(a, "ENDRET", [])]
    assert await mottak() == {"mottak": "Lindås mottak", "botilbud": "MOTTAK"}
    # No longer this mottak's resident.
    gone = await api(SESAM, SKRIV, p=[{"dufNr": a, "mottak": "Hvalstad asylmottak"}], k="sesam-2")
    assert statuses(gone) == [(a, "AVVIST", [("personer[0].dufNr", "NOT_FOUND")])]
    # UDB delivering its placement again (Hvalstad) leaves SESAM's move; a new placement
    # replaces it, and moving the person out of the mottak system clears it.
    again = await api(UDB, UDB_SKRIV, p=[person(31)], k="sesam-udb-igjen")
    assert [r["status"] for r in again["data"]["udbPersoner"]["resultater"]] == ["UENDRET"]
    assert await mottak() == {"mottak": "Lindås mottak", "botilbud": "MOTTAK"}
    ny = await api(UDB, UDB_SKRIV, p=[person(31, mottak="Råde mottak")], k="sesam-udb-ny")
    assert [r["status"] for r in ny["data"]["udbPersoner"]["resultater"]] == ["ENDRET"]
    assert await mottak() == {"mottak": "Råde mottak", "botilbud": "MOTTAK"}
    privat = person(31, botilbud="PRIVAT", mottak=None)
    out = await api(UDB, UDB_SKRIV, p=[privat], k="sesam-udb-privat")
    assert [r["status"] for r in out["data"]["udbPersoner"]["resultater"]] == ["ENDRET"]
    assert await mottak() == {"mottak": None, "botilbud": "PRIVAT"}
