"""No personal data in any log: `bosetting serve` (production configuration, JSON logs) is
made to fail its statements while it searches a name and a personnummer, then prints a PDF;
its whole output holds neither the name, the personnummer nor the DUF-nr."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from app.observability import install_log_redaction, safe_traceback
from models.folding import fold
from tests.http.serving import production_env, serve
from tests.support import sql_rows

PERSON = """SELECT p.fornavn, p.etternavn, p.personnummer, p.duf_nr FROM person p
    WHERE p.personnummer IS NOT NULL AND length(p.etternavn) >= 5 ORDER BY p.id LIMIT 1"""
SOK = "{ personsok(%s: %s, first: 5) { edges { node { dufNr navn } } } }"
SOK_VARIABLE = "query Sok($v: String!) { personsok(%s: $v, first: 5) { edges { node { dufNr } } } }"


async def hold_person_table(url: str, held: asyncio.Event, release: asyncio.Event) -> None:
    """An ACCESS EXCLUSIVE lock on ``person``: every statement that reads it waits, until the
    service's statement timeout cancels it."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        async with connection.transaction():
            await connection.execute("LOCK TABLE person IN ACCESS EXCLUSIVE MODE")
            held.set()
            await release.wait()
    finally:
        await connection.close()


def test_no_name_personnummer_or_duf_nr_reaches_the_logs(fresh_db: str, tmp_path: Path) -> None:
    [(fornavn, etternavn, personnummer, duf_nr)] = sql_rows(fresh_db, PERSON)
    navn = f"{fornavn} {etternavn}"
    env = production_env(fresh_db, tmp_path, BOSETTING_STATEMENT_TIMEOUT_MS="700")

    async def attack(base_url: str, token: str) -> list[dict[str, Any]]:
        held, release = asyncio.Event(), asyncio.Event()
        locker = asyncio.create_task(hold_person_table(fresh_db, held, release))
        await held.wait()
        headers = {"Authorization": f"Bearer {token}"}
        bodies = []
        try:
            async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
                for argument, value in (("navn", navn), ("personnummer", personnummer)):
                    for body in (
                        {"query": SOK % (argument, json.dumps(value))},
                        {"query": SOK_VARIABLE % argument, "variables": {"v": value}},
                    ):
                        response = await http.post("/graphql", json=body, headers=headers)
                        bodies.append(response.json())
                bodies.append(
                    (
                        await http.post(
                            "/graphql",
                            json={"query": f'{{ person(dufNr: "{duf_nr}") {{ navn }} }}'},
                            headers=headers,
                        )
                    ).json()
                )
        finally:
            release.set()
            await locker
        return bodies

    with serve(env, tmp_path) as served:
        token = served.token("demo-imdi-saksbehandler")
        answers = asyncio.run(attack(served.base_url, token))
        pdf = httpx.get(
            f"{served.base_url}/utskrift/kompetanse/{duf_nr}.pdf",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        assert pdf.status_code == 200, pdf.text
        assert httpx.get(f"{served.base_url}/healthz").status_code == 200
    # The statements did time out (so their errors were logged), and the PDF was logged.
    for answer in answers:
        codes = {e["extensions"]["code"] for e in answer["errors"]}
        assert codes == {"LIMIT_EXCEEDED"}, answer
    output = served.output()
    for secret in {navn, fold(navn), etternavn, fold(etternavn), personnummer, duf_nr}:
        assert secret not in output, secret
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    unexpected = [line for line in lines if line["logger"] == "bosetting.errors"]
    assert len(unexpected) >= len(answers), output
    assert all("SQLSTATE 57014" in line["exception"] for line in unexpected)
    assert any(line.get("path") == "/utskrift/kompetanse/{dufNr}.pdf" for line in lines)


class _Secret(Exception):
    pass


def test_database_errors_are_logged_without_their_values(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """asyncpg puts a failed argument, and PostgreSQL a key's value, in the error's text; both
    are withheld from every record, whichever formatter prints it; other errors keep theirs."""
    install_log_redaction()
    try:
        try:
            raise asyncpg.exceptions.DataError(
                "invalid input for query argument $1: '12345678901' (expected int)"
            )
        except asyncpg.exceptions.DataError as error:
            raise _Secret("ordinary text stays") from error
    except _Secret as error:
        chained = error
    text = safe_traceback(chained)
    assert "12345678901" not in text
    assert "asyncpg.exceptions.DataError" in text
    assert "ordinary text stays" in text
    assert "direct cause" in text
    with caplog.at_level(logging.ERROR):
        logging.getLogger("bosetting.test").error("failed: %s", chained.__cause__, exc_info=chained)
    assert "12345678901" not in caplog.text
    assert "DataError" in caplog.text
