"""The whole cycle: IMDi sends, the kommune answers, persons are søkt ut, the personmappe
opens, the bosettingsdato is registered."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.fordeling.support import (
    BOSETTER,
    BOSETTER_LES,
    DATO,
    IMDI,
    OPPRETT,
    READ,
    SVAR,
    K,
    answer,
    new_fordeling,
    payload,
    scalar,
)
from tests.support import Api, make_person

ANMODER_LES = "demo-4601-anmoder-les"
MAPPE = (
    "query($d: String!) { person(dufNr: $d) {"
    " helseinformasjon { kilde } tilgang { personmappe } } }"
)


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
    varsler = await scalar(
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
            await scalar(engine, "SELECT bosettingsstatus FROM person WHERE duf_nr = :d", d=duf)
            == "SOKT_UT"
        )
    answered = await oversikt(api)
    assert answered == start | {"fordelt": start["fordelt"] + 3, "soktUt": start["soktUt"] + 2}
    # The unticked one went back to IMDi, with the reason on the person and the kommune.
    assert (await api(BOSETTER, MAPPE, d=f["quota"]))["data"]["person"]["tilgang"] == {
        "personmappe": False
    }
    assert (
        await scalar(engine, "SELECT bosettingsstatus FROM person WHERE duf_nr = :d", d=f["quota"])
        == "BOSETTINGSKLAR"
    )
    reason = await scalar(
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
        await scalar(
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
        await scalar(engine, "SELECT bosettingsstatus FROM person WHERE duf_nr = :d", d=f["family"])
        == "SOKT_UT"
    )
    done = payload(
        await api(BOSETTER, DATO, d=f["family"], dato=today, b=True), "registrerBosettingsdato"
    )
    assert done == {"registrert": True, "bosettingsdato": today, "feil": []}
    assert (
        await scalar(engine, "SELECT bosettingsstatus FROM person WHERE duf_nr = :d", d=f["family"])
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
        await scalar(
            engine,
            "SELECT count(*) FROM hendelse WHERE tittel = 'Fordelingsliste besvart' AND"
            " detaljer->>'fordelingId' = :id",
            id=f["id"],
        )
        == 1
    )
    assert (
        await scalar(
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
    persons = await scalar(
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
