"""The migration history builds the models' schema, and goes down and up again cleanly."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection

from app.db import make_engine
from app.migrate import alembic_config, head_revision, ours, upgrade_async
from models import Base
from tests.support import DatabaseServer, unique_name


def differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_name": ours}
    )
    return list(compare_metadata(context, Base.metadata))


async def test_migrations_match_the_models_and_downgrade_cleanly(db_server: DatabaseServer) -> None:
    import asyncio

    name = unique_name("bosetting_mig")
    url = await db_server.create(name)
    engine = make_engine(url, pool_size=1)
    try:
        await upgrade_async(url)
        async with engine.connect() as connection:
            assert await connection.run_sync(differences) == []
            revision = await connection.scalar(text("SELECT version_num FROM alembic_version"))
            assert revision == head_revision()
        await asyncio.to_thread(command.downgrade, alembic_config(url), "base")
        async with engine.connect() as connection:
            tables = await connection.scalar(
                text(
                    "SELECT count(*) FROM pg_tables"
                    " WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
                )
            )
            assert tables == 0
        await upgrade_async(url)
        async with engine.connect() as connection:
            assert await connection.run_sync(differences) == []
    finally:
        await engine.dispose()
        await db_server.drop(name)


async def test_0010_moves_the_free_texts_into_their_lists_and_back(
    db_server: DatabaseServer,
) -> None:
    """A veiledende tilknytning becomes one criterion ANNET of priority 1, a bosettingsmerknad
    the merknad of the section's source (a mottak's: SESAM); down again, the texts return."""
    import asyncio

    name = unique_name("bosetting_mig")
    url = await db_server.create(name)
    engine = make_engine(url, pool_size=1)
    config = alembic_config(url)
    try:
        await asyncio.to_thread(command.upgrade, config, "0009")
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO person (id, duf_nr, fornavn, etternavn, navn_sok, fodselsdato,"
                    " kjonn, nasjonalitet, registreringsnummer, familierolle, sakstype,"
                    " bosettingsstatus, botilbud) VALUES"
                    " (1, '202400000101', 'A', 'B', 'a b', '1990-01-01', 'MANN', 'SYR',"
                    "  '7700000001', 'HOVEDPERSON', 'ASYL', 'BOSETTINGSKLAR', 'MOTTAK'),"
                    " (2, '202400000202', 'C', 'D', 'c d', '1990-01-01', 'MANN', 'SYR',"
                    "  '7700000002', 'HOVEDPERSON', 'ASYL', 'BOSETTINGSKLAR', 'PRIVAT')"
                )
            )
            await connection.execute(
                text(
                    "INSERT INTO person_bosettingsinfo (person_id, veiledende_tilknytning,"
                    " bosettingsmerknad, kilde) VALUES (1, 'Har bror i Bergen.', 'Nær kysten.',"
                    " 'MOTTAK'), (2, '  ', 'Fra IMDi.', 'IMDI')"
                )
            )
        await asyncio.to_thread(command.upgrade, config, "0010")
        async with engine.connect() as connection:
            criteria = (
                await connection.execute(
                    text(
                        "SELECT person_id, kriterium, prioritet, beskrivelse, kilde"
                        " FROM person_veiledende_tilknytning ORDER BY person_id"
                    )
                )
            ).all()
            merknader = (
                await connection.execute(
                    text(
                        "SELECT person_id, kilde, tekst FROM person_bosettingsmerknad"
                        " ORDER BY person_id"
                    )
                )
            ).all()
        assert [tuple(row) for row in criteria] == [
            (1, "ANNET", 1, "Har bror i Bergen.", "SESAM")  # a blank text moves nowhere
        ]
        assert [tuple(row) for row in merknader] == [
            (1, "SESAM", "Nær kysten."),
            (2, "IMDI", "Fra IMDi."),
        ]
        await asyncio.to_thread(command.downgrade, config, "0009")
        async with engine.connect() as connection:
            back = (
                await connection.execute(
                    text(
                        "SELECT person_id, veiledende_tilknytning, bosettingsmerknad"
                        " FROM person_bosettingsinfo ORDER BY person_id"
                    )
                )
            ).all()
        assert [tuple(row) for row in back] == [
            (1, "Har bror i Bergen.", "Nær kysten."),
            (2, None, "Fra IMDi."),
        ]
    finally:
        await engine.dispose()
        await db_server.drop(name)
