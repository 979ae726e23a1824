"""Alembic driven from code: ``bosetting migrate``, and migrate-on-start for the embedded server."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def ours(name: str | None, type_: str, parent_names: object) -> bool:
    """Whether the models describe a schema object: PgQueuer's tables (migration 0013 installs
    them from its own SQL) are not compared with the models."""
    return not (type_ == "table" and name is not None and name.startswith("pgqueuer"))


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` (blocking; runs its own event loop)."""
    command.upgrade(alembic_config(url), revision)


async def upgrade_async(url: str, revision: str = "head") -> None:
    """Migrate from inside a running event loop (Alembic runs in a thread with its own loop)."""
    await asyncio.to_thread(upgrade, url, revision)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("postgresql://")).get_current_head()


async def current_revision(engine: AsyncEngine) -> str | None:
    def read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as connection:
        return await connection.run_sync(read)


async def prepare_database(url: str, *, seed_demo: bool, persons: int) -> None:
    """Migrate to head and, when ``seed_demo``, load ``persons`` demo persons into an empty
    database (once: a database with data is left as it is), then deliver the demo family
    through the source systems (once too: their keys)."""
    from app.db import make_engine
    from app.demokilder import ManglerDemobruker, gjennom_kildene
    from demodata.load import database_is_empty, load

    await upgrade_async(url)
    if not seed_demo:
        return
    engine = make_engine(url, pool_size=2)
    try:
        if await database_is_empty(engine):
            print(f"Loading demo data ({persons} persons); this happens once.", flush=True)
            _, seconds = await load(engine, persons=persons)
            print(f"Demo data loaded in {seconds:.1f} s.", flush=True)
        # Each start (the deliveries' keys make it once): a start that stopped in between, or
        # a database loaded before, gets the family too.
        try:
            await gjennom_kildene(engine)
        except ManglerDemobruker as missing:
            print(
                f"The demo family through the source systems is left out: {missing} "
                "(`./bosetting seed --reset` loads the demo data anew).",
                flush=True,
            )
    finally:
        await engine.dispose()
