"""Strawberry types for organisations, kommuner and users."""

from __future__ import annotations

from typing import Any

import strawberry

from schema.enums import OrganisasjonType, Rolle


@strawberry.type(description="One of Norway's 357 kommuner.")
class Kommune:
    nummer: str = strawberry.field(description="Kommunenummer, four digits; the first two: fylke.")
    navn: str
    navn_kort: str
    fylkesnummer: str
    fylke: str
    adm_senter: str
    innbyggere: int
    areal_km2: float
    malform: str

    @classmethod
    def from_row(cls, row: Any) -> Kommune:
        return cls(
            nummer=row.kommunenummer,
            navn=row.navn,
            navn_kort=row.navn_kort,
            fylkesnummer=row.fylkesnummer,
            fylke=row.fylke,
            adm_senter=row.adm_senter,
            innbyggere=row.innbyggere,
            areal_km2=float(row.areal_km2),
            malform=row.malform,
        )


@strawberry.type(description="An organisation users belong to: IMDi, Bufetat, a kommune, …")
class Organisasjon:
    id: strawberry.ID
    type: OrganisasjonType
    navn: str
    kommunenummer: str | None


@strawberry.type(description="The logged-in user, its organisation and roles.")
class Bruker:
    id: strawberry.ID
    navn: str
    organisasjon: Organisasjon
    roller: list[Rolle]
