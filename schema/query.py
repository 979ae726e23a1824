"""The root Query type."""

from __future__ import annotations

import strawberry

from resolvers import kommuner, me
from schema.types import Bruker, Kommune


@strawberry.type
class Query:
    me: Bruker = strawberry.field(resolver=me.me, description="The logged-in user.")
    kommune: Kommune | None = strawberry.field(
        resolver=kommuner.kommune, description="One kommune by its four-digit number."
    )
    kommuner: list[Kommune] = strawberry.field(
        resolver=kommuner.kommuner, description="All kommuner, or those of one fylke."
    )
