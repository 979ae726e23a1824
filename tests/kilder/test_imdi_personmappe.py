"""IMDi's case workers write a person's sosial informasjon, helse and karriereveiledning;
never another source's entry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.kilder.support import SKRIV as UDB_SKRIV
from tests.kilder.support import UDB, person
from tests.support import Api

IMDI = "demo-imdi-saksbehandler"
SKRIV = """mutation($d: String!, $k: String!, $s: String, $h: ImdiHelseInput,
  $v: KarriereveiledningInput) { oppdaterPersonmappe(dufNr: $d, idempotensnokkel: $k,
  sosialInformasjon: $s, helseinformasjon: $h, karriereveiledning: $v) {
  gjentatt resultater { status feil { field code } } } }"""
LES = """query($d: String!) { person(dufNr: $d) { sosialInformasjon { tekst kilde }
  helseinformasjon { svangerskap termin helsetilstand kilde }
  kompetanse { karriereveiledning { dato veileder notat } } } }"""


def svar(body: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    assert "errors" not in body, body
    [result] = body["data"]["oppdaterPersonmappe"]["resultater"]
    return result["status"], [(f["field"], f["code"]) for f in result["feil"]]


async def test_imdi_writes_the_personmappe(api: Api, engine: AsyncEngine) -> None:
    a = person(41)
    assert "errors" not in await api(UDB, UDB_SKRIV, p=[a], k="imdi-oppsett")
    d = a["dufNr"]
    termin = (date.today() + timedelta(days=90)).isoformat()
    body = await api(
        IMDI,
        SKRIV,
        d=d,
        k="imdi-01",
        s="Intervjuet i leiren",
        h={"svangerskap": "Uke 20", "termin": termin},
        v={"dato": date.today().isoformat(), "notat": "Vil bli sykepleier"},
    )
    assert svar(body) == ("ENDRET", [])
    read = (await api(IMDI, LES, d=d))["data"]["person"]
    assert read["sosialInformasjon"] == {"tekst": "Intervjuet i leiren", "kilde": "IMDI"}
    assert read["helseinformasjon"] == {
        "svangerskap": "Uke 20",
        "termin": termin,
        "helsetilstand": None,
        "kilde": "IMDI",
    }
    [samtale] = read["kompetanse"]["karriereveiledning"]
    assert samtale["notat"] == "Vil bli sykepleier"
    assert samtale["veileder"]  # the case worker's name
    assert svar(await api(IMDI, SKRIV, d=d, k="imdi-02", s="Intervjuet i leiren")) == (
        "UENDRET",
        [],
    )
    again = await api(IMDI, SKRIV, d=d, k="imdi-01", s="annet")
    assert again["data"]["oppdaterPersonmappe"]["gjentatt"] is True
    assert svar(await api(IMDI, SKRIV, d=d, k="imdi-03", s="")) == ("ENDRET", [])
    assert (await api(IMDI, LES, d=d))["data"]["person"]["sosialInformasjon"] is None


async def test_imdi_never_overwrites_another_source_and_checks_its_input(
    api: Api, engine: AsyncEngine
) -> None:
    a = person(42)
    assert "errors" not in await api(UDB, UDB_SKRIV, p=[a], k="imdi-oppsett-2")
    d = a["dufNr"]
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO person_helse (person_id, helsetilstand, kilde)"
                " SELECT id, 'Fra mottaket', 'SESAM' FROM person WHERE duf_nr = :d"
            ),
            {"d": d},
        )
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    cases = [
        ({"h": {"helsetilstand": "Ny"}}, [("helseinformasjon", "OTHER_SOURCE")]),
        ({"h": {"termin": tomorrow}}, [("helseinformasjon.svangerskap", "REQUIRED")]),
        ({"v": {"dato": tomorrow, "notat": "x"}}, [("karriereveiledning.dato", "IN_FUTURE")]),
        ({"v": {"dato": "2026-01-01", "notat": " "}}, [("karriereveiledning.notat", "EMPTY")]),
    ]
    for n, (given, errors) in enumerate(cases):
        body = await api(IMDI, SKRIV, d=d, k=f"imdi-feil-{n}", **given)
        assert svar(body) == ("AVVIST", errors), given
    nobody = await api(IMDI, SKRIV, d="202699999999", k="imdi-ingen", s="x")
    assert svar(nobody) == ("AVVIST", [("dufNr", "NOT_FOUND")])
    async with engine.connect() as connection:
        helse = await connection.scalar(
            text(
                "SELECT helsetilstand FROM person_helse h JOIN person p ON p.id = h.person_id"
                " WHERE p.duf_nr = :d"
            ),
            {"d": d},
        )
    assert helse == "Fra mottaket"
    for subject in ("demo-imdi-admin", "demo-4601-bosetter-skriv", UDB, "demo-mottak-integrasjon"):
        refused = await api(subject, SKRIV, d=d, k=f"imdi-{subject}", s="x")
        assert refused["data"]["oppdaterPersonmappe"] is None
        assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]
