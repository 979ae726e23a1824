"""Innmeldinger: every type and its rules, handling by IMDi or Bufetat, cancelling, lists,
and that a kommune never sees another kommune's."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support import Api, make_person

BOSETTER = "demo-4204-bosetter-skriv"
IMDI = "demo-imdi-saksbehandler"
BUFETAT = "demo-bufetat-saksbehandler"
FIELDS = """innmelding { id type status behandlesAv emTiltakType merknad saksbehandler svar
  avslagBegrunnelse kansellertBegrunnelse kansellertAv kansellert tilknytning familieKommentar
  person { dufNr navn bosettingsstatus tilgang { grunndata } } }
  feil { field message code }"""
BOLIG = f"mutation($i: LedigBoligInput!) {{ meldInnLedigBolig(input: $i) {{ {FIELDS} }} }}"
PERSON = f"mutation($i: BestemtPersonInput!) {{ meldInnBestemtPerson(input: $i) {{ {FIELDS} }} }}"
PLASSER = f"mutation($i: AntallPlasserInput!) {{ meldInnAntallPlasser(input: $i) {{ {FIELDS} }} }}"
KANSELLER = (
    "mutation($id: ID!, $g: String!) {"
    f" kansellerInnmelding(id: $id, begrunnelse: $g) {{ {FIELDS} }} }}"
)
BEHANDLE = f"mutation($id: ID!) {{ behandleInnmelding(id: $id) {{ {FIELDS} }} }}"
SVAR = f"mutation($id: ID!, $s: String!) {{ svarPaInnmelding(id: $id, svar: $s) {{ {FIELDS} }} }}"
FERDIG = f"mutation($id: ID!) {{ ferdigbehandleInnmelding(id: $id) {{ {FIELDS} }} }}"
AVSLA = (
    "mutation($id: ID!, $g: String!) {"
    f" avslaInnmelding(id: $id, begrunnelse: $g) {{ {FIELDS} }} }}"
)
LIST = """query($apne: Boolean, $t: [InnmeldingType!], $fra: Date, $til: Date) {
  innmeldinger(apne: $apne, type: $t, fra: $fra, til: $til, first: 100) {
  totalCount edges { node { id type status kommunenummer } } } }"""
SOON = (date.today() + timedelta(days=14)).isoformat()


def result(body: dict[str, Any], name: str) -> dict[str, Any]:
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"][name]
    return payload


def created(body: dict[str, Any], name: str) -> dict[str, Any]:
    payload = result(body, name)
    assert payload["feil"] == [], payload["feil"]
    innmelding: dict[str, Any] = payload["innmelding"]
    return innmelding


@pytest.mark.parametrize(
    ("bolig", "field", "code"),
    [
        ({"type": "BESTEMTE_PERSONER"}, "type", "WRONG_TYPE"),
        ({"type": "EM_TILTAK"}, "emTiltakType", "REQUIRED"),
        ({"type": "EM_TILTAK", "emTiltakType": "ANNET"}, "merknad", "DESCRIPTION_REQUIRED"),
        (
            {"type": "BOFELLESSKAP", "tilpassetSaerligHensyn": True},
            "saerligHensynBeskrivelse",
            "DESCRIPTION_REQUIRED",
        ),
        (
            {
                "type": "BOFELLESSKAP",
                "tilpassetSaerligHensyn": True,
                "saerligHensynBeskrivelse": "  ",
            },
            "saerligHensynBeskrivelse",
            "DESCRIPTION_REQUIRED",
        ),
        ({"type": "FAMILIEBOLIG"}, "antallRom", "REQUIRED"),
        ({"type": "BOFELLESSKAP", "emTiltakType": "FOSTERHJEM"}, "emTiltakType", "NOT_ALLOWED"),
        ({"type": "FAMILIEBOLIG", "beggeAldersgrupper": True}, "emTiltakType", "NOT_ALLOWED"),
        (
            {
                "type": "EM_TILTAK",
                "emTiltakType": "FOSTERHJEM",
                "forEmUnder15": True,
                "beggeAldersgrupper": True,
            },
            "beggeAldersgrupper",
            "NOT_ALLOWED",
        ),
        ({"type": "BOFELLESSKAP", "ledigTil": "2020-01-01"}, "ledigTil", "PERIOD_ORDER"),
    ],
)
async def test_ledig_bolig_rules(
    api: Api, engine: AsyncEngine, bolig: dict[str, Any], field: str, code: str
) -> None:
    payload = result(await api(BOSETTER, BOLIG, i={"ledigFra": SOON} | bolig), "meldInnLedigBolig")
    assert payload["innmelding"] is None
    [error] = payload["feil"]
    assert (error["field"], error["code"]) == (field, code)
    async with engine.connect() as connection:
        count = await connection.scalar(
            text("SELECT count(*) FROM innmelding WHERE opprettet > now() - interval '1 minute'")
        )
    assert count == 0


async def test_every_kind_of_ledig_bolig_and_who_handles_it(api: Api) -> None:
    familie = created(
        await api(BOSETTER, BOLIG, i={"type": "FAMILIEBOLIG", "ledigFra": SOON, "antallRom": 4}),
        "meldInnLedigBolig",
    )
    assert (familie["status"], familie["behandlesAv"]) == ("VENTER_PA_BEHANDLING", "IMDI")
    tilpasset = created(
        await api(
            BOSETTER,
            BOLIG,
            i={
                "type": "BOFELLESSKAP",
                "ledigFra": SOON,
                "antallPlasser": 3,
                "tilpassetSaerligHensyn": True,
                "saerligHensynBeskrivelse": "Heis og brede dører",
            },
        ),
        "meldInnLedigBolig",
    )
    assert tilpasset["behandlesAv"] == "IMDI"
    annet = created(
        await api(
            BOSETTER,
            BOLIG,
            i={
                "type": "EM_TILTAK",
                "emTiltakType": "ANNET",
                "merknad": "Bofellesskap med vakt",
                "ledigFra": SOON,
            },
        ),
        "meldInnLedigBolig",
    )
    assert (annet["emTiltakType"], annet["behandlesAv"]) == ("ANNET", "IMDI")
    under_15 = created(
        await api(
            BOSETTER,
            BOLIG,
            i={
                "type": "EM_TILTAK",
                "emTiltakType": "FOSTERHJEM",
                "forEmUnder15": True,
                "ledigFra": SOON,
            },
        ),
        "meldInnLedigBolig",
    )
    assert under_15["behandlesAv"] == "BUFETAT"
    plasser = created(
        await api(BOSETTER, PLASSER, i={"antall": 5, "fra": SOON, "merknad": "Fra januar"}),
        "meldInnAntallPlasser",
    )
    assert plasser["type"] == "ANTALL_PLASSER"
    assert (
        result(await api(BOSETTER, PLASSER, i={"antall": 0, "fra": SOON}), "meldInnAntallPlasser")[
            "feil"
        ][0]["code"]
        == "OUT_OF_RANGE"
    )
    # Bufetat sees the one for EM under 15 and none of the rest; IMDi every one (DOMAIN.md,
    # "Readings").
    bufetat = {
        e["node"]["id"]
        for e in (await api(BUFETAT, LIST, apne=True))["data"]["innmeldinger"]["edges"]
    }
    imdi = {
        e["node"]["id"] for e in (await api(IMDI, LIST, apne=True))["data"]["innmeldinger"]["edges"]
    }
    assert under_15["id"] in bufetat
    assert under_15["id"] in imdi
    assert {familie["id"], tilpasset["id"], annet["id"], plasser["id"]} <= imdi
    assert not {familie["id"], tilpasset["id"], annet["id"], plasser["id"]} & bufetat


async def test_bestemte_personer(api: Api, engine: AsyncEngine) -> None:
    alone = await make_person(engine, botilbud="PRIVAT")
    body = await api(BOSETTER, PERSON, i={"dufNr": alone, "tilknytning": "ARBEIDSKONTRAKT"})
    innmelding = created(body, "meldInnBestemtPerson")
    # The kommune sees the person as on a DUF-nr lookup: identitet, no grunndata.
    assert innmelding["person"]["dufNr"] == alone
    assert innmelding["person"]["tilgang"] == {"grunndata": False}
    assert innmelding["tilknytning"] == "ARBEIDSKONTRAKT"
    # With family, the comment on who settles together is required.
    head = await make_person(engine)
    async with engine.connect() as connection:
        regnr = await connection.scalar(
            text("SELECT registreringsnummer FROM person WHERE duf_nr = :d"), {"d": head}
        )
    await make_person(engine, regnr=regnr, familierolle="BARN")
    missing = result(
        await api(BOSETTER, PERSON, i={"dufNr": head, "tilknytning": "NAER_FAMILIE"}),
        "meldInnBestemtPerson",
    )
    assert missing["feil"] == [
        {
            "field": "familieKommentar",
            "message": "the person has family: say who settles together with the person",
            "code": "COMMENT_REQUIRED",
        }
    ]
    with_comment = created(
        await api(
            BOSETTER,
            PERSON,
            i={
                "dufNr": head,
                "tilknytning": "NAER_FAMILIE",
                "familieKommentar": "Alle bosettes sammen",
            },
        ),
        "meldInnBestemtPerson",
    )
    assert with_comment["familieKommentar"] == "Alle bosettes sammen"
    # Not relevant for settlement, and numbers that are not DUF-numbers, are refused.
    settled = await make_person(engine, status="BOSATT")
    assert result(
        await api(BOSETTER, PERSON, i={"dufNr": settled, "tilknytning": "AMOT"}),
        "meldInnBestemtPerson",
    )["feil"] == [
        {
            "field": "dufNr",
            "message": "the person with this DUF-nummer is not relevant for settlement",
            "code": "NOT_RELEVANT",
        }
    ]
    bad = result(
        await api(BOSETTER, PERSON, i={"dufNr": "201803452201", "tilknytning": "AMOT"}),
        "meldInnBestemtPerson",
    )
    assert bad["feil"][0]["code"] == "INVALID"


async def test_an_em_under_15_goes_to_bufetat(api: Api, engine: AsyncEngine) -> None:
    child = await make_person(engine)
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "UPDATE person SET enslig_mindrearig = true, fodselsdato = :born WHERE duf_nr = :d"
            ),
            {"born": date.today() - timedelta(days=12 * 365), "d": child},
        )
    innmelding = created(
        await api(BOSETTER, PERSON, i={"dufNr": child, "tilknytning": "NAER_FAMILIE"}),
        "meldInnBestemtPerson",
    )
    assert innmelding["behandlesAv"] == "BUFETAT"
    seen = await api(
        BUFETAT,
        "query($id: ID!) { innmelding(id: $id) { person { dufNr tilgang { personmappe } } } }",
        id=innmelding["id"],
    )
    assert seen["data"]["innmelding"]["person"] == {
        "dufNr": child,
        "tilgang": {"personmappe": True},
    }
    # IMDi reads it and its person, and leaves its handling to Bufetat.
    by_imdi = await api(
        IMDI, "query($id: ID!) { innmelding(id: $id) { person { dufNr } } }", id=innmelding["id"]
    )
    assert by_imdi["data"]["innmelding"] == {"person": {"dufNr": child}}
    refused = result(await api(IMDI, BEHANDLE, id=innmelding["id"]), "behandleInnmelding")
    assert refused["feil"] == [
        {"field": "id", "message": "no innmelding you may change has this id", "code": "NOT_FOUND"}
    ]


async def test_handling_answering_finishing_and_refusing(api: Api, engine: AsyncEngine) -> None:
    one = created(
        await api(BOSETTER, PLASSER, i={"antall": 2, "fra": SOON}), "meldInnAntallPlasser"
    )
    taken = created(await api(IMDI, BEHANDLE, id=one["id"]), "behandleInnmelding")
    assert taken["status"] == "SAKSBEHANDLES"
    assert taken["saksbehandler"]
    answered = created(
        await api(IMDI, SVAR, id=one["id"], s="Vi fordeler en familie i januar"), "svarPaInnmelding"
    )
    assert answered["svar"] == "Vi fordeler en familie i januar"
    # The kommune sees who handles it and the answer, and cannot cancel it any more.
    mine = await api(
        BOSETTER,
        "query($id: ID!) { innmelding(id: $id) { status saksbehandler svar } }",
        id=one["id"],
    )
    assert mine["data"]["innmelding"] == {
        "status": "SAKSBEHANDLES",
        "saksbehandler": taken["saksbehandler"],
        "svar": "Vi fordeler en familie i januar",
    }
    refused = result(await api(BOSETTER, KANSELLER, id=one["id"], g="Feil"), "kansellerInnmelding")
    assert refused["feil"][0]["code"] == "ILLEGAL_TRANSITION"
    done = created(await api(IMDI, FERDIG, id=one["id"]), "ferdigbehandleInnmelding")
    assert done["status"] == "FERDIGBEHANDLET"
    two = created(
        await api(BOSETTER, PLASSER, i={"antall": 2, "fra": SOON}), "meldInnAntallPlasser"
    )
    assert (
        result(await api(IMDI, AVSLA, id=two["id"], g=" "), "avslaInnmelding")["feil"][0]["code"]
        == "REASON_REQUIRED"
    )
    refused_two = created(
        await api(IMDI, AVSLA, id=two["id"], g="Ingen kandidater"), "avslaInnmelding"
    )
    assert (refused_two["status"], refused_two["avslagBegrunnelse"]) == (
        "AVSLATT",
        "Ingen kandidater",
    )
    # The kommune's Bosetter users got a varsel at each step.
    async with engine.connect() as connection:
        titles = list(
            await connection.scalars(
                text(
                    "SELECT v.tittel FROM varsel v JOIN bruker b ON b.id = v.bruker_id"
                    " WHERE b.subject = :s AND v.objekt_type = 'Innmelding' AND v.objekt_id = :id"
                    " ORDER BY v.id"
                ),
                {"s": BOSETTER, "id": int(one["id"])},
            )
        )
    assert titles == [
        "Innmelding saksbehandles",
        "Svar på innmelding",
        "Innmelding ferdigbehandlet",
    ]
    # Bufetat cannot touch an innmelding IMDi handles.
    three = created(
        await api(BOSETTER, PLASSER, i={"antall": 1, "fra": SOON}), "meldInnAntallPlasser"
    )
    assert (
        result(await api(BUFETAT, BEHANDLE, id=three["id"]), "behandleInnmelding")["feil"][0][
            "code"
        ]
        == "NOT_FOUND"
    )


async def test_an_em_tiltak_for_both_age_groups_reaches_imdi_and_bufetat(
    api: Api, engine: AsyncEngine
) -> None:
    """DOMAIN.md "Readings": both read it, both hear of it, either handles it; an EM-tiltak
    for 15–18 alone stays IMDi's."""
    begge = created(
        await api(
            BOSETTER,
            BOLIG,
            i={
                "type": "EM_TILTAK",
                "emTiltakType": "BOFELLESSKAP",
                "beggeAldersgrupper": True,
                "antallPlasser": 4,
                "ledigFra": SOON,
            },
        ),
        "meldInnLedigBolig",
    )
    alene = created(
        await api(
            BOSETTER,
            BOLIG,
            i={"type": "EM_TILTAK", "emTiltakType": "BOFELLESSKAP", "ledigFra": SOON},
        ),
        "meldInnLedigBolig",
    )
    read = "query($id: ID!) { innmelding(id: $id) { id beggeAldersgrupper behandlesAv } }"
    for subject in (IMDI, BUFETAT):
        assert (await api(subject, read, id=begge["id"]))["data"]["innmelding"] == {
            "id": begge["id"],
            "beggeAldersgrupper": True,
            "behandlesAv": "IMDI",
        }, subject
    assert (await api(BUFETAT, read, id=alene["id"]))["data"] == {"innmelding": None}
    assert (await api(IMDI, read, id=alene["id"]))["data"]["innmelding"]["beggeAldersgrupper"] is (
        False
    )
    async with engine.connect() as connection:
        told = set(
            await connection.scalars(
                text(
                    "SELECT o.type FROM varsel v JOIN bruker b ON b.id = v.bruker_id"
                    " JOIN organisasjon o ON o.id = b.organisasjon_id"
                    " WHERE v.objekt_type = 'Innmelding' AND v.objekt_id = :id"
                ),
                {"id": int(begge["id"])},
            )
        )
    assert told == {"IMDI", "BUFETAT"}
    # Bufetat takes it; IMDi answers it: a shared case.
    taken = created(await api(BUFETAT, BEHANDLE, id=begge["id"]), "behandleInnmelding")
    assert taken["status"] == "SAKSBEHANDLES"
    answered = created(await api(IMDI, SVAR, id=begge["id"], s="Vi ser på det"), "svarPaInnmelding")
    assert answered["svar"] == "Vi ser på det"
    refused = result(await api(BUFETAT, BEHANDLE, id=alene["id"]), "behandleInnmelding")
    assert refused["feil"][0]["code"] == "NOT_FOUND"


async def test_cancelling_needs_a_reason_and_a_waiting_innmelding(api: Api) -> None:
    one = created(
        await api(BOSETTER, PLASSER, i={"antall": 2, "fra": SOON}), "meldInnAntallPlasser"
    )
    assert (
        result(await api(BOSETTER, KANSELLER, id=one["id"], g=""), "kansellerInnmelding")["feil"][
            0
        ]["code"]
        == "REASON_REQUIRED"
    )
    cancelled = created(
        await api(BOSETTER, KANSELLER, id=one["id"], g="Boligen er leid ut"), "kansellerInnmelding"
    )
    assert (cancelled["status"], cancelled["kansellertBegrunnelse"]) == (
        "KANSELLERT",
        "Boligen er leid ut",
    )
    assert cancelled["kansellertAv"]
    assert cancelled["kansellert"]
    again = result(await api(BOSETTER, KANSELLER, id=one["id"], g="x"), "kansellerInnmelding")
    assert again["feil"][0]["code"] == "ILLEGAL_TRANSITION"
    # It moved from the open list to the finished list.
    open_ids = {
        e["node"]["id"]
        for e in (await api(BOSETTER, LIST, apne=True))["data"]["innmeldinger"]["edges"]
    }
    done_ids = {
        e["node"]["id"]
        for e in (await api(BOSETTER, LIST, apne=False))["data"]["innmeldinger"]["edges"]
    }
    assert one["id"] in done_ids
    assert one["id"] not in open_ids


async def test_lists_filter_by_type_and_period(api: Api) -> None:
    later = (date.today() + timedelta(days=200)).isoformat()
    near = created(
        await api(BOSETTER, PLASSER, i={"antall": 2, "fra": SOON}), "meldInnAntallPlasser"
    )
    far = created(
        await api(BOSETTER, BOLIG, i={"type": "BOFELLESSKAP", "ledigFra": later}),
        "meldInnLedigBolig",
    )
    by_type = (await api(BOSETTER, LIST, t=["ANTALL_PLASSER"]))["data"]["innmeldinger"]["edges"]
    assert {e["node"]["type"] for e in by_type} == {"ANTALL_PLASSER"}
    assert near["id"] in {e["node"]["id"] for e in by_type}
    period = (await api(BOSETTER, LIST, fra=SOON, til=SOON))["data"]["innmeldinger"]["edges"]
    assert near["id"] in {e["node"]["id"] for e in period}
    assert far["id"] not in {e["node"]["id"] for e in period}


async def test_a_kommune_never_sees_another_kommunes_innmeldinger(api: Api) -> None:
    one = created(
        await api(BOSETTER, PLASSER, i={"antall": 2, "fra": SOON}), "meldInnAntallPlasser"
    )
    other = "demo-0301-bosetter-skriv"
    assert (await api(other, "query($id: ID!) { innmelding(id: $id) { id } }", id=one["id"]))[
        "data"
    ] == {"innmelding": None}
    listed = (await api(other, LIST))["data"]["innmeldinger"]["edges"]
    assert {e["node"]["kommunenummer"] for e in listed} <= {"0301"}
    assert (
        result(await api(other, KANSELLER, id=one["id"], g="x"), "kansellerInnmelding")["feil"][0][
            "code"
        ]
        == "NOT_FOUND"
    )
    for subject in ("demo-4204-anmoder-skriv", "demo-4204-bosetter-les", "demo-analytiker"):
        body = await api(subject, PLASSER, i={"antall": 1, "fra": SOON})
        assert body["data"] == {"meldInnAntallPlasser": None}
        assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN"}


FILTERED = """query($s: [InnmeldingStatus!], $em: [EmTiltakType!], $b: [OrganisasjonType!],
  $tk: [Tilknytning!], $sh: Boolean, $r: String, $fra: Date, $til: Date, $apne: Boolean,
  $sort: InnmeldingSortering, $rf: Rekkefolge, $k: String) {
  innmeldinger(first: 100, status: $s, emTiltakType: $em, behandlesAv: $b, tilknytning: $tk,
    saerligHensyn: $sh, registrertAv: $r, fra: $fra, til: $til, apne: $apne, sorter: $sort,
    rekkefolge: $rf, kommunenummer: $k) {
  totalCount edges { node { id status type emTiltakType behandlesAv beggeAldersgrupper
    tilknytning tilpassetSaerligHensyn opprettetAv } } } }"""


async def test_every_column_filters_and_sorts(api: Api, engine: AsyncEngine) -> None:
    """The guide: "Alle kolonnene kan filtreres". Five innmeldinger of the kommune, a to e;
    each filter keeps exactly the right ones of them, and nothing it should not."""
    bolig = {"type": "BOFELLESSKAP", "antallPlasser": 2}
    made = {
        "a": (
            BOLIG,
            bolig
            | {
                "ledigFra": "2027-01-04",
                "ledigTil": "2027-02-01",
                "tilpassetSaerligHensyn": True,
                "saerligHensynBeskrivelse": "Heis",
            },
        ),
        "b": (
            BOLIG,
            {
                "type": "EM_TILTAK",
                "emTiltakType": "HYBEL_MED_OPPFOLGING",
                "beggeAldersgrupper": True,
                "ledigFra": "2027-03-01",
            },
        ),
        "c": (
            BOLIG,
            {
                "type": "EM_TILTAK",
                "emTiltakType": "FOSTERHJEM",
                "forEmUnder15": True,
                "ledigFra": "2027-01-15",
            },
        ),
        "d": (PERSON, {"dufNr": await make_person(engine), "tilknytning": "ARBEIDSKONTRAKT"}),
        "e": (PLASSER, {"antall": 3, "fra": "2027-06-01"}),
    }
    ids: dict[str, str] = {}
    for name, (document, fields) in made.items():
        (payload,) = (await api(BOSETTER, document, i=fields))["data"].values()
        assert payload["feil"] == [], (name, payload)
        ids[name] = payload["innmelding"]["id"]
    created(await api(IMDI, BEHANDLE, id=ids["b"]), "behandleInnmelding")
    created(await api(BOSETTER, KANSELLER, id=ids["e"], g="Leid ut"), "kansellerInnmelding")
    name_of = {ident: name for name, ident in ids.items()}

    async def found(subject: str = BOSETTER, **variables: Any) -> str:
        body = await api(subject, FILTERED, **variables)
        assert "errors" not in body, body
        edges = body["data"]["innmeldinger"]["edges"]
        assert body["data"]["innmeldinger"]["totalCount"] == len(edges) < 100
        return "".join(name_of.get(e["node"]["id"], "") for e in edges)

    assert sorted(await found()) == list("abcde")
    assert await found(s=["SAKSBEHANDLES"]) == "b"
    assert await found(s=["KANSELLERT", "SAKSBEHANDLES"], sort="STATUS", rf="STIGENDE") == "be"
    assert sorted(await found(apne=True)) == list("abcd")
    assert await found(em=["FOSTERHJEM"]) == "c"
    assert sorted(await found(b=["BUFETAT"])) == list("bc")  # b: both age groups
    assert sorted(await found(b=["IMDI"])) == list("abde")
    assert await found(tk=["ARBEIDSKONTRAKT"]) == "d"
    assert await found(sh=True) == "a"
    assert sorted(await found(sh=False)) == list("bcde")
    navn = (await api(BOSETTER, "query { me { navn } }"))["data"]["me"]["navn"]
    assert sorted(await found(r=navn[1:4].upper())) == list("abcde")
    assert await found(r="%") == ""  # a wildcard is a character like any other
    # The period overlaps [fra, til]: housing from ledigFra to ledigTil (open-ended without it),
    # the rest the day it was sent.
    assert sorted(await found(fra="2027-01-20", til="2027-01-31")) == list("ac")
    assert sorted(await found(fra="2027-02-02")) == list("bce")
    assert await found(til=date.today().isoformat()) == "d"
    assert await found(sort="PERIODE", rf="STIGENDE") == "dacbe"
    assert await found(sort="PERIODE") == "ebcad"
    assert await found(sort="STATUS", rf="STIGENDE") == "dcabe"  # ties: the newest first
    # IMDi reads Bufetat's too, filtered the same way.
    assert sorted(await found(IMDI, b=["BUFETAT"], k="4204")) == list("bc")
    assert await found(BUFETAT, k="4204") in ("bc", "cb")
    bad = await api(BOSETTER, FILTERED, fra="2027-02-01", til="2027-01-01")
    assert bad["errors"][0]["message"] == "til: the period ends before it starts (fra 2027-02-01)"
