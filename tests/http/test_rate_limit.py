"""The rate limits against a live server, with their defaults: no edge at the minute for a
principal's requests, and failed logins limited per client address."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx

from app.settings import Settings
from authz.devkeys import issue_dev_token
from tests.support import live_server

ME = {"query": "{ me { id } }"}


async def burst(
    http: httpx.AsyncClient, token: str, requests: int, concurrency: int = 16
) -> list[httpx.Response]:
    """``requests`` posts of ``{ me { id } }``, ``concurrency`` at a time."""
    queue = iter(range(requests))
    answers: list[httpx.Response] = []

    async def worker() -> None:
        for _ in queue:
            answers.append(
                await http.post("/graphql", json=ME, headers={"Authorization": f"Bearer {token}"})
            )

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return answers


async def sleep_until_second(second: float) -> None:
    """Until ``second`` of the clock's minute; at once when it is within the next 1.5 s."""
    now = time.time() % 60
    if not second <= now <= second + 1.5:
        await asyncio.sleep((second - now) % 60)


async def test_1200_requests_across_a_minute_boundary_are_not_all_admitted(
    fresh_db: str, tmp_path: Path
) -> None:
    """The attack: the default limit (600 a minute), 600 requests just before a minute ends
    and 600 just after, 16 at a time. A fixed minute window admitted all 1,200; the sliding
    window admits 600, and refuses the rest with RATE_LIMITED and a Retry-After."""
    with live_server(fresh_db, tmp_path) as live:
        token = live.token("demo-0301-anmoder-les")
        other = live.token("demo-0301-bosetter-les")
        async with httpx.AsyncClient(base_url=live.base_url, timeout=30) as http:
            await sleep_until_second(57.5)
            started = time.time()
            before = await burst(http, token, 600)
            next_minute = (started // 60 + 1) * 60
            await asyncio.sleep(max(0.0, next_minute + 0.3 - time.time()))
            after = await burst(http, token, 600)
            served = await http.post(
                "/graphql", json=ME, headers={"Authorization": f"Bearer {other}"}
            )
    statuses = [r.status_code for r in before + after]
    assert set(statuses) <= {200, 429}
    assert statuses.count(200) == 600, (statuses[:600].count(200), statuses[600:].count(200))
    refused = next(r for r in after if r.status_code == 429)
    [error] = refused.json()["errors"]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert "BOSETTING_RATE_LIMIT_PER_MINUTE" in error["message"]
    assert 1 <= int(refused.headers["retry-after"]) <= 65
    assert served.status_code == 200  # another caller is served meanwhile


def test_forged_tokens_from_one_address_get_429_after_the_limit(
    fresh_db: str, tmp_path: Path
) -> None:
    """The attack: 100 forged tokens from one address. After 60 failed logins (the default)
    the address gets 429 before its tokens are read, even a valid one; another address and
    /healthz are served meanwhile."""
    assert Settings().failed_logins_per_minute == 60  # the default, set here explicitly
    with live_server(fresh_db, tmp_path, failed_logins_per_minute=60) as live:
        forged = issue_dev_token(
            tmp_path / "forger",
            "demo-imdi-admin",
            issuer=live.settings.jwt_issuer,
            audience=live.settings.jwt_audience,
        )
        valid = live.token("demo-0301-anmoder-les")
        with (
            httpx.Client(base_url=live.base_url) as attacker,
            httpx.Client(
                base_url=live.base_url,
                transport=httpx.HTTPTransport(local_address="127.0.0.2"),
            ) as neighbour,
        ):
            answers = [
                attacker.post("/graphql", json=ME, headers={"Authorization": f"Bearer {forged}"})
                for _ in range(100)
            ]
            statuses = [r.status_code for r in answers]
            assert statuses == [401] * 60 + [429] * 40
            [error] = answers[-1].json()["errors"]
            assert error["extensions"]["code"] == "RATE_LIMITED"
            assert "BOSETTING_FAILED_LOGINS_PER_MINUTE" in error["message"]
            assert 1 <= int(answers[-1].headers["retry-after"]) <= 65
            with_valid = attacker.post(
                "/graphql", json=ME, headers={"Authorization": f"Bearer {valid}"}
            )
            assert with_valid.status_code == 429
            pdf = attacker.get(
                "/utskrift/kompetanse/201803452201.pdf",
                headers={"Authorization": f"Bearer {forged}"},
            )
            assert pdf.status_code == 429
            assert attacker.get("/healthz").status_code == 200
            served = neighbour.post(
                "/graphql", json=ME, headers={"Authorization": f"Bearer {valid}"}
            )
            assert served.status_code == 200
