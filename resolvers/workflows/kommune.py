"""Notater, the refugee office's contact details, and the users of a kommune."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update

from authz.scope import avgjor_rad, readable_anmodninger, readable_persons
from models import Anmodning, Hendelse, HendelsePerson, Kommune, Person
from models.enums import HendelseType, Omrade, OrganisasjonType
from resolvers.workflows.anmodning import EMNE
from resolvers.workflows.effekter import systemhendelse
from resolvers.workflows.rules import ErrorCode, Regelbrudd, tekst_eller_none
from resolvers.workflows.tx import Tx

EPOST = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
TELEFON = re.compile(r"^\+?[0-9]{8,15}$")
MAKS_TITTEL = 200


# -- notater ----------------------------------------------------------------------------------


async def opprett_notat(
    tx: Tx,
    *,
    tittel: str,
    saksomrade: Omrade,
    tekst: str,
    personer_duf: list[str],
    kommunenummer: str | None,
    anmodning_id: str | None = None,
) -> int:
    """A notat on the kommune, linked to persons the writer may read; it then shows in those
    persons' hendelser (for IMDi and the person's kommune only). On an anmodning the writer may
    read (saksområde ANMODNING), it shows in the anmodning's hendelser too, on its kommune."""
    title = tekst_eller_none(tittel)
    if title is None:
        raise Regelbrudd("tittel", "a notat has a title", ErrorCode.REQUIRED)
    if len(title) > MAKS_TITTEL:
        raise Regelbrudd("tittel", f"at most {MAKS_TITTEL} characters", ErrorCode.TOO_LONG)
    body = tekst_eller_none(tekst)
    if body is None:
        raise Regelbrudd("tekst", "a notat has text", ErrorCode.REQUIRED)
    detaljer: dict[str, int] = {}
    if anmodning_id is not None:
        anmodning = await _anmodning(tx, anmodning_id)
        if saksomrade != Omrade.ANMODNING:
            raise Regelbrudd(
                "saksomrade", "a notat on an anmodning has saksomrade ANMODNING", ErrorCode.INVALID
            )
        if kommunenummer is not None and kommunenummer != anmodning.kommunenummer:
            raise Regelbrudd(
                "kommunenummer", "the anmodning is another kommune's", ErrorCode.INVALID
            )
        kommunenummer = anmodning.kommunenummer
        detaljer[EMNE.nokkel] = anmodning.id
    elif tx.principal.organisasjon_type == OrganisasjonType.KOMMUNE:
        kommunenummer = tx.principal.kommunenummer
    elif kommunenummer is not None:
        exists = await tx.connection.scalar(
            select(Kommune.kommunenummer).where(Kommune.kommunenummer == kommunenummer)
        )
        if exists is None:
            raise Regelbrudd("kommunenummer", "no kommune has this number", ErrorCode.NOT_FOUND)
    person_ids: list[int] = []
    for number in dict.fromkeys(n.strip() for n in personer_duf):
        rows = (
            await tx.connection.execute(
                readable_persons(tx.principal).where(Person.duf_nr == number)
            )
        ).all()
        readable = (
            rows and avgjor_rad(tx.principal, rows[0], duf_oppslag=False, today=tx.today).grunndata
        )
        if not readable:
            raise Regelbrudd(
                "personer",
                f"no person you may read has the DUF-nummer {number}",
                ErrorCode.PERSON_NOT_FOUND,
            )
        person_ids.append(int(rows[0].id))
    hendelse_id = await tx.insert(
        Hendelse,
        type=HendelseType.NOTAT,
        omrade=saksomrade,
        kommunenummer=kommunenummer,
        tittel=title,
        tekst=body,
        opprettet_av=tx.principal.bruker_id,
        organisasjon_id=tx.principal.organisasjon_id,
        detaljer=detaljer,
    )
    if person_ids:
        await tx.connection.execute(
            insert(HendelsePerson),
            [{"hendelse_id": hendelse_id, "person_id": p} for p in person_ids],
        )
    return hendelse_id


async def _anmodning(tx: Tx, anmodning_id: str) -> Any:
    """The anmodning by its id, if the writer may read it; the same refusal whether it is
    another kommune's or none."""
    found = None
    if anmodning_id.isascii() and anmodning_id.isdigit() and len(anmodning_id) <= 18:
        found = (
            await tx.connection.execute(
                select(Anmodning.id, Anmodning.kommunenummer).where(
                    Anmodning.id == int(anmodning_id), readable_anmodninger(tx.principal)
                )
            )
        ).first()
    if found is None:
        raise Regelbrudd(
            "anmodningId", "no anmodning you may read has this id", ErrorCode.NOT_FOUND
        )
    return found


# -- kontaktinformasjon -----------------------------------------------------------------------


@dataclass(frozen=True)
class Flyktningkontor:
    avdeling: str
    adresse: str
    postnummer: str
    navn: str
    telefon: str
    epost: str


def _valid_kontor(kontor: Flyktningkontor) -> dict[str, str]:
    values = {
        name: (getattr(kontor, name) or "").strip() for name in Flyktningkontor.__dataclass_fields__
    }
    for name in ("avdeling", "adresse", "navn"):
        if not values[name]:
            raise Regelbrudd(name, "required", ErrorCode.REQUIRED)
    if not re.fullmatch(r"[0-9]{4}", values["postnummer"]):
        raise Regelbrudd("postnummer", "a postnummer is four digits", ErrorCode.INVALID)
    telefon = re.sub(r"[\s-]", "", values["telefon"])
    if not TELEFON.fullmatch(telefon):
        raise Regelbrudd(
            "telefon", "a phone number is 8 to 15 digits, optionally after +", ErrorCode.INVALID
        )
    values["telefon"] = telefon
    if not EPOST.fullmatch(values["epost"]):
        raise Regelbrudd("epost", "not an e-mail address", ErrorCode.INVALID)
    return values


async def oppdater_flyktningkontor(tx: Tx, kontor: Flyktningkontor) -> str:
    values = _valid_kontor(kontor)
    kommune = tx.principal.kommunenummer
    assert kommune is not None
    await tx.connection.execute(
        update(Kommune)
        .where(Kommune.kommunenummer == kommune)
        .values(
            **{f"flyktningkontor_{name}": value for name, value in values.items()},
            kontaktinfo_endret=tx.now,
            kontaktinfo_endret_av=tx.principal.bruker_id,
        )
    )
    await systemhendelse(
        tx.connection,
        omrade=Omrade.KOMMUNE,
        kommunenummer=kommune,
        tittel="Kontaktinformasjon endret",
        tekst=values["avdeling"],
        principal=tx.principal,
    )
    return kommune
