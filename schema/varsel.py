"""Varsler: each user's notifications."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from schema.enums import Omrade


@strawberry.type(description="A notification to one user.")
class Varsel:
    id: strawberry.ID
    omrade: Omrade
    tittel: str
    tekst: str | None
    objekt_type: str | None = strawberry.field(description="What it is about: Fordeling, …")
    objekt_id: strawberry.ID | None
    opprettet: datetime
    lest: datetime | None

    @strawberry.field
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
