"""The fordeling row's summary (DOMAIN.md "Readings": "The fordeling row's summary"): data of
the row, read by every kommune data role of K on K's own fordelinger, before and after the
answer, Anmoder roles too; never on a draft or another kommune's list; the row's person keeps
the person rules."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from app.db import make_engine
from models.enums import Rolle
from tests.authz.support import ask
from tests.authz.world import FEILROLLE, ROLE_SETS, K, World, subject_for
from tests.support import LiveServer

QUERY = """query($id: ID!) { fordeling(id: $id) { kommunenummer status rader { id
  sammendrag { kategori alder kjonn nasjonalitet boligtype familiestorrelse }
  person { dufNr } } } }"""

DATAROLLER = {
    Rolle.KOMMUNE_ANMODER_SKRIV,
    Rolle.KOMMUNE_ANMODER_LES,
    Rolle.KOMMUNE_BOSETTER_SKRIV,
    Rolle.KOMMUNE_BOSETTER_LES,
}


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _kategori(em: bool, age: int) -> str:
    if em and age < 15:
        return "EM_UNDER_15"
    if em and age < 18:
        return "EM_15_18"
    return "ENSLIGE_VOKSNE_OG_FAMILIER"


@pytest.fixture(scope="module")
def lists(world_db: tuple[str, World]) -> dict[str, tuple[str, str, dict[str, dict[str, Any]]]]:
    """The world's fordelinger by name: (kommune, status, each row's expected summary by the
    row's id), the expectation computed here from the persons' stored facts."""

    async def read() -> dict[str, tuple[str, str, dict[str, dict[str, Any]]]]:
        engine = make_engine(world_db[0], pool_size=1)
        async with engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT f.navn, f.kommunenummer, f.status, fp.id, fp.boligtype, p.kjonn,"
                    " p.nasjonalitet, p.fodselsdato, p.enslig_mindrearig, p.registreringsnummer"
                    " FROM fordeling f JOIN fordeling_person fp ON fp.fordeling_id = f.id"
                    " JOIN person p ON p.id = fp.person_id WHERE f.navn LIKE 'Verdi-fordeling%'"
                )
            )
            facts = list(rows)
            counted = await connection.execute(
                text("SELECT registreringsnummer, count(*) FROM person GROUP BY 1")
            )
            sizes: dict[str, int] = {row[0]: row[1] for row in counted}
        await engine.dispose()
        today = date.today()
        found: dict[str, tuple[str, str, dict[str, dict[str, Any]]]] = {}
        for row in facts:
            age = _age(row.fodselsdato, today)
            summary = {
                "kategori": _kategori(row.enslig_mindrearig, age),
                "alder": age,
                "kjonn": row.kjonn,
                "nasjonalitet": row.nasjonalitet,
                "boligtype": row.boligtype,
                "familiestorrelse": sizes[row.registreringsnummer],
            }
            found.setdefault(row.navn, (row.kommunenummer, row.status, {}))[2][str(row.id)] = (
                summary
            )
        return found

    return asyncio.run(read())


def test_every_kommune_data_role_reads_the_summary_on_its_own_sent_lists(
    world_client: httpx.Client,
    world_server: LiveServer,
    world: World,
    lists: dict[str, tuple[str, str, dict[str, dict[str, Any]]]],
) -> None:
    assert {status for _, status, _ in lists.values()} >= {"NY", "SENDT", "UTKAST"}
    ids = _ids(world_client, world_server)
    seen = 0
    for roles in ROLE_SETS:
        subject = subject_for(roles)
        reads = bool(roles & DATAROLLER)
        for navn, (kommune, status, rows) in lists.items():
            body = ask(world_client, world_server, subject, QUERY, id=ids[navn])
            fordeling = body["data"]["fordeling"]
            if not (reads and kommune == K and status != "UTKAST"):
                assert fordeling is None, (sorted(roles), navn)
                continue
            seen += 1
            answered = {rad["id"]: rad["sammendrag"] for rad in fordeling["rader"]}
            assert answered == rows, (sorted(roles), navn)
            # The person keeps its own rules: an Anmoder role alone reads none of them here.
            if roles <= {Rolle.KOMMUNE_ANMODER_SKRIV, Rolle.KOMMUNE_ANMODER_LES}:
                assert all(rad["person"] is None for rad in fordeling["rader"])
                assert {e["path"][-1] for e in body["errors"]} == {"person"}
    # Every data role set (15) on K's sent lists: the pending one and the answered one.
    assert seen == 15 * 2


def test_imdi_reads_every_summary_and_other_callers_none(
    world_client: httpx.Client,
    world_server: LiveServer,
    lists: dict[str, tuple[str, str, dict[str, dict[str, Any]]]],
) -> None:
    ids = _ids(world_client, world_server)
    for navn, (_, _, rows) in lists.items():
        body = ask(world_client, world_server, "demo-imdi-saksbehandler", QUERY, id=ids[navn])
        assert {r["id"]: r["sammendrag"] for r in body["data"]["fordeling"]["rader"]} == rows
        for subject in ("demo-bufetat-saksbehandler", "demo-analytiker", FEILROLLE):
            other = ask(world_client, world_server, subject, QUERY, id=ids[navn])
            assert other["data"]["fordeling"] is None, (subject, navn)


def _ids(client: httpx.Client, server: LiveServer) -> dict[str, str]:
    """The world's fordelinger by name, as IMDi lists them."""
    body = ask(
        client,
        server,
        "demo-imdi-saksbehandler",
        "{ fordelinger(first: 100) { edges { node { id navn } } } }",
    )
    return {
        edge["node"]["navn"]: edge["node"]["id"]
        for edge in body["data"]["fordelinger"]["edges"]
        if edge["node"]["navn"].startswith("Verdi-fordeling")
    }
