"""The caller's own varsler: list, count, mark read, and the push subscription."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated, Any

import strawberry
from sqlalchemy import func, select, update

from models import Varsel as VarselModel
from resolvers.steps import OWN_DATA, run_step
from resolvers.workflows.tx import Tx
from schema import bounds
from schema.context import Ctx
from schema.errors import database_id
from schema.pagination import Connection, First, offset_after, offset_page, page_size
from schema.varsel import Varsel


async def varsler(
    info: Ctx,
    first: First,
    kun_uleste: Annotated[
        bool, strawberry.argument(description="True: the unread varsler only (Vis bare uleste).")
    ] = False,
    after: bounds.After = None,
) -> Connection[Varsel]:
    """The caller's varsler: unread first, then newest first."""
    context = info.context
    size = page_size(first)
    offset = offset_after(after, "varsler")
    statement = select(VarselModel, func.count().over().label("total")).where(
        VarselModel.bruker_id == context.caller.bruker_id
    )
    if kun_uleste:
        statement = statement.where(VarselModel.lest.is_(None))
    rows = await context.db.all(
        statement.order_by(
            VarselModel.lest.is_(None).desc(), VarselModel.opprettet.desc(), VarselModel.id.desc()
        )
        .offset(offset)
        .limit(size + 1)
    )
    return offset_page("varsler", rows, size, offset, Varsel.from_row)


async def antall_uleste(info: Ctx) -> int:
    rows = await info.context.db.all(
        select(func.count())
        .select_from(VarselModel)
        .where(VarselModel.bruker_id == info.context.caller.bruker_id, VarselModel.lest.is_(None))
    )
    return int(rows[0][0])


async def marker_lest(
    info: Ctx,
    id: Annotated[strawberry.ID, strawberry.argument(description="The varsel's id.")],
) -> Varsel | None:
    varsel_id = database_id(id)
    caller = info.context.caller

    async def step(tx: Tx) -> Any:
        return (
            await tx.connection.execute(
                update(VarselModel)
                .where(VarselModel.id == varsel_id, VarselModel.bruker_id == caller.bruker_id)
                .values(lest=func.coalesce(VarselModel.lest, tx.now))
                .returning(VarselModel)
            )
        ).one_or_none()

    row = (await run_step(info.context, OWN_DATA, step)).value
    return None if row is None else Varsel.from_row(row)


async def marker_alle_lest(info: Ctx) -> int:
    caller = info.context.caller

    async def step(tx: Tx) -> int:
        result = await tx.connection.execute(
            update(VarselModel)
            .where(VarselModel.bruker_id == caller.bruker_id, VarselModel.lest.is_(None))
            .values(lest=tx.now)
        )
        return int(result.rowcount)

    return (await run_step(info.context, OWN_DATA, step)).value or 0


async def varsel_mottatt(info: Ctx) -> AsyncGenerator[Varsel, None]:
    """Each new varsel to the caller, as it is written (through any API process)."""
    context = info.context
    principal = context.caller
    hub = context.varselhub
    if hub is None:
        return
    async with hub.subscribe(principal.bruker_id) as queue:
        while True:
            varsel_id = await queue.get()
            async with context.engine.connect() as connection:
                row = (
                    await connection.execute(
                        select(VarselModel).where(
                            VarselModel.id == varsel_id,
                            VarselModel.bruker_id == principal.bruker_id,
                        )
                    )
                ).one_or_none()
            if row is not None:
                yield Varsel.from_row(row)
