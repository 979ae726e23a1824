"""``hendelsesfeed``: the partners' feed, polled (a query) or live (a subscription)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator
from typing import Annotated, Any

import strawberry
from sqlalchemy import select

from authz.policy import Handling, kan
from authz.principal import Principal
from authz.scope import partnerfeed
from models import Partnerhendelse as PartnerhendelseModel
from schema.context import Ctx
from schema.errors import BadInputError, ForbiddenError
from schema.pagination import MAX_PAGE_SIZE, First, page_size
from schema.partnerhendelse import Partnerhendelse

Etter = Annotated[
    int,
    strawberry.argument(
        description="The last number read: the events after it, in order (0: from the start)."
    ),
]
POLL_SECONDS = 30.0
"""A live feed reads again at least this often (a NOTIFY lost with a connection)."""


def _etter(principal: Principal, etter: int) -> int:
    if not kan(principal, Handling.LESE_HENDELSESFEED):
        raise ForbiddenError()
    if etter < 0:
        raise BadInputError("etter", f"must be 0 or more, not {etter}")
    return etter


def _side(principal: Principal, etter: int, size: int) -> Any:
    return (
        select(PartnerhendelseModel)
        .where(PartnerhendelseModel.sekvens > etter, partnerfeed(principal))
        .order_by(PartnerhendelseModel.sekvens)
        .limit(size)
    )


async def hendelsesfeed(info: Ctx, first: First, etter: Etter = 0) -> list[Partnerhendelse]:
    """The events the caller may know, after ``etter``, in order."""
    principal = info.context.caller
    start = _etter(principal, etter)
    rows = await info.context.db.all(_side(principal, start, page_size(first)))
    return [Partnerhendelse.from_row(row) for row in rows]


async def hendelsesfeed_live(info: Ctx, etter: Etter = 0) -> AsyncGenerator[Partnerhendelse, None]:
    """Those after ``etter`` first, then each as it happens (in any API process)."""
    context = info.context
    principal = context.caller
    siste = _etter(principal, etter)
    hub = context.varselhub
    if hub is None:
        return
    async with hub.watch_partnerfeed() as grown:
        while True:
            grown.clear()
            async with context.engine.connect() as connection:
                rows = (await connection.execute(_side(principal, siste, MAX_PAGE_SIZE))).all()
            for row in rows:
                siste = row.sekvens
                yield Partnerhendelse.from_row(row)
            if len(rows) == MAX_PAGE_SIZE:
                continue  # more are waiting
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(grown.wait(), POLL_SECONDS)
