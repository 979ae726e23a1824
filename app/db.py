"""The engine, and the one place that decides which PostgreSQL the service talks to."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from app.embedded import start_embedded_postgres
from app.settings import Settings


def resolve_database_url(settings: Settings) -> str:
    """``DATABASE_URL`` when given; otherwise the embedded server under the data folder."""
    if settings.database_url:
        return settings.database_url
    return start_embedded_postgres(settings.postgres_dir)


def make_engine(
    url: str, *, pool_size: int = 10, statement_timeout_ms: int | None = None
) -> AsyncEngine:
    """``statement_timeout_ms``: PostgreSQL cancels any statement that runs longer. An error's
    text never carries the statement's parameters (``hide_parameters``): they may be a
    searched name or a personnummer, and errors are logged."""
    # No JIT: its compilation costs more than the statements it would speed up (the oversikt of
    # all kommuner spent over 1 s compiling on PostgreSQL 15 with LLVM, for a 0.2 s query).
    server_settings = {"application_name": "bosetting", "jit": "off"}
    if statement_timeout_ms:
        server_settings["statement_timeout"] = str(statement_timeout_ms)
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        hide_parameters=True,
        connect_args={"server_settings": server_settings},
    )
