"""The rate limiter on a real PostgreSQL: a sliding window without edges, shared by processes
(each a RateLimiter of its own here) within its stated bound, with a write per batch."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from authz.rate_limit import RateLimitedError, RateLimiter

SETTING = "BOSETTING_RATE_LIMIT_PER_MINUTE"
MINUTE_END = 1_800_000_000 - 1.0
"""One second before a whole minute (1_800_000_000 is divisible by 60)."""


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def admitted(limiter: RateLimiter, key: str, limit: int, times: int) -> int:
    count = 0
    for _ in range(times):
        try:
            await limiter.admit(key, limit, SETTING)
        except RateLimitedError:
            continue
        count += 1
    return count


async def test_the_window_has_no_edge_at_the_minute(engine: AsyncEngine) -> None:
    clock = Clock(MINUTE_END)
    limiter = RateLimiter(engine, clock=clock)
    assert await admitted(limiter, "bruker:1", 10, 10) == 10
    with pytest.raises(RateLimitedError) as refused:
        await limiter.admit("bruker:1", 10, SETTING)
    assert "at most 10 requests a minute (BOSETTING_RATE_LIMIT_PER_MINUTE)" in str(refused.value)
    clock.now += 2  # past the minute: a fixed window would start again from zero here
    assert await admitted(limiter, "bruker:1", 10, 10) == 0
    with pytest.raises(RateLimitedError) as refused:
        await limiter.admit("bruker:1", 10, SETTING)
    wait = refused.value.retry_after
    assert 58 <= wait <= 65
    clock.now += wait - 1
    assert await admitted(limiter, "bruker:1", 10, 1) == 0
    clock.now += 1
    assert await admitted(limiter, "bruker:1", 10, 10) == 10
    await limiter.stop()


async def test_a_request_is_admitted_as_the_oldest_leave_the_window(engine: AsyncEngine) -> None:
    """Spread over the minute, the admits free up bucket by bucket, never all at once."""
    clock = Clock(MINUTE_END - 59)
    limiter = RateLimiter(engine, clock=clock)
    for _ in range(6):  # 2 every 10 s
        assert await admitted(limiter, "bruker:1", 12, 2) == 2
        clock.now += 10
    assert await admitted(limiter, "bruker:1", 12, 5) == 0
    clock.now += 10  # the first two are out of the window now
    assert await admitted(limiter, "bruker:1", 12, 5) == 2
    await limiter.stop()


@pytest.mark.parametrize(("limit", "sync_requests", "unseen"), [(100, 5, 5), (30, 50, 3)])
async def test_processes_share_the_limit_within_the_stated_bound(
    engine: AsyncEngine, limit: int, sync_requests: int, unseen: int
) -> None:
    """Three processes in turn, 1,000 requests of one key: at most limit + processes × S are
    admitted (S = min(sync_requests, limit / 10)), and once they have reconciled each
    refuses."""
    clock = Clock(MINUTE_END)
    processes = [RateLimiter(engine, sync_requests=sync_requests, clock=clock) for _ in range(3)]
    total = 0
    for round_ in range(1000):
        total += await admitted(processes[round_ % 3], "bruker:7", limit, 1)
    assert limit <= total <= limit + 3 * unseen
    for limiter in processes:
        await limiter.reconcile()
        with pytest.raises(RateLimitedError):
            await limiter.admit("bruker:7", limit, SETTING)
    for limiter in processes:
        await limiter.stop()
    async with engine.connect() as connection:
        stored = await connection.scalar(
            text("SELECT sum(antall) FROM rategrense WHERE nokkel = 'bruker:7'")
        )
    assert stored == total


async def test_requests_are_written_in_batches(engine: AsyncEngine) -> None:
    clock = Clock(MINUTE_END)
    limiter = RateLimiter(engine, sync_requests=20, clock=clock)
    assert await admitted(limiter, "bruker:1", 600, 200) == 200
    await limiter.stop()
    assert limiter.reconciliations <= 200 // 10 + 2
    async with engine.connect() as connection:
        stored = await connection.scalar(
            text("SELECT sum(antall) FROM rategrense WHERE nokkel = 'bruker:1'")
        )
    assert stored == 200


async def test_failed_logins_count_without_a_limit_of_their_own(engine: AsyncEngine) -> None:
    clock = Clock(MINUTE_END)
    limiter = RateLimiter(engine, clock=clock)
    other = RateLimiter(engine, clock=clock)
    limiter.check("adresse:10.0.0.1", 3, "BOSETTING_FAILED_LOGINS_PER_MINUTE")
    for _ in range(3):
        await limiter.add("adresse:10.0.0.1", 3)
    with pytest.raises(RateLimitedError, match="failed logins"):
        limiter.check("adresse:10.0.0.1", 3, "BOSETTING_FAILED_LOGINS_PER_MINUTE")
    limiter.check("adresse:10.0.0.2", 3, "BOSETTING_FAILED_LOGINS_PER_MINUTE")
    await limiter.reconcile()
    await other.add("adresse:10.0.0.1", 3)  # another process learns the address's count
    await other.reconcile()
    with pytest.raises(RateLimitedError):
        other.check("adresse:10.0.0.1", 3, "BOSETTING_FAILED_LOGINS_PER_MINUTE")
    await limiter.stop()
    await other.stop()
