"""The dispatcher delivers the outbox: through the file channel and e-mail, once per letter
with several dispatchers, retried with backoff, dead-lettered after the last attempt."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import asyncpg
import pypdf
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.settings import ROOT
from models import Utboks, UtboksLevering
from tests.support import Api
from tests.utsending.support import EPOST, med_epost, skriv_brev, smtp_server, vent_til
from utsending.dispatcher import Dispatcher, stopped
from utsending.kanaler import Filkanal, Kanal, Smtpkanal


def pdfs(folder: Path) -> int:
    return len(list(folder.glob("brev-*.pdf")))


async def running(dispatcher: Dispatcher) -> asyncio.Task[None]:
    return asyncio.create_task(dispatcher.run())


async def test_a_letter_goes_out_as_a_pdf_with_its_envelope_and_an_email(
    engine: AsyncEngine, fresh_db: str, tmp_path: Path
) -> None:
    await med_epost(engine)
    [utboks_id] = await skriv_brev(engine)
    with smtp_server() as (url, postkasse):
        kanaler: list[Kanal] = [Filkanal(tmp_path), Smtpkanal(url, "ikke-svar@imdi.no")]
        dispatcher = Dispatcher(engine, fresh_db, kanaler)
        task = await running(dispatcher)
        try:
            await vent_til(engine, "SELECT sendt FROM utboks WHERE id = :id", id=utboks_id)
        finally:
            dispatcher.stop()
            await stopped(task)
    konvolutt = json.loads((tmp_path / f"brev-{utboks_id:010d}.json").read_text())
    assert konvolutt["tittel"] == "Bosetting av flyktninger"
    assert konvolutt["mottaker"]["epost"] == EPOST
    assert konvolutt["mottaker"]["adresse"] == ["Storgata 1", "0155"]
    assert "personer" not in konvolutt  # the envelope names the recipient, not the content
    pdf = pypdf.PdfReader(BytesIO((tmp_path / konvolutt["pdf"]).read_bytes()))
    tekst = " ".join("".join(page.extract_text() for page in pdf.pages).split())
    assert "Bosetting av flyktninger" in tekst
    assert "Testfordeling 0" in tekst
    [melding] = postkasse.meldinger
    assert melding["To"] == EPOST
    assert melding["Subject"] == "Nytt brev fra IMDi: Bosetting av flyktninger"
    assert melding["X-Bosetting-Gjentatt"] is None
    body = melding.get_payload(decode=True)
    assert isinstance(body, bytes)
    assert f"IMDi-brev {utboks_id}" in body.decode()
    assert "Ola Nordmann" not in body.decode()  # no personal data in an e-mail
    async with engine.connect() as connection:
        leveringer = (
            await connection.execute(
                select(UtboksLevering.kanal, UtboksLevering.forsok, UtboksLevering.gjentatt)
                .where(UtboksLevering.utboks_id == utboks_id, UtboksLevering.levert.is_not(None))
                .order_by(UtboksLevering.kanal)
            )
        ).all()
    assert [tuple(row) for row in leveringer] == [("epost", 1, False), ("fil", 1, False)]


async def test_two_dispatchers_send_each_letter_once(
    engine: AsyncEngine, fresh_db: str, tmp_path: Path
) -> None:
    await med_epost(engine)
    ids = await skriv_brev(engine, 30)
    with smtp_server() as (url, postkasse):
        dispatchers = [
            Dispatcher(engine, fresh_db, [Filkanal(tmp_path), Smtpkanal(url, "a@imdi.no")])
            for _ in range(2)
        ]
        tasks = [await running(dispatcher) for dispatcher in dispatchers]
        try:
            await vent_til(
                engine, "SELECT count(*) = 30 FROM utboks WHERE sendt IS NOT NULL", timeout=60
            )
        finally:
            for dispatcher, task in zip(dispatchers, tasks, strict=True):
                dispatcher.stop()
                await stopped(task)
    assert sorted(int(m["X-Bosetting-Brev"]) for m in postkasse.meldinger) == ids
    assert pdfs(tmp_path) == 30
    async with engine.connect() as connection:
        forsok = await connection.scalar(text("SELECT max(forsok) FROM utboks_levering"))
    assert forsok == 1


async def dead_lettered(engine: AsyncEngine, fresh_db: str, folder: Path, *, forsok: int) -> int:
    """A letter to the kommune whose e-mail goes to a port nobody listens on (the file channel
    delivers it to ``folder``): tried ``forsok`` times with backoff, then dead-lettered and its
    job held. Its id."""
    await med_epost(engine)
    [utboks_id] = await skriv_brev(engine)
    with smtp_server() as (url, _):
        pass  # a port that was free and is closed again
    dispatcher = Dispatcher(
        engine,
        fresh_db,
        [Filkanal(folder), Smtpkanal(url, "a@imdi.no", timeout=2)],
        forsok=forsok,
        forste_pause=timedelta(milliseconds=100),
    )
    task = await running(dispatcher)
    try:
        await vent_til(engine, "SELECT feilet FROM utboks WHERE id = :id", id=utboks_id)
        await vent_til(
            engine,
            "SELECT status = 'failed' FROM pgqueuer WHERE dedupe_key = :key",
            key=f"brev:{utboks_id}",
        )
    finally:
        dispatcher.stop()
        await stopped(task)
    return utboks_id


async def test_a_failing_channel_is_retried_then_the_letter_is_dead_lettered(
    engine: AsyncEngine, fresh_db: str, tmp_path: Path
) -> None:
    """E-mail to a port nobody listens on: three attempts with backoff, then ``feilet``; the
    file channel wrote the letter once all the same."""
    utboks_id = await dead_lettered(engine, fresh_db, tmp_path, forsok=3)
    async with engine.connect() as connection:
        row = (await connection.execute(select(Utboks).where(Utboks.id == utboks_id))).one()
        fil = await connection.scalar(
            select(UtboksLevering.forsok).where(
                UtboksLevering.utboks_id == utboks_id, UtboksLevering.kanal == "fil"
            )
        )
    assert row.sendt is None
    assert row.forsok == 3
    assert row.siste_feil.startswith("ConnectionRefusedError")
    assert fil == 3
    assert pdfs(tmp_path) == 1


PA_NYTT = """mutation($id: ID!) { sendBrevPaNytt(id: $id) {
  brev { id status feilet forsok } feil { field code } } }"""


async def test_imdi_sends_a_dead_letter_again(
    api: Api, engine: AsyncEngine, fresh_db: str, tmp_path: Path
) -> None:
    """Dead-lettered (e-mail refused twice; the file channel delivered), then sent again by
    IMDi: its held job is queued again, and a working dispatcher delivers it; the file
    channel's PDF is not written twice."""
    utboks_id = await dead_lettered(engine, fresh_db, tmp_path, forsok=2)
    key = f"brev:{utboks_id}"
    for subject in ("demo-0301-bosetter-skriv", "demo-analytiker", "demo-bufetat-saksbehandler"):
        refused = await api(subject, PA_NYTT, id=str(utboks_id))
        assert refused["data"]["sendBrevPaNytt"] is None, subject
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = await api("demo-imdi-admin", PA_NYTT, id=str(utboks_id))
    assert body["data"]["sendBrevPaNytt"] == {
        "brev": {"id": str(utboks_id), "status": "VENTER", "feilet": None, "forsok": 2},
        "feil": [],
    }
    async with engine.connect() as connection:
        jobs = (
            await connection.execute(
                text("SELECT status::text, attempts FROM pgqueuer WHERE dedupe_key = :key"),
                {"key": key},
            )
        ).all()
    assert [tuple(job) for job in jobs] == [("queued", 0)]  # the held job, not a second one
    async with engine.connect() as connection:
        hendelse = (
            await connection.execute(
                text(
                    "SELECT kommunenummer, tekst FROM hendelse WHERE tittel = 'Brev sendt på nytt'"
                )
            )
        ).one()
    assert tuple(hendelse) == ("0301", f"Bosetting av flyktninger (brev {utboks_id})")
    again = await api("demo-imdi-saksbehandler", PA_NYTT, id=str(utboks_id))
    assert again["data"]["sendBrevPaNytt"] == {
        "brev": None,
        "feil": [{"field": "id", "code": "ILLEGAL_TRANSITION"}],
    }
    nowhere = await api("demo-imdi-saksbehandler", PA_NYTT, id="999999999")
    assert nowhere["data"]["sendBrevPaNytt"]["feil"] == [{"field": "id", "code": "NOT_FOUND"}]
    with smtp_server() as (url, postkasse):
        dispatcher = Dispatcher(engine, fresh_db, [Filkanal(tmp_path), Smtpkanal(url, "a@imdi.no")])
        task = await running(dispatcher)
        try:
            await vent_til(engine, "SELECT sendt FROM utboks WHERE id = :id", id=utboks_id)
        finally:
            dispatcher.stop()
            await stopped(task)
    assert len(postkasse.meldinger) == 1
    assert pdfs(tmp_path) == 1


async def test_a_letter_whose_job_still_runs_is_not_sent_again(
    api: Api, engine: AsyncEngine
) -> None:
    """Dead-lettered while its job is still queued (the dispatcher records the letter before
    PgQueuer holds the job): refused, and the letter stays a dead letter."""
    [utboks_id] = await skriv_brev(engine)  # its job is queued
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE utboks SET feilet = now(), forsok = 3 WHERE id = :id"), {"id": utboks_id}
        )
    body = await api("demo-imdi-admin", PA_NYTT, id=str(utboks_id))
    assert body["data"]["sendBrevPaNytt"] == {
        "brev": None,
        "feil": [{"field": "id", "code": "CONFLICT"}],
    }
    async with engine.connect() as connection:
        feilet = await connection.scalar(
            text("SELECT feilet IS NOT NULL FROM utboks WHERE id = :id"), {"id": utboks_id}
        )
    assert feilet


async def test_a_dispatcher_killed_between_delivering_and_recording_sends_once_or_flags(
    engine: AsyncEngine, fresh_db: str, tmp_path: Path
) -> None:
    """``bosetting worker`` delivers the letter (file and e-mail) and then waits to record it
    (this test holds the letter's row); killed there, a second worker takes the letter again
    after the heartbeat timeout. The file channel sees its earlier delivery and writes nothing
    again (exactly once); e-mail cannot tell, so the varsel goes again, flagged."""
    await med_epost(engine)
    [utboks_id] = await skriv_brev(engine)
    brev_dir = tmp_path / "brev"
    with smtp_server() as (url, postkasse):
        env = os.environ | {
            "DATABASE_URL": fresh_db,
            "BOSETTING_DATA_DIR": str(tmp_path),
            "BOSETTING_BREV_DIR": str(brev_dir),
            "BOSETTING_SMTP_URL": url,
            "BOSETTING_UTSENDING_HEARTBEAT_SEKUNDER": "2",
        }
        holder = await asyncpg.connect(fresh_db.replace("postgresql+asyncpg://", "postgresql://"))
        transaction = holder.transaction()
        await transaction.start()
        await holder.execute("SELECT 1 FROM utboks WHERE id = $1 FOR NO KEY UPDATE", utboks_id)
        first = worker(env, tmp_path / "first.log")
        try:
            await vent_til(
                engine,
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND query ILIKE 'UPDATE utboks SET%'",
            )
            assert len(postkasse.meldinger) == 1
            konvolutt = (brev_dir / f"brev-{utboks_id:010d}.json").read_text()
            first.kill()
            first.wait(timeout=10)
        finally:
            first.kill()
            await transaction.rollback()
            await holder.close()
        async with engine.connect() as connection:
            assert (
                await connection.scalar(select(Utboks.sendt).where(Utboks.id == utboks_id)) is None
            )
        second = worker(env, tmp_path / "second.log")
        try:
            await vent_til(
                engine, "SELECT sendt FROM utboks WHERE id = :id", timeout=60, id=utboks_id
            )
        finally:
            second.send_signal(signal.SIGTERM)
            assert second.wait(timeout=30) == 0
    assert (brev_dir / f"brev-{utboks_id:010d}.json").read_text() == konvolutt
    assert pdfs(brev_dir) == 1
    forste, andre = postkasse.meldinger
    assert forste["X-Bosetting-Gjentatt"] is None
    assert andre["X-Bosetting-Gjentatt"] == "ja"
    assert andre["Subject"].startswith("[Mulig gjentatt] ")
    async with engine.connect() as connection:
        leveringer = (
            await connection.execute(
                select(UtboksLevering.kanal, UtboksLevering.forsok, UtboksLevering.gjentatt)
                .where(UtboksLevering.utboks_id == utboks_id)
                .order_by(UtboksLevering.kanal)
            )
        ).all()
    assert [tuple(row) for row in leveringer] == [("epost", 2, True), ("fil", 2, False)]


def worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "app.cli", "worker"],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


async def test_a_dispatcher_without_its_database_keeps_trying_and_stops_when_told(
    engine: AsyncEngine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The API keeps serving while the dispatcher cannot reach PostgreSQL; it tries again, and
    stops at once when told."""
    with smtp_server() as (url, _):
        pass  # a port that was free and is closed again: nobody answers there
    port = url.rsplit(":", 1)[1]
    dispatcher = Dispatcher(
        engine, f"postgresql+asyncpg://postgres@127.0.0.1:{port}/none", [Filkanal(tmp_path)]
    )
    with caplog.at_level("WARNING", logger="bosetting.utsending"):
        task = await running(dispatcher)
        await asyncio.sleep(1.5)
        assert not task.done()
        dispatcher.stop()
        await asyncio.wait_for(task, 5)
    assert "the dispatcher lost the database (ConnectionRefusedError)" in caplog.text
