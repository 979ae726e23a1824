"""UDB writes grunndata through the API: creates and updates persons by DUF-nr, each person
standing alone, a hendelse on each change, and a repeated delivery changing nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from models.identifikatorer import duf_nr
from tests.http.machine_clients import BOSETTINGSDATO_SCOPE, as_machine
from tests.kilder.support import LES, SKRIV, UDB, UDI_ORGNR_SQL, person
from tests.support import Api


def results(body: dict[str, Any]) -> list[tuple[str, str]]:
    assert "errors" not in body, body
    return [(r["dufNr"], r["status"]) for r in body["data"]["udbPersoner"]["resultater"]]


async def hendelser(engine: AsyncEngine, duf: str) -> list[str]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT h.tittel FROM hendelse h JOIN hendelse_person hp ON hp.hendelse_id = h.id"
                " JOIN person p ON p.id = hp.person_id WHERE p.duf_nr = :d ORDER BY h.id"
            ),
            {"d": duf},
        )
        return [str(row[0]) for row in rows]


async def test_udb_creates_and_updates_persons_by_duf_nr(api: Api, engine: AsyncEngine) -> None:
    a, b = person(1), person(2, sakstype="OVERFORINGSFLYKTNING", botilbud="PRIVAT", mottak=None)
    created = await api(UDB, SKRIV, p=[a, b], k="udb-levering-0001")
    assert results(created) == [(a["dufNr"], "OPPRETTET"), (b["dufNr"], "OPPRETTET")]
    assert created["data"]["udbPersoner"]["gjentatt"] is False
    read = (await api("demo-imdi-saksbehandler", LES, d=a["dufNr"]))["data"]["person"]
    assert read["navn"] == "Amina Udb1"
    assert read["personnummer"] == a["personnummer"]
    assert read["bosettingsstatus"] == "IKKE_BOSETTINGSKLAR"
    assert read["grunndataDetaljer"]["mottak"] == "Hvalstad asylmottak"
    assert await hendelser(engine, a["dufNr"]) == ["Person opprettet fra UDB"]
    # The same delivery again: nothing written, the same answer.
    again = await api(UDB, SKRIV, p=[a, b], k="udb-levering-0001")
    assert again["data"]["udbPersoner"]["gjentatt"] is True
    assert results(again) == results(created)
    # The same persons under a new key: unchanged, no hendelse.
    same = await api(UDB, SKRIV, p=[a, b], k="udb-levering-0002")
    assert results(same) == [(a["dufNr"], "UENDRET"), (b["dufNr"], "UENDRET")]
    assert await hendelser(engine, a["dufNr"]) == ["Person opprettet fra UDB"]
    # A change: a new surname and the date it is ready for settlement.
    klar = (date.today() - timedelta(days=1)).isoformat()
    changed = await api(
        UDB, SKRIV, p=[a | {"etternavn": "Nyttnavn", "bosettingsklarDato": klar}], k="udb-3"
    )
    assert results(changed) == [(a["dufNr"], "ENDRET")]
    read = (await api("demo-imdi-saksbehandler", LES, d=a["dufNr"]))["data"]["person"]
    assert read["navn"] == "Amina Nyttnavn"
    assert read["bosettingsstatus"] == "BOSETTINGSKLAR"
    titles = await hendelser(engine, a["dufNr"])
    assert titles == [
        "Person opprettet fra UDB",
        "Bosettingsstatus endret",
        "Grunndata endret fra UDB",
    ]
    tekst = [
        e["node"]["tekst"]
        for e in read["hendelser"]["edges"]
        if e["node"]["tittel"] == "Grunndata endret fra UDB"
    ]
    assert tekst == ["bosettingsklarDato, etternavn"]  # which fields, never their values


async def test_a_refused_person_stands_alone(api: Api, engine: AsyncEngine) -> None:
    good = person(10)
    bad = [
        (person(11, dufNr=duf_nr(2026, 770011)[:-1] + "0"), "personer[1].dufNr", "INVALID"),
        (person(12, fodselsdato="2999-01-01"), "personer[2].fodselsdato", "IN_FUTURE"),
        (person(13, mottak=None), "personer[3].mottak", "REQUIRED"),
        (person(14, nasjonalitet="syr"), "personer[4].nasjonalitet", "INVALID"),
        (person(15, personnummer="12345678901"), "personer[5].personnummer", "INVALID"),
        (person(16, personnummer=good["personnummer"]), "personer[6].personnummer", "DUPLICATE"),
        (person(17, fornavn="  "), "personer[7].fornavn", "EMPTY"),
    ]
    body = await api(UDB, SKRIV, p=[good, *(p for p, _, _ in bad)], k="udb-blandet-01")
    answered = body["data"]["udbPersoner"]["resultater"]
    assert answered[0]["status"] == "OPPRETTET"
    for result, (_, field, code) in zip(answered[1:], bad, strict=True):
        assert result["status"] == "AVVIST"
        assert [(f["field"], f["code"]) for f in result["feil"]] == [(field, code)]
    async with engine.connect() as connection:
        written = await connection.scalar(
            text("SELECT count(*) FROM person WHERE etternavn LIKE 'Udb1_'")
        )
    assert written == 1


async def test_only_udb_writes_grunndata(api: Api, engine: AsyncEngine) -> None:
    for subject in (
        "demo-imdi-saksbehandler",
        "demo-mottak-integrasjon",
        "demo-4601-bosetter-skriv",
        "demo-bufetat-saksbehandler",
    ):
        body = await api(subject, SKRIV, p=[person(20)], k=f"udb-{subject}")
        assert body["data"]["udbPersoner"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    async with engine.connect() as connection:
        orgnr = str(await connection.scalar(text(UDI_ORGNR_SQL)))
    for scope, allowed in (("imdi:bosetting.udb", True), (BOSETTINGSDATO_SCOPE, False)):
        client = ("demo-udi-system", orgnr, scope)
        answer = await as_machine(api, client, SKRIV, p=[person(21)], k=f"udb-{scope}")
        if allowed:
            assert results(answer) == [(person(21)["dufNr"], "OPPRETTET")]
        else:
            assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN", answer
