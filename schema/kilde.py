"""What source systems write through the API (issue 16, part 1), and what they are answered:
per person, created, changed, unchanged or refused with its field-level errors."""

from __future__ import annotations

from datetime import date

import strawberry

from schema import bounds
from schema.enums import Botilbud, Familierolle, Kildestatus, Kjonn, Sakstype
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
