"""What a state change leaves behind, inside its own transaction: systemhendelser, varsler to
the right users, letters in the outbox."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.principal import Principal
from models import (
    Bruker,
    BrukerRolle,
    Hendelse,
    HendelsePerson,
    Organisasjon,
    Person,
    Utboks,
    Varsel,
)
from models.enums import (
    Bosettingsstatus,
    Brevkanal,
    Brevmal,
    HendelseType,
    Omrade,
    OrganisasjonType,
    Partnerhendelsetype,
    Rolle,
)
from resolvers.workflows import partnerfeed
from resolvers.workflows.tx import Tx
from utsending.ko import meld

VARSEL_KANAL = "bosetting_varsel"
NOTIFY_CHUNK = 300
"""(varsel id, user id) pairs per NOTIFY; PostgreSQL caps a payload at 8000 bytes."""
BOSETTERE = (Rolle.KOMMUNE_BOSETTER_SKRIV, Rolle.KOMMUNE_BOSETTER_LES)
"""The kommune's users who hear of fordelinger and innmeldinger."""


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


async def ny_bosettingsstatus(
    tx: Tx,
    personer: Sequence[int],
    *,
    fra: Bosettingsstatus,
    til: Bosettingsstatus,
    kommunenummer: str | None,
    **detaljer: Any,
) -> None:
    """Move ``personer`` from ``fra`` to ``til``, and say so in one hendelse "Bosettingsstatus
    endret" linked to each of them (their history: ``person { hendelser }``)."""
    if not personer:
        return
    await tx.connection.execute(
        update(Person).where(Person.id.in_(personer)).values(bosettingsstatus=til)
    )
    await systemhendelse(
        tx.connection,
        omrade=Omrade.BOSETTING,
        kommunenummer=kommunenummer,
        tittel="Bosettingsstatus endret",
        tekst=f"{fra.value} → {til.value}",
        detaljer={"fra": fra.value, "til": til.value, **detaljer},
        principal=tx.principal,
        personer=personer,
    )
    if til in PARTNERHENDELSER:  # the partners who know these persons hear of it
        await partnerfeed.personer(tx.connection, PARTNERHENDELSER[til], personer)


PARTNERHENDELSER = {
    Bosettingsstatus.SOKT_UT: Partnerhendelsetype.SOKT_UT,
    Bosettingsstatus.BOSATT: Partnerhendelsetype.BOSATT,
}


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


async def saksbehandlere(
    connection: AsyncConnection,
    organisasjon_type: OrganisasjonType = OrganisasjonType.IMDI,
    *,
    sendt_av: int | None = None,
) -> list[int]:
    """Who hears of what a kommune sends: the user who sent the object (``sendt_av``) while
    active, else every saksbehandler of IMDi (or of Bufetat)."""
    if sendt_av and await connection.scalar(select(Bruker.aktiv).where(Bruker.id == sendt_av)):
        return [sendt_av]
    rolle = (
        Rolle.BUFETAT_SAKSBEHANDLER
        if organisasjon_type == OrganisasjonType.BUFETAT
        else Rolle.IMDI_SAKSBEHANDLER
    )
    return await brukere(connection, roller=(rolle,), organisasjon_type=organisasjon_type)


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


@dataclass(frozen=True)
class Emne:
    """What one workflow's hendelser and varsler are about, declared once: the område, the
    object type a varsel links to, and the key that names the object in a hendelse."""

    omrade: Omrade
    objekt_type: str
    nokkel: str
    """The object's id in the hendelse's ``detaljer`` (``anmodningId``)."""

    async def hendelse(
        self,
        tx: Tx,
        objekt_id: int,
        kommunenummer: str | None,
        tittel: str,
        tekst: str | None = None,
        *,
        personer: Iterable[int] = (),
        **detaljer: Any,
    ) -> int:
        """A systemhendelse by the step's caller, linked to ``personer``."""
        return await systemhendelse(
            tx.connection, omrade=self.omrade, kommunenummer=kommunenummer, tittel=tittel,
            tekst=tekst, detaljer={self.nokkel: objekt_id, **detaljer}, principal=tx.principal,
            personer=personer,
        )  # fmt: skip

    async def varsle(
        self, tx: Tx, mottakere: Sequence[int], objekt_id: int, tittel: str, tekst: str | None
    ) -> None:
        await varsle(
            tx.connection, mottakere, omrade=self.omrade, tittel=tittel, tekst=tekst,
            objekt_type=self.objekt_type, objekt_id=objekt_id,
        )  # fmt: skip

    async def varsle_kommunen(
        self,
        tx: Tx,
        kommunenummer: str,
        roller: Iterable[Rolle],
        objekt_id: int,
        tittel: str,
        tekst: str | None,
    ) -> None:
        """A varsel to each active user of the kommune who holds one of ``roller``."""
        mottakere = await brukere(tx.connection, roller=roller, kommunenummer=kommunenummer)
        await self.varsle(tx, mottakere, objekt_id, tittel, tekst)


@dataclass(frozen=True, slots=True)
class NyttBrev:
    """A letter for the outbox (``utboks``): its template, channel, content and recipient."""

    mal: Brevmal
    kanal: Brevkanal
    innhold: dict[str, Any]
    kommunenummer: str | None = None
    person_id: int | None = None
    fordeling_id: int | None = None


async def brev(connection: AsyncConnection, brevene: Sequence[NyttBrev]) -> list[int]:
    """The letters into the outbox in one statement, each with the dispatcher's job, all in the
    caller's transaction (utsending/); their ids."""
    if not brevene:
        return []
    ids = list(
        (
            await connection.execute(
                insert(Utboks).returning(Utboks.id, sort_by_parameter_order=True),
                [
                    {
                        "mal": nytt.mal,
                        "kanal": nytt.kanal,
                        "innhold": nytt.innhold,
                        "kommunenummer": nytt.kommunenummer,
                        "person_id": nytt.person_id,
                        "fordeling_id": nytt.fordeling_id,
                    }
                    for nytt in brevene
                ],
            )
        ).scalars()
    )
    await meld(connection, ids)
    return ids
