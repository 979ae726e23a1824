"""Varsler pushed to subscriptions: one LISTEN connection per API process.

Every process listens on the channel the workflows NOTIFY when they write varsler, so a
varsel raised through any process reaches a subscription held by any other.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from resolvers.workflows.effekter import VARSEL_KANAL

logger = logging.getLogger("bosetting.varsler")
QUEUE_SIZE = 100


class VarselHub:
    def __init__(self, database_url: str) -> None:
        url = make_url(database_url).set(drivername="postgresql")
        self._dsn = url.render_as_string(hide_password=False)
        self._subscribers: dict[int, set[asyncio.Queue[int]]] = defaultdict(set)
        self._connection: Any = None
        self._connecting: asyncio.Task[None] | None = None
        self._closed = False

    async def _ensure_listening(self) -> None:
        """Listen, once. The connection is opened in a task of its own that subscribers only
        wait for: a subscriber cancelled meanwhile (its websocket closed) cannot leave a
        half-opened connection behind."""
        if self._connection is not None and not self._connection.is_closed():
            return
        if self._connecting is None or self._connecting.done():
            self._connecting = asyncio.get_running_loop().create_task(self._listen())
        await asyncio.shield(self._connecting)

    async def _listen(self) -> None:
        connection = await asyncpg.connect(self._dsn)
        try:
            connection.add_termination_listener(self._lost)
            await connection.add_listener(VARSEL_KANAL, self._notified)
        except BaseException:
            await connection.close()
            raise
        if self._closed:
            await connection.close()
            return
        self._connection = connection

    def _notified(self, connection: Any, pid: int, channel: str, payload: object) -> None:
        try:
            pairs = json.loads(str(payload))
        except ValueError:
            logger.warning("varsel notification with a payload that is not JSON")
            return
        for varsel_id, bruker_id in pairs:
            for queue in self._subscribers.get(int(bruker_id), ()):
                if queue.full():
                    logger.warning("a varsel subscription is not keeping up; dropping the oldest")
                    queue.get_nowait()
                queue.put_nowait(int(varsel_id))

    def _lost(self, connection: Any) -> None:
        self._connection = None
        if not self._closed and any(self._subscribers.values()):
            logger.warning("lost the LISTEN connection; listening again")
            asyncio.get_running_loop().create_task(self._relisten())

    async def _relisten(self) -> None:
        delay = 0.5
        while not self._closed and any(self._subscribers.values()):
            try:
                await self._ensure_listening()
                return
            except (OSError, asyncpg.PostgresError):
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10)

    @contextlib.asynccontextmanager
    async def subscribe(self, bruker_id: int) -> AsyncIterator[asyncio.Queue[int]]:
        """A queue of the ids of varsler written for ``bruker_id`` from now on."""
        await self._ensure_listening()
        queue: asyncio.Queue[int] = asyncio.Queue(maxsize=QUEUE_SIZE)
        self._subscribers[bruker_id].add(queue)
        try:
            yield queue
        finally:
            self._subscribers[bruker_id].discard(queue)
            if not self._subscribers[bruker_id]:
                del self._subscribers[bruker_id]

    async def close(self) -> None:
        self._closed = True
        if self._connecting is not None and not self._connecting.done():
            with contextlib.suppress(Exception):
                await self._connecting
        if self._connection is not None and not self._connection.is_closed():
            await self._connection.close()
        self._connection = None
