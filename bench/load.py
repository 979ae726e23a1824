"""Load generators and meters: wrk for HTTP, an asyncpg loop for the raw-SQL limit, and the
resident memory of a process tree."""

from __future__ import annotations

import asyncio
import json
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg


@dataclass(frozen=True)
class Measurement:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "seconds": round(self.seconds, 2),
            "per_second": round(self.per_second, 1),
            "p50_ms": round(self.p50_ms, 2),
            "p99_ms": round(self.p99_ms, 2),
            "errors": self.errors,
        }


_LUA = """
wrk.method = "POST"
wrk.body = [==[%(body)s]==]
wrk.headers["Content-Type"] = "application/json"
%(auth)s
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKRESULT %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def wrk(
    url: str, body: dict[str, Any], token: str | None, connections: int, seconds: int
) -> Measurement:
    """POST ``body`` as fast as ``connections`` keep-alive connections allow."""
    auth = f'wrk.headers["Authorization"] = "Bearer {token}"' if token else ""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_LUA % {"body": json.dumps(body), "auth": auth})
    try:
        threads = 1 if connections == 1 else 2
        command = [shutil.which("wrk") or "wrk"]
        result = subprocess.run(  # noqa: S603 (wrk, which bench/run installed)
            [
                *command,
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        Path(script.name).unlink()
    line = next(x for x in result.stdout.splitlines() if x.startswith("WRKRESULT"))
    requests, duration_us, p50_us, p99_us, errors = (int(x) for x in line.split()[1:])
    return Measurement(requests, duration_us / 1e6, p50_us / 1000, p99_us / 1000, errors)


async def raw_sql(dsn: str, sql: str, argument: Any, connections: int, seconds: int) -> Measurement:
    """The same data as one SQL statement that builds the JSON, through asyncpg, fetched as
    text (what a server would send) by ``connections`` concurrent clients."""
    pool = await asyncpg.create_pool(dsn, min_size=connections, max_size=connections)
    latencies: list[float] = []
    stop = time.perf_counter() + seconds

    async def client() -> None:
        async with pool.acquire() as connection:
            statement = await connection.prepare(sql)
            while time.perf_counter() < stop:
                started = time.perf_counter()
                text = await statement.fetchval(argument)
                assert text
                latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    await pool.close()
    cut = statistics.quantiles(latencies, n=100)
    return Measurement(len(latencies), elapsed, cut[49] * 1000, cut[98] * 1000, 0)


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        stack.extend(int(c) for c in children)
    return total


class MemorySampler:
    """Samples a process tree's resident memory in the background."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        self.pid = pid
        self.interval = interval
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._started = time.monotonic()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.monotonic() - self._started, tree_rss_kib(self.pid)))
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mib(self) -> float:
        return max((kib for _, kib in self.samples), default=0) / 1024
