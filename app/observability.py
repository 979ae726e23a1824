"""Operations: one structured log line per request, and Prometheus metrics.

Logs carry the request id, the principal's id and the operation name; never the query, its
variables or anything else a person could be found by.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import time
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
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
_OPERATION = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")

access_log = logging.getLogger("bosetting.access")


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
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = name != "uvicorn.access"


class Metrics:
    """The service's metrics, in a registry of its own (one per app).

    With several worker processes (``PROMETHEUS_MULTIPROC_DIR`` set, as ``serve --workers N``
    does), every process writes its values to that folder and ``/metrics``, whichever process
    answers it, sums them all.
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

    async def endpoint(self, request: Request) -> Response:
        self.observe_pool()
        if self.multiprocess_dir:
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry, self.multiprocess_dir)  # type: ignore[no-untyped-call]
        else:
            registry = self.registry
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


class RequestLog:
    """Times each HTTP request, logs it, and counts it."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

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
            operation = state.get("operation") or "-"
            if not _OPERATION.match(operation):
                operation = "-"
            principal = state.get("principal")
            path = (
                scope["path"] if scope["path"] in ("/graphql", "/healthz", "/readyz") else "other"
            )
            self.metrics.requests.labels(path, operation, str(status)).inc()
            self.metrics.latency.labels(path, operation).observe(seconds)
            if status >= 500:
                self.metrics.errors.labels(path).inc()
            self.metrics.observe_pool()
            access_log.info(
                "request",
                extra={
                    "fields": {
                        "request_id": state.get("request_id"),
                        "principal_id": getattr(principal, "bruker_id", None),
                        "method": scope["method"],
                        "path": scope["path"],
                        "operation": operation,
                        "status": status,
                        "duration_ms": round(seconds * 1000, 1),
                    }
                },
            )
