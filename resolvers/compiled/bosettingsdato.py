"""``bosettingsdatoer`` as one statement: the page of persons søkt ut to the kommune and not yet
bosatt, as the resolver selects and orders them, each kandidat's person built as
``person(dufNr:)`` builds it, decided by its own relation to the caller."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Integer, Text, cast, func, literal_column, select
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by, array

from authz.policy import Handling, kan
from authz.principal import Principal
from authz.scope import readable_persons
from models import Person, Utsoking
from models.enums import OrganisasjonType
from resolvers.compiled.person import (
    Builder,
    Bygg,
    bits,
    children,
    column,
    cursor,
    guarded,
    param,
    person_object,
    with_logg,
)
from resolvers.compiled.walk import FieldRule, Node
from resolvers.workflows.bosettingsdato import KOMMUNEN_REGISTRERER
from schema.pagination import offset_after, page_size


def bosettingsdatoer_arguments(values: dict[str, Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    kommunenummer = values.get("kommunenummer")
    size = page_size(values["first"])
    offset = offset_after(values.get("after"), "bosettingsdatoer")
    return (kommunenummer is not None,), (kommunenummer, size, offset)


def bosettingsdatoer_permitted(principal: Principal, root: Node) -> bool:
    """What the resolver refuses by the caller (its role; IMDi without a kommune) is left to
    it, so it makes the error."""
    if not kan(principal, Handling.LESE_BOSETTINGSDATO):
        return False
    return principal.organisasjon_type == OrganisasjonType.KOMMUNE or bool(root.shape[0])


def bosettingsdatoer_statement(principal: Principal, today: date, root: Node) -> Any:
    """The connection's JSON text, the guards' bits of its kandidater's persons in order, and
    the innsynslogg rows of the sections it reads of them."""
    kommune: Any = principal.kommunenummer
    if principal.organisasjon_type != OrganisasjonType.KOMMUNE:
        kommune = param(root.params[0], Text)
    size = param(root.params[1], Integer)
    offset = param(root.params[2], BigInteger)
    order = (Utsoking.sokt_ut_dato, Person.id)
    page = (
        readable_persons(principal)
        .add_columns(
            (func.row_number().over(order_by=order) - offset).label("n"),
            func.count().over().label("total"),
        )
        .where(
            Utsoking.kommunenummer == kommune,
            Utsoking.aktiv,
            Utsoking.bosettingsdato.is_(None),
        )
        .order_by(*order)
        .offset(offset)
        .limit(size + 1)
    )
    rows = guarded(page, principal, today, duf_oppslag=False)
    edges = (
        select(
            rows,
            cursor("bosettingsdatoer", cast(offset + rows.c.n, Text)).label("cursor"),
        )
        .where(rows.c.n <= size)
        .cte("edges")
    )
    kandidat: dict[str, Builder] = {
        "soktUtDato": column("sokt_ut_dato"),
        "kommunenummer": column("utsoking_kommune"),
        "kanRegistreresAvKommunen": lambda bygg, source, node: source.botilbud.in_(
            KOMMUNEN_REGISTRERER
        ),
        "person": person_object,
    }

    def edge_list(bygg: Bygg, source: Any, node: Node) -> Any:
        edge_fields: dict[str, Builder] = {
            "cursor": lambda bygg, source, node: source.cursor,
            "node": lambda bygg, source, node: children(bygg, source, node, kandidat),
        }
        listed = func.json_agg(
            aggregate_order_by(children(bygg, edges.c, node, edge_fields), edges.c.n)
        )
        return select(func.coalesce(listed, literal_column("'[]'::json"))).scalar_subquery()

    def edge_cursor(first: bool) -> Any:
        ordering = edges.c.n if first else edges.c.n.desc()
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
        "totalCount": lambda bygg, source, node: func.coalesce(
            select(func.max(rows.c.total)).scalar_subquery(), 0
        ),
        "edges": edge_list,
        "pageInfo": lambda bygg, source, node: children(bygg, source, node, page_info),
    }
    bygg = Bygg(principal, today, set())
    json = children(bygg, None, root, connection)
    flags = func.coalesce(
        select(func.array_agg(aggregate_order_by(bits(edges.c), edges.c.n))).scalar_subquery(),
        cast(array([], type_=Integer), ARRAY(Integer)),
    )
    statement: Any = select(cast(json, Text).label("json"), flags.label("flags"))
    return with_logg(statement, bygg, edges)


BOSETTINGSDATO_TYPES: dict[str, dict[str, FieldRule]] = {
    "BosettingsdatoKandidatConnection": {
        "totalCount": FieldRule(),
        "edges": FieldRule(rows=True),
        "pageInfo": FieldRule(),
    },
    "BosettingsdatoKandidatEdge": {"cursor": FieldRule(), "node": FieldRule()},
    "BosettingsdatoKandidat": {
        "soktUtDato": FieldRule(),
        "kommunenummer": FieldRule(),
        "kanRegistreresAvKommunen": FieldRule(),
        "person": FieldRule(klasse="identitet"),
    },
}
