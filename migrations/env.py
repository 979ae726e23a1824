"""Alembic environment: runs migrations on the asyncpg engine the service uses."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from app.migrate import ours
from models import Base

config = context.config
target_metadata = Base.metadata
if not config.get_main_option("sqlalchemy.url"):
    # Plain `alembic` from the shell: the same database the service would use.
    from app.db import resolve_database_url
    from app.settings import Settings

    url = context.get_x_argument(as_dictionary=True).get("url")
    config.set_main_option(
        "sqlalchemy.url", (url or resolve_database_url(Settings.from_env())).replace("%", "%%")
    )


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        include_name=ours,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


MIGRATION_LOCK = 4_711_001


async def run_async() -> None:
    engine = create_async_engine(config.get_main_option("sqlalchemy.url") or "")
    async with engine.connect() as connection:
        # One migrator at a time, even when several API processes start together.
        await connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        await connection.commit()
        try:
            await connection.run_sync(run_migrations)
            await connection.commit()
        finally:
            await connection.execute(
                text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK}
            )
            await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(run_async())
