"""A rate limit per principal that holds across API processes: a counter per minute in
PostgreSQL, counted and read in one statement."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

_COUNT = text(
    """
    WITH opprydding AS (
        DELETE FROM rategrense WHERE vindu < date_trunc('minute', now()) - interval '10 minutes'
    )
    INSERT INTO rategrense (nokkel, vindu, antall)
    VALUES (:nokkel, date_trunc('minute', now()), 1)
    ON CONFLICT (nokkel, vindu) DO UPDATE SET antall = rategrense.antall + 1
    RETURNING antall, 60 - extract(second FROM now())::int AS sekunder_igjen
    """
)


class RateLimitedError(Exception):
    def __init__(self, limit: int, retry_after: int) -> None:
        super().__init__(
            f"rate limit: at most {limit} requests a minute (BOSETTING_RATE_LIMIT_PER_MINUTE);"
            f" try again in {retry_after} s"
        )
        self.limit = limit
        self.retry_after = retry_after


async def count(connection: AsyncConnection, nokkel: str, per_minute: int) -> None:
    """Count one request for ``nokkel``; raise when it is over ``per_minute`` this minute."""
    row = (await connection.execute(_COUNT, {"nokkel": nokkel})).one()
    await connection.commit()
    if row.antall > per_minute:
        raise RateLimitedError(per_minute, max(1, int(row.sekunder_igjen)))
