"""The kommune's list of its persons ("hente liste over utsøkte til kommunen"): everyone søkt
ut to it or bosatt in it, filtered and sorted by what a case worker asks."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

import strawberry
from sqlalchemy import ColumnElement, case, func
from sqlalchemy.sql.elements import UnaryExpression

from authz.policy import Handling, kan
from authz.scope import kommunens_utsokte, readable_persons
from models import Person as PersonModel
from models import Utsoking
from models.enums import Kategori, Rekkefolge, UtsoktSortering, UtsoktStatus
from resolvers.compiled.person import kategori_i_dag as kategori_sql
from schema import bounds
from schema.context import Ctx
from schema.errors import BadInputError, ForbiddenError, check_period
from schema.fordeling import person_of
from schema.pagination import Connection, First, offset_after, offset_page, page_size
from schema.utsokte import Utsokt

NASJONALITET = re.compile(r"^[A-Z]{3}$")


_PERIODE = "{}; null: no bound."


async def utsokte(
    info: Ctx,
    first: First,
    kommunenummer: bounds.Kommunenummer = None,
    status: Annotated[
        list[UtsoktStatus] | None,
        bounds.argument("Only persons søkt ut, or only bosatt; null: both.", items=2),
    ] = None,
    kategori: Annotated[
        list[Kategori] | None,
        bounds.argument(
            "Only persons of these categories (today's); null: every one.", items=len(Kategori)
        ),
    ] = None,
    nasjonalitet: Annotated[
        list[str] | None,
        bounds.argument(
            "Only persons of these nationalities (ISO 3166-1 alpha-3, e.g. SYR); null: every one.",
            items=50,
            item_length=3,
        ),
    ] = None,
    sokt_ut_fra: Annotated[
        date | None,
        strawberry.argument(description=_PERIODE.format("Søkt ut on or after this date")),
    ] = None,
    sokt_ut_til: Annotated[
        date | None,
        strawberry.argument(description=_PERIODE.format("Søkt ut on or before this date")),
    ] = None,
    bosatt_fra: Annotated[
        date | None,
        strawberry.argument(
            description=_PERIODE.format("Bosatt on or after this date (so only persons bosatt)")
        ),
    ] = None,
    bosatt_til: Annotated[
        date | None,
        strawberry.argument(
            description=_PERIODE.format("Bosatt on or before this date (so only persons bosatt)")
        ),
    ] = None,
    sorter: Annotated[
        UtsoktSortering,
        strawberry.argument(description="What the list is sorted by; ties by the person's id."),
    ] = UtsoktSortering.SOKT_UT_DATO,
    rekkefolge: Annotated[
        Rekkefolge, strawberry.argument(description="Ascending or descending.")
    ] = Rekkefolge.SYNKENDE,
    after: bounds.After = None,
) -> Connection[Utsokt] | None:
    """Persons søkt ut to the kommune or bosatt in it, the newest utsøking first by default."""
    context = info.context
    principal = context.caller
    if not kan(principal, Handling.LESE_UTSOKTE):
        raise ForbiddenError()
    if kommunenummer is None:
        if principal.kommunenummer is None:
            raise BadInputError("kommunenummer", "IMDi names the kommune")
        kommunenummer = principal.kommunenummer
    # A kommune's users read their own kommune's, whatever they name (kommunens_utsokte).
    for code in nasjonalitet or ():
        if not NASJONALITET.match(code):
            raise BadInputError("nasjonalitet", "an ISO 3166 alpha-3 code such as SYR, in capitals")
    check_period(sokt_ut_fra, sokt_ut_til, fra_felt="soktUtFra", til_felt="soktUtTil")
    check_period(bosatt_fra, bosatt_til, fra_felt="bosattFra", til_felt="bosattTil")
    size = page_size(first)
    offset = offset_after(after, "utsokte")
    kategori_i_dag = kategori_sql(
        PersonModel.fodselsdato, PersonModel.enslig_mindrearig, context.today
    )
    statement = (
        readable_persons(principal)
        .add_columns(
            kategori_i_dag.label("kategori_i_dag"),
            func.count().over().label("total"),
        )
        .where(kommunens_utsokte(principal, kommunenummer))
    )
    bosatt = Utsoking.bosettingsdato.is_not(None)
    if status:
        wanted = set(status)
        if wanted == {UtsoktStatus.BOSATT}:
            statement = statement.where(bosatt)
        elif wanted == {UtsoktStatus.SOKT_UT}:
            statement = statement.where(Utsoking.bosettingsdato.is_(None))
    if kategori:
        statement = statement.where(kategori_i_dag.in_([k.value for k in kategori]))
    if nasjonalitet:
        statement = statement.where(PersonModel.nasjonalitet.in_(nasjonalitet))
    if sokt_ut_fra is not None:
        statement = statement.where(Utsoking.sokt_ut_dato >= sokt_ut_fra)
    if sokt_ut_til is not None:
        statement = statement.where(Utsoking.sokt_ut_dato <= sokt_ut_til)
    if bosatt_fra is not None:
        statement = statement.where(Utsoking.bosettingsdato >= bosatt_fra)
    if bosatt_til is not None:
        statement = statement.where(Utsoking.bosettingsdato <= bosatt_til)
    rows = await context.db.all(
        statement.order_by(*_order(sorter, rekkefolge, kategori_i_dag))
        .offset(offset)
        .limit(size + 1)
    )

    def utsokt(row: Any) -> Utsokt:
        return Utsokt(
            kommunenummer=row.utsoking_kommune,
            status=UtsoktStatus.BOSATT if row.bosettingsdato else UtsoktStatus.SOKT_UT,
            sokt_ut_dato=row.sokt_ut_dato,
            bosettingsdato=row.bosettingsdato,
            kategori=Kategori(row.kategori_i_dag),
            nasjonalitet=row.nasjonalitet,
            person_value=person_of(context, row),
        )

    return offset_page("utsokte", rows, size, offset, utsokt)


def _order(
    sorter: UtsoktSortering, rekkefolge: Rekkefolge, kategori: ColumnElement[str]
) -> list[UnaryExpression[Any]]:
    rank = {k.value: index for index, k in enumerate(Kategori)}
    keys: dict[UtsoktSortering, list[Any]] = {
        UtsoktSortering.SOKT_UT_DATO: [Utsoking.sokt_ut_dato],
        UtsoktSortering.BOSETTINGSDATO: [Utsoking.bosettingsdato],
        UtsoktSortering.STATUS: [Utsoking.bosettingsdato.is_not(None)],
        UtsoktSortering.KATEGORI: [case(rank, value=kategori)],
        UtsoktSortering.NASJONALITET: [PersonModel.nasjonalitet],
        UtsoktSortering.NAVN: [PersonModel.etternavn, PersonModel.fornavn],
    }
    synkende = rekkefolge == Rekkefolge.SYNKENDE
    order = [
        key.desc().nulls_last() if synkende else key.asc().nulls_last() for key in keys[sorter]
    ]
    tie = PersonModel.id.desc() if synkende else PersonModel.id.asc()
    return [*order, tie]
