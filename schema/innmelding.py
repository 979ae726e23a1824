"""Innmeldinger."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.types import Info

from authz.scope import avgjor_rad
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
    id: strawberry.ID = strawberry.field(description="The innmelding's id (its ID in the lists).")
    kommunenummer: str = strawberry.field(description="The kommune that sent it.")
    type: InnmeldingType = strawberry.field(description="What it tells.")
    status: InnmeldingStatus = strawberry.field(description="Where it is.")
    behandles_av: OrganisasjonType = strawberry.field(
        description="Who handles it: IMDI, or BUFETAT for EM under 15 (an EM-tiltak for both "
        "age groups: IMDI, and Bufetat may too). IMDi reads every innmelding."
    )
    em_tiltak_type: EmTiltakType | None = strawberry.field(
        description="The kind of EM-tiltak; null for other types."
    )
    begge_aldersgrupper: bool = strawberry.field(
        description="An EM-tiltak for both age groups (EM under 15 and 15–18): IMDi and Bufetat "
        "both read it and either handles it."
    )
    antall_plasser: int | None = strawberry.field(
        description="Places: in the housing, or (antall plasser) how many the kommune can settle."
    )
    antall_rom: int | None = strawberry.field(description="Rooms in the housing.")
    adresse: str | None = strawberry.field(description="The housing's address.")
    ledig_fra: date | None = strawberry.field(
        description="Free from: the housing, or (antall plasser) the places."
    )
    ledig_til: date | None = strawberry.field(
        description="The housing is free until this date; null: open."
    )
    tilpasset_saerlig_hensyn: bool = strawberry.field(
        description="Tilpasset særlig hensyn: the housing is adapted to special needs."
    )
    saerlig_hensyn_beskrivelse: str | None = strawberry.field(
        description="Which special needs it is adapted to."
    )
    merknad: str | None = strawberry.field(
        description="The kommune's remark to IMDi; for an EM-tiltak of kind ANNET, what it is."
    )
    tilknytning: Tilknytning | None = strawberry.field(
        description="Bestemte personer: the person's tie to the kommune."
    )
    familie_kommentar: str | None = strawberry.field(
        description="Bestemte personer: who of the person's family settles together."
    )
    opprettet: datetime = strawberry.field(description="When the kommune sent it.")
    opprettet_av: str | None = strawberry.field(description="The kommune user who sent it.")
    saksbehandler: str | None = strawberry.field(description="Who at IMDi/Bufetat handles it.")
    svar: str | None = strawberry.field(description="IMDi's or Bufetat's answer to the kommune.")
    ferdigbehandlet: datetime | None = strawberry.field(
        description="When it was ferdigbehandlet; null: not yet."
    )
    avslag_begrunnelse: str | None = strawberry.field(
        description="Why IMDi or Bufetat refused it (avslått)."
    )
    avslatt: datetime | None = strawberry.field(description="When it was refused; null: not.")
    kansellert_begrunnelse: str | None = strawberry.field(
        description="Why the kommune cancelled it (kansellert)."
    )
    kansellert: datetime | None = strawberry.field(
        description="When the kommune cancelled it; null: not."
    )
    kansellert_av: str | None = strawberry.field(description="The user who cancelled it.")
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
        decided = avgjor_rad(info.context.caller, row, duf_oppslag=True, today=info.context.today)
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
            begge_aldersgrupper=row.begge_aldersgrupper,
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
    innmelding: Innmelding | None = strawberry.field(
        description="The innmelding after the step (as before it when refused); null when a "
        "new one was refused."
    )
    feil: list[UserError] = strawberry.field(description="Empty when the step was taken.")


@strawberry.input(
    description="Ledige boliger: a free familiebolig, bofellesskap (adults) or EM-tiltak."
)
class LedigBoligInput:
    type: InnmeldingType = strawberry.field(
        description="FAMILIEBOLIG, BOFELLESSKAP or EM_TILTAK (no other type)."
    )
    ledig_fra: date = strawberry.field(description="The housing is free from this date.")
    em_tiltak_type: EmTiltakType | None = strawberry.field(
        default=None, description="The kind of EM-tiltak: required for EM_TILTAK, else null."
    )
    for_em_under_15: bool = strawberry.field(
        default=False, description="An EM-tiltak for EM under 15: handled by Bufetat."
    )
    begge_aldersgrupper: bool = strawberry.field(
        default=False,
        description="An EM-tiltak for both age groups (EM under 15 and 15–18): it reaches IMDi "
        "and Bufetat both, and either handles it.",
    )
    antall_plasser: int | None = strawberry.field(
        default=None, description="Places in the housing; 1 or more."
    )
    antall_rom: int | None = strawberry.field(
        default=None, description="Rooms; required (1 or more) for a familiebolig."
    )
    adresse: str | None = bounds.field(
        "The housing's address.", length=bounds.ADRESSE, default=None
    )
    ledig_til: date | None = strawberry.field(
        default=None, description="Free until this date (not before ledigFra); null: open."
    )
    tilpasset_saerlig_hensyn: bool = strawberry.field(
        default=False, description="Tilpasset særlig hensyn: adapted to special needs."
    )
    saerlig_hensyn_beskrivelse: str | None = bounds.field(
        "Required when tilpassetSaerligHensyn is true.", length=bounds.BEGRUNNELSE, default=None
    )
    merknad: str | None = bounds.field(
        "A remark to IMDi; required for an EM-tiltak of kind ANNET: describe it.",
        length=bounds.BEGRUNNELSE,
        default=None,
    )


@strawberry.input(description="A person tied to the kommune, by exact DUF-nr.")
class BestemtPersonInput:
    duf_nr: str = bounds.field(
        "The person's DUF-nummer: 12 digits, the last two a check. The person must be relevant "
        "for settlement: bosettingsklar, or not yet.",
        length=bounds.IDENTIFIKATOR,
    )
    tilknytning: Tilknytning = strawberry.field(description="The person's tie to the kommune.")
    familie_kommentar: str | None = bounds.field(
        "Required when the person has family: who settles together.",
        length=bounds.BEGRUNNELSE,
        default=None,
    )
    merknad: str | None = bounds.field("A remark to IMDi.", length=bounds.BEGRUNNELSE, default=None)


@strawberry.input(description="How many the kommune can settle, from when.")
class AntallPlasserInput:
    antall: int = strawberry.field(description="How many persons; 1 or more.")
    fra: date = strawberry.field(description="From this date.")
    merknad: str | None = bounds.field(
        "A remark to IMDi on this settlement.", length=bounds.BEGRUNNELSE, default=None
    )
