"""What every workflow step is given: its transaction, its caller and the time it is taken."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.principal import Principal


@dataclass(frozen=True)
class Tx:
    """One step's transaction. The time comes from outside (the request; a test's fixed
    clock), so a step stamps what it writes with one ``now`` and judges dates by one
    ``today``."""

    connection: AsyncConnection
    principal: Principal
    now: datetime
    today: date

    async def insert(self, model: Any, **values: Any) -> int:
        """Insert one row of ``model``; its id."""
        statement = insert(model).values(**values).returning(model.id)
        return int((await self.connection.execute(statement)).scalar_one())
