"""Rate limits shared by every API process, without a database write per request.

**The window.** A key (``bruker:<id>`` for a principal's requests, ``adresse:<ip>`` for failed
logins) is counted in buckets of 5 s. A request is admitted while the buckets that overlap the
last 60 s hold fewer than the limit; so in one process no 60 s ever hold more than the limit,
wherever they start (no fixed minute whose edge lets twice the limit through). The window the
count covers is 60 to 65 s long.

**Across processes.** Each process counts in memory and reconciles with PostgreSQL in batches:
one statement adds every key's new counts to table ``rategrense`` (key, bucket, count) and
reads back the totals of every key the process has used in the window. It reconciles every
``sync_ms`` (1 s), and at once, before it admits more, when it has admitted S requests of one
key that PostgreSQL has not yet seen, S = min(``sync_requests``, limit / 10) (a reconciliation
starts in the background at half of that). A process therefore admits at most S requests of a
key beyond the count it last read, and with N processes a key gets at most ``limit + N × S``
requests in any window: with the defaults 600 + N × 50 requests of a principal, and
60 + N × 6 failed logins of an address. In one process the count is exact.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

logger = logging.getLogger("bosetting.rate_limit")

WINDOW_SECONDS = 60
BUCKET_SECONDS = 5
_BUCKETS = WINDOW_SECONDS // BUCKET_SECONDS
"""Buckets before the current one that still overlap the last 60 s."""
_FORGET_SECONDS = WINDOW_SECONDS + 2 * BUCKET_SECONDS
"""A key unused this long is dropped from memory (its buckets are all out of the window)."""
_PURGE_EVERY_SECONDS = 60
_PURGE_AFTER_SECONDS = 10 * 60

# One statement for every key: add the new counts (in key order, so that two processes lock
# the same rows in the same order and never deadlock), read back every key's live buckets,
# and now and then drop buckets long out of every window. The main query sees the table as
# it was before the statement, so the rows it has just written come from the upsert itself.
_RECONCILE = text(
    """
    WITH purged AS (
        DELETE FROM rategrense WHERE CAST(:purge AS boolean) AND vindu < :purge_before
    ), added AS (
        INSERT INTO rategrense AS r (nokkel, vindu, antall)
        SELECT nokkel, vindu, antall
        FROM unnest(CAST(:keys AS text[]), CAST(:buckets AS timestamptz[]),
                    CAST(:counts AS integer[])) AS new(nokkel, vindu, antall)
        ORDER BY nokkel, vindu
        ON CONFLICT (nokkel, vindu) DO UPDATE SET antall = r.antall + EXCLUDED.antall
        RETURNING r.nokkel, r.vindu, r.antall
    )
    SELECT nokkel, vindu, antall FROM added
    UNION ALL
    SELECT r.nokkel, r.vindu, r.antall FROM rategrense r
    WHERE r.nokkel = ANY(CAST(:active AS text[])) AND r.vindu >= :since
      AND NOT EXISTS (SELECT 1 FROM added a WHERE a.nokkel = r.nokkel AND a.vindu = r.vindu)
    """
)


class RateLimitedError(Exception):
    def __init__(self, limit: int, retry_after: int, setting: str) -> None:
        super().__init__(
            f"rate limit: at most {limit} {_WHAT[setting]} a minute ({setting});"
            f" try again in {retry_after} s"
        )
        self.limit = limit
        self.retry_after = retry_after
        self.setting = setting


_WHAT = {
    "BOSETTING_RATE_LIMIT_PER_MINUTE": "requests",
    "BOSETTING_FAILED_LOGINS_PER_MINUTE": "failed logins (401) from one address",
}


def _bucket(now: float) -> int:
    return math.floor(now / BUCKET_SECONDS)


def _bucket_time(bucket: int) -> datetime:
    return datetime.fromtimestamp(bucket * BUCKET_SECONDS, UTC)


@dataclass
class _Key:
    seen: dict[int, int] = field(default_factory=dict)
    """The totals of every process, by bucket, as PostgreSQL had them at the last read."""
    sending: dict[int, int] = field(default_factory=dict)
    """This process's admits in a reconciliation under way (not in ``seen`` yet)."""
    pending: dict[int, int] = field(default_factory=dict)
    """This process's admits PostgreSQL has not seen."""
    used: float = 0.0

    def unsynced(self) -> int:
        return sum(self.sending.values()) + sum(self.pending.values())

    def count(self, bucket: int, oldest: int | None = None) -> int:
        first = bucket - _BUCKETS if oldest is None else oldest
        return sum(
            counts.get(b, 0)
            for counts in (self.seen, self.sending, self.pending)
            for b in range(first, bucket + 1)
        )

    def retry_after(self, now: float, limit: int) -> int:
        """Seconds until the buckets still in the window hold fewer than ``limit``."""
        bucket = _bucket(now)
        for later in range(bucket + 1, bucket + _BUCKETS + 2):
            if self.count(bucket, oldest=later - _BUCKETS) < limit:
                return max(1, math.ceil(later * BUCKET_SECONDS - now))
        return WINDOW_SECONDS


class RateLimiter:
    """The rate limits of one process; :meth:`start` runs its reconciliations."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        sync_ms: int = 1000,
        sync_requests: int = 50,
        clock: Callable[[], float] = time.time,
    ) -> None:
        # One statement is its own transaction: no BEGIN and COMMIT round trips around it.
        self.engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self.sync_seconds = sync_ms / 1000
        self.sync_requests = max(1, sync_requests)
        self.clock = clock
        self.reconciliations = 0
        self._keys: dict[str, _Key] = {}
        self._purged = 0.0
        self._timer: asyncio.Task[None] | None = None
        self._running: asyncio.Task[None] | None = None
        """The reconciliation under way: one at a time, whoever asks for it."""
        self._failing = False

    async def admit(self, key: str, limit: int, setting: str) -> None:
        """Count one request of ``key``; raise :class:`RateLimitedError` (and count nothing)
        when the window already holds ``limit``."""
        state = await self._room(key, limit)
        now = self.clock()
        if state.count(_bucket(now)) >= limit:
            raise RateLimitedError(limit, state.retry_after(now, limit), setting)
        self._add(state, now, limit)

    async def add(self, key: str, limit: int) -> None:
        """Count one event of ``key`` whatever its count (a failed login: :meth:`check` is
        what refuses the next request)."""
        state = await self._room(key, limit)
        self._add(state, self.clock(), limit)

    def check(self, key: str, limit: int, setting: str) -> None:
        """Raise :class:`RateLimitedError` when the window of ``key`` holds ``limit``."""
        state = self._keys.get(key)
        if state is None:
            return
        now = self.clock()
        if state.count(_bucket(now)) >= limit:
            raise RateLimitedError(limit, state.retry_after(now, limit), setting)

    def _unseen_at_most(self, limit: int) -> int:
        """S: how many admits of a key with ``limit`` PostgreSQL may not have seen."""
        return max(1, min(self.sync_requests, limit // 10))

    async def _room(self, key: str, limit: int) -> _Key:
        """The key's state, once this process has fewer than S of its admits unseen by
        PostgreSQL (waiting for a reconciliation while it has that many)."""
        state = self._keys.get(key)
        if state is None:
            state = self._keys[key] = _Key()
        state.used = self.clock()
        while state.unsynced() >= self._unseen_at_most(limit):
            await asyncio.shield(self._begin())
        return state

    def _add(self, state: _Key, now: float, limit: int) -> None:
        bucket = _bucket(now)
        state.pending[bucket] = state.pending.get(bucket, 0) + 1
        if sum(state.pending.values()) * 2 >= self._unseen_at_most(limit) and not self._busy():
            self._begin()  # in the background: by the time it is needed it may be done

    def _busy(self) -> bool:
        return self._running is not None and not self._running.done()

    def _begin(self) -> asyncio.Task[None]:
        """The reconciliation under way, or a new one."""
        if not self._busy():
            self._running = asyncio.create_task(self._reconcile())
            self._running.add_done_callback(self._log_failure)
        assert self._running is not None
        return self._running

    async def reconcile(self) -> None:
        """One reconciliation that starts after this call: the counts admitted so far are in
        PostgreSQL, and every key's totals are as PostgreSQL has them."""
        running = self._running
        if running is not None and not running.done():
            with contextlib.suppress(Exception):  # it started before this call: wait, then ours
                await asyncio.shield(running)
        await asyncio.shield(self._begin())

    async def _reconcile(self) -> None:
        now = self.clock()
        for key in [k for k, s in self._keys.items() if now - s.used > _FORGET_SECONDS]:
            if not self._keys[key].pending:
                del self._keys[key]
        rows: list[tuple[str, int, int]] = []
        for key in sorted(self._keys):
            state = self._keys[key]
            state.sending, state.pending = state.pending, {}
            rows.extend((key, bucket, count) for bucket, count in sorted(state.sending.items()))
        purge = now - self._purged > _PURGE_EVERY_SECONDS
        try:
            async with self.engine.connect() as connection:
                result = await connection.execute(
                    _RECONCILE,
                    {
                        "keys": [key for key, _, _ in rows],
                        "buckets": [_bucket_time(bucket) for _, bucket, _ in rows],
                        "counts": [count for _, _, count in rows],
                        "active": list(self._keys),
                        "since": _bucket_time(_bucket(now) - _BUCKETS),
                        "purge": purge,
                        "purge_before": datetime.fromtimestamp(now - _PURGE_AFTER_SECONDS, UTC),
                    },
                )
                totals = result.all()
        except BaseException:
            for state in self._keys.values():  # not written: send them with the next one
                for bucket, count in state.sending.items():
                    state.pending[bucket] = state.pending.get(bucket, 0) + count
                state.sending = {}
            raise
        self.reconciliations += 1
        if purge:
            self._purged = now
        seen: dict[str, dict[int, int]] = {}
        for row in totals:
            bucket = _bucket(row.vindu.timestamp())
            seen.setdefault(row.nokkel, {})[bucket] = row.antall
        for key, state in self._keys.items():
            state.seen = seen.get(key, {})
            state.sending = {}

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self.sync_seconds)
            if self._keys:
                with contextlib.suppress(Exception):  # logged; the next tick tries again
                    await asyncio.shield(self._begin())

    def start(self) -> None:
        """Reconcile every ``sync_ms`` from now on (in the running event loop)."""
        if self._timer is None:
            self._timer = asyncio.create_task(self._tick())

    async def stop(self) -> None:
        """Stop reconciling, after writing what is still pending."""
        if self._timer is not None:
            self._timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._timer
            self._timer = None
        if any(state.unsynced() for state in self._keys.values()):
            with contextlib.suppress(Exception):
                await self.reconcile()

    def _log_failure(self, task: asyncio.Task[None]) -> None:
        """The first failure of a run of them (a database outage fails one every tick)."""
        error = None if task.cancelled() else task.exception()
        if error is not None and not self._failing:
            logger.warning("rate limit: reconciliation failed: %s", type(error).__name__)
        elif error is None and self._failing:
            logger.info("rate limit: reconciliation works again")
        self._failing = error is not None
