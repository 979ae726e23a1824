"""The partners' feed (issue 16), written by the steps it tells of, in their transactions:
persons søkt ut and bosatt (a mottak's residents; UDI the overføringsflyktninger), corrected
bosettingsdatoer, and the innmeldinger Bufetat reads. Numbers are taken from one counter row,
locked until the transaction ends: they follow commit order, without gaps, so a partner that
polls after its last number misses nothing (``hendelsesfeed``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from models import FordelingPerson, Partnerhendelse, PartnerhendelseTeller, Person, Utsoking
from models.enums import Botilbud, OrganisasjonType, Partnerhendelsetype

KANAL = "bosetting_partnerhendelse"
"""NOTIFY channel: a number was given (the subscriptions read on from their last)."""


def uke(dato: Any) -> str | None:
    """An ISO week as ``2026-W51``."""
    if dato is None:
        return None
    year, week, _ = dato.isocalendar()
    return f"{year}-W{week:02d}"


async def skriv(connection: AsyncConnection, hendelser: Sequence[dict[str, Any]]) -> None:
    """The events, numbered after the last number given (the counter row stays locked until
    the caller's transaction ends)."""
    if not hendelser:
        return
    antall = len(hendelser)
    teller = PartnerhendelseTeller
    siste = (
        await connection.execute(
            pg_insert(teller)
            .values(id=1, siste=antall)
            .on_conflict_do_update(
                index_elements=[teller.id], set_={"siste": teller.siste + antall}
            )
            .returning(teller.siste)
        )
    ).scalar_one()
    forste = siste - antall + 1
    await connection.execute(
        insert(Partnerhendelse),
        [{**hendelse, "sekvens": forste + n} for n, hendelse in enumerate(hendelser)],
    )
    await connection.execute(
        text("SELECT pg_notify(:kanal, :siste)"), {"kanal": KANAL, "siste": str(siste)}
    )


async def personer(
    connection: AsyncConnection, type_: Partnerhendelsetype, person_ids: Sequence[int]
) -> None:
    """One event per person: its utsøking as it stands now (the kommune, the date søkt ut, the
    expected settlement and its week, the bosettingsdato)."""
    if not person_ids:
        return
    rows = (
        await connection.execute(
            # unscoped: the step that moved these persons tells the partners who know them
            select(
                Person.id,
                Person.duf_nr,
                Person.botilbud,
                Person.mottak,
                Person.sakstype,
                Utsoking.kommunenummer,
                Utsoking.sokt_ut_dato,
                Utsoking.bosettingsdato,
                FordelingPerson.forventet_bosetting,
            )
            .outerjoin(Utsoking, and_(Utsoking.person_id == Person.id, Utsoking.aktiv))
            .outerjoin(FordelingPerson, FordelingPerson.id == Utsoking.fordeling_person_id)
            .where(Person.id.in_(person_ids))
            .order_by(Person.id)
        )
    ).all()
    hendelser = []
    for row in rows:
        data: dict[str, Any] = {"dufNr": row.duf_nr, "kommunenummer": row.kommunenummer}
        if type_ == Partnerhendelsetype.SOKT_UT:
            data |= {
                "soktUtDato": row.sokt_ut_dato and row.sokt_ut_dato.isoformat(),
                "forventetBosetting": row.forventet_bosetting
                and row.forventet_bosetting.isoformat(),
                "forventetBosettingUke": uke(row.forventet_bosetting),
            }
        else:
            data["bosettingsdato"] = row.bosettingsdato and row.bosettingsdato.isoformat()
        hendelser.append(
            {
                "type": type_,
                "person_id": row.id,
                "mottak": row.mottak if row.botilbud == Botilbud.MOTTAK else None,
                "sakstype": row.sakstype,
                "data": data,
            }
        )
    await skriv(connection, hendelser)


async def innmelding(connection: AsyncConnection, row: Any) -> None:
    """An innmelding Bufetat reads (EM under 15, or an EM-tiltak for both age groups), as it
    now stands; others tell no partner."""
    bufetat = row.behandlende_organisasjon == OrganisasjonType.BUFETAT or row.begge_aldersgrupper
    if not bufetat:
        return
    await skriv(
        connection,
        [
            {
                "type": Partnerhendelsetype.INNMELDING,
                "innmelding_id": row.id,
                "bufetat": True,
                "data": {
                    "innmeldingId": str(row.id),
                    "kommunenummer": row.kommunenummer,
                    "innmeldingType": str(row.type),
                    "emTiltakType": None if row.em_tiltak_type is None else str(row.em_tiltak_type),
                    "innmeldingStatus": str(row.status),
                    "ledigFra": row.ledig_fra and row.ledig_fra.isoformat(),
                },
            }
        ],
    )
