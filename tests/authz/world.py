"""A small world for the access rules: one person per relation to kommune K, and one user per
combination of kommune roles, besides IMDi, Bufetat and an analyst."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from demodata.ids import personnummer
from models import (
    Anmodning,
    Bruker,
    BrukerRolle,
    Fordeling,
    FordelingPerson,
    Hendelse,
    HendelsePerson,
    Innmelding,
    Karriereveiledning,
    Kompetanse,
    Organisasjon,
    Person,
    PersonBosettingsinfo,
    PersonHelse,
    PersonKompetanseMerknad,
    PersonKontakt,
    PersonSosial,
    Sprak,
    Utboks,
    Utsoking,
)
from models.enums import Rolle
from models.folding import fold
from models.identifikatorer import duf_nr
from resolvers.workflows import partnerfeed

K = "3301"  # Drammen: the callers' kommune
MOTTAK = "Hvalstad asylmottak"  # the demo mottak's organisation (demo-mottak-integrasjon)
OTHER = "1103"  # Stavanger

DATAROLLER = (
    Rolle.KOMMUNE_ANMODER_SKRIV,
    Rolle.KOMMUNE_ANMODER_LES,
    Rolle.KOMMUNE_BOSETTER_SKRIV,
    Rolle.KOMMUNE_BOSETTER_LES,
)
# Every combination of the four data roles (the empty one included), and an admin alone.
FEED = (
    ("SOKT_UT", "Hvalstad asylmottak", "ASYL", False, "FEED-MOTTAK-1"),
    ("BOSATT", "Hvalstad asylmottak", "OVERFORINGSFLYKTNING", False, "FEED-MOTTAK-2"),
    ("SOKT_UT", "Et annet mottak", "ASYL", False, "FEED-ANNET-MOTTAK"),
    ("SOKT_UT", None, "OVERFORINGSFLYKTNING", False, "FEED-UDI-1"),
    ("BOSETTINGSDATO_KORRIGERT", None, "ASYL", False, "FEED-INGEN"),
    ("INNMELDING", None, None, True, "FEED-BUFETAT"),
    ("INNMELDING", None, None, False, "FEED-IMDI-INNMELDING"),
)
"""Events of the partners' feed: (type, mottak, sakstype, for Bufetat, marker)."""
FEED_FOR = {
    "MOTTAK": {"FEED-MOTTAK-1", "FEED-MOTTAK-2"},
    "UDI": {"FEED-MOTTAK-2", "FEED-UDI-1"},
    "BUFETAT": {"FEED-BUFETAT"},
}
"""Which markers each partner reads."""

ROLE_SETS: tuple[frozenset[Rolle], ...] = (
    *(
        frozenset(combo)
        for size in range(len(DATAROLLER) + 1)
        for combo in itertools.combinations(DATAROLLER, size)
    ),
    frozenset({Rolle.KOMMUNE_ADMIN}),
)

RELATIONS = (
    "INGEN",
    "ANNEN_KOMMUNE",
    "FORDELING",
    "SOKT_UT",
    "BOSATT",
    "FLYTTET",
    "UTKAST",
    "BESVART",
    "FORDELING_ANNEN",
)
"""The person's relation to K. FLYTTET: was bosatt in K, moved on (that utsøking ended; the
active one is to another kommune). UTKAST: on IMDi's draft of a fordeling to K, never sent.
BESVART: on a fordeling to K that K answered, declining the person (DOMAIN.md "Readings").
FORDELING_ANNEN: on a fordeling sent to another kommune."""

UTSOKT = ("SOKT_UT", "BOSATT", "ANNEN_KOMMUNE", "FLYTTET", "ANNEN_KOMMUNE_SOKT_UT")
"""Relations with an active utsøking (ANNEN_KOMMUNE_SOKT_UT: søkt ut to another kommune)."""

FEILROLLE = "world-k-feilrolle"
"""A user of K's organisation holding an IMDi role by mistake: it grants nothing in a kommune."""


def subject_for(roles: frozenset[Rolle]) -> str:
    return "world-k-" + ("+".join(sorted(r.value for r in roles)) or "ingen-roller")


@dataclass(frozen=True)
class WorldPerson:
    relation: str
    duf_nr: str
    etternavn: str
    personnummer: str
    registreringsnummer: str


@dataclass(frozen=True)
class World:
    persons: dict[str, WorldPerson]
    em_under_15: WorldPerson
    family_child: WorldPerson
    """A child in the family of the ANNEN_KOMMUNE person."""
    slekt: tuple[WorldPerson, WorldPerson, WorldPerson]
    """One family: a head with no relation to K, and two members bosatt in K."""
    em_15_i_dag: WorldPerson
    """An EM who turns 15 today: no longer under 15."""
    em_nesten_15: WorldPerson
    """An EM who turns 15 tomorrow: still under 15."""
    integrasjon: dict[str, WorldPerson]
    """Søkt ut to another kommune, waiting for a bosettingsdato: a resident of the demo mottak
    (Hvalstad), of another mottak, one who lives privately, and a resettlement refugee."""


def _person_values(
    index: int, etternavn: str, birth: date, regnr: str, **extra: object
) -> dict[str, object]:
    import random

    return {
        "duf_nr": duf_nr(2026, 990000 + index),
        "fornavn": "Verdi",
        "etternavn": etternavn,
        "navn_sok": fold(f"Verdi {etternavn}"),
        "fodselsdato": birth,
        "kjonn": "KVINNE",
        "nasjonalitet": "ERI",
        "personnummer": personnummer(birth, random.Random(index)),
        "personnummer_type": "FODSELSNUMMER",
        "registreringsnummer": regnr,
        "familierolle": "HOVEDPERSON",
        "sakstype": "ASYL",
        "bosettingsstatus": "BOSETTINGSKLAR",
        "botilbud": "MOTTAK",
        **extra,
    }


async def build_world(engine: AsyncEngine) -> World:
    persons: dict[str, WorldPerson] = {}
    async with engine.begin() as connection:
        imdi_user = await connection.scalar(
            select(Bruker.id).where(Bruker.subject == "demo-imdi-saksbehandler")
        )
        k_org = await connection.scalar(
            select(Organisasjon.id).where(Organisasjon.kommunenummer == K)
        )
        feilrolle = await connection.scalar(
            insert(Bruker)
            .values(subject=FEILROLLE, navn="Verdi Feilrolle", organisasjon_id=k_org)
            .returning(Bruker.id)
        )
        await connection.execute(
            insert(BrukerRolle).values(bruker_id=feilrolle, rolle=Rolle.IMDI_SAKSBEHANDLER)
        )
        await connection.execute(
            insert(Anmodning).values(
                kommunenummer=K,
                tittel="Verdi-anmodning",
                status="IKKE_SVART",
                sendt=datetime(2026, 3, 1, tzinfo=UTC),
                svarfrist=date(2026, 4, 1),
            )
        )
        await connection.execute(
            insert(Innmelding).values(
                kommunenummer=K,
                type="ANTALL_PLASSER",
                status="VENTER_PA_BEHANDLING",
                behandlende_organisasjon="IMDI",
                antall_plasser=3,
                ledig_fra=date(2026, 8, 1),
                merknad="Verdi-innmelding",
            )
        )
        # Bufetat's (an EM-tiltak for EM under 15), a shared one (both age groups), and one of
        # another kommune: who reads and who handles which (DOMAIN.md, "Readings").
        for kommune, tiltak, behandler, begge, merknad in (
            (K, "FOSTERHJEM", "BUFETAT", False, "Verdi-bufetat"),
            (K, "BOFELLESSKAP", "IMDI", True, "Verdi-begge"),
            (OTHER, "BOFELLESSKAP", "IMDI", False, "Verdi-annen"),
        ):
            await connection.execute(
                insert(Innmelding).values(
                    kommunenummer=kommune,
                    type="EM_TILTAK",
                    em_tiltak_type=tiltak,
                    status="VENTER_PA_BEHANDLING",
                    behandlende_organisasjon=behandler,
                    begge_aldersgrupper=begge,
                    ledig_fra=date(2026, 8, 1),
                    merknad=merknad,
                )
            )
        # The partners' feed: person events for the world's mottak, another mottak and none,
        # overføringsflyktninger and not; innmeldinger Bufetat reads and one it does not.
        await partnerfeed.skriv(
            connection,
            [
                {
                    "type": type_,
                    "mottak": mottak,
                    "sakstype": sakstype,
                    "bufetat": bufetat,
                    "data": {"dufNr": merke},
                }
                for type_, mottak, sakstype, bufetat, merke in FEED
            ],
        )
        # Letters of the outbox: two to K (one sent), one to another kommune.
        for kommune, sendt in ((K, datetime(2026, 11, 2, tzinfo=UTC)), (K, None), (OTHER, None)):
            await connection.execute(
                insert(Utboks).values(
                    mal="BOSETTING_AV_FLYKTNINGER",
                    kanal="ALTINN",
                    kommunenummer=kommune,
                    innhold={"fordeling": "Verdi-fordeling", "personer": []},
                    sendt=sendt,
                )
            )
        for roles in ROLE_SETS:
            user_id = await connection.scalar(
                insert(Bruker)
                .values(subject=subject_for(roles), navn="Verdi Bruker", organisasjon_id=k_org)
                .returning(Bruker.id)
            )
            for rolle in roles:
                await connection.execute(insert(BrukerRolle).values(bruker_id=user_id, rolle=rolle))

        async def add_person(
            index: int, etternavn: str, relation: str, **extra: object
        ) -> WorldPerson:
            regnr = f"99{index:08d}"
            values = _person_values(index, etternavn, date(1990, 3, 1 + index % 28), regnr, **extra)
            person_id = await connection.scalar(
                insert(Person).values(**values).returning(Person.id)
            )
            await connection.execute(
                insert(PersonKontakt).values(
                    person_id=person_id, telefon=f"+47 400000{index:02d}", kilde="MOTTAK"
                )
            )
            await connection.execute(
                insert(PersonBosettingsinfo).values(
                    person_id=person_id, familiemerknad=f"MERKNAD-{etternavn}", kilde="IMDI"
                )
            )
            await connection.execute(
                insert(PersonHelse).values(
                    person_id=person_id, helsetilstand=f"HELSE-{etternavn}", kilde="IMDI"
                )
            )
            await connection.execute(
                insert(PersonSosial).values(
                    person_id=person_id, tekst=f"SOSIAL-{etternavn}", kilde="IMDI"
                )
            )
            await connection.execute(
                insert(Sprak).values(
                    person_id=person_id,
                    sprak="tigrinja",
                    morsmal=True,
                    tale="GODT",
                    lese="GODT",
                    skrive="GODT",
                    kilde="SELVREG",
                    registrert=date(2026, 1, 1),
                )
            )
            await connection.execute(
                insert(Kompetanse).values(
                    person_id=person_id,
                    type="YRKE",
                    tittel=f"YRKE-{etternavn}",
                    kilde="SELVREG",
                    registrert=date(2026, 1, 1),
                )
            )
            await connection.execute(
                insert(PersonKompetanseMerknad).values(
                    person_id=person_id,
                    yrkesmerknad="x",
                    om_registreringen="Selvreg",
                    registreringskilde="SELVREG",
                )
            )
            await connection.execute(
                insert(Karriereveiledning).values(
                    person_id=person_id,
                    dato=date(2026, 2, 1),
                    veileder="V",
                    notat=f"NOTAT-{etternavn}",
                    kilde="IMDI",
                )
            )
            hendelse_id = await connection.scalar(
                insert(Hendelse)
                .values(
                    type="NOTAT",
                    omrade="PERSON",
                    kommunenummer=None,
                    tittel=f"HENDELSE-{etternavn}",
                    opprettet_av=imdi_user,
                    tidspunkt=datetime(2026, 3, 1, tzinfo=UTC),
                )
                .returning(Hendelse.id)
            )
            await connection.execute(
                insert(HendelsePerson).values(hendelse_id=hendelse_id, person_id=person_id)
            )
            if relation == "FLYTTET":
                await connection.execute(
                    insert(Utsoking).values(
                        person_id=person_id,
                        kommunenummer=K,
                        sokt_ut_dato=date(2025, 5, 1),
                        bosettingsdato=date(2025, 6, 1),
                        aktiv=False,
                    )
                )
            if relation in (
                "SOKT_UT",
                "BOSATT",
                "ANNEN_KOMMUNE",
                "FLYTTET",
                "ANNEN_KOMMUNE_SOKT_UT",
            ):
                await connection.execute(
                    insert(Utsoking).values(
                        person_id=person_id,
                        kommunenummer=K if relation in ("SOKT_UT", "BOSATT") else OTHER,
                        sokt_ut_dato=date(2026, 5, 1),
                        bosettingsdato=None
                        if relation in ("SOKT_UT", "ANNEN_KOMMUNE_SOKT_UT")
                        else date(2026, 6, 1),
                    )
                )
            status = {
                "FORDELING": "NY",
                "UTKAST": "UTKAST",
                "BESVART": "SENDT",
                "FORDELING_ANNEN": "NY",
            }.get(relation)
            if status is not None:
                fordeling_id = await connection.scalar(
                    insert(Fordeling)
                    .values(
                        kommunenummer=OTHER if relation == "FORDELING_ANNEN" else K,
                        navn=f"Verdi-fordeling {relation}",
                        status=status,
                    )
                    .returning(Fordeling.id)
                )
                await connection.execute(
                    insert(FordelingPerson).values(
                        fordeling_id=fordeling_id,
                        person_id=person_id,
                        boligtype="BOFELLESSKAP",
                        bosettes=relation != "BESVART",
                        begrunnelse_ikke_bosettes="Ingen ledig bolig"
                        if relation == "BESVART"
                        else None,
                    )
                )
            return WorldPerson(
                relation,
                str(values["duf_nr"]),
                etternavn,
                str(values["personnummer"]),
                str(values["registreringsnummer"]),
            )

        names = {
            "INGEN": "Ingenrelasjon",
            "ANNEN_KOMMUNE": "Annenkommune",
            "FORDELING": "Fordelingsliste",
            "SOKT_UT": "Soktutperson",
            "BOSATT": "Bosattperson",
            "FLYTTET": "Flyttetperson",
            "UTKAST": "Utkastperson",
            "BESVART": "Besvartperson",
            "FORDELING_ANNEN": "Fordelingannen",
        }
        for index, relation in enumerate(RELATIONS):
            persons[relation] = await add_person(index, names[relation], relation)
        em = await add_person(
            10,
            "Enslighetsbarn",
            "INGEN",
            enslig_mindrearig=True,
            fodselsdato=date(2015, 4, 1),
            personnummer=personnummer(date(2015, 4, 1), __import__("random").Random(10)),
        )
        child = await add_person(
            11,
            "Familiebarn",
            "INGEN",
            familierolle="BARN",
            fodselsdato=date(2018, 5, 5),
            registreringsnummer=persons["ANNEN_KOMMUNE"].registreringsnummer,
            personnummer=personnummer(date(2018, 5, 5), __import__("random").Random(11)),
        )
        # One family, not named "Verdi" (the name the search tests share): its head has no
        # relation to K, two members are bosatt in K.
        slekt_regnr = "9900000020"
        slekt = tuple(
            [
                await add_person(
                    20 + offset,
                    f"Slekt{relation.title()}{offset}",
                    relation,
                    fornavn="Slekt",
                    navn_sok=fold(f"Slekt Slekt{relation.title()}{offset}"),
                    registreringsnummer=slekt_regnr,
                    familierolle="HOVEDPERSON" if offset == 0 else "BARN",
                    fodselsdato=date(1980, 1, 1) if offset == 0 else date(2010 + offset, 1, 1),
                    personnummer=personnummer(
                        date(1980, 1, 1) if offset == 0 else date(2010 + offset, 1, 1),
                        random.Random(20 + offset),
                    ),
                )
                for offset, relation in enumerate(("INGEN", "BOSATT", "BOSATT"))
            ]
        )
        femten = _em_femten_ar(date.today())
        em_15_i_dag = await add_person(
            12,
            "Femtenidag",
            "INGEN",
            enslig_mindrearig=True,
            fodselsdato=femten,
            personnummer=personnummer(femten, random.Random(12)),
        )
        em_nesten_15 = await add_person(
            13,
            "Nestenfemten",
            "INGEN",
            enslig_mindrearig=True,
            fodselsdato=femten + timedelta(days=1),
            personnummer=personnummer(femten + timedelta(days=1), random.Random(13)),
        )
        # For the integrations (DOMAIN.md "Integrations"): søkt ut to another kommune, waiting
        # for a bosettingsdato.
        integrasjon = {
            name: await add_person(
                40 + offset,
                name,
                "ANNEN_KOMMUNE_SOKT_UT",
                fornavn="Integrert",
                navn_sok=fold(f"Integrert {name}"),
                **extra,
            )
            for offset, (name, extra) in enumerate(
                {
                    "Hvalstadbeboer": {"botilbud": "MOTTAK", "mottak": MOTTAK},
                    "Lindasbeboer": {"botilbud": "MOTTAK", "mottak": "Lindås mottak"},
                    "Privatboende": {"botilbud": "PRIVAT", "mottak": MOTTAK},
                    "Kvoteflyktning": {"botilbud": "UTLANDET", "sakstype": "OVERFORINGSFLYKTNING"},
                }.items()
            )
        }
    return World(
        persons=persons,
        integrasjon=integrasjon,
        em_under_15=em,
        family_child=child,
        slekt=(slekt[0], slekt[1], slekt[2]),
        em_15_i_dag=em_15_i_dag,
        em_nesten_15=em_nesten_15,
    )


def _em_femten_ar(today: date) -> date:
    """The birth date of one who turns 15 today (29 February: the 28th)."""
    try:
        return today.replace(year=today.year - 15)
    except ValueError:
        return today.replace(year=today.year - 15, day=28)
