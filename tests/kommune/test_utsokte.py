"""The kommune's list of its persons (issue 15, item 1): everyone søkt ut to it or bosatt in it,
filtered and sorted, for its Bosetter roles and IMDi; nobody else's."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.kommune.support import K, world
from tests.support import Api

LES = "demo-4601-bosetter-les"
IMDI = "demo-imdi-saksbehandler"
LIST = """query($k: String, $s: [UtsoktStatus!], $kat: [Kategori!], $n: [String!],
  $sf: Date, $st: Date, $bf: Date, $bt: Date, $sort: UtsoktSortering, $r: Rekkefolge,
  $first: Int! = 20, $after: String) {
  utsokte(first: $first, after: $after, kommunenummer: $k, status: $s, kategori: $kat,
    nasjonalitet: $n, soktUtFra: $sf, soktUtTil: $st, bosattFra: $bf, bosattTil: $bt,
    sorter: $sort, rekkefolge: $r) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { kommunenummer status soktUtDato bosettingsdato kategori nasjonalitet
    person { dufNr tilgang { personmappe } } } } } }"""


def page(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["utsokte"]
    return result


@pytest.fixture
async def people(api: Api, engine: AsyncEngine) -> dict[str, str]:
    return await world(engine)


async def test_the_list_its_filters_and_its_sort_orders(api: Api, people: dict[str, str]) -> None:
    name_of = {duf: name for name, duf in people.items()}

    async def names(**variables: Any) -> str:
        result = page(await api(LES, LIST, **variables))
        found = "".join(name_of[e["node"]["person"]["dufNr"]] for e in result["edges"])
        assert result["totalCount"] == len(found)
        return found

    whole = page(await api(LES, LIST))
    assert whole["edges"][1]["node"] == {
        "kommunenummer": K,
        "status": "BOSATT",
        "soktUtDato": "2026-02-01",
        "bosettingsdato": "2026-03-01",
        "kategori": "EM_15_18",
        "nasjonalitet": "AFG",
        "person": {"dufNr": people["B"], "tilgang": {"personmappe": True}},
    }
    assert await names() == "DBAC"  # the newest utsøking first; E elsewhere, F moved on
    assert await names(s=["BOSATT"]) == "BC"
    assert await names(s=["SOKT_UT"]) == "DA"
    assert await names(s=["SOKT_UT", "BOSATT"]) == "DBAC"
    assert await names(kat=["EM_UNDER_15"]) == "C"
    assert await names(kat=["EM_15_18", "EM_UNDER_15"]) == "BC"
    assert await names(n=["SYR"]) == "DA"
    assert await names(n=["SYR", "ERI"]) == "DAC"
    assert await names(sf="2026-01-10", st="2026-02-01") == "BA"  # both ends included
    assert await names(bf="2025-07-15", bt="2025-07-15") == "C"
    assert await names(bf="2025-01-01") == "BC"  # a bosettingsdato period: only persons bosatt
    assert await names(sf="0001-01-01", st="9999-12-31", bt="9999-12-31") == "BC"  # the ends
    assert await names(sort="NAVN", r="STIGENDE") == "ABCD"
    assert await names(sort="NAVN") == "DCBA"
    assert await names(sort="BOSETTINGSDATO", r="STIGENDE") == "CBAD"  # not bosatt last
    assert await names(sort="BOSETTINGSDATO") == "BCDA"
    assert await names(sort="KATEGORI") == "CBDA"  # EM under 15, EM 15-18, then the rest
    assert await names(sort="STATUS", r="STIGENDE") == "ADBC"  # søkt ut first; ties by id
    assert await names(sort="NASJONALITET", r="STIGENDE") == "BCAD"
    assert await names(sort="SOKT_UT_DATO", r="STIGENDE", n=["SYR"], s=["SOKT_UT"]) == "AD"

    first = page(await api(LES, LIST, first=2))
    assert first["totalCount"] == 4
    assert first["pageInfo"]["hasNextPage"] is True
    rest = page(await api(LES, LIST, first=2, after=first["pageInfo"]["endCursor"]))
    assert [name_of[e["node"]["person"]["dufNr"]] for e in first["edges"] + rest["edges"]] == list(
        "DBAC"
    )
    assert rest["pageInfo"]["hasNextPage"] is False


async def test_who_reads_which_kommunes_list(api: Api, people: dict[str, str]) -> None:
    mine = page(await api(LES, LIST))
    assert page(await api(LES, LIST, k="0301")) == mine  # a kommune always reads its own
    assert page(await api("demo-4601-bosetter-skriv", LIST)) == mine
    assert page(await api(IMDI, LIST, k=K)) == mine

    async def oslo(day: str) -> set[str]:
        found = page(await api("demo-0301-bosetter-les", LIST, sf=day, st=day, first=100))
        assert found["pageInfo"]["hasNextPage"] is False
        return {e["node"]["person"]["dufNr"] for e in found["edges"]}

    assert people["E"] in await oslo("2026-01-01")
    for day in ("2026-01-10", "2026-02-01", "2025-06-01", "2026-03-01", "2024-01-01"):
        assert not await oslo(day) & set(people.values()), day
    for subject in (
        "demo-4601-anmoder-skriv",
        "demo-4601-anmoder-les",
        "demo-4601-admin",
        "demo-analytiker",
        "demo-bufetat-saksbehandler",
    ):
        body = await api(subject, LIST)
        assert body["data"] == {"utsokte": None}, subject
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", subject
    body = await api(IMDI, LIST)
    assert body["errors"][0]["message"] == "kommunenummer: IMDi names the kommune"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"n": ["syr"]}, "nasjonalitet: an ISO 3166 alpha-3 code such as SYR, in capitals"),
        ({"n": ["SYRI"]}, "nasjonalitet[0]: at most 3 characters, not 4"),
        (
            {"sf": "2026-02-01", "st": "2026-01-01"},
            "soktUtTil: the period ends before it starts (soktUtFra 2026-02-01)",
        ),
        (
            {"bf": "2026-02-01", "bt": "2026-01-01"},
            "bosattTil: the period ends before it starts (bosattFra 2026-02-01)",
        ),
        ({"first": 101}, "first: must be between 1 and 100, not 101"),
    ],
)
async def test_bad_input_is_named(api: Api, variables: dict[str, Any], message: str) -> None:
    body = await api(LES, LIST, **variables)
    assert body["data"] == {"utsokte": None}
    assert body["errors"][0]["message"] == message
