"""What the outbox's tests share: a local SMTP server, letters written as the workflows write
them, and waiting for the dispatcher."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from models import Kommune
from models.enums import Brevkanal, Brevmal
from resolvers.workflows.effekter import NyttBrev, brev
from tests.support import free_port

KOMMUNE = "0301"
EPOST = "flyktning@oslo.kommune.no"


@dataclass
class Postkasse:
    """What the SMTP server received."""

    meldinger: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.meldinger.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server() -> Iterator[tuple[str, Postkasse]]:
    """A local SMTP server (aiosmtpd, in a thread of its own): its URL and its mailbox."""
    postkasse = Postkasse()
    port = free_port()
    controller = Controller(postkasse, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", postkasse
    finally:
        controller.stop()


async def med_epost(engine: AsyncEngine, kommunenummer: str = KOMMUNE) -> None:
    """The kommune's flyktningkontor with an address and an e-mail."""
    async with engine.begin() as connection:
        await connection.execute(
            update(Kommune)
            .where(Kommune.kommunenummer == kommunenummer)
            .values(
                flyktningkontor_avdeling="Flyktningtjenesten",
                flyktningkontor_adresse="Storgata 1",
                flyktningkontor_postnummer="0155",
                flyktningkontor_epost=EPOST,
            )
        )


async def skriv_brev(engine: AsyncEngine, antall: int = 1) -> list[int]:
    """``antall`` letters "Bosetting av flyktninger" to the kommune, each written and enqueued
    in its own transaction as the fordeling's answer writes them; their ids."""
    ids = []
    for n in range(antall):
        async with engine.begin() as connection:
            ids += await brev(
                connection,
                [
                    NyttBrev(
                        mal=Brevmal.BOSETTING_AV_FLYKTNINGER,
                        kanal=Brevkanal.ALTINN,
                        kommunenummer=KOMMUNE,
                        innhold={
                            "fordeling": f"Testfordeling {n}",
                            "personer": [{"dufNr": "202500000001", "navn": "Ola Nordmann"}],
                        },
                    )
                ],
            )
    return ids


async def vent_til(engine: AsyncEngine, sql: str, timeout: float = 30.0, **params: Any) -> Any:  # noqa: ASYNC109
    """Poll ``sql`` until it answers something true; its answer."""
    deadline = time.monotonic() + timeout
    while True:
        async with engine.connect() as connection:
            answer = await connection.scalar(text(sql), params)
        if answer:
            return answer
        assert time.monotonic() < deadline, f"not in {timeout} s: {sql}"
        await asyncio.sleep(0.05)
