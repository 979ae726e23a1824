"""``me``: the caller as the database knows it."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from schema.brukere import Bruker, Organisasjon
from schema.context import Context


def me(info: Info[Context, None]) -> Bruker:
    principal = info.context.caller
    return Bruker(
        id=strawberry.ID(str(principal.bruker_id)),
        navn=principal.navn,
        organisasjon=Organisasjon(
            id=strawberry.ID(str(principal.organisasjon_id)),
            type=principal.organisasjon_type,
            navn=principal.organisasjon_navn,
            kommunenummer=principal.kommunenummer,
        ),
        roller=sorted(principal.roller),
    )
