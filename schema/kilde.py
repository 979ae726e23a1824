"""What source systems write through the API (issue 16, part 1), and what they are answered:
per person, created, changed, unchanged or refused with its field-level errors."""

from __future__ import annotations

from datetime import date

import strawberry

from schema import bounds
from schema.enums import (
    Botilbud,
    Familierolle,
    Ferdighetsniva,
    Kildestatus,
    Kjonn,
    KompetanseType,
    Sakstype,
)
from schema.errors import UserError


@strawberry.input(description="A person's grunndata as UDB (UDI's case system) has it.")
class UdbPersonInput:
    duf_nr: str = bounds.field(
        "The DUF-nummer: 12 digits whose check digits match; UDB's key.",
        length=bounds.IDENTIFIKATOR,
    )
    fornavn: str = bounds.field("First name.", length=bounds.NAVN)
    etternavn: str = bounds.field("Last name.", length=bounds.NAVN)
    fodselsdato: date = strawberry.field(description="Date of birth; not in the future.")
    kjonn: Kjonn = strawberry.field(description="Sex.")
    nasjonalitet: str = bounds.field(
        "ISO 3166-1 alpha-3, in capitals (XXX: stateless).", length=bounds.IDENTIFIKATOR
    )
    registreringsnummer: str = bounds.field(
        "The family case: 1 to 12 digits, shared by its members.", length=bounds.IDENTIFIKATOR
    )
    familierolle: Familierolle = strawberry.field(description="The person's place in the case.")
    sakstype: Sakstype = strawberry.field(description="The kind of case.")
    enslig_mindrearig: bool = strawberry.field(description="An enslig mindreårig.")
    botilbud: Botilbud = strawberry.field(description="Where the person lives now.")
    mellomnavn: str | None = bounds.field("Middle name.", length=bounds.NAVN, default=None)
    personnummer: str | None = bounds.field(
        "Fødselsnummer or D-nummer: 11 digits whose check digits match.",
        length=bounds.IDENTIFIKATOR,
        default=None,
    )
    mottak: str | None = bounds.field(
        "The mottak: required when botilbud is MOTTAK, else null.",
        length=bounds.NAVN,
        default=None,
    )
    vedtak_opphold_dato: date | None = strawberry.field(
        default=None, description="The residence decision's date."
    )
    bosettingsklar_dato: date | None = strawberry.field(
        default=None,
        description="Ready for settlement from this date: a person not yet ready becomes "
        "BOSETTINGSKLAR.",
    )
    sivilstand: str | None = bounds.field("Marital status.", length=bounds.TITTEL, default=None)
    morsmal: str | None = bounds.field("Mother tongue.", length=bounds.TITTEL, default=None)
    religion: str | None = bounds.field("Religion.", length=bounds.TITTEL, default=None)


@strawberry.input(description="Kontaktinformasjon as the mottak has it.")
class SesamKontaktInput:
    adresse: str | None = bounds.field("The address.", length=bounds.ADRESSE, default=None)
    postnummer: str | None = bounds.field("Four digits.", length=bounds.IDENTIFIKATOR, default=None)
    poststed: str | None = bounds.field("The postal town.", length=bounds.NAVN, default=None)
    epost: str | None = bounds.field("E-mail.", length=bounds.EPOST, default=None)
    telefon: str | None = bounds.field("Phone.", length=bounds.TELEFON, default=None)


@strawberry.input(description="What SESAM (a mottak's system) has of one of its residents.")
class SesamPersonInput:
    duf_nr: str = bounds.field(
        "The resident's DUF-nummer (botilbud MOTTAK at this mottak).",
        length=bounds.IDENTIFIKATOR,
    )
    kontaktinformasjon: SesamKontaktInput | None = strawberry.field(
        default=None,
        description="The whole kontaktinformasjon, replacing SESAM's; null: left as it is.",
    )
    bosettingsmerknad: str | None = bounds.field(
        "SESAM's bosettingsmerknad (IMDi keeps its own); null: left as it is; empty: removed.",
        length=bounds.BEGRUNNELSE,
        default=None,
    )
    bosettingsrelevant_helseinfo: str | None = bounds.field(
        "Health needs that matter for the housing; null: left as it is; empty: cleared.",
        length=bounds.BEGRUNNELSE,
        default=None,
    )
    mottak: str | None = bounds.field(
        "The registered mottak the resident moved to (then it is that mottak's resident; UDB "
        "delivering its placement again leaves it there); null: left as it is.",
        length=bounds.NAVN,
        default=None,
    )


@strawberry.input(description="Helseinformasjon as IMDi registers it: the whole section.")
class ImdiHelseInput:
    bosettingsrelevant_helseinfo: str | None = bounds.field(
        "Health needs that matter for the housing.", length=bounds.BEGRUNNELSE, default=None
    )
    svangerskap: str | None = bounds.field(
        "A pregnancy; required with a termin.", length=bounds.BEGRUNNELSE, default=None
    )
    termin: date | None = strawberry.field(default=None, description="The due date.")
    helsetilstand: str | None = bounds.field(
        "Known serious health problems.", length=bounds.BEGRUNNELSE, default=None
    )


@strawberry.input(description="A karriereveiledning conversation; the case worker is its veileder.")
class KarriereveiledningInput:
    dato: date = strawberry.field(description="When; not in the future.")
    notat: str = bounds.field("What was said (required).", length=bounds.NOTAT)
    malsetting: str | None = bounds.field("The goal.", length=bounds.BEGRUNNELSE, default=None)
    anbefaling: str | None = bounds.field(
        "The recommendation.", length=bounds.BEGRUNNELSE, default=None
    )


MAKS_OPPFORINGER = 100
"""Languages or kompetanse entries of one person in one delivery."""


@strawberry.input(description="A language, as its source registers it; the name is its key.")
class SprakInput:
    sprak: str = bounds.field(
        "The language by its Norwegian name (arabisk, …); each source keeps its own levels.",
        length=bounds.TITTEL,
    )
    tale: Ferdighetsniva = strawberry.field(description="How well the person speaks it.")
    lese: Ferdighetsniva = strawberry.field(description="How well the person reads it.")
    skrive: Ferdighetsniva = strawberry.field(description="How well the person writes it.")
    morsmal: bool = strawberry.field(default=False, description="The person's mother tongue.")


@strawberry.input(description="A kompetanse entry, upserted by its source's own key.")
class KompetanseInput:
    nokkel: str = bounds.field(
        "The source's own key of the entry: the same key again changes that entry.",
        length=bounds.KILDENOKKEL,
    )
    type: KompetanseType = strawberry.field(description="Which list of the kompetanse.")
    tittel: str = bounds.field(
        "The occupation, education, skill or interest (required).", length=bounds.TITTEL
    )
    beskrivelse: str | None = bounds.field(
        "More about it.", length=bounds.BEGRUNNELSE, default=None
    )
    land: str | None = bounds.field(
        "Where it was done: ISO 3166-1 alpha-3, in capitals.",
        length=bounds.IDENTIFIKATOR,
        default=None,
    )
    fra_ar: int | None = strawberry.field(default=None, description="The year it started.")
    til_ar: int | None = strawberry.field(
        default=None, description="The year it ended; not before fraAr."
    )
    antall_ar: int | None = strawberry.field(default=None, description="For how many years.")
    fullfort: bool | None = strawberry.field(
        default=None, description="Utdanning only: whether it was completed."
    )


@strawberry.input(description="The Selvreg form as the refugee typed it, every value as text.")
class SelvregGrunndataInput:
    tittel: str | None = bounds.field("The title as typed.", length=bounds.TITTEL, default=None)
    beskrivelse: str | None = bounds.field(
        "The description as typed.", length=bounds.BEGRUNNELSE, default=None
    )
    land: str | None = bounds.field("The country as typed.", length=bounds.NAVN, default=None)
    fra_ar: str | None = bounds.field(
        "The start as typed.", length=bounds.IDENTIFIKATOR, default=None
    )
    til_ar: str | None = bounds.field(
        "The end as typed.", length=bounds.IDENTIFIKATOR, default=None
    )
    fullfort: str | None = bounds.field(
        "Completed? as answered.", length=bounds.IDENTIFIKATOR, default=None
    )
    sprak: str | None = bounds.field(
        "The language the form was filled in.", length=bounds.TITTEL, default=None
    )


@strawberry.input(description="A kompetanse entry from Selvreg: normalised, and as typed.")
class SelvregKompetanseInput(KompetanseInput):
    som_skrevet: SelvregGrunndataInput | None = strawberry.field(
        default=None, description="The form as the refugee typed it (Vis grunndata fra Selvreg)."
    )


@strawberry.input(description="A refugee's self-registered record, as Selvreg has it.")
class SelvregPersonInput:
    duf_nr: str = bounds.field("The person's DUF-nummer.", length=bounds.IDENTIFIKATOR)
    sprak: list[SprakInput] | None = bounds.field(
        "Languages to write (upserted by name); null: none.",
        items=MAKS_OPPFORINGER,
        default=None,
    )
    fjern_sprak: list[str] | None = bounds.field(
        "Selvreg's languages to remove, by name.",
        items=MAKS_OPPFORINGER,
        item_length=bounds.TITTEL,
        default=None,
    )
    kompetanse: list[SelvregKompetanseInput] | None = bounds.field(
        "Entries to write (upserted by Selvreg's key); null: none.",
        items=MAKS_OPPFORINGER,
        default=None,
    )
    fjern_kompetanse: list[str] | None = bounds.field(
        "Selvreg's entries to remove, by its key.",
        items=MAKS_OPPFORINGER,
        item_length=bounds.KILDENOKKEL,
        default=None,
    )


@strawberry.type(description="What a source's write did to one person.")
class Kilderesultat:
    duf_nr: str = strawberry.field(description="The person, as the source named it.")
    status: Kildestatus = strawberry.field(description="Created, changed, unchanged or refused.")
    feil: list[UserError] = strawberry.field(
        description="Why it was refused (the field as personer[i].name); empty otherwise."
    )


@strawberry.type(description="A source's delivery, person by person.")
class KildeskrivingPayload:
    resultater: list[Kilderesultat] = strawberry.field(
        description="One per person delivered, in order."
    )
    gjentatt: bool = strawberry.field(
        description="True: this idempotency key was delivered before; nothing was written and "
        "the earlier answer is given."
    )
