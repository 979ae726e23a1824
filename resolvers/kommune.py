"""A kommune's hendelser and notater, its refugee office, its users, and the arbeidsflate."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry
from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from authz.policy import Handling, kan
from models import Bruker, BrukerRolle, Hendelse, Organisasjon
from models import Kommune as KommuneModel
from models.enums import OrganisasjonType, Rolle
from resolvers.kommuner import _COLUMNS as KOMMUNE_KOLONNER
from resolvers.loaders import HENDELSE_KOLONNER, med_forfatter
from resolvers.workflows import kommune as workflow
from resolvers.workflows.effekter import Regelbrudd
from schema import bounds
from schema.context import Context
from schema.errors import BadInputError, ForbiddenError, UserError, database_id
from schema.kommune import (
    AdministrertBruker,
    BrukerPayload,
    FlyktningkontorInput,
    KommuneHendelse,
    KontaktinformasjonPayload,
    NotatInput,
    NotatPayload,
    OpprettBrukerInput,
)
from schema.pagination import (
    Connection,
    Edge,
    First,
    encode_cursor,
    keyset_after,
    offset_after,
    offset_page,
    page_info,
    page_size,
)
from schema.person import HendelseTypeValg, OmradeValg
from schema.types import kontaktinformasjon

Ctx = Info[Context, None]

BrukerId = Annotated[strawberry.ID, strawberry.argument(description="The user's id.")]
RolleArgument = Annotated[
    Rolle,
    strawberry.argument(
        description="The role: a Kommune_Admin grants the four kommune roles; IMDi_Admin the "
        "roles that fit the user's organisation."
    ),
]


# -- hendelser og notater -----------------------------------------------------------------------


def _hendelser_select() -> Any:
    return med_forfatter(select(*HENDELSE_KOLONNER))


def _own_kommune(context: Context, kommunenummer: str | None, handling: Handling) -> str:
    principal = context.caller
    if not kan(principal, handling):
        raise ForbiddenError()
    if principal.organisasjon_type == OrganisasjonType.KOMMUNE:
        if kommunenummer not in (None, principal.kommunenummer):
            raise ForbiddenError()
        assert principal.kommunenummer is not None
        return principal.kommunenummer
    if kommunenummer is None:
        raise BadInputError("kommunenummer", "IMDi names the kommune")
    return kommunenummer


async def kommune_hendelser(
    info: Ctx,
    first: First,
    kommunenummer: bounds.Kommunenummer = None,
    omrade: OmradeValg = None,
    type: HendelseTypeValg = None,
    after: bounds.After = None,
) -> Connection[KommuneHendelse] | None:
    """The kommune's hendelser (systemhendelser with details, notater), newest first."""
    context = info.context
    kommune = _own_kommune(context, kommunenummer, Handling.LESE_KOMMUNEHENDELSER)
    size = page_size(first)
    statement = (
        _hendelser_select()
        .add_columns(func.count().over().label("total"))
        .where(Hendelse.kommunenummer == kommune)
    )
    if omrade is not None:
        statement = statement.where(Hendelse.omrade == omrade)
    if type is not None:
        statement = statement.where(Hendelse.type == type)
    total_statement = statement
    if after is not None:
        stamp, hendelse_id = keyset_after(after, "kommunehendelse")
        statement = statement.where(
            tuple_(Hendelse.tidspunkt, Hendelse.id) < tuple_(stamp, hendelse_id)
        )
    rows = await context.db.all(
        statement.order_by(Hendelse.tidspunkt.desc(), Hendelse.id.desc()).limit(size + 1)
    )
    if after is not None:
        total = (
            await context.db.all(total_statement.with_only_columns(func.count()).order_by(None))
        )[0][0]
    else:
        total = rows[0].total if rows else 0
    edges = [
        Edge(
            cursor=encode_cursor("kommunehendelse", row.tidspunkt.isoformat(), row.id),
            node=KommuneHendelse.from_row(row),
        )
        for row in rows[:size]
    ]
    return Connection(
        edges=edges,
        page_info=page_info(edges, has_previous=after is not None, has_next=len(rows) > size),
        total_count=int(total),
    )


async def opprett_notat(
    info: Ctx,
    input: Annotated[
        NotatInput, strawberry.argument(description="The notat and the persons it is on.")
    ],
) -> NotatPayload | None:
    """A notat on the kommune, optionally linked to persons (by DUF-nr) the caller may read."""
    context = info.context
    if not kan(context.caller, Handling.SKRIVE_NOTAT):
        raise ForbiddenError()
    try:
        async with context.engine.begin() as connection:
            hendelse_id = await workflow.opprett_notat(
                connection,
                context.caller,
                tittel=input.tittel,
                saksomrade=input.saksomrade,
                tekst=input.tekst,
                personer_duf=input.personer,
                kommunenummer=input.kommunenummer,
                today=context.today,
            )
    except Regelbrudd as broken:
        return NotatPayload(
            notat=None,
            feil=[UserError(field=broken.field, message=broken.message, code=broken.code)],
        )
    rows = await context.db.all(_hendelser_select().where(Hendelse.id == hendelse_id))
    return NotatPayload(notat=KommuneHendelse.from_row(rows[0]), feil=[])


# -- kontaktinformasjon --------------------------------------------------------------------------


async def oppdater_flyktningkontor(
    info: Ctx,
    input: Annotated[
        FlyktningkontorInput,
        strawberry.argument(description="The refugee office's new contact details."),
    ],
) -> KontaktinformasjonPayload | None:
    """The kommune's refugee office: department, address, postcode, name, phone, e-mail."""
    context = info.context
    if not kan(context.caller, Handling.ENDRE_KONTAKTINFO):
        raise ForbiddenError()
    kontor = workflow.Flyktningkontor(
        avdeling=input.avdeling,
        adresse=input.adresse,
        postnummer=input.postnummer,
        navn=input.navn,
        telefon=input.telefon,
        epost=input.epost,
    )
    try:
        async with context.engine.begin() as connection:
            kommune = await workflow.oppdater_flyktningkontor(connection, context.caller, kontor)
    except Regelbrudd as broken:
        return KontaktinformasjonPayload(
            kontaktinformasjon=None,
            feil=[UserError(field=broken.field, message=broken.message, code=broken.code)],
        )
    rows = await context.db.all(
        select(*KOMMUNE_KOLONNER).where(KommuneModel.kommunenummer == kommune)
    )
    return KontaktinformasjonPayload(kontaktinformasjon=kontaktinformasjon(rows[0]), feil=[])


# -- users --------------------------------------------------------------------------------------


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


async def _bruker_step(
    info: Ctx, step: Callable[[AsyncConnection], Awaitable[int]]
) -> BrukerPayload:
    context = info.context
    _admin_scope(context)
    try:
        async with context.engine.begin() as connection:
            bruker_id = await step(connection)
    except Regelbrudd as broken:
        return BrukerPayload(
            bruker=None,
            feil=[UserError(field=broken.field, message=broken.message, code=broken.code)],
        )
    rows = await context.db.all(_brukere_select().where(Bruker.id == bruker_id))
    return BrukerPayload(bruker=_bruker(rows[0]), feil=[])


async def opprett_bruker(
    info: Ctx,
    input: Annotated[
        OpprettBrukerInput, strawberry.argument(description="The new user and its roles.")
    ],
) -> BrukerPayload | None:
    organisasjon = (
        None
        if input.organisasjon_id is None
        else database_id(input.organisasjon_id, "organisasjonId")
    )

    async def step(connection: AsyncConnection) -> int:
        return await workflow.opprett_bruker(
            connection,
            info.context.caller,
            subject=input.subject,
            navn=input.navn,
            epost=input.epost,
            roller=list(input.roller),
            organisasjon_id=organisasjon,
        )

    return await _bruker_step(info, step)


async def deaktiver_bruker(info: Ctx, bruker_id: BrukerId) -> BrukerPayload | None:
    """Deactivated users are refused at once, on every request."""

    async def step(connection: AsyncConnection) -> int:
        return await workflow.sett_aktiv(
            connection, info.context.caller, database_id(bruker_id, "brukerId"), False
        )

    return await _bruker_step(info, step)


async def aktiver_bruker(info: Ctx, bruker_id: BrukerId) -> BrukerPayload | None:
    async def step(connection: AsyncConnection) -> int:
        return await workflow.sett_aktiv(
            connection, info.context.caller, database_id(bruker_id, "brukerId"), True
        )

    return await _bruker_step(info, step)


async def tildel_rolle(
    info: Ctx, bruker_id: BrukerId, rolle: RolleArgument
) -> BrukerPayload | None:
    async def step(connection: AsyncConnection) -> int:
        return await workflow.endre_rolle(
            connection, info.context.caller, database_id(bruker_id, "brukerId"), rolle, True
        )

    return await _bruker_step(info, step)


async def fjern_rolle(info: Ctx, bruker_id: BrukerId, rolle: RolleArgument) -> BrukerPayload | None:
    async def step(connection: AsyncConnection) -> int:
        return await workflow.endre_rolle(
            connection, info.context.caller, database_id(bruker_id, "brukerId"), rolle, False
        )

    return await _bruker_step(info, step)
