"""Concurrent requests against a real server: exactly one answer wins, nothing is written
twice, and a person never lands on two kommuners' lists."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.fordeling.support import (
    BOSETTER,
    IMDI,
    OPPRETT,
    SEND,
    SVAR,
    answer,
    new_fordeling,
    scalar,
)
from tests.support import Api, make_person

ATTEMPTS = 8


def concurrently(api: Api, calls: list[tuple[str, str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Fire every call at once (each on its own connection) and collect the answers."""
    barrier = threading.Barrier(len(calls))
    tokens = [api.server.token(subject) for subject, _, _ in calls]

    def fire(index: int) -> dict[str, Any]:
        _, query, variables = calls[index]
        with httpx.Client(base_url=api.server.base_url, timeout=60) as http:
            barrier.wait()
            response = http.post(
                "/graphql",
                json={"query": query, "variables": variables},
                headers={"Authorization": f"Bearer {tokens[index]}"},
            )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(fire, range(len(calls))))


def codes(bodies: list[dict[str, Any]], name: str) -> Counter[str]:
    return Counter(
        "OK" if not body["data"][name]["feil"] else body["data"][name]["feil"][0]["code"]
        for body in bodies
    )


async def test_of_many_concurrent_answers_exactly_one_wins(api: Api, engine: AsyncEngine) -> None:
    f = await new_fordeling(api, engine)
    confirmed = await answer(api, f)
    bodies = concurrently(
        api,
        [
            (BOSETTER, SVAR, {"id": f["id"], "v": confirmed["versjon"], "k": f"race-key-{i:04d}"})
            for i in range(ATTEMPTS)
        ],
    )
    assert codes(bodies, "sendFordelingssvar") == Counter({"OK": 1, "CONFLICT": ATTEMPTS - 1})
    assert (
        await scalar(
            engine,
            "SELECT count(*) FROM utsoking u JOIN fordeling_person fp ON fp.id ="
            " u.fordeling_person_id"
            " WHERE fp.fordeling_id = :id",
            id=int(f["id"]),
        )
        == 2
    )
    assert (
        await scalar(
            engine, "SELECT count(*) FROM utboks WHERE fordeling_id = :id", id=int(f["id"])
        )
        == 3
    )
    assert (
        await scalar(
            engine,
            "SELECT count(*) FROM hendelse WHERE tittel = 'Fordelingsliste besvart' AND"
            " detaljer->>'fordelingId' = :id",
            id=f["id"],
        )
        == 1
    )


async def test_concurrent_retries_of_one_answer_answer_once(api: Api, engine: AsyncEngine) -> None:
    f = await new_fordeling(api, engine)
    confirmed = await answer(api, f)
    bodies = concurrently(
        api,
        [(BOSETTER, SVAR, {"id": f["id"], "v": confirmed["versjon"], "k": "the-same-key-01"})]
        * ATTEMPTS,
    )
    assert codes(bodies, "sendFordelingssvar") == Counter({"OK": ATTEMPTS})
    assert (
        await scalar(
            engine, "SELECT count(*) FROM utboks WHERE fordeling_id = :id", id=int(f["id"])
        )
        == 3
    )
    assert (
        await scalar(
            engine,
            "SELECT count(*) FROM hendelse WHERE tittel = 'Fordelingsliste besvart' AND"
            " detaljer->>'fordelingId' = :id",
            id=f["id"],
        )
        == 1
    )


async def test_a_person_on_two_drafts_is_sent_to_one_kommune_only(
    api: Api, engine: AsyncEngine
) -> None:
    person = await make_person(engine)
    drafts = []
    for kommune in ("4601", "0301"):
        body = await api(
            IMDI, OPPRETT, input={"kommunenummer": kommune, "personer": [{"dufNr": person}]}
        )
        drafts.append(body["data"]["opprettFordeling"]["fordeling"]["id"])
    bodies = concurrently(api, [(IMDI, SEND, {"id": draft}) for draft in drafts])
    assert codes(bodies, "sendFordeling") == Counter({"OK": 1, "NOT_SETTLEMENT_READY": 1})
    assert (
        await scalar(
            engine,
            "SELECT count(*) FROM fordeling_person fp JOIN fordeling f ON f.id = fp.fordeling_id"
            " JOIN person p ON p.id = fp.person_id WHERE p.duf_nr = :d AND f.status = 'NY'",
            d=person,
        )
        == 1
    )
