"""The migration history builds the models' schema, and goes down and up again cleanly."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection

from app.db import make_engine
from app.migrate import alembic_config, head_revision, upgrade_async
from models import Base
from tests.support import DatabaseServer, unique_name


def differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
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
