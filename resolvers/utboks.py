"""``utboks``: the whole outbox for IMDi's operators, dead letters included."""

from __future__ import annotations

from typing import Annotated

import strawberry

from authz.policy import Handling, kan
from models import Utboks
from resolvers.steps import calling, run_step
from resolvers.workflows.utboks import send_pa_nytt
from schema import bounds
from schema.brev import Brev, BrevPayload, brevside
from schema.context import Ctx
from schema.enums import Brevstatus
from schema.errors import ForbiddenError, database_id
from schema.pagination import Connection, First


async def utboks(
    info: Ctx,
    first: First,
    status: Annotated[
        Brevstatus | None,
        strawberry.argument(description="Only letters where this is (FEILET: the dead letters)."),
    ] = None,
    kommunenummer: bounds.KommunenummerValg = None,
    after: bounds.After = None,
) -> Connection[Brev] | None:
    """Every kommune's letters and every person's, newest first."""
    principal = info.context.caller
    if not kan(principal, Handling.LESE_UTBOKS):
        raise ForbiddenError()
    conditions = [] if kommunenummer is None else [Utboks.kommunenummer == kommunenummer]
    return await brevside(
        info.context.db,
        principal,
        *conditions,
        kind="utboks",
        first=first,
        status=status,
        after=after,
    )


async def send_brev_pa_nytt(
    info: Ctx,
    id: Annotated[strawberry.ID, strawberry.argument(description="The dead letter's id.")],
) -> BrevPayload | None:
    outcome = await run_step(
        info.context, Handling.SENDE_BREV_PA_NYTT, calling(send_pa_nytt, database_id(id))
    )
    return BrevPayload(
        brev=None if outcome.value is None else Brev.from_row(outcome.value), feil=outcome.feil
    )
