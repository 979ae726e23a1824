"""A kommune's bosettingsrapport: its own persons søkt ut and bosatt, counted."""

from __future__ import annotations

from datetime import date

import strawberry

from schema.enums import Aldersgruppe, Kategori


@strawberry.type(description="Counts of one group, or of all.")
class RapportTall:
    sokt_ut: int = strawberry.field(description="Persons søkt ut to the kommune.")
    bosatt: int = strawberry.field(description="Persons bosatt in the kommune.")
    ventetid_median_dager: int | None = strawberry.field(
        description="Of those bosatt: the median of the days from the vedtak om opphold to the "
        "bosettingsdato; null when none of them has a vedtak date."
    )


@strawberry.type(description="One group of a bosettingsrapport; a dimension not asked is null.")
class RapportRad(RapportTall):
    ar: int | None = strawberry.field(default=None, description="The year of the event.")
    maned: int | None = strawberry.field(default=None, description="The month (1–12).")
    kategori: Kategori | None = strawberry.field(
        default=None, description="The category at the event."
    )
    nasjonalitet: str | None = strawberry.field(
        default=None, description="ISO 3166-1 alpha-3 (SYR, AFG, …)."
    )
    aldersgruppe: Aldersgruppe | None = strawberry.field(
        default=None, description="The age group at the event."
    )


@strawberry.type(
    description="Bosettingsrapport: the kommune's own persons, søkt ut (counted at the "
    "utsøking) and bosatt (at the bosettingsdato), in the groups asked. Only persons whose "
    "active utsøking is to the kommune, the persons it may read one by one: so no figure is "
    "suppressed, and none counts a person outside it."
)
class Bosettingsrapport:
    kommunenummer: str = strawberry.field(description="The kommune.")
    fra: date | None = strawberry.field(description="Events on or after this date; null: all.")
    til: date | None = strawberry.field(description="Events on or before this date; null: all.")
    grupper: list[RapportRad] = strawberry.field(
        description="One row per group that has an event, in the order of the dimensions."
    )
    total: RapportTall = strawberry.field(description="All of the period.")
