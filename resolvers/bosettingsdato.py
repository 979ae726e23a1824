"""Queries and mutations of the bosettingsdato: the list of persons waiting for one, its
registration by the kommune or an integration, and its correction."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

import strawberry
from sqlalchemy import func

from authz.policy import Handling, kan
from authz.scope import readable_persons
from models import Person as PersonModel
from models import Utsoking
from models.enums import OrganisasjonType
from resolvers.personer import valid_duf_nr
from resolvers.steps import calling, run_step
from resolvers.workflows import bosettingsdato as workflow
from schema import bounds
from schema.bosettingsdato import (
    BosettingsdatoKandidat,
    BosettingsdatoKorreksjonPayload,
    BosettingsdatoPayload,
)
from schema.context import Ctx
from schema.errors import BadInputError, ForbiddenError
from schema.fordeling import person_of
from schema.pagination import Connection, First, offset_after, offset_page, page_size

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
        readable_persons(principal)
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
    step = calling(
        workflow.registrer_bosettingsdato,
        duf_nr=valid_duf_nr(duf_nr),
        dato=dato,
        bekreft=bekreft,
        integrasjon=integrasjon,
    )
    outcome = await run_step(context, handling, step)
    if outcome.feil:
        return BosettingsdatoPayload(registrert=False, bosettingsdato=None, feil=outcome.feil)
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
    return await _registrer(
        info, Handling.REGISTRERE_BOSETTINGSDATO, duf_nr, dato, bekreft, integrasjon=False
    )


async def registrer_bosettingsdato_fra_integrasjon(
    info: Ctx, duf_nr: bounds.DufNr, dato: Bosettingsdato
) -> BosettingsdatoPayload | None:
    return await _registrer(
        info, Handling.REGISTRERE_BOSETTINGSDATO_INTEGRASJON, duf_nr, dato, True, integrasjon=True
    )


async def korriger_bosettingsdato(
    info: Ctx,
    duf_nr: bounds.DufNr,
    dato: Annotated[
        date,
        strawberry.argument(
            description="The right date: not before the utsøking, not in the future, not the "
            "date registered now."
        ),
    ],
    begrunnelse: Annotated[
        str,
        bounds.argument(
            "Why the date is corrected (required); kept in the hendelse.",
            length=bounds.BEGRUNNELSE,
        ),
    ],
    bekreft: Annotated[
        bool,
        strawberry.argument(
            description="False: step one, check the correction and write nothing; true: step "
            "two, correct it."
        ),
    ],
) -> BosettingsdatoKorreksjonPayload | None:
    context = info.context
    step = calling(
        workflow.korriger_bosettingsdato,
        duf_nr=valid_duf_nr(duf_nr),
        dato=dato,
        begrunnelse=begrunnelse,
        bekreft=bekreft,
        vindu=timedelta(days=int(context.setting("korrigeringsvindu_dager"))),
    )
    outcome = await run_step(context, Handling.KORRIGERE_BOSETTINGSDATO, step)
    if outcome.value is None:
        return BosettingsdatoKorreksjonPayload(
            korrigert=False, forrige_bosettingsdato=None, bosettingsdato=None, feil=outcome.feil
        )
    return BosettingsdatoKorreksjonPayload(
        korrigert=bekreft,
        forrige_bosettingsdato=outcome.value.forrige,
        bosettingsdato=outcome.value.ny,
        feil=[],
    )
