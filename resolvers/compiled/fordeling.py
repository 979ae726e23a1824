"""``fordeling(id:)`` and its rows as one statement, the rows' persons as ``person(dufNr:)``
builds them (:mod:`resolvers.compiled.person`), each decided by its own relation to the caller
(not a DUF-nr lookup), in the order the standard execution lists them."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    Select,
    Text,
    any_,
    cast,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by, array

from authz.principal import Principal
from authz.scope import readable_fordelinger
from models import Fordeling, FordelingPerson
from models.enums import FordelingStatus
from resolvers.compiled.paging import connection_fields, page_and_edges
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
    kategori,
    param,
    person_object,
    tidspunkt,
    with_logg,
)
from resolvers.compiled.walk import Node
from resolvers.loaders import fordeling_rader
from schema.errors import database_id
from schema.pagination import offset_after, page_size

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
    listed = (
        select(
            func.json_agg(
                aggregate_order_by(
                    children(bygg, rows.c, node, FORDELING_RAD),
                    rows.c.registreringsnummer,
                    rows.c.rad_id,
                )
            )
        )
        .where(rows.c.fordeling_id == source.id)
        .scalar_subquery()
    )
    return func.coalesce(listed, literal_column("'[]'::json"))


FORDELING: dict[str, Builder] = {
    "id": lambda bygg, source, node: cast(source.id, Text),
    "navn": column("navn"),
    "kommunenummer": column("kommunenummer"),
    "status": column("status"),
    "opprettet": tidspunkt("opprettet"),
    "sendt": tidspunkt("sendt"),
    "bekreftet": tidspunkt("bekreftet"),
    "svart": tidspunkt("svart"),
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
            fordeling_rader(principal, familiestorrelse=root.reads("familiestorrelse"))
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


def fordelinger_arguments(values: dict[str, Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    status = values.get("status")
    kommunenummer = values.get("kommunenummer")
    return (bool(status), kommunenummer is not None), (
        [FordelingStatus(value).value for value in status] if status else None,
        kommunenummer,
        page_size(values["first"]),
        offset_after(values.get("after"), "fordelinger"),
    )


def fordelinger_statement(principal: Principal, today: date, root: Node) -> Select[Any]:
    """``fordelinger``: the page as :func:`resolvers.fordeling.fordelinger` selects and orders
    it, each fordeling as ``fordeling(id:)`` builds it; the guards' bits of the rows' persons in
    the order the standard execution meets them, with each one's edge and row (``positions``),
    and the innsynslogg rows of the sections it reads."""
    har_status, har_kommune = root.shape
    size = param(root.params[2], Integer)
    offset = param(root.params[3], BigInteger)
    conditions = [readable_fordelinger(principal)]
    if har_status:
        conditions.append(cast(Fordeling.status, Text) == any_(param(root.params[0], ARRAY(Text))))
    if har_kommune:
        conditions.append(Fordeling.kommunenummer == param(root.params[1], Text))
    order = (Fordeling.opprettet.desc(), Fordeling.id.desc())
    page, edges = page_and_edges(
        "fordelinger", select(Fordeling).where(*conditions), order, size=size, offset=offset
    )
    rows = None
    if root.reads("rader"):
        rows = guarded(
            # The rows of the page's fordelinger (the caller may read them), each person
            # through the scope.
            fordeling_rader(principal, familiestorrelse=root.reads("familiestorrelse"))
            .join(edges, edges.c.id == FordelingPerson.fordeling_id)
            .add_columns(edges.c.i.label("fi")),
            principal,
            today,
            duf_oppslag=False,
        )
    bygg = Bygg(principal, today, set(), rows)
    connection = connection_fields(
        edges,
        page,
        size=size,
        offset=offset,
        node=lambda bygg, source, node: children(bygg, source, node, FORDELING),
    )
    json = cast(children(bygg, None, root, connection), Text)
    if rows is None:
        return select(json.label("json"), NO_FLAGS.label("flags"))
    order_rows = (rows.c.fi, rows.c.registreringsnummer, rows.c.rad_id)
    within = func.row_number().over(
        partition_by=rows.c.fi, order_by=(rows.c.registreringsnummer, rows.c.rad_id)
    )
    ranked = select(
        rows.c.fi, bits(rows.c).label("bits"), (within - 1).label("j"), *order_rows[1:]
    ).subquery("ranked")
    ranked_order = (ranked.c.fi, ranked.c.registreringsnummer, ranked.c.rad_id)
    flags = select(
        func.array_agg(aggregate_order_by(ranked.c.bits, *ranked_order))
    ).scalar_subquery()
    positions = select(
        func.array_agg(aggregate_order_by(array([ranked.c.fi - 1, ranked.c.j]), *ranked_order))
    ).scalar_subquery()
    statement = select(json.label("json"), flags.label("flags"), positions.label("positions"))
    return with_logg(statement, bygg, rows)
