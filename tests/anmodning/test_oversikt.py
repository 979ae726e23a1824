"""Oversikt bosetting against numbers worked out by hand, carry-over included."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from models import Anmodning, Fordeling, FordelingPerson, Person, Utsoking, Vedtak
from models.identifikatorer import duf_nr
from tests.support import Api

K = "1111"  # Sokndal: its demo history is cleared, then the history below is written
_serial = itertools.count(1)

ADULT = date(1985, 1, 1)
EM_2009 = date(2009, 1, 1)  # 16 in mid-2025
EM_2010 = date(2010, 1, 1)  # 16 in 2026


async def person(connection: AsyncConnection, born: date, em: bool = False) -> int:
    serial = next(_serial)
    person_id: int = (
        await connection.execute(
            insert(Person)
            .values(
                duf_nr=duf_nr(2024, 770000 + serial),
                fornavn="O",
                etternavn=f"V{serial}",
                navn_sok=f"o v{serial}",
                fodselsdato=born,
                kjonn="KVINNE",
                nasjonalitet="SYR",
                registreringsnummer=f"66{serial:08d}",
                sakstype="ASYL",
                bosettingsstatus="SOKT_UT",
                botilbud="PRIVAT",
                enslig_mindrearig=em,
            )
            .returning(Person.id)
        )
    ).scalar_one()
    return person_id


async def sokt_ut(
    connection: AsyncConnection,
    born: date,
    when: date,
    bosatt: date | None = None,
    *,
    em: bool = False,
    aktiv: bool = True,
) -> None:
    person_id = await person(connection, born, em)
    await connection.execute(
        insert(Utsoking).values(
            person_id=person_id,
            kommunenummer=K,
            sokt_ut_dato=when,
            bosettingsdato=bosatt,
            aktiv=aktiv,
        )
    )


async def history(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        for statement in (
            "DELETE FROM utboks WHERE kommunenummer = :k",
            "DELETE FROM utsoking WHERE kommunenummer = :k",
            "DELETE FROM fordeling WHERE kommunenummer = :k",
            "DELETE FROM anmodning WHERE kommunenummer = :k",
        ):
            await connection.execute(text(statement), {"k": K})
        anmodning_id = (
            await connection.execute(
                insert(Anmodning)
                .values(
                    kommunenummer=K,
                    tittel="T",
                    status="BEKREFTET",
                    sendt=datetime(2023, 9, 1, tzinfo=UTC),
                    svarfrist=date(2023, 11, 1),
                )
                .returning(Anmodning.id)
            )
        ).scalar_one()
        vedtak: list[tuple[int, str, int, str]] = [
            (2024, "ENSLIGE_VOKSNE_OG_FAMILIER", 10, "SENDT"),
            (2025, "ENSLIGE_VOKSNE_OG_FAMILIER", 5, "SENDT"),
            (2026, "ENSLIGE_VOKSNE_OG_FAMILIER", 8, "SENDT"),
            (2025, "EM_15_18", 2, "SENDT"),
            (2026, "EM_15_18", 3, "SENDT"),
            (2026, "EM_UNDER_15", 9, "UTKAST"),  # not sent: does not count
        ]
        await connection.execute(
            insert(Vedtak),
            [
                {
                    "anmodning_id": anmodning_id,
                    "kommunenummer": K,
                    "ar": ar,
                    "kategori": kategori,
                    "antall": antall,
                    "status": status,
                }
                for ar, kategori, antall, status in vedtak
            ],
        )
        # Enslige voksne og familier: 6 søkt ut in 2024, 2 in 2025 (one bosatt in 2026),
        # 3 in 2026 (two bosatt in 2026), and one whose utsøking was cancelled (not counted).
        for _ in range(6):
            await sokt_ut(connection, ADULT, date(2024, 5, 1), date(2024, 6, 1))
        await sokt_ut(connection, ADULT, date(2025, 3, 1), date(2025, 4, 1))
        await sokt_ut(connection, ADULT, date(2025, 11, 1), date(2026, 1, 15))
        await sokt_ut(connection, ADULT, date(2026, 2, 1), date(2026, 3, 1))
        await sokt_ut(connection, ADULT, date(2026, 2, 1), date(2026, 4, 1))
        await sokt_ut(connection, ADULT, date(2026, 5, 1))
        await sokt_ut(connection, ADULT, date(2026, 5, 1), aktiv=False)
        # EM 15-18: 4 søkt ut in 2025 (more than the 2 places: no negative carry-over), 1 in
        # 2026, bosatt in 2026.
        for _ in range(4):
            await sokt_ut(connection, EM_2009, date(2025, 6, 1), date(2025, 8, 1), em=True)
        await sokt_ut(connection, EM_2010, date(2026, 6, 1), date(2026, 7, 1), em=True)
        # Fordelt in 2026: one sent list of two adults and an EM of 16; a draft is not counted.
        sent = (
            await connection.execute(
                insert(Fordeling)
                .values(
                    kommunenummer=K,
                    navn="S",
                    status="SENDT",
                    sendt=datetime(2026, 3, 1, tzinfo=UTC),
                )
                .returning(Fordeling.id)
            )
        ).scalar_one()
        draft = (
            await connection.execute(
                insert(Fordeling)
                .values(kommunenummer=K, navn="U", status="UTKAST")
                .returning(Fordeling.id)
            )
        ).scalar_one()
        for fordeling_id, born, em in (
            (sent, ADULT, False),
            (sent, ADULT, False),
            (sent, EM_2010, True),
            (draft, ADULT, False),
        ):
            person_id = await person(connection, born, em)
            await connection.execute(
                insert(FordelingPerson).values(
                    fordeling_id=fordeling_id, person_id=person_id, boligtype="FAMILIEBOLIG"
                )
            )


Q = """query($ar: Int!, $k: String) { oversiktBosetting(ar: $ar, kommunenummer: $k) {
  kommunenummer ar
  kategorier { kategori vedtak fordelt soktUt bosatt ledigePlasserFraTidligereAr ledigePlasser }
  total { vedtak fordelt soktUt bosatt ledigePlasserFraTidligereAr ledigePlasser } } }"""


def line(kategori: str | None, *numbers: int) -> dict[str, Any]:
    names = (
        "vedtak",
        "fordelt",
        "soktUt",
        "bosatt",
        "ledigePlasserFraTidligereAr",
        "ledigePlasser",
    )
    result: dict[str, Any] = dict(zip(names, numbers, strict=True))
    if kategori is not None:
        result = {"kategori": kategori} | result
    return result


async def test_the_numbers_of_2026_by_hand(api: Api, engine: AsyncEngine) -> None:
    await history(engine)
    body = await api("demo-imdi-saksbehandler", Q, ar=2026, k=K)
    # Enslige: balance 2024 = 10-6 = 4; 2025 = 4+5-2 = 7 (carried into 2026); 2026 = 7+8-3 = 12.
    # EM 15-18: 2025 = max(0, 0+2-4) = 0; 2026 = 0+3-1 = 2. EM under 15: the vedtak was never sent.
    assert body == {
        "data": {
            "oversiktBosetting": {
                "kommunenummer": K,
                "ar": 2026,
                "kategorier": [
                    line("ENSLIGE_VOKSNE_OG_FAMILIER", 8, 2, 3, 3, 7, 12),
                    line("EM_15_18", 3, 1, 1, 1, 0, 2),
                    line("EM_UNDER_15", 0, 0, 0, 0, 0, 0),
                ],
                "total": line(None, 11, 3, 4, 4, 7, 14),
            }
        }
    }


async def test_the_numbers_of_2025_by_hand(api: Api, engine: AsyncEngine) -> None:
    await history(engine)
    body = await api("demo-imdi-saksbehandler", Q, ar=2025, k=K)
    kategorier = body["data"]["oversiktBosetting"]["kategorier"]
    assert kategorier[0] == line("ENSLIGE_VOKSNE_OG_FAMILIER", 5, 0, 2, 1, 4, 7)
    # Four søkt ut against two places: the balance stops at zero.
    assert kategorier[1] == line("EM_15_18", 2, 0, 4, 4, 0, 0)


async def test_a_kommune_reads_its_own_oversikt_only(api: Api, engine: AsyncEngine) -> None:
    own = await api("demo-1870-bosetter-les", Q, ar=2026)
    assert own["data"]["oversiktBosetting"]["kommunenummer"] == "1870"
    named_own = await api("demo-1870-anmoder-les", Q, ar=2026, k="1870")
    assert named_own["data"]["oversiktBosetting"]["kommunenummer"] == "1870"
    other = await api("demo-1870-bosetter-les", Q, ar=2026, k="0301")
    assert other["data"] == {"oversiktBosetting": None}
    assert [e["extensions"] for e in other["errors"]] == [{"code": "FORBIDDEN"}]
    for subject in ("demo-1870-admin", "demo-analytiker"):
        denied = await api(subject, Q, ar=2026)
        assert denied["data"] == {"oversiktBosetting": None}


async def test_all_357_at_once_agree_with_one_by_one(api: Api, engine: AsyncEngine) -> None:
    await history(engine)
    alle = await api(
        "demo-imdi-saksbehandler",
        "query($ar: Int!) { oversiktBosettingAlle(ar: $ar) {"
        " kommunenummer total { vedtak soktUt ledigePlasser } } }",
        ar=2026,
    )
    rows = alle["data"]["oversiktBosettingAlle"]
    assert len(rows) == 357
    by_number = {row["kommunenummer"]: row["total"] for row in rows}
    assert by_number[K] == {"vedtak": 11, "soktUt": 4, "ledigePlasser": 14}
    for kommune in ("0301", "1870", "5501"):
        one = await api("demo-imdi-saksbehandler", Q, ar=2026, k=kommune)
        total = one["data"]["oversiktBosetting"]["total"]
        assert by_number[kommune] == {k: total[k] for k in ("vedtak", "soktUt", "ledigePlasser")}
    kommune_user = await api(
        "demo-1870-anmoder-les", "query { oversiktBosettingAlle(ar: 2026) { kommunenummer } }"
    )
    assert kommune_user["data"] == {"oversiktBosettingAlle": None}
