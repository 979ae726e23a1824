"""Shared by the kommune tests: a kommune whose persons are known one by one."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support import make_person

K = "4601"
TODAY = date.today()


def years_ago(years: int) -> date:
    return TODAY.replace(year=TODAY.year - years, day=min(TODAY.day, 28))


VEDTAK_OM_OPPHOLD = {"B": date(2026, 1, 1), "C": date(2025, 5, 1), "F": date(2023, 6, 1)}
"""B waited 59 days for its bosettingsdato, C 75."""


async def world(engine: AsyncEngine) -> dict[str, str]:
    """K's demo persons leave (their utsøkinger end); then A to F, by name: A, B, C, D søkt ut
    to or bosatt in K; E søkt ut to Oslo; F bosatt in K once, now moved on."""
    people = {name: await make_person(engine) for name in "ABCDEF"}
    facts = {  # etternavn, nasjonalitet, born, EM, kommune, søkt ut, bosatt, active
        "A": ("Aas", "SYR", date(1990, 1, 1), False, K, date(2026, 1, 10), None, True),
        "B": ("Berg", "AFG", years_ago(16), True, K, date(2026, 2, 1), date(2026, 3, 1), True),
        "C": ("Dahl", "ERI", years_ago(10), True, K, date(2025, 6, 1), date(2025, 7, 15), True),
        "D": ("Ek", "SYR", date(1980, 5, 5), False, K, date(2026, 3, 1), None, True),
        "E": ("Fjeld", "SYR", date(1985, 1, 1), False, "0301", date(2026, 1, 1), None, True),
        "F": ("Gran", "SYR", date(1985, 1, 1), False, K, date(2024, 1, 1), date(2024, 2, 1), False),
    }
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE utsoking SET aktiv = false WHERE kommunenummer = :k"), {"k": K}
        )
        for name, (etternavn, land, born, em, kommune, sokt_ut, bosatt, aktiv) in facts.items():
            person_id = await connection.scalar(
                text(
                    "UPDATE person SET etternavn = :e, nasjonalitet = :n, fodselsdato = :f,"
                    " enslig_mindrearig = :em, bosettingsstatus = :s, vedtak_opphold_dato = :v"
                    " WHERE duf_nr = :d RETURNING id"
                ),
                {
                    "e": etternavn,
                    "n": land,
                    "f": born,
                    "em": em,
                    "s": "BOSATT" if bosatt else "SOKT_UT",
                    "v": VEDTAK_OM_OPPHOLD.get(name),
                    "d": people[name],
                },
            )
            await connection.execute(
                text(
                    "INSERT INTO utsoking (person_id, kommunenummer, sokt_ut_dato, bosettingsdato,"
                    " aktiv) VALUES (:p, :k, :s, :b, :a)"
                ),
                {"p": person_id, "k": kommune, "s": sokt_ut, "b": bosatt, "a": aktiv},
            )
    return people
