"""Strawberry types for organisations, kommuner and users."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from authz.policy import Handling, kan
from schema.context import Context
from schema.enums import OrganisasjonType, Rolle
from schema.errors import ForbiddenError
from schema.kommune import Flyktningkontor, KommuneKontaktinformasjon, OffisiellKontakt


def kontaktinformasjon(row: Any) -> KommuneKontaktinformasjon:
    return KommuneKontaktinformasjon(
        offisiell=OffisiellKontakt(
            adresse=row.offisiell_adresse,
            postnummer=row.offisiell_postnummer,
            poststed=row.offisiell_poststed,
            epost=row.offisiell_epost,
        ),
        flyktningkontor=Flyktningkontor(
            avdeling=row.flyktningkontor_avdeling,
            adresse=row.flyktningkontor_adresse,
            postnummer=row.flyktningkontor_postnummer,
            navn=row.flyktningkontor_navn,
            telefon=row.flyktningkontor_telefon,
            epost=row.flyktningkontor_epost,
        ),
        endret=row.kontaktinfo_endret,
    )


@strawberry.type(description="One of Norway's 357 kommuner.")
class Kommune:
    nummer: str = strawberry.field(description="Kommunenummer, four digits; the first two: fylke.")
    navn: str = strawberry.field(
        description="The official name, with its Sami or Kven form where it has one "
        "(Kárášjohka - Karasjok)."
    )
    navn_kort: str = strawberry.field(description="The short name in everyday use (Karasjok).")
    fylkesnummer: str = strawberry.field(description="The fylke's number, two digits.")
    fylke: str = strawberry.field(description="The fylke's name.")
    adm_senter: str = strawberry.field(description="Administrasjonssenter: the kommune's seat.")
    innbyggere: int = strawberry.field(description="Inhabitants.")
    areal_km2: float = strawberry.field(description="Area in square kilometres.")
    malform: str = strawberry.field(
        description="Målform: the written standard the kommune uses: Bokmål, Nynorsk or Nøytral."
    )
    rad: strawberry.Private[Any]

    @strawberry.field(
        description="The official contact and the refugee office (the kommune's own users, "
        "IMDi and Bufetat)."
    )
    def kontaktinformasjon(self, info: Info[Context, None]) -> KommuneKontaktinformasjon | None:
        principal = info.context.caller
        own = principal.kommunenummer == self.nummer
        if not kan(principal, Handling.LESE_KONTAKTINFO) or (
            principal.organisasjon_type == OrganisasjonType.KOMMUNE and not own
        ):
            raise ForbiddenError()
        return kontaktinformasjon(self.rad)

    @classmethod
    def from_row(cls, row: Any) -> Kommune:
        return cls(
            rad=row,
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
    id: strawberry.ID = strawberry.field(description="The organisation's id.")
    type: OrganisasjonType = strawberry.field(description="The kind of organisation.")
    navn: str = strawberry.field(description="The organisation's name.")
    kommunenummer: str | None = strawberry.field(
        description="A kommune's kommunenummer; null for other organisations."
    )


@strawberry.type(description="The logged-in user, its organisation and roles.")
class Bruker:
    id: strawberry.ID = strawberry.field(description="The user's id.")
    navn: str = strawberry.field(description="The user's name.")
    organisasjon: Organisasjon = strawberry.field(description="The organisation the user is in.")
    roller: list[Rolle] = strawberry.field(
        description="The user's roles; together they decide what the user may see and do."
    )
