"""Source systems' writes (issue 16, part 1): UDB's grunndata."""

from __future__ import annotations

from typing import Annotated

from authz.policy import Handling
from resolvers.steps import run_step
from resolvers.workflows import udb
from resolvers.workflows.tx import Tx
from schema import bounds
from schema.context import Ctx
from schema.errors import UserError
from schema.kilde import Kilderesultat, KildeskrivingPayload, UdbPersonInput

MAKS_PERSONER = 100
"""Persons in one delivery."""


async def udb_personer(
    info: Ctx,
    personer: Annotated[
        list[UdbPersonInput],
        bounds.argument(
            "The persons, created or updated by DUF-nr; each stands alone.", items=MAKS_PERSONER
        ),
    ],
    idempotensnokkel: Annotated[
        str,
        bounds.argument(
            "The delivery's own key: the same key again changes nothing and gets the same answer.",
            length=bounds.IDEMPOTENSNOKKEL,
        ),
    ],
) -> KildeskrivingPayload | None:
    given = [
        udb.UdbPerson(**{name: getattr(p, name) for name in udb.UdbPerson.__dataclass_fields__})
        for p in personer
    ]

    async def step(tx: Tx) -> tuple[list[udb.Resultat], bool]:
        return await udb.personer(tx, given, idempotensnokkel.strip())

    outcome = await run_step(info.context, Handling.SKRIVE_UDB, step)
    assert outcome.value is not None, "udb.personer refuses person by person"
    resultater, gjentatt = outcome.value
    return KildeskrivingPayload(
        resultater=[
            Kilderesultat(
                duf_nr=r.duf_nr,
                status=r.status,
                feil=[UserError(field=f.field, message=f.message, code=f.code) for f in r.feil],
            )
            for r in resultater
        ],
        gjentatt=gjentatt,
    )
