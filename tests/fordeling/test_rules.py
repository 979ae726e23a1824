"""Every illegal step is refused with an error that names the rule, and writes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from models.identifikatorer import duf_nr
from tests.fordeling.support import (
    ANGRE,
    BEKREFT,
    BOSETTER,
    BOSETTER_LES,
    BOSETTES,
    DATO,
    IMDI,
    OPPRETT,
    READ,
    SEND,
    SVAR,
    TID,
    K,
    answer,
    new_fordeling,
    payload,
    row_of,
    scalar,
)
from tests.support import Api, make_person


def feil(body: dict[str, Any], name: str) -> list[dict[str, str]]:
    result: list[dict[str, str]] = body["data"][name]["feil"]
    return result


async def test_the_answer_needs_a_confirmed_list(api: Api, engine: AsyncEngine) -> None:
    f = await new_fordeling(api, engine)
    body = await api(BOSETTER, SVAR, id=f["id"], v=1, k="too-early-0001")
    assert feil(body, "sendFordelingssvar") == [
        {
            "field": "id",
            "message": "sending the answer needs a fordeling in status BEKREFTET; this one is NY",
            "code": "ILLEGAL_TRANSITION",
        }
    ]
    assert (
        await scalar(
            engine,
            "SELECT count(*) FROM utsoking u JOIN fordeling_person fp ON fp.id ="
            " u.fordeling_person_id WHERE fp.fordeling_id = :id",
            id=int(f["id"]),
        )
        == 0
    )


async def test_confirming_needs_every_expected_time(api: Api, engine: AsyncEngine) -> None:
    f = await new_fordeling(api, engine)
    current = (await api(BOSETTER, READ, id=f["id"]))["data"]["fordeling"]
    body = await api(BOSETTER, BEKREFT, id=f["id"], v=current["versjon"])
    assert feil(body, "bekreftFordeling") == [
        {
            "field": "rader",
            "message": (
                "set the expected settlement time for every person to be settled (3 missing)"
            ),
            "code": "EXPECTED_TIME_MISSING",
        }
    ]
    assert body["data"]["bekreftFordeling"]["fordeling"]["status"] == "NY"


async def test_a_list_changed_since_it_was_read_is_not_confirmed(
    api: Api, engine: AsyncEngine
) -> None:
    f = await new_fordeling(api, engine)
    confirmed = await answer(api, f)
    stepped_back = payload(await api(BOSETTER, ANGRE, id=f["id"]), "angreBekreftelseAvFordeling")
    assert stepped_back["fordeling"]["status"] == "NY"
    body = await api(BOSETTER, BEKREFT, id=f["id"], v=confirmed["versjon"])
    [error] = feil(body, "bekreftFordeling")
    assert error["code"] == "CONFLICT"
    assert error["field"] == "versjon"
    again = payload(
        await api(BOSETTER, BEKREFT, id=f["id"], v=stepped_back["fordeling"]["versjon"]),
        "bekreftFordeling",
    )
    assert again["feil"] == []
    assert again["fordeling"]["status"] == "BEKREFTET"


async def test_rows_change_only_while_the_list_is_new(api: Api, engine: AsyncEngine) -> None:
    f = await new_fordeling(api, engine)
    confirmed = await answer(api, f)
    rad = row_of(confirmed, f["family"])
    body = await api(
        BOSETTER, TID, rad=rad["id"], dato=(date.today() + timedelta(days=40)).isoformat()
    )
    assert feil(body, "settForventetBosetting")[0]["code"] == "ILLEGAL_TRANSITION"


async def test_sending_a_fordeling_twice_is_refused(api: Api, engine: AsyncEngine) -> None:
    f = await new_fordeling(api, engine)
    body = await api(IMDI, SEND, id=f["id"])
    assert feil(body, "sendFordeling") == [
        {
            "field": "id",
            "message": "sending needs a fordeling in status UTKAST; this one is NY",
            "code": "ILLEGAL_TRANSITION",
        }
    ]


async def test_the_window_rule(api: Api, engine: AsyncEngine) -> None:
    f = await new_fordeling(api, engine)
    current = (await api(BOSETTER, READ, id=f["id"]))["data"]["fordeling"]
    rad = row_of(current, f["quota"])
    start = f["start"]
    last_day = start + timedelta(weeks=4, days=6)
    for outside in (start - timedelta(days=1), last_day + timedelta(days=1)):
        body = await api(BOSETTER, TID, rad=rad["id"], dato=outside.isoformat())
        assert feil(body, "settForventetBosetting") == [
            {
                "field": "dato",
                "message": (
                    f"a resettlement refugee is settled within the window {start} – {last_day}"
                ),
                "code": "OUTSIDE_WINDOW",
            }
        ]
    for inside in (start, last_day):
        body = await api(BOSETTER, TID, rad=rad["id"], dato=inside.isoformat())
        assert feil(body, "settForventetBosetting") == []
        assert (
            row_of(body["data"]["settForventetBosetting"]["fordeling"], f["quota"])[
                "forventetBosetting"
            ]
            == inside.isoformat()
        )
    family_row = row_of(current, f["family"])
    past = await api(
        BOSETTER, TID, rad=family_row["id"], dato=(date.today() - timedelta(days=1)).isoformat()
    )
    assert feil(past, "settForventetBosetting")[0]["code"] == "IN_PAST"


@pytest.mark.parametrize("reason", [None, "", "   "])
async def test_unticking_needs_a_reason(api: Api, engine: AsyncEngine, reason: str | None) -> None:
    f = await new_fordeling(api, engine)
    current = (await api(BOSETTER, READ, id=f["id"]))["data"]["fordeling"]
    body = await api(
        BOSETTER, BOSETTES, rad=row_of(current, f["quota"])["id"], b=False, grunn=reason
    )
    assert feil(body, "settBosettes") == [
        {
            "field": "begrunnelse",
            "message": "a reason is required when a person is not to be settled",
            "code": "REASON_REQUIRED",
        }
    ]
    assert row_of(body["data"]["settBosettes"]["fordeling"], f["quota"])["bosettes"] is True


async def test_a_family_is_unticked_together(api: Api, engine: AsyncEngine) -> None:
    f = await new_fordeling(api, engine)
    current = (await api(BOSETTER, READ, id=f["id"]))["data"]["fordeling"]
    body = payload(
        await api(
            BOSETTER,
            BOSETTES,
            rad=row_of(current, f["child"])["id"],
            b=False,
            grunn="For liten bolig",
        ),
        "settBosettes",
    )
    rows = {r["person"]["dufNr"]: r for r in body["fordeling"]["rader"]}
    assert rows[f["family"]]["bosettes"] is rows[f["child"]]["bosettes"] is False
    assert rows[f["family"]]["begrunnelseIkkeBosettes"] == "For liten bolig"
    assert rows[f["quota"]]["bosettes"] is True
    ticked = payload(
        await api(BOSETTER, BOSETTES, rad=row_of(current, f["family"])["id"], b=True),
        "settBosettes",
    )
    assert all(
        r["bosettes"] and r["begrunnelseIkkeBosettes"] is None for r in ticked["fordeling"]["rader"]
    )


async def test_families_are_fordelt_together(api: Api, engine: AsyncEngine) -> None:
    head = await make_person(engine)
    regnr = await scalar(engine, "SELECT registreringsnummer FROM person WHERE duf_nr = :d", d=head)
    child = await make_person(engine, regnr=regnr, familierolle="BARN")
    body = await api(IMDI, OPPRETT, input={"kommunenummer": "4601", "personer": [{"dufNr": head}]})
    assert feil(body, "opprettFordeling") == [
        {
            "field": "personer",
            "message": (
                f"families are fordelt together: registreringsnummer {regnr} also has {child}"
            ),
            "code": "FAMILY_SPLIT",
        }
    ]


@pytest.mark.parametrize(
    ("person", "extra", "code"),
    [
        ({"status": "SOKT_UT"}, {}, "NOT_SETTLEMENT_READY"),
        ({"sakstype": "OVERFORINGSFLYKTNING"}, {}, "WINDOW_REQUIRED"),
        (
            {},
            {"forsteMuligeUke": "2026-12-07", "sisteMuligeUke": "2026-12-14"},
            "WINDOW_NOT_ALLOWED",
        ),
        (
            {"sakstype": "OVERFORINGSFLYKTNING"},
            {"forsteMuligeUke": "2026-12-08", "sisteMuligeUke": "2026-12-14"},
            "NOT_A_MONDAY",
        ),
        (
            {"sakstype": "OVERFORINGSFLYKTNING"},
            {"forsteMuligeUke": "2026-12-14", "sisteMuligeUke": "2026-12-07"},
            "WINDOW_ORDER",
        ),
    ],
)
async def test_a_fordeling_is_made_of_settlement_ready_persons_with_valid_windows(
    api: Api, engine: AsyncEngine, person: dict[str, str], extra: dict[str, str], code: str
) -> None:
    duf = await make_person(engine, **person)
    body = await api(
        IMDI, OPPRETT, input={"kommunenummer": "4601", "personer": [{"dufNr": duf} | extra]}
    )
    [error] = feil(body, "opprettFordeling")
    assert error["code"] == code
    assert error["field"] == "personer"
    assert duf in error["message"]
    assert (
        await scalar(
            engine, "SELECT count(*) FROM fordeling WHERE opprettet > now() - interval '1 minute'"
        )
        == 0
    )


@pytest.mark.parametrize(
    ("subject", "mutation", "name"),
    [
        (BOSETTER, OPPRETT, "opprettFordeling"),
        ("demo-4601-anmoder-skriv", BOSETTES, "settBosettes"),
        (BOSETTER_LES, BOSETTES, "settBosettes"),
        (IMDI, BOSETTES, "settBosettes"),
        ("demo-analytiker", BOSETTES, "settBosettes"),
    ],
)
async def test_only_the_right_roles_take_each_step(
    api: Api, engine: AsyncEngine, subject: str, mutation: str, name: str
) -> None:
    f = await new_fordeling(api, engine)
    current = (await api(BOSETTER, READ, id=f["id"]))["data"]["fordeling"]
    variables: dict[str, Any] = (
        {"input": {"kommunenummer": "4601", "personer": [{"dufNr": f["family"]}]}}
        if name == "opprettFordeling"
        else {"rad": row_of(current, f["quota"])["id"], "b": False, "grunn": "x"}
    )
    body = await api(subject, mutation, **variables)
    assert body["data"] == {name: None}
    assert [e["extensions"] for e in body["errors"]] == [{"code": "FORBIDDEN"}]


async def test_a_kommune_never_touches_another_kommunes_fordeling(
    api: Api, engine: AsyncEngine
) -> None:
    f = await new_fordeling(api, engine)
    current = (await api(BOSETTER, READ, id=f["id"]))["data"]["fordeling"]
    other = "demo-0301-bosetter-skriv"
    assert (await api(other, READ, id=f["id"]))["data"]["fordeling"] is None
    body = await api(other, BOSETTES, rad=row_of(current, f["quota"])["id"], b=False, grunn="x")
    assert feil(body, "settBosettes") == [
        {
            "field": "radId",
            "message": "no row of a fordeling you may answer has this id",
            "code": "NOT_FOUND",
        }
    ]
    assert body["data"]["settBosettes"]["fordeling"] is None
    confirm = await api(other, BEKREFT, id=f["id"], v=current["versjon"])
    assert feil(confirm, "bekreftFordeling") == [
        {"field": "id", "message": "no fordeling you may answer has this id", "code": "NOT_FOUND"}
    ]
    assert confirm["data"]["bekreftFordeling"]["fordeling"] is None


async def test_bosettingsdato_rules(api: Api, engine: AsyncEngine) -> None:
    f = await new_fordeling(api, engine)
    confirmed = await answer(api, f)
    await api(BOSETTER, SVAR, id=f["id"], v=confirmed["versjon"], k="dato-rules-0001")
    sokt_ut = date.today()
    before = await api(
        BOSETTER, DATO, d=f["family"], dato=(sokt_ut - timedelta(days=1)).isoformat(), b=True
    )
    assert feil(before, "registrerBosettingsdato") == [
        {
            "field": "dato",
            "message": f"the bosettingsdato is not before the utsøking date {sokt_ut}",
            "code": "BEFORE_UTSOKING",
        }
    ]
    future = await api(
        BOSETTER, DATO, d=f["family"], dato=(date.today() + timedelta(days=1)).isoformat(), b=True
    )
    assert feil(future, "registrerBosettingsdato")[0]["code"] == "IN_FUTURE"
    # Someone søkt ut elsewhere looks exactly like someone unknown.
    other_kommune = await api(
        "demo-0301-bosetter-skriv", DATO, d=f["family"], dato=sokt_ut.isoformat(), b=True
    )
    assert feil(other_kommune, "registrerBosettingsdato") == [
        {
            "field": "dufNr",
            "message": "no person søkt ut and waiting for a bosettingsdato has this DUF-nummer",
            "code": "NOT_FOUND",
        }
    ]
    assert (
        await scalar(
            engine,
            "SELECT bosettingsdato FROM utsoking u JOIN person p ON p.id = u.person_id WHERE"
            " p.duf_nr = :d",
            d=f["family"],
        )
        is None
    )


async def test_mottak_and_udi_register_the_rest(api: Api, engine: AsyncEngine) -> None:
    resident = await make_person(engine, botilbud="MOTTAK")
    quota = await make_person(engine, sakstype="OVERFORINGSFLYKTNING", botilbud="UTLANDET")
    start = date.today() - timedelta(days=date.today().weekday())
    created = payload(
        await api(
            IMDI,
            OPPRETT,
            input={
                "kommunenummer": "4601",
                "personer": [
                    {"dufNr": resident},
                    {
                        "dufNr": quota,
                        "forsteMuligeUke": start.isoformat(),
                        "sisteMuligeUke": (start + timedelta(weeks=6)).isoformat(),
                    },
                ],
            },
        ),
        "opprettFordeling",
    )
    fordeling_id = created["fordeling"]["id"]
    await api(IMDI, SEND, id=fordeling_id)
    current = (await api(BOSETTER, READ, id=fordeling_id))["data"]["fordeling"]
    for rad in current["rader"]:
        await api(BOSETTER, TID, rad=rad["id"], dato=(date.today() + timedelta(days=3)).isoformat())
    current = (await api(BOSETTER, READ, id=fordeling_id))["data"]["fordeling"]
    confirmed = payload(
        await api(BOSETTER, BEKREFT, id=fordeling_id, v=current["versjon"]), "bekreftFordeling"
    )
    await api(
        BOSETTER, SVAR, id=fordeling_id, v=confirmed["fordeling"]["versjon"], k="integr-0000001"
    )
    today = date.today().isoformat()
    by_kommune = await api(BOSETTER, DATO, d=resident, dato=today, b=True)
    assert feil(by_kommune, "registrerBosettingsdato")[0]["code"] == "REGISTERED_BY_INTEGRATION"
    integration = """mutation($d: String!, $dato: Date!) {
        registrerBosettingsdatoFraIntegrasjon(dufNr: $d, dato: $dato) {
        registrert feil { code field message } } }"""
    # DOMAIN.md "Integrations": a refusal never tells "exists, not yours" from "no such person".
    nobody = duf_nr(2025, 879999)
    refusals = [
        await api(subject, integration, d=number, dato=today)
        for subject, number in [
            ("demo-udi-integrasjon", resident),  # not an overføringsflyktning
            ("demo-mottak-integrasjon", resident),  # another mottak's resident, so far
            ("demo-mottak-integrasjon", quota),  # not a resident of a mottak
            ("demo-mottak-integrasjon", nobody),
            ("demo-udi-integrasjon", nobody),
        ]
    ]
    assert {str(feil(r, "registrerBosettingsdatoFraIntegrasjon")) for r in refusals} == {
        str(feil(refusals[-1], "registrerBosettingsdatoFraIntegrasjon"))
    }
    assert feil(refusals[0], "registrerBosettingsdatoFraIntegrasjon")[0]["code"] == "NOT_FOUND"
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE person SET mottak = 'Hvalstad asylmottak' WHERE duf_nr = :d"),
            {"d": resident},
        )
    by_mottak = await api("demo-mottak-integrasjon", integration, d=resident, dato=today)
    assert by_mottak["data"]["registrerBosettingsdatoFraIntegrasjon"] == {
        "registrert": True,
        "feil": [],
    }
    by_udi = await api("demo-udi-integrasjon", integration, d=quota, dato=today)
    assert by_udi["data"]["registrerBosettingsdatoFraIntegrasjon"] == {
        "registrert": True,
        "feil": [],
    }
    async with engine.connect() as connection:
        kilder: dict[str, str] = dict(
            (
                await connection.execute(
                    text(
                        "SELECT p.duf_nr, u.bosettingsdato_kilde FROM utsoking u JOIN person p"
                        " ON p.id = u.person_id"
                        " WHERE p.duf_nr IN (:a, :b)"
                    ),
                    {"a": resident, "b": quota},
                )
            ).all()
        )
    assert kilder == {resident: "MOTTAK", quota: "UDI"}
    kommune_user = await api(BOSETTER, integration, d=resident, dato=today)
    assert kommune_user["data"] == {"registrerBosettingsdatoFraIntegrasjon": None}


async def test_a_bindende_tilknytning_binds_unless_imdi_overrides_it(
    api: Api, engine: AsyncEngine
) -> None:
    """Issue 15 item 9: a person bound to another kommune is refused, naming it; IMDi may
    override the tie with a reason, which is a hendelse on the person."""
    bound, free = await make_person(engine), await make_person(engine)
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO person_bosettingsinfo (person_id, bindende_tilknytning,"
                " bindende_tilknytning_kommune, kilde) SELECT id, 'ARBEIDSKONTRAKT', '0301',"
                " 'IMDI' FROM person WHERE duf_nr = :d"
            ),
            {"d": bound},
        )

    async def opprett(kommune: str, **rad: Any) -> dict[str, Any]:
        body = await api(IMDI, OPPRETT, input={"kommunenummer": kommune, "personer": [rad]})
        return dict(body["data"]["opprettFordeling"])

    def fordelinger_of(duf: str) -> Any:
        return scalar(
            engine,
            "SELECT count(*) FROM fordeling_person fp JOIN person p ON p.id = fp.person_id"
            " WHERE p.duf_nr = :d",
            d=duf,
        )

    refused = await opprett(K, dufNr=bound)
    assert refused["feil"] == [
        {
            "field": "personer",
            "message": f"{bound}: has a bindende tilknytning (ARBEIDSKONTRAKT) to 0301 Oslo; to "
            "fordel the person elsewhere, give overstyrBindendeTilknytning with a reason",
            "code": "BOUND_ELSEWHERE",
        }
    ]
    assert refused["fordeling"] is None
    assert await fordelinger_of(bound) == 0
    blank = await opprett(K, dufNr=bound, overstyrBindendeTilknytning="  ")
    assert blank["feil"][0]["code"] == "BOUND_ELSEWHERE"
    for kommune, duf in (("0301", bound), (K, free)):  # nothing to override
        nothing = await opprett(kommune, dufNr=duf, overstyrBindendeTilknytning="Fordi")
        assert nothing["feil"] == [
            {
                "field": "personer",
                "message": f"{duf}: has no bindende tilknytning to another kommune to override",
                "code": "NOT_RELEVANT",
            }
        ]
    assert (await opprett("0301", dufNr=bound))["feil"] == []  # where it is bound: no question

    overridden = await opprett(
        K, dufNr=bound, overstyrBindendeTilknytning="Arbeidsgiveren har flyttet til Bergen"
    )
    assert overridden["feil"] == []
    fordeling_id = int(overridden["fordeling"]["id"])
    hendelser = await api(
        IMDI,
        """query($d: String!) { person(dufNr: $d) { hendelser(first: 5, omrade: FORDELING) {
        edges { node { tittel tekst detaljer kommunenummer } } } } }""",
        d=bound,
    )
    assert hendelser["data"]["person"]["hendelser"]["edges"][0]["node"] == {
        "tittel": "Bindende tilknytning overstyrt",
        "tekst": "Arbeidsgiveren har flyttet til Bergen",
        "detaljer": {
            "fordelingId": fordeling_id,
            "bindendeTilknytning": "ARBEIDSKONTRAKT",
            "bindendeTilknytningKommune": "0301",
        },
        "kommunenummer": K,
    }
