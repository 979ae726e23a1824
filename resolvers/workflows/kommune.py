"""Notater, the refugee office's contact details, and the users of a kommune."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.policy import KOMMUNE_DATAROLLER
from authz.principal import Principal
from authz.scope import personer, tilgang
from models import Bruker, BrukerRolle, Hendelse, HendelsePerson, Kommune, Organisasjon, Person
from models.enums import ROLLER_FOR_ORGANISASJON, HendelseType, Omrade, OrganisasjonType, Rolle
from resolvers.workflows.effekter import Regelbrudd, systemhendelse, tekst_eller_none

EPOST = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
TELEFON = re.compile(r"^\+?[0-9]{8,15}$")
MAKS_TITTEL = 200


# -- notater ----------------------------------------------------------------------------------


async def opprett_notat(
    connection: AsyncConnection,
    principal: Principal,
    *,
    tittel: str,
    saksomrade: Omrade,
    tekst: str,
    personer_duf: list[str],
    kommunenummer: str | None,
    today: date,
) -> int:
    """A notat on the kommune, linked to persons the writer may read; it then shows in those
    persons' hendelser (for IMDi and the person's kommune only)."""
    title = tekst_eller_none(tittel)
    if title is None:
        raise Regelbrudd("tittel", "a notat has a title", "REQUIRED")
    if len(title) > MAKS_TITTEL:
        raise Regelbrudd("tittel", f"at most {MAKS_TITTEL} characters", "TOO_LONG")
    body = tekst_eller_none(tekst)
    if body is None:
        raise Regelbrudd("tekst", "a notat has text", "REQUIRED")
    if principal.organisasjon_type == OrganisasjonType.KOMMUNE:
        kommunenummer = principal.kommunenummer
    elif kommunenummer is not None:
        exists = await connection.scalar(
            select(Kommune.kommunenummer).where(Kommune.kommunenummer == kommunenummer)
        )
        if exists is None:
            raise Regelbrudd("kommunenummer", "no kommune has this number", "NOT_FOUND")
    person_ids: list[int] = []
    for number in dict.fromkeys(n.strip() for n in personer_duf):
        rows = (await connection.execute(personer(principal).where(Person.duf_nr == number))).all()
        readable = rows and tilgang(principal, rows[0], duf_oppslag=False, today=today).grunndata
        if not readable:
            raise Regelbrudd(
                "personer",
                f"no person you may read has the DUF-nummer {number}",
                "PERSON_NOT_FOUND",
            )
        person_ids.append(int(rows[0].id))
    hendelse_id: int = (
        await connection.execute(
            insert(Hendelse)
            .values(
                type=HendelseType.NOTAT,
                omrade=saksomrade,
                kommunenummer=kommunenummer,
                tittel=title,
                tekst=body,
                opprettet_av=principal.bruker_id,
                organisasjon_id=principal.organisasjon_id,
            )
            .returning(Hendelse.id)
        )
    ).scalar_one()
    if person_ids:
        await connection.execute(
            insert(HendelsePerson),
            [{"hendelse_id": hendelse_id, "person_id": p} for p in person_ids],
        )
    return hendelse_id


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
            raise Regelbrudd(name, "required", "REQUIRED")
    if not re.fullmatch(r"[0-9]{4}", values["postnummer"]):
        raise Regelbrudd("postnummer", "a postnummer is four digits", "INVALID")
    telefon = re.sub(r"[\s-]", "", values["telefon"])
    if not TELEFON.fullmatch(telefon):
        raise Regelbrudd(
            "telefon", "a phone number is 8 to 15 digits, optionally after +", "INVALID"
        )
    values["telefon"] = telefon
    if not EPOST.fullmatch(values["epost"]):
        raise Regelbrudd("epost", "not an e-mail address", "INVALID")
    return values


async def oppdater_flyktningkontor(
    connection: AsyncConnection, principal: Principal, kontor: Flyktningkontor
) -> str:
    values = _valid_kontor(kontor)
    kommune = principal.kommunenummer
    assert kommune is not None
    await connection.execute(
        update(Kommune)
        .where(Kommune.kommunenummer == kommune)
        .values(
            **{f"flyktningkontor_{name}": value for name, value in values.items()},
            kontaktinfo_endret=datetime.now(UTC),
            kontaktinfo_endret_av=principal.bruker_id,
        )
    )
    await systemhendelse(
        connection,
        omrade=Omrade.KOMMUNE,
        kommunenummer=kommune,
        tittel="Kontaktinformasjon endret",
        tekst=values["avdeling"],
        principal=principal,
    )
    return kommune


# -- users ------------------------------------------------------------------------------------


def _grantable(principal: Principal, organisasjon_type: OrganisasjonType) -> frozenset[Rolle]:
    """A kommune admin grants the four kommune roles; IMDi's admin what fits the organisation."""
    if principal.organisasjon_type == OrganisasjonType.KOMMUNE:
        return KOMMUNE_DATAROLLER
    return ROLLER_FOR_ORGANISASJON[organisasjon_type]


async def _target(connection: AsyncConnection, principal: Principal, bruker_id: int) -> Any:
    row = (
        await connection.execute(
            select(
                Bruker.id,
                Bruker.subject,
                Bruker.aktiv,
                Organisasjon.type,
                Organisasjon.kommunenummer,
            )
            .join(Organisasjon, Organisasjon.id == Bruker.organisasjon_id)
            .where(Bruker.id == bruker_id)
            .with_for_update(of=Bruker)
        )
    ).one_or_none()
    if row is None or (
        principal.organisasjon_type == OrganisasjonType.KOMMUNE
        and row.kommunenummer != principal.kommunenummer
    ):
        raise Regelbrudd("brukerId", "no user you may administer has this id", "NOT_FOUND")
    return row


async def _logged(
    connection: AsyncConnection, principal: Principal, target: Any, tittel: str, **detaljer: Any
) -> None:
    await systemhendelse(
        connection,
        omrade=Omrade.KOMMUNE,
        kommunenummer=target.kommunenummer,
        tittel=tittel,
        tekst=target.subject,
        detaljer={"brukerId": target.id, **detaljer},
        principal=principal,
    )


def _check_roles(
    principal: Principal, organisasjon_type: OrganisasjonType, roller: list[Rolle]
) -> None:
    allowed = _grantable(principal, organisasjon_type)
    refused = sorted(r.name for r in roller if r not in allowed)
    if refused:
        raise Regelbrudd(
            "roller", f"you may not grant {', '.join(refused)} to this user", "ROLE_NOT_ALLOWED"
        )


async def opprett_bruker(
    connection: AsyncConnection,
    principal: Principal,
    *,
    subject: str,
    navn: str,
    epost: str | None,
    roller: list[Rolle],
    organisasjon_id: int | None,
) -> int:
    """A new user: in the admin's own kommune, or (IMDi's admin) in any organisation."""
    subject = subject.strip()
    if not subject:
        raise Regelbrudd("subject", "the identity provider's subject is required", "REQUIRED")
    if tekst_eller_none(navn) is None:
        raise Regelbrudd("navn", "required", "REQUIRED")
    if epost and not EPOST.fullmatch(epost.strip()):
        raise Regelbrudd("epost", "not an e-mail address", "INVALID")
    if principal.organisasjon_type == OrganisasjonType.KOMMUNE:
        organisasjon_id = principal.organisasjon_id
    if organisasjon_id is None:
        raise Regelbrudd("organisasjonId", "name the user's organisation", "REQUIRED")
    organisasjon = (
        await connection.execute(
            select(Organisasjon.type, Organisasjon.kommunenummer).where(
                Organisasjon.id == organisasjon_id
            )
        )
    ).one_or_none()
    if organisasjon is None:
        raise Regelbrudd("organisasjonId", "no organisation has this id", "NOT_FOUND")
    _check_roles(principal, OrganisasjonType(organisasjon.type), roller)
    taken = await connection.scalar(select(Bruker.id).where(Bruker.subject == subject))
    if taken is not None:
        raise Regelbrudd("subject", "a user with this subject exists", "DUPLICATE")
    bruker_id: int = (
        await connection.execute(
            insert(Bruker)
            .values(
                subject=subject,
                navn=navn.strip(),
                epost=tekst_eller_none(epost),
                organisasjon_id=organisasjon_id,
                opprettet_av=principal.bruker_id,
            )
            .returning(Bruker.id)
        )
    ).scalar_one()
    if roller:
        await connection.execute(
            insert(BrukerRolle),
            [
                {"bruker_id": bruker_id, "rolle": r, "tildelt_av": principal.bruker_id}
                for r in dict.fromkeys(roller)
            ],
        )
    target = await _target(connection, principal, bruker_id)
    await _logged(
        connection, principal, target, "Bruker opprettet", roller=sorted(r.value for r in roller)
    )
    return bruker_id


async def sett_aktiv(
    connection: AsyncConnection, principal: Principal, bruker_id: int, aktiv: bool
) -> int:
    target = await _target(connection, principal, bruker_id)
    if not aktiv and bruker_id == principal.bruker_id:
        raise Regelbrudd("brukerId", "you cannot deactivate yourself", "SELF")
    await connection.execute(
        update(Bruker)
        .where(Bruker.id == bruker_id)
        .values(aktiv=aktiv, deaktivert=None if aktiv else datetime.now(UTC))
    )
    await _logged(
        connection, principal, target, "Bruker aktivert" if aktiv else "Bruker deaktivert"
    )
    return bruker_id


async def endre_rolle(
    connection: AsyncConnection, principal: Principal, bruker_id: int, rolle: Rolle, tildel: bool
) -> int:
    target = await _target(connection, principal, bruker_id)
    _check_roles(principal, OrganisasjonType(target.type), [rolle])
    if tildel:
        has = await connection.scalar(
            select(BrukerRolle.rolle).where(
                BrukerRolle.bruker_id == bruker_id, BrukerRolle.rolle == rolle
            )
        )
        if has is None:
            await connection.execute(
                insert(BrukerRolle).values(
                    bruker_id=bruker_id, rolle=rolle, tildelt_av=principal.bruker_id
                )
            )
    else:
        await connection.execute(
            delete(BrukerRolle).where(
                BrukerRolle.bruker_id == bruker_id, BrukerRolle.rolle == rolle
            )
        )
    await _logged(
        connection,
        principal,
        target,
        "Rolle tildelt" if tildel else "Rolle fjernet",
        rolle=rolle.value,
    )
    return bruker_id
