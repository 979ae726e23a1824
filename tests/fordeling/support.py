"""Shared by the fordeling tests: the users, the GraphQL documents and the steps that walk a
fordeling from sent to confirmed over HTTP."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support import Api, make_person

IMDI = "demo-imdi-saksbehandler"
BOSETTER = "demo-4601-bosetter-skriv"
BOSETTER_LES = "demo-4601-bosetter-les"
K = "4601"

FORDELING = """fragment F on Fordeling { id navn kommunenummer status versjon
  rader { id bosettes begrunnelseIkkeBosettes forventetBosetting forsteMuligeUke sisteMuligeUke
          boligtype person { dufNr tilgang { grunndata personmappe } } } }"""
OPPRETT = (
    FORDELING
    + """
mutation($input: OpprettFordelingInput!) { opprettFordeling(input: $input) {
  fordeling { ...F } feil { field message code } } }"""
)
SEND = (
    FORDELING
    + """
mutation($id: ID!) { sendFordeling(id: $id) { fordeling { ...F } feil { field message code } } }"""
)
READ = FORDELING + "query($id: ID!) { fordeling(id: $id) { ...F } }"
TID = (
    FORDELING
    + """
mutation($rad: ID!, $dato: Date!) { settForventetBosetting(radId: $rad, dato: $dato) {
  fordeling { ...F } feil { field message code } } }"""
)
BOSETTES = (
    FORDELING
    + """
mutation($rad: ID!, $b: Boolean!, $grunn: String) {
  settBosettes(radId: $rad, bosettes: $b, begrunnelse: $grunn) {
  fordeling { ...F } feil { field message code } } }"""
)
BEKREFT = (
    FORDELING
    + """
mutation($id: ID!, $v: Int!) { bekreftFordeling(id: $id, versjon: $v) {
  fordeling { ...F } feil { field message code } } }"""
)
ANGRE = (
    FORDELING
    + """
mutation($id: ID!) { angreBekreftelseAvFordeling(id: $id) {
  fordeling { ...F } feil { field message code } } }"""
)
SVAR = (
    FORDELING
    + """
mutation($id: ID!, $v: Int!, $k: String!) {
  sendFordelingssvar(id: $id, versjon: $v, idempotensnokkel: $k) {
  fordeling { ...F } feil { field message code } } }"""
)
DATO = """mutation($d: String!, $dato: Date!, $b: Boolean!) {
  registrerBosettingsdato(dufNr: $d, dato: $dato, bekreft: $b) {
  registrert bosettingsdato feil { field message code } } }"""


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def payload(body: dict[str, Any], name: str, *, hidden_rows: int = 0) -> dict[str, Any]:
    """The mutation's payload; ``hidden_rows`` rows may show their person as FORBIDDEN."""
    errors = body.get("errors", [])
    assert len(errors) == hidden_rows, body
    for error in errors:
        assert error["path"][-1] == "person"
        assert error["extensions"] == {"code": "FORBIDDEN"}
    result: dict[str, Any] = body["data"][name]
    return result


async def new_fordeling(api: Api, engine: AsyncEngine, *, window: bool = True) -> dict[str, Any]:
    """A sent fordeling to Bergen: a family of two (private housing) and a resettlement
    refugee with a settlement window."""
    family = await make_person(engine)
    regnr = await scalar(
        engine, "SELECT registreringsnummer FROM person WHERE duf_nr = :d", d=family
    )
    child = await make_person(engine, regnr=regnr, familierolle="BARN")
    quota = await make_person(engine, sakstype="OVERFORINGSFLYKTNING", botilbud="UTLANDET")
    start = monday(date.today() + timedelta(days=21))
    personer: list[dict[str, Any]] = [{"dufNr": family}, {"dufNr": child}, {"dufNr": quota}]
    if window:
        personer[2] |= {
            "forsteMuligeUke": start.isoformat(),
            "sisteMuligeUke": (start + timedelta(weeks=4)).isoformat(),
        }
    created = payload(
        await api(IMDI, OPPRETT, input={"kommunenummer": K, "personer": personer}),
        "opprettFordeling",
    )
    assert created["feil"] == []
    assert created["fordeling"]["status"] == "UTKAST"
    fordeling_id = created["fordeling"]["id"]
    sent = payload(await api(IMDI, SEND, id=fordeling_id), "sendFordeling")
    assert sent["feil"] == []
    assert sent["fordeling"]["status"] == "NY"
    return {"id": fordeling_id, "family": family, "child": child, "quota": quota, "start": start}


async def scalar(engine: AsyncEngine, sql: str, **params: Any) -> Any:
    async with engine.connect() as connection:
        return (await connection.execute(text(sql), params)).scalar()


def row_of(fordeling: dict[str, Any], duf: str) -> dict[str, Any]:
    return next(r for r in fordeling["rader"] if r["person"] and r["person"]["dufNr"] == duf)


async def answer(api: Api, f: dict[str, Any], *, untick_quota: bool = True) -> dict[str, Any]:
    current = (await api(BOSETTER, READ, id=f["id"]))["data"]["fordeling"]
    for duf in (f["family"], f["child"]):
        rad = row_of(current, duf)
        done = payload(
            await api(
                BOSETTER, TID, rad=rad["id"], dato=(date.today() + timedelta(days=30)).isoformat()
            ),
            "settForventetBosetting",
        )
        assert done["feil"] == []
    quota = row_of(current, f["quota"])
    if untick_quota:
        done = payload(
            await api(
                BOSETTER, BOSETTES, rad=quota["id"], b=False, grunn="Ingen ledig bolig i perioden"
            ),
            "settBosettes",
        )
    else:
        done = payload(
            await api(
                BOSETTER, TID, rad=quota["id"], dato=(f["start"] + timedelta(days=2)).isoformat()
            ),
            "settForventetBosetting",
        )
    assert done["feil"] == []
    confirmed = payload(
        await api(BOSETTER, BEKREFT, id=f["id"], v=done["fordeling"]["versjon"]), "bekreftFordeling"
    )
    assert confirmed["feil"] == []
    assert confirmed["fordeling"]["status"] == "BEKREFTET"
    result: dict[str, Any] = confirmed["fordeling"]
    return result
