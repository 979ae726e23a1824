"""Fordeling: IMDi proposes persons to a kommune; the kommune answers; ticked persons are søkt
ut to it (which opens their personmappe to it).

    UTKAST --send--> NY --bekreft--> BEKREFTET --send svar--> SENDT
                      ^                  |
                      +------angre-------+

Every step locks the fordeling row (SELECT … FOR UPDATE), checks the caller's kommune, the
status and, for the two answering steps, the version the caller last read; it runs in one
transaction with everything it leaves behind (hendelser, varsler, letters).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from authz import scope
from models import (
    Fordeling,
    FordelingPerson,
    Innmelding,
    Kommune,
    Person,
    PersonBosettingsinfo,
    Utsoking,
)
from models.enums import (
    Boligtype,
    Bosettingsstatus,
    Brevkanal,
    Brevmal,
    FordelingStatus,
    Omrade,
    Sakstype,
)
from resolvers.workflows.effekter import (
    BOSETTERE,
    Emne,
    NyttBrev,
    brev,
    ny_bosettingsstatus,
    saksbehandlere,
)
from resolvers.workflows.machine import Machine, Refusal, step
from resolvers.workflows.rules import ErrorCode, Regelbrudd, tekst_eller_none
from resolvers.workflows.tx import Tx

MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)


@dataclass(frozen=True)
class RadInput:
    duf_nr: str
    boligtype: Boligtype | None = None
    innmelding_id: int | None = None
    forste_mulige_uke: date | None = None
    siste_mulige_uke: date | None = None
    overstyr_bindende_tilknytning: str | None = None
    """IMDi's reason to fordel a person bound to another kommune here anyway."""


EMNE = Emne(Omrade.FORDELING, "Fordeling", "fordelingId")

UTKAST = FordelingStatus.UTKAST
NY = FordelingStatus.NY
BEKREFTET = FordelingStatus.BEKREFTET
SENDT = FordelingStatus.SENDT
ANSWERED = Refusal("this fordeling is already answered", ErrorCode.CONFLICT)

# fmt: off
FORDELING = Machine(Fordeling, FordelingStatus, scope.readable_fordelinger, steps={
    "send": step("sending", UTKAST, to=NY, stamp="sendt"),
    "sett_forventet_bosetting": step("changing a row", NY),
    "sett_bosettes": step("changing a row", NY),
    "bekreft": step("confirming the list", NY, to=BEKREFTET, stamp="bekreftet", by="bekreftet_av"),
    "angre": step("stepping back", BEKREFTET, to=NY),
    "send_svar": step("sending the answer", BEKREFTET, to=SENDT, stamp="svart", by="svart_av",
                      refusals={SENDT: ANSWERED}),
}, thing="a fordeling", not_found="no fordeling you may answer has this id")
# fmt: on
"""Which status each step starts from. The read scope (authz/scope.py) lets IMDi reach every
fordeling and a kommune its own once sent, so a kommune's step on a draft answers NOT_FOUND."""


def _version(fordeling: Any, versjon: int) -> None:
    if fordeling.versjon != versjon:
        raise Regelbrudd(
            "versjon",
            f"the list changed after you read it (you had version {versjon}, it is now "
            f"{fordeling.versjon}): read it again",
            ErrorCode.CONFLICT,
        )


# -- IMDi ------------------------------------------------------------------------------------


async def _bindende_tilknytning(tx: Tx, person: Any, rad: RadInput, kommunenummer: str) -> None:
    """A person bound to another kommune (bindende tilknytning) is fordelt only there, unless
    IMDi overrides the tie with a reason; an override of no such tie is refused."""
    bundet = person.bindende_tilknytning_kommune
    grunn = tekst_eller_none(rad.overstyr_bindende_tilknytning)
    if bundet is None or bundet == kommunenummer:
        if grunn is not None:
            raise Regelbrudd(
                "personer",
                f"{rad.duf_nr}: has no bindende tilknytning to another kommune to override",
                ErrorCode.NOT_RELEVANT,
            )
        return
    if grunn is None:
        navn = await tx.connection.scalar(
            select(Kommune.navn_kort).where(Kommune.kommunenummer == bundet)
        )
        raise Regelbrudd(
            "personer",
            f"{rad.duf_nr}: has a bindende tilknytning ({person.bindende_tilknytning}) to "
            f"{bundet} {navn}; to fordel the person elsewhere, give overstyrBindendeTilknytning "
            "with a reason",
            ErrorCode.BOUND_ELSEWHERE,
        )


async def opprett(
    tx: Tx,
    *,
    kommunenummer: str,
    navn: str | None,
    rader: list[RadInput],
) -> int:
    """A fordelingsliste in UTKAST: whole families, settlement-ready persons, windows for
    resettlement refugees."""
    kommune = (
        await tx.connection.execute(
            select(Kommune.navn_kort).where(Kommune.kommunenummer == kommunenummer)
        )
    ).scalar()
    if kommune is None:
        raise Regelbrudd("kommunenummer", "no kommune has this number", ErrorCode.NOT_FOUND)
    if not rader:
        raise Regelbrudd("personer", "a fordeling needs at least one person", ErrorCode.EMPTY)
    numbers = [rad.duf_nr for rad in rader]
    if len(set(numbers)) != len(numbers):
        raise Regelbrudd("personer", "a person is on the list twice", ErrorCode.DUPLICATE)
    persons = {
        row.duf_nr: row
        for row in (
            await tx.connection.execute(
                # unscoped: IMDi names the persons of a new list by DUF-nr, across all kommuner
                select(
                    Person.id,
                    Person.duf_nr,
                    Person.registreringsnummer,
                    Person.bosettingsstatus,
                    Person.sakstype,
                    PersonBosettingsinfo.bindende_tilknytning,
                    PersonBosettingsinfo.bindende_tilknytning_kommune,
                )
                .outerjoin(PersonBosettingsinfo, PersonBosettingsinfo.person_id == Person.id)
                .where(Person.duf_nr.in_(numbers))
                .order_by(Person.id)
                .with_for_update(of=Person)
            )
        ).all()
    }
    for number in numbers:
        person = persons.get(number)
        if person is None:
            raise Regelbrudd(
                "personer", f"{number}: no person has this DUF-nummer", ErrorCode.NOT_FOUND
            )
        if person.bosettingsstatus != Bosettingsstatus.BOSETTINGSKLAR:
            raise Regelbrudd(
                "personer",
                f"{number}: is {person.bosettingsstatus}; only BOSETTINGSKLAR persons"
                " can be fordelt",
                ErrorCode.NOT_SETTLEMENT_READY,
            )
    families = {p.registreringsnummer for p in persons.values()}
    members = (
        await tx.connection.execute(
            # unscoped: IMDi's family rule reads all settlement-ready members of the listed families
            select(Person.duf_nr, Person.registreringsnummer).where(
                Person.registreringsnummer.in_(families),
                Person.bosettingsstatus == Bosettingsstatus.BOSETTINGSKLAR,
            )
        )
    ).all()
    missing: dict[str, list[str]] = defaultdict(list)
    for member in members:
        if member.duf_nr not in persons:
            missing[member.registreringsnummer].append(member.duf_nr)
    if missing:
        regnr, dufs = sorted(missing.items())[0]
        raise Regelbrudd(
            "personer",
            f"families are fordelt together: registreringsnummer {regnr} also has "
            f"{', '.join(sorted(dufs))}",
            ErrorCode.FAMILY_SPLIT,
        )
    family_size: dict[str, int] = defaultdict(int)
    for person in persons.values():
        family_size[person.registreringsnummer] += 1
    for rad in rader:
        person = persons[rad.duf_nr]
        resettlement = person.sakstype == Sakstype.OVERFORINGSFLYKTNING
        window = (rad.forste_mulige_uke, rad.siste_mulige_uke)
        if resettlement and None in window:
            raise Regelbrudd(
                "personer",
                f"{rad.duf_nr}: a resettlement refugee needs forsteMuligeUke and sisteMuligeUke",
                ErrorCode.WINDOW_REQUIRED,
            )
        if not resettlement and window != (None, None):
            raise Regelbrudd(
                "personer",
                f"{rad.duf_nr}: only resettlement refugees have a settlement window",
                ErrorCode.WINDOW_NOT_ALLOWED,
            )
        if rad.forste_mulige_uke and rad.siste_mulige_uke:
            if rad.forste_mulige_uke.weekday() or rad.siste_mulige_uke.weekday():
                raise Regelbrudd(
                    "personer",
                    f"{rad.duf_nr}: a week is given by its Monday",
                    ErrorCode.NOT_A_MONDAY,
                )
            if rad.forste_mulige_uke > rad.siste_mulige_uke:
                raise Regelbrudd(
                    "personer",
                    f"{rad.duf_nr}: forsteMuligeUke is after sisteMuligeUke",
                    ErrorCode.WINDOW_ORDER,
                )
        await _bindende_tilknytning(tx, person, rad, kommunenummer)
        if rad.innmelding_id is not None:
            owner = (
                await tx.connection.execute(
                    select(Innmelding.kommunenummer).where(Innmelding.id == rad.innmelding_id)
                )
            ).scalar()
            if owner != kommunenummer:
                raise Regelbrudd(
                    "personer",
                    f"{rad.duf_nr}: innmelding {rad.innmelding_id} is not one of this kommune's",
                    ErrorCode.NOT_FOUND,
                )
    fordeling_id = await tx.insert(
        Fordeling,
        kommunenummer=kommunenummer,
        navn=navn or f"{kommunenummer} {kommune} {MONTHS[tx.today.month - 1]} {tx.today.year}",
        status=FordelingStatus.UTKAST,
        opprettet_av=tx.principal.bruker_id,
    )
    await tx.connection.execute(
        insert(FordelingPerson),
        [
            {
                "fordeling_id": fordeling_id,
                "person_id": persons[rad.duf_nr].id,
                "boligtype": rad.boligtype
                or (
                    Boligtype.FAMILIEBOLIG
                    if family_size[persons[rad.duf_nr].registreringsnummer] > 1
                    else Boligtype.BOFELLESSKAP
                ),
                "innmelding_id": rad.innmelding_id,
                "forste_mulige_uke": rad.forste_mulige_uke,
                "siste_mulige_uke": rad.siste_mulige_uke,
            }
            for rad in rader
        ],
    )
    for rad in rader:
        person = persons[rad.duf_nr]
        bundet = person.bindende_tilknytning_kommune
        if bundet is not None and bundet != kommunenummer:
            await EMNE.hendelse(
                tx, fordeling_id, kommunenummer, "Bindende tilknytning overstyrt",
                tekst_eller_none(rad.overstyr_bindende_tilknytning), personer=[person.id],
                bindendeTilknytning=person.bindende_tilknytning,
                bindendeTilknytningKommune=bundet,
            )  # fmt: skip
    return fordeling_id


async def send(tx: Tx, fordeling_id: int) -> None:
    """UTKAST → NY: the persons are fordelt; the kommune's Bosetter users get a varsel."""
    fordeling = await FORDELING.start(tx, fordeling_id, "send")
    person_ids = list(
        (
            await tx.connection.scalars(
                select(FordelingPerson.person_id).where(
                    FordelingPerson.fordeling_id == fordeling_id
                )
            )
        ).all()
    )
    # Lock every person on the list, then look: two lists sent at once cannot both take one.
    locked = (
        await tx.connection.execute(
            # unscoped: IMDi locks the persons of the list it sends (ids from the locked fordeling)
            select(Person.duf_nr, Person.bosettingsstatus)
            .where(Person.id.in_(person_ids))
            .order_by(Person.id)
            .with_for_update()
        )
    ).all()
    not_ready = [
        row.duf_nr for row in locked if row.bosettingsstatus != Bosettingsstatus.BOSETTINGSKLAR
    ]
    if not_ready:
        raise Regelbrudd(
            "id",
            f"no longer settlement-ready since the list was made: {', '.join(sorted(not_ready))}",
            ErrorCode.NOT_SETTLEMENT_READY,
        )
    await FORDELING.move(tx, fordeling_id, "send")
    kommune = fordeling.kommunenummer
    await EMNE.hendelse(
        tx, fordeling_id, kommune, "Fordelingsliste sendt fra IMDi", fordeling.navn,
        personer=person_ids, antallPersoner=len(person_ids),
    )  # fmt: skip
    await ny_bosettingsstatus(
        tx, person_ids, fra=Bosettingsstatus.BOSETTINGSKLAR, til=Bosettingsstatus.FORDELT,
        kommunenummer=kommune, fordelingId=fordeling_id,
    )  # fmt: skip
    await EMNE.varsle_kommunen(
        tx, kommune, BOSETTERE, fordeling_id, "Ny fordelingsliste fra IMDi", fordeling.navn
    )


# -- the kommune -------------------------------------------------------------------------------


async def _row(tx: Tx, rad_id: int, name: str) -> tuple[Any, Any]:
    """A row of a fordeling, and the fordeling locked through the read scope for step ``name``."""
    rad = (
        await tx.connection.execute(
            # unscoped: the row's fordeling is locked through the read scope next
            select(FordelingPerson, Person.sakstype, Person.registreringsnummer)
            .join(Person, Person.id == FordelingPerson.person_id)
            .where(FordelingPerson.id == rad_id)
        )
    ).one_or_none()
    fordeling = await FORDELING.lock(
        tx,
        None if rad is None else rad.fordeling_id,
        field="radId",
        not_found="no row of a fordeling you may answer has this id",
    )
    FORDELING.require(fordeling, name)
    return rad, fordeling


async def sett_forventet_bosetting(tx: Tx, rad_id: int, dato: date) -> int:
    """The expected settlement time: inside the window for resettlement refugees."""
    rad, fordeling = await _row(tx, rad_id, "sett_forventet_bosetting")
    if rad.forste_mulige_uke is not None and rad.siste_mulige_uke is not None:
        last_day = rad.siste_mulige_uke + timedelta(days=6)
        if not rad.forste_mulige_uke <= dato <= last_day:
            raise Regelbrudd(
                "dato",
                f"a resettlement refugee is settled within the window {rad.forste_mulige_uke} – "
                f"{last_day}",
                ErrorCode.OUTSIDE_WINDOW,
            )
    elif dato < tx.today:
        raise Regelbrudd(
            "dato", "the expected settlement time is not in the past", ErrorCode.IN_PAST
        )
    await tx.connection.execute(
        update(FordelingPerson).where(FordelingPerson.id == rad_id).values(forventet_bosetting=dato)
    )
    await FORDELING.move(tx, fordeling.id, "sett_forventet_bosetting")
    return int(fordeling.id)


async def sett_bosettes(
    tx: Tx,
    rad_id: int,
    bosettes: bool,
    begrunnelse: str | None,
) -> int:
    """Tick or untick "bosettes"; for the whole family on the list, which is settled together.
    Unticking needs a reason."""
    rad, fordeling = await _row(tx, rad_id, "sett_bosettes")
    reason = (begrunnelse or "").strip()
    if not bosettes and not reason:
        raise Regelbrudd(
            "begrunnelse",
            "a reason is required when a person is not to be settled",
            ErrorCode.REASON_REQUIRED,
        )
    # unscoped: the family of a row in a fordeling locked through the read scope (_row)
    family = select(Person.id).where(Person.registreringsnummer == rad.registreringsnummer)
    await tx.connection.execute(
        update(FordelingPerson)
        .where(FordelingPerson.fordeling_id == fordeling.id, FordelingPerson.person_id.in_(family))
        .values(bosettes=bosettes, begrunnelse_ikke_bosettes=None if bosettes else reason)
    )
    await FORDELING.move(tx, fordeling.id, "sett_bosettes")
    return int(fordeling.id)


async def bekreft(tx: Tx, fordeling_id: int, versjon: int) -> None:
    """Step one of two: NY → BEKREFTET, once every person to be settled has a time."""
    fordeling = await FORDELING.start(tx, fordeling_id, "bekreft")
    _version(fordeling, versjon)
    missing = (
        await tx.connection.scalar(
            select(func.count())
            .select_from(FordelingPerson)
            .where(
                FordelingPerson.fordeling_id == fordeling_id,
                FordelingPerson.bosettes,
                FordelingPerson.forventet_bosetting.is_(None),
            )
        )
    ) or 0
    if missing:
        raise Regelbrudd(
            "rader",
            f"set the expected settlement time for every person to be settled ({missing} missing)",
            ErrorCode.EXPECTED_TIME_MISSING,
        )
    await FORDELING.move(tx, fordeling_id, "bekreft")


async def angre(tx: Tx, fordeling_id: int) -> None:
    """Step back from a confirmed list to correct it: BEKREFTET → NY."""
    await FORDELING.start(tx, fordeling_id, "angre")
    await FORDELING.move(tx, fordeling_id, "angre", bekreftet=None, bekreftet_av=None)


async def send_svar(tx: Tx, fordeling_id: int, versjon: int, nokkel: str) -> bool:
    """Step two of two: BEKREFTET → SENDT. Ticked persons are søkt ut to the kommune; unticked
    ones go back to IMDi with the reason logged; hendelser, varsler and letters follow.

    Returns False when this exact answer (same ``nokkel``) was already sent: a retried
    request answers once.
    """
    fordeling = await FORDELING.lock(tx, fordeling_id)
    if fordeling.status == FordelingStatus.SENDT and fordeling.svar_nokkel == nokkel:
        return False  # the same answer again: a retried request answers once
    FORDELING.require(fordeling, "send_svar")
    _version(fordeling, versjon)
    rows = (
        await tx.connection.execute(
            # unscoped: the persons on a fordeling locked through the read scope above
            select(
                FordelingPerson, Person.duf_nr, Person.fornavn, Person.etternavn, Person.sakstype
            )
            .join(Person, Person.id == FordelingPerson.person_id)
            .where(FordelingPerson.fordeling_id == fordeling_id)
            .order_by(FordelingPerson.id)
        )
    ).all()
    ticked = [row for row in rows if row.bosettes]
    unticked = [row for row in rows if not row.bosettes]
    kommune = fordeling.kommunenummer
    if ticked:
        try:
            async with tx.connection.begin_nested():
                await tx.connection.execute(
                    insert(Utsoking),
                    [
                        {
                            "person_id": row.person_id,
                            "kommunenummer": kommune,
                            "fordeling_person_id": row.id,
                            "sokt_ut_dato": tx.today,
                        }
                        for row in ticked
                    ],
                )
        except IntegrityError as error:
            raise Regelbrudd(
                "id", "a person on the list is already søkt ut to a kommune", ErrorCode.CONFLICT
            ) from error
    # A person on a sent list is FORDELT (send() moved it; nothing else moves it until now).
    await ny_bosettingsstatus(
        tx, [row.person_id for row in ticked], fra=Bosettingsstatus.FORDELT,
        til=Bosettingsstatus.SOKT_UT, kommunenummer=kommune, fordelingId=fordeling_id,
    )  # fmt: skip
    await ny_bosettingsstatus(
        tx, [row.person_id for row in unticked], fra=Bosettingsstatus.FORDELT,
        til=Bosettingsstatus.BOSETTINGSKLAR, kommunenummer=kommune, fordelingId=fordeling_id,
    )  # fmt: skip
    if unticked:
        by_reason: dict[str, list[int]] = defaultdict(list)
        for row in unticked:
            by_reason[row.begrunnelse_ikke_bosettes].append(row.person_id)
        for reason, person_ids in sorted(by_reason.items()):
            await EMNE.hendelse(
                tx, fordeling_id, kommune, "Person ikke søkt ut", reason, personer=person_ids
            )
    await FORDELING.move(tx, fordeling_id, "send_svar", svar_nokkel=nokkel)
    summary = f"{len(ticked)} søkt ut, {len(unticked)} ikke søkt ut"
    await EMNE.hendelse(
        tx, fordeling_id, kommune, "Fordelingsliste besvart", summary,
        personer=[row.person_id for row in ticked], soktUt=len(ticked), ikkeSoktUt=len(unticked),
    )  # fmt: skip
    imdi = await saksbehandlere(tx.connection, sendt_av=fordeling.opprettet_av)
    await EMNE.varsle(
        tx, imdi, fordeling_id, "Kommunen har svart på fordelingslisten",
        f"{fordeling.navn}: {summary}",
    )  # fmt: skip
    letters = []
    if ticked:
        letters.append(
            NyttBrev(
                mal=Brevmal.BOSETTING_AV_FLYKTNINGER,
                kanal=Brevkanal.ALTINN,
                kommunenummer=kommune,
                fordeling_id=fordeling_id,
                innhold={
                    "fordeling": fordeling.navn,
                    "personer": [
                        {
                            "dufNr": row.duf_nr,
                            "navn": f"{row.fornavn} {row.etternavn}",
                            "forventetBosetting": row.forventet_bosetting.isoformat()
                            if row.forventet_bosetting
                            else None,
                        }
                        for row in ticked
                    ],
                },
            )
        )
    letters += [
        NyttBrev(
            mal=Brevmal.VEDTAK_OM_BOSETTINGSKOMMUNE,
            kanal=Brevkanal.PAPIR,
            kommunenummer=kommune,
            person_id=row.person_id,
            fordeling_id=fordeling_id,
            innhold={
                "dufNr": row.duf_nr,
                "navn": f"{row.fornavn} {row.etternavn}",
                "kommunenummer": kommune,
            },
        )
        for row in ticked
        # resettlement refugees get no "Vedtak om bosettingskommune"
        if row.sakstype != Sakstype.OVERFORINGSFLYKTNING
    ]
    await brev(tx.connection, letters)
    return True
