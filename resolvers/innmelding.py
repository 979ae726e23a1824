"""Queries and mutations of innmeldinger."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import Annotated, Any

import strawberry
from sqlalchemy import Boolean, Date, Select, Text, any_, case, cast, func, literal, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import aliased

from authz.policy import Handling
from authz.principal import Principal
from authz.scope import readable_innmeldinger
from models import Bruker
from models import Innmelding as InnmeldingModel
from models.enums import (
    EmTiltakType,
    InnmeldingSortering,
    InnmeldingStatus,
    InnmeldingType,
    OrganisasjonType,
    Rekkefolge,
    Tilknytning,
)
from resolvers.readable import ReadById
from resolvers.steps import ObjectSteps
from resolvers.workflows import innmelding as workflow
from schema import bounds
from schema.context import Ctx
from schema.errors import check_period, database_id
from schema.innmelding import (
    AntallPlasserInput,
    BestemtPersonInput,
    Innmelding,
    InnmeldingPayload,
    LedigBoligInput,
)
from schema.pagination import Connection, First, offset_after, offset_page, page_size

InnmeldingId = Annotated[strawberry.ID, strawberry.argument(description="The innmelding's id.")]
APNE = (InnmeldingStatus.VENTER_PA_BEHANDLING, InnmeldingStatus.SAKSBEHANDLES)
_PERIODE = (
    "Only those whose period {} this date: housing from ledigFra to ledigTil (open-ended "
    "without it), the rest the day it was sent; null: no bound."
)

_opprettet_av = aliased(Bruker)
_saksbehandler = aliased(Bruker)
_kansellert_av = aliased(Bruker)


def _select() -> Select[*tuple[Any, ...]]:
    return (
        select(
            InnmeldingModel,
            _opprettet_av.navn.label("opprettet_av_navn"),
            _saksbehandler.navn.label("saksbehandler_navn"),
            _kansellert_av.navn.label("kansellert_av_navn"),
        )
        .outerjoin(_opprettet_av, _opprettet_av.id == InnmeldingModel.opprettet_av)
        .outerjoin(_saksbehandler, _saksbehandler.id == InnmeldingModel.saksbehandler_id)
        .outerjoin(_kansellert_av, _kansellert_av.id == InnmeldingModel.kansellert_av)
    )


FILTRE: dict[str, Any] = {
    "status": ARRAY(Text),
    "type": ARRAY(Text),
    "em_tiltak_type": ARRAY(Text),
    "behandles_av": ARRAY(Text),
    "tilknytning": ARRAY(Text),
    "saerlig_hensyn": Boolean(),
    "registrert_av": Text(),
    "fra": Date(),
    "til": Date(),
    "kommunenummer": Text(),
}
"""The filters of ``innmeldinger`` that take a value, in this order, with its SQL type."""


def filterverdier(**arguments: Any) -> dict[str, Any]:
    """The given filters of ``innmeldinger`` (its arguments by their Python names) as the values
    :func:`utvalg` compares, in the order of :data:`FILTRE`: a list of enums as their names, the
    registering user's name as a LIKE pattern; an empty list or a blank name is no filter."""
    given: dict[str, Any] = {}
    for name in FILTRE:
        value = arguments.get(name)
        if isinstance(value, list):
            if value:
                given[name] = [member.value for member in value]
        elif name == "registrert_av":
            if value is not None and value.strip():
                escaped = value.strip().lower()
                for special in ("/", "%", "_"):
                    escaped = escaped.replace(special, "/" + special)
                given[name] = f"%{escaped}%"
        elif value is not None:
            given[name] = value
    return given


def utvalg(
    principal: Principal,
    *,
    apne: bool | None,
    sorter: InnmeldingSortering,
    rekkefolge: Rekkefolge,
    verdi: Mapping[str, Any],
) -> tuple[Select[Any], list[Any]]:
    """The innmeldinger the caller may read that pass the filters, and their order (ties by
    the newest sent): the resolver's and the compiled read's (resolvers/compiled/innmelding.py).
    ``verdi``: each given filter's value as SQL (a literal, or a statement's parameter), by the
    names of :data:`FILTRE`."""
    model = InnmeldingModel
    statement = _select().where(readable_innmeldinger(principal))
    if apne is True:
        statement = statement.where(model.status.in_(APNE))
    elif apne is False:
        statement = statement.where(model.status.not_in(APNE))
    for name, column in (
        ("status", model.status),
        ("type", model.type),
        ("em_tiltak_type", model.em_tiltak_type),
        ("tilknytning", model.tilknytning),
    ):
        if name in verdi:
            statement = statement.where(cast(column, Text) == any_(verdi[name]))
    if "behandles_av" in verdi:
        statement = statement.where(
            or_(
                cast(model.behandlende_organisasjon, Text) == any_(verdi["behandles_av"]),
                model.begge_aldersgrupper
                & (literal(OrganisasjonType.BUFETAT.value) == any_(verdi["behandles_av"])),
            )
        )
    if "saerlig_hensyn" in verdi:
        statement = statement.where(model.tilpasset_saerlig_hensyn == verdi["saerlig_hensyn"])
    if "registrert_av" in verdi:
        statement = statement.where(
            func.lower(_opprettet_av.navn).like(verdi["registrert_av"], escape="/")
        )
    # The period it applies to: housing from ledigFra to ledigTil (open-ended without it); the
    # rest, the day it was sent. It must overlap [fra, til].
    start = func.coalesce(model.ledig_fra, func.date(model.opprettet))
    slutt = case((model.ledig_fra.is_(None), start), else_=model.ledig_til)
    if "fra" in verdi:
        statement = statement.where(or_(slutt.is_(None), slutt >= verdi["fra"]))
    if "til" in verdi:
        statement = statement.where(start <= verdi["til"])
    if "kommunenummer" in verdi:
        statement = statement.where(model.kommunenummer == verdi["kommunenummer"])
    key = {
        InnmeldingSortering.OPPRETTET: model.opprettet,
        InnmeldingSortering.PERIODE: start,
        InnmeldingSortering.STATUS: case(
            {status.value: rank for rank, status in enumerate(InnmeldingStatus)},
            value=model.status,
        ),
        InnmeldingSortering.TYPE: model.type,
        InnmeldingSortering.KOMMUNE: model.kommunenummer,
    }[sorter]
    synkende = rekkefolge == Rekkefolge.SYNKENDE
    return statement, [
        key.desc() if synkende else key.asc(),
        model.opprettet.desc(),
        model.id.desc(),
    ]


_innmelding = ReadById(InnmeldingModel, readable_innmeldinger, Innmelding.from_row, _select)


async def innmelding(info: Ctx, id: InnmeldingId) -> Innmelding | None:
    """One innmelding; null when there is none or the caller may not read it."""
    return await _innmelding(info.context, database_id(id))


def _liste(description: str, enum: type[Enum]) -> Any:
    return bounds.argument(
        f"Only innmeldinger {description}; null: every one.", items=len(list(enum))
    )


async def innmeldinger(
    info: Ctx,
    first: First,
    apne: Annotated[
        bool | None,
        strawberry.argument(
            description="True: the open ones (Venter på behandling, Saksbehandles); false: the "
            "finished ones (Ferdigbehandlede innmeldinger: handled, refused or cancelled); null: "
            "all."
        ),
    ] = None,
    status: Annotated[
        list[InnmeldingStatus] | None, _liste("in these statuses", InnmeldingStatus)
    ] = None,
    type: Annotated[list[InnmeldingType] | None, _liste("of these types", InnmeldingType)] = None,
    em_tiltak_type: Annotated[
        list[EmTiltakType] | None, _liste("of EM-tiltak of these kinds", EmTiltakType)
    ] = None,
    behandles_av: Annotated[
        list[OrganisasjonType] | None,
        _liste("handled by these (IMDI, BUFETAT; the shared EM-tiltak by both)", OrganisasjonType),
    ] = None,
    tilknytning: Annotated[
        list[Tilknytning] | None, _liste("of bestemte personer with these ties", Tilknytning)
    ] = None,
    saerlig_hensyn: Annotated[
        bool | None,
        strawberry.argument(
            description="True: only housing adapted to særlige hensyn; false: only the rest; "
            "null: both."
        ),
    ] = None,
    registrert_av: Annotated[
        str | None,
        bounds.argument(
            "Only those registered by a user whose name contains this text (any case); null: "
            "anyone's.",
            length=bounds.NAVN,
        ),
    ] = None,
    fra: Annotated[
        date | None, strawberry.argument(description=_PERIODE.format("ends on or after"))
    ] = None,
    til: Annotated[
        date | None, strawberry.argument(description=_PERIODE.format("starts on or before"))
    ] = None,
    kommunenummer: bounds.KommunenummerValg = None,
    sorter: Annotated[
        InnmeldingSortering,
        strawberry.argument(description="What the list is sorted by; ties by the newest sent."),
    ] = InnmeldingSortering.OPPRETTET,
    rekkefolge: Annotated[
        Rekkefolge, strawberry.argument(description="Ascending or descending.")
    ] = Rekkefolge.SYNKENDE,
    after: bounds.After = None,
) -> Connection[Innmelding]:
    """Open (``apne: true``: waiting or in handling) or finished innmeldinger, filtered on
    every column of the guide's lists and by the period they apply to, in the order asked."""
    context = info.context
    size = page_size(first)
    offset = offset_after(after, "innmeldinger")
    check_period(fra, til)
    given = filterverdier(
        status=status,
        type=type,
        em_tiltak_type=em_tiltak_type,
        behandles_av=behandles_av,
        tilknytning=tilknytning,
        saerlig_hensyn=saerlig_hensyn,
        registrert_av=registrert_av,
        fra=fra,
        til=til,
        kommunenummer=kommunenummer,
    )
    statement, order = utvalg(
        context.caller,
        apne=apne,
        sorter=sorter,
        rekkefolge=rekkefolge,
        verdi={name: literal(value, FILTRE[name]) for name, value in given.items()},
    )
    rows = await context.db.all(
        statement.add_columns(func.count().over().label("total"))
        .order_by(*order)
        .offset(offset)
        .limit(size + 1)
    )
    return offset_page("innmeldinger", rows, size, offset, Innmelding.from_row)


LedigBoligArgument = Annotated[
    LedigBoligInput, strawberry.argument(description="The free housing.")
]
BestemtPersonArgument = Annotated[
    BestemtPersonInput, strawberry.argument(description="The person and its tie.")
]
AntallPlasserArgument = Annotated[
    AntallPlasserInput, strawberry.argument(description="How many, from when.")
]

STEPS = ObjectSteps(InnmeldingId, InnmeldingPayload, _innmelding, "innmelding")
MELDE_INN = Handling.MELDE_INN
# fmt: off
meld_inn_ledig_bolig = STEPS.creating(
    MELDE_INN, LedigBoligArgument, workflow.ledig_bolig, workflow.LedigBolig)
meld_inn_bestemt_person = STEPS.creating(
    MELDE_INN, BestemtPersonArgument, workflow.bestemt_person, workflow.BestemtPerson)
meld_inn_antall_plasser = STEPS.creating(
    MELDE_INN, AntallPlasserArgument, workflow.antall_plasser, workflow.AntallPlasser)
# fmt: on
Kansellering = Annotated[
    str, bounds.argument("Why the kommune cancels it (required).", length=bounds.BEGRUNNELSE)
]
Svar = Annotated[str, bounds.argument("The answer to the kommune.", length=bounds.BEGRUNNELSE)]
SisteSvar = Annotated[
    str | None,
    bounds.argument(
        "A last answer to the kommune; null: keep the one given.", length=bounds.BEGRUNNELSE
    ),
]
Avslag = Annotated[
    str,
    bounds.argument(
        "Why it is refused (required); shown to the kommune.", length=bounds.BEGRUNNELSE
    ),
]

HANDLER = Handling.BEHANDLE_INNMELDING
kanseller_innmelding = STEPS.resolver(MELDE_INN, workflow.kanseller, begrunnelse=Kansellering)
behandle_innmelding = STEPS.resolver(HANDLER, workflow.behandle)
svar_pa_innmelding = STEPS.resolver(HANDLER, workflow.svar, svar=Svar)
ferdigbehandle_innmelding = STEPS.resolver(HANDLER, workflow.ferdigbehandle, svar=SisteSvar)
avsla_innmelding = STEPS.resolver(HANDLER, workflow.avsla, begrunnelse=Avslag)
