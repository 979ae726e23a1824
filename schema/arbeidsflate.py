"""The user's arbeidsflate: its panels and its personliste."""

from __future__ import annotations

import strawberry

from resolvers.arbeidsflate import paneler
from resolvers.personliste import personliste
from schema.arbeidsflatepanel import Arbeidsflatepanel
from schema.person import Person


@strawberry.type(description="The user's arbeidsflate.")
class Arbeidsflate:
    personliste: list[Person] = strawberry.field(
        resolver=personliste,
        description="At most ten persons the user put there (and may still read).",
    )
    paneler: list[Arbeidsflatepanel] = strawberry.field(
        resolver=paneler,
        description="The panels in the user's order (a default until the user saves one).",
    )
