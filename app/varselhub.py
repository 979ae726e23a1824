"""Varsler pushed to subscriptions, and changes of users announced to their websocket sessions:
one LISTEN connection per API process.

Every process listens on the channel the workflows NOTIFY when they write varsler, so a
varsel raised through any process reaches a subscription held by any other; and on
``bruker_endret``, which triggers on ``bruker`` and ``bruker_rolle`` NOTIFY with the user's id
(migration 0004), so that a session ends within seconds of a deactivation or a role change.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from resolvers.workflows.effekter import VARSEL_KANAL
from resolvers.workflows.partnerfeed import KANAL as PARTNER_KANAL

logger = logging.getLogger("bosetting.varsler")
QUEUE_SIZE = 100
BRUKER_KANAL = "bruker_endret"
CONNECT_TIMEOUT_SECONDS = 10.0
"""The LISTEN connection's connect; a subscription's setup waits no longer for it."""
RECENT_SECONDS = 60.0
"""How long a user's change is remembered for a session that registers after reading it."""


class VarselHub:
    def __init__(self, database_url: str) -> None:
        url = make_url(database_url).set(drivername="postgresql")
        self._dsn = url.render_as_string(hide_password=False)
        self._subscribers: dict[int, set[asyncio.Queue[int]]] = defaultdict(set)
        self._watchers: dict[int, set[asyncio.Event]] = defaultdict(set)
        self._feed_watchers: set[asyncio.Event] = set()
        self._changed_at: dict[int, float] = {}
        self._on_change: list[Callable[[int | None], None]] = []
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

    async def listen(self) -> None:
        """Be listening (a session does this before it reads its user, so that no change
        made after that read goes unannounced)."""
        await self._ensure_listening()

    async def _listen(self) -> None:
        connection = await asyncpg.connect(self._dsn, timeout=CONNECT_TIMEOUT_SECONDS)
        try:
            connection.add_termination_listener(self._lost)
            await connection.add_listener(VARSEL_KANAL, self._notified)
            await connection.add_listener(BRUKER_KANAL, self._bruker_endret)
            await connection.add_listener(PARTNER_KANAL, self._partnerhendelse)
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

    def _partnerhendelse(self, connection: Any, pid: int, channel: str, payload: object) -> None:
        for event in self._feed_watchers:
            event.set()

    def _bruker_endret(self, connection: Any, pid: int, channel: str, payload: object) -> None:
        try:
            bruker_id = int(str(payload))
        except ValueError:
            logger.warning("bruker_endret notification with a payload that is not an id")
            return
        self.user_changed(bruker_id)

    def user_changed(self, bruker_id: int) -> None:
        """Tell everything in this process that watches ``bruker_id`` that it changed: on a
        NOTIFY from any process, and at once from this one after it changed a user (so its
        own next request cannot beat the NOTIFY)."""
        now = asyncio.get_running_loop().time()
        for callback in self._on_change:
            callback(bruker_id)
        self._changed_at[bruker_id] = now
        if len(self._changed_at) > 10_000:
            self._changed_at = {
                b: t for b, t in self._changed_at.items() if now - t < RECENT_SECONDS
            }
        for event in self._watchers.get(bruker_id, ()):
            event.set()

    def _listened_for(self) -> bool:
        return (
            bool(self._on_change)
            or any(self._subscribers.values())
            or any(self._watchers.values())
            or bool(self._feed_watchers)
        )

    def on_user_change(self, callback: Callable[[int | None], None]) -> None:
        """Call ``callback`` with a user's id whenever that user changes, and with None when
        the LISTEN connection is lost (changes may then go unannounced until it is back)."""
        self._on_change.append(callback)

    def listen_in_background(self) -> None:
        """Start listening unless listening or connecting already; a failure is logged, and
        the next call tries again."""
        if self.listening or (self._connecting is not None and not self._connecting.done()):
            return
        self._connecting = asyncio.get_running_loop().create_task(self._listen())
        self._connecting.add_done_callback(_log_failure)

    @property
    def listening(self) -> bool:
        """True while changes are announced to this process."""
        return self._connection is not None and not self._connection.is_closed()

    def _lost(self, connection: Any) -> None:
        self._connection = None
        for callback in self._on_change:
            callback(None)
        if not self._closed and self._listened_for():
            logger.warning("lost the LISTEN connection; listening again")
            asyncio.get_running_loop().create_task(self._relisten())

    async def _relisten(self) -> None:
        """Listen again, after a pause (a lost connection is most often a server restarting)
        that doubles with each failure."""
        delay = 0.5
        while not self._closed and self._listened_for():
            await asyncio.sleep(delay)
            try:
                await self._ensure_listening()
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError):
                delay = min(delay * 2, 10)
                continue
            # Changes made while nobody listened went unannounced: every session checks, and
            # nothing read before now is remembered as if it had been announced.
            for events in (*self._watchers.values(), self._feed_watchers):
                for event in events:
                    event.set()
            for callback in self._on_change:
                callback(None)
            return

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

    @contextlib.asynccontextmanager
    async def watch_bruker(self, bruker_id: int, since: float) -> AsyncIterator[asyncio.Event]:
        """An event set whenever ``bruker_id`` changes (its row or its roles) from now on; set
        at once when it changed after ``since`` (the event loop's clock), i.e. after the
        caller read it. Call :meth:`listen` before that read."""
        await self._ensure_listening()
        event = asyncio.Event()
        if self._changed_at.get(bruker_id, float("-inf")) >= since:
            event.set()
        self._watchers[bruker_id].add(event)
        try:
            yield event
        finally:
            self._watchers[bruker_id].discard(event)
            if not self._watchers[bruker_id]:
                del self._watchers[bruker_id]

    @contextlib.asynccontextmanager
    async def watch_partnerfeed(self) -> AsyncIterator[asyncio.Event]:
        """An event set whenever the partners' feed grows (in any process) from now on, and
        when listening resumes after a lost connection."""
        await self._ensure_listening()
        event = asyncio.Event()
        self._feed_watchers.add(event)
        try:
            yield event
        finally:
            self._feed_watchers.discard(event)

    async def close(self) -> None:
        self._closed = True
        if self._connecting is not None and not self._connecting.done():
            with contextlib.suppress(Exception):
                await self._connecting
        if self._connection is not None and not self._connection.is_closed():
            await self._connection.close()
        self._connection = None


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.warning("could not LISTEN: %s", type(task.exception()).__name__)
