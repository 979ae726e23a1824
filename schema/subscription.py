"""The root Subscription type (graphql-transport-ws on /graphql)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info

from resolvers import hendelsesfeed, varsler
from resolvers.hendelsesfeed import Etter
from schema import bounds
from schema.context import Context
from schema.partnerhendelse import Partnerhendelse
from schema.varsel import Varsel


@bounds.checked
@strawberry.type(
    description="Pushes over a websocket (graphql-transport-ws on /graphql), as things happen."
)
class Subscription:
    @strawberry.subscription(description="Each new varsel to the caller, the moment it is written.")
    async def varsel_mottatt(self, info: Info[Context, None]) -> AsyncGenerator[Varsel, None]:
        async for varsel in varsler.varsel_mottatt(info):
            yield varsel

    @strawberry.subscription(
        name="hendelsesfeed",
        description="The partners' feed live: the events after `etter` first, then each as it "
        "happens (the query `hendelsesfeed` polls the same).",
    )
    async def hendelsesfeed_live(
        self, info: Info[Context, None], etter: Etter = 0
    ) -> AsyncGenerator[Partnerhendelse, None]:
        async for hendelse in hendelsesfeed.hendelsesfeed_live(info, etter):
            yield hendelse
