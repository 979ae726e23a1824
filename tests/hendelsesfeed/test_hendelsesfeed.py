"""The partners' feed: each partner reads its events, numbered in order, polling from its last
number; the same live over a subscription."""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from websockets.asyncio.client import connect

from tests.fordeling.support import BOSETTER, SVAR, answer, new_fordeling, payload
from tests.http.machine_clients import (
    BOSETTINGSDATO_SCOPE,
    HENDELSESFEED_SCOPE,
    IOM_ORGNR,
    MOTTAK_ORGNR,
    as_machine,
)
from tests.support import Api

MOTTAK = "demo-mottak-integrasjon"
UDI = "demo-udi-integrasjon"
BUFETAT = "demo-bufetat-saksbehandler"
FEED = """query($etter: Int!) { hendelsesfeed(first: 100, etter: $etter) {
  sekvens type dufNr kommunenummer soktUtDato forventetBosetting forventetBosettingUke
  bosettingsdato innmeldingId innmeldingType innmeldingStatus } }"""
INTEGRASJON = """mutation($d: String!, $dato: Date!) {
  registrerBosettingsdatoFraIntegrasjon(dufNr: $d, dato: $dato) { registrert feil { code } } }"""
LEDIG = """mutation { meldInnLedigBolig(input: { type: EM_TILTAK, emTiltakType: FOSTERHJEM,
  forEmUnder15: true, antallPlasser: 1, ledigFra: "2027-01-04" }) {
  innmelding { id } feil { code message } } }"""


async def feed(api: Api, subject: str, etter: int = 0) -> list[dict[str, Any]]:
    body = await api(subject, FEED, etter=etter)
    assert "errors" not in body, body
    events: list[dict[str, Any]] = body["data"]["hendelsesfeed"]
    return events


async def sokt_ut(api: Api, engine: AsyncEngine) -> dict[str, Any]:
    """A fordeling to 4601 answered: the family (a mother and her child, living at the demo
    mottak) and the resettlement refugee søkt ut."""
    f = await new_fordeling(api, engine)
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "UPDATE person SET botilbud = 'MOTTAK', mottak = 'Hvalstad asylmottak'"
                " WHERE duf_nr IN (:a, :b)"
            ),
            {"a": f["family"], "b": f["child"]},
        )
    confirmed = await answer(api, f, untick_quota=False)
    sent = payload(
        await api(BOSETTER, SVAR, id=f["id"], v=confirmed["versjon"], k="feed-svar-000001"),
        "sendFordelingssvar",
    )
    assert sent["feil"] == []
    return f


async def test_each_partner_reads_its_own_events_in_order(api: Api, engine: AsyncEngine) -> None:
    f = await sokt_ut(api, engine)
    mottak = await feed(api, MOTTAK)
    assert sorted(e["dufNr"] for e in mottak) == sorted([f["family"], f["child"]])
    assert {e["type"] for e in mottak} == {"SOKT_UT"}
    forventet = date.today() + timedelta(days=30)
    year, week, _ = forventet.isocalendar()
    for event in mottak:
        assert event["kommunenummer"] == "4601"
        assert event["soktUtDato"] == date.today().isoformat()
        assert event["forventetBosetting"] == forventet.isoformat()
        assert event["forventetBosettingUke"] == f"{year}-W{week:02d}"
    udi = await feed(api, UDI)
    assert [(e["type"], e["dufNr"]) for e in udi] == [("SOKT_UT", f["quota"])]
    # IOM, who organise the resettlement refugees' travel, reads what UDI reads.
    iom = await as_machine(api, ("demo-iom-system", IOM_ORGNR, HENDELSESFEED_SCOPE), FEED, etter=0)
    assert iom == {"data": {"hendelsesfeed": udi}}
    assert await feed(api, BUFETAT) == []
    numbers = sorted(e["sekvens"] for e in mottak + udi)
    assert numbers == list(range(numbers[0], numbers[0] + 3))  # one step, three numbers
    # The mottak registers the bosettingsdato of its resident; polling from its last number
    # it reads that alone.
    today = date.today().isoformat()
    done = await api(MOTTAK, INTEGRASJON, d=f["family"], dato=today)
    assert done["data"]["registrerBosettingsdatoFraIntegrasjon"]["feil"] == [], done
    after = await feed(api, MOTTAK, etter=max(e["sekvens"] for e in mottak))
    assert [(e["type"], e["dufNr"], e["bosettingsdato"]) for e in after] == [
        ("BOSATT", f["family"], today)
    ]
    assert after[0]["sekvens"] == numbers[-1] + 1
    assert await feed(api, UDI, etter=numbers[-1]) == []


async def test_bufetat_reads_the_innmeldinger_of_em_under_15(api: Api) -> None:
    body = await api("demo-4601-bosetter-skriv", LEDIG)
    innmelding = body["data"]["meldInnLedigBolig"]
    assert innmelding["feil"] == [], body
    events = await feed(api, BUFETAT)
    assert [(e["type"], e["innmeldingId"], e["innmeldingStatus"]) for e in events] == [
        ("INNMELDING", innmelding["innmelding"]["id"], "VENTER_PA_BEHANDLING")
    ]
    assert events[0]["innmeldingType"] == "EM_TILTAK"
    assert events[0]["dufNr"] is None
    assert await feed(api, MOTTAK) == []


async def test_others_read_no_feed(api: Api) -> None:
    for subject in ("demo-imdi-saksbehandler", "demo-4601-bosetter-skriv", "demo-analytiker"):
        body = await api(subject, FEED, etter=0)
        assert body["data"]["hendelsesfeed"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    body = await api(MOTTAK, FEED, etter=-1)
    assert body["errors"][0]["message"] == "etter: must be 0 or more, not -1"


async def test_a_machine_client_needs_the_feeds_scope(api: Api) -> None:
    async def ask(scope: str) -> dict[str, Any]:
        return await as_machine(api, ("demo-mottak-system", MOTTAK_ORGNR, scope), FEED, etter=0)

    assert (await ask(HENDELSESFEED_SCOPE))["data"] == {"hendelsesfeed": []}
    refused = await ask(BOSETTINGSDATO_SCOPE)
    assert refused["data"] is None or refused["data"]["hendelsesfeed"] is None
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_subscription_delivers_the_same_live(api: Api, engine: AsyncEngine) -> None:
    token = api.server.token(MOTTAK)
    url = api.server.base_url.replace("http://", "ws://") + "/graphql"
    async with connect(url, subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        await socket.send(
            json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
        )
        assert json.loads(await socket.recv())["type"] == "connection_ack"
        query = "subscription { hendelsesfeed(etter: 0) { sekvens type dufNr } }"
        await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        f = await sokt_ut(api, engine)
        got = []
        for _ in range(2):
            message = json.loads(await asyncio.wait_for(socket.recv(), 20))
            assert message["type"] == "next", message
            got.append(message["payload"]["data"]["hendelsesfeed"])
    assert sorted(e["dufNr"] for e in got) == sorted([f["family"], f["child"]])
    assert all(e["type"] == "SOKT_UT" for e in got)
    assert got[1]["sekvens"] == got[0]["sekvens"] + 1
