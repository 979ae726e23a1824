"""The ASGI application: ``/graphql`` (HTTP and graphql-transport-ws), health, GraphiQL files."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
import os
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute

from app.bodylimit import BodySizeLimit
from app.db import make_engine, resolve_database_url
from app.graphiql import static_file
from app.loginlimit import FailedLoginLimit
from app.migrate import current_revision, head_revision
from app.observability import (
    Labels,
    Metrics,
    MetricsServer,
    RequestLog,
    configure_logging,
    install_log_redaction,
)
from app.principals import PrincipalCache
from app.requestid import RequestIds
from app.security import SecurityHeaders
from app.settings import Settings
from app.tracing import TraceRequests, start_tracing, trace_sql
from app.utskrift import brev_endpoint, utskrift_endpoint
from app.varselhub import VarselHub
from app.vedtaksdokument import vedtaksdokument_endpoint
from app.view import BosettingGraphQL
from authz.devkeys import ensure_dev_key
from authz.maskinklient import load_caller
from authz.principal import Principal
from authz.rate_limit import RateLimiter
from authz.tokens import TokenVerifier, bearer_token
from schema import schema
from utsending.dispatcher import fra_innstillinger, stopped
from utskrift.dokumenter import UTSKRIFTER

logger = logging.getLogger("bosetting")


def make_verifier(settings: Settings) -> TokenVerifier:
    """The configured JWKS; in development without one, the local development key."""
    jwks = settings.jwks
    if jwks is None:
        jwks = str(ensure_dev_key(settings.dev_key_dir))
    return TokenVerifier(
        jwks,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        leeway_seconds=settings.jwt_leeway_seconds,
        max_lifetime_seconds=settings.max_token_hours * 3600,
        max_client_lifetime_seconds=settings.max_client_token_minutes * 60,
    )


GC_THRESHOLD = (20_000, 10, 10)


def tune_garbage_collection() -> None:
    """Once the app is built: keep what exists now (schema, models, modules) out of every
    later collection, and collect the young generation less often. A large answer makes some
    hundred thousand short-lived objects; with the defaults the collector ran a full pass
    every few requests over a million long-lived ones, which showed as the slowest requests."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


def create_app(settings: Settings | None = None, *, database_url: str | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    install_log_redaction()
    if os.environ.get("BOSETTING_LOG_JSON") == "1":
        configure_logging()  # in each uvicorn worker process too
    url = database_url or resolve_database_url(settings)
    engine = make_engine(
        url, pool_size=settings.db_pool_size, statement_timeout_ms=settings.statement_timeout_ms
    )
    varselhub = VarselHub(url)
    tracing = start_tracing(settings.otlp_traces_endpoint, settings.otel_service_name)
    if tracing is not None:
        trace_sql(engine, tracing.tracer)
    verifier = make_verifier(settings)
    head = head_revision()
    limiter = RateLimiter(
        engine,
        sync_ms=settings.rate_limit_sync_ms,
        sync_requests=settings.rate_limit_sync_requests,
    )
    labels = Labels(
        {u.operasjon for u in UTSKRIFTER.values()} | settings.metrics_operations, UTSKRIFTER
    )

    principals = PrincipalCache(varselhub)

    async def log_in(authorization: str | None, *, remembered: bool) -> Principal:
        """The caller of ``authorization``: remembered per token when ``remembered`` (HTTP
        requests), else read anew (each operation of a websocket session)."""
        token = bearer_token(authorization, settings.max_token_bytes)
        principal = principals.get(token) if remembered else None
        if principal is None:
            generation = principals.generation
            claims = verifier.verify(token)
            async with engine.connect() as connection:
                # One statement, no BEGIN and ROLLBACK around it: a read of one row.
                reader = await connection.execution_options(isolation_level="AUTOCOMMIT")
                principal = await load_caller(reader, claims)
            principals.put(token, principal, float(claims["exp"]), generation)
        await limiter.admit(
            f"bruker:{principal.bruker_id}",
            settings.rate_limit_per_minute,
            "BOSETTING_RATE_LIMIT_PER_MINUTE",
        )
        return principal

    authenticate = functools.partial(log_in, remembered=True)
    reauthenticate = functools.partial(log_in, remembered=False)

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        try:
            async with asyncio.timeout(2):
                revision = await current_revision(engine)
        except Exception as error:  # any failure to reach the database means not ready
            logger.warning("readyz: database unreachable: %s", type(error).__name__)
            return JSONResponse(
                {"status": "unavailable", "database": "unreachable"}, status_code=503
            )
        if revision != head:
            return JSONResponse(
                {"status": "unavailable", "database": f"at revision {revision}, needs {head}"},
                status_code=503,
            )
        return JSONResponse({"status": "ok", "database": "ok", "revision": revision})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if os.environ.get("BOSETTING_TUNE_GC") == "1":  # set by `bosetting serve`
            tune_garbage_collection()
        limiter.start()
        varselhub.listen_in_background()  # remembered logins need the announcements
        utsending = None
        if settings.utsending == "inprocess":
            # The outbox is delivered beside the API (each process's dispatcher takes its own
            # letters: PgQueuer's SKIP LOCKED); `bosetting worker` runs one alone.
            dispatcher = fra_innstillinger(engine, url, settings)
            utsending = (dispatcher, asyncio.create_task(dispatcher.run(), name="utsending"))
        metrics_server = None
        if settings.metrics_port and not metrics.multiprocess_dir:
            # One process alone serves its own metrics; with several workers `serve`'s
            # supervisor serves their sum (app.cli).
            metrics_server = MetricsServer(
                settings.host, settings.metrics_port, metrics.registry, metrics.observe_pool
            )
        try:
            yield
        finally:
            if metrics_server is not None:
                metrics_server.close()
            if utsending is not None:
                utsending[0].stop()
                await stopped(utsending[1])
            await limiter.stop()
            await varselhub.close()
            await engine.dispose()
            metrics.process_exited()
            if tracing is not None:
                tracing.shutdown()

    metrics = Metrics(engine)
    graphql = BosettingGraphQL(
        schema,
        engine=engine,
        authenticate=authenticate,
        reauthenticate=reauthenticate,
        varselhub=varselhub,
        request_timeout=settings.request_timeout_seconds,
        max_subscriptions=settings.max_subscriptions,
    )
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            # Production: /metrics only on BOSETTING_METRICS_PORT, never on the API's listener.
            *([] if settings.is_production else [Route("/metrics", metrics.endpoint)]),
            Route("/utskrift/brev/{brev}", brev_endpoint(engine, authenticate), methods=["GET"]),
            Route(
                "/utskrift/{dokument}/{duf_nr}",
                utskrift_endpoint(engine, authenticate),
                methods=["GET"],
            ),
            Route(
                "/vedtaksdokument/{anmodning_id}",
                vedtaksdokument_endpoint(engine, authenticate),
                methods=["GET", "PUT"],
            ),
            Route("/graphiql/static/{name}", static_file(settings.vendor_dir)),  # type: ignore[arg-type]
            Route("/favicon.ico", static_file(settings.vendor_dir)),  # type: ignore[arg-type]
        ],
        lifespan=lifespan,
        middleware=[
            Middleware(RequestIds),
            *([Middleware(TraceRequests, tracer=tracing.tracer, labels=labels)] if tracing else []),
            Middleware(RequestLog, metrics=metrics, labels=labels),
            Middleware(SecurityHeaders, hsts=settings.is_production),
            Middleware(
                BodySizeLimit,
                max_bytes=settings.max_body_bytes,
                larger={
                    "/vedtaksdokument/": (
                        settings.max_dokument_bytes,
                        "BOSETTING_MAX_DOKUMENT_BYTES",
                    )
                },
            ),
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST", "PUT"],
                allow_headers=["Authorization", "Content-Type", "X-Request-Id"],
                expose_headers=["X-Request-Id", "X-Correlation-Id"],
                max_age=600,
            ),
            Middleware(
                FailedLoginLimit, limiter=limiter, per_minute=settings.failed_logins_per_minute
            ),
        ],
    )
    app.state.engine = engine
    app.state.varselhub = varselhub
    app.state.settings = settings
    return app
