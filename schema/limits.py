"""Limits on every GraphQL request, refused before anything runs. Defaults here; each can be
set in the environment (the README lists them). A refusal names the limit and its value.

The order: the length of the query text, then the token limit while parsing (each refusal is
kept per text, like the documents); a machine client's scopes as parsing ends
(:class:`schema.extensions.MaskinklientScope`); then one pass over the parsed document
(:mod:`schema.document_analysis`) for fields, aliases, directives, depth, repeats and cost,
before graphql-core validates it. A refusal is handed to Strawberry as the request's
pre-execution error, so HTTP and the websocket answer it alike."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    StringValueNode,
    parse,
    validate,
    visit,
)
from graphql.language import Visitor
from graphql.validation.rules import overlapping_fields_can_be_merged
from graphql.validation.validate import ValidationAbortedError
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from models.identifikatorer import er_siffer
from schema.document_analysis import Analysis, analyse
from schema.document_cache import DocumentCache, Prepared
from schema.errors import BadInputError


def _limit(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value and er_siffer(value) else default


MAX_DEPTH = _limit("BOSETTING_MAX_DEPTH", 15)
MAX_ALIASES = _limit("BOSETTING_MAX_ALIASES", 50)
MAX_TOKENS = _limit("BOSETTING_MAX_TOKENS", 5000)
MAX_QUERY_CHARS = _limit("BOSETTING_MAX_QUERY_CHARS", 100_000)
"""Characters of the query text, refused before it is parsed (graphql-core's lexer takes
about 0.2 s for a megabyte, even as one comment or one string)."""
MAX_DIRECTIVES = _limit("BOSETTING_MAX_DIRECTIVES", 20)
MAX_COST = _limit("BOSETTING_MAX_COST", 10_000)
MAX_FIELDS = _limit("BOSETTING_MAX_FIELDS", 5000)
"""Fields once fragments are expanded: as many as the token limit lets a document without
fragments name, so that fragments cannot multiply it."""
MAX_REPEATS = _limit("BOSETTING_MAX_REPEATS", 2)
"""How often a field that leads back to its own type (``familie`` → ``person`` → ``familie``)
may occur on one path."""
MAX_VALIDATION_WORK = _limit("BOSETTING_MAX_VALIDATION_WORK", 20_000)
"""graphql-core's budget for comparing fields of the same name (its rule that they can be
merged is quadratic in them); about 1 µs a unit here."""

overlapping_fields_can_be_merged.MAX_COMPLEXITY_BUDGET = MAX_VALIDATION_WORK


class LimitError(GraphQLError):
    def __init__(self, message: str, limit: str, value: int) -> None:
        super().__init__(
            message, extensions={"code": "LIMIT_EXCEEDED", "limit": limit, "value": value}
        )


def refusal(analysis: Analysis) -> LimitError | None:
    """The first limit the document breaks, if any."""
    if analysis.fields > MAX_FIELDS:
        return LimitError(
            f"the query selects {analysis.fields} fields once its fragments are expanded; the"
            f" limit (BOSETTING_MAX_FIELDS) is {MAX_FIELDS}",
            "fields",
            MAX_FIELDS,
        )
    if analysis.aliases > MAX_ALIASES:
        return LimitError(
            f"{analysis.aliases} aliases; the limit (BOSETTING_MAX_ALIASES) is {MAX_ALIASES}",
            "aliases",
            MAX_ALIASES,
        )
    if analysis.directives > MAX_DIRECTIVES:
        return LimitError(
            f"{analysis.directives} directives; the limit (BOSETTING_MAX_DIRECTIVES) is"
            f" {MAX_DIRECTIVES}",
            "directives",
            MAX_DIRECTIVES,
        )
    if analysis.depth > MAX_DEPTH:
        return LimitError(
            f"the query is {analysis.depth} levels deep; the limit (BOSETTING_MAX_DEPTH) is"
            f" {MAX_DEPTH}",
            "depth",
            MAX_DEPTH,
        )
    over = [(name, count) for name, count in analysis.repeats.items() if count > MAX_REPEATS]
    if over:
        (name, count), *others = over
        also = "".join(f", {other} {times} times" for other, times in others)
        return LimitError(
            f"{name} occurs {count} times on one path{also}; the limit"
            f" (BOSETTING_MAX_REPEATS) is {MAX_REPEATS}",
            "repeats",
            MAX_REPEATS,
        )
    if analysis.nodes > MAX_COST:
        return LimitError(
            f"the query may return {analysis.nodes} nodes; the limit (BOSETTING_MAX_COST) is"
            f" {MAX_COST}: ask for smaller pages",
            "cost",
            MAX_COST,
        )
    return None


CACHED_QUERY_CHARS = 500_000
"""Characters of the query texts whose documents are kept per process (about 75 MB of parsed
documents at most; an application's few documents take a small part)."""
DOCUMENTS = DocumentCache(CACHED_QUERY_CHARS)
TOO_MANY_TOKENS = f"Syntax Error: Document contains more than {MAX_TOKENS} tokens."


def parsed(query: str) -> DocumentNode | GraphQLError:
    """The document, or why it is none: a syntax error, or a limit."""
    if len(query) > MAX_QUERY_CHARS:
        return LimitError(
            f"the query has {len(query)} characters; the limit (BOSETTING_MAX_QUERY_CHARS) is"
            f" {MAX_QUERY_CHARS}",
            "query_chars",
            MAX_QUERY_CHARS,
        )
    try:
        return parse(query, max_tokens=MAX_TOKENS)
    except GraphQLError as error:
        if error.message.startswith(TOO_MANY_TOKENS):
            return LimitError(
                f"the query has more than {MAX_TOKENS} tokens; the limit"
                f" (BOSETTING_MAX_TOKENS) is {MAX_TOKENS}",
                "tokens",
                MAX_TOKENS,
            )
        return error


def nothing_to_run(operation_name: str | None) -> DocumentNode:
    """In place of a query that did not parse: a document Strawberry can read the operation's
    type from, while the refusal set beside it is the answer and nothing runs."""
    name = None if operation_name is None else NameNode(value=operation_name)
    operation = OperationDefinitionNode(
        operation=OperationType.QUERY,
        name=name,
        variable_definitions=(),
        directives=(),
        selection_set=SelectionSetNode(selections=()),
    )
    return DocumentNode(definitions=(operation,))


class Parse(SchemaExtension):
    """Parses the query once per text (:data:`DOCUMENTS` keeps documents and refusals), under
    the length and token limits. A refusal becomes the request's pre-execution error
    (Strawberry's parser cache raises it from its hook instead, which the websocket never
    answers)."""

    def on_parse(self) -> Iterator[None]:
        execution = self.execution_context
        query = execution.query
        if query is not None and execution.graphql_document is None:
            entry = DOCUMENTS.get(query)
            if entry is None:
                entry = Prepared(parsed(query))
                DOCUMENTS.put(query, entry)
            if isinstance(entry.document, GraphQLError):
                execution.pre_execution_errors = [entry.document]
                execution.graphql_document = nothing_to_run(execution.operation_name)
            else:
                execution.graphql_document = entry.document
        yield


ABORTED = "Validation aborted."
"""graphql-core's message when a validation runs out of its budget."""
SUGGESTION = re.compile(r"\s*Did you mean\b[^?]*\?")


def without_suggestion(message: str) -> str:
    return SUGGESTION.sub("", message)


def validated(
    schema: GraphQLSchema, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]
) -> list[GraphQLError]:
    """graphql-core's validation (and Strawberry's two rules), with no suggestions: a "Did you
    mean" would spell out the schema's names even with introspection off."""
    errors = validate(
        schema,
        document,
        (*rules, MaybeNullValidationRule, OneOfInputValidationRule),
        hide_suggestions=True,
    )
    for error in errors:
        # graphql-core's option leaves one: "must have a selection … Did you mean 'x { ... }'?"
        error.message = without_suggestion(error.message)
    return [
        LimitError(
            "the document takes more work to validate than allowed (fields of the same name"
            " to compare, or fragments nested, too many); the limit"
            f" (BOSETTING_MAX_VALIDATION_WORK) is {MAX_VALIDATION_WORK}",
            "validation_work",
            MAX_VALIDATION_WORK,
        )
        if isinstance(error, ValidationAbortedError) and error.message == ABORTED
        else error
        for error in errors
    ]


class DocumentLimits(SchemaExtension):
    """Measures the parsed document and refuses it over a limit; validates it otherwise (in
    place of Strawberry's validation step, which finds the errors set and skips). Both are
    kept with the document, the analysis unless its cost reads variables the request gives."""

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        document = execution.graphql_document
        if document is not None and execution.pre_execution_errors is None:
            schema = execution.schema._schema
            name = execution.operation_name
            entry = DOCUMENTS.get(execution.query or "")
            if entry is None or entry.document is not document:
                entry = Prepared(document)  # not kept: a document from elsewhere
            analysis = entry.analyses.get(name)
            if analysis is None:
                analysis = entry.analyses[name] = analyse(schema, document, name, None)
            if execution.variables and analysis.variables:
                analysis = analyse(schema, document, name, execution.variables)
            refused = refusal(analysis)
            if refused is not None:
                execution.pre_execution_errors = [refused]
            else:
                rules = execution.validation_rules
                errors = entry.validations.get(rules)
                if errors is None:
                    errors = entry.validations[rules] = validated(schema, document, rules)
                execution.pre_execution_errors = errors
        yield


def extensions() -> list[Callable[[], SchemaExtension] | type[SchemaExtension]]:
    return [Parse, DocumentLimits, InputHygiene]


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
        # A literal spells a NUL only by an escape (\u0000, \u{0}): no "\u", no visit.
        if "\x00" in query or (
            "\\u" in query and document is not None and _nul_in_literals(document)
        ):
            raise BadInputError("query", "text may not contain the NUL character")
        for name, value in (self.execution_context.variables or {}).items():
            if _nul_in(value):
                raise BadInputError(name, "text may not contain the NUL character")
        yield
