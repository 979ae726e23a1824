"""Queries and mutations of anmodning og vedtak, and the oversikt over bosetting."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ParamSpec

import strawberry
from sqlalchemy import func, select

from authz.policy import Handling, kan
from authz.scope import readable_anmodninger
from models import Anmodning as AnmodningModel
from models.enums import AnmodningStatus, Kategori, OrganisasjonType
from resolvers.oversikt import OVERSIKT, parameters
from resolvers.readable import ReadById
from resolvers.steps import ObjectSteps, calling, run_step
from resolvers.workflows import anmodning as workflow
from schema import bounds
from schema.anmodning import (
    Anmodning,
    AnmodningPayload,
    OversiktBosetting,
    SendAnmodningInput,
    SendAnmodningPayload,
    VedtakInput,
    oversikt_from_rows,
)
from schema.context import Ctx
from schema.errors import BadInputError, ForbiddenError, database_id
from schema.pagination import Connection, First, offset_after, offset_page, page_size

AnmodningId = Annotated[strawberry.ID, strawberry.argument(description="The anmodning's id.")]
Ar = Annotated[int, strawberry.argument(description="The year, 2000 to 2100.")]
P = ParamSpec("P")


_anmodning = ReadById(AnmodningModel, readable_anmodninger, Anmodning.from_row)


async def anmodning(info: Ctx, id: AnmodningId) -> Anmodning | None:
    """One anmodning with its numbers, summary and hendelser; null if none or not readable."""
    return await _anmodning(info.context, database_id(id))


async def anmodninger(
    info: Ctx,
    first: First,
    status: Annotated[
        list[AnmodningStatus] | None,
        bounds.argument(
            "Only anmodninger in these statuses (UNDER_ARBEID: Anmodninger under arbeid); null: "
            "every status.",
            items=len(AnmodningStatus),
        ),
    ] = None,
    fra: Annotated[
        date | None,
        strawberry.argument(description="Only those sent on or after this date (Historikk)."),
    ] = None,
    til: Annotated[
        date | None,
        strawberry.argument(description="Only those sent on or before this date (Historikk)."),
    ] = None,
    kommunenummer: bounds.KommunenummerValg = None,
    after: bounds.After = None,
) -> Connection[Anmodning]:
    """Anmodninger, newest first: under arbeid (status UNDER_ARBEID), the latest with their
    status, or the history of a period (``fra``/``til`` on the date sent)."""
    context = info.context
    size = page_size(first)
    offset = offset_after(after, "anmodninger")
    if fra is not None and til is not None and fra > til:
        raise BadInputError("fra", "the period starts after it ends")
    statement = select(AnmodningModel, func.count().over().label("total")).where(
        readable_anmodninger(context.caller)
    )
    if status:
        statement = statement.where(AnmodningModel.status.in_(status))
    if fra is not None:
        statement = statement.where(func.date(AnmodningModel.sendt) >= fra)
    if til is not None:
        statement = statement.where(func.date(AnmodningModel.sendt) <= til)
    if kommunenummer is not None:
        statement = statement.where(AnmodningModel.kommunenummer == kommunenummer)
    rows = await context.db.all(
        statement.order_by(AnmodningModel.sendt.desc(), AnmodningModel.id.desc())
        .offset(offset)
        .limit(size + 1)
    )
    return offset_page("anmodninger", rows, size, offset, Anmodning.from_row)


STEPS = ObjectSteps(AnmodningId, AnmodningPayload, _anmodning, "anmodning")


# -- IMDi -------------------------------------------------------------------------------------


SendAnmodningArgument = Annotated[
    SendAnmodningInput,
    strawberry.argument(description="The kommuner, the numbers asked and the svarfrist."),
]


async def send_anmodning(info: Ctx, input: SendAnmodningArgument) -> SendAnmodningPayload | None:
    context = info.context
    tall = [workflow.Tall(ar=t.ar, kategori=t.kategori, antall=t.antall) for t in input.tall]
    step = calling(
        workflow.send,
        kommuner=input.kommunenummer,
        tittel=input.tittel,
        svarfrist=input.svarfrist,
        tall=tall,
    )
    outcome = await run_step(context, Handling.SENDE_ANMODNING, step)
    found = [await _anmodning(context, anmodning_id) for anmodning_id in outcome.value or []]
    return SendAnmodningPayload(anmodninger=[a for a in found if a is not None], feil=outcome.feil)


Kommentar = Annotated[
    str, bounds.argument("The comment to the kommune.", length=bounds.BEGRUNNELSE)
]
Retur = Annotated[
    str,
    bounds.argument(
        "What the kommune must correct; shown to it as IMDi's comment.", length=bounds.BEGRUNNELSE
    ),
]
Bekreftelse = Annotated[
    str | None,
    bounds.argument(
        "A comment to the kommune with the confirmation; null: none.", length=bounds.BEGRUNNELSE
    ),
]
Svarfrist = Annotated[date, strawberry.argument(description="The new svarfrist; not in the past.")]
Begrunnelse = Annotated[
    str, bounds.argument("Why the svarfrist moves (required).", length=bounds.BEGRUNNELSE)
]

IMDI, KOMMUNE = Handling.SENDE_ANMODNING, Handling.SVARE_ANMODNING
purr_anmodning = STEPS.resolver(IMDI, workflow.purr)
returner_anmodning = STEPS.resolver(IMDI, workflow.returner, kommentar=Retur)
bekreft_anmodning = STEPS.resolver(IMDI, workflow.bekreft, kommentar=Bekreftelse)
kommenter_anmodning = STEPS.resolver(IMDI, workflow.kommenter, kommentar=Kommentar)
apne_anmodning = STEPS.resolver(KOMMUNE, workflow.apne)
godkjenn_anmodningssvar = STEPS.resolver(KOMMUNE, workflow.godkjenn)
angre_godkjenning = STEPS.resolver(KOMMUNE, workflow.angre)
send_anmodningssvar = STEPS.resolver(KOMMUNE, workflow.send_svar)
endre_svarfrist = STEPS.resolver(
    KOMMUNE, workflow.endre_svarfrist, svarfrist=Svarfrist, begrunnelse=Begrunnelse
)


async def registrer_vedtak(
    info: Ctx,
    id: AnmodningId,
    ar: Annotated[
        int, strawberry.argument(description="The year of the vedtak: one the anmodning asks for.")
    ],
    vedtak: Annotated[
        list[VedtakInput],
        bounds.argument(
            "The places decided, one per category; fewer than asked needs a begrunnelse.",
            items=len(Kategori),
        ),
    ],
    vedtaksdato: Annotated[
        date | None,
        strawberry.argument(description="The date the kommunestyre decided; null: not given."),
    ] = None,
) -> AnmodningPayload | None:
    given = [
        workflow.VedtakInput(kategori=v.kategori, antall=v.antall, begrunnelse=v.begrunnelse)
        for v in vedtak
    ]
    action = workflow.registrer_vedtak
    return await STEPS.run(
        info, Handling.SVARE_ANMODNING, id, action, ar=ar, vedtak=given, vedtaksdato=vedtaksdato
    )


# -- oversikt -----------------------------------------------------------------------------------


def _valid_year(ar: int) -> None:
    if not 2000 <= ar <= 2100:
        raise BadInputError("ar", f"a year from 2000 to 2100, not {ar}")


async def oversikt_bosetting(
    info: Ctx, ar: Ar, kommunenummer: bounds.Kommunenummer = None
) -> OversiktBosetting | None:
    """One kommune's oversikt for a year: the caller's own kommune, or (IMDi) the named one."""
    context = info.context
    principal = context.caller
    if not kan(principal, Handling.LESE_OVERSIKT):
        raise ForbiddenError()
    _valid_year(ar)
    if principal.organisasjon_type == OrganisasjonType.KOMMUNE:
        if kommunenummer not in (None, principal.kommunenummer):
            raise ForbiddenError()
        kommunenummer = principal.kommunenummer
    if kommunenummer is None:
        raise BadInputError("kommunenummer", "IMDi names the kommune")
    rows = await context.db.all(OVERSIKT, parameters(ar, [kommunenummer]))
    found = oversikt_from_rows(ar, list(rows))
    return found[0] if found else None


async def oversikt_bosetting_alle(info: Ctx, ar: Ar) -> list[OversiktBosetting] | None:
    """IMDi: every kommune's oversikt for a year, in one SQL statement."""
    context = info.context
    principal = context.caller
    if principal.organisasjon_type != OrganisasjonType.IMDI or not kan(
        principal, Handling.LESE_OVERSIKT
    ):
        raise ForbiddenError()
    _valid_year(ar)
    rows = await context.db.all(OVERSIKT, parameters(ar, None))
    return oversikt_from_rows(ar, list(rows))
