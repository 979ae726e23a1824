"""The outbox's letters a caller may list, a page at a time, newest first (``Kommune.brev``
and ``utboks``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select

from authz.principal import Principal
from authz.scope import lesbare_brev
from models import Utboks
from models.enums import Brevstatus
from resolvers.database import RequestDatabase

KOLONNER = (
    Utboks.id,
    Utboks.mal,
    Utboks.kanal,
    Utboks.kommunenummer,
    Utboks.person_id,
    Utboks.fordeling_id,
    Utboks.opprettet,
    Utboks.sendt,
    Utboks.forsok,
    Utboks.siste_feil,
    Utboks.feilet,
)


def med_status(status: Brevstatus) -> ColumnElement[bool]:
    if status == Brevstatus.SENDT:
        return Utboks.sendt.is_not(None)
    if status == Brevstatus.FEILET:
        return Utboks.feilet.is_not(None)
    return Utboks.sendt.is_(None) & Utboks.feilet.is_(None)


async def les_brev(
    db: RequestDatabase,
    principal: Principal,
    *conditions: ColumnElement[bool],
    size: int,
    offset: int,
) -> list[Any]:
    """The page's rows (one past it, each with the ``total``) of the letters the caller may
    list that meet ``conditions``, each with whether it may read the letter (``innhold``)."""
    return list(
        await db.all(
            select(
                *KOLONNER,
                lesbare_brev(principal, innhold=True).label("innhold"),
                func.count().over().label("total"),
            )
            .where(lesbare_brev(principal), *conditions)
            .order_by(Utboks.opprettet.desc(), Utboks.id.desc())
            .offset(offset)
            .limit(size + 1)
        )
    )
