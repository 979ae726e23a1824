"""What a state change leaves behind, inside its own transaction: systemhendelser, varsler to
the right users, letters in the outbox."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.principal import Principal
from models import Bruker, BrukerRolle, Hendelse, HendelsePerson, Organisasjon, Utboks, Varsel
from models.enums import Brevkanal, Brevmal, HendelseType, Omrade, OrganisasjonType, Rolle

VARSEL_KANAL = "bosetting_varsel"
NOTIFY_CHUNK = 300
"""(varsel id, user id) pairs per NOTIFY; PostgreSQL caps a payload at 8000 bytes."""


class Regelbrudd(Exception):
    """A step the rules refuse; the transaction is rolled back and the caller told why."""

    def __init__(self, field: str, message: str, code: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code


def krev_status(row: Any, *allowed: StrEnum, step: str, hva: str) -> None:
    """Refuse a step the state machine does not allow from the row's status; ``hva`` names
    the thing ("a fordeling", "an anmodning")."""
    if row.status not in allowed:
        wanted = " or ".join(s.value for s in allowed)
        raise Regelbrudd(
            "id",
            f"{step} needs {hva} in status {wanted}; this one is {row.status}",
            "ILLEGAL_TRANSITION",
        )


def tekst_eller_none(value: str | None) -> str | None:
    """Text as given, trimmed; blank is none."""
    return (value or "").strip() or None


async def systemhendelse(
    connection: AsyncConnection,
    *,
    omrade: Omrade,
    kommunenummer: str | None,
    tittel: str,
    tekst: str | None = None,
    detaljer: dict[str, Any] | None = None,
    principal: Principal | None = None,
    personer: Iterable[int] = (),
) -> int:
    hendelse_id: int = (
        await connection.execute(
            insert(Hendelse)
            .values(
                type=HendelseType.SYSTEMHENDELSE,
                omrade=omrade,
                kommunenummer=kommunenummer,
                tittel=tittel,
                tekst=tekst,
                detaljer=detaljer or {},
                opprettet_av=principal.bruker_id if principal else None,
                organisasjon_id=principal.organisasjon_id if principal else None,
            )
            .returning(Hendelse.id)
        )
    ).scalar_one()
    linked = [{"hendelse_id": hendelse_id, "person_id": p} for p in sorted(set(personer))]
    if linked:
        await connection.execute(insert(HendelsePerson), linked)
    return hendelse_id


async def brukere(
    connection: AsyncConnection,
    *,
    roller: Iterable[Rolle],
    kommunenummer: str | None = None,
    organisasjon_type: OrganisasjonType | None = None,
) -> list[int]:
    """Active users holding any of ``roller``, in one kommune or one kind of organisation."""
    statement = (
        select(Bruker.id)
        .distinct()
        .join(Organisasjon, Organisasjon.id == Bruker.organisasjon_id)
        .join(BrukerRolle, BrukerRolle.bruker_id == Bruker.id)
        .where(Bruker.aktiv, BrukerRolle.rolle.in_(list(roller)))
        .order_by(Bruker.id)
    )
    if kommunenummer is not None:
        statement = statement.where(Organisasjon.kommunenummer == kommunenummer)
    if organisasjon_type is not None:
        statement = statement.where(Organisasjon.type == organisasjon_type)
    return list((await connection.scalars(statement)).all())


async def varsle(
    connection: AsyncConnection,
    mottakere: Sequence[int],
    *,
    omrade: Omrade,
    tittel: str,
    tekst: str | None,
    objekt_type: str,
    objekt_id: int,
) -> None:
    """Write a varsel for each user, and announce them on VARSEL_KANAL: PostgreSQL delivers
    the NOTIFY when (and only if) this transaction commits, to every API process."""
    if not mottakere:
        return
    rows = (
        await connection.execute(
            insert(Varsel)
            .values(
                [
                    {
                        "bruker_id": bruker_id,
                        "omrade": omrade,
                        "tittel": tittel,
                        "tekst": tekst,
                        "objekt_type": objekt_type,
                        "objekt_id": objekt_id,
                    }
                    for bruker_id in sorted(set(mottakere))
                ]
            )
            .returning(Varsel.id, Varsel.bruker_id)
        )
    ).all()
    pairs = [[row.id, row.bruker_id] for row in rows]
    for start in range(0, len(pairs), NOTIFY_CHUNK):
        await connection.execute(
            select(func.pg_notify(VARSEL_KANAL, json.dumps(pairs[start : start + NOTIFY_CHUNK])))
        )


async def brev(
    connection: AsyncConnection,
    *,
    mal: Brevmal,
    kanal: Brevkanal,
    innhold: dict[str, Any],
    kommunenummer: str | None = None,
    person_id: int | None = None,
    fordeling_id: int | None = None,
) -> None:
    await connection.execute(
        insert(Utboks).values(
            mal=mal,
            kanal=kanal,
            innhold=innhold,
            kommunenummer=kommunenummer,
            person_id=person_id,
            fordeling_id=fordeling_id,
        )
    )
