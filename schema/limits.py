"""Limits on every GraphQL request, refused before anything runs. Defaults here; each can be
set in the environment (the README lists them). A refusal names the limit and its value."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
    visit,
)
from graphql.language import DirectiveNode, Visitor
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from models.identifikatorer import er_siffer
from schema.errors import BadInputError
from schema.pagination import MAX_PAGE_SIZE


def _limit(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value and er_siffer(value) else default


MAX_DEPTH = _limit("BOSETTING_MAX_DEPTH", 15)
MAX_ALIASES = _limit("BOSETTING_MAX_ALIASES", 50)
MAX_TOKENS = _limit("BOSETTING_MAX_TOKENS", 5000)
MAX_DIRECTIVES = _limit("BOSETTING_MAX_DIRECTIVES", 20)
MAX_COST = _limit("BOSETTING_MAX_COST", 10_000)


class LimitError(GraphQLError):
    def __init__(self, message: str, limit: str, value: int) -> None:
        super().__init__(
            message, extensions={"code": "LIMIT_EXCEEDED", "limit": limit, "value": value}
        )


def _page(field: FieldNode, variables: dict[str, Any]) -> int | None:
    """The page size a field asks for: ``first``, or the length of ``personer``'s list."""
    for argument in field.arguments or ():
        value = argument.value
        resolved: Any
        if isinstance(value, VariableNode):
            resolved = variables.get(value.name.value)
        elif isinstance(value, IntValueNode):
            resolved = int(value.value)
        elif isinstance(value, ListValueNode):
            resolved = list(value.values)
        else:
            resolved = None
        if argument.name.value == "first":
            # Required on every connection (``Int!``): validation refused a missing one.
            return max(1, min(int(resolved), MAX_PAGE_SIZE)) if isinstance(resolved, int) else 1
        if field.name.value == "personer" and argument.name.value == "dufNr":
            return max(1, len(resolved)) if isinstance(resolved, list) else 1
    if field.name.value == "rader":
        return 200
    return None


def cost(document: DocumentNode, variables: dict[str, Any]) -> int:
    """GitHub's node limit: each list-returning field costs the product of the page sizes on
    its path (including its own)."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }

    def walk(selection_set: SelectionSetNode | None, factor: int, seen: frozenset[str]) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                page = _page(selection, variables)
                inner = factor * page if page is not None else factor
                total += inner if page is not None else 0
                total += walk(selection.selection_set, inner, seen)
            elif isinstance(selection, InlineFragmentNode):
                total += walk(selection.selection_set, factor, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in fragments and name not in seen:
                    total += walk(fragments[name].selection_set, factor, seen | {name})
        return total

    return sum(
        walk(d.selection_set, 1, frozenset())
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    )


def directives(document: DocumentNode) -> int:
    count = 0

    class Counter(Visitor):
        def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
            nonlocal count
            count += 1

    visit(document, Counter())
    return count


class CostAndDirectiveLimits(SchemaExtension):
    """Refuses, before execution, a document with too many directives or too high a cost."""

    def on_execute(self) -> Iterator[None]:
        document = self.execution_context.graphql_document
        if document is not None:
            used = directives(document)
            if used > MAX_DIRECTIVES:
                raise LimitError(
                    f"{used} directives; the limit (BOSETTING_MAX_DIRECTIVES) is {MAX_DIRECTIVES}",
                    "directives",
                    MAX_DIRECTIVES,
                )
            nodes = cost(document, self.execution_context.variables or {})
            if nodes > MAX_COST:
                raise LimitError(
                    f"the query may return {nodes} nodes; the limit (BOSETTING_MAX_COST) is "
                    f"{MAX_COST}: ask for smaller pages",
                    "cost",
                    MAX_COST,
                )
        yield


# The depth and alias rules are made once, so that a validated document's result can be cached
# (the cache is keyed by the rule classes; the limiters would make new ones per request).
_LIMIT_RULES = (
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
)
CACHED_DOCUMENTS = 512
"""Parsed and validated documents kept per process (a bounded LRU: clients send few)."""


def extensions() -> list[Callable[[], SchemaExtension] | type[SchemaExtension]]:
    return [
        # The token limit is a parse option, so it comes before the parser cache.
        functools.partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
        functools.partial(ParserCache, maxsize=CACHED_DOCUMENTS),
        functools.partial(AddValidationRules, list(_LIMIT_RULES)),
        functools.partial(ValidationCache, maxsize=CACHED_DOCUMENTS),
        CostAndDirectiveLimits,
        InputHygiene,
    ]


def _nul_in(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_nul_in(v) for v in value.values())
    if isinstance(value, list):
        return any(_nul_in(v) for v in value)
    return False


def _nul_in_literals(document: DocumentNode) -> bool:
    """A string literal may spell a NUL as an escape (\\u0000): look at the parsed values."""
    found = False

    class Finder(Visitor):
        def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
            nonlocal found
            found = found or "\x00" in node.value

    visit(document, Finder())
    return found


class InputHygiene(SchemaExtension):
    """PostgreSQL stores no NUL character in text: refuse it as bad input, before anything
    runs, instead of failing at the database."""

    def on_execute(self) -> Iterator[None]:
        query = self.execution_context.query or ""
        document = self.execution_context.graphql_document
        if "\x00" in query or (document is not None and _nul_in_literals(document)):
            raise BadInputError("query", "text may not contain the NUL character")
        for name, value in (self.execution_context.variables or {}).items():
            if _nul_in(value):
                raise BadInputError(name, "text may not contain the NUL character")
        yield
