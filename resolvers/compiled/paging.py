"""A connection paged by offset (``personsok``, ``bosettingsdatoer``) as one statement: the page
of persons, their edges with :func:`schema.pagination.offset_page`'s cursors, ``pageInfo``,
``totalCount``, the guards' bits of the edges' persons and the innsynslogg rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, Text, cast, func, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from authz.principal import Principal
from resolvers.compiled.person import (
    NO_FLAGS,
    Builder,
    Bygg,
    bits,
    children,
    cursor,
    guarded,
    with_logg,
)
from resolvers.compiled.walk import FieldRule, Node


def offset_statement(
    principal: Principal,
    today: date,
    root: Node,
    *,
    kind: str,
    found: Select[Any],
    order: Sequence[Any],
    size: Any,
    offset: Any,
    node: Builder,
    shown: bool = False,
    past_the_end: Any = 0,
) -> Any:
    """``found``: the hits, persons of :func:`authz.scope.readable_persons`, in ``order``; the
    page is ``size`` of them after ``offset``. ``node`` builds an edge's node from a row;
    ``shown``: only persons that show their identitet are edges (as the resolver drops the
    others); ``past_the_end``: the count when the page is past the last hit."""
    # One row past the page tells whether another follows; the count of every hit is a window
    # over the hits, as the resolvers count them.
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
    index = func.row_number().over(order_by=rows.c.n)
    conditions = [rows.c.n <= size]
    if shown:
        conditions.append(rows.c.t_identitet)
    edges = (
        select(
            rows,
            cursor(kind, cast(offset + index, Text)).label("cursor"),
            index.label("i"),
        )
        .where(*conditions)
        .cte("edges")
    )

    connection = connection_fields(
        edges, rows, size=size, offset=offset, node=node, past_the_end=past_the_end
    )
    bygg = Bygg(principal, today, set())
    json = children(bygg, None, root, connection)
    flags = func.coalesce(
        select(func.array_agg(aggregate_order_by(bits(edges.c), edges.c.i))).scalar_subquery(),
        NO_FLAGS,
    )
    statement: Any = select(cast(json, Text).label("json"), flags.label("flags"))
    return with_logg(statement, bygg, edges)


def page_and_edges(
    kind: str, found: Select[Any], order: Sequence[Any], *, size: Any, offset: Any
) -> tuple[Any, Any]:
    """The CTEs of a page of ``found`` in ``order`` (``LIMIT size + 1 OFFSET offset``, as the
    resolvers fetch it): ``page``, each row with its position ``i`` on the page (from 1) and the
    ``total``; ``edges``, those of the page, each with its cursor."""
    page = (
        found.add_columns(
            (func.row_number().over(order_by=order) - offset).label("i"),
            func.count().over().label("total"),
        )
        .order_by(*order)
        .offset(offset)
        .limit(size + 1)
        .cte("page")
    )
    edges = (
        select(page, cursor(kind, cast(offset + page.c.i, Text)).label("cursor"))
        .where(page.c.i <= size)
        .cte("edges")
    )
    return page, edges


def connection_fields(
    edges: Any,
    page: Any,
    *,
    size: Any,
    offset: Any,
    node: Builder,
    past_the_end: Any = 0,
) -> dict[str, Builder]:
    """The fields of a connection paged by offset, as :func:`schema.pagination.offset_page`
    makes them: ``page`` holds the rows fetched (one past the page, each with the ``total``),
    ``edges`` those of the page, each with its ``cursor`` and its position ``i`` (from 1)."""

    def edge_list(bygg: Bygg, source: Any, child: Node) -> Any:
        edge_fields: dict[str, Builder] = {
            "cursor": lambda bygg, source, node: source.cursor,
            "node": node,
        }
        listed = func.json_agg(
            aggregate_order_by(children(bygg, edges.c, child, edge_fields), edges.c.i)
        )
        return select(func.coalesce(listed, literal_column("'[]'::json"))).scalar_subquery()

    def edge_cursor(first: bool) -> Any:
        ordering = edges.c.i if first else edges.c.i.desc()
        return select(edges.c.cursor).order_by(ordering).limit(1).scalar_subquery()

    page_info: dict[str, Builder] = {
        "hasPreviousPage": lambda bygg, source, node: offset > 0,
        "hasNextPage": lambda bygg, source, node: (
            select(func.count()).select_from(page).scalar_subquery() > size
        ),
        "startCursor": lambda bygg, source, node: edge_cursor(True),
        "endCursor": lambda bygg, source, node: edge_cursor(False),
    }
    return {
        "totalCount": lambda bygg, source, node: func.coalesce(
            select(func.max(page.c.total)).scalar_subquery(), past_the_end
        ),
        "edges": edge_list,
        "pageInfo": lambda bygg, source, node: children(bygg, source, node, page_info),
    }


def connection_types(connection: str, edge: str) -> dict[str, dict[str, FieldRule]]:
    """The walk's rules of an offset connection: its edges are the rows of persons."""
    return {
        connection: {
            "totalCount": FieldRule(),
            "edges": FieldRule(rows=True),
            "pageInfo": FieldRule(),
        },
        edge: {"cursor": FieldRule(), "node": FieldRule()},
    }
