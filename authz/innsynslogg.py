"""The innsynslogg: every read of personmappe data, written in the request that read it.

Each row carries the server's id of the request and, beside it, the caller's own id of it
(its ``X-Request-Id``, a correlation id) when it sent a sane one: a caller can name its
requests, but never choose what the log says the request was.
"""

from __future__ import annotations

from contextvars import ContextVar

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from authz.principal import Principal
from models.enums import Personmappeseksjon

# One statement however many reads: the pairs travel as two arrays.
_INSERT = text(
    "INSERT INTO innsynslogg"
    " (bruker_id, klient_id, organisasjon_id, person_id, seksjon, request_id, correlation_id)"
    " SELECT :bruker_id, :klient_id, :organisasjon_id, lest.person_id, lest.seksjon,"
    " :request_id, :correlation_id"
    " FROM unnest(CAST(:personer AS bigint[]), CAST(:seksjoner AS text[]))"
    " AS lest(person_id, seksjon)"
)

correlation_id_var: ContextVar[str | None] = ContextVar("correlation_id", default=None)
"""The caller's own id of the current request; set by the HTTP layer (app.requestid)."""


class Innsyn:
    """Collects (person, section) reads during one request; :meth:`skriv` writes them at once."""

    def __init__(self) -> None:
        self._lest: set[tuple[int, Personmappeseksjon]] = set()

    def registrer(self, person_id: int, seksjon: Personmappeseksjon) -> None:
        self._lest.add((person_id, seksjon))

    def __len__(self) -> int:
        return len(self._lest)

    async def skriv(self, engine: AsyncEngine, principal: Principal, request_id: str) -> int:
        """One INSERT of every read recorded so far, under the server's ``request_id`` (and the
        caller's correlation id of the request); returns how many rows it wrote."""
        if not self._lest:
            return 0
        lest = sorted(self._lest)
        async with engine.begin() as connection:
            await connection.execute(
                _INSERT,
                {
                    "bruker_id": principal.bruker_id,
                    "klient_id": principal.klient_id,
                    "organisasjon_id": principal.organisasjon_id,
                    "personer": [person_id for person_id, _ in lest],
                    "seksjoner": [seksjon.value for _, seksjon in lest],
                    "request_id": request_id,
                    "correlation_id": correlation_id_var.get(),
                },
            )
        written = len(lest)
        self._lest.clear()
        return written
