"""The bosettingsdato list (persons søkt ut and not yet bosatt) and the result of registering a
date."""

from __future__ import annotations

from datetime import date

import strawberry

from schema.errors import ForbiddenError, UserError
from schema.person import Person


@strawberry.type(description="A person søkt ut to the kommune and not yet bosatt.")
class BosettingsdatoKandidat:
    sokt_ut_dato: date = strawberry.field(
        description="The date of the utsøking: when the kommune said yes."
    )
    kommunenummer: str = strawberry.field(description="The kommune the person is søkt ut to.")
    kan_registreres_av_kommunen: bool = strawberry.field(
        description="The kommune registers the date for those who lived privately, in an "
        "institution or in AMOT; mottak and UDI register the rest."
    )
    person_value: strawberry.Private[Person | None]

    @strawberry.field(description="The person, by the caller's access to it.")
    def person(self) -> Person | None:
        if self.person_value is None:
            raise ForbiddenError()
        return self.person_value


@strawberry.type(description="The result of registering a bosettingsdato.")
class BosettingsdatoPayload:
    registrert: bool = strawberry.field(
        description="False after the first step (bekreft: false): checked, nothing written."
    )
    bosettingsdato: date | None = strawberry.field(
        description="The date given, when it passed the checks; null when refused."
    )
    feil: list[UserError] = strawberry.field(description="Empty when the date passed the checks.")


@strawberry.type(description="The result of correcting a registered bosettingsdato.")
class BosettingsdatoKorreksjonPayload:
    korrigert: bool = strawberry.field(
        description="False after the first step (bekreft: false): checked, nothing written."
    )
    forrige_bosettingsdato: date | None = strawberry.field(
        description="The date registered before the correction; null when refused."
    )
    bosettingsdato: date | None = strawberry.field(
        description="The corrected date, when it passed the checks; null when refused."
    )
    feil: list[UserError] = strawberry.field(description="Empty when the correction passed.")
