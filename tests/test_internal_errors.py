"""An unexpected exception reaches the caller as "Internal server error" and a request id,
never as its own text; the original is logged."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from app.observability import install_log_redaction
from authz.principal import load_principal
from schema import schema
from tests.support import in_process_context


async def _ask_person(principal: Any, engine: AsyncEngine) -> Any:
    context = in_process_context(engine, principal, "req-12345678")
    try:
        return await schema.execute(
            '{ person(dufNr: "201803452201") { navn } }', context_value=context
        )
    finally:
        await engine.dispose()


async def test_an_unexpected_fault_is_masked_and_logged(
    engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    install_log_redaction()  # as the service does
    async with engine.connect() as connection:
        principal = await load_principal(connection, "demo-imdi-saksbehandler")
    # A real fault: the database answers, but holds none of our tables.
    unmigrated = create_async_engine(engine.url.set(database="postgres"))
    result = await _ask_person(principal, unmigrated)
    assert result.data == {"person": None}
    assert result.errors is not None
    [error] = result.errors
    assert error.message == "Internal server error (request id req-12345678)"
    assert error.extensions == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-12345678"}
    assert "does not exist" not in str(error.formatted)
    assert "person" not in error.message
    # Logged with its trace and PostgreSQL's message; never the query's text or its values.
    assert 'relation "person" does not exist' in caplog.text
    assert "201803452201" not in caplog.text


async def test_an_unreachable_database_is_unavailable_and_says_nothing_more(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as connection:
        principal = await load_principal(connection, "demo-imdi-saksbehandler")
    unreachable = create_async_engine("postgresql+asyncpg://nobody:secret-password@127.0.0.1:1/x")
    result = await _ask_person(principal, unreachable)
    assert result.errors is not None
    [error] = result.errors
    assert error.message == "the database is unavailable; try again shortly"
    assert error.extensions == {"code": "SERVICE_UNAVAILABLE", "requestId": "req-12345678"}
    assert "secret-password" not in str(error.formatted)
    assert "Connect call failed" not in str(error.formatted)
