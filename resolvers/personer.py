"""``person``, ``personer`` and ``personsok``: every person row through the caller's scope."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from sqlalchemy import Select, func

from authz.policy import IMDI
from authz.principal import Principal
from authz.scope import avgjor_rad, readable_persons, sokbar
from models import Person as PersonModel
from models.enums import OrganisasjonType
from models.folding import fold
from models.identifikatorer import er_siffer, personnummer_is_valid
from schema import bounds
from schema.context import Context, Ctx
from schema.errors import BadInputError
from schema.pagination import (
    Connection,
    Edge,
    First,
    encode_cursor,
    offset_after,
    page_info,
    page_size,
)
from schema.person import Person

MAX_PERSONER = bounds.PERSONER
NAVN_TERSKEL = 0.6
"""word_similarity needed for a name hit; pg_trgm's own default for its ``%>`` operator."""


def valid_duf_nr(value: str, field: str = "dufNr") -> str:
    """Twelve digits. Lookups accept numbers whose check digits fail (imported legacy data)."""
    value = value.strip()
    if len(value) != 12 or not er_siffer(value):
        raise BadInputError(field, "a DUF-nummer is 12 digits")
    return value


def _person(context: Context, row: Any, *, duf_oppslag: bool) -> Person | None:
    decided = avgjor_rad(context.caller, row, duf_oppslag=duf_oppslag, today=context.today)
    return Person(rad=row, tilgang=decided) if decided.noe else None


async def person(info: Ctx, duf_nr: bounds.DufNr) -> Person | None:
    """One person by exact DUF-nr; null when there is none or the caller may see nothing."""
    context = info.context
    number = valid_duf_nr(duf_nr)
    rows = await context.db.all(
        readable_persons(context.caller).where(PersonModel.duf_nr == number)
    )
    return _person(context, rows[0], duf_oppslag=True) if rows else None


async def personer(
    info: Ctx,
    duf_nr: Annotated[
        list[str],
        bounds.argument(
            "DUF-numbers, 12 digits each.", items=MAX_PERSONER, item_length=bounds.IDENTIFIKATOR
        ),
    ],
) -> list[Person | None]:
    """Several persons by exact DUF-nr, in the order asked; null where ``person`` gives null."""
    context = info.context
    numbers = [valid_duf_nr(number) for number in duf_nr]
    rows = await context.db.all(
        readable_persons(context.caller).where(PersonModel.duf_nr.in_(set(numbers)))
    )
    by_number = {row.duf_nr: row for row in rows}
    return [
        _person(context, by_number[number], duf_oppslag=True) if number in by_number else None
        for number in numbers
    ]


async def personsok(
    info: Ctx,
    first: First,
    navn: Annotated[
        str | None,
        bounds.argument(
            "A name or part of one; typos and diacritics are tolerated.", length=bounds.SOKETEKST
        ),
    ] = None,
    duf_nr: Annotated[
        str | None, bounds.argument("A DUF-nummer: 12 digits.", length=bounds.IDENTIFIKATOR)
    ] = None,
    personnummer: Annotated[
        str | None,
        bounds.argument("A fødselsnummer or D-nummer: 11 digits.", length=bounds.IDENTIFIKATOR),
    ] = None,
    registreringsnummer: Annotated[
        str | None,
        bounds.argument("A registreringsnummer: 1 to 12 digits.", length=bounds.IDENTIFIKATOR),
    ] = None,
    after: bounds.After = None,
) -> Connection[Person]:
    """Personsøk. An exact DUF-nr finds anyone (identitet only outside the caller's reach);
    every other criterion finds only persons in the caller's reach, in SQL, so that nothing
    outside it shows by a hit, a count, an order or a cursor."""
    context = info.context
    principal = context.caller
    given = [v for v in (navn, duf_nr, personnummer, registreringsnummer) if v is not None]
    if len(given) != 1:
        raise BadInputError(
            "personsok", "give exactly one of navn, dufNr, personnummer and registreringsnummer"
        )
    size = page_size(first)
    offset = offset_after(after, "personsok")

    if duf_nr is not None:
        found = await person(info, duf_nr)
        nodes = [found] if found is not None and offset == 0 else []
        total = 1 if found is not None else 0
        return _connection([n for n in nodes if n is not None], total, offset, has_next=False)

    kind, value = sokekriterium(navn, personnummer, registreringsnummer)
    statement, order = sok(principal, context.today, kind, value)
    rows = await context.db.all(
        statement.add_columns(func.count().over().label("total"))
        .order_by(*order)
        .offset(offset)
        .limit(size + 1)
    )
    total = rows[0].total if rows else 0
    if not rows and offset > 0:
        total = await _count(context, statement)
    people = [_person(context, row, duf_oppslag=False) for row in rows[:size]]
    return _connection(
        [p for p in people if p is not None], total, offset, has_next=len(rows) > size
    )


def sokekriterium(
    navn: str | None, personnummer: str | None, registreringsnummer: str | None
) -> tuple[str, str]:
    """The one criterion of a personsøk other than a DUF-nr, checked: (its argument, the value
    to search by: a name folded, a number stripped)."""
    if navn is not None:
        query = fold(navn)
        if len(query.replace(" ", "")) < 2:
            raise BadInputError("navn", "give at least two letters")
        return "navn", query
    if personnummer is not None:
        number = personnummer.strip()
        if not (len(number) == 11 and er_siffer(number) and personnummer_is_valid(number)):
            raise BadInputError("personnummer", "not a valid fødselsnummer or D-nummer")
        return "personnummer", number
    number = (registreringsnummer or "").strip()
    if not (1 <= len(number) <= 12 and er_siffer(number)):
        raise BadInputError("registreringsnummer", "a registreringsnummer is 1 to 12 digits")
    return "registreringsnummer", number


def sok(principal: Principal, today: date, kind: str, value: Any) -> tuple[Select[Any], list[Any]]:
    """The persons a personsøk by ``kind`` (see :func:`sokekriterium`) finds, and their order:
    only persons in the caller's reach, in SQL, so that nothing outside it shows by a hit, a
    count, an order or a cursor. ``value`` is the value or a parameter for it."""
    statement = readable_persons(principal).where(sokbar(principal, today))
    order: list[Any] = []
    if kind == "navn":
        score = func.word_similarity(value, PersonModel.navn_sok)
        if principal.organisasjon_type == OrganisasjonType.IMDI and principal.har(*IMDI):
            # Everyone is in IMDi's reach: let the trigram index find the candidates.
            statement = statement.where(PersonModel.navn_sok.op("%>")(value))
        else:
            # Only the caller's own persons are scanned: a hit outside its reach costs nothing.
            statement = statement.where(score >= NAVN_TERSKEL)
        order = [score.desc()]
    elif kind == "personnummer":
        statement = statement.where(PersonModel.personnummer == value)
    else:
        statement = statement.where(PersonModel.registreringsnummer == value)
    return statement, [*order, PersonModel.etternavn, PersonModel.fornavn, PersonModel.id]


async def _count(context: Context, statement: Any) -> int:
    rows = await context.db.all(statement.with_only_columns(func.count()).order_by(None))
    return int(rows[0][0])


def _connection(
    nodes: list[Person], total: int, offset: int, *, has_next: bool
) -> Connection[Person]:
    edges = [
        Edge(cursor=encode_cursor("personsok", offset + index + 1), node=node)
        for index, node in enumerate(nodes)
    ]
    return Connection(
        edges=edges,
        page_info=page_info(edges, has_previous=offset > 0, has_next=has_next),
        total_count=total,
    )
