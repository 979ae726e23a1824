"""The walk over a validated operation that decides whether the compiler covers it.

The walk reads the fields graphql-core collected (fragments, inline fragments, aliases and
``@include``/``@skip`` already applied), checks every field against the compiler's table
(:data:`resolvers.compiled.person.TYPES`), validates the arguments with the same functions the
resolvers use, and returns a :class:`Plan`: the selection as a hashable tree (the key of the
statement cache), the request's values of its parameters, and where each guarded field sits
(for the errors of a denial). Anything it does not cover raises :class:`Uncovered`, and the
standard execution takes the operation, so any error is made there, the one way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    get_argument_values,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.execution.values import VariableValues

if TYPE_CHECKING:
    from schema.executor import BosettingExecutor

MAX_FIELDS = 50
"""Fields of one object: ``json_build_object`` takes at most 100 arguments."""

ROW = -1
"""In a guarded field's path: the position in the list of rows, one error per row (the
executor reads -1 so)."""


class Uncovered(Exception):
    """The operation asks for something the compiler does not cover."""


class Refused(Uncovered):
    """An argument's value the resolver refuses: this request only (the standard execution
    makes the error); the operation itself may be covered."""


@dataclass(frozen=True, slots=True)
class Node:
    """One field of the selection: its response name, its field, the name of its value's type,
    its subfields, and what of its arguments shapes the SQL (the values are parameters)."""

    key: str
    field: str
    type_name: str
    children: tuple[Node, ...] = ()
    shape: tuple[Any, ...] = ()
    params: tuple[str, ...] = ()

    def reads(self, field: str) -> bool:
        """Whether ``field`` is selected here or anywhere below."""
        return self.field == field or any(child.reads(field) for child in self.children)


@dataclass(frozen=True, slots=True)
class Guarded:
    """A field guarded by a class, where it sits, for the error of its denial."""

    klasse: str
    path: tuple[str | int, ...]
    parent_type: str
    details: FieldDetailsList
    deferred: bool
    """Its resolver is asynchronous: the standard execution reports its denial after those of
    the synchronous fields."""


@dataclass(slots=True)
class Plan:
    root: Node
    details: FieldDetailsList
    params: dict[str, Any] = field(default_factory=dict)
    guarded: list[Guarded] = field(default_factory=list)
    sites: list[Site] = field(default_factory=list)
    """The fields with arguments: read again for each request of the same document."""

    def again(self, variable_values: VariableValues) -> Plan:
        """This plan for another request of the same operation whose directives decide alike:
        the arguments read from its variables (raises :class:`Uncovered` where the walk
        would: a refused value, or one that changes the statement's shape)."""
        params: dict[str, Any] = {}
        for site in self.sites:
            shape, values = site.read(variable_values)
            if shape != site.shape:
                raise Refused("another shape: walk again")
            params.update(zip(site.params, values, strict=True))
        return Plan(self.root, self.details, params, self.guarded, self.sites)


@dataclass(frozen=True, slots=True)
class Site:
    field_def: GraphQLField
    node: FieldNode
    rule: FieldRule
    shape: tuple[Any, ...]
    params: tuple[str, ...]

    def read(self, variable_values: VariableValues) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """The shape and the parameter values of the field's arguments, as its resolver would
        take them; raises :class:`Uncovered` where it would refuse them."""
        assert self.rule.arguments is not None
        values = get_argument_values(self.field_def, self.node, variable_values)
        try:
            _bounds(self.field_def, values)
            return self.rule.arguments(values)
        except Exception as error:  # the standard execution makes the error
            raise Refused("refused arguments") from error


@dataclass(frozen=True, slots=True)
class FieldRule:
    """How the walk treats one field of a covered type."""

    klasse: str | None = None
    deferred: bool = False
    arguments: Callable[[dict[str, Any]], tuple[tuple[Any, ...], tuple[Any, ...]]] | None = None
    """From the field's coerced arguments (GraphQL names): the shape and the parameter values;
    raises on a value the resolver would refuse."""
    rows: bool = False
    """A list of objects with guarded fields: their errors are per row. Such lists may nest,
    not stand side by side."""


def named(type_: GraphQLOutputType) -> GraphQLNamedType:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def _bounds(field_def: GraphQLField, values: dict[str, Any]) -> None:
    """The field's input bounds (schema/bounds.py), as its resolver is given them."""
    from schema.bounds import InputBounds

    definition = (field_def.extensions or {}).get("strawberry-definition")
    for extension in getattr(definition, "extensions", ()):
        if isinstance(extension, InputBounds):
            extension.map_arguments(
                {python: values.get(name) for python, name, _ in extension.checks}
            )


def plain(details: FieldDetailsList) -> None:
    """No directive beyond @include/@skip (already applied), no fragment arguments."""
    for detail in details:
        if detail.fragment_variable_values:
            raise Uncovered("fragment arguments")
        for directive in detail.node.directives or ():
            if directive.name.value not in ("include", "skip"):
                raise Uncovered(f"@{directive.name.value}")


class Walker:
    def __init__(self, executor: BosettingExecutor, types: dict[str, dict[str, FieldRule]]) -> None:
        self.executor = executor
        self.types = types
        self.plan: Plan | None = None
        self.rows: list[tuple[str | int, ...]] = []
        """The paths of the lists of rows met so far, each inside the one before."""

    def root(self, root_type: GraphQLObjectType, fields: GroupedFieldSet) -> Plan:
        """``fields``: the root fields, one covered field and any number of ``__typename``."""
        found = [
            (key, details)
            for key, details in fields.items()
            if details[0].node.name.value != "__typename"
        ]
        if len(found) != 1:
            raise Uncovered("not exactly one root field")
        key, details = found[0]
        plan = self.plan = Plan(Node(key, details[0].node.name.value, ""), details)
        self.rows = []
        plan.root = self.node(root_type, key, details, (key,))
        return plan

    def node(
        self,
        parent_type: GraphQLObjectType,
        key: str,
        details: FieldDetailsList,
        path: tuple[str | int, ...],
    ) -> Node:
        assert self.plan is not None
        name = details[0].node.name.value
        plain(details)
        if name == "__typename":
            return Node(key, name, parent_type.name)
        rules = self.types.get(parent_type.name)
        rule = rules.get(name) if rules is not None else None
        if rule is None:
            raise Uncovered(f"{parent_type.name}.{name}")
        field_def = parent_type.fields[name]
        shape: tuple[Any, ...] = ()
        params: tuple[str, ...] = ()
        if field_def.args:
            if rule.arguments is None:
                raise Uncovered(f"{parent_type.name}.{name} with arguments")
            site = Site(field_def, details[0].node, rule, (), ())
            shape, values = site.read(self.executor.variable_values)
            params = tuple(f"p{len(self.plan.params) + i}" for i in range(len(values)))
            self.plan.params.update(zip(params, values, strict=True))
            self.plan.sites.append(Site(field_def, details[0].node, rule, shape, params))
        if rule.klasse is not None:
            self.plan.guarded.append(
                Guarded(rule.klasse, path, parent_type.name, details, rule.deferred)
            )
        value_type = named(field_def.type)
        children: tuple[Node, ...] = ()
        if rule.rows:
            # Lists of rows may nest (a page of fordelinger, each with its rows), never stand
            # side by side (the order of errors across two would depend on the event loop).
            if any(path[: len(outer)] != outer for outer in self.rows):
                raise Uncovered("two lists of rows")
            path = (*path, ROW)
            self.rows.append(path)
        if isinstance(value_type, GraphQLObjectType):
            subfields, defer_usages, *_ = self.executor.collect_subfields(value_type, details)
            if defer_usages:
                raise Uncovered("@defer")
            if len(subfields) > MAX_FIELDS:
                raise Uncovered("too many fields for one json_build_object")
            children = tuple(
                self.node(value_type, sub_key, sub_details, (*path, sub_key))
                for sub_key, sub_details in subfields.items()
            )
        elif not leaf(value_type):
            raise Uncovered(f"type {value_type.name}")
        return Node(key, name, value_type.name, children, shape, params)


SCALARS = frozenset({"String", "Int", "Boolean", "ID", "Date", "DateTime", "JSON"})
"""The scalars the compiler serializes as the standard execution does (each field's builder
makes its value so: a timestamp as Python's isoformat, an id as text)."""


def leaf(type_: GraphQLNamedType) -> bool:
    """A scalar of :data:`SCALARS`, or an enum whose names are its values (as PostgreSQL holds
    them, so the column's text is the answer)."""
    if isinstance(type_, GraphQLEnumType):
        return all(
            getattr(value.value, "value", value.value) == name
            for name, value in type_.values.items()
        )
    return type_.name in SCALARS
