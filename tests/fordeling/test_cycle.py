"""The whole cycle: IMDi sends, the kommune answers, persons are søkt ut, the personmappe
opens, the bosettingsdato is registered."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support import Api, make_person

IMDI = "demo-imdi-saksbehandler"
BOSETTER = "demo-4601-bosetter-skriv"
BOSETTER_LES = "demo-4601-bosetter-les"
ANMODER_LES = "demo-4601-anmoder-les"
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
MAPPE = (
    "query($d: String!) { person(dufNr: $d) {"
    " helseinformasjon { kilde } tilgang { personmappe } } }"
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
    regnr = await _scalar(
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


async def _scalar(engine: AsyncEngine, sql: str, **params: Any) -> Any:
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


OVERSIKT = """query($ar: Int!) { oversiktBosetting(ar: $ar) { total { fordelt soktUt bosatt } } }"""


async def oversikt(api: Api) -> dict[str, int]:
    body = await api(BOSETTER, OVERSIKT, ar=date.today().year)
    total: dict[str, int] = body["data"]["oversiktBosetting"]["total"]
    return total


async def test_the_whole_cycle(api: Api, engine: AsyncEngine) -> None:
    start = await oversikt(api)
    f = await new_fordeling(api, engine)
    assert await oversikt(api) == start | {"fordelt": start["fordelt"] + 3}
    # The kommune's Bosetter users got a varsel; before the answer the list shows grunndata only.
    varsler = await _scalar(
        engine,
        "SELECT count(*) FROM varsel v JOIN bruker b ON b.id = v.bruker_id"
        " WHERE v.objekt_type = 'Fordeling' AND v.objekt_id = :id AND b.subject IN (:a, :b)",
        id=int(f["id"]),
        a=BOSETTER,
        b=BOSETTER_LES,
    )
    assert varsler == 2
    before = (await api(BOSETTER, MAPPE, d=f["family"]))["data"]["person"]
    assert before["tilgang"] == {"personmappe": False}

    confirmed = await answer(api, f)
    # Confirming is step one: the personmappe stays closed until the answer is sent.
    still = (await api(BOSETTER, MAPPE, d=f["family"]))["data"]["person"]
    assert still["tilgang"] == {"personmappe": False}
    sent = payload(
        await api(BOSETTER, SVAR, id=f["id"], v=confirmed["versjon"], k="svar-0001-abcdef"),
        "sendFordelingssvar",
        hidden_rows=1,  # the declined person went back to IMDi: the kommune no longer sees who
    )
    assert sent["feil"] == []
    assert sent["fordeling"]["status"] == "SENDT"
    declined = [r for r in sent["fordeling"]["rader"] if not r["bosettes"]]
    assert [(r["person"], r["begrunnelseIkkeBosettes"]) for r in declined] == [
        (None, "Ingen ledig bolig i perioden")
    ]

    # Ticked persons are søkt ut to the kommune at once: their personmappe opens to it.
    for duf in (f["family"], f["child"]):
        person = (await api(BOSETTER, MAPPE, d=duf))["data"]["person"]
        assert person["tilgang"] == {"personmappe": True}
        assert (
            await _scalar(engine, "SELECT bosettingsstatus FROM person WHERE duf_nr = :d", d=duf)
            == "SOKT_UT"
        )
    answered = await oversikt(api)
    assert answered == start | {"fordelt": start["fordelt"] + 3, "soktUt": start["soktUt"] + 2}
    # The unticked one went back to IMDi, with the reason on the person and the kommune.
    assert (await api(BOSETTER, MAPPE, d=f["quota"]))["data"]["person"]["tilgang"] == {
        "personmappe": False
    }
    assert (
        await _scalar(engine, "SELECT bosettingsstatus FROM person WHERE duf_nr = :d", d=f["quota"])
        == "BOSETTINGSKLAR"
    )
    reason = await _scalar(
        engine,
        "SELECT h.tekst FROM hendelse h JOIN hendelse_person hp ON hp.hendelse_id = h.id"
        " JOIN person p ON p.id = hp.person_id WHERE p.duf_nr = :d AND h.kommunenummer = :k"
        " AND h.tittel = 'Person ikke søkt ut'",
        d=f["quota"],
        k=K,
    )
    assert reason == "Ingen ledig bolig i perioden"
    # IMDi's case worker who sent the list is told.
    assert (
        await _scalar(
            engine,
            "SELECT count(*) FROM varsel v JOIN bruker b ON b.id = v.bruker_id WHERE b.subject = :s"
            " AND v.objekt_id = :id AND v.tittel = 'Kommunen har svart på fordelingslisten'",
            s=IMDI,
            id=int(f["id"]),
        )
        == 1
    )

    # Letters: "Bosetting av flyktninger" to the kommune, "Vedtak om bosettingskommune" to each
    # person søkt ut (a resettlement refugee gets none).
    async with engine.connect() as connection:
        letters = (
            await connection.execute(
                text(
                    "SELECT mal, kanal, kommunenummer, person_id, innhold FROM utboks WHERE"
                    " fordeling_id = :id ORDER BY id"
                ),
                {"id": int(f["id"])},
            )
        ).all()
    assert [(row.mal, row.kanal) for row in letters] == [
        ("BOSETTING_AV_FLYKTNINGER", "ALTINN"),
        ("VEDTAK_OM_BOSETTINGSKOMMUNE", "PAPIR"),
        ("VEDTAK_OM_BOSETTINGSKOMMUNE", "PAPIR"),
    ]
    assert {p["dufNr"] for p in letters[0].innhold["personer"]} == {f["family"], f["child"]}
    assert {row.innhold["dufNr"] for row in letters[1:]} == {f["family"], f["child"]}

    # Bosettingsdato, in two steps: the first checks and writes nothing.
    listed = (
        await api(
            BOSETTER,
            "{ bosettingsdatoer(first: 20) { totalCount edges { node { person { dufNr }"
            " kanRegistreresAvKommunen } } } }",
        )
    )["data"]["bosettingsdatoer"]
    assert {e["node"]["person"]["dufNr"] for e in listed["edges"]} >= {f["family"], f["child"]}
    today = date.today().isoformat()
    dry = payload(
        await api(BOSETTER, DATO, d=f["family"], dato=today, b=False), "registrerBosettingsdato"
    )
    assert dry == {"registrert": False, "bosettingsdato": today, "feil": []}
    assert (
        await _scalar(
            engine, "SELECT bosettingsstatus FROM person WHERE duf_nr = :d", d=f["family"]
        )
        == "SOKT_UT"
    )
    done = payload(
        await api(BOSETTER, DATO, d=f["family"], dato=today, b=True), "registrerBosettingsdato"
    )
    assert done == {"registrert": True, "bosettingsdato": today, "feil": []}
    assert (
        await _scalar(
            engine, "SELECT bosettingsstatus FROM person WHERE duf_nr = :d", d=f["family"]
        )
        == "BOSATT"
    )
    # The oversikt counts the person as bosatt.
    assert await oversikt(api) == answered | {"bosatt": answered["bosatt"] + 1}
    after = (
        await api(
            BOSETTER, "{ bosettingsdatoer(first: 100) { edges { node { person { dufNr } } } } }"
        )
    )["data"]["bosettingsdatoer"]
    assert f["family"] not in {e["node"]["person"]["dufNr"] for e in after["edges"]}


async def test_utkast_is_invisible_to_the_kommune(api: Api, engine: AsyncEngine) -> None:
    person = await make_person(engine)
    created = payload(
        await api(IMDI, OPPRETT, input={"kommunenummer": K, "personer": [{"dufNr": person}]}),
        "opprettFordeling",
    )
    assert (await api(BOSETTER, READ, id=created["fordeling"]["id"]))["data"]["fordeling"] is None
    listed = (await api(BOSETTER, "{ fordelinger(first: 20, status: [UTKAST]) { totalCount } }"))[
        "data"
    ]
    assert listed == {"fordelinger": {"totalCount": 0}}


async def test_anmoder_les_reads_the_list_but_not_the_persons(
    api: Api, engine: AsyncEngine
) -> None:
    f = await new_fordeling(api, engine)
    body = await api(ANMODER_LES, READ, id=f["id"])
    rows = body["data"]["fordeling"]["rader"]
    assert len(rows) == 3
    assert all(row["person"] is None for row in rows)
    assert {tuple(e["path"][-1:]) for e in body["errors"]} == {("person",)}
    assert all(e["extensions"] == {"code": "FORBIDDEN"} for e in body["errors"])
    assert f["family"] not in str(body)


async def test_a_retried_answer_answers_once(api: Api, engine: AsyncEngine) -> None:
    f = await new_fordeling(api, engine)
    confirmed = await answer(api, f)
    first = payload(
        await api(BOSETTER, SVAR, id=f["id"], v=confirmed["versjon"], k="retry-key-0001"),
        "sendFordelingssvar",
        hidden_rows=1,
    )
    again = payload(
        await api(BOSETTER, SVAR, id=f["id"], v=confirmed["versjon"], k="retry-key-0001"),
        "sendFordelingssvar",
        hidden_rows=1,
    )
    assert first["feil"] == again["feil"] == []
    assert again["fordeling"]["status"] == "SENDT"
    assert (
        await _scalar(
            engine,
            "SELECT count(*) FROM hendelse WHERE tittel = 'Fordelingsliste besvart' AND"
            " detaljer->>'fordelingId' = :id",
            id=f["id"],
        )
        == 1
    )
    assert (
        await _scalar(
            engine, "SELECT count(*) FROM utboks WHERE fordeling_id = :id", id=int(f["id"])
        )
        == 3
    )
    other = payload(
        await api(BOSETTER, SVAR, id=f["id"], v=confirmed["versjon"], k="another-key-02"),
        "sendFordelingssvar",
        hidden_rows=1,
    )
    assert other["feil"] == [
        {"field": "id", "message": "this fordeling is already answered", "code": "CONFLICT"}
    ]


async def test_a_resettlement_refugee_ticked_gets_no_vedtaksbrev(
    api: Api, engine: AsyncEngine
) -> None:
    f = await new_fordeling(api, engine)
    confirmed = await answer(api, f, untick_quota=False)
    sent = payload(
        await api(BOSETTER, SVAR, id=f["id"], v=confirmed["versjon"], k="quota-ticked-01"),
        "sendFordelingssvar",
    )
    assert sent["feil"] == []
    persons = await _scalar(
        engine,
        "SELECT string_agg(p.duf_nr, ',' ORDER BY p.duf_nr) FROM utboks u JOIN person p ON p.id"
        " = u.person_id"
        " WHERE u.fordeling_id = :id AND u.mal = 'VEDTAK_OM_BOSETTINGSKOMMUNE'",
        id=int(f["id"]),
    )
    assert persons == ",".join(sorted([f["family"], f["child"]]))
    async with engine.connect() as connection:
        kommune_letter = (
            await connection.execute(
                text(
                    "SELECT innhold FROM utboks WHERE fordeling_id = :id AND mal ="
                    " 'BOSETTING_AV_FLYKTNINGER'"
                ),
                {"id": int(f["id"])},
            )
        ).scalar_one()
    assert {p["dufNr"] for p in kommune_letter["personer"]} == {f["family"], f["child"], f["quota"]}
