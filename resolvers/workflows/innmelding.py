"""Innmeldinger: the kommune tells of free housing, of a specific person tied to it, or of a
number of places; IMDi handles them, Bufetat those about EM under 15.

    VENTER_PA_BEHANDLING --behandle--> SAKSBEHANDLES --ferdigbehandle--> FERDIGBEHANDLET
           |        \\                        |
      kanseller      +-------avslå------------+----------------------> AVSLATT
           v
      KANSELLERT
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from authz import scope
from models import Innmelding, Person
from models.enums import (
    Bosettingsstatus,
    EmTiltakType,
    InnmeldingStatus,
    InnmeldingType,
    Omrade,
    OrganisasjonType,
    Tilknytning,
)
from models.identifikatorer import duf_nr_is_valid
from resolvers.workflows import partnerfeed
from resolvers.workflows.effekter import (
    BOSETTERE,
    Emne,
    saksbehandlere,
)
from resolvers.workflows.machine import Machine, step
from resolvers.workflows.rules import ErrorCode, Regelbrudd, required_text, tekst_eller_none
from resolvers.workflows.tx import Tx

VENTER = InnmeldingStatus.VENTER_PA_BEHANDLING
SAKSBEHANDLES = InnmeldingStatus.SAKSBEHANDLES
RELEVANT = (Bosettingsstatus.IKKE_BOSETTINGSKLAR, Bosettingsstatus.BOSETTINGSKLAR)
BOLIGTYPER = (InnmeldingType.FAMILIEBOLIG, InnmeldingType.BOFELLESSKAP, InnmeldingType.EM_TILTAK)


@dataclass(frozen=True)
class LedigBolig:
    type: InnmeldingType
    ledig_fra: date
    em_tiltak_type: EmTiltakType | None = None
    for_em_under_15: bool = False
    begge_aldersgrupper: bool = False
    antall_plasser: int | None = None
    antall_rom: int | None = None
    adresse: str | None = None
    ledig_til: date | None = None
    tilpasset_saerlig_hensyn: bool = False
    saerlig_hensyn_beskrivelse: str | None = None
    merknad: str | None = None


def _saerlig_hensyn(tilpasset: bool, beskrivelse: str | None) -> None:
    if tilpasset and not tekst_eller_none(beskrivelse):
        raise Regelbrudd(
            "saerligHensynBeskrivelse",
            "describe the særlige hensyn the housing is adapted to",
            ErrorCode.DESCRIPTION_REQUIRED,
        )


async def _created(tx: Tx, merknad: str | None, values: dict[str, Any]) -> int:
    """The innmelding the kommune sends, with its merknad; IMDi or Bufetat hears of it."""
    kommune = tx.principal.kommunenummer
    innmelding_id = await tx.insert(
        Innmelding, kommunenummer=kommune, status=VENTER, opprettet_av=tx.principal.bruker_id,
        merknad=tekst_eller_none(merknad), **values,
    )  # fmt: skip
    await _til_partnere(tx, innmelding_id)
    person_id = values.get("person_id")
    await EMNE.hendelse(
        tx, innmelding_id, kommune, "Innmelding sendt", str(values["type"]),
        personer=() if person_id is None else [person_id],
    )  # fmt: skip
    handlers = await saksbehandlere(tx.connection, values["behandlende_organisasjon"])
    if values.get("begge_aldersgrupper"):  # it reaches Bufetat too
        handlers += await saksbehandlere(tx.connection, OrganisasjonType.BUFETAT)
    await EMNE.varsle(
        tx, handlers, innmelding_id, "Ny innmelding fra kommunen",
        f"{tx.principal.organisasjon_navn}: {values['type']}",
    )  # fmt: skip
    return innmelding_id


async def ledig_bolig(tx: Tx, bolig: LedigBolig) -> int:
    """Familiebolig, bofellesskap (adults) or an EM-tiltak; "Annet" needs a description."""
    if bolig.type not in BOLIGTYPER:
        raise Regelbrudd(
            "type", "a ledig bolig is FAMILIEBOLIG, BOFELLESSKAP or EM_TILTAK", ErrorCode.WRONG_TYPE
        )
    if bolig.type == InnmeldingType.EM_TILTAK and bolig.em_tiltak_type is None:
        raise Regelbrudd("emTiltakType", "choose the kind of EM-tiltak", ErrorCode.REQUIRED)
    if bolig.type != InnmeldingType.EM_TILTAK and (
        bolig.em_tiltak_type or bolig.for_em_under_15 or bolig.begge_aldersgrupper
    ):
        raise Regelbrudd(
            "emTiltakType", "only an EM-tiltak has a kind and a target group", ErrorCode.NOT_ALLOWED
        )
    if bolig.for_em_under_15 and bolig.begge_aldersgrupper:
        raise Regelbrudd(
            "beggeAldersgrupper",
            "a tiltak for both age groups is not for EM under 15 alone: choose one",
            ErrorCode.NOT_ALLOWED,
        )
    if bolig.em_tiltak_type == EmTiltakType.ANNET and not tekst_eller_none(bolig.merknad):
        raise Regelbrudd(
            "merknad", "describe the tiltak when the kind is ANNET", ErrorCode.DESCRIPTION_REQUIRED
        )
    _saerlig_hensyn(bolig.tilpasset_saerlig_hensyn, bolig.saerlig_hensyn_beskrivelse)
    if bolig.type == InnmeldingType.FAMILIEBOLIG and not (bolig.antall_rom or 0) >= 1:
        raise Regelbrudd("antallRom", "a familiebolig has at least one room", ErrorCode.REQUIRED)
    if bolig.antall_plasser is not None and bolig.antall_plasser < 1:
        raise Regelbrudd("antallPlasser", "at least one place", ErrorCode.OUT_OF_RANGE)
    if bolig.ledig_til is not None and bolig.ledig_til < bolig.ledig_fra:
        raise Regelbrudd(
            "ledigTil", "the housing is free until after it is free from", ErrorCode.PERIOD_ORDER
        )
    return await _created(
        tx,
        bolig.merknad,
        {
            "type": bolig.type,
            "behandlende_organisasjon": OrganisasjonType.BUFETAT
            if bolig.for_em_under_15
            else OrganisasjonType.IMDI,
            "em_tiltak_type": bolig.em_tiltak_type,
            "begge_aldersgrupper": bolig.begge_aldersgrupper,
            "antall_plasser": bolig.antall_plasser,
            "antall_rom": bolig.antall_rom,
            "adresse": tekst_eller_none(bolig.adresse),
            "ledig_fra": bolig.ledig_fra,
            "ledig_til": bolig.ledig_til,
            "tilpasset_saerlig_hensyn": bolig.tilpasset_saerlig_hensyn,
            "saerlig_hensyn_beskrivelse": tekst_eller_none(bolig.saerlig_hensyn_beskrivelse),
        },
    )


@dataclass(frozen=True)
class BestemtPerson:
    duf_nr: str
    tilknytning: Tilknytning
    familie_kommentar: str | None = None
    merknad: str | None = None


async def bestemt_person(tx: Tx, person: BestemtPerson) -> int:
    """A specific person tied to the kommune, found by exact DUF-nr; the family comment says
    who settles together. About an EM under 15, Bufetat handles it."""
    duf_nr, familie_kommentar = person.duf_nr.strip(), person.familie_kommentar
    if not duf_nr_is_valid(duf_nr):
        raise Regelbrudd(
            "dufNr", "not a valid DUF-nummer (12 digits, the last two a check)", ErrorCode.INVALID
        )
    row = (
        await tx.connection.execute(
            # unscoped: a kommune names one person by exact DUF-nr; status and family fields only
            select(
                Person.id,
                Person.bosettingsstatus,
                Person.enslig_mindrearig,
                Person.fodselsdato,
                Person.registreringsnummer,
            ).where(Person.duf_nr == duf_nr)
        )
    ).one_or_none()
    if row is None or row.bosettingsstatus not in RELEVANT:
        raise Regelbrudd(
            "dufNr",
            "the person with this DUF-nummer is not relevant for settlement",
            ErrorCode.NOT_RELEVANT,
        )
    family = await tx.connection.scalar(
        # unscoped: counts the person's family members; reads no person data
        select(func.count())
        .select_from(Person)
        .where(Person.registreringsnummer == row.registreringsnummer, Person.id != row.id)
    )
    if family and not tekst_eller_none(familie_kommentar):
        raise Regelbrudd(
            "familieKommentar",
            "the person has family: say who settles together with the person",
            ErrorCode.COMMENT_REQUIRED,
        )
    under_15 = row.enslig_mindrearig and tx.today < row.fodselsdato.replace(
        year=row.fodselsdato.year + 15
    )
    return await _created(
        tx,
        person.merknad,
        {
            "type": InnmeldingType.BESTEMTE_PERSONER,
            "behandlende_organisasjon": OrganisasjonType.BUFETAT
            if under_15
            else OrganisasjonType.IMDI,
            "person_id": row.id,
            "tilknytning": person.tilknytning,
            "familie_kommentar": tekst_eller_none(familie_kommentar),
        },
    )


@dataclass(frozen=True)
class AntallPlasser:
    antall: int
    fra: date
    merknad: str | None = None


async def antall_plasser(tx: Tx, plasser: AntallPlasser) -> int:
    if plasser.antall < 1:
        raise Regelbrudd("antall", "at least one place", ErrorCode.OUT_OF_RANGE)
    return await _created(
        tx,
        plasser.merknad,
        {
            "type": InnmeldingType.ANTALL_PLASSER,
            "behandlende_organisasjon": OrganisasjonType.IMDI,
            "antall_plasser": plasser.antall,
            "ledig_fra": plasser.fra,
        },
    )


EMNE = Emne(Omrade.INNMELDING, "Innmelding", "innmeldingId")

KANSELLERT = InnmeldingStatus.KANSELLERT
FERDIGBEHANDLET = InnmeldingStatus.FERDIGBEHANDLET
AVSLATT = InnmeldingStatus.AVSLATT

# fmt: off
INNMELDING = Machine(Innmelding, InnmeldingStatus, scope.endrebare_innmeldinger, steps={
    "kanseller": step("cancelling", VENTER, to=KANSELLERT, stamp="kansellert", by="kansellert_av"),
    "behandle": step("taking it into handling", VENTER, to=SAKSBEHANDLES, by="saksbehandler_id"),
    "svar": step("answering", SAKSBEHANDLES),
    "ferdigbehandle": step("finishing", SAKSBEHANDLES, to=FERDIGBEHANDLET, stamp="ferdigbehandlet"),
    "avsla": step("refusing", VENTER, SAKSBEHANDLES, to=AVSLATT, stamp="avslatt"),
}, thing="an innmelding", not_found="no innmelding you may change has this id")
# fmt: on
"""Which status each step starts from. The scope (authz/scope.py, endrebare_innmeldinger) lets a
kommune reach its own innmeldinger and IMDi or Bufetat those it handles."""


async def _til_partnere(tx: Tx, innmelding_id: int) -> None:
    """Bufetat's system hears of the innmeldinger it reads, as they now stand."""
    row = (
        await tx.connection.execute(select(Innmelding).where(Innmelding.id == innmelding_id))
    ).one()
    await partnerfeed.innmelding(tx.connection, row)


async def _changed(tx: Tx, row: Any, tittel: str, tekst: str | None, *, tell_kommune: bool) -> None:
    await _til_partnere(tx, row.id)
    # An innmelding of bestemte personer is in its person's history too.
    personer = () if row.person_id is None else [row.person_id]
    await EMNE.hendelse(tx, row.id, row.kommunenummer, tittel, tekst, personer=personer)
    if tell_kommune:
        await EMNE.varsle_kommunen(tx, row.kommunenummer, BOSETTERE, row.id, tittel, tekst)


async def kanseller(tx: Tx, innmelding_id: int, begrunnelse: str) -> None:
    """The kommune withdraws an innmelding nobody handles yet; with a reason."""
    row = await INNMELDING.start(tx, innmelding_id, "kanseller")
    reason = required_text(begrunnelse, "begrunnelse", "say why the innmelding is cancelled")
    await INNMELDING.move(tx, innmelding_id, "kanseller", kansellert_begrunnelse=reason)
    await _changed(tx, row, "Innmelding kansellert", reason, tell_kommune=False)


async def behandle(tx: Tx, innmelding_id: int) -> None:
    row = await INNMELDING.start(tx, innmelding_id, "behandle")
    await INNMELDING.move(tx, innmelding_id, "behandle")
    await _changed(tx, row, "Innmelding saksbehandles", tx.principal.navn, tell_kommune=True)


async def svar(tx: Tx, innmelding_id: int, tekst: str) -> None:
    row = await INNMELDING.start(tx, innmelding_id, "svar")
    answer = required_text(tekst, "svar", "an answer has text", ErrorCode.EMPTY)
    await INNMELDING.move(tx, innmelding_id, "svar", svar=answer)
    await _changed(tx, row, "Svar på innmelding", answer, tell_kommune=True)


async def ferdigbehandle(tx: Tx, innmelding_id: int, tekst: str | None) -> None:
    row = await INNMELDING.start(tx, innmelding_id, "ferdigbehandle")
    text = tekst_eller_none(tekst)
    await INNMELDING.move(tx, innmelding_id, "ferdigbehandle", svar=text or row.svar)
    await _changed(tx, row, "Innmelding ferdigbehandlet", text, tell_kommune=True)


async def avsla(tx: Tx, innmelding_id: int, begrunnelse: str) -> None:
    row = await INNMELDING.start(tx, innmelding_id, "avsla")
    reason = required_text(begrunnelse, "begrunnelse", "say why the innmelding is refused")
    await INNMELDING.move(
        tx,
        innmelding_id,
        "avsla",
        avslag_begrunnelse=reason,
        saksbehandler_id=row.saksbehandler_id or tx.principal.bruker_id,
    )
    await _changed(tx, row, "Innmelding avslått", reason, tell_kommune=True)
