"""Each fordeling test gets its own database clone and a live server on it."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from models import Person
from models.folding import fold
from models.identifikatorer import duf_nr
from tests.support import LiveServer, live_server

_serials = itertools.count(1)


@dataclass
class Api:
    server: LiveServer
    http: httpx.Client

    async def __call__(self, subject: str, query: str, **variables: Any) -> dict[str, Any]:
        """POST as ``subject``, off the test's event loop (the server runs on its own)."""
        return await asyncio.to_thread(self.post, subject, query, variables)

    def post(self, subject: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = self.http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {self.server.token(subject)}"},
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture
def api(fresh_db: str, tmp_path: Path) -> Iterator[Api]:
    with (
        live_server(fresh_db, tmp_path) as live,
        httpx.Client(base_url=live.base_url, timeout=30) as http,
    ):
        yield Api(live, http)


async def make_person(
    engine: AsyncEngine,
    *,
    regnr: str | None = None,
    sakstype: str = "ASYL",
    botilbud: str = "PRIVAT",
    status: str = "BOSETTINGSKLAR",
    familierolle: str = "HOVEDPERSON",
) -> str:
    serial = next(_serials)
    number = duf_nr(2025, 880000 + serial)
    async with engine.begin() as connection:
        await connection.execute(
            insert(Person).values(
                duf_nr=number,
                fornavn="Test",
                etternavn=f"Person{serial}",
                navn_sok=fold(f"Test Person{serial}"),
                fodselsdato=date(1990, 1, 1),
                kjonn="MANN",
                nasjonalitet="SYR",
                registreringsnummer=regnr or f"77{serial:08d}",
                familierolle=familierolle,
                sakstype=sakstype,
                bosettingsstatus=status,
                botilbud=botilbud,
            )
        )
    return number
