"""Every domain enum the schema uses, registered with Strawberry once, here.

Schema modules import enums from this module (not from ``models.enums``), so an enum is
always registered before any type refers to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

import strawberry

from models.enums import (
    Aldersgruppe,
    AnmodningStatus,
    BindendeTilknytning,
    Boligtype,
    Bosettingsstatus,
    Botilbud,
    Brevkanal,
    Brevmal,
    Brevstatus,
    EmTiltakType,
    Familierelasjon,
    Familierolle,
    Ferdighetsniva,
    FordelingStatus,
    HendelseType,
    InnmeldingSortering,
    InnmeldingStatus,
    InnmeldingType,
    Kategori,
    Kilde,
    Kildestatus,
    Kjonn,
    KompetanseType,
    Omrade,
    OrganisasjonType,
    Panel,
    Partnerhendelsetype,
    Personmappeseksjon,
    PersonnummerType,
    RapportDimensjon,
    Rekkefolge,
    Rolle,
    Sakstype,
    Snarvei,
    StatistikkDimensjon,
    Tilknytning,
    Tilknytningskriterium,
    UtsoktSortering,
    UtsoktStatus,
    VedtakStatus,
    VentetidFra,
)


def _describe(enum: type[Enum], description: str, values: Mapping[Any, str]) -> None:
    """Register ``enum`` with a description of the type and of every value; a value left
    undescribed (or one described that the enum lacks) stops the schema from being built."""
    strawberry.enum(enum, description=description)
    definition = enum.__strawberry_definition__  # type: ignore[attr-defined]
    names = {member.name for member in values}
    missing = sorted({value.name for value in definition.values} ^ names)
    if missing:
        raise TypeError(f"{enum.__name__}: describe exactly its values ({', '.join(missing)})")
    by_name = {member.name: text for member, text in values.items()}
    for value in definition.values:
        value.description = by_name[value.name]


_describe(
    Rolle,
    "A user's role (the guide's Roller og tilganger). A user may hold several; they combine.",
    {
        Rolle.KOMMUNE_ANMODER_SKRIV: "Kommune_Anmoder_Skriv: opens, handles and answers IMDi's "
        "anmodninger and registers the vedtak; reads the kommune's hendelser and writes notater; "
        "reads the fordelinger the kommune got (their rows' summary); "
        "searches persons bosatt in the kommune and reads their grunndata, never a personmappe.",
        Rolle.KOMMUNE_ANMODER_LES: "Kommune_Anmoder_Les: reads the anmodninger, the vedtak, the "
        "fordelinger the kommune got and its answers; searches persons bosatt in the kommune and "
        "reads their grunndata, never a personmappe.",
        Rolle.KOMMUNE_BOSETTER_SKRIV: "Kommune_Bosetter_Skriv: every settlement process: answers "
        "fordelinger, registers bosettingsdato, sends innmeldinger; searches persons søkt ut to or "
        "bosatt in the kommune and reads their personmappe.",
        Rolle.KOMMUNE_BOSETTER_LES: "Kommune_Bosetter_Les: reads the personmappe of persons søkt "
        "ut to or bosatt in the kommune, searches them, reads the fordelinger and innmeldinger.",
        Rolle.KOMMUNE_ADMIN: "Kommune_Admin: creates the kommune's users and grants them the four "
        "kommune roles; gives no access to data by itself.",
        Rolle.IMDI_SAKSBEHANDLER: "IMDi_Saksbehandler: IMDi's case worker: sends anmodninger and "
        "fordelinger, confirms vedtak, handles innmeldinger, reads every person and writes its "
        "sosial informasjon, helse and karriereveiledning.",
        Rolle.IMDI_ADMIN: "IMDi_Admin: administers the users of every organisation; reads as "
        "IMDi's case workers do.",
        Rolle.BUFETAT_SAKSBEHANDLER: "Bufetat_Saksbehandler: Bufetat's case worker: reads the "
        "persons who are EM under 15 and handles their innmeldinger.",
        Rolle.ANALYTIKER: "Analytiker: reads statistics only (counts, protected), never one "
        "person's data.",
        Rolle.INTEGRASJON: "Integrasjon: a mottak's or UDI's system: registers bosettingsdato "
        "for its own persons and reads its part of the partners' feed (IOM's too); UDI's UDB "
        "writes grunndata, a mottak's SESAM its residents' contact, merknad and housing health "
        "needs, Selvreg the refugees' own languages and kompetanse.",
    },
)
_describe(
    OrganisasjonType,
    "The kinds of organisation whose users and systems use the API.",
    {
        OrganisasjonType.KOMMUNE: "One of the 357 kommuner: it answers anmodninger and "
        "fordelinger, prepares settlement and sends innmeldinger.",
        OrganisasjonType.IMDI: "IMDi, the directorate: it sends anmodninger and fordelinger, "
        "confirms vedtak and handles innmeldinger.",
        OrganisasjonType.BUFETAT: "Bufetat, the child welfare agency: it handles EM under 15 and "
        "their innmeldinger.",
        OrganisasjonType.MOTTAK: "A mottak (reception centre): its system registers the "
        "bosettingsdato of its residents.",
        OrganisasjonType.UDI: "UDI, the immigration directorate: its system registers the "
        "bosettingsdato of overføringsflyktninger.",
        OrganisasjonType.IOM: "IOM, who organise the travel of overføringsflyktninger: its "
        "system reads their part of the partners' feed.",
        OrganisasjonType.SELVREG: "Selvreg, the refugees' self-registration (run for IMDi): "
        "its system writes the languages and kompetanse a refugee registered; none of IMDi's "
        "rules reach it.",
    },
)
_describe(
    FordelingStatus,
    "Where a fordeling is: UTKAST (IMDi only) → NY → BEKREFTET (step one) → SENDT (the answer).",
    {
        FordelingStatus.UTKAST: "IMDi is preparing the list; the kommune does not see it yet.",
        FordelingStatus.NY: "Sent to the kommune (Ny), not answered yet.",
        FordelingStatus.BEKREFTET: "The kommune confirmed the list (Bekreft liste, step one of "
        "two); the answer is not sent yet.",
        FordelingStatus.SENDT: "The kommune sent its answer (Send svar, step two): the persons "
        "it ticked are søkt ut to it.",
        FordelingStatus.TRUKKET: "Withdrawn by IMDi; not to be answered.",
    },
)
_describe(
    VedtakStatus,
    "Where a vedtak is: UTKAST → GODKJENT (step one) → SENDT (with the answer).",
    {
        VedtakStatus.UTKAST: "Registered by the kommune, not approved yet (or returned by IMDi).",
        VedtakStatus.GODKJENT: "Approved with the answer (Godkjenn, step one of two).",
        VedtakStatus.SENDT: "Sent to IMDi with the answer (step two).",
    },
)
_describe(
    AnmodningStatus,
    "Where an anmodning is (the guide's statuses).",
    {
        AnmodningStatus.IKKE_SVART: "Ikke svart: sent by IMDi, not opened or answered yet.",
        AnmodningStatus.UNDER_ARBEID: "Under arbeid: the kommune opened it and works on its "
        "answer.",
        AnmodningStatus.SVART: "Svart: the kommune sent its answer; IMDi has yet to confirm it.",
        AnmodningStatus.BEKREFTET: "Bekreftet: IMDi confirmed the kommune's answer.",
        AnmodningStatus.PURRET: "Purret: IMDi reminded the kommune to answer.",
        AnmodningStatus.RETURNERT: "Returnert: IMDi sent the answer back for correction; the "
        "kommune reopens it.",
    },
)
_describe(
    Kategori,
    "The three categories IMDi asks for and the kommuner decide on.",
    {
        Kategori.ENSLIGE_VOKSNE_OG_FAMILIER: "Enslige voksne og familier: single adults and "
        "families.",
        Kategori.EM_15_18: "Enslige mindreårige 15–18 år: unaccompanied minors aged 15 to 17.",
        Kategori.EM_UNDER_15: "Enslige mindreårige under 15 år: unaccompanied minors under 15, "
        "handled with Bufetat.",
    },
)
_describe(
    Kjonn,
    "A person's sex (kjønn).",
    {Kjonn.MANN: "Male.", Kjonn.KVINNE: "Female.", Kjonn.UKJENT: "Not known."},
)
_describe(
    Familierelasjon,
    "How a family member relates to the person whose family it is.",
    {
        Familierelasjon.EKTEFELLE: "The member is the person's spouse or partner.",
        Familierelasjon.BARN: "The member is the person's child.",
        Familierelasjon.FORELDER: "The member is the person's parent.",
        Familierelasjon.SOSKEN: "The member is the person's sibling (søsken).",
        Familierelasjon.ANNEN: "Another relation in the same family case.",
    },
)
_describe(
    PersonnummerType,
    "The kind of Norwegian identity number a person has.",
    {
        PersonnummerType.FODSELSNUMMER: "Fødselsnummer: the population register's 11 digits.",
        PersonnummerType.D_NUMMER: "D-nummer: 11 digits given to those without a fødselsnummer "
        "(the first digit raised by 4).",
    },
)
_describe(
    Sakstype,
    "The kind of case the person came by (sakstype); the screens and boxes shown follow it.",
    {
        Sakstype.ASYL: "Asylum: a former asylum seeker granted residence, usually living in a "
        "mottak.",
        Sakstype.OVERFORINGSFLYKTNING: "Overføringsflyktning: a resettlement (quota) refugee, "
        "interviewed abroad by IMDi and settled within a window of weeks.",
        Sakstype.FAMILIEGJENFORENING: "Familiegjenforening: family reunification with someone "
        "already in Norway.",
        Sakstype.KOLLEKTIV_BESKYTTELSE: "Kollektiv beskyttelse: temporary collective protection.",
    },
)
_describe(
    Bosettingsstatus,
    "Where the person is in the settlement process.",
    {
        Bosettingsstatus.IKKE_BOSETTINGSKLAR: "Not ready for settlement yet (for instance "
        "waiting for residence).",
        Bosettingsstatus.BOSETTINGSKLAR: "Bosettingsklar: ready for settlement; IMDi may put the "
        "person on a fordeling.",
        Bosettingsstatus.FORDELT: "Fordelt: on a fordeling sent to a kommune that has not "
        "answered yet.",
        Bosettingsstatus.SOKT_UT: "Søkt ut: a kommune said yes on a fordeling; not moved in yet.",
        Bosettingsstatus.BOSATT: "Bosatt: moved in; the bosettingsdato is registered.",
        Bosettingsstatus.AVSLUTTET: "Avsluttet: the case is closed without settlement.",
    },
)
_describe(
    Botilbud,
    "Where the person lives before settlement; it decides who registers the bosettingsdato.",
    {
        Botilbud.MOTTAK: "In a mottak (reception centre): the mottak registers the bosettingsdato.",
        Botilbud.PRIVAT: "Privately: the kommune registers the bosettingsdato.",
        Botilbud.INSTITUSJON: "In an institution: the kommune registers the bosettingsdato.",
        Botilbud.AMOT: "In an AMOT place (alternative reception placement in a kommune, agreed "
        "with UDI): the kommune registers the bosettingsdato.",
        Botilbud.UTLANDET: "Abroad (overføringsflyktninger): UDI registers the bosettingsdato.",
    },
)
_describe(
    BindendeTilknytning,
    "Bindende tilknytning: a tie that binds IMDi's choice of kommune to the one it is in.",
    {
        BindendeTilknytning.EGEN_BOLIG: "Own housing the person found, approved by the kommune.",
        BindendeTilknytning.ARBEIDSKONTRAKT: "A confirmed work contract (arbeidskontrakt).",
        BindendeTilknytning.STUDIEPLASS: "A confirmed study place (studieplass).",
        BindendeTilknytning.AMOT: "Alternative reception placement (AMOT) in the kommune.",
    },
)
_describe(
    Kilde,
    "Who registered a piece of information (kilde).",
    {
        Kilde.SELVREG: "Selvreg: the refugee's own registration of kompetanse (mottak residents).",
        Kilde.UDB: "UDB: the police's database (mostly languages).",
        Kilde.IMDI: "IMDi, for instance from its interview of an overføringsflyktning.",
        Kilde.SESAM: "SESAM: the mottak's system (kompetanse mapped before June 2018).",
        Kilde.MOTTAK: "The mottak (reception centre).",
        Kilde.UDI: "UDI, the immigration directorate.",
        Kilde.KOMMUNE: "The kommune.",
    },
)
_describe(
    Ferdighetsniva,
    "A level of speaking, reading or writing a language (the guide's colour codes).",
    {
        Ferdighetsniva.UKJENT: "Unknown (grey).",
        Ferdighetsniva.DARLIG: "Poor (red).",
        Ferdighetsniva.MIDDELS: "Neither good nor poor (yellow).",
        Ferdighetsniva.GODT: "Good or very good (green).",
    },
)
_describe(
    KompetanseType,
    "The kind of a kompetanse entry.",
    {
        KompetanseType.YRKE: "Yrke: an occupation the person has worked in.",
        KompetanseType.YRKESONSKE: "Yrkesønske: an occupation the person wishes to work in.",
        KompetanseType.UTDANNING: "Utdanning: education.",
        KompetanseType.ANNEN_FERDIGHET: "Andre ferdigheter: other skills.",
        KompetanseType.INTERESSE: "Interesser: interests.",
    },
)
_describe(
    Boligtype,
    "The housing a person on a fordeling needs; it shows whether the person is single or part "
    "of a family.",
    {
        Boligtype.FAMILIEBOLIG: "Familiebolig: the person is part of a family.",
        Boligtype.BOFELLESSKAP: "Bofellesskap: a single person, for a shared housing unit.",
    },
)
_describe(
    InnmeldingType,
    "What an innmelding tells IMDi (the guide's Ledige boliger, Bestemte personer and Antall "
    "plasser).",
    {
        InnmeldingType.FAMILIEBOLIG: "A ledig familiebolig: free housing for a family.",
        InnmeldingType.BOFELLESSKAP: "A ledig bofellesskap for adults.",
        InnmeldingType.EM_TILTAK: "A ledig EM-tiltak: a place for unaccompanied minors "
        "(IMDi handles 15–18, Bufetat under 15).",
        InnmeldingType.BESTEMTE_PERSONER: "Bestemte personer: a specific person, by DUF-nr, with "
        "a tie to the kommune.",
        InnmeldingType.ANTALL_PLASSER: "Antall plasser: how many the kommune can settle, from "
        "when.",
    },
)
_describe(
    EmTiltakType,
    "The kind of an EM-tiltak (a place for unaccompanied minors).",
    {
        EmTiltakType.BOFELLESSKAP: "Bofellesskap: shared housing with staff.",
        EmTiltakType.BOLIG_MED_OPPFOLGING: "Bolig med oppfølging: housing with follow-up.",
        EmTiltakType.HYBEL_MED_OPPFOLGING: "Hybel med oppfølging: a bedsit with follow-up.",
        EmTiltakType.FOSTERHJEM: "Fosterhjem: a foster home.",
        EmTiltakType.BARNEVERNSINSTITUSJON: "Barnevernsinstitusjon: a child welfare institution.",
        EmTiltakType.ANNET: "Annet: another kind, described in the merknad (required).",
    },
)
_describe(
    Tilknytning,
    "The tie of a bestemt person to the kommune (the guide's Tilknytning).",
    {
        Tilknytning.AVTALT_SELVBOSETTING: "Avtalt selvbosetting: the person found a housing "
        "contract and the kommune approved it.",
        Tilknytning.ARBEIDSKONTRAKT: "Arbeidskontrakt: the person has a work contract and the "
        "kommune approved it.",
        Tilknytning.STUDIEPLASS: "Studieplass: the person has a study place and the kommune "
        "approved it.",
        Tilknytning.AMOT: "AMOT: UDI placed the person in alternative reception in the kommune; "
        "the person has residence and is to be settled.",
        Tilknytning.NAER_FAMILIE: "Nær familie: close family members live in the kommune.",
    },
)
_describe(
    InnmeldingStatus,
    "Where an innmelding is (the guide's statuses).",
    {
        InnmeldingStatus.VENTER_PA_BEHANDLING: "Venter på behandling: sent, not taken into "
        "handling yet; the kommune may still cancel it.",
        InnmeldingStatus.SAKSBEHANDLES: "Saksbehandles: a case worker at IMDi or Bufetat handles "
        "it.",
        InnmeldingStatus.FERDIGBEHANDLET: "Ferdigbehandlet: handled.",
        InnmeldingStatus.AVSLATT: "Avslått: refused by IMDi or Bufetat, with a reason.",
        InnmeldingStatus.KANSELLERT: "Kansellert: withdrawn by the kommune, with a reason.",
    },
)
_describe(
    HendelseType,
    "The two kinds of hendelse.",
    {
        HendelseType.SYSTEMHENDELSE: "Systemhendelse: written by the system at a step of a "
        "process (an anmodning sent, a fordeling answered, …).",
        HendelseType.NOTAT: "Notat: written by a user of IMDi or the kommune.",
    },
)
_describe(
    Omrade,
    "The saksområde (area) a hendelse, notat or varsel belongs to.",
    {
        Omrade.ANMODNING: "Anmodning og vedtak.",
        Omrade.FORDELING: "Fordeling and utsøking.",
        Omrade.BOSETTING: "Bosetting: the bosettingsdato and the settlement itself.",
        Omrade.INNMELDING: "Innmeldinger.",
        Omrade.PERSON: "The person and its data.",
        Omrade.KOMMUNE: "The kommune itself: its users, its contact information.",
        Omrade.KOMPETANSE: "Kompetanse.",
    },
)
_describe(
    Personmappeseksjon,
    "A section of the personmappe, as written to the innsynslogg when it is read.",
    {
        Personmappeseksjon.KONTAKT: "Kontaktinformasjon.",
        Personmappeseksjon.BOSETTINGSINFO: "Bosettingsinformasjon.",
        Personmappeseksjon.HELSE: "Helseinformasjon.",
        Personmappeseksjon.SOSIAL: "Sosial informasjon.",
        Personmappeseksjon.KOMPETANSE: "Kompetanse.",
        Personmappeseksjon.HENDELSER: "Hendelser.",
    },
)
_describe(
    Panel,
    "A panel of the arbeidsflate.",
    {
        Panel.PERSONSOK: "Personsøk: the search field.",
        Panel.VARSLER: "Varsler: the user's notifications.",
        Panel.PERSONLISTE: "Personliste: the persons the user put there (at most ten).",
        Panel.SNARVEIER: "Snarveier: the user's shortcuts to screens.",
    },
)
_describe(
    Snarvei,
    "A shortcut a user may put on its arbeidsflate, each to one screen.",
    {
        Snarvei.ANMODNINGER: "Anmodning og vedtak.",
        Snarvei.FORDELINGER: "Bosetting – fordelinger.",
        Snarvei.BOSETTINGSDATO: "Registrer bosettingsdato.",
        Snarvei.INNMELDINGER: "Innmeldinger.",
        Snarvei.OVERSIKT_BOSETTING: "Oversikt bosetting.",
        Snarvei.HENDELSER: "The kommune's hendelser.",
        Snarvei.KONTAKTINFORMASJON: "The kommune's kontaktinformasjon.",
    },
)
_describe(
    Tilknytningskriterium,
    "What ties a person to a kommune without binding IMDi's choice (veiledende tilknytning).",
    {
        Tilknytningskriterium.NAER_FAMILIE: "Close family lives in the kommune.",
        Tilknytningskriterium.SLEKT_OG_NETTVERK: "Relatives or a network in the kommune.",
        Tilknytningskriterium.ARBEIDSTILBUD: "An offer of work there, not a confirmed contract.",
        Tilknytningskriterium.UTDANNINGSTILBUD: "An offer of education there, not a confirmed "
        "place.",
        Tilknytningskriterium.HELSETILBUD: "Health services the person needs are there.",
        Tilknytningskriterium.TIDLIGERE_OPPHOLD: "The person lived there before (a mottak, work).",
        Tilknytningskriterium.ANNET: "Something else; the description says what.",
    },
)
_describe(
    UtsoktStatus,
    "Where a person on the kommune's list of its persons stands.",
    {
        UtsoktStatus.SOKT_UT: "Søkt ut to the kommune, waiting for its bosettingsdato.",
        UtsoktStatus.BOSATT: "Bosatt in the kommune: its bosettingsdato is registered.",
    },
)
_describe(
    UtsoktSortering,
    "What the kommune's list of its persons is sorted by; ties by the person's id.",
    {
        UtsoktSortering.SOKT_UT_DATO: "The date of the utsøking.",
        UtsoktSortering.BOSETTINGSDATO: "The bosettingsdato; persons not bosatt yet last.",
        UtsoktSortering.STATUS: "Søkt ut before bosatt.",
        UtsoktSortering.KATEGORI: "The category today: enslige voksne og familier, EM 15–18, "
        "EM under 15.",
        UtsoktSortering.NASJONALITET: "The nationality code (ISO 3166-1 alpha-3).",
        UtsoktSortering.NAVN: "Etternavn, then fornavn.",
    },
)
_describe(
    RapportDimensjon,
    "What a bosettingsrapport groups by. Each event (an utsøking, a bosettingsdato) counts at "
    "its own date.",
    {
        RapportDimensjon.AR: "By year of the event.",
        RapportDimensjon.MANED: "By month of the event (1–12; with AR for a calendar month).",
        RapportDimensjon.KATEGORI: "By the person's category at the event.",
        RapportDimensjon.NASJONALITET: "By nationality (ISO 3166-1 alpha-3).",
        RapportDimensjon.ALDERSGRUPPE: "By the person's age group at the event.",
    },
)
_describe(
    InnmeldingSortering,
    "What a list of innmeldinger is sorted by; ties by the newest sent.",
    {
        InnmeldingSortering.OPPRETTET: "When it was sent.",
        InnmeldingSortering.PERIODE: "The start of the period it applies to (ledigFra, else the "
        "day it was sent).",
        InnmeldingSortering.STATUS: "Its status, in the order of the process.",
        InnmeldingSortering.TYPE: "Its type.",
        InnmeldingSortering.KOMMUNE: "The kommunenummer of the kommune that sent it.",
    },
)
_describe(
    Rekkefolge,
    "Which way a list is sorted.",
    {Rekkefolge.STIGENDE: "Ascending.", Rekkefolge.SYNKENDE: "Descending."},
)
_describe(
    StatistikkDimensjon,
    "A dimension to group statistics by. Each statistic names the ones it can use.",
    {
        StatistikkDimensjon.KOMMUNE: "By kommune (kommunenummer and name). Every statistic.",
        StatistikkDimensjon.FYLKE: "By fylke (fylkesnummer and name). Every statistic.",
        StatistikkDimensjon.AR: "By year: of the bosettingsdato for persons bosatt; the year "
        "asked and decided for in anmodet and vedtatt; for innmeldinger, of the date free from, "
        "else of the date sent. Every statistic.",
        StatistikkDimensjon.KATEGORI: "By category, at the event. bosettinger, ventetid and "
        "anmodetVedtattBosatt.",
        StatistikkDimensjon.NASJONALITET: "By nationality. bosettinger and ventetid.",
        StatistikkDimensjon.ALDERSGRUPPE: "By age group at the bosettingsdato. bosettinger and "
        "ventetid.",
        StatistikkDimensjon.INNMELDINGSTYPE: "By innmelding type. innmeldinger only.",
        StatistikkDimensjon.INNMELDINGSSTATUS: "By innmelding status. innmeldinger only.",
    },
)
_describe(
    Aldersgruppe,
    "An age group, by the age in whole years at the event (the bosettingsdato).",
    {
        Aldersgruppe.AR_0_17: "0 to 17 years.",
        Aldersgruppe.AR_18_29: "18 to 29 years.",
        Aldersgruppe.AR_30_49: "30 to 49 years.",
        Aldersgruppe.AR_50_66: "50 to 66 years.",
        Aldersgruppe.AR_67_PLUSS: "67 years or more.",
    },
)
_describe(
    VentetidFra,
    "Where a waiting time (ventetid) starts; it ends at the bosettingsdato.",
    {
        VentetidFra.VEDTAK_OM_OPPHOLD: "At the decision on residence (vedtak om opphold).",
        VentetidFra.UTSOKING: "At the utsøking: the day a kommune said yes to the person.",
    },
)

_describe(
    Brevmal,
    "What a letter of the outbox is (the guide's Brev).",
    {
        Brevmal.BOSETTING_AV_FLYKTNINGER: "Bosetting av flyktninger: to the kommune, the persons "
        "it søkte ut on a fordeling.",
        Brevmal.VEDTAK_OM_BOSETTINGSKOMMUNE: "Vedtak om bosettingskommune: to the person, the "
        "kommune it is to settle in.",
    },
)
_describe(
    Brevkanal,
    "How a letter reaches its recipient.",
    {
        Brevkanal.ALTINN: "To the kommune (Altinn; here: the file channel and an e-mail varsel).",
        Brevkanal.PAPIR: "To the person, on paper (here: the file channel).",
    },
)
_describe(
    Brevstatus,
    "Where a letter of the outbox is.",
    {
        Brevstatus.VENTER: "Waiting to be sent, or retried after a failed attempt.",
        Brevstatus.SENDT: "Delivered through every channel it goes by.",
        Brevstatus.FEILET: "Dead-lettered: its last attempt failed; IMDi sees it.",
    },
)


_describe(
    Partnerhendelsetype,
    "What an event of the partners' feed tells.",
    {
        Partnerhendelsetype.SOKT_UT: "The person was søkt ut to a kommune (with the expected "
        "settlement week).",
        Partnerhendelsetype.BOSATT: "The person was bosatt: its bosettingsdato was registered.",
        Partnerhendelsetype.BOSETTINGSDATO_KORRIGERT: "The person's bosettingsdato was corrected.",
        Partnerhendelsetype.INNMELDING: "An innmelding Bufetat reads was sent or changed status.",
    },
)


_describe(
    Familierolle,
    "The person's place in its family case (the registreringsnummer).",
    {
        Familierolle.HOVEDPERSON: "The main person of the case.",
        Familierolle.EKTEFELLE: "The main person's spouse or partner.",
        Familierolle.BARN: "A child of the case.",
        Familierolle.ANNEN: "Another member.",
    },
)
_describe(
    Kildestatus,
    "What a source system's write did to one person.",
    {
        Kildestatus.OPPRETTET: "The person was created.",
        Kildestatus.ENDRET: "Something changed (a hendelse on the person says what).",
        Kildestatus.UENDRET: "The delivery matched what was there: nothing changed.",
        Kildestatus.AVVIST: "Refused, with the errors; nothing of this person was written.",
    },
)


__all__ = [
    "Aldersgruppe",
    "AnmodningStatus",
    "BindendeTilknytning",
    "Boligtype",
    "Bosettingsstatus",
    "Botilbud",
    "Brevkanal",
    "Brevmal",
    "Brevstatus",
    "EmTiltakType",
    "Familierelasjon",
    "Familierolle",
    "Ferdighetsniva",
    "FordelingStatus",
    "HendelseType",
    "InnmeldingSortering",
    "InnmeldingStatus",
    "InnmeldingType",
    "Kategori",
    "Kilde",
    "Kildestatus",
    "Kjonn",
    "KompetanseType",
    "Omrade",
    "OrganisasjonType",
    "Panel",
    "Partnerhendelsetype",
    "Personmappeseksjon",
    "PersonnummerType",
    "RapportDimensjon",
    "Rekkefolge",
    "Rolle",
    "Sakstype",
    "Snarvei",
    "StatistikkDimensjon",
    "Tilknytning",
    "Tilknytningskriterium",
    "UtsoktSortering",
    "UtsoktStatus",
    "VedtakStatus",
    "VentetidFra",
]
