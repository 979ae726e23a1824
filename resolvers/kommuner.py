"""Kommune reference data (public facts: readable by every authenticated caller)."""

from __future__ import annotations

from typing import Annotated

from sqlalchemy import select
from strawberry.types import Info

from models import Kommune as KommuneModel
from schema import bounds
from schema.context import Context
from schema.types import Kommune

_COLUMNS = (
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


async def kommune(
    info: Info[Context, None],
    nummer: Annotated[
        str, bounds.argument("A kommunenummer: four digits.", length=bounds.IDENTIFIKATOR)
    ],
) -> Kommune | None:
    info.context.caller  # noqa: B018 (raises when unauthenticated)
    async with info.context.engine.connect() as connection:
        row = (
            await connection.execute(select(*_COLUMNS).where(KommuneModel.kommunenummer == nummer))
        ).one_or_none()
    return None if row is None else Kommune.from_row(row)


async def kommuner(
    info: Info[Context, None],
    fylkesnummer: Annotated[
        str | None, bounds.argument("A fylkesnummer: two digits.", length=bounds.IDENTIFIKATOR)
    ] = None,
) -> list[Kommune]:
    info.context.caller  # noqa: B018
    statement = select(*_COLUMNS).order_by(KommuneModel.kommunenummer)
    if fylkesnummer is not None:
        statement = statement.where(KommuneModel.fylkesnummer == fylkesnummer)
    async with info.context.engine.connect() as connection:
        rows = (await connection.execute(statement)).all()
    return [Kommune.from_row(row) for row in rows]
