"""The benchmark's database: demo data at scale, and the lists the scenarios read and answer."""

from __future__ import annotations

import asyncpg

from app.migrate import prepare_database

BENCH_KOMMUNE = "0301"
READ_LIST = "Benchmark: 200 persons"
ANSWER_LISTS = "Benchmark: answer 50"


def plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def prepare(url: str, persons: int) -> None:
    """Migrate, load ``persons`` demo persons once (same seed, same data), and make sure the
    list every read scenario opens exists."""
    await prepare_database(url, seed_demo=True, persons=persons)
    connection = await asyncpg.connect(plain(url))
    try:
        held = await connection.fetchval(
            "SELECT count(*) FROM fordeling_person fp JOIN fordeling f ON f.id = fp.fordeling_id"
            " WHERE f.navn = $1",
            READ_LIST,
        )
        if held == 200:
            return
        async with connection.transaction():
            await connection.execute("DELETE FROM fordeling WHERE navn = $1", READ_LIST)
            # A SENDT list of 200 persons søkt ut to or bosatt in the kommune: its Bosetter
            # reads everything of them.
            fordeling_id = await connection.fetchval(
                "INSERT INTO fordeling (kommunenummer, navn, status, sendt, svart)"
                " VALUES ($1, $2, 'SENDT', now(), now()) RETURNING id",
                BENCH_KOMMUNE,
                READ_LIST,
            )
            await connection.execute(
                "INSERT INTO fordeling_person (fordeling_id, person_id, boligtype,"
                " forventet_bosetting)"
                " SELECT $1, u.person_id, 'FAMILIEBOLIG', current_date + 14 FROM utsoking u"
                " WHERE u.aktiv AND u.kommunenummer = $2 ORDER BY u.person_id LIMIT 200",
                fordeling_id,
                BENCH_KOMMUNE,
            )
    finally:
        await connection.close()


async def read_list(url: str) -> int:
    connection = await asyncpg.connect(plain(url))
    try:
        fordeling_id: int = await connection.fetchval(
            "SELECT id FROM fordeling WHERE navn = $1", READ_LIST
        )
        persons = await connection.fetchval(
            "SELECT count(*) FROM fordeling_person WHERE fordeling_id = $1", fordeling_id
        )
        assert persons == 200, f"the benchmark list holds {persons} persons, not 200"
        return fordeling_id
    finally:
        await connection.close()


async def answer_lists(url: str, count: int) -> list[tuple[int, int]]:
    """``count`` fresh BEKREFTET lists of 50 persons not søkt ut anywhere: (id, versjon)."""
    connection = await asyncpg.connect(plain(url))
    try:
        async with connection.transaction():
            # Undo an earlier run's answers, so that their persons are free again.
            await connection.execute(
                "UPDATE person SET bosettingsstatus = 'BOSETTINGSKLAR' WHERE id IN (SELECT"
                " u.person_id FROM utsoking u JOIN fordeling_person fp"
                " ON fp.id = u.fordeling_person_id JOIN fordeling f ON f.id = fp.fordeling_id"
                " WHERE f.navn = $1)",
                ANSWER_LISTS,
            )
            await connection.execute(
                "DELETE FROM utsoking u USING fordeling_person fp, fordeling f"
                " WHERE fp.id = u.fordeling_person_id AND f.id = fp.fordeling_id"
                " AND f.navn = $1",
                ANSWER_LISTS,
            )
            await connection.execute(
                "DELETE FROM utboks WHERE fordeling_id IN"
                " (SELECT id FROM fordeling WHERE navn = $1)",
                ANSWER_LISTS,
            )
            await connection.execute("DELETE FROM fordeling WHERE navn = $1", ANSWER_LISTS)
            rows = []
            for _ in range(count):
                fordeling_id = await connection.fetchval(
                    "INSERT INTO fordeling (kommunenummer, navn, status, sendt, bekreftet)"
                    " VALUES ($1, $2, 'BEKREFTET', now(), now()) RETURNING id",
                    BENCH_KOMMUNE,
                    ANSWER_LISTS,
                )
                added = await connection.execute(
                    "INSERT INTO fordeling_person (fordeling_id, person_id, boligtype,"
                    " forventet_bosetting)"
                    " SELECT $1, p.id, 'FAMILIEBOLIG', current_date + 14 FROM person p"
                    " WHERE NOT EXISTS (SELECT 1 FROM utsoking u WHERE u.person_id = p.id"
                    "   AND u.aktiv)"
                    " AND NOT EXISTS (SELECT 1 FROM fordeling_person fp JOIN fordeling f"
                    "   ON f.id = fp.fordeling_id WHERE fp.person_id = p.id AND f.navn = $2)"
                    " ORDER BY p.id LIMIT 50",
                    fordeling_id,
                    ANSWER_LISTS,
                )
                assert added == "INSERT 0 50", f"too few free persons for a list: {added}"
                rows.append((fordeling_id, 1))
            return rows
    finally:
        await connection.close()


async def one(url: str, sql: str) -> str:
    connection = await asyncpg.connect(plain(url))
    try:
        value = await connection.fetchval(sql)
        assert value is not None, sql
        return str(value)
    finally:
        await connection.close()


PERSON_IN_KOMMUNE = f"""SELECT p.duf_nr FROM utsoking u JOIN person p ON p.id = u.person_id
    WHERE u.aktiv AND u.kommunenummer = '{BENCH_KOMMUNE}'
      AND EXISTS (SELECT 1 FROM kompetanse k WHERE k.person_id = p.id)
      AND EXISTS (SELECT 1 FROM person_helse h WHERE h.person_id = p.id)
      AND EXISTS (SELECT 1 FROM hendelse_person hp WHERE hp.person_id = p.id)
    ORDER BY p.id LIMIT 1"""  # noqa: S608 (a constant)
"""A person søkt ut to the benchmark kommune with most personmappe sections filled."""

SEARCH_NAME = """SELECT etternavn FROM person GROUP BY etternavn
    HAVING count(*) BETWEEN 20 AND 2000 ORDER BY count(*) DESC LIMIT 1"""
"""A common surname; the scenario searches it with a typo."""
