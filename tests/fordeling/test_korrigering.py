"""Correcting a registered bosettingsdato (issue 15, item 5): the kommune's Bosetter_Skriv its
own dates within the window, IMDi any date at any time; a hendelse keeps both dates, and the
oversikt follows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.fordeling.support import (
    BOSETTER,
    BOSETTER_LES,
    DATO,
    IMDI,
    SVAR,
    K,
    answer,
    new_fordeling,
    scalar,
)
from tests.support import Api, execute_sql, live_server

KORRIGER = """mutation($d: String!, $dato: Date!, $grunn: String!, $b: Boolean!) {
  korrigerBosettingsdato(dufNr: $d, dato: $dato, begrunnelse: $grunn, bekreft: $b) {
  korrigert forrigeBosettingsdato bosettingsdato feil { field message code } } }"""
HENDELSER = """query($d: String!) { person(dufNr: $d) { hendelser(first: 20, omrade: BOSETTING) {
  edges { node { tittel tekst detaljer organisasjon } } } } }"""
KOMMUNEHENDELSER = """query { kommunehendelser(first: 50, omrade: BOSETTING) {
  edges { node { tittel tekst detaljer } } } }"""
OVERSIKT = """query($ar: Int!) { oversiktBosetting(ar: $ar, kommunenummer: "4601") {
  total { bosatt } } }"""
GRUNN = "Familien flyttet inn før datoen som ble registrert."


async def bosatt(api: Api, engine: AsyncEngine) -> str:
    """A person søkt ut to K and bosatt today by the kommune; its utsøking moved 400 days back,
    so that earlier dates are open to a correction. Its DUF-nr."""
    f = await new_fordeling(api, engine)
    confirmed = await answer(api, f)
    await api(BOSETTER, SVAR, id=f["id"], v=confirmed["versjon"], k="korrigering-0001")
    registered = await api(BOSETTER, DATO, d=f["family"], dato=date.today().isoformat(), b=True)
    assert registered["data"]["registrerBosettingsdato"]["feil"] == []
    await sql(
        api,
        "UPDATE utsoking SET sokt_ut_dato = sokt_ut_dato - 400 WHERE person_id IN"
        " (SELECT id FROM person WHERE duf_nr IN (:d, :c))",
        d=f["family"],
        c=f["child"],
    )
    return str(f["family"])


async def sql(api: Api, statement: str, **params: Any) -> None:
    assert api.server.settings.database_url is not None
    await execute_sql(api.server.settings.database_url, statement, **params)


async def stored(engine: AsyncEngine, duf: str) -> Any:
    return await scalar(
        engine,
        "SELECT u.bosettingsdato FROM utsoking u JOIN person p ON p.id = u.person_id"
        " WHERE u.aktiv AND p.duf_nr = :d",
        d=duf,
    )


def korreksjon(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["korrigerBosettingsdato"]
    return result


def nodes_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    assert "errors" not in body, body
    return [edge["node"] for edge in body["data"]["person"]["hendelser"]["edges"]]


def codes(body: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["field"], e["code"]) for e in korreksjon(body)["feil"]]


async def test_the_kommune_corrects_its_own_date_and_the_oversikt_follows(
    api: Api, engine: AsyncEngine
) -> None:
    duf = await bosatt(api, engine)
    today = date.today()
    registrert = await scalar(
        engine,
        "SELECT u.bosettingsdato_registrert FROM utsoking u JOIN person p ON p.id = u.person_id"
        " WHERE u.aktiv AND p.duf_nr = :d",
        d=duf,
    )
    assert registrert is not None
    last_year = date(today.year - 1, 12, 20)
    before = {
        year: (await api(BOSETTER, OVERSIKT, ar=year))["data"]["oversiktBosetting"]["total"]
        for year in (today.year, today.year - 1)
    }

    checked = korreksjon(
        await api(BOSETTER, KORRIGER, d=duf, dato=str(last_year), grunn=GRUNN, b=False)
    )
    assert checked == {
        "korrigert": False,
        "forrigeBosettingsdato": today.isoformat(),
        "bosettingsdato": last_year.isoformat(),
        "feil": [],
    }
    assert await stored(engine, duf) == today  # the first step writes nothing

    done = korreksjon(
        await api(BOSETTER, KORRIGER, d=duf, dato=str(last_year), grunn=GRUNN, b=True)
    )
    assert done == checked | {"korrigert": True}
    assert await stored(engine, duf) == last_year
    after = {
        year: (await api(BOSETTER, OVERSIKT, ar=year))["data"]["oversiktBosetting"]["total"]
        for year in (today.year, today.year - 1)
    }
    assert after[today.year]["bosatt"] == before[today.year]["bosatt"] - 1
    assert after[today.year - 1]["bosatt"] == before[today.year - 1]["bosatt"] + 1

    # The hendelse on the person (personmappe) and on the kommune, with both dates and the reason.
    hendelse = {
        "tittel": "Bosettingsdato korrigert",
        "tekst": GRUNN,
        "detaljer": {
            "forrigeBosettingsdato": today.isoformat(),
            "bosettingsdato": last_year.isoformat(),
            "kilde": "KOMMUNE",
        },
    }
    hendelser = nodes_of(await api(BOSETTER, HENDELSER, d=duf))
    assert hendelser[0] == hendelse | {"organisasjon": hendelser[0]["organisasjon"]}
    assert "Bosettingsdato registrert" in [h["tittel"] for h in hendelser]
    nodes = (await api(BOSETTER, KOMMUNEHENDELSER))["data"]["kommunehendelser"]["edges"]
    assert hendelse in [edge["node"] for edge in nodes]

    # Again: the window counts from the first registration, which a correction does not move.
    again = korreksjon(
        await api(
            BOSETTER,
            KORRIGER,
            d=duf,
            dato=str(last_year + timedelta(days=1)),
            grunn="Ny opplysning",
            b=True,
        )
    )
    assert again["feil"] == []
    assert again["forrigeBosettingsdato"] == last_year.isoformat()
    assert (
        await scalar(
            engine,
            "SELECT u.bosettingsdato_registrert FROM utsoking u JOIN person p"
            " ON p.id = u.person_id WHERE u.aktiv AND p.duf_nr = :d",
            d=duf,
        )
        == registrert
    )


async def test_a_correction_keeps_the_date_rules_and_needs_a_reason(
    api: Api, engine: AsyncEngine
) -> None:
    duf = await bosatt(api, engine)
    today = date.today()
    sokt_ut = today - timedelta(days=400)

    async def ask(dato: date, grunn: str = GRUNN) -> dict[str, Any]:
        return await api(BOSETTER, KORRIGER, d=duf, dato=str(dato), grunn=grunn, b=True)

    assert korreksjon(await ask(sokt_ut - timedelta(days=1)))["feil"] == [
        {
            "field": "dato",
            "message": f"the bosettingsdato is not before the utsøking date {sokt_ut}",
            "code": "BEFORE_UTSOKING",
        }
    ]
    assert codes(await ask(today + timedelta(days=1))) == [("dato", "IN_FUTURE")]
    assert korreksjon(await ask(today))["feil"] == [
        {"field": "dato", "message": f"the bosettingsdato is {today} already", "code": "UNCHANGED"}
    ]
    assert codes(await ask(today - timedelta(days=2), "   ")) == [
        ("begrunnelse", "REASON_REQUIRED")
    ]
    too_long = await ask(today - timedelta(days=2), "x" * 2001)
    assert too_long["data"] == {"korrigerBosettingsdato": None}
    assert too_long["errors"][0]["message"] == "begrunnelse: at most 2000 characters, not 2001"
    refused = korreksjon(await ask(sokt_ut - timedelta(days=1)))
    assert refused["korrigert"] is False
    assert refused["forrigeBosettingsdato"] is None
    assert refused["bosettingsdato"] is None
    assert await stored(engine, duf) == today  # nothing refused was written
    assert (
        await scalar(
            engine,
            "SELECT count(*) FROM hendelse h JOIN hendelse_person hp ON hp.hendelse_id = h.id"
            " JOIN person p ON p.id = hp.person_id"
            " WHERE h.tittel = 'Bosettingsdato korrigert' AND p.duf_nr = :d",
            d=duf,
        )
        == 0
    )


async def test_the_window_and_the_source_bind_the_kommune_and_not_imdi(
    api: Api, engine: AsyncEngine
) -> None:
    duf = await bosatt(api, engine)
    today = date.today()

    async def by(subject: str, days_back: int) -> dict[str, Any]:
        dato = today - timedelta(days=days_back)
        return await api(subject, KORRIGER, d=duf, dato=str(dato), grunn=GRUNN, b=True)

    async def registered(days_ago: int, kilde: str = "KOMMUNE") -> None:
        await sql(
            api,
            "UPDATE utsoking SET bosettingsdato_registrert = now() - make_interval(days => :n),"
            " bosettingsdato_kilde = :k"
            " WHERE aktiv AND person_id = (SELECT id FROM person WHERE duf_nr = :d)",
            n=days_ago,
            k=kilde,
            d=duf,
        )

    await registered(31)
    assert korreksjon(await by(BOSETTER, 1))["feil"] == [
        {
            "field": "dufNr",
            "message": "the kommune corrects a bosettingsdato within 30 days of registering it; "
            "IMDi corrects it now",
            "code": "OUTSIDE_WINDOW",
        }
    ]
    assert codes(await by(IMDI, 2)) == []
    hendelser = nodes_of(await api(IMDI, HENDELSER, d=duf))
    assert hendelser[0]["organisasjon"] == "Integrerings- og mangfoldsdirektoratet"
    await registered(29)
    assert codes(await by(BOSETTER, 3)) == []
    await sql(
        api,
        "UPDATE utsoking SET bosettingsdato_registrert = NULL"
        " WHERE aktiv AND person_id = (SELECT id FROM person WHERE duf_nr = :d)",
        d=duf,
    )
    assert codes(await by(BOSETTER, 4)) == [("dufNr", "OUTSIDE_WINDOW")]  # unknown: closed

    for kilde in ("MOTTAK", "UDI"):
        await registered(0, kilde)
        assert korreksjon(await by(BOSETTER, 5))["feil"] == [
            {
                "field": "dufNr",
                "message": "the mottak or UDI registered this bosettingsdato; IMDi corrects it",
                "code": "REGISTERED_BY_INTEGRATION",
            }
        ]
    assert codes(await by(IMDI, 6)) == []
    assert await stored(engine, duf) == today - timedelta(days=6)

    # The window is a setting.
    await registered(3)
    assert api.server.settings.database_url is not None
    with (
        live_server(
            api.server.settings.database_url,
            api.server.settings.data_dir,
            korrigeringsvindu_dager=2,
        ) as narrow,
        httpx.Client(base_url=narrow.base_url, timeout=30) as http,
    ):
        body = await Api(narrow, http)(
            BOSETTER, KORRIGER, d=duf, dato=str(today - timedelta(days=7)), grunn=GRUNN, b=True
        )
    assert korreksjon(body)["feil"][0]["message"].startswith(
        "the kommune corrects a bosettingsdato within 2 days"
    )


async def test_only_bosetter_skriv_of_the_kommune_and_imdis_case_workers_correct(
    api: Api, engine: AsyncEngine
) -> None:
    duf = await bosatt(api, engine)
    dato = str(date.today() - timedelta(days=1))
    for subject in (
        BOSETTER_LES,
        f"demo-{K}-anmoder-skriv",
        f"demo-{K}-admin",
        "demo-imdi-admin",
        "demo-analytiker",
        "demo-bufetat-saksbehandler",
    ):
        body = await api(subject, KORRIGER, d=duf, dato=dato, grunn=GRUNN, b=False)
        assert body["data"] == {"korrigerBosettingsdato": None}, subject
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", subject
    # Another kommune's date reads as no date at all; so does a person søkt ut, not yet bosatt.
    nobody = korreksjon(
        await api("demo-0301-bosetter-skriv", KORRIGER, d=duf, dato=dato, grunn=GRUNN, b=False)
    )
    assert nobody["feil"] == [
        {
            "field": "dufNr",
            "message": "no person bosatt with a bosettingsdato you may correct has this DUF-nummer",
            "code": "NOT_FOUND",
        }
    ]
    child = await scalar(
        engine,
        "SELECT p.duf_nr FROM person p JOIN utsoking u ON u.person_id = p.id"
        " WHERE u.aktiv AND u.kommunenummer = :k AND u.bosettingsdato IS NULL"
        " AND p.familierolle = 'BARN' ORDER BY p.id DESC LIMIT 1",
        k=K,
    )
    for subject in (BOSETTER, IMDI):
        waiting = await api(subject, KORRIGER, d=child, dato=dato, grunn=GRUNN, b=False)
        assert korreksjon(waiting)["feil"] == nobody["feil"], subject
