"""The domain's closed vocabularies; values are what the API and the database store."""

from __future__ import annotations

from enum import StrEnum


class OrganisasjonType(StrEnum):
    KOMMUNE = "KOMMUNE"
    IMDI = "IMDI"
    BUFETAT = "BUFETAT"
    MOTTAK = "MOTTAK"
    UDI = "UDI"
    IOM = "IOM"
    SELVREG = "SELVREG"


class Rolle(StrEnum):
    KOMMUNE_ANMODER_SKRIV = "Kommune_Anmoder_Skriv"
    KOMMUNE_ANMODER_LES = "Kommune_Anmoder_Les"
    KOMMUNE_BOSETTER_SKRIV = "Kommune_Bosetter_Skriv"
    KOMMUNE_BOSETTER_LES = "Kommune_Bosetter_Les"
    KOMMUNE_ADMIN = "Kommune_Admin"
    IMDI_SAKSBEHANDLER = "IMDi_Saksbehandler"
    IMDI_ADMIN = "IMDi_Admin"
    BUFETAT_SAKSBEHANDLER = "Bufetat_Saksbehandler"
    ANALYTIKER = "Analytiker"
    INTEGRASJON = "Integrasjon"


KOMMUNE_ROLLER = frozenset(
    {
        Rolle.KOMMUNE_ANMODER_SKRIV,
        Rolle.KOMMUNE_ANMODER_LES,
        Rolle.KOMMUNE_BOSETTER_SKRIV,
        Rolle.KOMMUNE_BOSETTER_LES,
        Rolle.KOMMUNE_ADMIN,
    }
)

ROLLER_FOR_ORGANISASJON: dict[OrganisasjonType, frozenset[Rolle]] = {
    OrganisasjonType.KOMMUNE: KOMMUNE_ROLLER,
    OrganisasjonType.IMDI: frozenset(
        {Rolle.IMDI_SAKSBEHANDLER, Rolle.IMDI_ADMIN, Rolle.ANALYTIKER}
    ),
    OrganisasjonType.BUFETAT: frozenset({Rolle.BUFETAT_SAKSBEHANDLER}),
    OrganisasjonType.MOTTAK: frozenset({Rolle.INTEGRASJON}),
    OrganisasjonType.UDI: frozenset({Rolle.INTEGRASJON}),
    OrganisasjonType.IOM: frozenset({Rolle.INTEGRASJON}),
    OrganisasjonType.SELVREG: frozenset({Rolle.INTEGRASJON}),
}


class Kategori(StrEnum):
    ENSLIGE_VOKSNE_OG_FAMILIER = "ENSLIGE_VOKSNE_OG_FAMILIER"
    EM_15_18 = "EM_15_18"
    EM_UNDER_15 = "EM_UNDER_15"


class Kjonn(StrEnum):
    MANN = "MANN"
    KVINNE = "KVINNE"
    UKJENT = "UKJENT"


class Familierolle(StrEnum):
    """The person's place in the family case (registreringsnummer)."""

    HOVEDPERSON = "HOVEDPERSON"
    EKTEFELLE = "EKTEFELLE"
    BARN = "BARN"
    ANNEN = "ANNEN"


class Familierelasjon(StrEnum):
    """How one family member relates to another."""

    EKTEFELLE = "EKTEFELLE"
    BARN = "BARN"
    FORELDER = "FORELDER"
    SOSKEN = "SOSKEN"
    ANNEN = "ANNEN"


class PersonnummerType(StrEnum):
    FODSELSNUMMER = "FODSELSNUMMER"
    D_NUMMER = "D_NUMMER"


class Sakstype(StrEnum):
    ASYL = "ASYL"
    OVERFORINGSFLYKTNING = "OVERFORINGSFLYKTNING"
    FAMILIEGJENFORENING = "FAMILIEGJENFORENING"
    KOLLEKTIV_BESKYTTELSE = "KOLLEKTIV_BESKYTTELSE"


class Bosettingsstatus(StrEnum):
    IKKE_BOSETTINGSKLAR = "IKKE_BOSETTINGSKLAR"
    BOSETTINGSKLAR = "BOSETTINGSKLAR"
    FORDELT = "FORDELT"
    SOKT_UT = "SOKT_UT"
    BOSATT = "BOSATT"
    AVSLUTTET = "AVSLUTTET"


class Botilbud(StrEnum):
    """Where the person lives before settlement (decides who registers the bosettingsdato)."""

    MOTTAK = "MOTTAK"
    PRIVAT = "PRIVAT"
    INSTITUSJON = "INSTITUSJON"
    AMOT = "AMOT"
    UTLANDET = "UTLANDET"


class BindendeTilknytning(StrEnum):
    EGEN_BOLIG = "EGEN_BOLIG"
    ARBEIDSKONTRAKT = "ARBEIDSKONTRAKT"
    STUDIEPLASS = "STUDIEPLASS"
    AMOT = "AMOT"


class Tilknytningskriterium(StrEnum):
    """What ties a person to a kommune without binding IMDi (veiledende tilknytning)."""

    NAER_FAMILIE = "NAER_FAMILIE"
    SLEKT_OG_NETTVERK = "SLEKT_OG_NETTVERK"
    ARBEIDSTILBUD = "ARBEIDSTILBUD"
    UTDANNINGSTILBUD = "UTDANNINGSTILBUD"
    HELSETILBUD = "HELSETILBUD"
    TIDLIGERE_OPPHOLD = "TIDLIGERE_OPPHOLD"
    ANNET = "ANNET"


class Kilde(StrEnum):
    SELVREG = "SELVREG"
    UDB = "UDB"
    IMDI = "IMDI"
    SESAM = "SESAM"
    MOTTAK = "MOTTAK"
    UDI = "UDI"
    KOMMUNE = "KOMMUNE"


class Ferdighetsniva(StrEnum):
    UKJENT = "UKJENT"
    DARLIG = "DARLIG"
    MIDDELS = "MIDDELS"
    GODT = "GODT"


class KompetanseType(StrEnum):
    YRKE = "YRKE"
    YRKESONSKE = "YRKESONSKE"
    UTDANNING = "UTDANNING"
    ANNEN_FERDIGHET = "ANNEN_FERDIGHET"
    INTERESSE = "INTERESSE"


class AnmodningStatus(StrEnum):
    IKKE_SVART = "IKKE_SVART"
    UNDER_ARBEID = "UNDER_ARBEID"
    SVART = "SVART"
    BEKREFTET = "BEKREFTET"
    PURRET = "PURRET"
    RETURNERT = "RETURNERT"


class VedtakStatus(StrEnum):
    UTKAST = "UTKAST"
    GODKJENT = "GODKJENT"
    SENDT = "SENDT"


class FordelingStatus(StrEnum):
    UTKAST = "UTKAST"
    NY = "NY"
    BEKREFTET = "BEKREFTET"
    SENDT = "SENDT"
    TRUKKET = "TRUKKET"


class Boligtype(StrEnum):
    FAMILIEBOLIG = "FAMILIEBOLIG"
    BOFELLESSKAP = "BOFELLESSKAP"


class InnmeldingType(StrEnum):
    FAMILIEBOLIG = "FAMILIEBOLIG"
    BOFELLESSKAP = "BOFELLESSKAP"
    EM_TILTAK = "EM_TILTAK"
    BESTEMTE_PERSONER = "BESTEMTE_PERSONER"
    ANTALL_PLASSER = "ANTALL_PLASSER"


class EmTiltakType(StrEnum):
    BOFELLESSKAP = "BOFELLESSKAP"
    BOLIG_MED_OPPFOLGING = "BOLIG_MED_OPPFOLGING"
    HYBEL_MED_OPPFOLGING = "HYBEL_MED_OPPFOLGING"
    FOSTERHJEM = "FOSTERHJEM"
    BARNEVERNSINSTITUSJON = "BARNEVERNSINSTITUSJON"
    ANNET = "ANNET"


class Tilknytning(StrEnum):
    AVTALT_SELVBOSETTING = "AVTALT_SELVBOSETTING"
    ARBEIDSKONTRAKT = "ARBEIDSKONTRAKT"
    STUDIEPLASS = "STUDIEPLASS"
    AMOT = "AMOT"
    NAER_FAMILIE = "NAER_FAMILIE"


class InnmeldingStatus(StrEnum):
    VENTER_PA_BEHANDLING = "VENTER_PA_BEHANDLING"
    SAKSBEHANDLES = "SAKSBEHANDLES"
    FERDIGBEHANDLET = "FERDIGBEHANDLET"
    AVSLATT = "AVSLATT"
    KANSELLERT = "KANSELLERT"


class HendelseType(StrEnum):
    SYSTEMHENDELSE = "SYSTEMHENDELSE"
    NOTAT = "NOTAT"


class Omrade(StrEnum):
    ANMODNING = "ANMODNING"
    FORDELING = "FORDELING"
    BOSETTING = "BOSETTING"
    INNMELDING = "INNMELDING"
    PERSON = "PERSON"
    KOMMUNE = "KOMMUNE"
    KOMPETANSE = "KOMPETANSE"


class Sensitivitet(StrEnum):
    """The classes of DOMAIN.md, least to most sensitive."""

    IDENTITET = "IDENTITET"
    GRUNNDATA = "GRUNNDATA"
    PERSONMAPPE = "PERSONMAPPE"


class Personmappeseksjon(StrEnum):
    """The sections of the personmappe, as written to the innsynslogg."""

    KONTAKT = "KONTAKT"
    BOSETTINGSINFO = "BOSETTINGSINFO"
    HELSE = "HELSE"
    SOSIAL = "SOSIAL"
    KOMPETANSE = "KOMPETANSE"
    HENDELSER = "HENDELSER"


class Brevmal(StrEnum):
    BOSETTING_AV_FLYKTNINGER = "BOSETTING_AV_FLYKTNINGER"
    VEDTAK_OM_BOSETTINGSKOMMUNE = "VEDTAK_OM_BOSETTINGSKOMMUNE"


BREVTITLER = {
    Brevmal.BOSETTING_AV_FLYKTNINGER: "Bosetting av flyktninger",
    Brevmal.VEDTAK_OM_BOSETTINGSKOMMUNE: "Vedtak om bosettingskommune",
}
"""Each letter's title, as the guide names it."""


class Brevkanal(StrEnum):
    ALTINN = "ALTINN"
    PAPIR = "PAPIR"


class Kildestatus(StrEnum):
    """What a source system's write did to one person."""

    OPPRETTET = "OPPRETTET"
    ENDRET = "ENDRET"
    UENDRET = "UENDRET"
    AVVIST = "AVVIST"


class Partnerhendelsetype(StrEnum):
    """What the partners' feed tells."""

    SOKT_UT = "SOKT_UT"
    BOSATT = "BOSATT"
    BOSETTINGSDATO_KORRIGERT = "BOSETTINGSDATO_KORRIGERT"
    INNMELDING = "INNMELDING"


class Brevstatus(StrEnum):
    """Where a letter of the outbox is: waiting (or being retried), sent, or dead-lettered."""

    VENTER = "VENTER"
    SENDT = "SENDT"
    FEILET = "FEILET"


class Panel(StrEnum):
    """The panels of the arbeidsflate."""

    PERSONSOK = "PERSONSOK"
    VARSLER = "VARSLER"
    PERSONLISTE = "PERSONLISTE"
    SNARVEIER = "SNARVEIER"


class Snarvei(StrEnum):
    """Shortcuts a user may put on its arbeidsflate."""

    ANMODNINGER = "ANMODNINGER"
    FORDELINGER = "FORDELINGER"
    BOSETTINGSDATO = "BOSETTINGSDATO"
    INNMELDINGER = "INNMELDINGER"
    OVERSIKT_BOSETTING = "OVERSIKT_BOSETTING"
    HENDELSER = "HENDELSER"
    KONTAKTINFORMASJON = "KONTAKTINFORMASJON"


class StatistikkDimensjon(StrEnum):
    KOMMUNE = "KOMMUNE"
    FYLKE = "FYLKE"
    AR = "AR"
    KATEGORI = "KATEGORI"
    NASJONALITET = "NASJONALITET"
    ALDERSGRUPPE = "ALDERSGRUPPE"
    INNMELDINGSTYPE = "INNMELDINGSTYPE"
    INNMELDINGSSTATUS = "INNMELDINGSSTATUS"


class UtsoktStatus(StrEnum):
    """Where a person on the kommune's list of its persons stands."""

    SOKT_UT = "SOKT_UT"
    BOSATT = "BOSATT"


class UtsoktSortering(StrEnum):
    SOKT_UT_DATO = "SOKT_UT_DATO"
    BOSETTINGSDATO = "BOSETTINGSDATO"
    STATUS = "STATUS"
    KATEGORI = "KATEGORI"
    NASJONALITET = "NASJONALITET"
    NAVN = "NAVN"


class RapportDimensjon(StrEnum):
    AR = "AR"
    MANED = "MANED"
    KATEGORI = "KATEGORI"
    NASJONALITET = "NASJONALITET"
    ALDERSGRUPPE = "ALDERSGRUPPE"


class InnmeldingSortering(StrEnum):
    OPPRETTET = "OPPRETTET"
    PERIODE = "PERIODE"
    STATUS = "STATUS"
    TYPE = "TYPE"
    KOMMUNE = "KOMMUNE"


class Rekkefolge(StrEnum):
    STIGENDE = "STIGENDE"
    SYNKENDE = "SYNKENDE"


class Aldersgruppe(StrEnum):
    """Age at the event, in years."""

    AR_0_17 = "AR_0_17"
    AR_18_29 = "AR_18_29"
    AR_30_49 = "AR_30_49"
    AR_50_66 = "AR_50_66"
    AR_67_PLUSS = "AR_67_PLUSS"


class VentetidFra(StrEnum):
    """Where a waiting time starts: the decision on residence, or the utsøking."""

    VEDTAK_OM_OPPHOLD = "VEDTAK_OM_OPPHOLD"
    UTSOKING = "UTSOKING"
