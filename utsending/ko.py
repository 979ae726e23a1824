"""The outbox's queue: a letter's job in PgQueuer, enqueued in the letter's own transaction
(the dispatcher, :mod:`utsending.dispatcher`, takes the jobs)."""

from __future__ import annotations

from collections.abc import Sequence

from pgqueuer.adapters.drivers.asyncpg import AsyncpgDriver
from pgqueuer.adapters.persistence.queries import Queries
from pgqueuer.types import JobId
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

ENTRYPOINT = "brev"


def _queries(raw: object) -> Queries:
    driver = getattr(raw, "driver_connection", None)
    assert driver is not None, "an open asyncpg connection"
    return Queries(AsyncpgDriver(driver))


async def meld(connection: AsyncConnection, utboks_ids: Sequence[int]) -> int:
    """Enqueue the letters' jobs on ``connection``, in its transaction; a letter that has a job
    waiting or running already is skipped (its dedupe key). How many were enqueued."""
    if not utboks_ids:
        return 0
    queries = _queries(await connection.get_raw_connection())
    enqueued = await queries.enqueue(
        [ENTRYPOINT] * len(utboks_ids),
        [str(i).encode() for i in utboks_ids],
        [0] * len(utboks_ids),
        dedupe_key=[f"brev:{i}" for i in utboks_ids],
        on_conflict="skip",
    )
    return sum(1 for job in enqueued if job is not None)


_HELD = text(
    "SELECT id FROM pgqueuer WHERE entrypoint = :entrypoint AND dedupe_key = :key"
    " AND status = 'failed' ORDER BY id DESC LIMIT 1"
)


async def meld_pa_nytt(connection: AsyncConnection, utboks_id: int) -> bool:
    """A dead letter's job queued again, in ``connection``'s transaction: the newest job held
    after its last attempt (PgQueuer's ``failed``) back to ``queued`` with its attempts reset,
    or a new job if none is held. False when neither could be: a job of the letter is still
    queued or running (its last attempt not yet recorded)."""
    held = [
        JobId(job)
        for job in await connection.scalars(
            _HELD, {"entrypoint": ENTRYPOINT, "key": f"brev:{utboks_id}"}
        )
    ]
    if not held:
        return await meld(connection, [utboks_id]) == 1
    await _queries(await connection.get_raw_connection()).requeue_jobs(held)
    return True
