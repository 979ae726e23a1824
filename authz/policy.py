"""Who may read which class of a person's data: the table of DOMAIN.md, as code.

A decision is made once per person per request, from facts loaded for the whole batch
(:mod:`authz.scope`), and travels with the person; permission classes only read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from authz.principal import Principal
from models.enums import Kilde, OrganisasjonType, Rolle, Sensitivitet


class Relasjon(StrEnum):
    """The person's relation to the caller's kommune K."""

    INGEN = "INGEN"
    """No relation to K (nothing, or another kommune)."""
    FORDELING = "FORDELING"
    """On a fordeling sent to K that K has not answered yet."""
    SOKT_UT = "SOKT_UT"
    """Søkt ut to K, not yet bosatt."""
    BOSATT = "BOSATT"
    """Bosatt in K."""


@dataclass(frozen=True, slots=True)
class Fakta:
    """What the policy needs to know of one person, relative to one principal."""

    relasjon: Relasjon
    em_under_15: bool
    duf_oppslag: bool
    """The caller reached the person by an exact DUF-nr lookup."""


ANMODER = frozenset({Rolle.KOMMUNE_ANMODER_SKRIV, Rolle.KOMMUNE_ANMODER_LES})
BOSETTER = frozenset({Rolle.KOMMUNE_BOSETTER_SKRIV, Rolle.KOMMUNE_BOSETTER_LES})
KOMMUNE_DATAROLLER = ANMODER | BOSETTER
"""Kommune_Admin is not here: it grants no data access by itself."""
IMDI = frozenset({Rolle.IMDI_SAKSBEHANDLER, Rolle.IMDI_ADMIN})
BUFETAT = frozenset({Rolle.BUFETAT_SAKSBEHANDLER})

ALLE = frozenset(Relasjon)
I_K = frozenset({Relasjon.SOKT_UT, Relasjon.BOSATT})

IDENTITET = frozenset({Sensitivitet.IDENTITET})
GRUNNDATA = frozenset({Sensitivitet.IDENTITET, Sensitivitet.GRUNNDATA})
ALT = frozenset(Sensitivitet)


@dataclass(frozen=True, slots=True)
class Regel:
    hvem: OrganisasjonType
    roller: frozenset[Rolle]
    relasjoner: frozenset[Relasjon]
    klasser: frozenset[Sensitivitet]
    bare_duf_oppslag: bool = False
    bare_em_under_15: bool = False


# Each row grants; nothing else does. Reads as DOMAIN.md "Who sees what of a person".
POLICY: tuple[Regel, ...] = (
    # identitet: any kommune role, on an exact DUF-nr lookup, for any person.
    Regel(OrganisasjonType.KOMMUNE, KOMMUNE_DATAROLLER, ALLE, IDENTITET, bare_duf_oppslag=True),
    # grunndata: any kommune role if bosatt in K.
    Regel(OrganisasjonType.KOMMUNE, KOMMUNE_DATAROLLER, frozenset({Relasjon.BOSATT}), GRUNNDATA),
    # grunndata: Bosetter roles if in K or on a fordeling sent to K.
    Regel(OrganisasjonType.KOMMUNE, BOSETTER, I_K | {Relasjon.FORDELING}, GRUNNDATA),
    # personmappe: Bosetter roles (Les or Skriv) and in K; never Anmoder roles.
    Regel(OrganisasjonType.KOMMUNE, BOSETTER, I_K, ALT),
    # IMDi: everything, of everyone.
    Regel(OrganisasjonType.IMDI, IMDI, ALLE, ALT),
    # Bufetat: everything, of EM under 15.
    Regel(OrganisasjonType.BUFETAT, BUFETAT, ALLE, ALT, bare_em_under_15=True),
    # Analysts, integrations and kommune admins: no row, so no person data.
)


@dataclass(frozen=True, slots=True)
class Tilgang:
    """The classes one principal may read of one person."""

    identitet: bool
    grunndata: bool
    personmappe: bool

    @property
    def noe(self) -> bool:
        return self.identitet


INGEN_TILGANG = Tilgang(identitet=False, grunndata=False, personmappe=False)


def klasser(principal: Principal, fakta: Fakta) -> frozenset[Sensitivitet]:
    granted: set[Sensitivitet] = set()
    for regel in POLICY:
        if regel.hvem != principal.organisasjon_type or principal.roller.isdisjoint(regel.roller):
            continue
        if fakta.relasjon not in regel.relasjoner:
            continue
        if regel.bare_duf_oppslag and not fakta.duf_oppslag:
            continue
        if regel.bare_em_under_15 and not fakta.em_under_15:
            continue
        granted |= regel.klasser
    return frozenset(granted)


def avgjor(principal: Principal, fakta: Fakta) -> Tilgang:
    granted = klasser(principal, fakta)
    return Tilgang(
        identitet=Sensitivitet.IDENTITET in granted,
        grunndata=Sensitivitet.GRUNNDATA in granted,
        personmappe=Sensitivitet.PERSONMAPPE in granted,
    )


def kan_soke(principal: Principal) -> bool:
    """Whether the principal may search persons at all (beyond an exact DUF-nr)."""
    return any(
        regel.hvem == principal.organisasjon_type
        and not principal.roller.isdisjoint(regel.roller)
        and not regel.bare_duf_oppslag
        for regel in POLICY
    )


def ser_innsynslogg(principal: Principal) -> bool:
    """Only IMDi reads the innsynslogg; a kommune never sees a person's log."""
    return principal.organisasjon_type == OrganisasjonType.IMDI and principal.har(*IMDI)


class Handling(StrEnum):
    """The steps of the processes, each allowed to a set of roles (see HANDLINGER)."""

    LESE_FORDELING = "LESE_FORDELING"
    SVARE_FORDELING = "SVARE_FORDELING"
    SENDE_FORDELING = "SENDE_FORDELING"
    LESE_BOSETTINGSDATO = "LESE_BOSETTINGSDATO"
    REGISTRERE_BOSETTINGSDATO = "REGISTRERE_BOSETTINGSDATO"
    REGISTRERE_BOSETTINGSDATO_INTEGRASJON = "REGISTRERE_BOSETTINGSDATO_INTEGRASJON"
    KORRIGERE_BOSETTINGSDATO = "KORRIGERE_BOSETTINGSDATO"
    LESE_UTSOKTE = "LESE_UTSOKTE"
    LESE_BOSETTINGSRAPPORT = "LESE_BOSETTINGSRAPPORT"
    LESE_ANMODNING = "LESE_ANMODNING"
    SVARE_ANMODNING = "SVARE_ANMODNING"
    SENDE_ANMODNING = "SENDE_ANMODNING"
    LESE_OVERSIKT = "LESE_OVERSIKT"
    MELDE_INN = "MELDE_INN"
    LESE_INNMELDING = "LESE_INNMELDING"
    BEHANDLE_INNMELDING = "BEHANDLE_INNMELDING"
    LESE_KOMMUNEHENDELSER = "LESE_KOMMUNEHENDELSER"
    SKRIVE_NOTAT = "SKRIVE_NOTAT"
    LESE_KONTAKTINFO = "LESE_KONTAKTINFO"
    ENDRE_KONTAKTINFO = "ENDRE_KONTAKTINFO"
    ADMINISTRERE_BRUKERE = "ADMINISTRERE_BRUKERE"
    LESE_STATISTIKK = "LESE_STATISTIKK"
    LESE_KOMMUNENS_INNSYNSLOGG = "LESE_KOMMUNENS_INNSYNSLOGG"
    LESE_BREV = "LESE_BREV"
    LESE_BREVINNHOLD = "LESE_BREVINNHOLD"
    LESE_UTBOKS = "LESE_UTBOKS"
    SENDE_BREV_PA_NYTT = "SENDE_BREV_PA_NYTT"
    LESE_HENDELSESFEED = "LESE_HENDELSESFEED"
    SKRIVE_UDB = "SKRIVE_UDB"
    SKRIVE_SESAM = "SKRIVE_SESAM"
    SKRIVE_SELVREG = "SKRIVE_SELVREG"
    SKRIVE_PERSONMAPPE = "SKRIVE_PERSONMAPPE"


# Who may take each step. Kommune steps apply to the caller's own kommune only (the
# resolvers scope every query by it); IMDi's to every kommune.
HANDLINGER: dict[Handling, tuple[tuple[OrganisasjonType, frozenset[Rolle]], ...]] = {
    # The guide: Bosetter roles work the fordelinger; Anmoder_Les reads them and the answers.
    # DOMAIN.md "The fordeling row's summary": every kommune data role of K reads the rows'
    # summary on K's own fordelinger, Anmoder_Skriv too (the persons keep their own rules).
    Handling.LESE_FORDELING: (
        (OrganisasjonType.KOMMUNE, KOMMUNE_DATAROLLER),
        (OrganisasjonType.IMDI, IMDI),
    ),
    # Issue 16: the kommune's letters "under the kommune's data roles", a person's letter
    # IMDi's and the person's kommune's (authz.scope.lesbare_brev). What a letter lists (no
    # personal data) every data role reads; its content (the PDF: names and DUF-numbers of
    # persons søkt ut, or the person's vedtak) only the roles that read persons søkt ut to K:
    # Anmoder roles see a person's identitet on an exact DUF-nr lookup only. IMDi_Admin reads
    # as IMDi's case workers do (its role's description).
    Handling.LESE_BREV: (
        (OrganisasjonType.KOMMUNE, KOMMUNE_DATAROLLER),
        (OrganisasjonType.IMDI, IMDI),
    ),
    Handling.LESE_BREVINNHOLD: (
        (OrganisasjonType.KOMMUNE, BOSETTER),
        (OrganisasjonType.IMDI, IMDI),
    ),
    # The outbox as a whole, dead letters included: IMDi's operators.
    Handling.LESE_UTBOKS: ((OrganisasjonType.IMDI, IMDI),),
    # A dead letter sent again: IMDi's operators, who see the dead letters.
    Handling.SENDE_BREV_PA_NYTT: ((OrganisasjonType.IMDI, IMDI),),
    # Issue 16: grunndata comes from UDB, UDI's case system, alone (it alone creates persons).
    Handling.SKRIVE_UDB: ((OrganisasjonType.UDI, frozenset({Rolle.INTEGRASJON})),),
    # Issue 16: a mottak's SESAM writes its residents' contact, merknad and housing health
    # needs (authz.scope.sesams_personer: its own residents only).
    Handling.SKRIVE_SESAM: ((OrganisasjonType.MOTTAK, frozenset({Rolle.INTEGRASJON})),),
    # Issue 16: Selvreg writes the refugee's self-registered languages and kompetanse.
    Handling.SKRIVE_SELVREG: ((OrganisasjonType.SELVREG, frozenset({Rolle.INTEGRASJON})),),
    # Issue 16: IMDi's case workers write sosial informasjon, helse and karriereveiledning.
    Handling.SKRIVE_PERSONMAPPE: ((OrganisasjonType.IMDI, frozenset({Rolle.IMDI_SAKSBEHANDLER})),),
    # Issue 16: the partners' feed (authz.scope.partnerfeed says which events each reads).
    Handling.LESE_HENDELSESFEED: (
        (OrganisasjonType.MOTTAK, frozenset({Rolle.INTEGRASJON})),
        (OrganisasjonType.UDI, frozenset({Rolle.INTEGRASJON})),
        (OrganisasjonType.IOM, frozenset({Rolle.INTEGRASJON})),
        (OrganisasjonType.BUFETAT, frozenset({Rolle.BUFETAT_SAKSBEHANDLER})),
    ),
    Handling.SVARE_FORDELING: (
        (OrganisasjonType.KOMMUNE, frozenset({Rolle.KOMMUNE_BOSETTER_SKRIV})),
    ),
    Handling.SENDE_FORDELING: ((OrganisasjonType.IMDI, frozenset({Rolle.IMDI_SAKSBEHANDLER})),),
    Handling.LESE_BOSETTINGSDATO: (
        (OrganisasjonType.KOMMUNE, BOSETTER),
        (OrganisasjonType.IMDI, IMDI),
    ),
    Handling.REGISTRERE_BOSETTINGSDATO: (
        (OrganisasjonType.KOMMUNE, frozenset({Rolle.KOMMUNE_BOSETTER_SKRIV})),
    ),
    Handling.REGISTRERE_BOSETTINGSDATO_INTEGRASJON: (
        (OrganisasjonType.MOTTAK, frozenset({Rolle.INTEGRASJON})),
        (OrganisasjonType.UDI, frozenset({Rolle.INTEGRASJON})),
    ),
    # The guide: Bosetter roles "hente liste over utsøkte til kommunen"; IMDi any kommune's.
    Handling.LESE_UTSOKTE: (
        (OrganisasjonType.KOMMUNE, BOSETTER),
        (OrganisasjonType.IMDI, IMDI),
    ),
    # The guide: Bosetter roles "ha tilgang til bosettingsrapporter" (the kommune's own
    # persons only: authz.scope.rapportkommune); IMDi any kommune's.
    Handling.LESE_BOSETTINGSRAPPORT: (
        (OrganisasjonType.KOMMUNE, BOSETTER),
        (OrganisasjonType.IMDI, IMDI),
    ),
    # A registered bosettingsdato is corrected by the kommune's Bosetter_Skriv (its own dates,
    # within the window: korrigeringshinder) and by IMDi's case workers at any time.
    Handling.KORRIGERE_BOSETTINGSDATO: (
        (OrganisasjonType.KOMMUNE, frozenset({Rolle.KOMMUNE_BOSETTER_SKRIV})),
        (OrganisasjonType.IMDI, frozenset({Rolle.IMDI_SAKSBEHANDLER})),
    ),
    # Anmodning og vedtak: Anmoder_Skriv answers, Anmoder_Les reads; IMDi sends and decides.
    Handling.LESE_ANMODNING: ((OrganisasjonType.KOMMUNE, ANMODER), (OrganisasjonType.IMDI, IMDI)),
    Handling.SVARE_ANMODNING: (
        (OrganisasjonType.KOMMUNE, frozenset({Rolle.KOMMUNE_ANMODER_SKRIV})),
    ),
    Handling.SENDE_ANMODNING: ((OrganisasjonType.IMDI, frozenset({Rolle.IMDI_SAKSBEHANDLER})),),
    # Oversikt bosetting: the kommune's own numbers for every data role; IMDi all kommuner.
    Handling.LESE_OVERSIKT: (
        (OrganisasjonType.KOMMUNE, KOMMUNE_DATAROLLER),
        (OrganisasjonType.IMDI, IMDI),
    ),
    # Innmeldinger: the kommune's Bosetter_Skriv sends them; IMDi handles them, Bufetat those
    # of EM under 15 (the scope decides which one each sees).
    Handling.MELDE_INN: ((OrganisasjonType.KOMMUNE, frozenset({Rolle.KOMMUNE_BOSETTER_SKRIV})),),
    Handling.LESE_INNMELDING: (
        (OrganisasjonType.KOMMUNE, BOSETTER),
        (OrganisasjonType.IMDI, IMDI),
        (OrganisasjonType.BUFETAT, BUFETAT),
    ),
    Handling.BEHANDLE_INNMELDING: (
        (OrganisasjonType.IMDI, frozenset({Rolle.IMDI_SAKSBEHANDLER})),
        (OrganisasjonType.BUFETAT, BUFETAT),
    ),
    # Hendelser og notater of a kommune: its data roles read them; the Skriv roles and IMDi
    # write notater.
    Handling.LESE_KOMMUNEHENDELSER: (
        (OrganisasjonType.KOMMUNE, KOMMUNE_DATAROLLER),
        (OrganisasjonType.IMDI, IMDI),
    ),
    Handling.SKRIVE_NOTAT: (
        (
            OrganisasjonType.KOMMUNE,
            frozenset({Rolle.KOMMUNE_ANMODER_SKRIV, Rolle.KOMMUNE_BOSETTER_SKRIV}),
        ),
        (OrganisasjonType.IMDI, frozenset({Rolle.IMDI_SAKSBEHANDLER})),
    ),
    # Kontaktinformasjon: every user of the kommune reads it, its writers and admin edit it.
    Handling.LESE_KONTAKTINFO: (
        (OrganisasjonType.KOMMUNE, KOMMUNE_DATAROLLER | {Rolle.KOMMUNE_ADMIN}),
        (OrganisasjonType.IMDI, IMDI),
        (OrganisasjonType.BUFETAT, BUFETAT),
    ),
    Handling.ENDRE_KONTAKTINFO: (
        (
            OrganisasjonType.KOMMUNE,
            frozenset(
                {Rolle.KOMMUNE_ADMIN, Rolle.KOMMUNE_ANMODER_SKRIV, Rolle.KOMMUNE_BOSETTER_SKRIV}
            ),
        ),
    ),
    # Users: a Kommune_Admin in its own kommune (the four kommune roles), IMDi admins all.
    Handling.ADMINISTRERE_BRUKERE: (
        (OrganisasjonType.KOMMUNE, frozenset({Rolle.KOMMUNE_ADMIN})),
        (OrganisasjonType.IMDI, frozenset({Rolle.IMDI_ADMIN})),
    ),
    # Statistics (counts only, protected): analysts and IMDi's case workers and admins.
    Handling.LESE_STATISTIKK: ((OrganisasjonType.IMDI, IMDI | {Rolle.ANALYTIKER}),),
    # DOMAIN.md, "The kommune's own access log": its admin reads what its own users read.
    Handling.LESE_KOMMUNENS_INNSYNSLOGG: (
        (OrganisasjonType.KOMMUNE, frozenset({Rolle.KOMMUNE_ADMIN})),
    ),
}


class Korrigeringshinder(StrEnum):
    """Why a caller who may correct bosettingsdatoer may not correct this one."""

    ANNEN_KILDE = "ANNEN_KILDE"
    """A mottak or UDI registered it, not the kommune."""
    VINDU_LUKKET = "VINDU_LUKKET"
    """The kommune's correction window after registering it has closed."""


def korrigeringshinder(
    principal: Principal,
    *,
    kilde: Kilde | None,
    registrert: datetime | None,
    now: datetime,
    vindu: timedelta,
) -> Korrigeringshinder | None:
    """IMDi corrects any registered bosettingsdato at any time; a kommune only the dates it
    registered itself, within ``vindu`` of registering them (an unknown time: never). Which
    utsøkinger a caller reaches at all is :func:`authz.scope.korrigerbare_utsokinger`."""
    if principal.organisasjon_type == OrganisasjonType.IMDI:
        return None
    if kilde != Kilde.KOMMUNE:
        return Korrigeringshinder.ANNEN_KILDE
    if registrert is None or now - registrert > vindu:
        return Korrigeringshinder.VINDU_LUKKET
    return None


@dataclass(frozen=True, slots=True)
class Maskinscope:
    """What one scope of a machine client's token (Maskinporten) grants: a role, for the
    organisations that may hold it, and nothing beyond the listed steps and root fields."""

    organisasjoner: frozenset[OrganisasjonType]
    rolle: Rolle
    handlinger: frozenset[Handling]
    rotfelt: frozenset[str]


MASKINSCOPES: dict[str, Maskinscope] = {
    # Bufetat's system: reads EM under 15 (the policy's Bufetat row) and handles their
    # innmeldinger.
    "imdi:bosetting.bufetat": Maskinscope(
        frozenset({OrganisasjonType.BUFETAT}),
        Rolle.BUFETAT_SAKSBEHANDLER,
        frozenset(
            {Handling.LESE_INNMELDING, Handling.BEHANDLE_INNMELDING, Handling.LESE_HENDELSESFEED}
        ),
        frozenset(
            {
                "me",
                "hendelsesfeed",
                "person",
                "personer",
                "personsok",
                "innmelding",
                "innmeldinger",
                "behandleInnmelding",
                "svarPaInnmelding",
                "ferdigbehandleInnmelding",
                "avslaInnmelding",
            }
        ),
    ),
    # A mottak's or UDI's system: registers bosettingsdato, and reads no person.
    "imdi:bosetting.bosettingsdato": Maskinscope(
        frozenset({OrganisasjonType.MOTTAK, OrganisasjonType.UDI}),
        Rolle.INTEGRASJON,
        frozenset({Handling.REGISTRERE_BOSETTINGSDATO_INTEGRASJON}),
        frozenset({"me", "registrerBosettingsdatoFraIntegrasjon"}),
    ),
    # UDB, UDI's case system: creates and updates persons' grunndata.
    "imdi:bosetting.udb": Maskinscope(
        frozenset({OrganisasjonType.UDI}),
        Rolle.INTEGRASJON,
        frozenset({Handling.SKRIVE_UDB}),
        frozenset({"me", "udbPersoner"}),
    ),
    # SESAM, a mottak's system: writes its residents' contact, merknad and health needs.
    "imdi:bosetting.sesam": Maskinscope(
        frozenset({OrganisasjonType.MOTTAK}),
        Rolle.INTEGRASJON,
        frozenset({Handling.SKRIVE_SESAM}),
        frozenset({"me", "sesamPersoner"}),
    ),
    # Selvreg, the refugees' self-registration: writes their languages and kompetanse.
    "imdi:bosetting.selvreg": Maskinscope(
        frozenset({OrganisasjonType.SELVREG}),
        Rolle.INTEGRASJON,
        frozenset({Handling.SKRIVE_SELVREG}),
        frozenset({"me", "selvregPersoner"}),
    ),
    # A mottak's, UDI's or IOM's system: reads its part of the partners' feed.
    "imdi:bosetting.hendelsesfeed": Maskinscope(
        frozenset({OrganisasjonType.MOTTAK, OrganisasjonType.UDI, OrganisasjonType.IOM}),
        Rolle.INTEGRASJON,
        frozenset({Handling.LESE_HENDELSESFEED}),
        frozenset({"me", "hendelsesfeed"}),
    ),
}


def maskin_rotfelt(principal: Principal) -> frozenset[str] | None:
    """The root fields a machine client's scopes reach; None for a person (no such bound)."""
    if principal.klient_id is None:
        return None
    return frozenset().union(*(MASKINSCOPES[s].rotfelt for s in principal.scopes))


def kan(principal: Principal, handling: Handling) -> bool:
    if principal.klient_id is not None and not any(
        handling in MASKINSCOPES[s].handlinger for s in principal.scopes
    ):
        return False
    return any(
        principal.organisasjon_type == org and not principal.roller.isdisjoint(roller)
        for org, roller in HANDLINGER[handling]
    )
