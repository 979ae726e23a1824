"""``fordeling(id:)`` and its rows as one statement, the rows' persons as ``person(dufNr:)``
builds them (:mod:`resolvers.compiled.person`), each decided by its own relation to the caller
(not a DUF-nr lookup), in the order the standard execution lists them."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Select, Text, cast, func, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from authz.principal import Principal
from authz.scope import readable_fordelinger
from models import Fordeling, FordelingPerson
from resolvers.compiled.person import (
    NO_FLAGS,
    Builder,
    Bygg,
    Json,
    alder,
    bits,
    children,
    column,
    guarded,
    iso_tidspunkt,
    kategori,
    param,
    person_object,
    with_logg,
)
from resolvers.compiled.walk import Node
from resolvers.loaders import fordeling_rader
from schema.errors import database_id


def _tidspunkt(name: str) -> Builder:
    return lambda bygg, source, node: iso_tidspunkt(getattr(source, name))


SAMMENDRAG: dict[str, Builder] = {
    "kategori": kategori,
    "alder": lambda bygg, source, node: alder(source.fodselsdato, bygg.today),
    "kjonn": column("kjonn"),
    "nasjonalitet": column("nasjonalitet"),
    "boligtype": column("boligtype"),
    "familiestorrelse": column("familiestorrelse"),
}
"""The row's summary of its person (schema/fordeling.py ``FordelingRadSammendrag``): row
data, unguarded."""

FORDELING_RAD: dict[str, Builder] = {
    "id": lambda bygg, source, node: cast(source.rad_id, Text),
    "boligtype": column("boligtype"),
    "innmeldingId": lambda bygg, source, node: cast(source.innmelding_id, Text),
    "forsteMuligeUke": column("forste_mulige_uke"),
    "sisteMuligeUke": column("siste_mulige_uke"),
    "forventetBosetting": column("forventet_bosetting"),
    "bosettes": column("bosettes"),
    "begrunnelseIkkeBosettes": column("begrunnelse_ikke_bosettes"),
    "sammendrag": lambda bygg, source, node: children(bygg, source, node, SAMMENDRAG),
    "person": person_object,
}


def _rader(bygg: Bygg, source: Any, node: Node) -> Json:
    rows = bygg.rader
    listed = select(
        func.json_agg(
            aggregate_order_by(
                children(bygg, rows.c, node, FORDELING_RAD),
                rows.c.registreringsnummer,
                rows.c.rad_id,
            )
        )
    ).scalar_subquery()
    return func.coalesce(listed, literal_column("'[]'::json"))


FORDELING: dict[str, Builder] = {
    "id": lambda bygg, source, node: cast(source.id, Text),
    "navn": column("navn"),
    "kommunenummer": column("kommunenummer"),
    "status": column("status"),
    "opprettet": _tidspunkt("opprettet"),
    "sendt": _tidspunkt("sendt"),
    "bekreftet": _tidspunkt("bekreftet"),
    "svart": _tidspunkt("svart"),
    "versjon": column("versjon"),
    "rader": _rader,
}


def fordeling_arguments(values: dict[str, Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    return (), (database_id(values["id"]),)


def fordeling_statement(principal: Principal, today: date, root: Node) -> Select[Any]:
    """``fordeling(id:)``: its JSON text (null when there is none or the caller may not read
    it) and the guards' bits of its rows' persons, in the rows' order, with the innsynslogg
    rows of the sections it reads."""
    fordeling_id = param(root.params[0], BigInteger)
    found = (
        select(Fordeling)
        .where(Fordeling.id == fordeling_id, readable_fordelinger(principal))
        .subquery("f")
    )
    rows = None
    if any(child.field == "rader" for child in root.children):
        rows = guarded(
            # The rows of a fordeling the caller may read, each person through the scope.
            fordeling_rader(principal)
            .join(Fordeling, Fordeling.id == FordelingPerson.fordeling_id)
            .where(FordelingPerson.fordeling_id == fordeling_id, readable_fordelinger(principal)),
            principal,
            today,
            duf_oppslag=False,
        )
    bygg = Bygg(principal, today, set(), rows)
    json = (
        select(cast(children(bygg, found.c, root, FORDELING), Text))
        .select_from(found)
        .scalar_subquery()
    )
    flags: Any = NO_FLAGS
    if rows is not None:
        flags = select(
            func.array_agg(
                aggregate_order_by(bits(rows.c), rows.c.registreringsnummer, rows.c.rad_id)
            )
        ).scalar_subquery()
    statement = select(json.label("json"), flags.label("flags"))
    return statement if rows is None else with_logg(statement, bygg, rows)
