"""Queries and mutations of fordeling, utsøking and bosettingsdato."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any

import strawberry
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from authz.policy import Handling, kan
from authz.scope import fordelinger as fordeling_scope
from authz.scope import personer as scoped_personer
from models import Fordeling as FordelingModel
from models import FordelingPerson, Utsoking
from models import Person as PersonModel
from models.enums import FordelingStatus, OrganisasjonType
from resolvers.personer import valid_duf_nr
from resolvers.workflows import fordeling as workflow
from resolvers.workflows.effekter import Regelbrudd
from schema import bounds
from schema.context import Context
from schema.errors import BadInputError, ForbiddenError, UserError, database_id
from schema.fordeling import (
    BosettingsdatoKandidat,
    BosettingsdatoPayload,
    Fordeling,
    FordelingPayload,
    OpprettFordelingInput,
    person_of,
)
from schema.pagination import (
    Connection,
    First,
    offset_after,
    offset_page,
    page_size,
)

Ctx = Info[Context, None]

FordelingId = Annotated[strawberry.ID, strawberry.argument(description="The fordeling's id.")]
RadId = Annotated[
    strawberry.ID,
    strawberry.argument(description="The id of the person's row on the fordeling (FordelingRad)."),
]
Versjon = Annotated[
    int,
    strawberry.argument(
        description="The fordeling's versjon as last read: a list changed since is refused "
        "(read it again)."
    ),
]


async def _fordeling(context: Context, fordeling_id: int) -> Fordeling | None:
    rows = await context.db.all(
        select(FordelingModel).where(
            FordelingModel.id == fordeling_id, fordeling_scope(context.caller)
        )
    )
    return Fordeling.from_row(rows[0]) if rows else None


async def fordeling(info: Ctx, id: FordelingId) -> Fordeling | None:
    """One fordeling; null when there is none or the caller may not read it."""
    return await _fordeling(info.context, database_id(id))


async def fordelinger(
    info: Ctx,
    first: First,
    status: Annotated[
        list[FordelingStatus] | None,
        bounds.argument(
            "Only fordelinger in these statuses; null: every status the caller sees.",
            items=len(FordelingStatus),
        ),
    ] = None,
    kommunenummer: bounds.KommunenummerValg = None,
    after: bounds.After = None,
) -> Connection[Fordeling]:
    """The caller's kommune's fordelinger (IMDi: every kommune's, or one's), newest first."""
    context = info.context
    principal = context.caller
    size = page_size(first)
    offset = offset_after(after, "fordelinger")
    statement = select(FordelingModel, func.count().over().label("total")).where(
        fordeling_scope(principal)
    )
    if status:
        statement = statement.where(FordelingModel.status.in_(status))
    if kommunenummer is not None:
        statement = statement.where(FordelingModel.kommunenummer == kommunenummer)
    rows = await context.db.all(
        statement.order_by(FordelingModel.opprettet.desc(), FordelingModel.id.desc())
        .offset(offset)
        .limit(size + 1)
    )
    return offset_page("fordelinger", rows, size, offset, Fordeling.from_row)


async def _fordeling_id_of_row(context: Context, rad_id: int) -> int | None:
    rows = await context.db.all(
        select(FordelingPerson.fordeling_id).where(FordelingPerson.id == rad_id)
    )
    return int(rows[0].fordeling_id) if rows else None


Step = Callable[[AsyncConnection], Awaitable[int | None]]


async def _step(
    info: Ctx,
    handling: Handling,
    step: Step,
    fordeling_id: int | None = None,
    rad_id: int | None = None,
) -> FordelingPayload:
    """Run one transition in its own transaction; a broken rule becomes a user error and
    leaves nothing written. The payload carries the fordeling as the caller may now read it."""
    context = info.context
    if not kan(context.caller, handling):
        raise ForbiddenError()
    try:
        async with context.engine.begin() as connection:
            changed = await step(connection)
    except Regelbrudd as broken:
        if fordeling_id is None and rad_id is not None:
            fordeling_id = await _fordeling_id_of_row(context, rad_id)
        current = await _fordeling(context, fordeling_id) if fordeling_id is not None else None
        return FordelingPayload(
            fordeling=current,
            feil=[UserError(field=broken.field, message=broken.message, code=broken.code)],
        )
    target = changed if changed is not None else fordeling_id
    return FordelingPayload(
        fordeling=await _fordeling(context, target) if target is not None else None, feil=[]
    )


async def opprett_fordeling(
    info: Ctx,
    input: Annotated[
        OpprettFordelingInput, strawberry.argument(description="The kommune and the persons.")
    ],
) -> FordelingPayload | None:
    """IMDi: a fordelingsliste for a kommune, in UTKAST until it is sent."""
    context = info.context
    rader = [
        workflow.RadInput(
            duf_nr=valid_duf_nr(rad.duf_nr, "personer.dufNr"),
            boligtype=rad.boligtype,
            innmelding_id=None
            if rad.innmelding_id is None
            else database_id(rad.innmelding_id, "innmeldingId"),
            forste_mulige_uke=rad.forste_mulige_uke,
            siste_mulige_uke=rad.siste_mulige_uke,
        )
        for rad in input.personer
    ]

    async def step(connection: AsyncConnection) -> int:
        return await workflow.opprett(
            connection,
            context.caller,
            kommunenummer=input.kommunenummer,
            navn=input.navn,
            rader=rader,
            today=context.today,
        )

    return await _step(info, Handling.SENDE_FORDELING, step)


async def send_fordeling(info: Ctx, id: FordelingId) -> FordelingPayload | None:
    """IMDi: send a fordeling in UTKAST to its kommune (status NY)."""
    fordeling_id = database_id(id)

    async def step(connection: AsyncConnection) -> None:
        await workflow.send(connection, info.context.caller, fordeling_id)

    return await _step(info, Handling.SENDE_FORDELING, step, fordeling_id)


async def sett_forventet_bosetting(
    info: Ctx,
    rad_id: RadId,
    dato: Annotated[
        date,
        strawberry.argument(
            description="The expected settlement date: for an overføringsflyktning inside its "
            "window (the first possible week's Monday to the last possible week's Sunday), for "
            "others not in the past."
        ),
    ],
) -> FordelingPayload | None:
    """The expected settlement time of one person (inside the window for resettlement
    refugees)."""
    context = info.context

    row = database_id(rad_id, "radId")

    async def step(connection: AsyncConnection) -> int:
        return await workflow.sett_forventet_bosetting(
            connection, context.caller, row, dato, context.today
        )

    return await _step(info, Handling.SVARE_FORDELING, step, rad_id=row)


async def sett_bosettes(
    info: Ctx,
    rad_id: RadId,
    bosettes: Annotated[
        bool,
        strawberry.argument(
            description="True: the kommune takes the person (ticked); false: it cannot "
            "(unticked). The person's whole family on the list follows."
        ),
    ],
    begrunnelse: Annotated[
        str | None,
        bounds.argument(
            "Why the kommune cannot take the person: required to untick; logged on the person "
            "and the kommune.",
            length=bounds.BEGRUNNELSE,
        ),
    ] = None,
) -> FordelingPayload | None:
    """Tick or untick "bosettes" (for the person's whole family on the list); unticking needs
    a reason, logged on the person and the kommune when the answer is sent."""

    row = database_id(rad_id, "radId")

    async def step(connection: AsyncConnection) -> int:
        return await workflow.sett_bosettes(
            connection, info.context.caller, row, bosettes, begrunnelse
        )

    return await _step(info, Handling.SVARE_FORDELING, step, rad_id=row)


async def bekreft_fordeling(
    info: Ctx, id: FordelingId, versjon: Versjon
) -> FordelingPayload | None:
    """Step one of the answer: confirm the list (NY → BEKREFTET)."""
    fordeling_id = database_id(id)

    async def step(connection: AsyncConnection) -> None:
        await workflow.bekreft(connection, info.context.caller, fordeling_id, versjon)

    return await _step(info, Handling.SVARE_FORDELING, step, fordeling_id)


async def angre_bekreftelse(info: Ctx, id: FordelingId) -> FordelingPayload | None:
    """Step back from a confirmed list to correct it (BEKREFTET → NY)."""
    fordeling_id = database_id(id)

    async def step(connection: AsyncConnection) -> None:
        await workflow.angre(connection, info.context.caller, fordeling_id)

    return await _step(info, Handling.SVARE_FORDELING, step, fordeling_id)


async def send_fordelingssvar(
    info: Ctx,
    id: FordelingId,
    versjon: Versjon,
    idempotensnokkel: Annotated[
        str,
        bounds.argument(
            "A key of at least 8 characters, unique to this answer: a retry with it answers once.",
            length=bounds.IDEMPOTENSNOKKEL,
        ),
    ],
) -> FordelingPayload | None:
    """Step two: send the answer (BEKREFTET → SENDT). Ticked persons are søkt ut to the kommune
    at once. Retrying with the same ``idempotensnokkel`` answers once."""
    fordeling_id = database_id(id)
    key = idempotensnokkel.strip()
    if not 8 <= len(key) <= 200:
        raise BadInputError("idempotensnokkel", "give a unique key of 8 to 200 characters")
    context = info.context

    async def step(connection: AsyncConnection) -> None:
        await workflow.send_svar(
            connection, context.caller, fordeling_id, versjon, key, context.today
        )

    return await _step(info, Handling.SVARE_FORDELING, step, fordeling_id)


# -- bosettingsdato ----------------------------------------------------------------------------

Bosettingsdato = Annotated[
    date,
    strawberry.argument(
        description="The date the person moved in: not before the utsøking, not in the future."
    ),
]


async def bosettingsdatoer(
    info: Ctx,
    first: First,
    kommunenummer: bounds.Kommunenummer = None,
    after: bounds.After = None,
) -> Connection[BosettingsdatoKandidat] | None:
    """Persons søkt ut to the kommune and not yet bosatt, the longest waiting first."""
    context = info.context
    principal = context.caller
    if not kan(principal, Handling.LESE_BOSETTINGSDATO):
        raise ForbiddenError()
    if principal.organisasjon_type == OrganisasjonType.KOMMUNE:
        kommunenummer = principal.kommunenummer
    elif kommunenummer is None:
        raise BadInputError("kommunenummer", "IMDi names the kommune")
    size = page_size(first)
    offset = offset_after(after, "bosettingsdatoer")
    rows = await context.db.all(
        scoped_personer(principal)
        .add_columns(func.count().over().label("total"))
        .where(
            Utsoking.kommunenummer == kommunenummer,
            Utsoking.aktiv,
            Utsoking.bosettingsdato.is_(None),
        )
        .order_by(Utsoking.sokt_ut_dato, PersonModel.id)
        .offset(offset)
        .limit(size + 1)
    )

    def kandidat(row: Any) -> BosettingsdatoKandidat:
        return BosettingsdatoKandidat(
            sokt_ut_dato=row.sokt_ut_dato,
            kommunenummer=row.utsoking_kommune,
            kan_registreres_av_kommunen=row.botilbud in workflow.KOMMUNEN_REGISTRERER,
            person_value=person_of(context, row),
        )

    return offset_page("bosettingsdatoer", rows, size, offset, kandidat)


async def _registrer(
    info: Ctx, handling: Handling, duf_nr: str, dato: date, bekreft: bool, integrasjon: bool
) -> BosettingsdatoPayload | None:
    context = info.context
    if not kan(context.caller, handling):
        raise ForbiddenError()
    number = valid_duf_nr(duf_nr)
    try:
        async with context.engine.begin() as connection:
            await workflow.registrer_bosettingsdato(
                connection,
                context.caller,
                duf_nr=number,
                dato=dato,
                bekreft=bekreft,
                today=context.today,
                integrasjon=integrasjon,
            )
    except Regelbrudd as broken:
        return BosettingsdatoPayload(
            registrert=False,
            bosettingsdato=None,
            feil=[UserError(field=broken.field, message=broken.message, code=broken.code)],
        )
    return BosettingsdatoPayload(registrert=bekreft, bosettingsdato=dato, feil=[])


async def registrer_bosettingsdato(
    info: Ctx,
    duf_nr: bounds.DufNr,
    dato: Bosettingsdato,
    bekreft: Annotated[
        bool,
        strawberry.argument(
            description="False: step one, check the date and write nothing; true: step two, "
            "register it."
        ),
    ],
) -> BosettingsdatoPayload | None:
    """The kommune registers the date a person moved in (for those who lived privately, in an
    institution or in AMOT). Two steps: ``bekreft: false`` checks, ``bekreft: true`` saves."""
    return await _registrer(
        info, Handling.REGISTRERE_BOSETTINGSDATO, duf_nr, dato, bekreft, integrasjon=False
    )


async def registrer_bosettingsdato_fra_integrasjon(
    info: Ctx, duf_nr: bounds.DufNr, dato: Bosettingsdato
) -> BosettingsdatoPayload | None:
    """A mottak (for its residents) or UDI (for resettlement refugees) registers the date."""
    return await _registrer(
        info, Handling.REGISTRERE_BOSETTINGSDATO_INTEGRASJON, duf_nr, dato, True, integrasjon=True
    )
