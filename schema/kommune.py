"""A kommune's hendelser and notater, its contact details, its users."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from authz.scope import tilgang
from schema import bounds
from schema.context import Context
from schema.enums import HendelseType, Omrade, OrganisasjonType, Rolle
from schema.errors import UserError
from schema.person import Person, hendelse_fields


@strawberry.type(description="A hendelse on a kommune: a systemhendelse or a notat.")
class KommuneHendelse:
    id: strawberry.ID
    type: HendelseType
    omrade: Omrade
    kommunenummer: str | None
    tittel: str
    tekst: str | None
    detaljer: JSON
    tidspunkt: datetime
    opprettet_av: str | None
    organisasjon: str | None

    @strawberry.field(description="The linked persons the caller may read (others are left out).")
    async def personer(self, info: Info[Context, None]) -> list[Person]:
        context = info.context
        rows = await context.loaders.hendelse_personer.load(int(self.id))
        result = []
        for row in rows:
            decided = tilgang(context.caller, row, duf_oppslag=False, today=context.today)
            if decided.grunndata:
                result.append(Person(rad=row, tilgang=decided))
        return result

    @classmethod
    def from_row(cls, row: Any) -> KommuneHendelse:
        return cls(**hendelse_fields(row))


@strawberry.type
class NotatPayload:
    notat: KommuneHendelse | None
    feil: list[UserError]


@strawberry.input
class NotatInput:
    tittel: str = bounds.field(length=bounds.TITTEL)
    saksomrade: Omrade
    tekst: str = bounds.field(length=bounds.NOTAT)
    personer: list[str] = bounds.field(
        "DUF-numbers of persons the caller may read.",
        items=bounds.NOTAT_PERSONER,
        item_length=bounds.IDENTIFIKATOR,
        default_factory=list,
    )
    kommunenummer: str | None = bounds.field(
        "IMDi only: the kommune the notat is on.", length=bounds.IDENTIFIKATOR, default=None
    )


@strawberry.type(description="Where vedtaksbrev and the like are sent.")
class OffisiellKontakt:
    adresse: str | None
    postnummer: str | None
    poststed: str | None
    epost: str | None


@strawberry.type(description="The kommune's refugee office; IMDi contacts it and letters go there.")
class Flyktningkontor:
    avdeling: str | None
    adresse: str | None
    postnummer: str | None
    navn: str | None
    telefon: str | None
    epost: str | None


@strawberry.type
class KommuneKontaktinformasjon:
    offisiell: OffisiellKontakt
    flyktningkontor: Flyktningkontor
    endret: datetime | None


@strawberry.input
class FlyktningkontorInput:
    avdeling: str = bounds.field(length=bounds.AVDELING)
    adresse: str = bounds.field(length=bounds.ADRESSE)
    postnummer: str = bounds.field("Four digits.", length=bounds.IDENTIFIKATOR)
    navn: str = bounds.field(length=bounds.NAVN)
    telefon: str = bounds.field(length=bounds.TELEFON)
    epost: str = bounds.field(length=bounds.EPOST)


@strawberry.type
class KontaktinformasjonPayload:
    kontaktinformasjon: KommuneKontaktinformasjon | None
    feil: list[UserError]


@strawberry.type(description="A user, as its administrators see it.")
class AdministrertBruker:
    id: strawberry.ID
    subject: str
    navn: str
    epost: str | None
    aktiv: bool
    roller: list[Rolle]
    organisasjon_id: strawberry.ID
    organisasjon_type: OrganisasjonType
    organisasjon: str
    kommunenummer: str | None
    opprettet: datetime
    deaktivert: datetime | None


@strawberry.type
class BrukerPayload:
    bruker: AdministrertBruker | None
    feil: list[UserError]


@strawberry.input
class OpprettBrukerInput:
    subject: str = bounds.field(
        "The identity provider's subject (sub claim).", length=bounds.SUBJECT
    )
    navn: str = bounds.field(length=bounds.NAVN)
    epost: str | None = bounds.field(length=bounds.EPOST, default=None)
    roller: list[Rolle] = bounds.field(items=len(Rolle), default_factory=list)
    organisasjon_id: strawberry.ID | None = strawberry.field(
        default=None, description="IMDi's admin only; a kommune admin creates in its kommune."
    )
