"""One database connection per request for reads, shared by that request's loaders in turn."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Executable, Row
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


class RequestDatabase:
    """Reads for one request. Loaders run concurrently; their statements take turns here.

    Writes do not come here: each mutation runs in a transaction of its own.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._connection: AsyncConnection | None = None
        self._lock = asyncio.Lock()

    async def all(
        self, statement: Executable, parameters: dict[str, Any] | None = None
    ) -> Sequence[Row[Any]]:
        async with self._lock:
            if self._connection is None:
                self._connection = await self.engine.connect()
            result = await self._connection.execute(statement, parameters or {})
            return result.all()

    async def close(self) -> None:
        async with self._lock:
            if self._connection is not None:
                connection, self._connection = self._connection, None
                await connection.close()
