"""IMDi's operators send a dead letter again (issue 16, part 2): the letter leaves the dead
letters and its job is queued again, in one transaction, with a hendelse to its kommune."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from authz.scope import lesbare_brev
from models import Utboks
from models.enums import BREVTITLER, Brevmal, Omrade
from resolvers.brevliste import KOLONNER
from resolvers.workflows.effekter import systemhendelse
from resolvers.workflows.rules import ErrorCode, Regelbrudd
from resolvers.workflows.tx import Tx
from utsending.ko import meld_pa_nytt


async def send_pa_nytt(tx: Tx, utboks_id: int) -> Any:
    """The letter's row afterwards, with whether the caller reads its content (``innhold``)."""
    found = (
        await tx.connection.execute(
            select(Utboks.feilet)
            .where(Utboks.id == utboks_id, lesbare_brev(tx.principal))
            .with_for_update()
        )
    ).first()
    if found is None:
        raise Regelbrudd("id", "no letter has this id", ErrorCode.NOT_FOUND)
    if found.feilet is None:
        raise Regelbrudd(
            "id",
            "only a dead letter (status FEILET) is sent again; this one is sent or on its way",
            ErrorCode.ILLEGAL_TRANSITION,
        )
    row = (
        await tx.connection.execute(
            update(Utboks)
            .where(Utboks.id == utboks_id)
            .values(feilet=None)
            .returning(*KOLONNER, lesbare_brev(tx.principal, innhold=True).label("innhold"))
        )
    ).one()
    if not await meld_pa_nytt(tx.connection, utboks_id):
        raise Regelbrudd(
            "id",
            "its last attempt is still being recorded; send it again in a moment",
            ErrorCode.CONFLICT,
        )
    # Where the kommune reads what happened to its letters (its title and reference only).
    await systemhendelse(
        tx.connection,
        omrade=Omrade.FORDELING,
        kommunenummer=row.kommunenummer,
        tittel="Brev sendt på nytt",
        tekst=f"{BREVTITLER[Brevmal(row.mal)]} (brev {utboks_id})",
        detaljer={"brev": utboks_id},
        principal=tx.principal,
    )
    return row
