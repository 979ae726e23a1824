"""The root Query type."""

from __future__ import annotations

import strawberry

from resolvers import innsynslogg as innsynslogg_resolvers
from resolvers import kommuner as kommune_resolvers
from resolvers import me as me_resolvers
from resolvers import personer as person_resolvers
from schema.arbeidsflate import Arbeidsflate
from schema.pagination import Connection
from schema.person import Person
from schema.types import Bruker, Kommune


@strawberry.type
class Query:
    me: Bruker = strawberry.field(resolver=me_resolvers.me, description="The logged-in user.")
    kommune: Kommune | None = strawberry.field(
        resolver=kommune_resolvers.kommune, description="One kommune by its four-digit number."
    )
    kommuner: list[Kommune] = strawberry.field(
        resolver=kommune_resolvers.kommuner, description="All kommuner, or those of one fylke."
    )
    person: Person | None = strawberry.field(
        resolver=person_resolvers.person,
        description="One person by exact DUF-nr. Null when there is none, or when the caller "
        "may see nothing of it (the two look the same).",
    )
    personer: list[Person | None] = strawberry.field(
        resolver=person_resolvers.personer,
        description="Up to 200 persons by exact DUF-nr, in the order asked; null as for `person`.",
    )
    personsok: Connection[Person] = strawberry.field(
        resolver=person_resolvers.personsok,
        description="Personsøk by exactly one of: name (typos and diacritics tolerated), exact "
        "DUF-nr, personnummer or registreringsnummer. Only an exact DUF-nr finds persons "
        "outside the caller's reach, and then shows their identitet alone.",
    )
    innsynslogg: Connection[innsynslogg_resolvers.Innsyn] | None = strawberry.field(
        resolver=innsynslogg_resolvers.innsynslogg,
        description="Who read which section of a person's personmappe, newest first (IMDi only).",
    )

    @strawberry.field(description="The logged-in user's arbeidsflate.")
    def arbeidsflate(self) -> Arbeidsflate:
        return Arbeidsflate()
