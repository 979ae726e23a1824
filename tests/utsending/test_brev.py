"""The kommune reads its letters (``Kommune.brev``, ``/utskrift/brev/{id}.pdf``) and IMDi the
whole outbox (``utboks``), each under its rules."""

from __future__ import annotations

import asyncio
from io import BytesIO
from typing import Any

import pypdf
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from models import Person
from models.enums import Brevkanal, Brevmal
from resolvers.workflows.effekter import NyttBrev, brev
from tests.support import Api

BREV = """query($k: String!, $status: Brevstatus) { kommune(nummer: $k) {
  brev(first: 50, status: $status) { totalCount edges { node {
    id mal tittel kanal kommunenummer tilPerson status forsok sisteFeil pdf } } } } }"""
UTBOKS = """query($status: Brevstatus) { utboks(first: 50, status: $status) {
  totalCount edges { node { id kommunenummer status sisteFeil feilet } } } }"""


async def letters(engine: AsyncEngine) -> dict[str, int]:
    """A letter to 0301 (sent), one to a person settled in 0301 (dead-lettered), and one to
    4601 (waiting)."""
    async with engine.begin() as connection:
        person_id = await connection.scalar(select(Person.id).order_by(Person.id).limit(1))
        kommune, person, annen = await brev(
            connection,
            [
                NyttBrev(
                    Brevmal.BOSETTING_AV_FLYKTNINGER,
                    Brevkanal.ALTINN,
                    {"fordeling": "Uke 49", "personer": [{"dufNr": "1", "navn": "Ola"}]},
                    kommunenummer="0301",
                ),
                NyttBrev(
                    Brevmal.VEDTAK_OM_BOSETTINGSKOMMUNE,
                    Brevkanal.PAPIR,
                    {"dufNr": "202500000001", "navn": "Kari Nordmann", "kommunenummer": "0301"},
                    kommunenummer="0301",
                    person_id=person_id,
                ),
                NyttBrev(
                    Brevmal.BOSETTING_AV_FLYKTNINGER,
                    Brevkanal.ALTINN,
                    {"fordeling": "Uke 50", "personer": []},
                    kommunenummer="4601",
                ),
            ],
        )
        await connection.execute(
            text("UPDATE utboks SET sendt = now(), forsok = 1 WHERE id = :id"), {"id": kommune}
        )
        await connection.execute(
            text(
                "UPDATE utboks SET feilet = now(), forsok = 8,"
                " siste_feil = 'ConnectionRefusedError: [Errno 111] Connection refused'"
                " WHERE id = :id"
            ),
            {"id": person},
        )
    return {"kommune": kommune, "person": person, "annen": annen}


def listed(body: dict[str, Any]) -> dict[int, dict[str, Any]]:
    connection = body["data"]["kommune"]["brev"]
    return {int(edge["node"]["id"]): edge["node"] for edge in connection["edges"]}


def pdf(api: Api, subject: str, path: str) -> tuple[int, bytes]:
    response = api.http.get(path, headers={"Authorization": f"Bearer {api.server.token(subject)}"})
    return response.status_code, response.content


async def test_a_bosetter_lists_its_kommunes_letters_and_reads_them(
    api: Api, engine: AsyncEngine
) -> None:
    ids = await letters(engine)
    body = await api("demo-0301-bosetter-les", BREV, k="0301")
    assert "errors" not in body, body
    shown = listed(body)
    assert set(shown) == {ids["kommune"], ids["person"]}
    assert shown[ids["kommune"]]["status"] == "SENDT"
    assert shown[ids["kommune"]]["tittel"] == "Bosetting av flyktninger"
    assert shown[ids["person"]] | {"id": None} == {
        "id": None,
        "mal": "VEDTAK_OM_BOSETTINGSKOMMUNE",
        "tittel": "Vedtak om bosettingskommune",
        "kanal": "PAPIR",
        "kommunenummer": "0301",
        "tilPerson": True,
        "status": "FEILET",
        "forsok": 8,
        "sisteFeil": "ConnectionRefusedError: [Errno 111] Connection refused",
        "pdf": f"/utskrift/brev/{ids['person']}.pdf",
    }
    only_failed = listed(await api("demo-0301-bosetter-les", BREV, k="0301", status="FEILET"))
    assert set(only_failed) == {ids["person"]}
    status, content = await asyncio.to_thread(
        pdf, api, "demo-0301-bosetter-les", shown[ids["person"]]["pdf"]
    )
    assert status == 200
    reader = pypdf.PdfReader(BytesIO(content))
    tekst = " ".join("".join(page.extract_text() for page in reader.pages).split())
    assert "Vedtak om bosettingskommune" in tekst
    assert "Kari Nordmann" in tekst


async def test_an_anmoder_lists_the_letters_but_reads_none(api: Api, engine: AsyncEngine) -> None:
    """What a letter lists names no person; its content (names, DUF-numbers) is for the roles
    that read persons søkt ut to the kommune."""
    ids = await letters(engine)
    shown = listed(await api("demo-0301-anmoder-les", BREV, k="0301"))
    assert set(shown) == {ids["kommune"], ids["person"]}
    assert all(node["pdf"] is None for node in shown.values())
    for letter in (ids["kommune"], ids["person"]):
        status, _ = await asyncio.to_thread(
            pdf, api, "demo-0301-anmoder-les", f"/utskrift/brev/{letter}.pdf"
        )
        assert status == 404


async def test_another_kommune_sees_none_of_them(api: Api, engine: AsyncEngine) -> None:
    ids = await letters(engine)
    assert listed(await api("demo-4601-bosetter-les", BREV, k="0301")) == {}
    assert set(listed(await api("demo-4601-bosetter-les", BREV, k="4601"))) == {ids["annen"]}
    for letter in (ids["kommune"], ids["person"]):
        status, _ = await asyncio.to_thread(
            pdf, api, "demo-4601-bosetter-les", f"/utskrift/brev/{letter}.pdf"
        )
        assert status == 404


async def test_imdi_reads_every_letter_and_the_dead_letters(api: Api, engine: AsyncEngine) -> None:
    ids = await letters(engine)
    assert set(listed(await api("demo-imdi-saksbehandler", BREV, k="0301"))) == {
        ids["kommune"],
        ids["person"],
    }
    body = await api("demo-imdi-saksbehandler", UTBOKS, status="FEILET")
    dead = [edge["node"] for edge in body["data"]["utboks"]["edges"]]
    assert [int(node["id"]) for node in dead] == [ids["person"]]
    assert dead[0]["sisteFeil"].startswith("ConnectionRefusedError")
    everything = await api("demo-imdi-saksbehandler", UTBOKS)
    assert everything["data"]["utboks"]["totalCount"] == 3
    status, _ = await asyncio.to_thread(
        pdf, api, "demo-imdi-saksbehandler", f"/utskrift/brev/{ids['annen']}.pdf"
    )
    assert status == 200
    # IMDi_Admin reads as IMDi's case workers do (its role's description).
    admin = listed(await api("demo-imdi-admin", BREV, k="0301"))
    assert set(admin) == {ids["kommune"], ids["person"]}
    assert all(node["pdf"] for node in admin.values())


async def test_others_are_refused(api: Api, engine: AsyncEngine) -> None:
    ids = await letters(engine)
    for subject in ("demo-0301-admin", "demo-bufetat-saksbehandler"):
        body = await api(subject, BREV, k="0301")
        assert body["data"]["kommune"]["brev"] is None
        assert [error["extensions"]["code"] for error in body["errors"]] == ["FORBIDDEN"]
        status, _ = await asyncio.to_thread(
            pdf, api, subject, f"/utskrift/brev/{ids['kommune']}.pdf"
        )
        assert status == 404
    for subject in ("demo-0301-bosetter-skriv", "demo-bufetat-saksbehandler"):
        body = await api(subject, UTBOKS)
        assert body["data"]["utboks"] is None
        assert [error["extensions"]["code"] for error in body["errors"]] == ["FORBIDDEN"]


async def test_a_letters_address_is_checked(api: Api) -> None:
    for path in ("/utskrift/brev/abc.pdf", "/utskrift/brev/12", "/utskrift/brev/0.pdf"):
        status, content = await asyncio.to_thread(pdf, api, "demo-imdi-saksbehandler", path)
        assert status == 400, path
        assert b"the letter's id and .pdf" in content
    status, _ = await asyncio.to_thread(
        pdf, api, "demo-imdi-saksbehandler", "/utskrift/brev/999999999.pdf"
    )
    assert status == 404
