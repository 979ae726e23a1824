"""Running a compiled read: the statement cache, the one round trip, the denials' errors.

A statement is cached by the selection (the walk's tree, which holds the shape of the
arguments but not their values), the caller's shape (organisation, roles, kommune) and the
day: the policy's answers and the EM limit are values in the SQL. The values of the request
(the DUF-nr, the page size, the caller's ids for the innsynslogg) are parameters.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from graphql import GraphQLObjectType
from graphql.execution.collect_fields import GroupedFieldSet
from sqlalchemy.ext.asyncio import AsyncEngine

from authz.innsynslogg import correlation_id_var
from authz.policy import Tilgang
from authz.principal import Principal
from authz.sqlguard import avgjort
from resolvers.compiled.roots import PERMITTED, STATEMENTS, TYPES
from resolvers.compiled.walk import Node, Plan, Refused, Uncovered, Walker
from schema.context import Context

if TYPE_CHECKING:
    from schema.executor import BosettingExecutor

CACHE_SIZE = 512
"""Statements kept: a few documents × the callers' shapes of a day."""


@dataclass(frozen=True, slots=True)
class Compiled:
    sql: str
    names: tuple[str, ...]
    """The parameters in the order of ``$1, $2 …``."""
    defaults: dict[str, Any]
    """The values written into the statement when it was built (the caller's shape)."""


Key = tuple[Node, Any, date]

_cache: OrderedDict[Key, Compiled] = OrderedDict()


def clear() -> None:
    """Forget every statement (a test that changes the policy in a running process)."""
    _cache.clear()


def shape(principal: Principal) -> tuple[Any, ...]:
    return (
        principal.organisasjon_type,
        principal.roller,
        principal.kommunenummer,
        principal.klient_id is None,
        principal.scopes,
    )


def compiled(engine: AsyncEngine, principal: Principal, today: date, root: Node) -> Compiled:
    key = (root, shape(principal), today)
    hit = _cache.get(key)
    if hit is not None:
        _cache.move_to_end(key)
        return hit
    statement = STATEMENTS[root.field](principal, today, root)
    built = statement.compile(dialect=engine.dialect, compile_kwargs={"render_postcompile": True})
    entry = Compiled(
        str(built),
        tuple(built.positiontup or ()),
        {name: _plain(value) for name, value in built.params.items()},
    )
    _cache[key] = entry
    if len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return entry


def _plain(value: Any) -> Any:
    """What asyncpg takes for a value SQLAlchemy would have converted: an enum's value."""
    return value.value if isinstance(value, Enum) and not isinstance(value, str) else value


@dataclass(frozen=True, slots=True)
class Answer:
    json: bytes | None
    """The root field's value; None: null (none found, or nothing the caller may see)."""
    tilganger: list[Tilgang | None]
    """The decision on each person whose guarded fields the document reads, in the order the
    standard execution meets them (one for ``person``, one per row of a fordeling or position
    of ``personer``); None for a position that is null without an error."""
    positions: list[tuple[int, ...]] | None = None
    """Where each decision's person sits, an index per list of rows on its path (a page of
    fordelinger: the edge's and the row's); None: its index in ``tilganger``."""


async def run(
    engine: AsyncEngine, principal: Principal, today: date, request_id: str, plan: Plan
) -> Answer:
    """The statement of ``plan`` on a connection of its own, in autocommit: one round trip,
    the innsynslogg insert committed with it."""
    entry = compiled(engine, principal, today, plan.root)
    values = {
        **entry.defaults,
        **plan.params,
        "bruker_id": principal.bruker_id,
        "klient_id": principal.klient_id,
        "organisasjon_id": principal.organisasjon_id,
        "request_id": request_id,
        "correlation_id": correlation_id_var.get(),
    }
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        result = await autocommit.exec_driver_sql(
            entry.sql, tuple(values[name] for name in entry.names)
        )
        row: Any = result.first()
    if row is None or row.json is None:
        return Answer(None, [])
    text: str = row.json
    positions = row._mapping.get("positions")
    return Answer(
        text.encode(),
        [None if bits is None else avgjort(bits) for bits in row.flags or ()],
        None if positions is None else [tuple(position) for position in positions],
    )


PLANS_SIZE = 256
"""Operations whose walk is kept (by the parsed document the document cache keeps)."""


class Compiler:
    """The compiler as the executor uses it (``schema.context.ReadCompiler``).

    The walk of an operation is kept for its next requests: keyed by the operation's node
    (the document cache hands the same one for the same text; the entry holds it, so the
    identity is never another's) and the values of its Boolean variables (the only ones
    @include/@skip read); a later request reads only the arguments again."""

    def __init__(self) -> None:
        self._plans: OrderedDict[tuple[int, tuple[Any, ...]], tuple[Any, Plan | None]] = (
            OrderedDict()
        )

    def plan(
        self, executor: BosettingExecutor, root_type: GraphQLObjectType, fields: GroupedFieldSet
    ) -> Plan | None:
        """The plan of this request's operation, or None: the standard execution answers."""
        plan = self._plan(executor, root_type, fields)
        if plan is None:
            return None
        permitted = PERMITTED.get(plan.root.field)
        principal = executor.context_value.caller
        # Per request (a kept walk serves every caller): what the resolver refuses by the
        # caller, it refuses itself.
        return plan if permitted is None or permitted(principal, plan.root) else None

    def _plan(
        self, executor: BosettingExecutor, root_type: GraphQLObjectType, fields: GroupedFieldSet
    ) -> Plan | None:
        operation = executor.operation
        variables = executor.variable_values
        key = (
            id(operation),
            tuple(sorted((n, v) for n, v in variables.coerced.items() if isinstance(v, bool))),
        )
        kept = self._plans.get(key)
        if kept is not None and kept[0] is operation:
            self._plans.move_to_end(key)
            if kept[1] is None:
                return None
            try:
                return kept[1].again(variables)
            except Refused:
                pass  # a refused value (the standard execution answers), or another shape
        try:
            plan: Plan | None = Walker(executor, TYPES).root(root_type, fields)
        except Refused:
            return None  # this request's values; the next may be covered
        except Uncovered:
            plan = None
        self._plans[key] = (operation, plan)
        if len(self._plans) > PLANS_SIZE:
            self._plans.popitem(last=False)
        return plan

    async def run(self, context: Context, plan: Plan) -> Answer:
        return await run(context.engine, context.caller, context.today, context.request_id, plan)


COMPILER = Compiler()
