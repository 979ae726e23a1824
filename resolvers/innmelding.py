"""Queries and mutations of innmeldinger."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from authz.policy import Handling
from authz.scope import readable_innmeldinger
from models import Bruker
from models import Innmelding as InnmeldingModel
from models.enums import InnmeldingStatus, InnmeldingType
from resolvers.readable import ReadById
from resolvers.steps import ObjectSteps
from resolvers.workflows import innmelding as workflow
from schema import bounds
from schema.context import Ctx
from schema.errors import database_id
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
    "Only those whose period starts {} this date: the date the housing is free from, else the "
    "date sent."
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


_innmelding = ReadById(InnmeldingModel, readable_innmeldinger, Innmelding.from_row, _select)


async def innmelding(info: Ctx, id: InnmeldingId) -> Innmelding | None:
    """One innmelding; null when there is none or the caller may not read it."""
    return await _innmelding(info.context, database_id(id))


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
    type: Annotated[
        list[InnmeldingType] | None,
        bounds.argument(
            "Only innmeldinger of these types; null: every type.", items=len(InnmeldingType)
        ),
    ] = None,
    fra: Annotated[
        date | None, strawberry.argument(description=_PERIODE.format("on or after"))
    ] = None,
    til: Annotated[
        date | None, strawberry.argument(description=_PERIODE.format("on or before"))
    ] = None,
    kommunenummer: bounds.KommunenummerValg = None,
    after: bounds.After = None,
) -> Connection[Innmelding]:
    """Open (``apne: true``: waiting or in handling) or finished innmeldinger, by type and by
    the period they apply to (the date the housing is free from, else the date sent)."""
    context = info.context
    size = page_size(first)
    offset = offset_after(after, "innmeldinger")
    statement = (
        _select()
        .add_columns(func.count().over().label("total"))
        .where(readable_innmeldinger(context.caller))
    )
    if apne is True:
        statement = statement.where(InnmeldingModel.status.in_(APNE))
    elif apne is False:
        statement = statement.where(InnmeldingModel.status.not_in(APNE))
    if type:
        statement = statement.where(InnmeldingModel.type.in_(type))
    period = func.coalesce(InnmeldingModel.ledig_fra, func.date(InnmeldingModel.opprettet))
    if fra is not None:
        statement = statement.where(period >= fra)
    if til is not None:
        statement = statement.where(period <= til)
    if kommunenummer is not None:
        statement = statement.where(InnmeldingModel.kommunenummer == kommunenummer)
    rows = await context.db.all(
        statement.order_by(InnmeldingModel.opprettet.desc(), InnmeldingModel.id.desc())
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
