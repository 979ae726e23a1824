"""Factories that put an object straight into a state, on the test's connection: rows written
with SQLAlchemy Core, as the workflows would have left them, without walking the flow.

Every number they make (DUF-nr, registreringsnummer, subject) comes from counters kept clear of
the seeded data, so a factory's person never meets a seeded one.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.principal import Principal, load_principal
from models import (
    Anmodning,
    AnmodningTall,
    Bruker,
    BrukerRolle,
    Fordeling,
    FordelingPerson,
    Innmelding,
    Organisasjon,
    Person,
    Utsoking,
    Vedtak,
)
from models.enums import (
    AnmodningStatus,
    Boligtype,
    Bosettingsstatus,
    Botilbud,
    EmTiltakType,
    FordelingStatus,
    InnmeldingStatus,
    InnmeldingType,
    Kategori,
    OrganisasjonType,
    Rolle,
    Sakstype,
    Tilknytning,
    VedtakStatus,
)
from models.folding import fold
from models.identifikatorer import duf_nr

_serials = itertools.count(1)

SENDT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
"""When a factory's anmodning or fordeling was sent; later steps follow a day apart."""
DAY = timedelta(days=1)


def _serial() -> int:
    return next(_serials)


@dataclass(frozen=True)
class FactoryPerson:
    id: int
    duf_nr: str
    registreringsnummer: str


@dataclass(frozen=True)
class FactoryFordeling:
    id: int
    versjon: int
    rad_ids: tuple[int, ...]
    person_ids: tuple[int, ...]


# -- users -------------------------------------------------------------------------------------


async def _organisasjon(
    connection: AsyncConnection, organisasjon_type: OrganisasjonType, kommunenummer: str | None
) -> int:
    """The seeded organisation of this type (of this kommune), or a new one if none fits."""
    statement = select(Organisasjon.id).where(Organisasjon.type == organisasjon_type)
    if organisasjon_type == OrganisasjonType.KOMMUNE:
        statement = statement.where(Organisasjon.kommunenummer == kommunenummer)
    found = await connection.scalar(statement.order_by(Organisasjon.id).limit(1))
    if found is not None:
        return int(found)
    serial = _serial()
    created: int = (
        await connection.execute(
            insert(Organisasjon)
            .values(
                type=organisasjon_type,
                navn=f"Fabrikk {organisasjon_type.value.title()} {serial}",
                orgnr=f"8{serial:08d}",
                kommunenummer=kommunenummer,
            )
            .returning(Organisasjon.id)
        )
    ).scalar_one()
    return created


async def make_principal(
    connection: AsyncConnection,
    organisasjon_type: OrganisasjonType,
    *roller: Rolle,
    kommunenummer: str | None = None,
) -> Principal:
    """A new active user of the organisation with ``roller``, as ``load_principal`` reads it."""
    if (organisasjon_type == OrganisasjonType.KOMMUNE) != (kommunenummer is not None):
        raise ValueError("a kommune user needs a kommunenummer, and only a kommune user has one")
    organisasjon_id = await _organisasjon(connection, organisasjon_type, kommunenummer)
    serial = _serial()
    subject = f"fabrikk-{organisasjon_type.value.lower()}-{serial}"
    bruker_id: int = (
        await connection.execute(
            insert(Bruker)
            .values(
                subject=subject, navn=f"Fabrikk Bruker{serial}", organisasjon_id=organisasjon_id
            )
            .returning(Bruker.id)
        )
    ).scalar_one()
    if roller:
        await connection.execute(
            insert(BrukerRolle), [{"bruker_id": bruker_id, "rolle": r} for r in set(roller)]
        )
    return await load_principal(connection, subject)


# -- persons -----------------------------------------------------------------------------------


async def make_person(
    connection: AsyncConnection,
    *,
    status: Bosettingsstatus = Bosettingsstatus.BOSETTINGSKLAR,
    sakstype: Sakstype = Sakstype.ASYL,
    botilbud: Botilbud = Botilbud.PRIVAT,
    regnr: str | None = None,
    enslig_mindrearig: bool = False,
    fodselsdato: date = date(1990, 1, 1),
) -> FactoryPerson:
    """A person with a valid DUF-nr; alone in a family of its own unless ``regnr`` is given."""
    serial = _serial()
    number = duf_nr(2023, 660000 + serial)
    registreringsnummer = regnr or f"55{serial:08d}"
    person_id: int = (
        await connection.execute(
            insert(Person)
            .values(
                duf_nr=number,
                fornavn="Fabrikk",
                etternavn=f"Person{serial}",
                navn_sok=fold(f"Fabrikk Person{serial}"),
                fodselsdato=fodselsdato,
                kjonn="MANN",
                nasjonalitet="SYR",
                registreringsnummer=registreringsnummer,
                familierolle="HOVEDPERSON",
                sakstype=sakstype,
                bosettingsstatus=status,
                enslig_mindrearig=enslig_mindrearig,
                botilbud=botilbud,
            )
            .returning(Person.id)
        )
    ).scalar_one()
    return FactoryPerson(person_id, number, registreringsnummer)


# -- anmodning ---------------------------------------------------------------------------------

DEFAULT_TALL: tuple[tuple[int, Kategori, int], ...] = (
    (2027, Kategori.ENSLIGE_VOKSNE_OG_FAMILIER, 20),
)


async def make_anmodning(
    connection: AsyncConnection,
    *,
    kommunenummer: str,
    status: AnmodningStatus,
    sendt_av: int | None = None,
    tall: Iterable[tuple[int, Kategori, int]] = DEFAULT_TALL,
    vedtak: VedtakStatus | None = None,
    svarfrist: date = date(2026, 4, 1),
) -> int:
    """An anmodning in ``status`` with the timestamps that status implies; with ``vedtak``, a
    vedtak per year and category of ``tall`` (as many as asked) in that status."""
    asked = list(tall)
    opened = status in (
        AnmodningStatus.UNDER_ARBEID,
        AnmodningStatus.SVART,
        AnmodningStatus.BEKREFTET,
        AnmodningStatus.RETURNERT,
    )
    answered = status in (
        AnmodningStatus.SVART,
        AnmodningStatus.BEKREFTET,
        AnmodningStatus.RETURNERT,
    )
    anmodning_id: int = (
        await connection.execute(
            insert(Anmodning)
            .values(
                kommunenummer=kommunenummer,
                tittel=f"Fabrikk-anmodning {_serial()}",
                status=status,
                sendt=SENDT,
                svarfrist=svarfrist,
                sendt_av=sendt_av,
                purret=SENDT + DAY if status == AnmodningStatus.PURRET else None,
                apnet=SENDT + 2 * DAY if opened else None,
                svart=SENDT + 3 * DAY if answered else None,
                bekreftet=SENDT + 4 * DAY if status == AnmodningStatus.BEKREFTET else None,
                returnert=SENDT + 4 * DAY if status == AnmodningStatus.RETURNERT else None,
                imdi_kommentar="Rett antallet" if status == AnmodningStatus.RETURNERT else None,
            )
            .returning(Anmodning.id)
        )
    ).scalar_one()
    if asked:
        await connection.execute(
            insert(AnmodningTall),
            [
                {"anmodning_id": anmodning_id, "ar": ar, "kategori": kategori, "antall": antall}
                for ar, kategori, antall in asked
            ],
        )
    if vedtak is not None and asked:
        await connection.execute(
            insert(Vedtak),
            [
                {
                    "anmodning_id": anmodning_id,
                    "kommunenummer": kommunenummer,
                    "ar": ar,
                    "kategori": kategori,
                    "antall": antall,
                    "status": vedtak,
                }
                for ar, kategori, antall in asked
            ],
        )
    return anmodning_id


# -- fordeling ---------------------------------------------------------------------------------

PERSON_STATUS = {
    FordelingStatus.UTKAST: Bosettingsstatus.BOSETTINGSKLAR,
    FordelingStatus.NY: Bosettingsstatus.FORDELT,
    FordelingStatus.BEKREFTET: Bosettingsstatus.FORDELT,
    FordelingStatus.SENDT: Bosettingsstatus.SOKT_UT,
    FordelingStatus.TRUKKET: Bosettingsstatus.BOSETTINGSKLAR,
}
"""Where a fordeling in each status has left its persons (``send`` and ``send_svar``)."""


async def make_fordeling(
    connection: AsyncConnection,
    *,
    kommunenummer: str,
    status: FordelingStatus,
    persons: int = 1,
    opprettet_av: int | None = None,
    forventet_bosetting: date | None = None,
    sokt_ut_dato: date = date(2026, 3, 10),
    en_familie: bool = False,
    vindu: tuple[date, date] | None = None,
) -> FactoryFordeling:
    """A fordeling in ``status`` of ``persons`` fresh persons, the persons in the status the
    fordeling has left them in. Each person is a family of its own, or with ``en_familie`` all
    are one family; with ``vindu`` (two Mondays) they are resettlement refugees with that
    window. Confirmed and sent lists have an expected settlement time on every row
    (``forventet_bosetting``, or a default); a sent one has søkt ut every person to the
    kommune on ``sokt_ut_dato``."""
    sent = status != FordelingStatus.UTKAST
    confirmed = status in (FordelingStatus.BEKREFTET, FordelingStatus.SENDT)
    answered = status == FordelingStatus.SENDT
    if forventet_bosetting is None and confirmed:
        forventet_bosetting = vindu[0] if vindu else date(2026, 6, 1)
    serial = _serial()
    fordeling_id: int = (
        await connection.execute(
            insert(Fordeling)
            .values(
                kommunenummer=kommunenummer,
                navn=f"Fabrikk-fordeling {serial}",
                status=status,
                opprettet_av=opprettet_av,
                sendt=SENDT if sent else None,
                bekreftet=SENDT + DAY if confirmed else None,
                svart=SENDT + 2 * DAY if answered else None,
                svar_nokkel=f"fabrikk-nokkel-{serial}" if answered else None,
            )
            .returning(Fordeling.id)
        )
    ).scalar_one()
    regnr = f"44{serial:08d}" if en_familie else None
    sakstype = Sakstype.OVERFORINGSFLYKTNING if vindu else Sakstype.ASYL
    botilbud = Botilbud.UTLANDET if vindu else Botilbud.PRIVAT
    made = [
        await make_person(
            connection,
            status=PERSON_STATUS[status],
            sakstype=sakstype,
            botilbud=botilbud,
            regnr=regnr,
        )
        for _ in range(persons)
    ]
    rad_ids = []
    for person in made:
        rad_id: int = (
            await connection.execute(
                insert(FordelingPerson)
                .values(
                    fordeling_id=fordeling_id,
                    person_id=person.id,
                    boligtype=Boligtype.FAMILIEBOLIG if en_familie else Boligtype.BOFELLESSKAP,
                    forventet_bosetting=forventet_bosetting,
                    forste_mulige_uke=vindu[0] if vindu else None,
                    siste_mulige_uke=vindu[1] if vindu else None,
                )
                .returning(FordelingPerson.id)
            )
        ).scalar_one()
        rad_ids.append(rad_id)
    if answered:
        await connection.execute(
            insert(Utsoking),
            [
                {
                    "person_id": person.id,
                    "kommunenummer": kommunenummer,
                    "fordeling_person_id": rad_id,
                    "sokt_ut_dato": sokt_ut_dato,
                }
                for person, rad_id in zip(made, rad_ids, strict=True)
            ],
        )
    return FactoryFordeling(fordeling_id, 1, tuple(rad_ids), tuple(p.id for p in made))


# -- innmelding --------------------------------------------------------------------------------


async def make_innmelding(
    connection: AsyncConnection,
    *,
    kommunenummer: str,
    status: InnmeldingStatus,
    behandlende: OrganisasjonType = OrganisasjonType.IMDI,
    type: InnmeldingType = InnmeldingType.ANTALL_PLASSER,
    saksbehandler_id: int | None = None,
) -> int:
    """An innmelding of ``type`` in ``status``, with the fields its type and status need."""
    values: dict[str, object] = {
        "kommunenummer": kommunenummer,
        "type": type,
        "status": status,
        "behandlende_organisasjon": behandlende,
        "ledig_fra": date(2026, 8, 1),
        "opprettet": SENDT,
    }
    match type:
        case InnmeldingType.ANTALL_PLASSER:
            values["antall_plasser"] = 3
        case InnmeldingType.FAMILIEBOLIG:
            values["antall_rom"] = 3
        case InnmeldingType.BOFELLESSKAP:
            values["antall_plasser"] = 4
        case InnmeldingType.EM_TILTAK:
            values["em_tiltak_type"] = EmTiltakType.BOFELLESSKAP
            values["antall_plasser"] = 2
        case InnmeldingType.BESTEMTE_PERSONER:
            values["person_id"] = (await make_person(connection)).id
            values["tilknytning"] = Tilknytning.ARBEIDSKONTRAKT
            values["ledig_fra"] = None
    values["saksbehandler_id"] = saksbehandler_id
    match status:
        case InnmeldingStatus.FERDIGBEHANDLET:
            values["ferdigbehandlet"] = SENDT + DAY
            values["svar"] = "Takk, vi bruker plassene"
        case InnmeldingStatus.AVSLATT:
            values["avslatt"] = SENDT + DAY
            values["avslag_begrunnelse"] = "Ikke behov nå"
        case InnmeldingStatus.KANSELLERT:
            values["kansellert"] = SENDT + DAY
            values["kansellert_begrunnelse"] = "Plassene er tatt"
    innmelding_id: int = (
        await connection.execute(insert(Innmelding).values(**values).returning(Innmelding.id))
    ).scalar_one()
    return innmelding_id
