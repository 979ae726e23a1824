"""Varsler: each user's notifications."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from schema.enums import Omrade


@strawberry.type(description="A notification to one user.")
class Varsel:
    id: strawberry.ID = strawberry.field(description="The varsel's id.")
    omrade: Omrade = strawberry.field(description="The saksområde it belongs to.")
    tittel: str = strawberry.field(description="What happened, e.g. 'Ny fordelingsliste fra IMDi'.")
    tekst: str | None = strawberry.field(description="More about it: a name, a comment.")
    objekt_type: str | None = strawberry.field(
        description="What it is about: Anmodning, Fordeling or Innmelding; null: nothing in "
        "particular."
    )
    objekt_id: strawberry.ID | None = strawberry.field(
        description="The id of that anmodning, fordeling or innmelding."
    )
    opprettet: datetime = strawberry.field(description="When it was sent.")
    lest: datetime | None = strawberry.field(
        description="When the user marked it read; null: unread."
    )

    @strawberry.field(description="True until the user marks it read.")
    def ulest(self) -> bool:
        return self.lest is None

    @classmethod
    def from_row(cls, row: Any) -> Varsel:
        return cls(
            id=strawberry.ID(str(row.id)),
            omrade=Omrade(row.omrade),
            tittel=row.tittel,
            tekst=row.tekst,
            objekt_type=row.objekt_type,
            objekt_id=None if row.objekt_id is None else strawberry.ID(str(row.objekt_id)),
            opprettet=row.opprettet,
            lest=row.lest,
        )
