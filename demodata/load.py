"""Loading demo data with COPY, in one transaction: all of it or nothing."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from tqdm import tqdm

from demodata.generate import COLUMNS, LOAD_ORDER, DemoData, generate
from models import Base


class NotEmptyError(RuntimeError):
    """The database already holds data and no reset was asked for."""


async def database_is_empty(engine: AsyncEngine) -> bool:
    async with engine.connect() as connection:
        found = await connection.scalar(text("SELECT EXISTS (SELECT 1 FROM kommune)"))
    return not found


async def load(
    engine: AsyncEngine,
    *,
    seed: int = 1,
    persons: int = 10_000,
    reset: bool = False,
    show_progress: bool = True,
) -> tuple[DemoData, float]:
    """Generate and COPY the demo data; returns it and the seconds the whole load took."""
    started = time.perf_counter()
    if not reset and not await database_is_empty(engine):
        raise NotEmptyError("the database already holds data: use --reset to replace it")
    with tqdm(total=persons, desc="generating persons", unit="p", disable=not show_progress) as bar:

        def advance(count: int) -> None:
            bar.update(count)

        data = generate(seed=seed, persons=persons, progress=advance)
    total_rows = sum(len(rows) for rows in data.rows.values())
    async with engine.begin() as connection:
        # SQLAlchemy's asyncpg adapter sends BEGIN lazily, with the first statement it runs
        # itself: without this one, the raw COPYs below would each commit on their own.
        await connection.execute(text("SET LOCAL synchronous_commit = off"))
        if reset:
            tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
            await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        raw = await connection.get_raw_connection()
        driver: Any = raw.driver_connection
        with tqdm(
            total=total_rows, desc="loading rows", unit="row", disable=not show_progress
        ) as bar:
            for table in LOAD_ORDER:
                rows = data.rows[table]
                if rows:
                    await driver.copy_records_to_table(
                        table, records=rows, columns=list(COLUMNS[table])
                    )
                bar.update(len(rows))
        for table in LOAD_ORDER:
            if "id" in COLUMNS[table]:
                # Table names are our own constants, never input.
                reset_sequence = (
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608
                    f" coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                )
                await connection.execute(text(reset_sequence))
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(text("ANALYZE"))
    return data, time.perf_counter() - started
