"""The root Query type."""

from __future__ import annotations

import strawberry

from resolvers import anmodning as anmodning_resolvers
from resolvers import bosettingsdato as bosettingsdato_resolvers
from resolvers import bosettingsrapport as bosettingsrapport_resolvers
from resolvers import brukere as bruker_resolvers
from resolvers import fordeling as fordeling_resolvers
from resolvers import hendelsesfeed as hendelsesfeed_resolvers
from resolvers import innmelding as innmelding_resolvers
from resolvers import innsynslogg as innsynslogg_resolvers
from resolvers import kommune as kommune_resolvers
from resolvers import me as me_resolvers
from resolvers import personer as person_resolvers
from resolvers import utboks as utboks_resolvers
from resolvers import utsokte as utsokte_resolvers
from resolvers import varsler as varsel_resolvers
from schema import bounds
from schema.anmodning import Anmodning, OversiktBosetting
from schema.arbeidsflate import Arbeidsflate
from schema.bosettingsdato import BosettingsdatoKandidat
from schema.bosettingsrapport import Bosettingsrapport
from schema.brev import Brev
from schema.brukere import AdministrertBruker, Bruker
from schema.fordeling import Fordeling
from schema.innmelding import Innmelding
from schema.kommune import Kommune, KommuneHendelse
from schema.pagination import Connection
from schema.partnerhendelse import Partnerhendelse
from schema.person import Person
from schema.statistikk import Statistikk, statistikk
from schema.utsokte import Utsokt
from schema.varsel import Varsel


@bounds.checked
@strawberry.type(
    description="What the caller may read. Every field answers within the caller's rights: a "
    "kommune user sees its own kommune, IMDi every kommune, Bufetat EM under 15, an analyst "
    "statistics only."
)
class Query:
    me: Bruker = strawberry.field(resolver=me_resolvers.me, description="The logged-in user.")
    kommune: Kommune | None = strawberry.field(
        resolver=kommune_resolvers.kommune, description="One kommune by its four-digit number."
    )
    kommuner: list[Kommune] = strawberry.field(
        resolver=kommune_resolvers.kommuner, description="All kommuner, or those of one fylke."
    )
    person: Person | None = strawberry.field(
        resolver=person_resolvers.person,
        description="One person by exact DUF-nr. Null when there is none, or when the caller "
        "may see nothing of it (the two look the same).",
    )
    personer: list[Person | None] = strawberry.field(
        resolver=person_resolvers.personer,
        description="Up to 200 persons by exact DUF-nr, in the order asked; null as for `person`.",
    )
    personsok: Connection[Person] = strawberry.field(
        resolver=person_resolvers.personsok,
        description="Personsøk by exactly one of: name (typos and diacritics tolerated), exact "
        "DUF-nr, personnummer or registreringsnummer. Only an exact DUF-nr finds persons "
        "outside the caller's reach, and then shows their identitet alone.",
    )
    innsynslogg: Connection[innsynslogg_resolvers.Innsyn] | None = strawberry.field(
        resolver=innsynslogg_resolvers.innsynslogg,
        description="Who read which section of a person's personmappe, newest first (IMDi only).",
    )
    kommunens_innsynslogg: Connection[innsynslogg_resolvers.Innsyn] | None = strawberry.field(
        resolver=innsynslogg_resolvers.kommunens_innsynslogg,
        description="Kommune_Admin: what the users of the caller's own kommune read of persons' "
        "personmappe (who, which person, which section, when), newest first; never another "
        "kommune's users' reads.",
    )

    fordeling: Fordeling | None = strawberry.field(
        resolver=fordeling_resolvers.fordeling,
        description="One fordeling; null when there is none or the caller may not read it.",
    )
    fordelinger: Connection[Fordeling] = strawberry.field(
        resolver=fordeling_resolvers.fordelinger,
        description="Fordelinger, newest first: a kommune's own (status NY, BEKREFTET, SENDT); "
        "IMDi's of every kommune.",
    )
    utsokte: Connection[Utsokt] | None = strawberry.field(
        resolver=utsokte_resolvers.utsokte,
        description="The kommune's persons (hente liste over utsøkte til kommunen): everyone "
        "søkt ut to it or bosatt in it, filtered by status, category, nationality and the "
        "periods of the utsøking and the bosettingsdato, sorted by any of them. A kommune's "
        "Bosetter roles read their own kommune's; IMDi names the kommune.",
    )
    bosettingsrapport: Bosettingsrapport | None = strawberry.field(
        resolver=bosettingsrapport_resolvers.bosettingsrapport,
        description="Bosettingsrapport: the kommune's own persons søkt ut and bosatt, counted by "
        "year, month, category, nationality and age group, with the median waiting time from "
        "the vedtak om opphold. A kommune's Bosetter roles read their own kommune's whatever "
        "they name; IMDi names the kommune.",
    )
    bosettingsdatoer: Connection[BosettingsdatoKandidat] | None = strawberry.field(
        resolver=bosettingsdato_resolvers.bosettingsdatoer,
        description="Registrer bosettingsdato: persons søkt ut to the kommune and not yet "
        "bosatt, the longest waiting first.",
    )

    anmodning: Anmodning | None = strawberry.field(
        resolver=anmodning_resolvers.anmodning,
        description="One anmodning; null when there is none or the caller may not read it.",
    )
    anmodninger: Connection[Anmodning] = strawberry.field(
        resolver=anmodning_resolvers.anmodninger,
        description="Anmodninger, newest first; filter by status and by the period sent.",
    )
    oversikt_bosetting: OversiktBosetting | None = strawberry.field(
        resolver=anmodning_resolvers.oversikt_bosetting,
        description="Vedtak, fordelt, søkt ut, bosatt and ledige plasser of one kommune and year.",
    )
    oversikt_bosetting_alle: list[OversiktBosetting] | None = strawberry.field(
        resolver=anmodning_resolvers.oversikt_bosetting_alle,
        description="IMDi: the oversikt of every kommune for a year.",
    )

    innmelding: Innmelding | None = strawberry.field(
        resolver=innmelding_resolvers.innmelding,
        description="One innmelding; null when there is none or the caller may not read it.",
    )
    innmeldinger: Connection[Innmelding] = strawberry.field(
        resolver=innmelding_resolvers.innmeldinger,
        description="Innmeldinger, newest first: the kommune's own; IMDi's and Bufetat's to "
        "handle. `apne: true` waiting or in handling, `false` finished.",
    )
    hendelsesfeed: list[Partnerhendelse] | None = strawberry.field(
        resolver=hendelsesfeed_resolvers.hendelsesfeed,
        description="The partners' feed: the events your organisation may know, numbered in "
        "the order they happened; poll with the last number you read (`etter`) and nothing is "
        "missed. A mottak: its residents søkt ut (with the kommune and the expected settlement "
        "week) and bosatt; UDI: the same for overføringsflyktninger; Bufetat: the innmeldinger "
        "of EM under 15. The subscription `hendelsesfeed` delivers the same live.",
    )
    utboks: Connection[Brev] | None = strawberry.field(
        resolver=utboks_resolvers.utboks,
        description="The outbox: every letter, newest first, where it is and why its last "
        "attempt failed; `status: FEILET` lists the dead letters. IMDi only.",
    )
    kommunehendelser: Connection[KommuneHendelse] | None = strawberry.field(
        resolver=kommune_resolvers.kommune_hendelser,
        description="The kommune's hendelser (systemhendelser and notater), newest first; "
        "filter by område and type. A kommune user reads its own; IMDi names the kommune.",
    )
    brukere: Connection[AdministrertBruker] | None = strawberry.field(
        resolver=bruker_resolvers.brukere,
        description="Users: a Kommune_Admin's own kommune's; IMDi_Admin's every organisation's.",
    )
    varsler: Connection[Varsel] = strawberry.field(
        resolver=varsel_resolvers.varsler,
        description="The caller's varsler, unread first; `kunUleste` for the unread only.",
    )
    antall_uleste_varsler: int = strawberry.field(
        resolver=varsel_resolvers.antall_uleste,
        description="How many of the caller's varsler are unread (the count on the bell).",
    )

    statistikk: Statistikk | None = strawberry.field(
        resolver=statistikk,
        description="Statistics for analysts and IMDi: counts only, never a person's data.",
    )

    @strawberry.field(description="The logged-in user's arbeidsflate.")
    def arbeidsflate(self) -> Arbeidsflate:
        return Arbeidsflate()
