"""The root Mutation type."""

from __future__ import annotations

import strawberry

from resolvers import personliste
from schema.personliste import PersonlistePayload


@strawberry.type
class Mutation:
    legg_til_i_personliste: PersonlistePayload = strawberry.field(
        resolver=personliste.legg_til,
        description="Put a person the caller may read on its personliste (at most ten).",
    )
    fjern_fra_personliste: PersonlistePayload = strawberry.field(
        resolver=personliste.fjern, description="Take a person off the caller's personliste."
    )
