"""A kommune: its facts, its hendelser and notater, its contact details."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from authz.policy import Handling, kan
from authz.scope import avgjor_rad
from models import Utboks
from schema import bounds
from schema.brev import Brev, brevside
from schema.context import Context
from schema.enums import Brevstatus, HendelseType, Omrade, OrganisasjonType
from schema.errors import ForbiddenError, UserError
from schema.pagination import Connection, First
from schema.person import Person, hendelse_fields


@strawberry.type(description="A hendelse on a kommune: a systemhendelse or a notat.")
class KommuneHendelse:
    id: strawberry.ID = strawberry.field(description="The hendelse's id.")
    type: HendelseType = strawberry.field(description="Systemhendelse or notat.")
    omrade: Omrade = strawberry.field(description="The saksområde it belongs to.")
    kommunenummer: str | None = strawberry.field(description="The kommune it is on.")
    tittel: str = strawberry.field(description="Its title.")
    tekst: str | None = strawberry.field(
        description="A notat's text, or a systemhendelse's short account (a reason, a comment)."
    )
    detaljer: JSON = strawberry.field(
        description="Vis detaljer: a systemhendelse's facts as a JSON object (the ids and values "
        "of the step); an empty object for a notat."
    )
    tidspunkt: datetime = strawberry.field(description="When it was written.")
    opprettet_av: str | None = strawberry.field(
        description="The user who wrote the notat or took the step; null: the system alone."
    )
    organisasjon: str | None = strawberry.field(description="That user's organisation.")

    @strawberry.field(description="The linked persons the caller may read (others are left out).")
    async def personer(self, info: Info[Context, None]) -> list[Person]:
        context = info.context
        rows = await context.loaders.hendelse_personer.load(int(self.id))
        result = []
        for row in rows:
            decided = avgjor_rad(context.caller, row, duf_oppslag=False, today=context.today)
            if decided.grunndata:
                result.append(Person(rad=row, tilgang=decided))
        return result

    @classmethod
    def from_row(cls, row: Any) -> KommuneHendelse:
        return cls(**hendelse_fields(row))


@strawberry.type(description="The result of opprettNotat.")
class NotatPayload:
    notat: KommuneHendelse | None = strawberry.field(
        description="The notat written; null when it was refused."
    )
    feil: list[UserError] = strawberry.field(description="Empty when the notat was written.")


@strawberry.input(description="A notat (Opprett notat): title, saksområde, text, linked persons.")
class NotatInput:
    tittel: str = bounds.field("The notat's title.", length=bounds.TITTEL)
    saksomrade: Omrade = strawberry.field(description="The saksområde it belongs to.")
    tekst: str = bounds.field("The notat's text.", length=bounds.NOTAT)
    personer: list[str] = bounds.field(
        "DUF-numbers of persons the caller may read, to link the notat to: it then shows in "
        "their hendelser (to IMDi and the kommune they are in).",
        items=bounds.NOTAT_PERSONER,
        item_length=bounds.IDENTIFIKATOR,
        default_factory=list,
    )
    kommunenummer: str | None = bounds.field(
        "IMDi only: the kommune the notat is on (a kommune user writes on its own).",
        length=bounds.IDENTIFIKATOR,
        default=None,
    )
    anmodning_id: strawberry.ID | None = bounds.field(
        "An anmodning the caller may read, to put the notat on (saksomrade ANMODNING): it then "
        "shows in the anmodning's hendelser too, on the anmodning's kommune.",
        length=bounds.IDENTIFIKATOR,
        default=None,
    )


@strawberry.type(description="Where vedtaksbrev and the like are sent.")
class OffisiellKontakt:
    adresse: str | None = strawberry.field(description="The official postal address.")
    postnummer: str | None = strawberry.field(description="Postnummer: four digits.")
    poststed: str | None = strawberry.field(description="Poststed: the post town.")
    epost: str | None = strawberry.field(
        description="The official e-mail address, preferably the kommune's postmottak."
    )


@strawberry.type(description="The kommune's refugee office; IMDi contacts it and letters go there.")
class Flyktningkontor:
    avdeling: str | None = strawberry.field(description="Avdeling/kontor: the department.")
    adresse: str | None = strawberry.field(description="The office's address.")
    postnummer: str | None = strawberry.field(description="Postnummer: four digits.")
    navn: str | None = strawberry.field(
        description="The contact person (flyktningkonsulent) by name."
    )
    telefon: str | None = strawberry.field(description="Phone number.")
    epost: str | None = strawberry.field(description="E-mail address.")


@strawberry.type(
    description="The kommune's kontaktinformasjon: its official address and its refugee office."
)
class KommuneKontaktinformasjon:
    offisiell: OffisiellKontakt = strawberry.field(
        description="The official contact, where vedtaksbrev and the like are sent."
    )
    flyktningkontor: Flyktningkontor = strawberry.field(
        description="The refugee office (flyktningkontor/flyktningkonsulent), kept by the kommune."
    )
    endret: datetime | None = strawberry.field(
        description="When the refugee office was last changed; null: never."
    )


@strawberry.input(description="The refugee office's contact details; every field is required.")
class FlyktningkontorInput:
    avdeling: str = bounds.field("Avdeling/kontor: the department.", length=bounds.AVDELING)
    adresse: str = bounds.field("The office's address.", length=bounds.ADRESSE)
    postnummer: str = bounds.field("Postnummer: four digits.", length=bounds.IDENTIFIKATOR)
    navn: str = bounds.field("The contact person by name.", length=bounds.NAVN)
    telefon: str = bounds.field("Phone number.", length=bounds.TELEFON)
    epost: str = bounds.field("E-mail address.", length=bounds.EPOST)


@strawberry.type(description="The result of oppdaterFlyktningkontor.")
class KontaktinformasjonPayload:
    kontaktinformasjon: KommuneKontaktinformasjon | None = strawberry.field(
        description="The kommune's kontaktinformasjon after the change; null when it was refused."
    )
    feil: list[UserError] = strawberry.field(description="Empty when the change was saved.")


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


@bounds.checked
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

    @strawberry.field(
        description="Letters to the kommune and to the persons it settles, newest first (its "
        "data roles; IMDi any kommune's). What they list names no person; `pdf` is each one's "
        "content, for Bosetter roles and IMDi."
    )
    async def brev(
        self,
        info: Info[Context, None],
        first: First,
        status: Annotated[
            Brevstatus | None, strawberry.argument(description="Only letters where this is.")
        ] = None,
        after: bounds.After = None,
    ) -> Connection[Brev] | None:
        principal = info.context.caller
        if not kan(principal, Handling.LESE_BREV):
            raise ForbiddenError()
        return await brevside(
            info.context.db,
            principal,
            Utboks.kommunenummer == self.nummer,
            kind="brev",
            first=first,
            status=status,
            after=after,
        )

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
