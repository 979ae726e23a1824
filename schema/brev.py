"""Letters of the outbox as a kommune and IMDi read them (issue 16): what each is and where it
is; the content itself only as its PDF (``/utskrift/brev/{id}.pdf``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy import ColumnElement

from authz.principal import Principal
from models.enums import BREVTITLER
from resolvers.brevliste import les_brev, med_status
from resolvers.database import RequestDatabase
from schema.enums import Brevkanal, Brevmal, Brevstatus
from schema.errors import UserError
from schema.pagination import Connection, offset_after, offset_page, page_size


def brevstatus(row: Any) -> Brevstatus:
    if row.sendt is not None:
        return Brevstatus.SENDT
    return Brevstatus.FEILET if row.feilet is not None else Brevstatus.VENTER


@strawberry.type(
    description="A letter of the outbox: to a kommune, or to a person (then it carries the "
    "person's kommune). What it lists names no person; its content is its PDF."
)
class Brev:
    id: strawberry.ID = strawberry.field(description="The letter's id (its reference).")
    mal: Brevmal = strawberry.field(description="What the letter is.")
    tittel: str = strawberry.field(description="Its title, as the guide names it.")
    kanal: Brevkanal = strawberry.field(description="How it reaches its recipient.")
    kommunenummer: str | None = strawberry.field(
        description="The kommune it goes to, or the kommune of the person it goes to."
    )
    til_person: bool = strawberry.field(description="True: a letter to the person itself.")
    fordeling_id: strawberry.ID | None = strawberry.field(
        description="The fordeling whose answer wrote it."
    )
    opprettet: datetime = strawberry.field(description="When it was written.")
    status: Brevstatus = strawberry.field(description="Where it is.")
    sendt: datetime | None = strawberry.field(description="When it was delivered.")
    forsok: int = strawberry.field(description="Attempts to deliver it so far.")
    siste_feil: str | None = strawberry.field(
        description="Why its last attempt failed (the error's kind and message)."
    )
    feilet: datetime | None = strawberry.field(
        description="When it was dead-lettered (its last attempt failed)."
    )
    pdf: str | None = strawberry.field(
        description="Where its PDF is (GET with the same token); null when the caller may list "
        "the letter but not read it (Anmoder roles)."
    )

    @classmethod
    def from_row(cls, row: Any) -> Brev:
        return cls(
            id=strawberry.ID(str(row.id)),
            mal=Brevmal(row.mal),
            tittel=BREVTITLER[Brevmal(row.mal)],
            kanal=Brevkanal(row.kanal),
            kommunenummer=row.kommunenummer,
            til_person=row.person_id is not None,
            fordeling_id=None if row.fordeling_id is None else strawberry.ID(str(row.fordeling_id)),
            opprettet=row.opprettet,
            status=brevstatus(row),
            sendt=row.sendt,
            forsok=row.forsok,
            siste_feil=row.siste_feil,
            feilet=row.feilet,
            pdf=f"/utskrift/brev/{row.id}.pdf" if row.innhold else None,
        )


@strawberry.type(description="A letter after a step on it.")
class BrevPayload:
    brev: Brev | None = strawberry.field(description="The letter afterwards; null when refused.")
    feil: list[UserError] = strawberry.field(description="Why it was refused; empty otherwise.")


async def brevside(
    db: RequestDatabase,
    principal: Principal,
    *conditions: ColumnElement[bool],
    kind: str,
    first: int,
    status: Brevstatus | None,
    after: str | None,
) -> Connection[Brev]:
    """A page of the letters the caller may list that meet ``conditions`` (and ``status``)."""
    size = page_size(first)
    offset = offset_after(after, kind)
    if status is not None:
        conditions = (*conditions, med_status(status))
    rows = await les_brev(db, principal, *conditions, size=size, offset=offset)
    return offset_page(kind, rows, size, offset, Brev.from_row)
