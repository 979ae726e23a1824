"""The person's whole history in ``person { hendelser }`` (issue 15, item 4): being put on a
fordeling, each bosettingsstatus change, the bosettingsdato and its correction, and an
innmelding of bestemte personer in each of its steps; under the personmappe's rules."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from tests.fordeling.support import (
    BOSETTER,
    DATO,
    IMDI,
    SVAR,
    answer,
    new_fordeling,
)
from tests.support import Api, execute_sql, make_person

HISTORIKK = """query($d: String!) { person(dufNr: $d) { hendelser(first: 50) {
  totalCount edges { node { tittel tekst detaljer kommunenummer } } } } }"""
KORRIGER = """mutation($d: String!, $dato: Date!) { korrigerBosettingsdato(dufNr: $d, dato: $dato,
  begrunnelse: "Flyttet inn tidligere", bekreft: true) { feil { code } } }"""
INNMELDING = "innmelding { id status } feil { code }"
MELD_INN = f"""mutation($d: String!) {{ meldInnBestemtPerson(input: {{dufNr: $d,
  tilknytning: ARBEIDSKONTRAKT}}) {{ {INNMELDING} }} }}"""
BEHANDLE = f"mutation($id: ID!) {{ behandleInnmelding(id: $id) {{ {INNMELDING} }} }}"
SVAR_INNMELDING = (
    f'mutation($id: ID!) {{ svarPaInnmelding(id: $id, svar: "Vi ser etter bolig") {{ {INNMELDING}'
    " } }"
)
FERDIG = f"mutation($id: ID!) {{ ferdigbehandleInnmelding(id: $id) {{ {INNMELDING} }} }}"
AVSLA = (
    f'mutation($id: ID!) {{ avslaInnmelding(id: $id, begrunnelse: "Ikke aktuell") {{ {INNMELDING}'
    " } }"
)
KANSELLER = (
    f'mutation($id: ID!) {{ kansellerInnmelding(id: $id, begrunnelse: "Feil person") {{'
    f" {INNMELDING} }} }}"
)


def historikk(body: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(tittel, tekst) of each hendelse, newest first."""
    assert "errors" not in body, body
    page = body["data"]["person"]["hendelser"]
    assert page["totalCount"] == len(page["edges"])
    return [(e["node"]["tittel"], e["node"]["tekst"]) for e in page["edges"]]


def denied(body: dict[str, Any]) -> None:
    assert body["data"]["person"]["hendelser"] is None
    assert [e["path"] for e in body["errors"]] == [["person", "hendelser"]]
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_fordeling_each_status_and_the_bosettingsdato_are_the_persons_history(
    api: Api, engine: AsyncEngine
) -> None:
    f = await new_fordeling(api, engine)
    confirmed = await answer(api, f)  # the family ticked, the quota refugee not
    await api(BOSETTER, SVAR, id=f["id"], v=confirmed["versjon"], k="historikk-0001")
    today = date.today()
    await api(BOSETTER, DATO, d=f["family"], dato=today.isoformat(), b=True)
    assert api.server.settings.database_url is not None
    await execute_sql(
        api.server.settings.database_url,
        "UPDATE utsoking SET sokt_ut_dato = sokt_ut_dato - 10"
        " WHERE person_id = (SELECT id FROM person WHERE duf_nr = :d)",
        d=f["family"],
    )
    navn = (await api(IMDI, "query($id: ID!) { fordeling(id: $id) { navn } }", id=f["id"]))["data"][
        "fordeling"
    ]["navn"]
    corrected = today - timedelta(days=3)
    assert (await api(BOSETTER, KORRIGER, d=f["family"], dato=corrected.isoformat()))["data"] == {
        "korrigerBosettingsdato": {"feil": []}
    }

    family = [
        ("Bosettingsdato korrigert", "Flyttet inn tidligere"),
        ("Bosettingsstatus endret", "SOKT_UT → BOSATT"),
        ("Bosettingsdato registrert", today.isoformat()),
        ("Fordelingsliste besvart", "2 søkt ut, 1 ikke søkt ut"),
        ("Bosettingsstatus endret", "FORDELT → SOKT_UT"),
        ("Bosettingsstatus endret", "BOSETTINGSKLAR → FORDELT"),
        ("Fordelingsliste sendt fra IMDi", navn),
    ]
    assert historikk(await api(IMDI, HISTORIKK, d=f["family"])) == family
    # The kommune the family is bosatt in reads the same history; the quota refugee, declined,
    # is not the kommune's, so its history is IMDi's alone.
    assert historikk(await api(BOSETTER, HISTORIKK, d=f["family"])) == family
    assert historikk(await api(IMDI, HISTORIKK, d=f["quota"])) == [
        ("Person ikke søkt ut", "Ingen ledig bolig i perioden"),
        ("Bosettingsstatus endret", "FORDELT → BOSETTINGSKLAR"),
        ("Bosettingsstatus endret", "BOSETTINGSKLAR → FORDELT"),
        ("Fordelingsliste sendt fra IMDi", navn),
    ]
    denied(await api(BOSETTER, HISTORIKK, d=f["quota"]))
    denied(await api("demo-0301-bosetter-skriv", HISTORIKK, d=f["family"]))


async def test_an_innmelding_of_a_person_is_in_its_history_step_by_step(
    api: Api, engine: AsyncEngine
) -> None:
    kommune = "demo-4204-bosetter-skriv"
    refused, cancelled, finished = [await make_person(engine) for _ in range(3)]

    async def meld_inn(duf: str) -> str:
        body = await api(kommune, MELD_INN, d=duf)
        assert body["data"]["meldInnBestemtPerson"]["feil"] == [], body
        return str(body["data"]["meldInnBestemtPerson"]["innmelding"]["id"])

    async def step(subject: str, document: str, innmelding: str) -> None:
        body = await api(subject, document, id=innmelding)
        (payload,) = body["data"].values()
        assert payload["feil"] == [], body

    one = await meld_inn(refused)
    await step(IMDI, BEHANDLE, one)
    await step(IMDI, AVSLA, one)
    two = await meld_inn(cancelled)
    await step(kommune, KANSELLER, two)
    three = await meld_inn(finished)
    for document in (BEHANDLE, SVAR_INNMELDING, FERDIG):
        await step(IMDI, document, three)

    sendt = ("Innmelding sendt", "BESTEMTE_PERSONER")
    navn = (await api(IMDI, "query { me { navn } }"))["data"]["me"]["navn"]
    behandles = ("Innmelding saksbehandles", navn)  # who took it
    assert historikk(await api(IMDI, HISTORIKK, d=refused)) == [
        ("Innmelding avslått", "Ikke aktuell"),
        behandles,
        sendt,
    ]
    assert historikk(await api(IMDI, HISTORIKK, d=cancelled)) == [
        ("Innmelding kansellert", "Feil person"),
        sendt,
    ]
    assert historikk(await api(IMDI, HISTORIKK, d=finished)) == [
        ("Innmelding ferdigbehandlet", None),
        ("Svar på innmelding", "Vi ser etter bolig"),
        behandles,
        sendt,
    ]
    body = await api(IMDI, HISTORIKK, d=finished)
    ids = {
        e["node"]["detaljer"]["innmeldingId"] for e in body["data"]["person"]["hendelser"]["edges"]
    }
    assert ids == {int(three)}
    # The kommune that sent it reads the innmelding, not the person's personmappe.
    denied(await api(kommune, HISTORIKK, d=finished))
