"""Queries and mutations of fordeling, utsøking and bosettingsdato."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from sqlalchemy import func, select

from authz.policy import Handling
from authz.scope import readable_fordelinger
from models import Fordeling as FordelingModel
from models import FordelingPerson
from models.enums import FordelingStatus
from resolvers.personer import valid_duf_nr
from resolvers.readable import ReadById
from resolvers.steps import ObjectSteps, Step, calling, run_step
from resolvers.workflows import fordeling as workflow
from schema import bounds
from schema.context import Context, Ctx
from schema.errors import BadInputError, database_id
from schema.fordeling import Fordeling, FordelingPayload, OpprettFordelingInput
from schema.pagination import Connection, First, offset_after, offset_page, page_size

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


_fordeling = ReadById(FordelingModel, readable_fordelinger, Fordeling.from_row)


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
        readable_fordelinger(principal)
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


STEPS = ObjectSteps(FordelingId, FordelingPayload, _fordeling, "fordeling")


async def _payload(
    info: Ctx, handling: Handling, step: Step[int | None], rad_id: int | None = None
) -> FordelingPayload:
    """Run one step; the payload carries the fordeling (the one the step returns, else the one
    of the named row) as the caller may now read it."""
    context = info.context
    outcome = await run_step(context, handling, step)
    target = outcome.value
    if target is None and rad_id is not None:
        target = await _fordeling_id_of_row(context, rad_id)
    return await STEPS.answer(context, target, outcome.feil)


OpprettFordelingArgument = Annotated[
    OpprettFordelingInput, strawberry.argument(description="The kommune and the persons.")
]


async def opprett_fordeling(info: Ctx, input: OpprettFordelingArgument) -> FordelingPayload | None:
    rader = [
        workflow.RadInput(
            duf_nr=valid_duf_nr(rad.duf_nr, "personer.dufNr"),
            boligtype=rad.boligtype,
            innmelding_id=None
            if rad.innmelding_id is None
            else database_id(rad.innmelding_id, "innmeldingId"),
            forste_mulige_uke=rad.forste_mulige_uke,
            siste_mulige_uke=rad.siste_mulige_uke,
            overstyr_bindende_tilknytning=rad.overstyr_bindende_tilknytning,
        )
        for rad in input.personer
    ]
    step = calling(
        workflow.opprett,
        kommunenummer=input.kommunenummer,
        navn=input.navn,
        rader=rader,
    )
    return await _payload(info, Handling.SENDE_FORDELING, step)


send_fordeling = STEPS.resolver(Handling.SENDE_FORDELING, workflow.send)
bekreft_fordeling = STEPS.resolver(Handling.SVARE_FORDELING, workflow.bekreft, versjon=Versjon)
angre_bekreftelse = STEPS.resolver(Handling.SVARE_FORDELING, workflow.angre)


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
    row = database_id(rad_id, "radId")
    step = calling(workflow.sett_forventet_bosetting, row, dato)
    return await _payload(info, Handling.SVARE_FORDELING, step, rad_id=row)


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
    row = database_id(rad_id, "radId")
    step = calling(workflow.sett_bosettes, row, bosettes, begrunnelse)
    return await _payload(info, Handling.SVARE_FORDELING, step, rad_id=row)


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
    key = idempotensnokkel.strip()
    if not 8 <= len(key) <= 200:
        raise BadInputError("idempotensnokkel", "give a unique key of 8 to 200 characters")
    action = workflow.send_svar
    return await STEPS.run(info, Handling.SVARE_FORDELING, id, action, versjon, key)
