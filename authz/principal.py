"""The caller of one request: a user, its organisation, its kommune and its roles."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from models import Bruker, BrukerRolle, Organisasjon
from models.enums import OrganisasjonType, Rolle


class AuthenticationError(Exception):
    """The request carries no usable credentials; the message is safe to show the caller."""


@dataclass(frozen=True, slots=True)
class Principal:
    bruker_id: int
    subject: str
    navn: str
    organisasjon_id: int
    organisasjon_type: OrganisasjonType
    organisasjon_navn: str
    kommunenummer: str | None
    roller: frozenset[Rolle]
    klient_id: str | None = None
    """A machine client's OAuth client id (Maskinporten); None for a person."""
    scopes: frozenset[str] = frozenset()
    """A machine client's scopes: they bound what it may do (authz.policy.MASKINSCOPES)."""

    def har(self, *roller: Rolle) -> bool:
        """True when the principal holds at least one of ``roller``."""
        return not self.roller.isdisjoint(roller)


async def load_principal(connection: AsyncConnection, subject: str) -> Principal:
    """The active user whose token subject is ``subject``, with roles from the database."""
    roller = (
        select(func.coalesce(func.array_agg(BrukerRolle.rolle), []))
        .where(BrukerRolle.bruker_id == Bruker.id)
        .scalar_subquery()
    )
    row = (
        await connection.execute(
            select(
                Bruker.id,
                Bruker.navn,
                Bruker.aktiv,
                Organisasjon.id.label("organisasjon_id"),
                Organisasjon.type,
                Organisasjon.navn.label("organisasjon_navn"),
                Organisasjon.kommunenummer,
                roller.label("roller"),
            )
            .join(Organisasjon, Organisasjon.id == Bruker.organisasjon_id)
            .where(Bruker.subject == subject)
        )
    ).one_or_none()
    if row is None or not row.aktiv:
        # The same words for unknown and deactivated users: a token tells nothing more.
        raise AuthenticationError("the token's user is unknown or deactivated")
    return Principal(
        bruker_id=row.id,
        subject=subject,
        navn=row.navn,
        organisasjon_id=row.organisasjon_id,
        organisasjon_type=OrganisasjonType(row.type),
        organisasjon_navn=row.organisasjon_navn,
        kommunenummer=row.kommunenummer,
        roller=frozenset(Rolle(r) for r in row.roller),
    )
