"""``personsok`` by name, personnummer or registreringsnummer as one statement: the page of the
persons :func:`resolvers.personer.sok` finds (the same selection and order as the standard
execution), each built as ``person(dufNr:)`` builds it, decided by its own relation to the
caller. A search by DUF-nr is a lookup and takes the standard execution."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Integer, Text, func, select

from authz.principal import Principal
from resolvers.compiled.paging import connection_types, offset_statement
from resolvers.compiled.person import param, person_object
from resolvers.compiled.walk import Node
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


def personsok_statement(principal: Principal, today: date, root: Node) -> Any:
    """The connection's JSON text, the guards' bits of its edges' persons in order, and the
    innsynslogg rows of the sections it reads of them."""
    (kind,) = root.shape
    found, order = sok(principal, today, kind, param(root.params[0], Text))
    size = param(root.params[1], Integer)
    offset = param(root.params[2], BigInteger)
    return offset_statement(
        principal,
        today,
        root,
        kind="personsok",
        found=found,
        order=order,
        size=size,
        offset=offset,
        node=person_object,
        shown=True,
        past_the_end=select(func.count()).select_from(found.subquery()).scalar_subquery(),
    )


PERSONSOK_TYPES = connection_types("PersonConnection", "PersonEdge")
