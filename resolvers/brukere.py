"""Queries and mutations of user administration: a Kommune_Admin its kommune's users, IMDi's
admin everyone's."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from sqlalchemy import func, select

from authz.policy import Handling, kan
from models import Bruker, BrukerRolle, Organisasjon
from models.enums import OrganisasjonType, Rolle
from resolvers.steps import Step, calling, run_step
from resolvers.workflows import brukere as workflow
from schema import bounds
from schema.brukere import AdministrertBruker, BrukerPayload, OpprettBrukerInput
from schema.context import Context, Ctx
from schema.errors import ForbiddenError, database_id
from schema.pagination import Connection, First, offset_after, offset_page, page_size

BrukerId = Annotated[strawberry.ID, strawberry.argument(description="The user's id.")]
RolleArgument = Annotated[
    Rolle,
    strawberry.argument(
        description="The role: a Kommune_Admin grants the four kommune roles; IMDi_Admin the "
        "roles that fit the user's organisation."
    ),
]


def _brukere_select() -> Any:
    roller = (
        select(func.coalesce(func.array_agg(BrukerRolle.rolle), []))
        .where(BrukerRolle.bruker_id == Bruker.id)
        .scalar_subquery()
    )
    return select(
        Bruker.id,
        Bruker.subject,
        Bruker.navn,
        Bruker.epost,
        Bruker.aktiv,
        Bruker.opprettet,
        Bruker.deaktivert,
        Organisasjon.id.label("organisasjon_id"),
        Organisasjon.type,
        Organisasjon.navn.label("organisasjon"),
        Organisasjon.kommunenummer,
        roller.label("roller"),
    ).join(Organisasjon, Organisasjon.id == Bruker.organisasjon_id)


def _bruker(row: Any) -> AdministrertBruker:
    return AdministrertBruker(
        id=strawberry.ID(str(row.id)),
        subject=row.subject,
        navn=row.navn,
        epost=row.epost,
        aktiv=row.aktiv,
        roller=sorted(Rolle(r) for r in row.roller),
        organisasjon_id=strawberry.ID(str(row.organisasjon_id)),
        organisasjon_type=OrganisasjonType(row.type),
        organisasjon=row.organisasjon,
        kommunenummer=row.kommunenummer,
        opprettet=row.opprettet,
        deaktivert=row.deaktivert,
    )


def _admin_scope(context: Context) -> Any:
    principal = context.caller
    if not kan(principal, Handling.ADMINISTRERE_BRUKERE):
        raise ForbiddenError()
    if principal.organisasjon_type == OrganisasjonType.KOMMUNE:
        return Organisasjon.kommunenummer == principal.kommunenummer
    return None


async def brukere(
    info: Ctx,
    first: First,
    kommunenummer: bounds.KommunenummerValg = None,
    aktive: Annotated[
        bool | None,
        strawberry.argument(
            description="True: active users only; false: deactivated ones only; null: both."
        ),
    ] = None,
    after: bounds.After = None,
) -> Connection[AdministrertBruker] | None:
    """The users the caller administers: a kommune admin its kommune's; IMDi's admin all."""
    context = info.context
    scope = _admin_scope(context)
    size = page_size(first)
    offset = offset_after(after, "brukere")
    statement = _brukere_select().add_columns(func.count().over().label("total"))
    if scope is not None:
        statement = statement.where(scope)
    if kommunenummer is not None:
        statement = statement.where(Organisasjon.kommunenummer == kommunenummer)
    if aktive is not None:
        statement = statement.where(Bruker.aktiv.is_(aktive))
    rows = await context.db.all(
        statement.order_by(Bruker.navn, Bruker.id).offset(offset).limit(size + 1)
    )
    return offset_page("brukere", rows, size, offset, _bruker)


async def _bruker_step(info: Ctx, step: Step[int]) -> BrukerPayload:
    context = info.context
    outcome = await run_step(context, Handling.ADMINISTRERE_BRUKERE, step)
    if outcome.value is None:
        return BrukerPayload(bruker=None, feil=outcome.feil)
    if context.varselhub is not None:
        # The user's remembered logins end now in this process; NOTIFY tells the others.
        context.varselhub.user_changed(outcome.value)
    rows = await context.db.all(_brukere_select().where(Bruker.id == outcome.value))
    return BrukerPayload(bruker=_bruker(rows[0]), feil=[])


OpprettBrukerArgument = Annotated[
    OpprettBrukerInput, strawberry.argument(description="The new user and its roles.")
]


async def opprett_bruker(info: Ctx, input: OpprettBrukerArgument) -> BrukerPayload | None:
    organisasjon = (
        None
        if input.organisasjon_id is None
        else database_id(input.organisasjon_id, "organisasjonId")
    )
    step = calling(
        workflow.opprett_bruker,
        subject=input.subject,
        navn=input.navn,
        epost=input.epost,
        roller=list(input.roller),
        organisasjon_id=organisasjon,
    )
    return await _bruker_step(info, step)


async def deaktiver_bruker(info: Ctx, bruker_id: BrukerId) -> BrukerPayload | None:
    step = calling(workflow.sett_aktiv, database_id(bruker_id, "brukerId"), False)
    return await _bruker_step(info, step)


async def aktiver_bruker(info: Ctx, bruker_id: BrukerId) -> BrukerPayload | None:
    step = calling(workflow.sett_aktiv, database_id(bruker_id, "brukerId"), True)

    return await _bruker_step(info, step)


async def tildel_rolle(
    info: Ctx, bruker_id: BrukerId, rolle: RolleArgument
) -> BrukerPayload | None:
    step = calling(workflow.endre_rolle, database_id(bruker_id, "brukerId"), rolle, True)

    return await _bruker_step(info, step)


async def fjern_rolle(info: Ctx, bruker_id: BrukerId, rolle: RolleArgument) -> BrukerPayload | None:
    step = calling(workflow.endre_rolle, database_id(bruker_id, "brukerId"), rolle, False)

    return await _bruker_step(info, step)
