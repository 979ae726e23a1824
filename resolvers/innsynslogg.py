"""The innsynslogg of one person, for IMDi: who read which section of it, and when."""

from __future__ import annotations

from datetime import datetime

import strawberry
from sqlalchemy import func, select, tuple_
from strawberry.types import Info

from authz.policy import ser_innsynslogg
from models import Bruker, Innsynslogg, Organisasjon
from models import Person as PersonModel
from models.enums import Personmappeseksjon
from resolvers.personer import valid_duf_nr
from schema.context import Context
from schema.errors import BadInputError, ForbiddenError
from schema.pagination import Connection, Edge, PageInfo, decode_cursor, encode_cursor, page_size


@strawberry.type(description="One read of one section of a person's personmappe.")
class Innsyn:
    tidspunkt: datetime
    bruker: str | None
    klient_id: str | None
    organisasjon: str
    seksjon: Personmappeseksjon
    request_id: str


async def innsynslogg(
    info: Info[Context, None], duf_nr: str, first: int, after: str | None = None
) -> Connection[Innsyn] | None:
    context = info.context
    if not ser_innsynslogg(context.caller):
        raise ForbiddenError()
    number = valid_duf_nr(duf_nr)
    size = page_size(first)
    statement = (
        select(
            Innsynslogg.id,
            Innsynslogg.tidspunkt,
            Innsynslogg.klient_id,
            Innsynslogg.seksjon,
            Innsynslogg.request_id,
            Bruker.navn.label("bruker"),
            Organisasjon.navn.label("organisasjon"),
            func.count().over().label("total"),
        )
        .join(PersonModel, PersonModel.id == Innsynslogg.person_id)
        .outerjoin(Bruker, Bruker.id == Innsynslogg.bruker_id)
        .join(Organisasjon, Organisasjon.id == Innsynslogg.organisasjon_id)
        .where(PersonModel.duf_nr == number)
    )
    if after is not None:
        parts = decode_cursor("innsyn", after)
        try:
            stamp, log_id = datetime.fromisoformat(str(parts[0])), int(parts[1])
        except (ValueError, TypeError, IndexError) as error:
            raise BadInputError("after", "is not a cursor of this list") from error
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
                bruker=row.bruker,
                klient_id=row.klient_id,
                organisasjon=row.organisasjon,
                seksjon=Personmappeseksjon(row.seksjon),
                request_id=row.request_id,
            ),
        )
        for row in rows[:size]
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None
        ),
        total_count=rows[0].total if rows else 0,
    )
