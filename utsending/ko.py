"""The outbox's queue: a letter's job in PgQueuer, enqueued in the letter's own transaction
(the dispatcher, :mod:`utsending.dispatcher`, takes the jobs)."""

from __future__ import annotations

from collections.abc import Sequence

from pgqueuer.adapters.drivers.asyncpg import AsyncpgDriver
from pgqueuer.adapters.persistence.queries import Queries
from sqlalchemy.ext.asyncio import AsyncConnection

ENTRYPOINT = "brev"


async def meld(connection: AsyncConnection, utboks_ids: Sequence[int]) -> int:
    """Enqueue the letters' jobs on ``connection``, in its transaction; a letter that has a job
    waiting or running already is skipped (its dedupe key). How many were enqueued."""
    if not utboks_ids:
        return 0
    raw = await connection.get_raw_connection()
    assert raw.driver_connection is not None, "an open asyncpg connection"
    queries = Queries(AsyncpgDriver(raw.driver_connection))
    enqueued = await queries.enqueue(
        [ENTRYPOINT] * len(utboks_ids),
        [str(i).encode() for i in utboks_ids],
        [0] * len(utboks_ids),
        dedupe_key=[f"brev:{i}" for i in utboks_ids],
        on_conflict="skip",
    )
    return sum(1 for job in enqueued if job is not None)
