"""Anmodning og vedtak through /graphql: the cycle, every illegal step, the role rules."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support import Api

IMDI = "demo-imdi-saksbehandler"
SKRIV = "demo-5501-anmoder-skriv"
LES = "demo-5501-anmoder-les"
K = "5501"
NEXT = date.today().year + 1

A = """fragment A on Anmodning { id status kommunenummer svarfrist imdiKommentar
  tall { ar kategori anmodet vedtatt differanse begrunnelse vedtakStatus }
  summer { ar anmodet vedtatt differanse } hendelser { tittel tekst } }"""
SEND = (
    A
    + """mutation($input: SendAnmodningInput!) { sendAnmodning(input: $input) {
  anmodninger { ...A } feil { field message code } } }"""
)


def step(name: str, args: str = "", params: str = "") -> str:
    return (
        A
        + f"""mutation($id: ID!{params}) {{ {name}(id: $id{args}) {{
      anmodning {{ ...A }} feil {{ field message code }} }} }}"""
    )


APNE = step("apneAnmodning")
VEDTAK = step(
    "registrerVedtak", ", ar: $ar, vedtak: $vedtak", ", $ar: Int!, $vedtak: [VedtakInput!]!"
)
GODKJENN = step("godkjennAnmodningssvar")
ANGRE = step("angreGodkjenningAvAnmodningssvar")
SVAR = step("sendAnmodningssvar")
BEKREFT = step("bekreftAnmodning", ", kommentar: $k", ", $k: String")
RETURNER = step("returnerAnmodning", ", kommentar: $k", ", $k: String!")
KOMMENTER = step("kommenterAnmodning", ", kommentar: $k", ", $k: String!")
PURR = step("purrAnmodning")
FRIST = step(
    "endreSvarfrist", ", svarfrist: $frist, begrunnelse: $grunn", ", $frist: Date!, $grunn: String!"
)


def ok(body: dict[str, Any], name: str) -> dict[str, Any]:
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"][name]
    assert result["feil"] == [], result["feil"]
    return result


def refused(body: dict[str, Any], name: str) -> dict[str, str]:
    [error] = body["data"][name]["feil"]
    return dict(error)


async def send(api: Api, kommuner: list[str] | None = None) -> list[dict[str, Any]]:
    result = ok(
        await api(
            IMDI,
            SEND,
            input={
                "kommunenummer": kommuner or [K],
                "svarfrist": (date.today() + timedelta(days=30)).isoformat(),
                "tall": [
                    {"ar": NEXT, "kategori": "ENSLIGE_VOKSNE_OG_FAMILIER", "antall": 40},
                    {"ar": NEXT, "kategori": "EM_15_18", "antall": 5},
                ],
            },
        ),
        "sendAnmodning",
    )
    anmodninger: list[dict[str, Any]] = result["anmodninger"]
    return anmodninger


VEDTAK_OK = [
    {"kategori": "ENSLIGE_VOKSNE_OG_FAMILIER", "antall": 35, "begrunnelse": "Få ledige boliger"},
    {"kategori": "EM_15_18", "antall": 5},
]


async def answered(api: Api) -> str:
    [anmodning] = await send(api)
    ok(await api(SKRIV, APNE, id=anmodning["id"]), "apneAnmodning")
    ok(await api(SKRIV, VEDTAK, id=anmodning["id"], ar=NEXT, vedtak=VEDTAK_OK), "registrerVedtak")
    ok(await api(SKRIV, GODKJENN, id=anmodning["id"]), "godkjennAnmodningssvar")
    ok(await api(SKRIV, SVAR, id=anmodning["id"]), "sendAnmodningssvar")
    return str(anmodning["id"])


async def varsler(engine: AsyncEngine, subject: str, anmodning_id: str) -> list[str]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT v.tittel FROM varsel v JOIN bruker b ON b.id = v.bruker_id"
                " WHERE b.subject = :s AND v.objekt_type = 'Anmodning' AND v.objekt_id = :id"
                " ORDER BY v.id"
            ),
            {"s": subject, "id": int(anmodning_id)},
        )
        return [row.tittel for row in rows]


async def test_the_whole_cycle(api: Api, engine: AsyncEngine) -> None:
    [anmodning] = await send(api)
    assert anmodning["status"] == "IKKE_SVART"
    assert await varsler(engine, SKRIV, anmodning["id"]) == ["Ny anmodning om bosetting fra IMDi"]
    assert await varsler(engine, LES, anmodning["id"]) == ["Ny anmodning om bosetting fra IMDi"]

    opened = ok(await api(SKRIV, APNE, id=anmodning["id"]), "apneAnmodning")["anmodning"]
    assert opened["status"] == "UNDER_ARBEID"
    registered = ok(
        await api(SKRIV, VEDTAK, id=anmodning["id"], ar=NEXT, vedtak=VEDTAK_OK), "registrerVedtak"
    )["anmodning"]
    assert registered["tall"] == [
        {"ar": NEXT, "kategori": "ENSLIGE_VOKSNE_OG_FAMILIER", "anmodet": 40, "vedtatt": 35,
         "differanse": -5, "begrunnelse": "Få ledige boliger", "vedtakStatus": "UTKAST"},
        {"ar": NEXT, "kategori": "EM_15_18", "anmodet": 5, "vedtatt": 5, "differanse": 0,
         "begrunnelse": None, "vedtakStatus": "UTKAST"},
    ]  # fmt: skip
    assert registered["summer"] == [
        {"ar": NEXT, "anmodet": 45, "vedtatt": 40, "differanse": -5},
        {"ar": None, "anmodet": 45, "vedtatt": 40, "differanse": -5},
    ]
    approved = ok(await api(SKRIV, GODKJENN, id=anmodning["id"]), "godkjennAnmodningssvar")[
        "anmodning"
    ]
    assert {t["vedtakStatus"] for t in approved["tall"]} == {"GODKJENT"}
    sent = ok(await api(SKRIV, SVAR, id=anmodning["id"]), "sendAnmodningssvar")["anmodning"]
    assert sent["status"] == "SVART"
    assert {t["vedtakStatus"] for t in sent["tall"]} == {"SENDT"}
    assert await varsler(engine, IMDI, anmodning["id"]) == ["Kommunen har svart på anmodningen"]

    confirmed = ok(
        await api(IMDI, BEKREFT, id=anmodning["id"], k="Takk for svaret"), "bekreftAnmodning"
    )
    assert confirmed["anmodning"]["status"] == "BEKREFTET"
    assert confirmed["anmodning"]["imdiKommentar"] == "Takk for svaret"
    assert (await varsler(engine, SKRIV, anmodning["id"]))[
        -1
    ] == "IMDi har bekreftet svaret på anmodningen"
    # Every step left a systemhendelse on the kommune, newest first.
    assert [h["tittel"] for h in confirmed["anmodning"]["hendelser"]] == [
        "Svar bekreftet av IMDi",
        "Anmodning besvart",
        "Anmodning åpnet",
        "Anmodning sendt fra IMDi",
    ]
    # Anmoder_Les reads all of it.
    read = await api(
        LES,
        "query($id: ID!) { anmodning(id: $id) { status tall { vedtatt } } }",
        id=anmodning["id"],
    )
    assert read == {
        "data": {"anmodning": {"status": "BEKREFTET", "tall": [{"vedtatt": 35}, {"vedtatt": 5}]}}
    }


async def test_a_returned_answer_is_reopened_corrected_and_sent_again(
    api: Api, engine: AsyncEngine
) -> None:
    anmodning_id = await answered(api)
    returned = ok(
        await api(IMDI, RETURNER, id=anmodning_id, k="EM-tallet mangler begrunnelse"),
        "returnerAnmodning",
    )
    assert returned["anmodning"]["status"] == "RETURNERT"
    assert {t["vedtakStatus"] for t in returned["anmodning"]["tall"]} == {"UTKAST"}
    assert (await varsler(engine, SKRIV, anmodning_id))[
        -1
    ] == "IMDi har returnert svaret på anmodningen"
    # Answering a returned anmodning without reopening it is refused.
    assert refused(await api(SKRIV, SVAR, id=anmodning_id), "sendAnmodningssvar") == {
        "field": "id",
        "message": "a returned answer is reopened (apne) before it is answered again",
        "code": "ILLEGAL_TRANSITION",
    }
    assert (
        refused(
            await api(SKRIV, VEDTAK, id=anmodning_id, ar=NEXT, vedtak=VEDTAK_OK), "registrerVedtak"
        )["code"]
        == "ILLEGAL_TRANSITION"
    )
    ok(await api(SKRIV, APNE, id=anmodning_id), "apneAnmodning")
    corrected = [{"kategori": "EM_15_18", "antall": 4, "begrunnelse": "Ett tiltak færre"}]
    ok(await api(SKRIV, VEDTAK, id=anmodning_id, ar=NEXT, vedtak=corrected), "registrerVedtak")
    ok(await api(SKRIV, GODKJENN, id=anmodning_id), "godkjennAnmodningssvar")
    sent = ok(await api(SKRIV, SVAR, id=anmodning_id), "sendAnmodningssvar")["anmodning"]
    assert sent["status"] == "SVART"
    assert [t["vedtatt"] for t in sent["tall"]] == [35, 4]


async def test_sending_twice_is_refused(api: Api) -> None:
    anmodning_id = await answered(api)
    assert refused(await api(SKRIV, SVAR, id=anmodning_id), "sendAnmodningssvar") == {
        "field": "id", "message": "this anmodning is already answered", "code": "ALREADY_ANSWERED",
    }  # fmt: skip


async def test_an_answer_is_approved_before_it_is_sent_and_approval_can_be_undone(api: Api) -> None:
    [anmodning] = await send(api)
    ok(await api(SKRIV, APNE, id=anmodning["id"]), "apneAnmodning")
    ok(await api(SKRIV, VEDTAK, id=anmodning["id"], ar=NEXT, vedtak=VEDTAK_OK), "registrerVedtak")
    assert (
        refused(await api(SKRIV, SVAR, id=anmodning["id"]), "sendAnmodningssvar")["code"]
        == "NOT_APPROVED"
    )
    ok(await api(SKRIV, GODKJENN, id=anmodning["id"]), "godkjennAnmodningssvar")
    again = await api(SKRIV, VEDTAK, id=anmodning["id"], ar=NEXT, vedtak=VEDTAK_OK)
    assert refused(again, "registrerVedtak") == {
        "field": "id",
        "message": "the answer is approved: step back (angre) before correcting it",
        "code": "APPROVED",
    }  # fmt: skip
    back = ok(await api(SKRIV, ANGRE, id=anmodning["id"]), "angreGodkjenningAvAnmodningssvar")
    assert {t["vedtakStatus"] for t in back["anmodning"]["tall"]} == {"UTKAST"}
    ok(await api(SKRIV, VEDTAK, id=anmodning["id"], ar=NEXT, vedtak=VEDTAK_OK), "registrerVedtak")


async def test_vedtak_rules(api: Api) -> None:
    [anmodning] = await send(api)
    ok(await api(SKRIV, APNE, id=anmodning["id"]), "apneAnmodning")
    lower = [{"kategori": "ENSLIGE_VOKSNE_OG_FAMILIER", "antall": 30}]
    assert refused(
        await api(SKRIV, VEDTAK, id=anmodning["id"], ar=NEXT, vedtak=lower), "registrerVedtak"
    ) == {
        "field": "vedtak[0].begrunnelse",
        "message": "ENSLIGE_VOKSNE_OG_FAMILIER: 30 is fewer than the 40 asked for; give the reason",
        "code": "REASON_REQUIRED",
    }
    other_year = await api(SKRIV, VEDTAK, id=anmodning["id"], ar=NEXT + 1, vedtak=VEDTAK_OK)
    assert refused(other_year, "registrerVedtak") == {
        "field": "ar",
        "message": f"this anmodning asks for {NEXT}",
        "code": "NOT_ASKED",
    }
    negative = [{"kategori": "EM_15_18", "antall": -1, "begrunnelse": "x"}]
    assert (
        refused(
            await api(SKRIV, VEDTAK, id=anmodning["id"], ar=NEXT, vedtak=negative),
            "registrerVedtak",
        )["code"]
        == "NEGATIVE"
    )
    ok(
        await api(SKRIV, VEDTAK, id=anmodning["id"], ar=NEXT, vedtak=VEDTAK_OK[:1]),
        "registrerVedtak",
    )
    assert refused(await api(SKRIV, GODKJENN, id=anmodning["id"]), "godkjennAnmodningssvar") == {
        "field": "vedtak",
        "message": f"register a vedtak for {NEXT} EM_15_18",
        "code": "VEDTAK_MISSING",
    }  # fmt: skip


async def test_reminders_and_a_moved_svarfrist(api: Api, engine: AsyncEngine) -> None:
    [anmodning] = await send(api)
    reminded = ok(await api(IMDI, PURR, id=anmodning["id"]), "purrAnmodning")["anmodning"]
    assert reminded["status"] == "PURRET"
    assert (await varsler(engine, SKRIV, anmodning["id"]))[
        -1
    ] == "Påminnelse: anmodning om bosetting"
    new = (date.today() + timedelta(days=60)).isoformat()
    assert (
        refused(
            await api(SKRIV, FRIST, id=anmodning["id"], frist=new, grunn="  "), "endreSvarfrist"
        )["code"]
        == "REASON_REQUIRED"
    )
    past = (date.today() - timedelta(days=1)).isoformat()
    assert (
        refused(
            await api(SKRIV, FRIST, id=anmodning["id"], frist=past, grunn="x"), "endreSvarfrist"
        )["code"]
        == "IN_PAST"
    )
    moved = ok(
        await api(SKRIV, FRIST, id=anmodning["id"], frist=new, grunn="Kommunestyret møtes senere"),
        "endreSvarfrist",
    )
    assert moved["anmodning"]["svarfrist"] == new
    assert moved["anmodning"]["hendelser"][0] == {
        "tittel": "Svarfrist endret",
        "tekst": "Kommunestyret møtes senere",
    }
    assert await varsler(engine, IMDI, anmodning["id"]) == ["Kommunen har endret svarfristen"]
    ok(await api(SKRIV, APNE, id=anmodning["id"]), "apneAnmodning")


async def test_imdi_comments_an_answer(api: Api) -> None:
    anmodning_id = await answered(api)
    commented = ok(
        await api(IMDI, KOMMENTER, id=anmodning_id, k="Vi kommer tilbake til EM"),
        "kommenterAnmodning",
    )
    assert commented["anmodning"]["status"] == "SVART"
    assert commented["anmodning"]["imdiKommentar"] == "Vi kommer tilbake til EM"
    assert (
        refused(await api(IMDI, RETURNER, id=anmodning_id, k=" "), "returnerAnmodning")["code"]
        == "REASON_REQUIRED"
    )


async def test_illegal_transitions_name_the_rule(api: Api) -> None:
    [anmodning] = await send(api)
    assert refused(await api(IMDI, BEKREFT, id=anmodning["id"]), "bekreftAnmodning") == {
        "field": "id",
        "message": "confirming an answer needs an anmodning in status SVART;"
        " this one is IKKE_SVART",
        "code": "ILLEGAL_TRANSITION",
    }
    assert (
        refused(await api(SKRIV, GODKJENN, id=anmodning["id"]), "godkjennAnmodningssvar")["code"]
        == "ILLEGAL_TRANSITION"
    )
    anmodning_id = await answered(api)
    assert (
        refused(await api(SKRIV, APNE, id=anmodning_id), "apneAnmodning")["code"]
        == "ILLEGAL_TRANSITION"
    )
    assert (
        refused(await api(IMDI, PURR, id=anmodning_id), "purrAnmodning")["code"]
        == "ILLEGAL_TRANSITION"
    )


async def test_a_kommune_never_touches_another_kommunes_anmodning(api: Api) -> None:
    [anmodning] = await send(api)
    other = "demo-0301-anmoder-skriv"
    assert refused(await api(other, APNE, id=anmodning["id"]), "apneAnmodning") == {
        "field": "id", "message": "no anmodning you may answer has this id", "code": "NOT_FOUND",
    }  # fmt: skip
    assert (await api(other, APNE, id=anmodning["id"]))["data"]["apneAnmodning"][
        "anmodning"
    ] is None
    assert (await api(other, "query($id: ID!) { anmodning(id: $id) { id } }", id=anmodning["id"]))[
        "data"
    ] == {"anmodning": None}


@pytest.mark.parametrize(
    ("subject", "mutation", "name"),
    [
        (LES, APNE, "apneAnmodning"),
        ("demo-5501-bosetter-skriv", APNE, "apneAnmodning"),
        ("demo-5501-admin", APNE, "apneAnmodning"),
        (IMDI, APNE, "apneAnmodning"),
        (SKRIV, PURR, "purrAnmodning"),
        ("demo-analytiker", PURR, "purrAnmodning"),
    ],
)
async def test_only_the_right_roles_take_each_step(
    api: Api, subject: str, mutation: str, name: str
) -> None:
    [anmodning] = await send(api)
    body = await api(subject, mutation, id=anmodning["id"])
    assert body["data"] == {name: None}
    assert [e["extensions"] for e in body["errors"]] == [{"code": "FORBIDDEN"}]


async def test_bosetter_roles_do_not_read_anmodninger(api: Api) -> None:
    [anmodning] = await send(api)
    body = await api(
        "demo-5501-bosetter-skriv",
        "query($id: ID!) { anmodning(id: $id) { id } }",
        id=anmodning["id"],
    )
    assert body == {"data": {"anmodning": None}}


async def test_lists_by_status_and_period(api: Api) -> None:
    [anmodning] = await send(api)
    ok(await api(SKRIV, APNE, id=anmodning["id"]), "apneAnmodning")
    today = date.today().isoformat()
    query = """query($s: [AnmodningStatus!], $fra: Date, $til: Date) {
        anmodninger(status: $s, fra: $fra, til: $til, first: 100) {
          totalCount edges { node { id status kommunenummer } } } }"""
    under_arbeid = (await api(LES, query, s=["UNDER_ARBEID"]))["data"]["anmodninger"]
    assert anmodning["id"] in {e["node"]["id"] for e in under_arbeid["edges"]}
    assert {e["node"]["status"] for e in under_arbeid["edges"]} == {"UNDER_ARBEID"}
    assert {e["node"]["kommunenummer"] for e in under_arbeid["edges"]} == {K}
    period = (await api(LES, query, fra=today, til=today))["data"]["anmodninger"]
    assert [e["node"]["id"] for e in period["edges"]] == [anmodning["id"]]
    history = (
        await api(LES, query, fra="2020-01-01", til=(date.today() - timedelta(days=1)).isoformat())
    )["data"]["anmodninger"]
    assert anmodning["id"] not in {e["node"]["id"] for e in history["edges"]}
    assert history["totalCount"] >= 4  # the demo data's earlier years
    bad = await api(LES, query, fra=today, til="2020-01-01")
    assert bad["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "fra"}


async def test_imdi_sends_to_many_kommuner_at_once(api: Api) -> None:
    sent = await send(api, ["5501", "1870", "4601"])
    assert [a["kommunenummer"] for a in sent] == ["5501", "1870", "4601"]
    unknown = await api(
        IMDI, SEND,
        input={"kommunenummer": ["5501", "9999"],
               "svarfrist": (date.today() + timedelta(days=3)).isoformat(),
               "tall": [{"ar": NEXT, "kategori": "EM_15_18", "antall": 1}]},
    )  # fmt: skip
    assert refused(unknown, "sendAnmodning") == {
        "field": "kommunenummer",
        "message": "no kommune has the number 9999",
        "code": "NOT_FOUND",
    }


REGISTRERT = """query($id: ID!) { anmodning(id: $id) { tall { kategori vedtaksdato
  registrert registrertAv godkjent godkjentAv sendt sendtAv } } }"""


async def test_the_vedtak_as_registered_says_who_registered_approved_and_sent_it(
    api: Api,
) -> None:
    """Issue 15 item 7: the council's date and each step's user and time, for the kommune's
    Anmoder roles and IMDi; stepping back clears the approval."""
    [anmodning] = await send(api)
    ident = anmodning["id"]
    saksbehandler = "demo-5501-saksbehandler"  # Anmoder_Skriv and Bosetter_Skriv
    navn = {
        subject: (await api(subject, "query { me { navn } }"))["data"]["me"]["navn"]
        for subject in (SKRIV, saksbehandler)
    }
    vedtaksdato = (date.today() - timedelta(days=3)).isoformat()
    registrer = step(
        "registrerVedtak",
        ", ar: $ar, vedtak: $vedtak, vedtaksdato: $dato",
        ", $ar: Int!, $vedtak: [VedtakInput!]!, $dato: Date",
    )
    ok(await api(SKRIV, APNE, id=ident), "apneAnmodning")
    ok(
        await api(SKRIV, registrer, id=ident, ar=NEXT, vedtak=VEDTAK_OK, dato=vedtaksdato),
        "registrerVedtak",
    )

    async def tall(subject: str = LES) -> list[dict[str, Any]]:
        body = await api(subject, REGISTRERT, id=ident)
        assert "errors" not in body, body
        result: list[dict[str, Any]] = body["data"]["anmodning"]["tall"]
        return result

    [first, *_] = await tall()
    assert first["vedtaksdato"] == vedtaksdato
    assert first["registrertAv"] == navn[SKRIV]
    assert first["registrert"] is not None
    assert (first["godkjent"], first["godkjentAv"], first["sendt"], first["sendtAv"]) == (
        None,
        None,
        None,
        None,
    )
    ok(await api(saksbehandler, GODKJENN, id=ident), "godkjennAnmodningssvar")
    assert {(t["godkjentAv"], t["sendtAv"]) for t in await tall()} == {(navn[saksbehandler], None)}
    ok(await api(saksbehandler, ANGRE, id=ident), "angreGodkjenningAvAnmodningssvar")
    assert {(t["godkjent"], t["godkjentAv"]) for t in await tall()} == {(None, None)}
    ok(await api(SKRIV, GODKJENN, id=ident), "godkjennAnmodningssvar")
    ok(await api(saksbehandler, SVAR, id=ident), "sendAnmodningssvar")
    for row in await tall(IMDI):
        assert (row["registrertAv"], row["godkjentAv"], row["sendtAv"]) == (
            navn[SKRIV],
            navn[SKRIV],
            navn[saksbehandler],
        )
        assert row["registrert"] <= row["godkjent"] <= row["sendt"]
