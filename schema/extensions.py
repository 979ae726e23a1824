"""Per-operation duties: write the innsynslogg before the answer leaves, close the connection."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import asyncpg
from graphql import GraphQLError
from opentelemetry.trace import Tracer
from sqlalchemy.exc import DBAPIError
from strawberry.extensions import MaskErrors, SchemaExtension

from authz.policy import maskin_rotfelt
from schema.context import Context
from schema.document_analysis import root_fields

logger = logging.getLogger("bosetting.innsynslogg")


class InnsynsloggExtension(SchemaExtension):
    """Reads of personmappe data are logged in one INSERT after execution. If that fails, the
    answer fails too (no data): no personmappe value leaves without its log row."""

    async def on_execute(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
        if not isinstance(context, Context) or not len(context.innsyn):
            return
        try:
            await context.innsyn.skriv(context.engine, context.caller, context.request_id)
        except Exception as error:
            raise unlogged(context, error) from error

    async def on_operation(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            context = self.execution_context.context
            if isinstance(context, Context) and "db" in vars(context):
                await context.db.close()


def unlogged(context: Context, error: Exception) -> GraphQLError:
    """The error of the whole answer when the innsynslogg of a read could not be written (the
    answer then carries no data): 503 when the database went away, else an internal error."""
    logger.exception("innsynslogg could not be written (request %s)", context.request_id)
    if database_lost(error):
        return GraphQLError(
            "the database is unavailable; try again shortly",
            extensions={"code": "SERVICE_UNAVAILABLE", "requestId": context.request_id},
        )
    return GraphQLError(
        f"Internal server error (request id {context.request_id})",
        extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": context.request_id},
    )


LOST_CONNECTION_STATES = ("08", "57P01", "57P02", "57P03")
"""SQLSTATEs of a lost database: connection exceptions, an administrator's or a crash's
shutdown, a server that cannot take connections yet."""


def database_lost(error: BaseException | None) -> bool:
    """The database went away under a request (stopped, restarted, unreachable), as opposed to
    a statement that failed: the caller should retry, and gets 503."""
    while error is not None:
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            return True
        if isinstance(error, OSError | TimeoutError | asyncpg.InterfaceError):
            return True
        state = getattr(error, "sqlstate", None)
        if isinstance(state, str) and state.startswith(LOST_CONNECTION_STATES):
            return True
        error = error.__cause__ or error.__context__
    return False


def _unexpected(error: GraphQLError) -> bool:
    """Our own errors (denials, bad input) and GraphQL's (parse, validation) are meant for the
    caller; anything else is a fault whose text may carry internals."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


class InternalErrors(MaskErrors):
    """An unexpected exception becomes "Internal server error" with the request id; the
    original is logged (Schema.process_errors runs before this)."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=_unexpected)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        context = self.execution_context.context
        request_id = context.request_id if isinstance(context, Context) else "unknown"
        if database_lost(error.original_error):
            return GraphQLError(
                "the database is unavailable; try again shortly",
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                extensions={"code": "SERVICE_UNAVAILABLE", "requestId": request_id},
            )
        if isinstance(error.original_error, DBAPIError) and "statement timeout" in str(
            error.original_error
        ):
            return GraphQLError(
                "a database statement ran longer than the statement timeout "
                f"(BOSETTING_STATEMENT_TIMEOUT_MS; request id {request_id})",
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                extensions={
                    "code": "LIMIT_EXCEEDED",
                    "limit": "statement_timeout",
                    "requestId": request_id,
                },
            )
        return GraphQLError(
            f"Internal server error (request id {request_id})",
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
        )


class OperationName(SchemaExtension):
    """Puts the operation's name where the request log finds it."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        name = self.execution_context.operation_name
        if isinstance(context, Context) and name:
            context.request.scope.setdefault("state", {})["operation"] = name
        yield


class TraceOperation(SchemaExtension):
    """With tracing on: a span for the GraphQL operation, with parse, validation and execution
    as its children (names and the operation's type only; never arguments or variables)."""

    def _tracer(self) -> Tracer | None:
        context = self.execution_context.context
        if not isinstance(context, Context):
            return None
        tracer = context.request.scope.get("state", {}).get("tracer")
        return tracer if isinstance(tracer, Tracer) else None

    def _phase(self, name: str) -> Iterator[None]:
        tracer = self._tracer()
        if tracer is None:
            yield
            return
        with tracer.start_as_current_span(name):
            yield

    def on_operation(self) -> Iterator[None]:
        tracer = self._tracer()
        if tracer is None:
            yield
            return
        with tracer.start_as_current_span("graphql") as span:
            yield
            execution = self.execution_context
            kind = execution.operation_type.value if execution.operation_type else "unknown"
            # The caller chooses the operation's name: the span carries it only when the
            # service knows it (app.observability.Labels), else "other".
            labels = self.execution_context.context.request.scope["state"].get("labels")
            name = labels.operation(execution.operation_name) if labels is not None else ""
            name = "" if name == "-" else name
            span.update_name(f"graphql {kind} {name}".rstrip())
            span.set_attribute("graphql.operation.type", kind)
            if name:
                span.set_attribute("graphql.operation.name", name)
            errors = execution.result.errors if execution.result else None
            span.set_attribute("graphql.errors", len(errors or ()))

    def on_parse(self) -> Iterator[None]:
        yield from self._phase("graphql.parse")

    def on_validate(self) -> Iterator[None]:
        yield from self._phase("graphql.validate")

    def on_execute(self) -> Iterator[None]:
        yield from self._phase("graphql.execute")


class MaskinklientScope(SchemaExtension):
    """A machine client reaches only the root fields of its scopes; anything else is refused
    as soon as the document is parsed, before any limit measures it or validation runs,
    naming the field. (As parsing ends: wherever the extension stands in the list.)"""

    def on_parse(self) -> Iterator[None]:
        yield
        execution = self.execution_context
        context = execution.context
        document = execution.graphql_document
        principal = context.principal if isinstance(context, Context) else None
        allowed = maskin_rotfelt(principal) if principal is not None else None
        if (
            principal is None
            or allowed is None
            or document is None
            or execution.pre_execution_errors is not None
        ):
            return
        for name in root_fields(document, execution.operation_name):
            if name != "__typename" and name not in allowed:
                # Strawberry reports a pre-execution error the same on every transport.
                execution.pre_execution_errors = [
                    GraphQLError(
                        f"{name}: the client's scopes ({' '.join(sorted(principal.scopes))})"
                        " do not reach this field",
                        extensions={"code": "FORBIDDEN"},
                    )
                ]
                return
