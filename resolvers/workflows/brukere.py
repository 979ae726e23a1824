"""User administration: create a user, deactivate or activate it, grant or remove a role;
each leaves a systemhendelse on the user's kommune."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select, update

from authz.policy import KOMMUNE_DATAROLLER
from authz.principal import Principal
from models import Bruker, BrukerRolle, Organisasjon
from models.enums import ROLLER_FOR_ORGANISASJON, Omrade, OrganisasjonType, Rolle
from resolvers.workflows.effekter import Emne
from resolvers.workflows.kommune import EPOST
from resolvers.workflows.rules import ErrorCode, Regelbrudd, tekst_eller_none
from resolvers.workflows.tx import Tx


def _grantable(principal: Principal, organisasjon_type: OrganisasjonType) -> frozenset[Rolle]:
    """A kommune admin grants the four kommune roles; IMDi's admin what fits the organisation."""
    if principal.organisasjon_type == OrganisasjonType.KOMMUNE:
        return KOMMUNE_DATAROLLER
    return ROLLER_FOR_ORGANISASJON[organisasjon_type]


async def _target(tx: Tx, bruker_id: int) -> Any:
    row = (
        await tx.connection.execute(
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
        tx.principal.organisasjon_type == OrganisasjonType.KOMMUNE
        and row.kommunenummer != tx.principal.kommunenummer
    ):
        raise Regelbrudd("brukerId", "no user you may administer has this id", ErrorCode.NOT_FOUND)
    return row


EMNE = Emne(Omrade.KOMMUNE, "Bruker", "brukerId")


async def _logged(tx: Tx, target: Any, tittel: str, **detaljer: Any) -> None:
    await EMNE.hendelse(tx, target.id, target.kommunenummer, tittel, target.subject, **detaljer)


def _check_roles(
    principal: Principal, organisasjon_type: OrganisasjonType, roller: list[Rolle]
) -> None:
    allowed = _grantable(principal, organisasjon_type)
    refused = sorted(r.name for r in roller if r not in allowed)
    if refused:
        raise Regelbrudd(
            "roller",
            f"you may not grant {', '.join(refused)} to this user",
            ErrorCode.ROLE_NOT_ALLOWED,
        )


async def opprett_bruker(
    tx: Tx,
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
        raise Regelbrudd(
            "subject", "the identity provider's subject is required", ErrorCode.REQUIRED
        )
    if tekst_eller_none(navn) is None:
        raise Regelbrudd("navn", "required", ErrorCode.REQUIRED)
    if epost and not EPOST.fullmatch(epost.strip()):
        raise Regelbrudd("epost", "not an e-mail address", ErrorCode.INVALID)
    if tx.principal.organisasjon_type == OrganisasjonType.KOMMUNE:
        organisasjon_id = tx.principal.organisasjon_id
    if organisasjon_id is None:
        raise Regelbrudd("organisasjonId", "name the user's organisation", ErrorCode.REQUIRED)
    organisasjon = (
        await tx.connection.execute(
            select(Organisasjon.type, Organisasjon.kommunenummer).where(
                Organisasjon.id == organisasjon_id
            )
        )
    ).one_or_none()
    if organisasjon is None:
        raise Regelbrudd("organisasjonId", "no organisation has this id", ErrorCode.NOT_FOUND)
    _check_roles(tx.principal, OrganisasjonType(organisasjon.type), roller)
    taken = await tx.connection.scalar(select(Bruker.id).where(Bruker.subject == subject))
    if taken is not None:
        raise Regelbrudd("subject", "a user with this subject exists", ErrorCode.DUPLICATE)
    bruker_id: int = (
        await tx.connection.execute(
            insert(Bruker)
            .values(
                subject=subject,
                navn=navn.strip(),
                epost=tekst_eller_none(epost),
                organisasjon_id=organisasjon_id,
                opprettet_av=tx.principal.bruker_id,
            )
            .returning(Bruker.id)
        )
    ).scalar_one()
    if roller:
        await tx.connection.execute(
            insert(BrukerRolle),
            [
                {"bruker_id": bruker_id, "rolle": r, "tildelt_av": tx.principal.bruker_id}
                for r in dict.fromkeys(roller)
            ],
        )
    target = await _target(tx, bruker_id)
    await _logged(tx, target, "Bruker opprettet", roller=sorted(r.value for r in roller))
    return bruker_id


async def sett_aktiv(tx: Tx, bruker_id: int, aktiv: bool) -> int:
    target = await _target(tx, bruker_id)
    if not aktiv and bruker_id == tx.principal.bruker_id:
        raise Regelbrudd("brukerId", "you cannot deactivate yourself", ErrorCode.SELF)
    await tx.connection.execute(
        update(Bruker)
        .where(Bruker.id == bruker_id)
        .values(aktiv=aktiv, deaktivert=None if aktiv else tx.now)
    )
    await _logged(tx, target, "Bruker aktivert" if aktiv else "Bruker deaktivert")
    return bruker_id


async def endre_rolle(tx: Tx, bruker_id: int, rolle: Rolle, tildel: bool) -> int:
    target = await _target(tx, bruker_id)
    _check_roles(tx.principal, OrganisasjonType(target.type), [rolle])
    if tildel:
        has = await tx.connection.scalar(
            select(BrukerRolle.rolle).where(
                BrukerRolle.bruker_id == bruker_id, BrukerRolle.rolle == rolle
            )
        )
        if has is None:
            await tx.connection.execute(
                insert(BrukerRolle).values(
                    bruker_id=bruker_id, rolle=rolle, tildelt_av=tx.principal.bruker_id
                )
            )
    else:
        await tx.connection.execute(
            delete(BrukerRolle).where(
                BrukerRolle.bruker_id == bruker_id, BrukerRolle.rolle == rolle
            )
        )
    await _logged(
        tx,
        target,
        "Rolle tildelt" if tildel else "Rolle fjernet",
        rolle=rolle.value,
    )
    return bruker_id
