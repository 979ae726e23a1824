"""The user's arbeidsflate."""

from __future__ import annotations

import strawberry

from resolvers.personliste import personliste
from schema.person import Person


@strawberry.type(description="The user's arbeidsflate.")
class Arbeidsflate:
    personliste: list[Person] = strawberry.field(
        resolver=personliste,
        description="At most ten persons the user put there (and may still read).",
    )
