"""The caller's own personliste: at most ten persons it may read, on its arbeidsflate."""

from __future__ import annotations

from sqlalchemy import delete, insert, select

from authz.scope import avgjor_rad, readable_persons
from models import PERSONLISTE_MAKS, Bruker, PersonlistePlass
from models import Person as PersonModel
from resolvers.personer import valid_duf_nr
from resolvers.steps import OWN_DATA, run_step
from resolvers.workflows.rules import ErrorCode, Regelbrudd
from resolvers.workflows.tx import Tx
from schema import bounds
from schema.context import Ctx
from schema.person import Person
from schema.personliste import PersonlistePayload


async def personliste(info: Ctx) -> list[Person]:
    """The persons on the caller's list that it may still read, in the order added."""
    context = info.context
    principal = context.caller
    rows = await context.db.all(
        readable_persons(principal)
        .join(PersonlistePlass, PersonlistePlass.person_id == PersonModel.id)
        .where(PersonlistePlass.bruker_id == principal.bruker_id)
        .order_by(PersonlistePlass.plass)
    )
    result = []
    for row in rows:
        decided = avgjor_rad(principal, row, duf_oppslag=False, today=context.today)
        if decided.grunndata:
            result.append(Person(rad=row, tilgang=decided))
    return result


async def _readable_person_id(tx: Tx, duf_nr: str) -> int | None:
    statement = readable_persons(tx.principal).where(PersonModel.duf_nr == duf_nr)
    rows = (await tx.connection.execute(statement)).all()
    if not rows:
        return None
    decided = avgjor_rad(tx.principal, rows[0], duf_oppslag=False, today=tx.today)
    return int(rows[0].id) if decided.grunndata else None


async def legg_til(info: Ctx, duf_nr: bounds.DufNr) -> PersonlistePayload:
    context = info.context
    principal = context.caller
    number = valid_duf_nr(duf_nr)

    async def step(tx: Tx) -> None:
        # One change at a time per user: two tabs adding at once cannot both take place 10.
        await tx.connection.execute(
            select(Bruker.id).where(Bruker.id == principal.bruker_id).with_for_update()
        )
        person_id = await _readable_person_id(tx, number)
        if person_id is None:
            raise Regelbrudd(
                "dufNr", "no person you may read has this DUF-nummer", ErrorCode.PERSON_NOT_FOUND
            )
        # Persons the caller may no longer read are hidden from its list; they give up
        # their places here, so a full list is never full of what the user cannot see.
        listed = (
            await tx.connection.execute(
                readable_persons(principal)
                .join(PersonlistePlass, PersonlistePlass.person_id == PersonModel.id)
                .add_columns(PersonlistePlass.plass)
                .where(PersonlistePlass.bruker_id == principal.bruker_id)
            )
        ).all()
        gone = [
            row.id
            for row in listed
            if not avgjor_rad(principal, row, duf_oppslag=False, today=context.today).grunndata
        ]
        places = {row.id: row.plass for row in listed if row.id not in gone}
        if person_id in places:
            return
        if len(places) >= PERSONLISTE_MAKS:
            raise Regelbrudd(
                "dufNr",
                f"the personliste holds at most {PERSONLISTE_MAKS} persons; remove one first",
                ErrorCode.PERSONLISTE_FULL,
            )
        if gone:
            await tx.connection.execute(
                delete(PersonlistePlass).where(
                    PersonlistePlass.bruker_id == principal.bruker_id,
                    PersonlistePlass.person_id.in_(gone),
                )
            )
        free = min(set(range(1, PERSONLISTE_MAKS + 1)) - set(places.values()))
        await tx.connection.execute(
            insert(PersonlistePlass).values(
                bruker_id=principal.bruker_id, plass=free, person_id=person_id
            )
        )

    outcome = await run_step(context, OWN_DATA, step)
    return PersonlistePayload(personliste=await personliste(info), feil=outcome.feil)


async def fjern(info: Ctx, duf_nr: bounds.DufNr) -> PersonlistePayload:
    context = info.context
    principal = context.caller
    number = valid_duf_nr(duf_nr)

    async def step(tx: Tx) -> None:
        person_id = (
            # unscoped: only the id of a DUF-nr, to take it off the caller's own list
            await tx.connection.execute(select(PersonModel.id).where(PersonModel.duf_nr == number))
        ).scalar()
        if person_id is not None:
            await tx.connection.execute(
                delete(PersonlistePlass).where(
                    PersonlistePlass.bruker_id == principal.bruker_id,
                    PersonlistePlass.person_id == person_id,
                )
            )

    outcome = await run_step(context, OWN_DATA, step)
    return PersonlistePayload(personliste=await personliste(info), feil=outcome.feil)
