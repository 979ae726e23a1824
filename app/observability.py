"""Operations: one structured log line per request, Prometheus metrics, and log redaction.

Logs carry the request id, the caller's correlation id, the principal's id and the operation
name; never the query, its variables or anything else a person could be found by. Paths that
carry a DUF-nr are logged as their route (``/utskrift/kompetanse/{dufNr}.pdf``), and the text of
database and GraphQL errors never reaches a log (it may hold SQL parameters, key values or
the query's source): :func:`install_log_redaction` replaces it with the error's type and
SQLSTATE in every record, whichever handler formats it.

Labels are bounded: a path is one of the service's routes or ``other``; an operation name is
one the service knows (its own documents, ``BOSETTING_METRICS_OPERATIONS``) or ``other``.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import socketserver
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from asyncpg import PostgresError
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    make_wsgi_app,
    multiprocess,
)
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)
principal_var: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "principal", default=None
)

access_log = logging.getLogger("bosetting.access")

GRAPHIQL_OPERATIONS = frozenset({"IntrospectionQuery"})
"""The operations GraphiQL, which the service serves, sends by itself."""
_ROUTES = frozenset({"/graphql", "/healthz", "/readyz", "/metrics"})
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class Labels:
    """Bounded names for what a caller chose: paths, methods and operation names."""

    def __init__(self, operations: Iterable[str], documents: Iterable[str]) -> None:
        self.operations = frozenset(operations) | GRAPHIQL_OPERATIONS
        self.documents = frozenset(documents)

    def path(self, path: str) -> str:
        """A route of the service, never a value inside a path (a DUF-nr)."""
        if path in _ROUTES:
            return path
        parts = path.split("/")
        if len(parts) == 4 and parts[1] == "utskrift":
            dokument = parts[2] if parts[2] in self.documents else "{dokument}"
            return f"/utskrift/{dokument}/{{dufNr}}.pdf"
        if path.startswith("/graphiql/static/"):
            return "/graphiql/static/{name}"
        if len(parts) == 3 and parts[1] == "vedtaksdokument":
            return "/vedtaksdokument/{anmodningId}"
        return "other"

    def operation(self, name: object) -> str:
        """``-`` for an anonymous operation, the name when the service knows it, else other."""
        if not name:
            return "-"
        return name if isinstance(name, str) and name in self.operations else "other"

    @staticmethod
    def method(method: str) -> str:
        return method if method in _METHODS else "OTHER"


# Redaction -------------------------------------------------------------------------------

_WITHHELD_MODULES = ("asyncpg", "sqlalchemy", "graphql")
"""Their errors' text may hold parameters, key values (``DETAIL: Key (duf_nr)=(…)``), an
argument that failed to encode, or the query's source (a GraphQLError prints it)."""
_SCHEMA_ONLY_CLASSES = ("08", "23", "25", "40", "42", "53", "54", "55", "57")
"""SQLSTATE classes whose primary message names a condition or the schema (a constraint, a
relation, a column) and never a value: connection, integrity (the values are in DETAIL, which
is left out), transaction state, rollback, syntax and access (the SQL has placeholders),
resources, limits, object state, operator intervention. Class 22 (data) quotes the value."""


def _withheld(error: BaseException) -> bool:
    return hasattr(error, "sqlstate") or any(
        cls.__module__.split(".", 1)[0] in _WITHHELD_MODULES for cls in type(error).__mro__
    )


def _primary_message(error: BaseException, state: str) -> str | None:
    """PostgreSQL's own message (never its DETAIL) where its class holds no values."""
    if not state.startswith(_SCHEMA_ONLY_CLASSES):
        return None
    message = getattr(error, "message", None) or (error.args[0] if error.args else None)
    return message if isinstance(message, str) else None


def safe_error_line(error: BaseException) -> str:
    """``Type: message``; for database and GraphQL errors their type, SQLSTATE (and where its
    class holds no values PostgreSQL's message) and SQL text (placeholders, never values)."""
    kind = type(error)
    name = f"{kind.__module__}.{kind.__qualname__}"
    if not _withheld(error):
        return f"{name}: {error}" if str(error) else name
    parts = [name]
    state = getattr(error, "sqlstate", None)
    if isinstance(state, str):
        parts.append(f"SQLSTATE {state}")
        if isinstance(error, PostgresError) and (message := _primary_message(error, state)):
            parts.append(f"({message})")
            return " ".join(parts)
    statement = getattr(error, "statement", None)
    if isinstance(statement, str):
        parts.append("SQL: " + " ".join(statement.split())[:300])
    parts.append("(message withheld: it may hold personal data)")
    return " ".join(parts)


_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def safe_traceback(error: BaseException) -> str:
    """The traceback of ``error`` and its causes, as Python prints it, with every database
    and GraphQL error's message withheld (:func:`safe_error_line`)."""
    chain: list[tuple[BaseException, str | None]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    link: str | None = None
    while current is not None and id(current) not in seen and len(chain) < 20:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, _CONTEXT
        else:
            current = None
    lines: list[str] = []
    for exception, following in reversed(chain):
        if exception.__traceback__ is not None:
            lines.append("Traceback (most recent call last):\n")
            lines.extend(traceback.format_tb(exception.__traceback__))
        lines.append(safe_error_line(exception) + "\n")
        if following:
            lines.append(following)
    return "".join(lines).rstrip("\n")


def _safe_arg(value: object) -> object:
    return safe_error_line(value) if isinstance(value, BaseException) else value


def install_log_redaction() -> None:
    """Every log record of the process, from any logger, carries exceptions in their safe
    form (the traceback's text is made here, so every formatter uses it)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "bosetting_redacts", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if isinstance(record.msg, BaseException):
            record.msg = safe_error_line(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_safe_arg(arg) for arg in record.args)
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = safe_traceback(record.exc_info[1])
        return record

    factory.bosetting_redacts = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the request's id and principal when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if (request_id := request_id_var.get()) is not None:
            entry["request_id"] = request_id
        if (principal := principal_var.get()) is not None:
            entry["principal_id"] = principal
        entry.update(getattr(record, "fields", {}))
        if record.exc_info and record.exc_info[1] is not None:
            entry["exception"] = safe_traceback(record.exc_info[1])
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str = "INFO") -> None:
    install_log_redaction()
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = name != "uvicorn.access"


# Metrics ---------------------------------------------------------------------------------


class Metrics:
    """The service's metrics, in a registry of its own (one per app).

    With several worker processes (``PROMETHEUS_MULTIPROC_DIR`` set, as ``serve --workers N``
    does), every process writes its values to that folder and a scrape sums them all.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.registry = CollectorRegistry()
        self.multiprocess_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        self.requests = Counter(
            "bosetting_requests",
            "HTTP requests",
            ["path", "operation", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "bosetting_request_seconds",
            "Request latency",
            ["path", "operation"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )
        self.errors = Counter(
            "bosetting_errors", "Answers with status 500 or more", ["path"], registry=self.registry
        )
        self.executions = Counter(
            "bosetting_executions",
            "GraphQL operations by how they ran: compiled (one SQL statement) or standard",
            ["execution"],
            registry=self.registry,
        )
        self.pool = engine.pool
        # Set after each request and at each scrape; across processes the live ones are summed.
        self.checked_out = Gauge(
            "bosetting_db_pool_checked_out",
            "Connections in use",
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self.pool_size = Gauge(
            "bosetting_db_pool_size",
            "Connections held by the pool",
            registry=self.registry,
            multiprocess_mode="livesum",
        )

    def observe_pool(self) -> None:
        checked_out = float(getattr(self.pool, "checkedout", lambda: 0)())
        self.checked_out.set(checked_out)
        self.pool_size.set(checked_out + float(getattr(self.pool, "checkedin", lambda: 0)()))

    def process_exited(self) -> None:
        """Drops this process's live gauges (its counters stay in the sums)."""
        if self.multiprocess_dir:
            multiprocess.mark_process_dead(os.getpid(), self.multiprocess_dir)  # type: ignore[no-untyped-call]

    def scrape_registry(self) -> CollectorRegistry:
        if self.multiprocess_dir:
            return multiprocess_registry(self.multiprocess_dir)
        return self.registry

    async def endpoint(self, request: Request) -> Response:
        self.observe_pool()
        return Response(generate_latest(self.scrape_registry()), media_type=CONTENT_TYPE_LATEST)


def multiprocess_registry(directory: str) -> CollectorRegistry:
    """A registry that sums every worker's files in ``directory`` at each scrape."""
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, directory)  # type: ignore[no-untyped-call]
    return registry


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class MetricsServer:
    """``/metrics`` on a listener of its own (``BOSETTING_METRICS_PORT``), in a thread."""

    def __init__(
        self,
        host: str,
        port: int,
        registry: CollectorRegistry,
        before_scrape: Callable[[], None] | None = None,
    ) -> None:
        exposition = make_wsgi_app(registry)

        def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            if before_scrape is not None:
                before_scrape()
            body: Iterable[bytes] = exposition(environ, start_response)
            return body

        self._server = make_server(
            host, port, app, server_class=_ThreadingServer, handler_class=_QuietHandler
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, name=f"metrics-{port}", daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class RequestLog:
    """Times each HTTP request, logs it, and counts it."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics, labels: Labels) -> None:
        self.app = app
        self.metrics = metrics
        self.labels = labels

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == "/metrics":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            seconds = time.perf_counter() - started
            state = scope.get("state", {})
            operation = self.labels.operation(state.get("operation"))
            principal = state.get("principal")
            path = self.labels.path(scope["path"])
            self.metrics.requests.labels(path, operation, str(status)).inc()
            self.metrics.latency.labels(path, operation).observe(seconds)
            if status >= 500:
                self.metrics.errors.labels(path).inc()
            execution = state.get("execution")
            if execution in ("compiled", "standard"):
                self.metrics.executions.labels(execution).inc()
            self.metrics.observe_pool()
            access_log.info(
                "request",
                extra={
                    "fields": {
                        "request_id": state.get("request_id"),
                        "correlation_id": state.get("correlation_id"),
                        "principal_id": getattr(principal, "bruker_id", None),
                        "method": self.labels.method(scope["method"]),
                        "path": path,
                        "operation": operation,
                        "execution": execution,
                        "status": status,
                        "duration_ms": round(seconds * 1000, 1),
                    }
                },
            )
