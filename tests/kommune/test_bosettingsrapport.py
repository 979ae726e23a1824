"""Bosettingsrapporter (issue 15, item 2): the kommune's own persons søkt ut and bosatt,
counted by year, month, category, nationality and age group, with the waiting time; for its
Bosetter roles and IMDi, never over a person outside the kommune."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.kommune.support import K, world
from tests.support import Api

LES = "demo-4601-bosetter-les"
IMDI = "demo-imdi-saksbehandler"
RAPPORT = """query($g: [RapportDimensjon!]!, $k: String, $fra: Date, $til: Date) {
  bosettingsrapport(grupperEtter: $g, kommunenummer: $k, fra: $fra, til: $til) {
  kommunenummer total { soktUt bosatt ventetidMedianDager }
  grupper { ar maned kategori nasjonalitet aldersgruppe soktUt bosatt ventetidMedianDager } } }"""


def rapport(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["bosettingsrapport"]
    return result


def rows(result: dict[str, Any], *keys: str) -> list[tuple[Any, ...]]:
    return [
        (*(g[k] for k in keys), g["soktUt"], g["bosatt"], g["ventetidMedianDager"])
        for g in result["grupper"]
    ]


@pytest.fixture
async def people(api: Api, engine: AsyncEngine) -> dict[str, str]:
    """A, B, C, D of K (tests/kommune/support.py): B waited 59 days, C 75; E is Oslo's, F
    moved on (an ended utsøking): neither counts."""
    return await world(engine)


async def test_each_dimension_counts_the_kommunes_own_events(
    api: Api, people: dict[str, str]
) -> None:
    by_year = rapport(await api(LES, RAPPORT, g=["AR"]))
    assert by_year["kommunenummer"] == K
    assert by_year["total"] == {"soktUt": 4, "bosatt": 2, "ventetidMedianDager": 67}
    assert rows(by_year, "ar") == [(2025, 1, 1, 75), (2026, 3, 1, 59)]
    months = rapport(await api(LES, RAPPORT, g=["AR", "MANED"], fra="2026-01-01"))
    assert rows(months, "ar", "maned") == [
        (2026, 1, 1, 0, None),
        (2026, 2, 1, 0, None),
        (2026, 3, 1, 1, 59),  # D søkt ut, B bosatt
    ]
    assert months["total"] == {"soktUt": 3, "bosatt": 1, "ventetidMedianDager": 59}
    # Each event at its own date: B is 15 at both, C 8.
    assert rows(rapport(await api(LES, RAPPORT, g=["KATEGORI"])), "kategori") == [
        ("EM_15_18", 1, 1, 59),
        ("EM_UNDER_15", 1, 1, 75),
        ("ENSLIGE_VOKSNE_OG_FAMILIER", 2, 0, None),
    ]
    assert rows(rapport(await api(LES, RAPPORT, g=["NASJONALITET"])), "nasjonalitet") == [
        ("AFG", 1, 1, 59),
        ("ERI", 1, 1, 75),
        ("SYR", 2, 0, None),
    ]
    assert rows(rapport(await api(LES, RAPPORT, g=["ALDERSGRUPPE"])), "aldersgruppe") == [
        ("AR_0_17", 2, 2, 67),
        ("AR_30_49", 2, 0, None),
    ]
    alone = rapport(await api(LES, RAPPORT, g=[], til="2025-12-31"))
    assert alone["grupper"] == []
    assert alone["total"] == {"soktUt": 1, "bosatt": 1, "ventetidMedianDager": 75}
    nothing = rapport(await api(LES, RAPPORT, g=["AR"], fra="2030-01-01"))
    assert (nothing["grupper"], nothing["total"]["soktUt"]) == ([], 0)


async def test_who_reads_which_kommunes_report(api: Api, people: dict[str, str]) -> None:
    mine = rapport(await api(LES, RAPPORT, g=["AR", "NASJONALITET"]))
    assert rapport(await api(LES, RAPPORT, g=["AR", "NASJONALITET"], k="0301")) == mine
    assert rapport(await api("demo-4601-bosetter-skriv", RAPPORT, g=["AR", "NASJONALITET"])) == (
        mine
    )
    assert rapport(await api(IMDI, RAPPORT, g=["AR", "NASJONALITET"], k=K)) == mine
    oslo = rapport(await api("demo-0301-bosetter-les", RAPPORT, g=[]))
    assert oslo["kommunenummer"] == "0301"
    for subject in (
        "demo-4601-anmoder-skriv",
        "demo-4601-anmoder-les",
        "demo-4601-admin",
        "demo-analytiker",
        "demo-bufetat-saksbehandler",
    ):
        body = await api(subject, RAPPORT, g=["AR"])
        assert body["data"] == {"bosettingsrapport": None}, subject
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", subject
    no_kommune = await api(IMDI, RAPPORT, g=["AR"])
    assert no_kommune["errors"][0]["message"] == "kommunenummer: IMDi names the kommune"
    backwards = await api(LES, RAPPORT, g=["AR"], fra="2026-02-01", til="2026-01-01")
    assert backwards["errors"][0]["message"] == (
        "til: the period ends before it starts (fra 2026-02-01)"
    )
