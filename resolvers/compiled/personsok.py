"""``personsok`` by name, personnummer or registreringsnummer as one statement: the page of the
persons :func:`resolvers.personer.sok` finds (the same selection and order as the standard
execution), each built as ``person(dufNr:)`` builds it, decided by its own relation to the
caller. A search by DUF-nr is a lookup and takes the standard execution."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Integer, Select, Text, cast, func, literal_column, select
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by, array

from authz.principal import Principal
from resolvers.compiled.person import (
    Builder,
    Bygg,
    bits,
    children,
    cursor,
    guarded,
    param,
    person_object,
    with_logg,
)
from resolvers.compiled.walk import FieldRule, Node
from resolvers.personer import sok, sokekriterium
from schema.pagination import offset_after, page_size

CRITERIA = ("navn", "dufNr", "personnummer", "registreringsnummer")


def personsok_arguments(values: dict[str, Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """As the resolver checks them, in its order; a DUF-nr (a lookup) is left to it."""
    given = [name for name in CRITERIA if values.get(name) is not None]
    if len(given) != 1 or given[0] == "dufNr":
        raise ValueError("not one criterion the compiler covers")
    size = page_size(values["first"])
    offset = offset_after(values.get("after"), "personsok")
    kind, value = sokekriterium(
        values.get("navn"), values.get("personnummer"), values.get("registreringsnummer")
    )
    return (kind,), (value, size, offset)


def personsok_statement(principal: Principal, today: date, root: Node) -> Select[Any]:
    """The connection's JSON text, the guards' bits of its edges' persons in order, and the
    innsynslogg rows of the sections it reads of them."""
    (kind,) = root.shape
    found, order = sok(principal, today, kind, param(root.params[0], Text))
    size = param(root.params[1], Integer)
    offset = param(root.params[2], BigInteger)
    # One row past the page tells whether another follows; the count of every hit is the
    # standard execution's (a window over the hits, or a count when the page is past them).
    page = (
        found.add_columns(
            (func.row_number().over(order_by=order) - offset).label("n"),
            func.count().over().label("total"),
        )
        .order_by(*order)
        .offset(offset)
        .limit(size + 1)
    )
    rows = guarded(page, principal, today, duf_oppslag=False)
    edges = (
        select(
            rows,
            cursor(
                "personsok", cast(offset + func.row_number().over(order_by=rows.c.n), Text)
            ).label("cursor"),
            func.row_number().over(order_by=rows.c.n).label("i"),
        )
        .where(rows.c.n <= size, rows.c.t_identitet)
        .cte("edges")
    )
    total = func.coalesce(
        select(func.max(rows.c.total)).scalar_subquery(),
        select(func.count()).select_from(found.subquery()).scalar_subquery(),
    )

    def edge_list(bygg: Bygg, source: Any, node: Node) -> Any:
        edge_fields: dict[str, Builder] = {
            "cursor": lambda bygg, source, node: source.cursor,
            "node": person_object,
        }
        listed = func.json_agg(
            aggregate_order_by(children(bygg, edges.c, node, edge_fields), edges.c.i)
        )
        return select(func.coalesce(listed, literal_column("'[]'::json"))).scalar_subquery()

    def edge_cursor(first: bool) -> Any:
        ordering = edges.c.i if first else edges.c.i.desc()
        return select(edges.c.cursor).order_by(ordering).limit(1).scalar_subquery()

    page_info: dict[str, Builder] = {
        "hasPreviousPage": lambda bygg, source, node: offset > 0,
        "hasNextPage": lambda bygg, source, node: (
            select(func.count()).select_from(rows).scalar_subquery() > size
        ),
        "startCursor": lambda bygg, source, node: edge_cursor(True),
        "endCursor": lambda bygg, source, node: edge_cursor(False),
    }
    connection: dict[str, Builder] = {
        "totalCount": lambda bygg, source, node: total,
        "edges": edge_list,
        "pageInfo": lambda bygg, source, node: children(bygg, source, node, page_info),
    }
    bygg = Bygg(principal, today, set())
    json = children(bygg, None, root, connection)
    flags = func.coalesce(
        select(func.array_agg(aggregate_order_by(bits(edges.c), edges.c.i))).scalar_subquery(),
        cast(array([], type_=Integer), ARRAY(Integer)),
    )
    statement: Any = select(cast(json, Text).label("json"), flags.label("flags"))
    return with_logg(statement, bygg, edges)


PERSONSOK_TYPES: dict[str, dict[str, FieldRule]] = {
    "PersonConnection": {
        "totalCount": FieldRule(),
        "edges": FieldRule(rows=True),
        "pageInfo": FieldRule(),
    },
    "PersonEdge": {"cursor": FieldRule(), "node": FieldRule()},
}
