"""The kommune's list of its persons: everyone søkt ut to it or bosatt in it."""

from __future__ import annotations

from datetime import date

import strawberry

from schema.enums import Kategori, UtsoktStatus
from schema.errors import ForbiddenError
from schema.person import Person


@strawberry.type(description="A person søkt ut to the kommune or bosatt in it.")
class Utsokt:
    kommunenummer: str = strawberry.field(description="The kommune.")
    status: UtsoktStatus = strawberry.field(description="Søkt ut, or bosatt.")
    sokt_ut_dato: date = strawberry.field(description="The date of the utsøking.")
    bosettingsdato: date | None = strawberry.field(
        description="The date the person moved in; null: not bosatt yet."
    )
    kategori: Kategori = strawberry.field(description="The person's category today.")
    nasjonalitet: str = strawberry.field(description="ISO 3166-1 alpha-3 (SYR, AFG, …).")
    person_value: strawberry.Private[Person | None]

    @strawberry.field(description="The person, by the caller's access to it.")
    def person(self) -> Person | None:
        if self.person_value is None:
            raise ForbiddenError()
        return self.person_value
