"""The dispatcher: drains the outbox (``utboks``) through PgQueuer, a job queue in PostgreSQL.

Each letter is one job (entrypoint ``brev``, payload its id), enqueued in the transaction that
writes the letter (:func:`utsending.ko.meld`), so a letter and its job commit together.
PgQueuer takes a job with ``FOR UPDATE SKIP LOCKED``: any number of dispatchers (``serve``
runs one in each API process, ``bosetting worker`` one alone) never take the same letter at
once. A job whose
dispatcher stops sending heartbeats (it crashed) is taken again after the heartbeat timeout:
delivery is at least once, and each channel's delivery is recorded (``utboks_levering``) so a
channel that can tell (the file channel) delivers a retried letter once, and one that cannot
(e-mail) sends again flagged as possibly repeated. A failure is retried with exponential
backoff; after the last attempt the letter is dead-lettered (``utboks.feilet``), which IMDi
sees, and the job is held (``failed``) for a manual requeue.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import asyncpg
from pgqueuer.adapters.drivers.asyncpg import AsyncpgDriver
from pgqueuer.adapters.persistence.queries import Queries
from pgqueuer.core.executors import DatabaseRetryEntrypointExecutor, EntrypointExecutorParameters
from pgqueuer.core.qm import QueueManager
from pgqueuer.domain.models import Job
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncEngine

from app.settings import Settings
from models import Utboks, UtboksLevering
from utsending import brev
from utsending.kanaler import Filkanal, Kanal, Smtpkanal
from utsending.ko import ENTRYPOINT, meld

logger = logging.getLogger("bosetting.utsending")


async def meld_ventende(engine: AsyncEngine) -> int:
    """Enqueue every letter neither sent nor dead-lettered that has no job waiting (letters
    written before the dispatcher existed, or by the demo data's loader); how many."""
    async with engine.begin() as connection:
        ids = (
            await connection.scalars(
                select(Utboks.id)
                .where(Utboks.sendt.is_(None), Utboks.feilet.is_(None))
                .order_by(Utboks.id)
            )
        ).all()
        return await meld(connection, ids)


async def lever(engine: AsyncEngine, kanaler: Sequence[Kanal], utboks_id: int) -> bool:
    """Deliver one letter through every channel it goes by; True when it is sent (now or
    before). Each channel's attempt is committed before it delivers, and the deliveries and
    the letter's ``sendt`` together after all of them."""
    async with engine.connect() as connection:
        loaded = await brev.last(connection, utboks_id)
    if loaded is None:
        return False
    row, letter = loaded
    if row.sendt is not None or row.feilet is not None:
        return row.sendt is not None
    pdf: bytes | None = None
    levert: list[tuple[str, str, bool]] = []
    for kanal in kanaler:
        if not kanal.gjelder(letter):
            continue
        async with engine.begin() as connection:
            forsok = await connection.execute(
                pg_insert(UtboksLevering)
                .values(utboks_id=utboks_id, kanal=kanal.navn, forsok=1, forste_forsok=func.now())
                .on_conflict_do_update(
                    index_elements=[UtboksLevering.utboks_id, UtboksLevering.kanal],
                    set_={"forsok": UtboksLevering.forsok + 1},
                )
                .returning(UtboksLevering.forsok, UtboksLevering.levert)
            )
            tidligere, allerede = forsok.one()
        if allerede is not None:
            continue  # recorded as delivered by an earlier attempt
        gjentatt = tidligere > 1 and not kanal.kan_se_levering
        kvittering = await kanal.levert(letter) if tidligere > 1 else None
        if kvittering is None:
            if pdf is None:
                pdf = await asyncio.to_thread(brev.pdf, letter)
            kvittering = await kanal.lever(letter, pdf, gjentatt=gjentatt)
        levert.append((kanal.navn, kvittering, gjentatt))
    async with engine.begin() as connection:
        for navn, kvittering, gjentatt in levert:
            await connection.execute(
                update(UtboksLevering)
                .where(UtboksLevering.utboks_id == utboks_id, UtboksLevering.kanal == navn)
                .values(levert=func.now(), kvittering=kvittering, gjentatt=gjentatt)
            )
        await connection.execute(
            update(Utboks)
            .where(Utboks.id == utboks_id, Utboks.sendt.is_(None))
            .values(sendt=func.now(), forsok=Utboks.forsok + 1, siste_feil=None)
        )
    return True


async def feilet(engine: AsyncEngine, utboks_id: int, error: BaseException, *, siste: bool) -> None:
    """Record a failed attempt (the error's kind and message, never the letter's content);
    ``siste``: the last one, the letter is dead-lettered."""
    beskrivelse = f"{type(error).__name__}: {error}"[:300]
    async with engine.begin() as connection:
        await connection.execute(
            update(Utboks)
            .where(Utboks.id == utboks_id, Utboks.sendt.is_(None))
            .values(
                forsok=Utboks.forsok + 1,
                siste_feil=beskrivelse,
                feilet=func.now() if siste else None,
            )
        )


class Dispatcher:
    """One dispatcher: its own connection for PgQueuer (it listens), the engine for the
    letters, and the channels."""

    def __init__(
        self,
        engine: AsyncEngine,
        database_url: str,
        kanaler: Sequence[Kanal],
        *,
        forsok: int = 8,
        heartbeat: timedelta = timedelta(seconds=30),
        forste_pause: timedelta = timedelta(seconds=5),
        lengste_pause: timedelta = timedelta(hours=1),
    ) -> None:
        self.engine = engine
        self.url = database_url.replace("postgresql+asyncpg://", "postgresql://", 1)
        self.kanaler = tuple(kanaler)
        self.forsok = forsok
        self.heartbeat = heartbeat
        self.forste_pause = forste_pause
        self.lengste_pause = lengste_pause
        self._qm: QueueManager | None = None
        self._stopped = asyncio.Event()

    async def run(self) -> None:
        """Until :meth:`stop`: the letters left waiting first, then each job as it comes. A
        lost or refused database connection is tried again, after a pause that doubles up to
        a minute (the API keeps serving meanwhile; the letters wait in the outbox)."""
        pause = 1.0
        while not self._stopped.is_set():
            try:
                await self._run()
                pause = 1.0
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                logger.warning(
                    "the dispatcher lost the database (%s); trying again in %.0f s",
                    type(error).__name__,
                    pause,
                )
            if self._stopped.is_set():
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), pause)
            pause = min(pause * 2, 60.0)

    async def _run(self) -> None:
        connection: Any = await asyncpg.connect(self.url, timeout=10)
        try:
            qm = QueueManager(Queries(AsyncpgDriver(connection)))
            self._qm = qm
            siste_forsok = self.forsok - 1

            def executor(
                parameters: EntrypointExecutorParameters,
            ) -> DatabaseRetryEntrypointExecutor:
                return DatabaseRetryEntrypointExecutor(
                    parameters,
                    max_attempts=siste_forsok,
                    initial_delay=self.forste_pause,
                    max_delay=self.lengste_pause,
                )

            @qm.entrypoint(ENTRYPOINT, on_failure="hold", executor_factory=executor)
            async def send(job: Job) -> None:
                utboks_id = int((job.payload or b"0").decode())
                try:
                    await lever(self.engine, self.kanaler, utboks_id)
                except Exception as error:
                    siste = job.attempts >= siste_forsok
                    await feilet(self.engine, utboks_id, error, siste=siste)
                    logger.warning(
                        "letter %s: attempt %s failed (%s)%s",
                        utboks_id,
                        job.attempts + 1,
                        type(error).__name__,
                        ", dead-lettered" if siste else "",
                    )
                    raise

            if self._stopped.is_set():
                return
            waiting = await meld_ventende(self.engine)
            if waiting:
                logger.info("enqueued %s letters left waiting", waiting)
            await qm.run(heartbeat_timeout=self.heartbeat, dequeue_timeout=timedelta(seconds=5))
        finally:
            self._qm = None
            await connection.close()

    def stop(self) -> None:
        self._stopped.set()
        if self._qm is not None:
            self._qm.shutdown.set()


def fra_innstillinger(engine: AsyncEngine, database_url: str, settings: Settings) -> Dispatcher:
    """The dispatcher the settings describe: the file channel always, e-mail with
    ``BOSETTING_SMTP_URL``."""
    kanaler: list[Kanal] = [Filkanal(settings.brev_mappe)]
    if settings.smtp_url is not None:
        kanaler.append(Smtpkanal(settings.smtp_url, settings.smtp_avsender))
    return Dispatcher(
        engine,
        database_url,
        kanaler,
        forsok=settings.utsending_forsok,
        heartbeat=timedelta(seconds=settings.utsending_heartbeat_sekunder),
    )


STOP_SECONDS = 10.0


async def stopped(task: asyncio.Task[None]) -> None:
    """Wait for a stopped dispatcher's task to end (a letter being sent finishes first); one
    that does not end in :data:`STOP_SECONDS` is cancelled (its letter is taken again
    elsewhere)."""
    try:
        await asyncio.wait_for(asyncio.shield(task), STOP_SECONDS)
    except TimeoutError:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    except Exception:  # its failure was logged where it happened
        logger.exception("the dispatcher ended with an error")
