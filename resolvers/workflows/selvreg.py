"""Selvreg (the refugees' self-registration) writes the record a refugee entered (issue 16,
part 1): languages and kompetanse entries, each by Selvreg's own key, with the form as typed
beside the normalised entry ("Vis grunndata fra Selvreg"). Selvreg never creates a person
(UDB alone does) and never changes another source's entry."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from models import Person
from models.enums import Kilde, Kildestatus
from resolvers.workflows.kilder import Resultat, levering, utfall
from resolvers.workflows.kompetanse import Kompetanseendring, skriv_endring
from resolvers.workflows.rules import ErrorCode, Regelbrudd
from resolvers.workflows.tx import Tx


@dataclass(frozen=True, slots=True)
class SelvregPerson:
    duf_nr: str
    kompetanse: Kompetanseendring = field(default_factory=Kompetanseendring)


async def _skriv(tx: Tx, person: SelvregPerson, sted: str) -> Kildestatus:
    person_id = await tx.connection.scalar(
        # Selvreg writes any person's record (HANDLINGER) and answers only whether it did.
        # unscoped: Selvreg is national; its answer names no more than the DUF-nr it gave
        select(Person.id).where(Person.duf_nr == person.duf_nr)
    )
    if person_id is None:
        raise Regelbrudd(f"{sted}.dufNr", "no person has this DUF-nr", ErrorCode.NOT_FOUND)
    endret = await skriv_endring(tx, person_id, Kilde.SELVREG, person.kompetanse, f"{sted}.")
    return await utfall(tx, Kilde.SELVREG, person_id, "Kompetanse endret fra Selvreg", endret)


async def personer(
    tx: Tx, personer: list[SelvregPerson], nokkel: str
) -> tuple[list[Resultat], bool]:
    """Each person's record written (or refused, alone); whether the key was delivered before."""
    return await levering(tx, Kilde.SELVREG, nokkel, personer, lambda p: p.duf_nr, _skriv)
