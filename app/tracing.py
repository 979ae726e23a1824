"""Optional OpenTelemetry tracing, on when an OTLP endpoint is configured with the standard
variables (``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``, or ``OTEL_EXPORTER_OTLP_ENDPOINT`` with
``/v1/traces`` added). Spans are exported over OTLP/HTTP in batches.

Each HTTP request is a span (continuing the caller's ``traceparent``), with the GraphQL
operation and each SQL statement as children. Spans carry ids, names and the statement's SQL
(whose values are bound parameters and never recorded); never arguments, variables or results,
so no personal data leaves in a trace. A request's span is named by its route (a DUF-nr in a
path becomes ``{dufNr}``) and its operation by a name the service knows (else ``other``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.propagate import extract
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import SpanKind, Status, StatusCode, Tracer
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.observability import Labels

_SPAN = "bosetting_span"


@dataclass(frozen=True)
class Tracing:
    """A tracer provider of this app's own (not the process-global one)."""

    provider: TracerProvider

    @property
    def tracer(self) -> Tracer:
        return self.provider.get_tracer("bosetting")

    def shutdown(self) -> None:
        """Exports what is buffered."""
        self.provider.shutdown()


def start_tracing(endpoint: str | None, service_name: str) -> Tracing | None:
    if not endpoint:
        return None
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    provider.add_span_processor(
        BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint), schedule_delay_millis=1000)
    )
    return Tracing(provider)


def trace_sql(engine: AsyncEngine, tracer: Tracer) -> None:
    """A span for each SQL statement, a child of the request's span."""

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def before(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> None:
        span = tracer.start_span(
            statement.split(None, 1)[0].upper() if statement else "SQL",
            kind=SpanKind.CLIENT,
            attributes={"db.system": "postgresql", "db.statement": statement[:2000]},
        )
        conn.info.setdefault(_SPAN, []).append(span)

    @event.listens_for(engine.sync_engine, "after_cursor_execute")
    def after(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> None:
        spans = conn.info.get(_SPAN)
        if spans:
            spans.pop().end()

    @event.listens_for(engine.sync_engine, "handle_error")
    def failed(exception_context: Any) -> None:
        connection = exception_context.connection
        spans = connection.info.get(_SPAN) if connection is not None else None
        if spans:
            span = spans.pop()
            span.set_status(
                Status(StatusCode.ERROR, type(exception_context.original_exception).__name__)
            )
            span.end()


class TraceRequests:
    """A server span around each HTTP request; its attributes are set when the answer ends."""

    def __init__(self, app: ASGIApp, *, tracer: Tracer, labels: Labels) -> None:
        self.app = app
        self.tracer = tracer
        self.labels = labels

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == "/metrics":
            await self.app(scope, receive, send)
            return
        carrier = {
            key.decode("latin-1"): value.decode("latin-1")
            for key, value in scope.get("headers", [])
            if key in (b"traceparent", b"tracestate")
        }
        status = 500
        started = time.perf_counter()

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        path = self.labels.path(scope["path"])
        method = self.labels.method(scope["method"])
        token = otel_context.attach(extract(carrier))
        try:
            scope.setdefault("state", {})["tracer"] = self.tracer
            scope["state"]["labels"] = self.labels  # the operation span names by them too
            with self.tracer.start_as_current_span(
                f"{method} {path}",
                kind=SpanKind.SERVER,
                attributes={"http.request.method": method, "url.path": path},
            ) as span:
                try:
                    await self.app(scope, receive, capture)
                finally:
                    state = scope.get("state", {})
                    span.set_attribute("http.response.status_code", status)
                    span.set_attribute(
                        "bosetting.duration_ms", (time.perf_counter() - started) * 1000
                    )
                    if request_id := state.get("request_id"):
                        span.set_attribute("bosetting.request_id", request_id)
                    if operation := state.get("operation"):
                        span.set_attribute(
                            "graphql.operation.name", self.labels.operation(operation)
                        )
                    principal = state.get("principal")
                    if principal is not None:
                        span.set_attribute("enduser.id", str(principal.bruker_id))
                    if status >= 500:
                        span.set_status(Status(StatusCode.ERROR))
        finally:
            otel_context.detach(token)


def current_trace_id() -> str | None:
    """The trace id of the current span, as the 32 hex digits a tracing tool shows."""
    span_context = trace.get_current_span().get_span_context()
    return format(span_context.trace_id, "032x") if span_context.is_valid else None
