"""The innsynslogg: for IMDi, who read which section of one person's personmappe, and when; for a
kommune's admin, what its own users read."""

from __future__ import annotations

from datetime import datetime

import strawberry
from sqlalchemy import ColumnElement, func, select, tuple_
from strawberry.types import Info

from authz.policy import Handling, kan, ser_innsynslogg
from models import Bruker, Innsynslogg, Organisasjon
from models import Person as PersonModel
from models.enums import OrganisasjonType, Personmappeseksjon
from resolvers.personer import valid_duf_nr
from schema import bounds
from schema.context import Context
from schema.errors import ForbiddenError
from schema.pagination import (
    Connection,
    Edge,
    First,
    encode_cursor,
    keyset_after,
    page_info,
    page_size,
)


@strawberry.type(description="One read of one section of a person's personmappe.")
class Innsyn:
    tidspunkt: datetime = strawberry.field(description="When it was read.")
    duf_nr: str = strawberry.field(description="The DUF-nummer of the person it was read of.")
    bruker: str | None = strawberry.field(
        description="The user who read it (a machine client: its registration); null when the "
        "user is deleted."
    )
    klient_id: str | None = strawberry.field(
        description="The machine client's OAuth client id (Maskinporten) when a system read "
        "it; null for a person."
    )
    organisasjon: str = strawberry.field(description="The reader's organisation.")
    seksjon: Personmappeseksjon = strawberry.field(
        description="Which section of the personmappe was read."
    )
    request_id: str = strawberry.field(
        description="The server's id of the request that read (its X-Request-Id answer header)."
    )
    correlation_id: str | None = strawberry.field(
        description="The caller's own id of that request (the X-Request-Id it sent), if any."
    )


async def innsynslogg(
    info: Info[Context, None], duf_nr: bounds.DufNr, first: First, after: bounds.After = None
) -> Connection[Innsyn] | None:
    context = info.context
    if not ser_innsynslogg(context.caller):
        raise ForbiddenError()
    return await _page(context, PersonModel.duf_nr == valid_duf_nr(duf_nr), first, after)


async def kommunens_innsynslogg(
    info: Info[Context, None], first: First, after: bounds.After = None
) -> Connection[Innsyn] | None:
    context = info.context
    principal = context.caller
    if not kan(principal, Handling.LESE_KOMMUNENS_INNSYNSLOGG) or principal.kommunenummer is None:
        raise ForbiddenError()
    readers = (Organisasjon.type == OrganisasjonType.KOMMUNE) & (
        Organisasjon.kommunenummer == principal.kommunenummer
    )
    return await _page(context, readers, first, after)


async def _page(
    context: Context, which: ColumnElement[bool], first: int, after: str | None
) -> Connection[Innsyn]:
    """The reads ``which`` selects, newest first, one page."""
    size = page_size(first)
    statement = (
        select(
            Innsynslogg.id,
            Innsynslogg.tidspunkt,
            Innsynslogg.klient_id,
            Innsynslogg.seksjon,
            Innsynslogg.request_id,
            Innsynslogg.correlation_id,
            # unscoped: the DUF-nr of each logged read, for IMDi or the readers' own kommune admin
            PersonModel.duf_nr,
            Bruker.navn.label("bruker"),
            Organisasjon.navn.label("organisasjon"),
            func.count().over().label("total"),
        )
        .join(PersonModel, PersonModel.id == Innsynslogg.person_id)
        .outerjoin(Bruker, Bruker.id == Innsynslogg.bruker_id)
        .join(Organisasjon, Organisasjon.id == Innsynslogg.organisasjon_id)
        .where(which)
    )
    if after is not None:
        stamp, log_id = keyset_after(after, "innsyn")
        statement = statement.where(
            tuple_(Innsynslogg.tidspunkt, Innsynslogg.id) < tuple_(stamp, log_id)
        )
    rows = await context.db.all(
        statement.order_by(Innsynslogg.tidspunkt.desc(), Innsynslogg.id.desc()).limit(size + 1)
    )
    edges = [
        Edge(
            cursor=encode_cursor("innsyn", row.tidspunkt.isoformat(), row.id),
            node=Innsyn(
                tidspunkt=row.tidspunkt,
                duf_nr=row.duf_nr,
                bruker=row.bruker,
                klient_id=row.klient_id,
                organisasjon=row.organisasjon,
                seksjon=Personmappeseksjon(row.seksjon),
                request_id=row.request_id,
                correlation_id=row.correlation_id,
            ),
        )
        for row in rows[:size]
    ]
    return Connection(
        edges=edges,
        page_info=page_info(edges, has_previous=after is not None, has_next=len(rows) > size),
        total_count=rows[0].total if rows else 0,
    )
