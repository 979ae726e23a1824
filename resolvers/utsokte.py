"""The kommune's list of its persons ("hente liste over utsøkte til kommunen"): everyone søkt
ut to it or bosatt in it, filtered and sorted by what a case worker asks."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

import strawberry
from sqlalchemy import ColumnElement, case, func, literal
from sqlalchemy.sql.elements import UnaryExpression

from authz.policy import Handling, kan
from authz.scope import kommunens_utsokte, readable_persons
from models import Person as PersonModel
from models import Utsoking
from models.enums import Kategori, Rekkefolge, UtsoktSortering, UtsoktStatus
from schema import bounds
from schema.context import Ctx
from schema.errors import BadInputError, ForbiddenError
from schema.fordeling import person_of
from schema.pagination import Connection, First, offset_after, offset_page, page_size
from schema.utsokte import Utsokt

NASJONALITET = re.compile(r"^[A-Z]{3}$")


def _kategori(today: date) -> ColumnElement[str]:
    """The person's category today, as the oversikt counts it at an event."""
    return case(
        (
            PersonModel.enslig_mindrearig & (PersonModel.fodselsdato > _years_before(today, 15)),
            literal(Kategori.EM_UNDER_15.value),
        ),
        (
            PersonModel.enslig_mindrearig & (PersonModel.fodselsdato > _years_before(today, 18)),
            literal(Kategori.EM_15_18.value),
        ),
        else_=literal(Kategori.ENSLIGE_VOKSNE_OG_FAMILIER.value),
    )


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _period(name: str, fra: date | None, til: date | None) -> None:
    if fra is not None and til is not None and til < fra:
        raise BadInputError(f"{name}Til", f"the period ends before it starts ({name}Fra {fra})")


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
    _period("soktUt", sokt_ut_fra, sokt_ut_til)
    _period("bosatt", bosatt_fra, bosatt_til)
    size = page_size(first)
    offset = offset_after(after, "utsokte")
    kategori_i_dag = _kategori(context.today)
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
