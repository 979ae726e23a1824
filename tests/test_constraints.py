"""The database itself refuses what the domain forbids, whatever the code above it does."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from models import Bruker, Person, PersonlistePlass, Utsoking


async def some_person_ids(engine: AsyncEngine, count: int) -> list[int]:
    async with engine.connect() as connection:
        rows = await connection.scalars(select(Person.id).order_by(Person.id).limit(count))
        return list(rows)


async def demo_user_id(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        user = await connection.scalar(
            select(Bruker.id).where(Bruker.subject == "demo-4601-bosetter-les")
        )
    assert user is not None
    return int(user)


async def test_a_personliste_holds_at_most_ten(engine: AsyncEngine) -> None:
    user = await demo_user_id(engine)
    persons = await some_person_ids(engine, 11)
    async with engine.begin() as connection:
        for plass, person in enumerate(persons[:10], 1):
            await connection.execute(
                insert(PersonlistePlass).values(bruker_id=user, plass=plass, person_id=person)
            )
    with pytest.raises(IntegrityError, match="ck_personliste_plass_range"):
        async with engine.begin() as connection:
            await connection.execute(
                insert(PersonlistePlass).values(bruker_id=user, plass=11, person_id=persons[10])
            )
    with pytest.raises(IntegrityError, match="pk_personliste"):
        async with engine.begin() as connection:
            await connection.execute(
                insert(PersonlistePlass).values(bruker_id=user, plass=10, person_id=persons[10])
            )


async def test_a_person_is_on_a_personliste_once(engine: AsyncEngine) -> None:
    user = await demo_user_id(engine)
    [person] = await some_person_ids(engine, 1)
    async with engine.begin() as connection:
        await connection.execute(
            insert(PersonlistePlass).values(bruker_id=user, plass=1, person_id=person)
        )
    with pytest.raises(IntegrityError, match="uq_personliste_bruker_id"):
        async with engine.begin() as connection:
            await connection.execute(
                insert(PersonlistePlass).values(bruker_id=user, plass=2, person_id=person)
            )


async def test_a_person_is_never_sokt_ut_to_two_kommuner(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        person = await connection.scalar(
            select(Utsoking.person_id).where(Utsoking.aktiv).order_by(Utsoking.id).limit(1)
        )
    with pytest.raises(IntegrityError, match="uq_utsoking_aktiv_person"):
        async with engine.begin() as connection:
            await connection.execute(
                insert(Utsoking).values(
                    person_id=person, kommunenummer="0301", sokt_ut_dato=date(2026, 11, 1)
                )
            )


async def test_a_duf_number_is_unique_and_twelve_digits(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        existing = (await connection.execute(select(Person).limit(1))).mappings().one()
    values = {
        key: existing[key]
        for key in ("fornavn", "etternavn", "navn_sok", "fodselsdato", "kjonn", "nasjonalitet",
                    "registreringsnummer", "sakstype", "bosettingsstatus", "botilbud")
    }  # fmt: skip
    with pytest.raises(IntegrityError, match="uq_person_duf_nr"):
        async with engine.begin() as connection:
            await connection.execute(insert(Person).values(duf_nr=existing["duf_nr"], **values))
    with pytest.raises(IntegrityError, match="ck_person_duf_nr_format"):
        async with engine.begin() as connection:
            await connection.execute(insert(Person).values(duf_nr="2018-0345220", **values))


async def test_an_unticked_fordeling_row_needs_a_reason(engine: AsyncEngine) -> None:
    with pytest.raises(IntegrityError, match="ck_fordeling_person_begrunnelse_when_not_bosettes"):
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "UPDATE fordeling_person SET bosettes = false, begrunnelse_ikke_bosettes = ' '"
                    " WHERE id = (SELECT min(id) FROM fordeling_person)"
                )
            )


async def test_a_kansellert_innmelding_needs_a_reason(engine: AsyncEngine) -> None:
    with pytest.raises(IntegrityError, match="ck_innmelding_kansellert_begrunnet"):
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "UPDATE innmelding SET status = 'KANSELLERT', kansellert_begrunnelse = NULL"
                    " WHERE id = (SELECT min(id) FROM innmelding)"
                )
            )
