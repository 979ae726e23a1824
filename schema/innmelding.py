"""Innmeldinger."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.types import Info

from authz.scope import tilgang
from schema import bounds
from schema.context import Context
from schema.enums import (
    EmTiltakType,
    InnmeldingStatus,
    InnmeldingType,
    OrganisasjonType,
    Tilknytning,
)
from schema.errors import ForbiddenError, UserError
from schema.person import Person


@strawberry.type(description="What a kommune told IMDi (or Bufetat), and how it was handled.")
class Innmelding:
    id: strawberry.ID
    kommunenummer: str
    type: InnmeldingType
    status: InnmeldingStatus
    behandles_av: OrganisasjonType
    em_tiltak_type: EmTiltakType | None
    antall_plasser: int | None
    antall_rom: int | None
    adresse: str | None
    ledig_fra: date | None
    ledig_til: date | None
    tilpasset_saerlig_hensyn: bool
    saerlig_hensyn_beskrivelse: str | None
    merknad: str | None
    tilknytning: Tilknytning | None
    familie_kommentar: str | None
    opprettet: datetime
    opprettet_av: str | None
    saksbehandler: str | None = strawberry.field(description="Who at IMDi/Bufetat handles it.")
    svar: str | None
    ferdigbehandlet: datetime | None
    avslag_begrunnelse: str | None
    avslatt: datetime | None
    kansellert_begrunnelse: str | None
    kansellert: datetime | None
    kansellert_av: str | None
    person_id: strawberry.Private[int | None]

    @strawberry.field(
        description="The person of an innmelding of bestemte personer, as the caller may see "
        "it (a kommune: at least the identitet, as on a DUF-nr lookup)."
    )
    async def person(self, info: Info[Context, None]) -> Person | None:
        if self.person_id is None:
            return None
        row = await info.context.loaders.person.load(self.person_id)
        if row is None:
            raise ForbiddenError()
        decided = tilgang(info.context.caller, row, duf_oppslag=True, today=info.context.today)
        if not decided.noe:
            raise ForbiddenError()
        return Person(rad=row, tilgang=decided)

    @classmethod
    def from_row(cls, row: Any) -> Innmelding:
        return cls(
            id=strawberry.ID(str(row.id)),
            kommunenummer=row.kommunenummer,
            type=InnmeldingType(row.type),
            status=InnmeldingStatus(row.status),
            behandles_av=OrganisasjonType(row.behandlende_organisasjon),
            em_tiltak_type=None if row.em_tiltak_type is None else EmTiltakType(row.em_tiltak_type),
            antall_plasser=row.antall_plasser,
            antall_rom=row.antall_rom,
            adresse=row.adresse,
            ledig_fra=row.ledig_fra,
            ledig_til=row.ledig_til,
            tilpasset_saerlig_hensyn=row.tilpasset_saerlig_hensyn,
            saerlig_hensyn_beskrivelse=row.saerlig_hensyn_beskrivelse,
            merknad=row.merknad,
            tilknytning=None if row.tilknytning is None else Tilknytning(row.tilknytning),
            familie_kommentar=row.familie_kommentar,
            opprettet=row.opprettet,
            opprettet_av=row.opprettet_av_navn,
            saksbehandler=row.saksbehandler_navn,
            svar=row.svar,
            ferdigbehandlet=row.ferdigbehandlet,
            avslag_begrunnelse=row.avslag_begrunnelse,
            avslatt=row.avslatt,
            kansellert_begrunnelse=row.kansellert_begrunnelse,
            kansellert=row.kansellert,
            kansellert_av=row.kansellert_av_navn,
            person_id=row.person_id,
        )


@strawberry.type(description="The result of a step on an innmelding.")
class InnmeldingPayload:
    innmelding: Innmelding | None
    feil: list[UserError]


@strawberry.input(description="Familiebolig, bofellesskap (adults) or EM-tiltak.")
class LedigBoligInput:
    type: InnmeldingType
    ledig_fra: date
    em_tiltak_type: EmTiltakType | None = None
    for_em_under_15: bool = strawberry.field(
        default=False, description="An EM-tiltak for EM under 15: handled by Bufetat."
    )
    antall_plasser: int | None = None
    antall_rom: int | None = None
    adresse: str | None = bounds.field(length=bounds.ADRESSE, default=None)
    ledig_til: date | None = None
    tilpasset_saerlig_hensyn: bool = False
    saerlig_hensyn_beskrivelse: str | None = bounds.field(
        "Required when tilpassetSaerligHensyn is true.", length=bounds.BEGRUNNELSE, default=None
    )
    merknad: str | None = bounds.field(length=bounds.BEGRUNNELSE, default=None)


@strawberry.input(description="A person tied to the kommune, by exact DUF-nr.")
class BestemtPersonInput:
    duf_nr: str = bounds.field("A DUF-nummer: 12 digits.", length=bounds.IDENTIFIKATOR)
    tilknytning: Tilknytning
    familie_kommentar: str | None = bounds.field(
        "Required when the person has family: who settles together.",
        length=bounds.BEGRUNNELSE,
        default=None,
    )
    merknad: str | None = bounds.field(length=bounds.BEGRUNNELSE, default=None)


@strawberry.input(description="How many the kommune can settle, from when.")
class AntallPlasserInput:
    antall: int
    fra: date
    merknad: str | None = bounds.field(length=bounds.BEGRUNNELSE, default=None)
