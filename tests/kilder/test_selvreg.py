"""Selvreg writes the record a refugee entered: languages and kompetanse entries by Selvreg's own
keys, with the form as typed; never another source's entry; IMDi's case workers keep their own
entries beside them."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.http.machine_clients import SELVREG_ORGNR, SELVREG_SCOPE, as_machine
from tests.kilder.support import SKRIV as UDB_SKRIV
from tests.kilder.support import UDB, person
from tests.support import Api

SELVREG = ("demo-selvreg-system", SELVREG_ORGNR, SELVREG_SCOPE)
IMDI = "demo-imdi-saksbehandler"
SKRIV = """mutation($p: [SelvregPersonInput!]!, $k: String!) { selvregPersoner(personer: $p,
  idempotensnokkel: $k) { gjentatt resultater { dufNr status feil { field code message } } } }"""
IMDI_SKRIV = """mutation($d: String!, $k: String!, $s: [SprakInput!], $ko: [KompetanseInput!],
  $fk: [String!]) { oppdaterPersonmappe(dufNr: $d, idempotensnokkel: $k, sprak: $s,
  kompetanse: $ko, fjernKompetanse: $fk) { resultater { status feil { field code } } } }"""
LES = """query($d: String!) { person(dufNr: $d) { kompetanse {
  sprak { sprak morsmal tale lese skrive kilde }
  yrker { nokkel tittel land fraAr tilAr antallAr kilde selvregGrunndata { tittel land fraAr } }
  utdanning { nokkel tittel fullfort kilde selvregGrunndata { tittel fullfort sprak } }
  interesser { nokkel tittel kilde } } } }"""
ARABISK = {"sprak": "Arabisk", "tale": "GODT", "lese": "GODT", "skrive": "MIDDELS", "morsmal": True}
SYKEPLEIER = {
    "nokkel": "sr-1001",
    "type": "YRKE",
    "tittel": "Sykepleier",
    "land": "SYR",
    "fraAr": 2012,
    "tilAr": 2019,
    "antallAr": 7,
    "somSkrevet": {"tittel": "sykepleier ", "land": "Syria", "fraAr": "2012"},
}
BACHELOR = {
    "nokkel": "sr-1002",
    "type": "UTDANNING",
    "tittel": "Bachelor i sykepleie",
    "fullfort": True,
    "somSkrevet": {"tittel": "bachelor nursing", "fullfort": "ja", "sprak": "arabisk"},
}


def statuses(body: dict[str, Any], field: str = "selvregPersoner") -> list[Any]:
    assert "errors" not in body, body
    return [
        (r.get("dufNr"), r["status"], [(f["field"], f["code"]) for f in r["feil"]])
        for r in body["data"][field]["resultater"]
    ]


async def created(api: Api, *serials: int) -> list[str]:
    given = [person(serial) for serial in serials]
    body = await api(UDB, UDB_SKRIV, p=given, k=f"selvreg-oppsett-{serials[0]}")
    assert "errors" not in body, body
    return [p["dufNr"] for p in given]


async def test_selvreg_writes_the_self_registered_record(api: Api, engine: AsyncEngine) -> None:
    [d] = await created(api, 51)
    given = {"dufNr": d, "sprak": [ARABISK], "kompetanse": [SYKEPLEIER, BACHELOR]}
    body = await as_machine(api, SELVREG, SKRIV, p=[given], k="selvreg-01")
    assert statuses(body) == [(d, "ENDRET", [])]
    read = (await api(IMDI, LES, d=d))["data"]["person"]["kompetanse"]
    assert read["sprak"] == [
        {
            "sprak": "arabisk",
            "morsmal": True,
            "tale": "GODT",
            "lese": "GODT",
            "skrive": "MIDDELS",
            "kilde": "SELVREG",
        }
    ]
    assert read["yrker"] == [
        {
            "nokkel": "sr-1001",
            "tittel": "Sykepleier",
            "land": "SYR",
            "fraAr": 2012,
            "tilAr": 2019,
            "antallAr": 7,
            "kilde": "SELVREG",
            "selvregGrunndata": {"tittel": "sykepleier ", "land": "Syria", "fraAr": "2012"},
        }
    ]
    assert read["utdanning"] == [
        {
            "nokkel": "sr-1002",
            "tittel": "Bachelor i sykepleie",
            "fullfort": True,
            "kilde": "SELVREG",
            "selvregGrunndata": {
                "tittel": "bachelor nursing",
                "fullfort": "ja",
                "sprak": "arabisk",
            },
        }
    ]
    # The same record again under a new key changes nothing; one entry changed by its key
    # changes that entry alone; a key named in fjernKompetanse removes its entry.
    same = await as_machine(api, SELVREG, SKRIV, p=[given], k="selvreg-02")
    assert statuses(same) == [(d, "UENDRET", [])]
    changed = {"dufNr": d, "kompetanse": [SYKEPLEIER | {"tilAr": 2020, "antallAr": 8}]}
    body = await as_machine(api, SELVREG, SKRIV, p=[changed], k="selvreg-03")
    assert statuses(body) == [(d, "ENDRET", [])]
    read = (await api(IMDI, LES, d=d))["data"]["person"]["kompetanse"]
    assert [(y["nokkel"], y["tilAr"], y["antallAr"]) for y in read["yrker"]] == [
        ("sr-1001", 2020, 8)
    ]
    assert [u["nokkel"] for u in read["utdanning"]] == ["sr-1002"]
    removed = {"dufNr": d, "fjernKompetanse": ["sr-1002"], "fjernSprak": ["ARABISK"]}
    body = await as_machine(api, SELVREG, SKRIV, p=[removed], k="selvreg-04")
    assert statuses(body) == [(d, "ENDRET", [])]
    read = (await api(IMDI, LES, d=d))["data"]["person"]["kompetanse"]
    assert read["utdanning"] == []
    assert read["sprak"] == []
    # The repeated key: nothing written (the entry stays removed), the first answer.
    again = await as_machine(api, SELVREG, SKRIV, p=[given], k="selvreg-01")
    assert again["data"]["selvregPersoner"]["gjentatt"] is True
    assert (await api(IMDI, LES, d=d))["data"]["person"]["kompetanse"]["utdanning"] == []
    async with engine.connect() as connection:
        texts = (
            await connection.scalars(
                text(
                    "SELECT h.tekst FROM hendelse h JOIN hendelse_person hp"
                    " ON hp.hendelse_id = h.id JOIN person p ON p.id = hp.person_id"
                    " WHERE p.duf_nr = :d AND h.tittel = 'Kompetanse endret fra Selvreg'"
                    " ORDER BY h.id"
                ),
                {"d": d},
            )
        ).all()
    assert texts == ["sprak, kompetanse", "kompetanse", "sprak, kompetanse"]


async def test_selvreg_checks_each_entry_and_never_touches_another_source(
    api: Api, engine: AsyncEngine
) -> None:
    d, e = await created(api, 52, 53)
    imdi = {"nokkel": "imdi-7", "type": "INTERESSE", "tittel": "Fotball"}
    body = await api(IMDI, IMDI_SKRIV, d=d, k="selvreg-imdi-1", ko=[imdi], s=[ARABISK])
    assert statuses(body, "oppdaterPersonmappe") == [(None, "ENDRET", [])]
    this_year = date.today().year
    cases: list[tuple[dict[str, Any], tuple[str, str]]] = [
        ({"kompetanse": [imdi]}, ("kompetanse[0].nokkel", "OTHER_SOURCE")),
        ({"fjernKompetanse": ["imdi-7"]}, ("fjernKompetanse[0]", "OTHER_SOURCE")),
        ({"fjernKompetanse": ["finnes-ikke"]}, ("fjernKompetanse[0]", "NOT_FOUND")),
        ({"fjernSprak": ["arabisk"]}, ("fjernSprak[0]", "OTHER_SOURCE")),
        ({"fjernSprak": ["tigrinja"]}, ("fjernSprak[0]", "NOT_FOUND")),
        ({"fjernSprak": [" "]}, ("fjernSprak[0]", "EMPTY")),
        ({"fjernKompetanse": [" "]}, ("fjernKompetanse[0]", "EMPTY")),
        (
            {"kompetanse": [SYKEPLEIER | {"antallAr": 9}]},
            ("kompetanse[0].antallAr", "OUT_OF_RANGE"),
        ),
        ({"kompetanse": [SYKEPLEIER | {"land": "syr"}]}, ("kompetanse[0].land", "INVALID")),
        ({"kompetanse": [SYKEPLEIER | {"tilAr": 2010}]}, ("kompetanse[0].tilAr", "PERIOD_ORDER")),
        (
            {"kompetanse": [SYKEPLEIER | {"tilAr": this_year + 1}]},
            ("kompetanse[0].tilAr", "OUT_OF_RANGE"),
        ),
        (
            {"kompetanse": [SYKEPLEIER | {"fullfort": True}]},
            ("kompetanse[0].fullfort", "NOT_RELEVANT"),
        ),
        ({"kompetanse": [SYKEPLEIER | {"tittel": "  "}]}, ("kompetanse[0].tittel", "EMPTY")),
        ({"kompetanse": [SYKEPLEIER, SYKEPLEIER]}, ("kompetanse[1].nokkel", "DUPLICATE")),
        ({"kompetanse": [SYKEPLEIER | {"nokkel": " "}]}, ("kompetanse[0].nokkel", "EMPTY")),
        (
            {"kompetanse": [SYKEPLEIER], "fjernKompetanse": ["sr-1001"]},
            ("fjernKompetanse[0]", "CONFLICT"),
        ),
        ({"sprak": [ARABISK, ARABISK | {"sprak": "arabisk "}]}, ("sprak[1].sprak", "DUPLICATE")),
    ]
    given = [{"dufNr": e, "kompetanse": [BACHELOR]}]
    given += [{"dufNr": d, **case} for case, _ in cases]
    given.append({"dufNr": "202699999999", "kompetanse": [BACHELOR]})
    body = await as_machine(api, SELVREG, SKRIV, p=given, k="selvreg-blandet")
    assert statuses(body) == [
        (e, "ENDRET", []),
        *(
            (d, "AVVIST", [(f"personer[{n}].{field}", code)])
            for n, (_, (field, code)) in enumerate(cases, start=1)
        ),
        ("202699999999", "AVVIST", [(f"personer[{len(cases) + 1}].dufNr", "NOT_FOUND")]),
    ]
    read = (await api(IMDI, LES, d=d))["data"]["person"]["kompetanse"]
    assert read["interesser"] == [{"nokkel": "imdi-7", "tittel": "Fotball", "kilde": "IMDI"}]
    assert [(s["sprak"], s["kilde"]) for s in read["sprak"]] == [("arabisk", "IMDI")]
    assert read["yrker"] == []
    # IMDi's case worker changes its own entry and never Selvreg's.
    body = await api(
        IMDI, IMDI_SKRIV, d=e, k="selvreg-imdi-2", ko=[BACHELOR | {"somSkrevet": None}]
    )
    # somSkrevet is Selvreg's alone: not a field of KompetanseInput.
    assert "somSkrevet" in body["errors"][0]["message"], body
    plain = {k: v for k, v in BACHELOR.items() if k != "somSkrevet"}
    body = await api(IMDI, IMDI_SKRIV, d=e, k="selvreg-imdi-3", ko=[plain])
    assert statuses(body, "oppdaterPersonmappe") == [
        (None, "AVVIST", [("kompetanse[0].nokkel", "OTHER_SOURCE")])
    ]
    body = await api(IMDI, IMDI_SKRIV, d=e, k="selvreg-imdi-4", fk=["sr-1002"])
    assert statuses(body, "oppdaterPersonmappe") == [
        (None, "AVVIST", [("fjernKompetanse[0]", "OTHER_SOURCE")])
    ]
    body = await api(IMDI, IMDI_SKRIV, d=d, k="selvreg-imdi-5", ko=[imdi | {"tittel": "Sjakk"}])
    assert statuses(body, "oppdaterPersonmappe") == [(None, "ENDRET", [])]
    read = (await api(IMDI, LES, d=d))["data"]["person"]["kompetanse"]
    assert read["interesser"] == [{"nokkel": "imdi-7", "tittel": "Sjakk", "kilde": "IMDI"}]


async def test_only_selvreg_writes_through_selvreg(api: Api) -> None:
    [d] = await created(api, 54)
    for subject in (UDB, IMDI, "demo-4601-bosetter-skriv", "demo-mottak-integrasjon"):
        refused = await api(subject, SKRIV, p=[{"dufNr": d}], k=f"selvreg-{subject}")
        assert refused["data"]["selvregPersoner"] is None
        assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    me = await as_machine(api, SELVREG, "{ me { roller organisasjon { type navn } } }")
    assert me == {
        "data": {
            "me": {
                "roller": ["INTEGRASJON"],
                "organisasjon": {"type": "SELVREG", "navn": "Selvreg (IMDi)"},
            }
        }
    }
    # Selvreg's client reads no person: its scope reaches selvregPersoner and me alone.
    read = await as_machine(api, SELVREG, LES, d=d)
    assert read["data"] is None or read["data"]["person"] is None
    assert read["errors"][0]["extensions"]["code"] == "FORBIDDEN"
