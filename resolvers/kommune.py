"""The kommuner: their facts, hendelser and notater, and refugee office."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from sqlalchemy import func, select, tuple_

from authz.policy import Handling, kan
from models import Hendelse
from models import Kommune as KommuneModel
from models.enums import OrganisasjonType
from resolvers.loaders import HENDELSE_KOLONNER, med_forfatter
from resolvers.steps import calling, run_step
from resolvers.workflows import kommune as workflow
from schema import bounds
from schema.context import Context, Ctx
from schema.errors import BadInputError, ForbiddenError
from schema.kommune import (
    FlyktningkontorInput,
    Kommune,
    KommuneHendelse,
    KontaktinformasjonPayload,
    NotatInput,
    NotatPayload,
    kontaktinformasjon,
)
from schema.pagination import (
    Connection,
    Edge,
    First,
    encode_cursor,
    keyset_after,
    page_info,
    page_size,
)
from schema.person import HendelseTypeValg, OmradeValg

KOMMUNE_KOLONNER = (
    KommuneModel.kommunenummer,
    KommuneModel.navn,
    KommuneModel.navn_kort,
    KommuneModel.fylkesnummer,
    KommuneModel.fylke,
    KommuneModel.adm_senter,
    KommuneModel.innbyggere,
    KommuneModel.areal_km2,
    KommuneModel.malform,
    KommuneModel.offisiell_adresse,
    KommuneModel.offisiell_postnummer,
    KommuneModel.offisiell_poststed,
    KommuneModel.offisiell_epost,
    KommuneModel.flyktningkontor_avdeling,
    KommuneModel.flyktningkontor_adresse,
    KommuneModel.flyktningkontor_postnummer,
    KommuneModel.flyktningkontor_navn,
    KommuneModel.flyktningkontor_telefon,
    KommuneModel.flyktningkontor_epost,
    KommuneModel.kontaktinfo_endret,
)
"""What a Kommune is read from."""


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


NotatArgument = Annotated[
    NotatInput, strawberry.argument(description="The notat and the persons it is on.")
]


async def opprett_notat(info: Ctx, input: NotatArgument) -> NotatPayload | None:
    context = info.context
    step = calling(
        workflow.opprett_notat,
        tittel=input.tittel,
        saksomrade=input.saksomrade,
        tekst=input.tekst,
        personer_duf=input.personer,
        kommunenummer=input.kommunenummer,
        anmodning_id=input.anmodning_id,
    )
    outcome = await run_step(context, Handling.SKRIVE_NOTAT, step)
    hendelse_id = outcome.value
    if hendelse_id is None:
        return NotatPayload(notat=None, feil=outcome.feil)
    rows = await context.db.all(_hendelser_select().where(Hendelse.id == hendelse_id))
    return NotatPayload(notat=KommuneHendelse.from_row(rows[0]), feil=[])


# -- kontaktinformasjon --------------------------------------------------------------------------


FlyktningkontorArgument = Annotated[
    FlyktningkontorInput,
    strawberry.argument(description="The refugee office's new contact details."),
]


async def oppdater_flyktningkontor(
    info: Ctx, input: FlyktningkontorArgument
) -> KontaktinformasjonPayload | None:
    context = info.context
    kontor = workflow.Flyktningkontor(
        avdeling=input.avdeling,
        adresse=input.adresse,
        postnummer=input.postnummer,
        navn=input.navn,
        telefon=input.telefon,
        epost=input.epost,
    )
    step = calling(workflow.oppdater_flyktningkontor, kontor)
    outcome = await run_step(context, Handling.ENDRE_KONTAKTINFO, step)
    kommune = outcome.value
    if kommune is None:
        return KontaktinformasjonPayload(kontaktinformasjon=None, feil=outcome.feil)
    rows = await context.db.all(
        select(*KOMMUNE_KOLONNER).where(KommuneModel.kommunenummer == kommune)
    )
    return KontaktinformasjonPayload(kontaktinformasjon=kontaktinformasjon(rows[0]), feil=[])


# -- the kommuner ------------------------------------------------------------------------------


async def kommune(
    info: Ctx,
    nummer: Annotated[
        str, bounds.argument("A kommunenummer: four digits.", length=bounds.IDENTIFIKATOR)
    ],
) -> Kommune | None:
    info.context.caller  # noqa: B018 (raises when unauthenticated)
    async with info.context.engine.connect() as connection:
        row = (
            await connection.execute(
                select(*KOMMUNE_KOLONNER).where(KommuneModel.kommunenummer == nummer)
            )
        ).one_or_none()
    return None if row is None else Kommune.from_row(row)


async def kommuner(
    info: Ctx,
    fylkesnummer: Annotated[
        str | None, bounds.argument("A fylkesnummer: two digits.", length=bounds.IDENTIFIKATOR)
    ] = None,
) -> list[Kommune]:
    info.context.caller  # noqa: B018
    statement = select(*KOMMUNE_KOLONNER).order_by(KommuneModel.kommunenummer)
    if fylkesnummer is not None:
        statement = statement.where(KommuneModel.fylkesnummer == fylkesnummer)
    async with info.context.engine.connect() as connection:
        rows = (await connection.execute(statement)).all()
    return [Kommune.from_row(row) for row in rows]
