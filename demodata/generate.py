"""Deterministic demo data: every table's rows, built in memory for a bulk COPY.

The same ``seed`` and ``persons`` give the same rows. Persons are drawn as family cases
(one registreringsnummer), with names fitting their country of origin, valid DUF check
digits and valid fødselsnummer/D-nummer, and every process in several states.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from authz.maskinklient import subject_for
from demodata.ids import personnummer
from demodata.kommuner import load_kommuner
from demodata.names import (
    NORWEGIAN_FIRST,
    NORWEGIAN_LAST,
    ORIGIN_WEIGHTS,
    ORIGINS,
    SETTLED_PER_YEAR,
    Origin,
)
from models.enums import (
    AnmodningStatus,
    BindendeTilknytning,
    Boligtype,
    Bosettingsstatus,
    Botilbud,
    EmTiltakType,
    Familierolle,
    Ferdighetsniva,
    FordelingStatus,
    HendelseType,
    InnmeldingStatus,
    InnmeldingType,
    Kategori,
    Kilde,
    Kjonn,
    KompetanseType,
    Omrade,
    OrganisasjonType,
    PersonnummerType,
    Rolle,
    Sakstype,
    Tilknytning,
    Tilknytningskriterium,
    VedtakStatus,
)
from models.folding import fold
from models.identifikatorer import duf_nr

REFERENCE_DATE = date(2026, 11, 20)
""""Today" in the demo world, fixed so that a seed always gives the same data."""

DEMO_KOMMUNER = ("0301", "4601", "5501", "4204", "1870")
"""Oslo, Bergen, Tromsø, Kristiansand and Sortland (the guide's example) get demo users."""

KOMMUNE_ROLE_USERS: tuple[tuple[str, tuple[Rolle, ...]], ...] = (
    ("anmoder-skriv", (Rolle.KOMMUNE_ANMODER_SKRIV,)),
    ("anmoder-les", (Rolle.KOMMUNE_ANMODER_LES,)),
    ("bosetter-skriv", (Rolle.KOMMUNE_BOSETTER_SKRIV,)),
    ("bosetter-les", (Rolle.KOMMUNE_BOSETTER_LES,)),
    ("saksbehandler", (Rolle.KOMMUNE_ANMODER_SKRIV, Rolle.KOMMUNE_BOSETTER_SKRIV)),
    ("admin", (Rolle.KOMMUNE_ADMIN,)),
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "kommune": (
        "kommunenummer", "navn", "navn_kort", "fylkesnummer", "fylke", "adm_senter",
        "innbyggere", "areal_km2", "malform", "offisiell_adresse", "offisiell_postnummer",
        "offisiell_poststed", "offisiell_epost", "flyktningkontor_avdeling",
        "flyktningkontor_adresse", "flyktningkontor_postnummer", "flyktningkontor_navn",
        "flyktningkontor_telefon", "flyktningkontor_epost",
    ),
    "organisasjon": ("id", "type", "navn", "orgnr", "kommunenummer"),
    "bruker": ("id", "subject", "navn", "epost", "organisasjon_id", "aktiv", "deaktivert"),
    "bruker_rolle": ("bruker_id", "rolle"),
    "person": (
        "id", "duf_nr", "duf_nr_kontroll_ok", "fornavn", "mellomnavn", "etternavn", "navn_sok",
        "fodselsdato", "kjonn", "nasjonalitet", "personnummer", "personnummer_type",
        "registreringsnummer", "familierolle", "sakstype", "bosettingsstatus", "enslig_mindrearig", "botilbud",
        "mottak", "vedtak_opphold_dato", "bosettingsklar_dato", "sivilstand", "morsmal",
        "religion",
    ),
    "person_kontakt": (
        "person_id", "adresse", "postnummer", "poststed", "epost", "telefon", "kilde",
    ),
    "person_bosettingsinfo": (
        "person_id", "bindende_tilknytning", "bindende_tilknytning_kommune",
        "bindende_tilknytning_merknad", "familiebolig", "familiemerknad", "tilknyttede_saker",
        "bofellesskap", "verge_for_bosetting", "folgeperson", "kilde",
    ),
    "person_veiledende_tilknytning": (
        "id", "person_id", "kriterium", "prioritet", "kommunenummer", "beskrivelse", "kilde",
        "registrert",
    ),
    "person_bosettingsmerknad": ("person_id", "kilde", "tekst", "registrert"),
    "person_helse": (
        "person_id", "bosettingsrelevant_helseinfo", "svangerskap", "termin", "helsetilstand",
        "kilde",
    ),
    "person_sosial": ("person_id", "tekst", "kilde"),
    "person_kompetanse_merknad": (
        "person_id", "yrkesmerknad", "utdanningsmerknad", "annen_kompetanse",
        "merknad_annen_kompetanse", "merknad_andre_ferdigheter", "interesser_mottak_imdi",
        "om_registreringen", "registreringsdato", "registreringskilde",
    ),
    "sprak": (
        "id", "person_id", "sprak", "morsmal", "tale", "lese", "skrive", "kilde", "registrert",
    ),
    "kompetanse": (
        "id", "person_id", "type", "tittel", "beskrivelse", "land", "fra_ar", "til_ar",
        "antall_ar", "fullfort", "kilde", "registrert", "selvreg_grunndata", "kildenokkel",
    ),
    "karriereveiledning": (
        "id", "person_id", "dato", "veileder", "malsetting", "anbefaling", "notat", "kilde",
    ),
    "anmodning": (
        "id", "kommunenummer", "tittel", "status", "sendt", "svarfrist", "sendt_av", "apnet",
        "svart", "svart_av", "purret", "bekreftet", "returnert", "imdi_kommentar",
    ),
    "anmodning_tall": ("id", "anmodning_id", "ar", "kategori", "antall"),
    "vedtak": (
        "id", "anmodning_id", "kommunenummer", "ar", "kategori", "antall", "begrunnelse",
        "vedtaksdato", "status", "registrert_av", "registrert", "godkjent", "godkjent_av",
        "sendt", "sendt_av",
    ),
    "vedtaksdokument": (
        "anmodning_id", "filnavn", "innhold", "storrelse", "sha256", "lastet_opp",
        "lastet_opp_av",
    ),
    "innmelding": (
        "id", "kommunenummer", "type", "status", "behandlende_organisasjon", "em_tiltak_type",
        "antall_plasser", "antall_rom", "adresse", "ledig_fra", "ledig_til",
        "tilpasset_saerlig_hensyn", "saerlig_hensyn_beskrivelse", "merknad", "person_id",
        "tilknytning", "familie_kommentar", "opprettet", "opprettet_av", "saksbehandler_id",
        "svar", "ferdigbehandlet", "avslag_begrunnelse", "avslatt", "kansellert_begrunnelse",
        "kansellert", "kansellert_av", "begge_aldersgrupper",
    ),
    "fordeling": (
        "id", "kommunenummer", "navn", "status", "opprettet", "opprettet_av", "sendt",
        "bekreftet", "bekreftet_av", "svart", "svart_av",
    ),
    "fordeling_person": (
        "id", "fordeling_id", "person_id", "boligtype", "innmelding_id", "forste_mulige_uke",
        "siste_mulige_uke", "forventet_bosetting", "bosettes", "begrunnelse_ikke_bosettes",
    ),
    "utsoking": (
        "id", "person_id", "kommunenummer", "fordeling_person_id", "sokt_ut_dato",
        "bosettingsdato", "bosettingsdato_kilde", "aktiv", "bosettingsdato_registrert",
    ),
    "hendelse": (
        "id", "type", "omrade", "kommunenummer", "tittel", "tekst", "detaljer", "opprettet_av",
        "organisasjon_id", "tidspunkt",
    ),
    "hendelse_person": ("hendelse_id", "person_id"),
    "varsel": (
        "id", "bruker_id", "omrade", "tittel", "tekst", "objekt_type", "objekt_id", "opprettet",
        "lest",
    ),
    "personliste": ("bruker_id", "plass", "person_id"),
}  # fmt: skip

LOAD_ORDER = tuple(COLUMNS)

MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
    "oktober", "november", "desember",
)  # fmt: skip
STREETS = ("Storgata", "Kirkeveien", "Skolegata", "Parkveien", "Fjordgata", "Industriveien")
DEMO_MASKINKLIENTER = (
    ("demo-bufetat-system", OrganisasjonType.BUFETAT, Rolle.BUFETAT_SAKSBEHANDLER,
     "Bufetat fagsystem"),
    ("demo-udi-system", OrganisasjonType.UDI, Rolle.INTEGRASJON, "UDI integrasjon"),
    ("demo-mottak-system", OrganisasjonType.MOTTAK, Rolle.INTEGRASJON, "Mottakssystem"),
    ("demo-iom-system", OrganisasjonType.IOM, Rolle.INTEGRASJON, "IOM reiseplanlegging"),
    ("demo-selvreg-system", OrganisasjonType.SELVREG, Rolle.INTEGRASJON, "Selvreg"),
)  # fmt: skip
"""Client ids of the demo machine clients (``bosetting client-token CLIENT_ID``)."""

MOTTAK = (
    "Hvalstad asylmottak", "Nordre Land mottak", "Lindås mottak", "Tromsø statlige mottak",
    "Råde mottak", "Kristiansand mottak", "Fredrikstad mottak", "Sandnes mottak",
)  # fmt: skip
YRKER = (
    "Sykepleier", "Elektriker", "Lærer", "Snekker", "Kokk", "Sjåfør", "Frisør", "Regnskapsfører",
    "Ingeniør", "Butikkmedarbeider", "Bonde", "Mekaniker", "Tannlege", "Programmerer",
)  # fmt: skip
UTDANNINGER = (
    ("Grunnskole", None), ("Videregående skole", None), ("Bachelor i økonomi", "Universitet"),
    ("Fagbrev elektro", "Yrkesfag"), ("Bachelor i sykepleie", "Universitet"),
    ("Master i ingeniørfag", "Universitet"), ("Lærerutdanning", "Høgskole"),
)  # fmt: skip
FERDIGHETER = ("Førerkort klasse B", "Data: Office", "Sveising", "Tolking", "Søm", "Maling")
INTERESSER = ("Fotball", "Matlaging", "Lesing", "Musikk", "Friluftsliv", "Frivillig arbeid")
HELSE = (
    "Trenger bolig uten trapper (rullestolbruker).",
    "Behov for nærhet til sykehus for dialyse tre ganger i uken.",
    "Synshemmet; trenger tilrettelagt bolig og oppfølging.",
    "Barn med autisme; behov for tilrettelagt skoletilbud.",
    "Diabetes type 1; trenger fastlege raskt etter bosetting.",
)  # fmt: skip
HELSETILSTAND = (
    "Kjent hjertesykdom, følges opp av spesialisthelsetjenesten.",
    "Traumesymptomer etter flukt; har startet samtaleterapi.",
    "Nedsatt hørsel, bruker høreapparat.",
)  # fmt: skip
SOSIAL = (
    "Familien har bodd i flyktningleir i {n} år. Foreldrene ønsker at barna skal gå på skole "
    "og at de selv skal lære norsk raskt. Far har arbeidet som {yrke}.",
    "Personen flyktet alene og har bodd i transittland i {n} år. Har et sterkt ønske om å "
    "fullføre utdanning og komme i arbeid som {yrke}.",
)  # fmt: skip
BEGRUNNELSER_IKKE_BOSETTES = (
    "Kommunen har ikke egnet familiebolig ledig i perioden.",
    "Helsebehovene krever tjenester kommunen ikke kan gi.",
    "Kommunen har ikke bofellesskap ledig for enslige.",
)  # fmt: skip


@dataclass
class Counters:
    ids: dict[str, Iterator[int]] = field(default_factory=lambda: defaultdict(itertools.count))

    def next(self, table: str) -> int:
        return next(self.ids[table]) + 1


@dataclass
class Case:
    """A family case: members share a registreringsnummer and one settlement path."""

    registreringsnummer: str
    origin: Origin
    year: int
    sakstype: Sakstype
    status: Bosettingsstatus
    botilbud: Botilbud
    em: bool
    kommune: str | None = None
    sokt_ut: date | None = None
    bosatt: date | None = None
    member_ids: list[int] = field(default_factory=list)
    member_ages: list[int] = field(default_factory=list)
    flytting: tuple[str, date, date] | None = None
    """The family moved on after settling: (new kommune, søkt ut there, bosatt there). The first
    utsøking then ended; the new one is active."""


@dataclass
class DemoData:
    rows: dict[str, list[tuple[Any, ...]]]
    users: list[tuple[str, str, str]]
    """(subject, navn, description) of each demo user."""

    def count(self, table: str) -> int:
        return len(self.rows[table])


def familierolle(index: int, age: int) -> Familierolle:
    """The first member heads the case; an adult second member is the spouse."""
    if index == 0:
        return Familierolle.HOVEDPERSON
    if age >= 18:
        return Familierolle.EKTEFELLE if index == 1 else Familierolle.ANNEN
    return Familierolle.BARN


def _ts(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _registrert(bosatt: date | None) -> datetime | None:
    """When a bosettingsdato was registered: the working day after it."""
    return None if bosatt is None else _ts(bosatt + timedelta(days=1), 14)


LAND_SOM_SKREVET = {
    "UKR": "Ukraina", "SYR": "syria", "AFG": "Afganistan", "ERI": "Eritrea", "COD": "Kongo",
    "SOM": "somalia", "SSD": "Sør-Sudan", "SDN": "Sudan", "TUR": "Tyrkia",
}  # fmt: skip
"""Countries as refugees type them in Selvreg (spelling and case as typed)."""


def _selvreg(
    tittel: str, beskrivelse: str | None, land: str | None, fra: int | None, til: int | None,
    fullfort: bool | None, origin: Origin,
) -> str:  # fmt: skip
    """A Selvreg entry as the refugee typed it (``Kompetanse.selvreg_grunndata``): the title
    in lower case with a stray space, the country by name, the years as text. No random draws:
    the rest of the data stays as it was."""
    record = {
        "tittel": tittel.lower() + " ",
        "beskrivelse": beskrivelse,
        "land": None if land is None else LAND_SOM_SKREVET.get(land, land),
        "fraAr": None if fra is None else f"ca. {fra}",
        "tilAr": None if til is None else str(til),
        "fullfort": None if fullfort is None else ("ja" if fullfort else "nei"),
        "sprak": origin.languages[0],
    }
    return json.dumps({k: v for k, v in record.items() if v is not None}, ensure_ascii=False)


def _pdf(tekst: str) -> bytes:
    """A one-page PDF showing ``tekst`` (ASCII after folding): the smallest valid file, with
    its cross-reference table."""
    line = tekst.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 60 760 Td (" + line + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]  # fmt: skip
    body = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(body))
        body += str(number).encode() + b" 0 obj\n" + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 " + str(len(objects) + 1).encode() + b"\n0000000000 65535 f \n"
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += b"trailer\n<< /Size " + str(len(objects) + 1).encode() + b" /Root 1 0 R >>\n"
    return body + b"startxref\n" + str(xref).encode() + b"\n%%EOF\n"


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


class Generator:
    def __init__(self, seed: int, persons: int, progress: Callable[[int], None] | None) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.flyttinger: set[int] = set()
        """Utsøkinger made by a move (not by a fordeling)."""
        self.target = persons
        self.progress = progress or (lambda _n: None)
        self.ids = Counters()
        self.rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in COLUMNS}
        self.users: list[tuple[str, str, str]] = []
        self.kommuner = load_kommuner()
        self.kommune_by_nr = {k.kommunenummer: k for k in self.kommuner}
        weights = [k.innbyggere**0.85 for k in self.kommuner]
        self._kommune_cum = list(itertools.accumulate(weights))
        self.org_of_kommune: dict[str, int] = {}
        self.users_of_kommune: dict[str, dict[str, int]] = defaultdict(dict)
        self.imdi_user = 0
        self.imdi_org = 0
        self.duf_serial: dict[int, int] = {}
        self.personnummer_seen: set[str] = set()
        self.cases: list[Case] = []
        self.siste_anmodning: dict[str, int] = {}
        """Each kommune's newest anmodning (a notat goes on it in the demo kommuner)."""

    # -- helpers -------------------------------------------------------------------------
    def add(self, table: str, *values: Any) -> None:
        self.rows[table].append(values)

    def pick_kommune(self) -> str:
        x = self.rng.random() * self._kommune_cum[-1]
        return self.kommuner[bisect.bisect(self._kommune_cum, x)].kommunenummer

    def pick_origin(self, year: int) -> Origin:
        key = max(y for y in ORIGIN_WEIGHTS if y <= max(year, min(ORIGIN_WEIGHTS)))
        weights = ORIGIN_WEIGHTS[key]
        code = self.rng.choices(list(weights), weights=list(weights.values()))[0]
        return ORIGINS[code]

    def day_in(self, year: int, *, before: date = REFERENCE_DATE) -> date:
        start = date(year, 1, 1)
        end = min(date(year, 12, 31), before)
        return start + timedelta(days=self.rng.randrange(max((end - start).days, 1)))

    def new_duf(self, year: int) -> str:
        serial = self.duf_serial.get(year, self.rng.randrange(1000, 90000))
        self.duf_serial[year] = serial + self.rng.randrange(1, 7)
        return duf_nr(year, serial)

    def new_personnummer(self, birth: date, d_nummer: bool) -> str:
        while True:
            number = personnummer(birth, self.rng, d_nummer=d_nummer)
            if number not in self.personnummer_seen:
                self.personnummer_seen.add(number)
                return number

    # -- organisations and users ---------------------------------------------------------
    def organisations(self) -> None:
        for k in self.kommuner:
            postnr = f"{self.rng.randrange(1000, 9999):04d}"
            self.add(
                "kommune", k.kommunenummer, k.navn, k.navn_kort, k.fylkesnummer, k.fylke,
                k.adm_senter, k.innbyggere, k.areal_km2, k.malform, "Postboks 1",
                postnr, k.adm_senter.upper(), f"postmottak@{fold(k.navn_kort).replace(' ', '')}.kommune.no",
                "Flyktningtjenesten" if k.innbyggere > 20000 else None,
                f"{self.rng.choice(STREETS)} {self.rng.randrange(1, 60)}" if k.innbyggere > 20000 else None,
                postnr if k.innbyggere > 20000 else None,
                None, None, None,
            )  # fmt: skip
            org_id = self.ids.next("organisasjon")
            self.org_of_kommune[k.kommunenummer] = org_id
            orgnr = f"9{int(k.kommunenummer):04d}{self.rng.randrange(1000, 9999):04d}"
            self.add(
                "organisasjon", org_id, OrganisasjonType.KOMMUNE.value,
                f"{k.navn_kort} kommune", orgnr, k.kommunenummer,
            )  # fmt: skip
        others = (
            (OrganisasjonType.IMDI, "Integrerings- og mangfoldsdirektoratet", "974759036"),
            (OrganisasjonType.BUFETAT, "Barne-, ungdoms- og familieetaten", "986128433"),
            (OrganisasjonType.UDI, "Utlendingsdirektoratet", "974760746"),
            (OrganisasjonType.MOTTAK, "Hvalstad asylmottak", "912345674"),
            (OrganisasjonType.IOM, "Den internasjonale organisasjonen for migrasjon", "992141174"),
            (OrganisasjonType.SELVREG, "Selvreg (IMDi)", "974759044"),
        )
        self.other_orgs: dict[OrganisasjonType, int] = {}
        for org_type, navn, orgnr in others:
            org_id = self.ids.next("organisasjon")
            self.other_orgs[org_type] = org_id
            self.add("organisasjon", org_id, org_type.value, navn, orgnr, None)
        self.imdi_org = self.other_orgs[OrganisasjonType.IMDI]

    def user(
        self, subject: str, org_id: int, roller: tuple[Rolle, ...], beskrivelse: str,
        *, aktiv: bool = True,
    ) -> int:  # fmt: skip
        user_id = self.ids.next("bruker")
        navn = f"{self.rng.choice(NORWEGIAN_FIRST)} {self.rng.choice(NORWEGIAN_LAST)}"
        epost = f"{subject}@demo.bosetting.no"
        deaktivert = None if aktiv else _ts(REFERENCE_DATE - timedelta(days=30))
        self.add("bruker", user_id, subject, navn, epost, org_id, aktiv, deaktivert)
        for rolle in roller:
            self.add("bruker_rolle", user_id, rolle.value)
        self.users.append((subject, navn, beskrivelse))
        return user_id

    def demo_users(self) -> None:
        for nr in DEMO_KOMMUNER:
            navn = self.kommune_by_nr[nr].navn_kort
            for suffix, roller in KOMMUNE_ROLE_USERS:
                roles = " + ".join(r.value for r in roller)
                self.users_of_kommune[nr][suffix] = self.user(
                    f"demo-{nr}-{suffix}", self.org_of_kommune[nr], roller, f"{navn}: {roles}"
                )
        self.user(
            "demo-0301-deaktivert", self.org_of_kommune["0301"],
            (Rolle.KOMMUNE_BOSETTER_SKRIV,), "Oslo: deactivated user (always refused)",
            aktiv=False,
        )  # fmt: skip
        self.imdi_user = self.user(
            "demo-imdi-saksbehandler", self.imdi_org, (Rolle.IMDI_SAKSBEHANDLER,),
            "IMDi: IMDi_Saksbehandler",
        )  # fmt: skip
        self.user("demo-imdi-admin", self.imdi_org, (Rolle.IMDI_ADMIN,), "IMDi: IMDi_Admin")
        self.user("demo-analytiker", self.imdi_org, (Rolle.ANALYTIKER,), "IMDi: Analytiker")
        self.user(
            "demo-bufetat-saksbehandler", self.other_orgs[OrganisasjonType.BUFETAT],
            (Rolle.BUFETAT_SAKSBEHANDLER,), "Bufetat: Bufetat_Saksbehandler",
        )  # fmt: skip
        self.user(
            "demo-udi-integrasjon", self.other_orgs[OrganisasjonType.UDI],
            (Rolle.INTEGRASJON,), "UDI: Integrasjon (registers bosettingsdato)",
        )  # fmt: skip
        self.user(
            "demo-mottak-integrasjon", self.other_orgs[OrganisasjonType.MOTTAK],
            (Rolle.INTEGRASJON,), "Hvalstad mottak: Integrasjon (registers bosettingsdato)",
        )  # fmt: skip
        self.user(
            "demo-iom-integrasjon", self.other_orgs[OrganisasjonType.IOM],
            (Rolle.INTEGRASJON,), "IOM: Integrasjon (reads the overføringsflyktninger's feed)",
        )  # fmt: skip
        self.user(
            "demo-selvreg-integrasjon", self.other_orgs[OrganisasjonType.SELVREG],
            (Rolle.INTEGRASJON,), "Selvreg: Integrasjon (writes self-registered kompetanse)",
        )  # fmt: skip
        # Machine clients (Maskinporten), registered as users of their organisation.
        for client_id, org_type, rolle, navn in DEMO_MASKINKLIENTER:
            self.machine_client(client_id, self.other_orgs[org_type], rolle, navn)

    def machine_client(self, client_id: str, org_id: int, rolle: Rolle, navn: str) -> None:
        """No random draws here: adding a client leaves every other demo row as it was."""
        user_id = self.ids.next("bruker")
        self.add("bruker", user_id, subject_for(client_id), navn, None, org_id, True, None)
        self.add("bruker_rolle", user_id, rolle.value)
        self.users.append((subject_for(client_id), navn, f"machine client: {rolle.value}"))

    # -- persons -------------------------------------------------------------------------
    def case_year(self) -> int:
        years = list(SETTLED_PER_YEAR)
        return self.rng.choices(years, weights=list(SETTLED_PER_YEAR.values()))[0]

    def case_status(self, year: int) -> Bosettingsstatus:
        if year < REFERENCE_DATE.year - 1:
            return Bosettingsstatus.BOSATT
        if year == REFERENCE_DATE.year - 1:
            return self.rng.choices(
                [Bosettingsstatus.BOSATT, Bosettingsstatus.SOKT_UT], weights=[92, 8]
            )[0]
        return self.rng.choices(
            [
                Bosettingsstatus.BOSATT,
                Bosettingsstatus.SOKT_UT,
                Bosettingsstatus.FORDELT,
                Bosettingsstatus.BOSETTINGSKLAR,
                Bosettingsstatus.IKKE_BOSETTINGSKLAR,
            ],
            weights=[40, 20, 12, 16, 12],
        )[0]

    def make_case(self, forced: tuple[str, Bosettingsstatus] | None = None) -> Case:
        year = REFERENCE_DATE.year if forced else self.case_year()
        origin = self.pick_origin(year)
        status = forced[1] if forced else self.case_status(year)
        if origin.code == "UKR":
            sakstype = Sakstype.KOLLEKTIV_BESKYTTELSE
        else:
            sakstype = self.rng.choices(
                [Sakstype.ASYL, Sakstype.OVERFORINGSFLYKTNING, Sakstype.FAMILIEGJENFORENING],
                weights=[60, 30, 10],
            )[0]
        em = origin.code != "UKR" and sakstype == Sakstype.ASYL and self.rng.random() < 0.12
        if sakstype == Sakstype.OVERFORINGSFLYKTNING and status in (
            Bosettingsstatus.IKKE_BOSETTINGSKLAR,
            Bosettingsstatus.BOSETTINGSKLAR,
            Bosettingsstatus.FORDELT,
            Bosettingsstatus.SOKT_UT,
        ):
            botilbud = Botilbud.UTLANDET
        else:
            botilbud = self.rng.choices(
                [Botilbud.MOTTAK, Botilbud.PRIVAT, Botilbud.INSTITUSJON, Botilbud.AMOT],
                weights=[70, 18, 4, 8],
            )[0]
        serial = len(self.cases) + 1
        case = Case(
            registreringsnummer=f"{year}{serial:06d}",
            origin=origin,
            year=year,
            sakstype=sakstype,
            status=status,
            botilbud=botilbud,
            em=em,
        )
        if forced:
            case.kommune = forced[0]
        elif status in (
            Bosettingsstatus.BOSATT, Bosettingsstatus.SOKT_UT, Bosettingsstatus.FORDELT
        ):  # fmt: skip
            demo = self.rng.random() < (0.25 if status != Bosettingsstatus.BOSATT else 0.03)
            case.kommune = self.rng.choice(DEMO_KOMMUNER) if demo else self.pick_kommune()
        if status in (Bosettingsstatus.BOSATT, Bosettingsstatus.SOKT_UT):
            if status == Bosettingsstatus.BOSATT:
                case.bosatt = self.day_in(year)
                case.sokt_ut = case.bosatt - timedelta(days=self.rng.randrange(14, 90))
            else:
                case.sokt_ut = REFERENCE_DATE - timedelta(days=self.rng.randrange(3, 120))
        return case

    def family_ages(self, case: Case) -> list[tuple[int, Kjonn]]:
        if case.em:
            return [
                (
                    self.rng.randrange(11, 18),
                    self.rng.choice([Kjonn.MANN, Kjonn.MANN, Kjonn.KVINNE]),
                )
            ]
        size = self.rng.choices([1, 2, 3, 4, 5, 6, 7], weights=[40, 12, 14, 15, 10, 6, 3])[0]
        if size == 1:
            return [(self.rng.randrange(18, 65), self.rng.choice([Kjonn.MANN, Kjonn.KVINNE]))]
        adults = [
            (self.rng.randrange(24, 55), Kjonn.MANN),
            (self.rng.randrange(22, 50), Kjonn.KVINNE),
        ]
        if case.origin.code == "UKR" and self.rng.random() < 0.5:
            adults = adults[1:]  # many Ukrainian families came without the men
        children = [
            (self.rng.randrange(0, 18), self.rng.choice([Kjonn.MANN, Kjonn.KVINNE]))
            for _ in range(size - len(adults))
        ]
        return adults + children

    def persons(self) -> None:
        made = 0
        self.guide_example_person()
        made = len(self.rows["person"])
        # Each demo kommune gets persons in every relation, whatever the size asked for.
        forced = [
            (kommune, status)
            for kommune in DEMO_KOMMUNER
            for status in (
                Bosettingsstatus.FORDELT, Bosettingsstatus.SOKT_UT, Bosettingsstatus.BOSATT
            )
        ]  # fmt: skip
        while made < self.target:
            case = self.make_case(forced.pop(0) if forced else None)
            self.cases.append(case)
            surname = self.rng.choice(case.origin.surnames)
            for index, (age, kjonn) in enumerate(self.family_ages(case)):
                if made >= self.target:
                    break
                self.person(case, index, age, kjonn, surname)
                made += 1
                if made % 5000 == 0:
                    self.progress(5000)
        self.progress(made % 5000)

    def guide_example_person(self) -> None:
        """The guide's own example: 201803452201 Mohammed Kurt, whose check digits fail."""
        case = Case(
            registreringsnummer="2018000000",
            origin=ORIGINS["SYR"],
            year=2018,
            sakstype=Sakstype.ASYL,
            status=Bosettingsstatus.BOSATT,
            botilbud=Botilbud.MOTTAK,
            em=False,
            kommune="1870",
            sokt_ut=date(2018, 9, 3),
            bosatt=date(2018, 10, 15),
        )
        self.cases.append(case)
        self.person(case, 0, 34, Kjonn.MANN, "Kurt", duf="201803452201", fornavn="Mohammed")

    def person(
        self, case: Case, index: int, age: int, kjonn: Kjonn, surname: str,
        *, duf: str | None = None, fornavn: str | None = None,
    ) -> None:  # fmt: skip
        rng = self.rng
        person_id = self.ids.next("person")
        case.member_ids.append(person_id)
        case.member_ages.append(age)
        origin = case.origin
        first = fornavn or rng.choice(origin.male if kjonn == Kjonn.MANN else origin.female)
        middle = rng.choice(origin.male) if origin.code in ("ERI", "SOM") and index == 0 else None
        if origin.code == "UKR" and kjonn == Kjonn.KVINNE and surname.endswith("yi"):
            surname = surname[:-2] + "a"
        birth = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age) - timedelta(
            days=rng.randrange(1, 365)
        )
        arrived = date(case.year, 1, 1) - timedelta(days=rng.randrange(30, 300))
        if arrived <= birth:
            arrived = birth + timedelta(days=1)
        has_number = case.botilbud != Botilbud.UTLANDET and rng.random() < 0.92
        pnr = pnr_type = None
        if has_number:
            d_nummer = case.status not in (Bosettingsstatus.BOSATT,) and rng.random() < 0.6
            pnr = self.new_personnummer(birth, d_nummer)
            pnr_type = (
                PersonnummerType.D_NUMMER if d_nummer else PersonnummerType.FODSELSNUMMER
            ).value
        vedtak_opphold = None
        if case.status != Bosettingsstatus.IKKE_BOSETTINGSKLAR:
            anchor = case.sokt_ut or REFERENCE_DATE
            vedtak_opphold = max(anchor - timedelta(days=rng.randrange(20, 200)), arrived)
        duf_year = min(arrived.year, REFERENCE_DATE.year)
        self.add(
            "person", person_id, duf or self.new_duf(duf_year), duf is None, first, middle,
            surname, fold(" ".join(p for p in (first, middle, surname) if p)), birth,
            kjonn.value, origin.code, pnr, pnr_type, case.registreringsnummer,
            familierolle(index, age).value, case.sakstype.value, case.status.value, case.em, case.botilbud.value,
            rng.choice(MOTTAK) if case.botilbud == Botilbud.MOTTAK else None,
            vedtak_opphold, vedtak_opphold, None if age < 18 else rng.choice(["gift", "ugift", "ukjent"]),
            origin.languages[0], None,
        )  # fmt: skip
        self.sections(person_id, case, index, age, kjonn, arrived)
        if case.kommune and case.sokt_ut:
            kilde = (
                Kilde.UDI if case.sakstype == Sakstype.OVERFORINGSFLYKTNING
                else Kilde.MOTTAK if case.botilbud == Botilbud.MOTTAK else Kilde.KOMMUNE
            )  # fmt: skip
            if index == 0:
                case.flytting = self.flytting(case)
            self.add(
                "utsoking", self.ids.next("utsoking"), person_id, case.kommune, None,
                case.sokt_ut, case.bosatt, kilde.value if case.bosatt else None,
                case.flytting is None, _registrert(case.bosatt),
            )  # fmt: skip
            if case.flytting is not None:
                kommune, sokt_ut, bosatt = case.flytting
                utsoking_id = self.ids.next("utsoking")
                self.flyttinger.add(utsoking_id)
                self.add(
                    "utsoking", utsoking_id, person_id, kommune, None,
                    sokt_ut, bosatt, Kilde.KOMMUNE.value, True, _registrert(bosatt),
                )  # fmt: skip

    MOVED_SHARE = 0.03
    MOVED_SHARE_DEMO = 0.3
    """Of the families bosatt long enough ago, the share that moved on to another kommune (more
    in the demo kommuner, so that each demo user meets the state)."""

    def flytting(self, case: Case) -> tuple[str, date, date] | None:
        """Whether a bosatt family moved on, and where (a demo kommune, so the demo users meet
        persons who left them and persons who came). Its own random stream: the rest of the
        data stays as it was without moves."""
        if case.bosatt is None or case.kommune is None:
            return None
        if case.bosatt > REFERENCE_DATE - timedelta(days=160):
            return None
        rng = random.Random(f"flytting-{self.seed}-{case.registreringsnummer}")
        share = self.MOVED_SHARE_DEMO if case.kommune in DEMO_KOMMUNER else self.MOVED_SHARE
        if rng.random() >= share:
            return None
        kommune = rng.choice([k for k in DEMO_KOMMUNER if k != case.kommune])
        latest = (REFERENCE_DATE - timedelta(days=70) - case.bosatt).days
        sokt_ut = case.bosatt + timedelta(days=rng.randrange(60, max(61, min(latest, 900))))
        return kommune, sokt_ut, sokt_ut + timedelta(days=rng.randrange(14, 60))

    def sections(
        self, person_id: int, case: Case, index: int, age: int, kjonn: Kjonn, arrived: date
    ) -> None:
        rng = self.rng
        registered = min(arrived + timedelta(days=rng.randrange(10, 120)), REFERENCE_DATE)
        source = (
            Kilde.IMDI if case.sakstype == Sakstype.OVERFORINGSFLYKTNING
            else Kilde.SESAM if registered < date(2018, 6, 1) else Kilde.SELVREG
        )  # fmt: skip
        if rng.random() < 0.8:
            telefon = f"+47 4{rng.randrange(1000000, 9999999)}" if age >= 15 else None
            adresse = f"{rng.choice(STREETS)} {rng.randrange(1, 120)}"
            self.add(
                "person_kontakt", person_id, adresse, f"{rng.randrange(1000, 9999):04d}",
                "OSLO" if rng.random() < 0.2 else "DRAMMEN", None if age < 18 else
                f"{fold(str(person_id))}@example.org", telefon,
                rng.choice([Kilde.MOTTAK, Kilde.UDI, Kilde.IMDI]).value,
            )  # fmt: skip
        if rng.random() < 0.7:
            bindende = None
            bindende_kommune = None
            if rng.random() < 0.08:
                bindende = rng.choice(list(BindendeTilknytning)).value
                bindende_kommune = case.kommune or self.pick_kommune()
            size = len(case.member_ids)
            # The draws in the order they always had, so the rest of the data stays the same.
            bror = rng.random() < 0.2
            familiemerknad = (
                "Familien har en sønn som bor i Sverige." if rng.random() < 0.15 else None
            )
            tilknyttet = (
                f"Knyttet til sak {case.year}{rng.randrange(100000, 999999)}"
                if case.sakstype == Sakstype.OVERFORINGSFLYKTNING and rng.random() < 0.3 else None
            )  # fmt: skip
            bofellesskap = (
                "Kan bo i bofellesskap med andre enslige." if age >= 18 and rng.random() < 0.1
                else None
            )  # fmt: skip
            folgeperson = "Bor med onkel på mottaket." if case.em and rng.random() < 0.3 else None
            kysten = rng.random() < 0.25
            kilde = rng.choice([Kilde.MOTTAK, Kilde.IMDI])
            self.add(
                "person_bosettingsinfo", person_id, bindende, bindende_kommune,
                "Godkjent av kommunen." if bindende else None,
                "Ønsker å bo sammen med ektefelle og barn." if size > 1 or index > 0 else None,
                familiemerknad, tilknyttet, bofellesskap,
                "Verge oppnevnt av Statsforvalteren." if case.em else None,
                folgeperson, kilde.value,
            )  # fmt: skip
            self.bosettingsinfo_lister(
                person_id, case, registered, Kilde.SESAM if kilde == Kilde.MOTTAK else Kilde.IMDI,
                bror=bror, tilknyttet=tilknyttet, kysten=kysten,
            )  # fmt: skip
        if rng.random() < 0.15:
            pregnant = kjonn == Kjonn.KVINNE and 18 <= age <= 45 and rng.random() < 0.2
            self.add(
                "person_helse", person_id, rng.choice(HELSE) if rng.random() < 0.7 else None,
                "Gravid, termin oppgitt." if pregnant else None,
                REFERENCE_DATE + timedelta(days=rng.randrange(30, 200)) if pregnant else None,
                rng.choice(HELSETILSTAND) if rng.random() < 0.4 else None,
                rng.choice([Kilde.MOTTAK, Kilde.IMDI]).value,
            )  # fmt: skip
        if case.sakstype == Sakstype.OVERFORINGSFLYKTNING and index == 0 and rng.random() < 0.9:
            tekst = rng.choice(SOSIAL).format(
                n=rng.randrange(2, 12), yrke=rng.choice(YRKER).lower()
            )
            self.add("person_sosial", person_id, tekst, Kilde.IMDI.value)
        if age >= 6:
            self.languages(person_id, case, age, source, registered)
        if age >= 16:
            self.competence(person_id, case, age, source, registered)

    def languages(
        self, person_id: int, case: Case, age: int, source: Kilde, registered: date
    ) -> None:
        rng = self.rng
        levels = list(Ferdighetsniva)
        chosen = [
            case.origin.languages[0],
            *rng.sample([*case.origin.languages[1:], "engelsk", "norsk"], k=rng.randrange(0, 3)),
        ]
        kilde = Kilde.UDB if source == Kilde.SESAM and rng.random() < 0.5 else source
        for position, sprak in enumerate(dict.fromkeys(chosen)):
            mother = position == 0
            tale, lese, skrive = (
                (Ferdighetsniva.GODT,) * 3 if mother and age >= 12
                else tuple(rng.choice(levels) for _ in range(3))
            )  # fmt: skip
            self.add(
                "sprak", self.ids.next("sprak"), person_id, sprak, mother, tale.value,
                lese.value, skrive.value, kilde.value, registered,
            )  # fmt: skip

    def bosettingsinfo_lister(
        self, person_id: int, case: Case, registered: date, kilde: Kilde, *, bror: bool,
        tilknyttet: str | None, kysten: bool,
    ) -> None:  # fmt: skip
        """The person's veiledende tilknytninger (by priority) and its bosettingsmerknader, one
        per source: the section's source writes its own; IMDi adds one for every EM it places
        with a following person. No random draws here."""
        prioritet = 0
        for kriterium, kommune, beskrivelse in (
            (Tilknytningskriterium.NAER_FAMILIE, "4601", "Har bror i Bergen." if bror else None),
            (Tilknytningskriterium.SLEKT_OG_NETTVERK, None, tilknyttet),
        ):
            if beskrivelse is not None:
                prioritet += 1
                self.add(
                    "person_veiledende_tilknytning", self.ids.next("person_veiledende_tilknytning"),
                    person_id, kriterium.value, prioritet, kommune, beskrivelse, kilde.value,
                    registered,
                )  # fmt: skip
        if kysten:
            self.add(
                "person_bosettingsmerknad", person_id, kilde.value,
                "Ønsker bosetting nær kysten.", registered,
            )  # fmt: skip
        if case.em and kilde != Kilde.IMDI:
            self.add(
                "person_bosettingsmerknad", person_id, Kilde.IMDI.value,
                "IMDi: bosettes sammen med følgeperson om mulig.", registered,
            )  # fmt: skip

    def competence(
        self, person_id: int, case: Case, age: int, source: Kilde, registered: date
    ) -> None:
        rng = self.rng
        start = REFERENCE_DATE.year - age + 18
        for kind, count in (
            (KompetanseType.YRKE, rng.randrange(0, 3)),
            (KompetanseType.YRKESONSKE, rng.randrange(0, 3)),
            (KompetanseType.UTDANNING, rng.randrange(0, 3)),
            (KompetanseType.ANNEN_FERDIGHET, rng.randrange(0, 2)),
            (KompetanseType.INTERESSE, rng.randrange(0, 3)),
        ):
            for _ in range(count):
                fra = til = antall = None
                fullfort = None
                beskrivelse = None
                if kind == KompetanseType.YRKE:
                    tittel = rng.choice(YRKER)
                    fra = min(start + rng.randrange(0, 10), REFERENCE_DATE.year)
                    til = min(fra + rng.randrange(1, 8), REFERENCE_DATE.year)
                    antall = til - fra
                elif kind == KompetanseType.YRKESONSKE:
                    tittel = rng.choice(YRKER)
                elif kind == KompetanseType.UTDANNING:
                    tittel, beskrivelse = rng.choice(UTDANNINGER)
                    fra = max(start - rng.randrange(0, 6), 1950)
                    til = fra + rng.randrange(1, 6)
                    fullfort = rng.random() < 0.7
                elif kind == KompetanseType.ANNEN_FERDIGHET:
                    tittel = rng.choice(FERDIGHETER)
                else:
                    tittel = rng.choice(INTERESSER)
                land = case.origin.code if fra else None
                entry_id = self.ids.next("kompetanse")
                self.add(
                    "kompetanse", entry_id, person_id, kind.value, tittel,
                    beskrivelse, land, fra, til, antall, fullfort, source.value, registered,
                    _selvreg(tittel, beskrivelse, land, fra, til, fullfort, case.origin)
                    if source == Kilde.SELVREG else None,
                    f"{source.value.lower()}-{entry_id}",
                )  # fmt: skip
        if rng.random() < 0.4:
            om = (
                "Intervjuet av IMDi i leir før uttak; tolk på arabisk."
                if source == Kilde.IMDI else "Selvregistrert i Selvreg på mottaket med veiledning."
            )  # fmt: skip
            self.add(
                "person_kompetanse_merknad", person_id,
                "Har lang erfaring, mangler dokumentasjon." if rng.random() < 0.3 else None,
                "Vitnemål må godkjennes av HK-dir." if rng.random() < 0.3 else None,
                "Erfaring som frivillig tolk." if rng.random() < 0.2 else None,
                None, None, "Aktiv i lokalt idrettslag." if rng.random() < 0.2 else None,
                om, registered, source.value,
            )  # fmt: skip
        if source == Kilde.SELVREG and rng.random() < 0.1:
            self.add(
                "karriereveiledning", self.ids.next("karriereveiledning"), person_id,
                min(registered + timedelta(days=rng.randrange(5, 60)), REFERENCE_DATE),
                f"{rng.choice(NORWEGIAN_FIRST)} {rng.choice(NORWEGIAN_LAST)}",
                "Komme i arbeid innen to år.",
                "Norskopplæring kombinert med praksis i bransjen.",
                "Motivert og tydelig på mål. Bør få vurdert utdanningen sin raskt.",
                Kilde.IMDI.value,
            )  # fmt: skip

    # -- processes -----------------------------------------------------------------------
    def hendelse(
        self, type_: HendelseType, omrade: Omrade, kommune: str | None, tittel: str,
        tekst: str | None, when: datetime, *, author: int | None = None,
        org: int | None = None, detaljer: dict[str, Any] | None = None,
        persons: list[int] | None = None,
    ) -> int:  # fmt: skip
        hendelse_id = self.ids.next("hendelse")
        self.add(
            "hendelse", hendelse_id, type_.value, omrade.value, kommune, tittel, tekst,
            json.dumps(detaljer or {}, ensure_ascii=False), author, org, when,
        )  # fmt: skip
        for person_id in persons or ():
            self.add("hendelse_person", hendelse_id, person_id)
        return hendelse_id

    def overstyrte_tilknytninger(self) -> None:
        """As opprettFordeling leaves it: a person on a fordeling to a kommune other than the
        one it is bound to (bindende tilknytning) has IMDi's override of the tie, a hendelse on
        the person when the list was made. In each demo kommune one person fordelt there, bound
        to it, is bound to the next demo kommune instead, so that each demo kommune has one.
        No random draws."""
        info = {row[0]: index for index, row in enumerate(self.rows["person_bosettingsinfo"])}
        fordeling = {row[0]: row for row in self.rows["fordeling"]}
        moved: set[str] = set()
        for rad in self.rows["fordeling_person"]:
            kommune = fordeling[rad[1]][1]
            index = info.get(rad[2])
            if kommune not in DEMO_KOMMUNER or kommune in moved or index is None:
                continue
            row = self.rows["person_bosettingsinfo"][index]
            if row[1] is not None and row[2] == kommune:
                bundet = DEMO_KOMMUNER[(DEMO_KOMMUNER.index(kommune) + 1) % len(DEMO_KOMMUNER)]
                self.rows["person_bosettingsinfo"][index] = (row[0], row[1], bundet, *row[3:])
                moved.add(kommune)
        for rad in self.rows["fordeling_person"]:
            fordeling_id, person_id = rad[1], rad[2]
            kommune, opprettet = fordeling[fordeling_id][1], fordeling[fordeling_id][4]
            index = info.get(person_id)
            if index is None:
                continue
            tie = self.rows["person_bosettingsinfo"][index]
            if tie[1] is None or tie[2] == kommune:
                continue
            self.hendelse(
                HendelseType.SYSTEMHENDELSE, Omrade.FORDELING, kommune,
                "Bindende tilknytning overstyrt",
                "Arbeidsgiveren har flyttet virksomheten til kommunen.", opprettet,
                author=self.imdi_user, org=self.imdi_org,
                detaljer={
                    "fordelingId": fordeling_id, "bindendeTilknytning": tie[1],
                    "bindendeTilknytningKommune": tie[2],
                },
                persons=[person_id],
            )  # fmt: skip

    def statusendring(
        self, persons: list[int], fra: Bosettingsstatus, til: Bosettingsstatus,
        kommune: str | None, when: datetime, author: int | None, org: int | None,
        **detaljer: Any,
    ) -> None:  # fmt: skip
        """What resolvers.workflows.effekter.ny_bosettingsstatus leaves: one hendelse linked to
        every person the step moved."""
        if persons:
            self.hendelse(
                HendelseType.SYSTEMHENDELSE, Omrade.BOSETTING, kommune, "Bosettingsstatus endret",
                f"{fra.value} → {til.value}", when, author=author, org=org,
                detaljer={"fra": fra.value, "til": til.value, **detaljer}, persons=persons,
            )  # fmt: skip

    def bosatt_historikk(self) -> None:
        """Each bosatt person's registration of its bosettingsdato in its first kommune, as
        registrerBosettingsdato leaves it: the date registered, and the status changed. No
        random draws: the rest of the data stays as it was."""
        for case in self.cases:
            if case.kommune is None or case.bosatt is None:
                continue
            if case.sakstype == Sakstype.OVERFORINGSFLYKTNING:
                kilde, author, org = Kilde.UDI, None, self.other_orgs[OrganisasjonType.UDI]
            elif case.botilbud == Botilbud.MOTTAK:
                kilde, author, org = Kilde.MOTTAK, None, None  # one of many mottak's systems
            else:
                kilde, org = Kilde.KOMMUNE, self.org_of_kommune.get(case.kommune)
                author = self.users_of_kommune.get(case.kommune, {}).get("bosetter-skriv")
            when = _registrert(case.bosatt)
            assert when is not None
            for person_id in case.member_ids:
                self.hendelse(
                    HendelseType.SYSTEMHENDELSE, Omrade.BOSETTING, case.kommune,
                    "Bosettingsdato registrert", case.bosatt.isoformat(), when, author=author,
                    org=org, detaljer={"kilde": kilde.value}, persons=[person_id],
                )  # fmt: skip
                self.statusendring(
                    [person_id], Bosettingsstatus.SOKT_UT, Bosettingsstatus.BOSATT, case.kommune,
                    when, author, org,
                )  # fmt: skip

    def fordelinger(self) -> None:
        rng = self.rng
        groups: dict[tuple[str, str], list[Case]] = defaultdict(list)
        for case in self.cases:
            if case.kommune is None:
                continue
            if case.sokt_ut is not None:
                groups[(case.kommune, f"{case.sokt_ut.year}-{case.sokt_ut.month:02d}")].append(case)
            elif case.status == Bosettingsstatus.FORDELT:
                groups[(case.kommune, "ny")].append(case)
        declined = [c for c in self.cases if c.status == Bosettingsstatus.BOSETTINGSKLAR]
        rng.shuffle(declined)
        for (kommune, key), cases in sorted(groups.items()):
            navn_kort = self.kommune_by_nr[kommune].navn_kort
            fordeling_id = self.ids.next("fordeling")
            if key == "ny":
                sendt = REFERENCE_DATE - timedelta(days=rng.randrange(1, 21))
                status = FordelingStatus.BEKREFTET if rng.random() < 0.15 else FordelingStatus.NY
                navn = f"{kommune} {navn_kort} {MONTHS[sendt.month - 1]} {sendt.year}"
                bekreftet = _ts(REFERENCE_DATE) if status == FordelingStatus.BEKREFTET else None
                saksbehandler = self.users_of_kommune.get(kommune, {}).get("bosetter-skriv")
                self.add(
                    "fordeling", fordeling_id, kommune, navn, status.value, _ts(sendt),
                    self.imdi_user, _ts(sendt), bekreftet, saksbehandler if bekreftet else None,
                    None, None,
                )  # fmt: skip
                self.varsle_bosettere(kommune, fordeling_id, navn, _ts(sendt))
            else:
                svart_dag = min(c.sokt_ut for c in cases if c.sokt_ut)
                sendt = svart_dag - timedelta(days=rng.randrange(3, 20))
                navn = f"{kommune} {navn_kort} {MONTHS[sendt.month - 1]} {sendt.year}"
                svarer = self.users_of_kommune.get(kommune, {}).get("bosetter-skriv")
                self.add(
                    "fordeling", fordeling_id, kommune, navn, FordelingStatus.SENDT.value,
                    _ts(sendt), self.imdi_user, _ts(sendt), _ts(svart_dag, 9), svarer,
                    _ts(svart_dag), svarer,
                )  # fmt: skip
            soktut: list[int] = []
            for case in cases:
                boligtype = (
                    Boligtype.FAMILIEBOLIG if len(case.member_ids) > 1 else Boligtype.BOFELLESSKAP
                )
                resettlement = case.sakstype == Sakstype.OVERFORINGSFLYKTNING
                forste = _monday(sendt + timedelta(days=21)) if resettlement else None
                siste = forste + timedelta(weeks=8) if forste else None
                for person_id in case.member_ids:
                    row_id = self.ids.next("fordeling_person")
                    forventet = case.sokt_ut + timedelta(days=30) if case.sokt_ut else None
                    if forste and siste and forventet:
                        forventet = min(max(forventet, forste), siste)
                    self.add(
                        "fordeling_person", row_id, fordeling_id, person_id, boligtype.value,
                        None, forste, siste, forventet, True, None,
                    )  # fmt: skip
                    soktut.append(person_id)
            ikke_soktut: list[int] = []
            if key != "ny" and declined and rng.random() < 0.3:
                case = declined.pop()
                ikke_soktut = list(case.member_ids)
                reason = rng.choice(BEGRUNNELSER_IKKE_BOSETTES)
                for person_id in case.member_ids:
                    self.add(
                        "fordeling_person", self.ids.next("fordeling_person"), fordeling_id,
                        person_id, Boligtype.FAMILIEBOLIG.value, None, None, None, None, False,
                        reason,
                    )  # fmt: skip
                self.hendelse(
                    HendelseType.SYSTEMHENDELSE, Omrade.FORDELING, kommune,
                    "Person ikke søkt ut", reason, _ts(svart_dag),
                    detaljer={"fordelingId": fordeling_id}, persons=case.member_ids,
                )  # fmt: skip
            on_list = [*soktut, *ikke_soktut]
            self.hendelse(
                HendelseType.SYSTEMHENDELSE, Omrade.FORDELING, kommune,
                "Fordelingsliste sendt fra IMDi", navn, _ts(sendt), author=self.imdi_user,
                org=self.imdi_org,
                detaljer={"fordelingId": fordeling_id, "antallPersoner": len(on_list)},
                persons=on_list,
            )  # fmt: skip
            self.statusendring(
                on_list, Bosettingsstatus.BOSETTINGSKLAR, Bosettingsstatus.FORDELT, kommune,
                _ts(sendt), self.imdi_user, self.imdi_org, fordelingId=fordeling_id,
            )  # fmt: skip
            if key != "ny":
                self.hendelse(
                    HendelseType.SYSTEMHENDELSE, Omrade.FORDELING, kommune,
                    "Fordelingsliste besvart", f"{len(soktut)} personer søkt ut til kommunen",
                    _ts(svart_dag), detaljer={"fordelingId": fordeling_id}, persons=soktut,
                )  # fmt: skip
                svarer_org = self.org_of_kommune[kommune]
                for personer, til in (
                    (soktut, Bosettingsstatus.SOKT_UT),
                    (ikke_soktut, Bosettingsstatus.BOSETTINGSKLAR),
                ):
                    self.statusendring(
                        personer, Bosettingsstatus.FORDELT, til, kommune, _ts(svart_dag),
                        svarer, svarer_org, fordelingId=fordeling_id,
                    )  # fmt: skip

    def varsle_bosettere(self, kommune: str, fordeling_id: int, navn: str, when: datetime) -> None:
        for suffix in ("bosetter-skriv", "bosetter-les", "saksbehandler"):
            user = self.users_of_kommune.get(kommune, {}).get(suffix)
            if user is not None:
                self.add(
                    "varsel", self.ids.next("varsel"), user, Omrade.FORDELING.value,
                    "Ny fordelingsliste fra IMDi", navn, "Fordeling", fordeling_id, when, None,
                )  # fmt: skip

    def anmodninger(self) -> None:
        rng = self.rng
        total_pop = sum(k.innbyggere for k in self.kommuner)
        wanted = {2023: 33000, 2024: 22000, 2025: 14000, 2026: 9000, 2027: 8000}
        for k in self.kommuner:
            org = self.org_of_kommune[k.kommunenummer]
            users = self.users_of_kommune.get(k.kommunenummer, {})
            for year, national in wanted.items():
                anmodning_id = self.ids.next("anmodning")
                self.siste_anmodning[k.kommunenummer] = anmodning_id
                sendt = date(year - 1, 9, 15) + timedelta(days=rng.randrange(0, 10))
                svarfrist = date(year - 1, 11, 15)
                years = [year, year + 1] if year == 2027 and rng.random() < 0.3 else [year]
                if year < REFERENCE_DATE.year + 1:
                    status = rng.choices(
                        [AnmodningStatus.BEKREFTET, AnmodningStatus.SVART], weights=[90, 10]
                    )[0]
                else:
                    status = rng.choices(list(AnmodningStatus), weights=[30, 20, 20, 15, 10, 5])[0]
                answered = status in (
                    AnmodningStatus.SVART, AnmodningStatus.BEKREFTET, AnmodningStatus.RETURNERT
                )  # fmt: skip
                svart = _ts(svarfrist - timedelta(days=rng.randrange(0, 20))) if answered else None
                svarer = users.get("anmoder-skriv")
                title_years = "-".join(str(y) for y in years)
                self.add(
                    "anmodning", anmodning_id, k.kommunenummer,
                    f"Anmodning om bosetting av flyktninger {k.navn_kort} {title_years}",
                    status.value, _ts(sendt), svarfrist, self.imdi_user,
                    _ts(sendt + timedelta(days=5)) if status != AnmodningStatus.IKKE_SVART else None,
                    svart, svarer if answered else None,
                    _ts(svarfrist + timedelta(days=3)) if status == AnmodningStatus.PURRET else None,
                    svart + timedelta(days=7) if svart and status == AnmodningStatus.BEKREFTET else None,
                    svart + timedelta(days=5) if svart and status == AnmodningStatus.RETURNERT else None,
                    "Vedtaket for EM mangler; vennligst korriger." if status == AnmodningStatus.RETURNERT else None,
                )  # fmt: skip
                self.hendelse(
                    HendelseType.SYSTEMHENDELSE, Omrade.ANMODNING, k.kommunenummer,
                    "Anmodning sendt fra IMDi", f"Svarfrist {svarfrist.isoformat()}", _ts(sendt),
                    org=self.imdi_org, detaljer={"anmodningId": anmodning_id},
                )  # fmt: skip
                for ar in years:
                    base = national * k.innbyggere / total_pop
                    asked = {
                        Kategori.ENSLIGE_VOKSNE_OG_FAMILIER: max(
                            round(base * rng.uniform(0.8, 1.2)), 5
                        ),
                        Kategori.EM_15_18: round(base * 0.04) if k.innbyggere > 15000 else 0,
                        Kategori.EM_UNDER_15: round(base * 0.01) if k.innbyggere > 60000 else 0,
                    }
                    for kategori, antall in asked.items():
                        self.add(
                            "anmodning_tall",
                            self.ids.next("anmodning_tall"),
                            anmodning_id,
                            ar,
                            kategori.value,
                            antall,
                        )
                        if answered or (
                            status == AnmodningStatus.UNDER_ARBEID and rng.random() < 0.5
                        ):
                            given = (
                                antall
                                if rng.random() < 0.7
                                else max(antall - rng.randrange(1, 6), 0)
                            )
                            self.add(
                                "vedtak", self.ids.next("vedtak"), anmodning_id, k.kommunenummer, ar,
                                kategori.value, given,
                                "Begrenset boligtilgang i kommunen." if given < antall else None,
                                (svart or _ts(REFERENCE_DATE)).date() - timedelta(days=2),
                                (VedtakStatus.SENDT if answered else VedtakStatus.UTKAST).value,
                                svarer,
                                # registered the day before it was approved and sent
                                (svart or _ts(REFERENCE_DATE)) - timedelta(days=1),
                                svart if answered else None, svarer if answered else None,
                                svart if answered else None, svarer if answered else None,
                            )  # fmt: skip
                if svart is not None:
                    self.hendelse(
                        HendelseType.SYSTEMHENDELSE, Omrade.ANMODNING, k.kommunenummer,
                        "Anmodning besvart", None, svart, author=svarer, org=org,
                        detaljer={"anmodningId": anmodning_id},
                    )  # fmt: skip

    def innmeldinger(self) -> None:
        rng = self.rng
        candidates = [
            c for c in self.cases
            if c.status in (Bosettingsstatus.BOSETTINGSKLAR, Bosettingsstatus.IKKE_BOSETTINGSKLAR)
        ]  # fmt: skip
        imdi_statuses = list(InnmeldingStatus)
        for k in self.kommuner:
            users = self.users_of_kommune.get(k.kommunenummer, {})
            author = users.get("bosetter-skriv")
            count = 4 if k.kommunenummer in DEMO_KOMMUNER else rng.randrange(0, 3)
            for _ in range(count):
                kind = rng.choice(list(InnmeldingType))
                status = rng.choices(imdi_statuses, weights=[35, 20, 30, 8, 7])[0]
                created = REFERENCE_DATE - timedelta(days=rng.randrange(1, 300))
                behandler = OrganisasjonType.IMDI
                em_type = person_id = tilknytning = familie = None
                antall = rom = None
                hensyn = rng.random() < 0.15
                merknad = None
                if kind == InnmeldingType.EM_TILTAK:
                    em_type = rng.choice(list(EmTiltakType))
                    if em_type in (EmTiltakType.FOSTERHJEM, EmTiltakType.BARNEVERNSINSTITUSJON):
                        behandler = OrganisasjonType.BUFETAT
                    merknad = (
                        "Tiltak i samarbeid med barneverntjenesten."
                        if em_type == EmTiltakType.ANNET
                        else None
                    )
                    antall = rng.randrange(1, 5)
                elif kind == InnmeldingType.BESTEMTE_PERSONER:
                    if not candidates:
                        continue
                    case = candidates.pop(rng.randrange(len(candidates)))
                    person_id = case.member_ids[0]
                    tilknytning = rng.choice(list(Tilknytning)).value
                    if case.em and case.member_ages[0] < 15:
                        behandler = OrganisasjonType.BUFETAT
                    if len(case.member_ids) > 1:
                        familie = "Hele familien skal bosettes sammen."
                elif kind == InnmeldingType.ANTALL_PLASSER:
                    antall = rng.randrange(1, 15)
                    merknad = "Kan ta imot fra neste måned."
                else:
                    rom = rng.randrange(1, 6)
                    antall = rom + 1
                innmelding_id = self.ids.next("innmelding")
                self.add(
                    "innmelding", innmelding_id, k.kommunenummer, kind.value,
                    status.value, behandler.value, em_type.value if em_type else None, antall, rom,
                    f"{rng.choice(STREETS)} {rng.randrange(1, 80)}" if rom else None,
                    created + timedelta(days=14) if kind != InnmeldingType.BESTEMTE_PERSONER else None,
                    None, hensyn, "Tilpasset rullestolbruker." if hensyn else None, merknad,
                    person_id, tilknytning, familie, _ts(created), author,
                    self.imdi_user if status != InnmeldingStatus.VENTER_PA_BEHANDLING and status != InnmeldingStatus.KANSELLERT else None,
                    "Vi ser på saken." if status == InnmeldingStatus.SAKSBEHANDLES else
                    "Boligen er tatt i bruk i fordeling." if status == InnmeldingStatus.FERDIGBEHANDLET else None,
                    _ts(created + timedelta(days=20)) if status == InnmeldingStatus.FERDIGBEHANDLET else None,
                    "Ingen aktuelle kandidater i perioden." if status == InnmeldingStatus.AVSLATT else None,
                    _ts(created + timedelta(days=12)) if status == InnmeldingStatus.AVSLATT else None,
                    "Boligen ble leid ut til andre." if status == InnmeldingStatus.KANSELLERT else None,
                    _ts(created + timedelta(days=3)) if status == InnmeldingStatus.KANSELLERT else None,
                    author if status == InnmeldingStatus.KANSELLERT else None,
                    # every third EM-tiltak IMDi handles takes both age groups: Bufetat's too
                    kind == InnmeldingType.EM_TILTAK and behandler == OrganisasjonType.IMDI
                    and innmelding_id % 3 == 0,
                )  # fmt: skip
                self.innmelding_historikk(
                    innmelding_id, k.kommunenummer, kind, status, created, author, person_id
                )

    def innmelding_historikk(
        self, innmelding_id: int, kommune: str, kind: InnmeldingType, status: InnmeldingStatus,
        created: date, author: int | None, person_id: int | None,
    ) -> None:  # fmt: skip
        """The hendelser the innmelding's steps leave (resolvers/workflows/innmelding.py), on
        the kommune and, for bestemte personer, on the person; the same days as its row."""
        org = self.org_of_kommune.get(kommune)
        persons = [] if person_id is None else [person_id]
        steps: list[tuple[str, str | None, int, int | None, int | None]] = [
            ("Innmelding sendt", kind.value, 0, author, org)
        ]
        if status == InnmeldingStatus.KANSELLERT:
            steps.append(
                ("Innmelding kansellert", "Boligen ble leid ut til andre.", 3, author, org)
            )
        elif status != InnmeldingStatus.VENTER_PA_BEHANDLING:
            steps.append(("Innmelding saksbehandles", None, 1, self.imdi_user, self.imdi_org))
        if status == InnmeldingStatus.FERDIGBEHANDLET:
            steps.append((
                "Innmelding ferdigbehandlet", "Boligen er tatt i bruk i fordeling.", 20,
                self.imdi_user, self.imdi_org,
            ))  # fmt: skip
        elif status == InnmeldingStatus.AVSLATT:
            steps.append((
                "Innmelding avslått", "Ingen aktuelle kandidater i perioden.", 12,
                self.imdi_user, self.imdi_org,
            ))  # fmt: skip
        for tittel, tekst, days, by, by_org in steps:
            self.hendelse(
                HendelseType.SYSTEMHENDELSE, Omrade.INNMELDING, kommune, tittel, tekst,
                _ts(created + timedelta(days=days)), author=by, org=by_org,
                detaljer={"innmeldingId": innmelding_id}, persons=persons,
            )  # fmt: skip

    def notater_and_lists(self) -> None:
        rng = self.rng
        in_kommune: dict[str, list[int]] = defaultdict(list)
        for case in self.cases:
            if case.kommune in DEMO_KOMMUNER and case.sokt_ut is not None:
                in_kommune[case.kommune].extend(case.member_ids)
        for nr in DEMO_KOMMUNER:
            users = self.users_of_kommune[nr]
            persons = in_kommune.get(nr, [])
            for plass, person_id in enumerate(rng.sample(persons, k=min(3, len(persons))), 1):
                self.add("personliste", users["bosetter-skriv"], plass, person_id)
            for person_id in rng.sample(persons, k=min(8, len(persons))):
                self.hendelse(
                    HendelseType.NOTAT, Omrade.BOSETTING, nr, "Samtale om boligbehov",
                    "Familien ønsker bolig nær skole. Avtalt ny samtale om to uker.",
                    _ts(REFERENCE_DATE - timedelta(days=rng.randrange(1, 60))),
                    author=users["bosetter-skriv"], org=self.org_of_kommune[nr],
                    persons=[person_id],
                )  # fmt: skip
            self.hendelse(
                HendelseType.NOTAT, Omrade.KOMMUNE, nr, "Møte med IMDi om bosetting",
                "Gjennomgang av vedtak og boligsituasjon.", _ts(REFERENCE_DATE - timedelta(days=9)),
                author=users["anmoder-skriv"], org=self.org_of_kommune[nr],
            )  # fmt: skip
            self.hendelse(
                HendelseType.NOTAT, Omrade.ANMODNING, nr, "Vedtaket behandles i kommunestyret",
                "Saken er satt opp til neste møte; svar kommer etter vedtaket.",
                _ts(REFERENCE_DATE - timedelta(days=4)), author=users["anmoder-skriv"],
                org=self.org_of_kommune[nr],
                detaljer={"anmodningId": self.siste_anmodning[nr]},
            )  # fmt: skip

    def generate(self) -> DemoData:
        self.organisations()
        self.demo_users()
        self.persons()
        self.fordelinger()
        self.overstyrte_tilknytninger()
        self.bosatt_historikk()
        self.anmodninger()
        self.innmeldinger()
        self.notater_and_lists()
        self.vedtaksdokumenter()
        self.korrigerte_bosettingsdatoer()
        self.link_utsoking_to_fordeling()
        return DemoData(rows=self.rows, users=self.users)

    def vedtaksdokumenter(self) -> None:
        """Each demo kommune attached its kommunestyre's decision to its newest anmodning, as
        a small PDF (one page of text). No random draws."""
        for nr in DEMO_KOMMUNER:
            navn = self.kommune_by_nr[nr].navn_kort
            innhold = _pdf(f"{navn} kommunestyre: vedtak om bosetting av flyktninger")
            self.add(
                "vedtaksdokument", self.siste_anmodning[nr], f"Vedtak kommunestyret {navn}.pdf",
                innhold, len(innhold), hashlib.sha256(innhold).hexdigest(),
                _ts(REFERENCE_DATE - timedelta(days=5)),
                self.users_of_kommune[nr]["anmoder-skriv"],
            )  # fmt: skip

    KORRIGERT_PER_KOMMUNE = 2

    def korrigerte_bosettingsdatoer(self) -> None:
        """In each demo kommune, the families it bosatt last with a date it registered itself
        get that date corrected by its Bosetter_Skriv two days after registering it (the family
        moved in two days earlier), one hendelse per person, as korrigerBosettingsdato leaves
        them. No random draws: the rest of the data stays as it was."""
        active = {u[1]: index for index, u in enumerate(self.rows["utsoking"]) if u[7]}
        for nr in DEMO_KOMMUNER:
            cases = sorted(
                (
                    case for case in self.cases
                    if case.kommune == nr and case.flytting is None
                    and case.bosatt is not None and case.sokt_ut is not None
                    and (case.bosatt - case.sokt_ut).days >= 2
                    and self.rows["utsoking"][active[case.member_ids[0]]][6] == Kilde.KOMMUNE
                ),
                key=lambda case: (case.bosatt, case.registreringsnummer),
                reverse=True,
            )  # fmt: skip
            for case in cases[: self.KORRIGERT_PER_KOMMUNE]:
                assert case.bosatt is not None
                korrigert = case.bosatt - timedelta(days=2)
                case.bosatt = korrigert
                for person_id in case.member_ids:
                    index = active[person_id]
                    u = self.rows["utsoking"][index]
                    self.rows["utsoking"][index] = (*u[:5], korrigert, *u[6:])
                    self.hendelse(
                        HendelseType.SYSTEMHENDELSE, Omrade.BOSETTING, nr,
                        "Bosettingsdato korrigert",
                        "Familien flyttet inn to dager tidligere enn først registrert.",
                        u[8] + timedelta(days=2),
                        author=self.users_of_kommune[nr]["bosetter-skriv"],
                        org=self.org_of_kommune[nr],
                        detaljer={
                            "forrigeBosettingsdato": u[5].isoformat(),
                            "bosettingsdato": korrigert.isoformat(),
                            "kilde": Kilde.KOMMUNE.value,
                        },
                        persons=[person_id],
                    )  # fmt: skip

    def link_utsoking_to_fordeling(self) -> None:
        """Point each utsøking at the fordeling row that made it."""
        row_of_person = {
            row[2]: row[0]
            for row in self.rows["fordeling_person"]
            if row[8]  # bosettes
        }
        self.rows["utsoking"] = [
            (u[0], u[1], u[2], None if u[0] in self.flyttinger else row_of_person.get(u[1]), *u[4:])
            for u in self.rows["utsoking"]
        ]


def generate(
    *, seed: int = 1, persons: int = 10_000, progress: Callable[[int], None] | None = None
) -> DemoData:
    """Build all demo rows for ``persons`` persons; the same arguments give the same rows."""
    return Generator(seed, persons, progress).generate()
