"""Users: the signed-in one (``me``) and those an administrator manages."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema import bounds
from schema.enums import OrganisasjonType, Rolle
from schema.errors import UserError


@strawberry.type(description="An organisation users belong to: IMDi, Bufetat, a kommune, …")
class Organisasjon:
    id: strawberry.ID = strawberry.field(description="The organisation's id.")
    type: OrganisasjonType = strawberry.field(description="The kind of organisation.")
    navn: str = strawberry.field(description="The organisation's name.")
    kommunenummer: str | None = strawberry.field(
        description="A kommune's kommunenummer; null for other organisations."
    )


@strawberry.type(description="The logged-in user, its organisation and roles.")
class Bruker:
    id: strawberry.ID = strawberry.field(description="The user's id.")
    navn: str = strawberry.field(description="The user's name.")
    organisasjon: Organisasjon = strawberry.field(description="The organisation the user is in.")
    roller: list[Rolle] = strawberry.field(
        description="The user's roles; together they decide what the user may see and do."
    )


@strawberry.type(description="A user, as its administrators see it.")
class AdministrertBruker:
    id: strawberry.ID = strawberry.field(description="The user's id (brukerId).")
    subject: str = strawberry.field(
        description="The identity provider's subject (sub claim) the user logs in as."
    )
    navn: str = strawberry.field(description="The user's name.")
    epost: str | None = strawberry.field(description="The user's e-mail address.")
    aktiv: bool = strawberry.field(
        description="False for a deactivated user, who is refused on every request."
    )
    roller: list[Rolle] = strawberry.field(description="The roles the user holds.")
    organisasjon_id: strawberry.ID = strawberry.field(
        description="The id of the user's organisation."
    )
    organisasjon_type: OrganisasjonType = strawberry.field(
        description="The kind of the user's organisation."
    )
    organisasjon: str = strawberry.field(description="The name of the user's organisation.")
    kommunenummer: str | None = strawberry.field(
        description="The user's kommune; null for a user of IMDi, Bufetat, a mottak or UDI."
    )
    opprettet: datetime = strawberry.field(description="When the user was created.")
    deaktivert: datetime | None = strawberry.field(
        description="When the user was deactivated; null: active."
    )


@strawberry.type(description="The result of a change to a user.")
class BrukerPayload:
    bruker: AdministrertBruker | None = strawberry.field(
        description="The user after the change; null when it was refused."
    )
    feil: list[UserError] = strawberry.field(description="Empty when the change was made.")


@strawberry.input(description="A new user: who it is, and the roles it gets.")
class OpprettBrukerInput:
    subject: str = bounds.field(
        "The identity provider's subject (sub claim) the user logs in as; unique.",
        length=bounds.SUBJECT,
    )
    navn: str = bounds.field("The user's name.", length=bounds.NAVN)
    epost: str | None = bounds.field(
        "The user's e-mail address.", length=bounds.EPOST, default=None
    )
    roller: list[Rolle] = bounds.field(
        "The roles to grant: a Kommune_Admin grants the four kommune roles; IMDi_Admin the roles "
        "that fit the organisation.",
        items=len(Rolle),
        default_factory=list,
    )
    organisasjon_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The user's organisation, for IMDi_Admin; a Kommune_Admin creates users in "
        "its own kommune and leaves it out.",
    )
