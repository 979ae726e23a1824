"""The root Subscription type (graphql-transport-ws on /graphql)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info

from resolvers import varsler
from schema.context import Context
from schema.varsel import Varsel


@strawberry.type(
    description="Pushes over a websocket (graphql-transport-ws on /graphql), as things happen."
)
class Subscription:
    @strawberry.subscription(description="Each new varsel to the caller, the moment it is written.")
    async def varsel_mottatt(self, info: Info[Context, None]) -> AsyncGenerator[Varsel, None]:
        async for varsel in varsler.varsel_mottatt(info):
            yield varsel
