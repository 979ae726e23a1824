"""The caller's own personliste: at most ten persons it may read, on its arbeidsflate."""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from authz.principal import Principal
from authz.scope import personer as scoped_personer
from authz.scope import tilgang
from models import PERSONLISTE_MAKS, Bruker, PersonlistePlass
from models import Person as PersonModel
from resolvers.personer import valid_duf_nr
from schema import bounds
from schema.context import Context
from schema.errors import UserError
from schema.person import Person
from schema.personliste import PersonlistePayload

Ctx = Info[Context, None]


async def personliste(info: Ctx) -> list[Person]:
    """The persons on the caller's list that it may still read, in the order added."""
    context = info.context
    principal = context.caller
    rows = await context.db.all(
        scoped_personer(principal)
        .join(PersonlistePlass, PersonlistePlass.person_id == PersonModel.id)
        .where(PersonlistePlass.bruker_id == principal.bruker_id)
        .order_by(PersonlistePlass.plass)
    )
    result = []
    for row in rows:
        decided = tilgang(principal, row, duf_oppslag=False, today=context.today)
        if decided.grunndata:
            result.append(Person(rad=row, tilgang=decided))
    return result


async def _readable_person_id(
    connection: AsyncConnection, context: Context, principal: Principal, duf_nr: str
) -> int | None:
    rows = (
        await connection.execute(scoped_personer(principal).where(PersonModel.duf_nr == duf_nr))
    ).all()
    if not rows:
        return None
    decided = tilgang(principal, rows[0], duf_oppslag=False, today=context.today)
    return int(rows[0].id) if decided.grunndata else None


NOT_READABLE = UserError(
    field="dufNr",
    message="no person you may read has this DUF-nummer",
    code="PERSON_NOT_FOUND",
)


async def legg_til(info: Ctx, duf_nr: bounds.DufNr) -> PersonlistePayload:
    """Add a person the caller may read (grunndata) to its list; at most ten. One transaction."""
    context = info.context
    principal = context.caller
    number = valid_duf_nr(duf_nr)
    async with context.engine.begin() as connection:
        # One change at a time per user: two tabs adding at once cannot both take place 10.
        await connection.execute(
            select(Bruker.id).where(Bruker.id == principal.bruker_id).with_for_update()
        )
        person_id = await _readable_person_id(connection, context, principal, number)
        if person_id is None:
            return PersonlistePayload(personliste=await personliste(info), feil=[NOT_READABLE])
        # Persons the caller may no longer read are hidden from its list; they give up
        # their places here, so a full list is never full of what the user cannot see.
        listed = (
            await connection.execute(
                scoped_personer(principal)
                .join(PersonlistePlass, PersonlistePlass.person_id == PersonModel.id)
                .add_columns(PersonlistePlass.plass)
                .where(PersonlistePlass.bruker_id == principal.bruker_id)
            )
        ).all()
        gone = [
            row.id
            for row in listed
            if not tilgang(principal, row, duf_oppslag=False, today=context.today).grunndata
        ]
        if gone:
            await connection.execute(
                delete(PersonlistePlass).where(
                    PersonlistePlass.bruker_id == principal.bruker_id,
                    PersonlistePlass.person_id.in_(gone),
                )
            )
        places = {row.id: row.plass for row in listed if row.id not in gone}
        if person_id in places:
            return PersonlistePayload(personliste=await personliste(info), feil=[])
        if len(places) >= PERSONLISTE_MAKS:
            return PersonlistePayload(
                personliste=await personliste(info),
                feil=[
                    UserError(
                        field="dufNr",
                        message=f"the personliste holds at most {PERSONLISTE_MAKS} persons;"
                        " remove one first",
                        code="PERSONLISTE_FULL",
                    )
                ],
            )
        free = min(set(range(1, PERSONLISTE_MAKS + 1)) - set(places.values()))
        await connection.execute(
            insert(PersonlistePlass).values(
                bruker_id=principal.bruker_id, plass=free, person_id=person_id
            )
        )
    return PersonlistePayload(personliste=await personliste(info), feil=[])


async def fjern(info: Ctx, duf_nr: bounds.DufNr) -> PersonlistePayload:
    """Remove a person from the caller's list (nothing happens if it is not there)."""
    context = info.context
    principal = context.caller
    number = valid_duf_nr(duf_nr)
    async with context.engine.begin() as connection:
        person_id = (
            # unscoped: only the id of a DUF-nr, to take it off the caller's own list
            await connection.execute(select(PersonModel.id).where(PersonModel.duf_nr == number))
        ).scalar()
        if person_id is not None:
            await connection.execute(
                delete(PersonlistePlass).where(
                    PersonlistePlass.bruker_id == principal.bruker_id,
                    PersonlistePlass.person_id == person_id,
                )
            )
    return PersonlistePayload(personliste=await personliste(info), feil=[])
