"""What the workflow tests (tests/*/test_workflow.py) share: the callers, the day and time they
act on, and the checks of a refusal.

The principal fixtures are registered in tests/conftest.py; a test module that needs a caller of
its own defines it beside its tests.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.principal import Principal
from models import Varsel
from models.enums import OrganisasjonType, Rolle
from resolvers.workflows.rules import ErrorCode, Regelbrudd
from resolvers.workflows.tx import Tx
from tests.factories import make_principal

K = "1103"
"""Stavanger: no seeded users, so the users a test makes are the only kommune users varslet."""
ANNEN = "3201"
"""Another kommune."""
TODAY = date(2026, 3, 16)
NOW = datetime(2026, 3, 16, 9, 30, tzinfo=UTC)
"""The time the steps stamp (passed in, as ``today`` is)."""

Step = Callable[[Tx, int], Awaitable[object]]
"""A step on one object, given its id."""


def tx(connection: AsyncConnection, principal: Principal, *, today: date = TODAY) -> Tx:
    """The transaction a step is given: ``principal`` takes it at ``NOW``."""
    return Tx(connection, principal, NOW, today)


@pytest.fixture
async def imdi(connection: AsyncConnection) -> Principal:
    return await make_principal(connection, OrganisasjonType.IMDI, Rolle.IMDI_SAKSBEHANDLER)


@pytest.fixture
async def bufetat(connection: AsyncConnection) -> Principal:
    return await make_principal(connection, OrganisasjonType.BUFETAT, Rolle.BUFETAT_SAKSBEHANDLER)


@pytest.fixture
async def bosetter(connection: AsyncConnection) -> Principal:
    """Writes fordelinger and innmeldinger in K; no anmodning role."""
    return await make_principal(
        connection, OrganisasjonType.KOMMUNE, Rolle.KOMMUNE_BOSETTER_SKRIV, kommunenummer=K
    )


@pytest.fixture
async def bosetter_les(connection: AsyncConnection) -> Principal:
    """Reads fordelinger and innmeldinger in K, and is varslet of them."""
    return await make_principal(
        connection, OrganisasjonType.KOMMUNE, Rolle.KOMMUNE_BOSETTER_LES, kommunenummer=K
    )


@pytest.fixture
async def anmoder(connection: AsyncConnection) -> Principal:
    """Answers anmodninger in K; no fordeling role."""
    return await make_principal(
        connection, OrganisasjonType.KOMMUNE, Rolle.KOMMUNE_ANMODER_SKRIV, kommunenummer=K
    )


@pytest.fixture
async def anmoder_les(connection: AsyncConnection) -> Principal:
    """Reads anmodninger in K, and is varslet of them."""
    return await make_principal(
        connection, OrganisasjonType.KOMMUNE, Rolle.KOMMUNE_ANMODER_LES, kommunenummer=K
    )


async def refusal(call: Awaitable[object]) -> Regelbrudd:
    """The rule ``call`` breaks (the test fails if it breaks none)."""
    with pytest.raises(Regelbrudd) as raised:
        await call
    return raised.value


def same(first: Regelbrudd, second: Regelbrudd) -> bool:
    """Refused alike: the same field, message and code."""
    return (first.field, first.message, first.code) == (second.field, second.message, second.code)


async def missing_id(connection: AsyncConnection, model: Any) -> int:
    """An id no row of ``model`` has."""
    found = await connection.scalar(select(func.coalesce(func.max(model.id), 0)))
    return int(found or 0) + 1000


async def answers_not_found(
    connection: AsyncConnection, principal: Principal, call: Step, other: int, model: Any
) -> None:
    """``other`` (not the caller's) is refused exactly like an id no row of ``model`` has."""
    missing = await missing_id(connection, model)
    theirs = await refusal(call(tx(connection, principal), other))
    nobodys = await refusal(call(tx(connection, principal), missing))
    assert theirs.code == ErrorCode.NOT_FOUND
    assert same(theirs, nobodys)


async def varsler(
    connection: AsyncConnection, objekt_type: str, objekt_id: int
) -> list[tuple[int, str]]:
    """(user, tittel) of the varsler about one object, in the order written."""
    rows = await connection.execute(
        select(Varsel.bruker_id, Varsel.tittel)
        .where(Varsel.objekt_type == objekt_type, Varsel.objekt_id == objekt_id)
        .order_by(Varsel.id)
    )
    return [(row.bruker_id, row.tittel) for row in rows]
