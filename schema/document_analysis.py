"""One pass over a parsed document, before it is validated, that measures what the limits
bound: fields, aliases and directives once fragments are expanded, depth, how often a field
that leads back to its own type repeats on one path (``familie`` in ``familie``), and the
nodes a query may return (GitHub's node limit, with the prices of :mod:`schema.prices`).

Each fragment is measured once and remembered by name; a spread adds what its fragment
measured, so a fragment spread ten times in a fragment spread ten times costs two
measurements, not a hundred walks. What a fragment returns grows with the lists around the
spread, linearly, so its node count is kept per item of its parent. A fragment that spreads
itself (which validation refuses) counts as empty where it closes the cycle. Nothing here
recurses through fragments, so a long chain of them cannot exhaust the stack; the parser
bounds the nesting inside one definition.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    NullValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableDefinitionNode,
    VariableNode,
    get_named_type,
    get_variable_values,
)

from schema import prices
from schema.pagination import MAX_PAGE_SIZE

CEILING = 2**62
"""Counts stop growing here: a refusal needs no exact figure past any limit."""
UNPRICED = prices.Fixed(MAX_PAGE_SIZE)
"""A list of the schema without a price (a test keeps there being none)."""

Composite = GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType


@dataclass(slots=True)
class Measure:
    """What one selection set (with its fragments expanded) selects."""

    fields: int = 0
    aliases: int = 0
    directives: int = 0
    depth: int = 0
    """As Strawberry's depth limiter counts: a field with a selection is one level, a leaf and
    an introspection field none."""
    nodes: int = 0
    """List items returned per item of the selection's parent."""
    repeats: dict[str, int] = field(default_factory=dict)
    """A field that leads back to its own type → the most times it occurs on one path
    (read only once measured: measures share it)."""

    def add(self, other: Measure) -> None:
        self.fields = min(self.fields + other.fields, CEILING)
        self.aliases = min(self.aliases + other.aliases, CEILING)
        self.directives = min(self.directives + other.directives, CEILING)
        self.depth = max(self.depth, other.depth)
        self.nodes = min(self.nodes + other.nodes, CEILING)
        for key, count in other.repeats.items():
            if count > self.repeats.get(key, 0):
                self.repeats[key] = count


EMPTY = Measure()


@dataclass(frozen=True, slots=True)
class Analysis:
    """The document's measures: fields, aliases and directives summed over its operations,
    depth and repeats their largest, and the nodes of the operation to run."""

    fields: int
    aliases: int
    directives: int
    depth: int
    nodes: int
    repeats: dict[str, int]
    variables: frozenset[str]
    """The variables the cost read (the rest of the analysis holds whatever their values)."""


@dataclass(frozen=True, slots=True)
class SchemaFacts:
    """What the analysis needs of the schema, worked out once: the price of each field, the
    fields that lead back to their own type."""

    prices: dict[tuple[str, str], prices.Price]
    recursive: frozenset[tuple[str, str]]


@functools.cache
def schema_facts(schema: GraphQLSchema) -> SchemaFacts:
    priced: dict[tuple[str, str], prices.Price] = {}
    edges: dict[str, set[str]] = {}
    for type_ in schema.type_map.values():
        if type_.name.startswith("__"):
            continue
        if isinstance(type_, GraphQLUnionType):
            edges[type_.name] = {member.name for member in type_.types}
        if not isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            continue
        edges[type_.name] = set()
        for name, definition in type_.fields.items():
            output = definition.type
            output = output.of_type if isinstance(output, GraphQLNonNull) else output
            price = prices.price(
                type_.name,
                name,
                frozenset(definition.args),
                is_list=isinstance(output, GraphQLList),
            )
            if price is None and isinstance(output, GraphQLList):
                price = UNPRICED
            if price is not None:
                priced[(type_.name, name)] = price
            edges[type_.name].add(get_named_type(definition.type).name)
    recursive = frozenset(
        (type_name, name)
        for type_name, type_ in schema.type_map.items()
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType)
        and not type_name.startswith("__")
        for name, definition in type_.fields.items()
        if type_name in _reachable(edges, get_named_type(definition.type).name)
    )
    return SchemaFacts(priced, recursive)


def _reachable(edges: Mapping[str, set[str]], start: str) -> set[str]:
    seen = {start}
    stack = [start]
    while stack:
        for following in edges.get(stack.pop(), ()):
            if following not in seen:
                seen.add(following)
                stack.append(following)
    return seen


def _spreads(selection_set: SelectionSetNode) -> Iterator[str]:
    """The fragments a selection set spreads, at any nesting."""
    stack = [selection_set]
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                yield selection.name.value
            elif selection.selection_set is not None:  # type: ignore[attr-defined]
                stack.append(selection.selection_set)  # type: ignore[attr-defined]


def _order(
    fragments: Mapping[str, FragmentDefinitionNode], roots: list[SelectionSetNode]
) -> list[str]:
    """The fragments the roots use, each after the fragments it spreads (a spread closing a
    cycle is left out)."""
    done: set[str] = set()
    order: list[str] = []
    for root in roots:
        for start in _spreads(root):
            if start in done or start not in fragments:
                continue
            path = [(start, _spreads(fragments[start].selection_set))]
            on_path = {start}
            while path:
                name, pending = path[-1]
                for spread in pending:
                    if spread in fragments and spread not in done and spread not in on_path:
                        path.append((spread, _spreads(fragments[spread].selection_set)))
                        on_path.add(spread)
                        break
                else:
                    path.pop()
                    on_path.discard(name)
                    done.add(name)
                    order.append(name)
    return order


class _Pass:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        definitions: Mapping[str, VariableDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.facts = schema_facts(schema)
        self.fragments = fragments
        self.definitions = definitions
        self.variables = dict(variables)
        self.measured: dict[str, Measure] = {}
        self.coerced: dict[str, Any] = {}
        """The variables the prices read, coerced (None where coercion fails)."""

    def measure_fragments(self, order: list[str]) -> None:
        for name in order:
            fragment = self.fragments[name]
            self.measured[name] = self.selection(
                fragment.selection_set, self._type(fragment.type_condition.name.value)
            )

    def _type(self, name: str) -> Composite | None:
        type_ = self.schema.get_type(name)
        return type_ if isinstance(type_, Composite) else None

    def selection(self, selection_set: SelectionSetNode, parent: Composite | None) -> Measure:
        measure = Measure()
        for selection in selection_set.selections:
            directives = len(selection.directives or ())
            measure.directives = min(measure.directives + directives, CEILING)
            if isinstance(selection, FieldNode):
                measure.add(self.field(selection, parent))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = parent if condition is None else self._type(condition.name.value)
                measure.add(self.selection(selection.selection_set, inner))
            elif isinstance(selection, FragmentSpreadNode):
                measure.add(self.measured.get(selection.name.value, EMPTY))
        return measure

    def field(self, node: FieldNode, parent: Composite | None) -> Measure:
        name = node.name.value
        fielded = isinstance(parent, GraphQLObjectType | GraphQLInterfaceType)
        definition = parent.fields.get(name) if fielded else None  # type: ignore[union-attr]
        child: Composite | None = None
        if definition is not None:
            named = get_named_type(definition.type)
            child = named if isinstance(named, Composite) else None
        inner = EMPTY if node.selection_set is None else self.selection(node.selection_set, child)
        measure = Measure(
            fields=min(inner.fields + 1, CEILING),
            aliases=min(inner.aliases + (node.alias is not None), CEILING),
            directives=inner.directives,
        )
        if name.startswith("__") or parent is None or definition is None:
            # Introspection is bounded by graphql-core's own rule; an unknown field is
            # refused by validation.
            return measure
        measure.depth = 0 if node.selection_set is None else inner.depth + 1
        price = self.facts.prices.get((parent.name, name))
        count, factor = (0, 1) if price is None else self.price(price, node)
        measure.nodes = min(count + factor * inner.nodes, CEILING)
        measure.repeats = inner.repeats
        if (parent.name, name) in self.facts.recursive:
            label = f"{parent.name}.{name}"
            # The outer field first: a refusal names the fields in the order they nest.
            measure.repeats = {label: inner.repeats.get(label, 0) + 1}
            measure.repeats.update((k, v) for k, v in inner.repeats.items() if k != label)
        return measure

    def price(self, price: prices.Price, node: FieldNode) -> tuple[int, int]:
        """(items the field returns, items each of its fields is returned for)."""
        if isinstance(price, prices.Fixed):
            return price.items, price.items
        if isinstance(price, prices.SamePage):
            return 0, 1
        if isinstance(price, prices.Page):
            first = self.argument(node, "first")
            page = max(1, min(first, MAX_PAGE_SIZE)) if isinstance(first, int) else 1
            return page, page
        if isinstance(price, prices.PerInput):
            values = self.input_field(node, price.argument, price.field)
            return 0, max(1, len(values) if isinstance(values, list) else 1)
        given = self.argument(node, price.argument)
        items = len(given) if isinstance(given, list) else (0 if given is None else 1)
        return items, items

    def input_field(self, node: FieldNode, name: str, field: str) -> Any:
        """A field of an input object argument, as :meth:`argument` reads a value."""
        value = self.argument_node(node, name)
        if isinstance(value, VariableNode):
            given = self.variable(value.name.value)
            return given.get(field) if isinstance(given, dict) else getattr(given, field, None)
        if isinstance(value, ObjectValueNode):
            for object_field in value.fields:
                if object_field.name.value == field:
                    return self.value(object_field.value)
        return None

    def argument(self, node: FieldNode, name: str) -> Any:
        """An argument's value as the resolver gets it: a variable coerced (its default
        included; None where it does not coerce), an Int, a list (a single value stands for a
        list of one, as input coercion makes it)."""
        value = self.argument_node(node, name)
        return None if value is None else self.value(value)

    @staticmethod
    def argument_node(node: FieldNode, name: str) -> ValueNode | None:
        for argument in node.arguments or ():
            if argument.name.value == name:
                return argument.value
        return None

    def value(self, value: ValueNode) -> Any:
        if isinstance(value, VariableNode):
            return self.variable(value.name.value)
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, ListValueNode):
            return list(value.values)
        if isinstance(value, NullValueNode):
            return None
        return [value]

    def variable(self, name: str) -> Any:
        if name not in self.coerced:
            definition = self.definitions.get(name)
            value = None
            if definition is not None:
                coerced = get_variable_values(
                    self.schema, [definition], self.variables, hide_suggestions=True
                )
                if not isinstance(coerced, list):
                    value = coerced.coerced.get(name)
            self.coerced[name] = value
        return self.coerced[name]


def chosen_operations(
    document: DocumentNode, operation_name: str | None
) -> list[OperationDefinitionNode]:
    """The operation that runs: the one named, or the only one; when that cannot be told,
    every one (each is then held to what the one would be)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        named = [o for o in operations if o.name is not None and o.name.value == operation_name]
        return named[:1]
    return operations


def _fragments(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    fragments: dict[str, FragmentDefinitionNode] = {}
    for definition in document.definitions:
        if isinstance(definition, FragmentDefinitionNode):
            fragments.setdefault(definition.name.value, definition)
    return fragments


def analyse(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> Analysis:
    fragments = _fragments(document)
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = chosen_operations(document, operation_name)
    definitions: dict[str, VariableDefinitionNode] = {}
    for operation in chosen:
        for definition in operation.variable_definitions or ():
            definitions.setdefault(definition.variable.name.value, definition)
    analysis = _Pass(schema, fragments, definitions, variables or {})
    analysis.measure_fragments(_order(fragments, [o.selection_set for o in operations]))
    total = Measure()
    nodes = 0
    for operation in operations:
        root = schema.get_root_type(operation.operation)
        measure = analysis.selection(operation.selection_set, root)
        total.add(measure)
        if operation in chosen:
            nodes = max(nodes, measure.nodes)
    return Analysis(
        fields=total.fields,
        aliases=total.aliases,
        directives=total.directives,
        depth=total.depth,
        nodes=nodes,
        repeats=total.repeats,
        variables=frozenset(analysis.coerced),
    )


def root_fields(document: DocumentNode, operation_name: str | None) -> list[str]:
    """The root fields the operation to run selects (every operation's, when that cannot be
    told), in the document's order, through fragments and inline fragments, each fragment
    looked at once."""
    fragments = _fragments(document)
    names: dict[str, None] = {}
    seen: set[str] = set()
    stack = [
        selection
        for operation in reversed(chosen_operations(document, operation_name))
        for selection in reversed(operation.selection_set.selections)
    ]
    while stack:
        selection = stack.pop()
        if isinstance(selection, FieldNode):
            names.setdefault(selection.name.value)
        elif isinstance(selection, InlineFragmentNode):
            stack.extend(reversed(selection.selection_set.selections))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:
                seen.add(name)
                stack.extend(reversed(fragments[name].selection_set.selections))
    return list(names)
