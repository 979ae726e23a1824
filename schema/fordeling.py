"""Fordelinger and their rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry

from authz.scope import avgjor_rad
from resolvers.preload import preload, selected
from schema import bounds
from schema.context import Context, Ctx
from schema.enums import Boligtype, FordelingStatus, Kategori, Kjonn
from schema.errors import ForbiddenError, UserError
from schema.person import Person, alder, kategori


def person_of(context: Context, row: Any) -> Person | None:
    """The row's person as the caller may see it (its relation, not a DUF-nr lookup)."""
    decided = avgjor_rad(context.caller, row, duf_oppslag=False, today=context.today)
    return Person(rad=row, tilgang=decided) if decided.noe else None


@strawberry.type(
    description="What IMDi sends about each person on a fordeling: data of the row, not of the "
    "person, so every kommune role that reads the fordeling reads it (Anmoder roles too), before "
    "and after the answer, whether or not it may read the person. As of today."
)
class FordelingRadSammendrag:
    kategori: Kategori = strawberry.field(description="The person's category today.")
    alder: int = strawberry.field(description="The person's age in whole years.")
    kjonn: Kjonn = strawberry.field(description="The person's sex.")
    nasjonalitet: str = strawberry.field(description="ISO 3166-1 alpha-3 (SYR, AFG, …).")
    boligtype: Boligtype = strawberry.field(
        description="Familiebolig (part of a family) or bofellesskap (single)."
    )
    familiestorrelse: int = strawberry.field(
        description="How many persons the family case has (the same registreringsnummer), the "
        "person included."
    )

    @classmethod
    def from_row(cls, row: Any, today: date) -> FordelingRadSammendrag:
        age = alder(row.fodselsdato, today)
        return cls(
            kategori=kategori(row.enslig_mindrearig, age),
            alder=age,
            kjonn=Kjonn(row.kjonn),
            nasjonalitet=row.nasjonalitet,
            boligtype=Boligtype(row.boligtype),
            familiestorrelse=row.familiestorrelse,
        )


@strawberry.type(description="A person on a fordeling, and the kommune's answer for it.")
class FordelingRad:
    id: strawberry.ID = strawberry.field(
        description="The row's id (radId in settForventetBosetting and settBosettes)."
    )
    boligtype: Boligtype = strawberry.field(
        description="Familiebolig (part of a family) or bofellesskap (single)."
    )
    innmelding_id: strawberry.ID | None = strawberry.field(
        description="The kommune's innmelding this person answers, if any."
    )
    forste_mulige_uke: date | None = strawberry.field(
        description="Monday of the first possible settlement week (resettlement refugees)."
    )
    siste_mulige_uke: date | None = strawberry.field(
        description="Monday of the last possible settlement week (resettlement refugees)."
    )
    forventet_bosetting: date | None = strawberry.field(
        description="The kommune's expected settlement time; null: not set yet."
    )
    bosettes: bool = strawberry.field(
        description="Bosettes: true while the kommune will take the person (ticked); the whole "
        "family on the list follows."
    )
    begrunnelse_ikke_bosettes: str | None = strawberry.field(
        description="Why the kommune cannot take the person (when unticked)."
    )
    sammendrag: FordelingRadSammendrag = strawberry.field(
        description="The summary of the person IMDi sends with the row (kategori, age, sex, "
        "nationality, boligtype, the family's size): every role that reads the fordeling "
        "reads it."
    )
    person_value: strawberry.Private[Person | None]

    @strawberry.field(description="The person, by the caller's access to it.")
    def person(self) -> Person | None:
        if self.person_value is None:
            raise ForbiddenError()
        return self.person_value

    @classmethod
    def from_row(cls, context: Context, row: Any) -> FordelingRad:
        return cls(
            id=strawberry.ID(str(row.rad_id)),
            boligtype=Boligtype(row.boligtype),
            innmelding_id=None
            if row.innmelding_id is None
            else strawberry.ID(str(row.innmelding_id)),
            forste_mulige_uke=row.forste_mulige_uke,
            siste_mulige_uke=row.siste_mulige_uke,
            forventet_bosetting=row.forventet_bosetting,
            bosettes=row.bosettes,
            begrunnelse_ikke_bosettes=row.begrunnelse_ikke_bosettes,
            sammendrag=FordelingRadSammendrag.from_row(row, context.today),
            person_value=person_of(context, row),
        )


@strawberry.type(description="A fordelingsliste IMDi proposes to one kommune.")
class Fordeling:
    id: strawberry.ID = strawberry.field(description="The fordeling's id.")
    navn: str = strawberry.field(
        description="The list's name, e.g. '0628 Hurum oktober 2018': kommune, month and year."
    )
    kommunenummer: str = strawberry.field(description="The kommune it is proposed to.")
    status: FordelingStatus = strawberry.field(description="Where it is.")
    opprettet: datetime = strawberry.field(description="When IMDi created it.")
    sendt: datetime | None = strawberry.field(
        description="When IMDi sent it to the kommune; null: not sent (UTKAST)."
    )
    bekreftet: datetime | None = strawberry.field(
        description="When the kommune confirmed the list (step one); null: not confirmed."
    )
    svart: datetime | None = strawberry.field(
        description="When the kommune sent its answer (step two); null: not answered."
    )
    versjon: int = strawberry.field(
        description="Send it back with bekreftFordeling and sendFordelingssvar: a list changed "
        "since you read it is refused."
    )

    @strawberry.field(description="The persons on the list, families together.")
    async def rader(self, info: Ctx) -> list[FordelingRad]:
        rows = await info.context.loaders.fordeling_rader.load(int(self.id))
        rader = [FordelingRad.from_row(info.context, row) for row in rows]
        await preload(
            info.context,
            [rad.person_value for rad in rader],
            selected(info.selected_fields[0].selections, "person"),
        )
        return rader

    @classmethod
    def from_row(cls, row: Any) -> Fordeling:
        return cls(
            id=strawberry.ID(str(row.id)),
            navn=row.navn,
            kommunenummer=row.kommunenummer,
            status=FordelingStatus(row.status),
            opprettet=row.opprettet,
            sendt=row.sendt,
            bekreftet=row.bekreftet,
            svart=row.svart,
            versjon=row.versjon,
        )


@strawberry.type(description="The result of a step on a fordeling.")
class FordelingPayload:
    fordeling: Fordeling | None = strawberry.field(description="The fordeling after the step.")
    feil: list[UserError] = strawberry.field(description="Empty when the step was taken.")


@strawberry.input(description="One person to put on a fordeling.")
class FordelingRadInput:
    duf_nr: str = bounds.field(
        "The person's DUF-nummer: 12 digits. The person is bosettingsklar.",
        length=bounds.IDENTIFIKATOR,
    )
    boligtype: Boligtype | None = strawberry.field(
        default=None, description="Default: FAMILIEBOLIG for families, else BOFELLESSKAP."
    )
    innmelding_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The kommune's innmelding this person answers (one of this kommune's).",
    )
    forste_mulige_uke: date | None = strawberry.field(
        default=None,
        description="Overføringsflyktninger only, and required for them: the Monday of the "
        "first possible settlement week.",
    )
    siste_mulige_uke: date | None = strawberry.field(
        default=None,
        description="Overføringsflyktninger only, and required for them: the Monday of the last "
        "possible settlement week (not before the first).",
    )
    overstyr_bindende_tilknytning: str | None = bounds.field(
        "A person with a bindende tilknytning to another kommune is fordelt only there; IMDi "
        "overrides the tie with this reason (a hendelse on the person). Null for anyone else.",
        length=bounds.BEGRUNNELSE,
        default=None,
    )


@strawberry.input(description="A new fordelingsliste for one kommune.")
class OpprettFordelingInput:
    kommunenummer: str = bounds.field(
        "The kommune to propose the list to: a kommunenummer, four digits.",
        length=bounds.IDENTIFIKATOR,
    )
    navn: str | None = bounds.field(
        "The list's name; null: the kommunenummer, the kommune's name, the month and year.",
        length=bounds.NAVN,
        default=None,
    )
    personer: list[FordelingRadInput] = bounds.field(
        "The persons, each once; a family (registreringsnummer) comes whole: every member who is "
        "bosettingsklar.",
        items=bounds.PERSONER,
    )
