"""The ``bosetting`` command line: every command run, and bad input refused in one line.

Most commands run in this process (``main``) on a database of the test server; ``serve`` runs
as its own process, as a user starts it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from app.cli import main, parser
from app.db import make_engine
from app.migrate import head_revision
from app.settings import DEV_AUDIENCE, DEV_ISSUER, ROOT, Settings
from authz.tokens import TokenVerifier
from schema import SDL_PATH, sdl
from tests.http.serving import serve
from tests.support import DatabaseServer, LiveServer, free_port, run, sql_rows, unique_name

COMMANDS = ("serve", "migrate", "seed", "token", "client-token", "users", "export-schema", "db")
JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")


def bosetting(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m app.cli *args`` as its own process."""
    return subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "app.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """Development settings, data (the dev key) in a folder of the test's own."""
    monkeypatch.setenv("BOSETTING_DATA_DIR", str(tmp_path))
    for name in ("BOSETTING_ENV", "BOSETTING_JWKS", "BOSETTING_JWT_ISSUER", "BOSETTING_PORT"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def on_shared(cli_env: pytest.MonkeyPatch, shared_db: str) -> str:
    """The commands read the session's shared (read-only) demo database."""
    cli_env.setenv("DATABASE_URL", shared_db)
    return shared_db


@pytest.fixture
def empty_db(db_server: DatabaseServer, cli_env: pytest.MonkeyPatch) -> Iterator[str]:
    """A database without tables, as DATABASE_URL."""
    name = unique_name("bosetting_cli")
    url = run(db_server.create(name))
    assert isinstance(url, str)
    cli_env.setenv("DATABASE_URL", url)
    yield url
    run(db_server.drop(name))


def execute(url: str, statement: str) -> None:
    async def write() -> None:
        engine = make_engine(url, pool_size=1)
        try:
            async with engine.begin() as connection:
                await connection.execute(text(statement))
        finally:
            await engine.dispose()

    asyncio.run(write())


def refusal(capsys: pytest.CaptureFixture[str]) -> str:
    """The one line a refusal prints on stderr (nothing on stdout)."""
    out, err = capsys.readouterr()
    assert out == ""
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    return err.strip()


# --help


def test_help_lists_every_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "--help"], capture_output=True, text=True, check=True
    )
    for command in COMMANDS:
        assert command in result.stdout


def _parsers() -> Iterator[argparse.ArgumentParser]:
    pending = [parser()]
    while pending:
        current = pending.pop()
        yield current
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                pending.extend(action.choices.values())


def test_every_command_says_what_it_does_and_shows_its_defaults() -> None:
    parsers = {p.prog: p for p in _parsers()}
    assert {f"bosetting {c}" for c in COMMANDS} <= set(parsers)
    assert {"bosetting db status", "bosetting db stop"} <= set(parsers)
    for prog, command in parsers.items():
        assert command.description, f"{prog} --help has no description"
        assert command.format_help().startswith(f"usage: {prog}")
        formatter = command._get_formatter()
        for action in command._actions:
            if action.option_strings and action.nargs != 0:  # an option that takes a value
                shown = formatter._expand_help(action)  # its text in --help
                assert "default" in shown, f"{prog} {action.option_strings[-1]}: {shown!r}"


def test_defaults_are_shown_as_they_are() -> None:
    text = {p.prog: " ".join(p.format_help().split()) for p in _parsers()}
    assert "(default: 10000)" in text["bosetting serve"]
    assert "(default: 1)" in text["bosetting serve"]  # --workers
    assert "BOSETTING_PORT, else 8000" in text["bosetting serve"]
    assert "(default: head)" in text["bosetting migrate"]
    assert "(default: schema.graphql in the checkout)" in text["bosetting export-schema"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["serve", "--persons", "-5"], "argument --persons: must be a whole number of 1 or more"),
        (["serve", "--persons", "0"], "argument --persons: must be a whole number of 1 or more"),
        (["serve", "--workers", "0"], "argument --workers: must be a whole number of 1 or more"),
        (["serve", "--port", "0"], "argument --port: must be a whole number of 1 to 65535"),
        (["serve", "--port", "65536"], "argument --port: must be a whole number of 1 to 65535"),
        (["seed", "--persons", "-1"], "argument --persons: must be a whole number of 1 or more"),
        (["token", "demo-imdi-admin", "--hours", "0"], "argument --hours: must be"),
        (["token", "demo-imdi-admin", "--hours", "-1"], "argument --hours: must be"),
        (["token", "demo-imdi-admin", "--hours", "two"], "argument --hours: must be"),
        (["client-token", "demo-udi-system", "--minutes", "0"], "argument --minutes: must be"),
        (["token"], "the following arguments are required: subject"),
        (["db"], "the following arguments are required: ACTION"),
    ],
)
def test_bad_arguments_are_refused_in_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    line = refusal(capsys)
    assert line.startswith(f"bosetting {argv[0]}: {message}"), line
    assert line.endswith(f"(see bosetting {argv[0]} --help)"), line


# users


def test_users_lists_every_user_with_their_roles(
    on_shared: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["users"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    [(count,)] = sql_rows(on_shared, "SELECT count(*) FROM bruker")
    assert len(lines) == count
    assert "Oslo kommune" in lines["demo-0301-saksbehandler"]
    assert lines["demo-0301-saksbehandler"].endswith(
        "Kommune_Anmoder_Skriv, Kommune_Bosetter_Skriv"
    )
    assert lines["demo-0301-deaktivert"].endswith("(deactivated)")
    assert "Bufetat_Saksbehandler" in lines["maskinporten:demo-bufetat-system"]


def test_users_on_a_database_without_tables_says_what_to_run(
    empty_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["users"]) == 1
    assert refusal(capsys) == (
        "users: the database has no tables yet: `./bosetting serve` migrates it and loads the "
        "demo data (with DATABASE_URL: `./bosetting migrate` and `./bosetting seed`)"
    )


# token, client-token


def test_token_prints_a_token_an_address_and_a_curl_command_that_work(
    cli_env: pytest.MonkeyPatch, server: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """What `token` prints, pasted as it is, logs in to the running service."""
    port = server.base_url.rsplit(":", 1)[1]
    cli_env.setenv("DATABASE_URL", server.settings.database_url or "")
    cli_env.setenv("BOSETTING_DATA_DIR", str(server.settings.data_dir))  # its signing key
    cli_env.setenv("BOSETTING_PORT", port)
    assert main(["token", "demo-imdi-saksbehandler"]) == 0
    output = capsys.readouterr().out
    [token] = set(JWT.findall(output))
    assert output.count(token) == 3  # alone, in the GraphiQL address, in the curl command
    assert f"http://127.0.0.1:{port}/graphql#token={token}\n" in output
    hint = re.search(r"^ *(curl .*?[^\\])$", output, re.M | re.S)
    assert hint is not None, output
    pasted = subprocess.run(  # noqa: S603
        ["/bin/sh", "-c", hint.group(1)], capture_output=True, text=True, timeout=30
    )
    assert pasted.returncode == 0, pasted.stderr
    assert '"me":{"navn":' in pasted.stdout, pasted.stdout
    assert '"IMDI_SAKSBEHANDLER"' in pasted.stdout


def test_token_quiet_prints_a_token_the_service_accepts(
    on_shared: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["token", "demo-imdi-admin", "--quiet", "--hours", "2"]) == 0
    token = capsys.readouterr().out.strip()
    settings = Settings.from_env()
    verifier = TokenVerifier(
        str(settings.dev_key_dir / "jwks.json"), issuer=DEV_ISSUER, audience=DEV_AUDIENCE
    )
    claims = verifier.verify(token)
    assert claims["sub"] == "demo-imdi-admin"
    assert claims["exp"] - claims["iat"] == 2 * 3600


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["token", "nobody"], "token: no user 'nobody'; `./bosetting users` lists them"),
        (
            ["token", "demo-0301-deaktivert"],
            "token: user 'demo-0301-deaktivert' is deactivated: the service refuses it",
        ),
        (
            ["token", "maskinporten:demo-bufetat-system"],
            "token: 'maskinporten:demo-bufetat-system' is a machine client; "
            "`./bosetting client-token demo-bufetat-system` issues its tokens",
        ),
        (
            ["token", "demo-imdi-admin", "--hours", "13"],
            "token: --hours must be at most 12 (BOSETTING_MAX_TOKEN_HOURS): "
            "the service refuses longer-lived tokens",
        ),
        (
            ["client-token", "nobody"],
            "client-token: no machine client 'nobody' is registered (registered: "
            "demo-bufetat-system, demo-iom-system, demo-mottak-system, demo-selvreg-system, "
            "demo-udi-system)",
        ),
        (
            ["client-token", "demo-bufetat-system", "--minutes", "121"],
            "client-token: --minutes must be at most 120 (BOSETTING_MAX_CLIENT_TOKEN_MINUTES): "
            "the service refuses longer-lived tokens",
        ),
        (
            ["client-token", "demo-bufetat-system", "--scope", "imdi:bosetting.bosettingsdato"],
            "client-token: --scope 'imdi:bosetting.bosettingsdato' is not granted to "
            "demo-bufetat-system (its scopes: imdi:bosetting.bufetat)",
        ),
    ],
)
def test_unknown_subjects_and_clients_get_no_token(
    on_shared: str, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 2
    assert refusal(capsys) == message


def test_a_deactivated_client_gets_no_token(
    cli_env: pytest.MonkeyPatch, fresh_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cli_env.setenv("DATABASE_URL", fresh_db)
    assert main(["client-token", "demo-udi-system", "-q"]) == 0
    capsys.readouterr()
    execute(
        fresh_db, "UPDATE bruker SET aktiv = false WHERE subject = 'maskinporten:demo-udi-system'"
    )
    assert main(["client-token", "demo-udi-system"]) == 2
    assert refusal(capsys) == (
        "client-token: machine client 'demo-udi-system' is deactivated: the service refuses it"
    )


def test_client_token_is_accepted_by_the_service(
    cli_env: pytest.MonkeyPatch,
    server: LiveServer,
    client: httpx.Client,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cli_env.setenv("DATABASE_URL", server.settings.database_url or "")
    cli_env.setenv("BOSETTING_DATA_DIR", str(server.settings.data_dir))
    assert main(["client-token", "demo-bufetat-system"]) == 0
    output = capsys.readouterr().out
    assert output.startswith(
        "Token for machine client demo-bufetat-system (scope: imdi:bosetting.bufetat; "
        "valid 120 min):"
    )
    [token] = JWT.findall(output)
    answer = client.post(
        "/graphql",
        json={"query": "{ me { organisasjon { navn } } }"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"]["me"]["organisasjon"]["navn"].startswith("Barne-")


def test_token_refuses_in_production(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOSETTING_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/bosetting")
    monkeypatch.setenv("BOSETTING_JWKS", "https://idp.example/jwks")
    monkeypatch.setenv("BOSETTING_JWT_ISSUER", "https://idp.example")
    monkeypatch.setenv("BOSETTING_STATISTIKK_SALT", "8151")
    assert main(["token", "demo-imdi-admin"]) == 1
    assert "token: demo tokens are for development only" in capsys.readouterr().err
    assert main(["client-token", "demo-bufetat-system"]) == 1
    assert "client-token: demo tokens are for development only" in capsys.readouterr().err


# migrate, seed


def test_migrate_then_seed_an_empty_database(
    empty_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate", "nonsense"]) == 2
    assert refusal(capsys) == "migrate: Can't locate revision identified by 'nonsense'"
    assert main(["seed", "--no-migrate", "--persons", "20"]) == 1
    assert refusal(capsys) == "seed: the database has no tables: leave out --no-migrate"

    assert main(["migrate"]) == 0
    assert capsys.readouterr().out == "Migrated to head.\n"
    assert sql_rows(empty_db, "SELECT version_num FROM alembic_version") == [(head_revision(),)]

    assert main(["seed", "--no-migrate", "--persons", "20", "--seed", "3"]) == 0
    assert re.fullmatch(r"Loaded 20 persons \(\d+ rows\) in \d+\.\d s\.\n", capsys.readouterr().out)
    [(persons,)] = sql_rows(empty_db, "SELECT count(*) FROM person")
    assert persons >= 20  # 20 families' main persons, and their families
    assert main(["seed", "--persons", "20"]) == 1
    assert refusal(capsys) == "seed: the database already holds data: use --reset to replace it"
    assert main(["users"]) == 0
    assert "demo-imdi-admin" in capsys.readouterr().out


def test_seed_migrates_first(empty_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["seed", "--persons", "10"]) == 0
    assert "Loaded 10 persons" in capsys.readouterr().out
    assert sql_rows(empty_db, "SELECT version_num FROM alembic_version") == [(head_revision(),)]


# export-schema


def test_export_schema_writes_and_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export-schema", "--check"]) == 0
    assert capsys.readouterr().out == "schema.graphql is current.\n"
    assert SDL_PATH == ROOT / "schema.graphql"

    written = tmp_path / "schema.graphql"
    assert main(["export-schema", "--output", str(written)]) == 0
    assert capsys.readouterr().out == f"Wrote {written}.\n"
    assert written.read_text() == sdl()
    assert main(["export-schema", "--check", "--output", str(written)]) == 0
    capsys.readouterr()
    written.write_text(sdl().replace("type Query", "type Querry"))
    assert main(["export-schema", "--check", "--output", str(written)]) == 1
    assert refusal(capsys) == (
        f"export-schema: {written} differs from the code: run `./bosetting export-schema`"
    )


# serve


def dev_env(data_dir: Path, **settings: str) -> dict[str, str]:
    env = {
        **os.environ,
        "BOSETTING_DATA_DIR": str(data_dir),
        "BOSETTING_VENDOR_DIR": str(ROOT / "var" / "graphiql"),
        **settings,
    }
    for name in ("BOSETTING_ENV", "BOSETTING_JWKS", "BOSETTING_JWT_ISSUER", "DATABASE_URL"):
        if name not in settings:
            env.pop(name, None)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return env


def test_serve_starts_answers_and_refuses_a_busy_port(fresh_db: str, tmp_path: Path) -> None:
    env = dev_env(tmp_path, DATABASE_URL=fresh_db)
    with serve(env, tmp_path, "--migrate") as served:
        port = served.base_url.rsplit(":", 1)[1]
        assert httpx.get(f"{served.base_url}/readyz").status_code == 200
        issued = bosetting(env, "token", "demo-0301-bosetter-skriv", "-q")
        assert issued.returncode == 0, issued.stderr
        answer = httpx.post(
            f"{served.base_url}/graphql",
            json={"query": "{ me { roller } }"},
            headers={"Authorization": f"Bearer {issued.stdout.strip()}"},
        )
        assert answer.json() == {"data": {"me": {"roller": ["KOMMUNE_BOSETTER_SKRIV"]}}}

        started = time.monotonic()
        busy = bosetting(env, "serve", "--port", port)
        assert (busy.returncode, busy.stdout) == (2, "")
        assert busy.stderr == f"serve: port {port} is in use; set --port or BOSETTING_PORT\n"
        busy = bosetting({**env, "BOSETTING_PORT": port}, "serve", "--migrate")
        assert (busy.returncode, busy.stdout) == (2, "")
        assert busy.stderr == f"serve: port {port} is in use; set --port or BOSETTING_PORT\n"
        assert time.monotonic() - started < 30  # refused before migrating, not after
        # The service that holds the port is unharmed.
        assert httpx.get(f"{served.base_url}/healthz").status_code == 200


def test_serve_refuses_a_busy_metrics_port(fresh_db: str, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        metrics_port = taken.getsockname()[1]
        env = dev_env(tmp_path, DATABASE_URL=fresh_db, BOSETTING_METRICS_PORT=str(metrics_port))
        busy = bosetting(env, "serve", "--port", str(free_port()))
    assert (busy.returncode, busy.stdout) == (2, "")
    assert busy.stderr == f"serve: port {metrics_port} is in use; set BOSETTING_METRICS_PORT\n"


# a fresh clone: the embedded PostgreSQL, and `db status` / `db stop`


@pytest.fixture
def fresh_clone(tmp_path: Path) -> Iterator[dict[str, str]]:
    """No DATABASE_URL: the commands start an embedded PostgreSQL in a data folder of the
    test's own (stopped afterwards, whatever happened)."""
    env = dev_env(tmp_path / "var")
    yield env
    bosetting(env, "db", "stop", "--force")


def test_a_fresh_clone_serves_lists_users_issues_tokens_and_stops_its_database(
    fresh_clone: dict[str, str], tmp_path: Path
) -> None:
    env = fresh_clone
    pgdata = tmp_path / "var" / "postgres"
    status = bosetting(env, "db", "status")
    assert (status.returncode, status.stdout) == (
        3,
        f"There is no embedded PostgreSQL in {pgdata} yet: `./bosetting serve` creates it.\n",
    )
    with serve(env, tmp_path, "--persons", "30") as served:
        banner = served.output()
        assert f"Using the embedded PostgreSQL in {pgdata}" in banner
        assert "Loading demo data (30 persons)" in banner
        assert "`./bosetting db stop` stops it" in banner
        users = bosetting(env, "users")
        assert users.returncode == 0, users.stderr
        assert "demo-0301-bosetter-skriv" in users.stdout
        issued = bosetting(env, "token", "demo-0301-bosetter-skriv", "-q")
        answer = httpx.post(
            f"{served.base_url}/graphql",
            json={"query": "{ me { navn } }"},
            headers={"Authorization": f"Bearer {issued.stdout.strip()}"},
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["data"]["me"]["navn"]

        status = bosetting(env, "db", "status")
        assert status.returncode == 0, status.stderr
        assert status.stdout.startswith(f"The embedded PostgreSQL in {pgdata} is running")
        assert re.search(r"in use by process \d+: .*app\.cli serve --port", status.stdout)
        assert f"postgresql://postgres@/bosetting?host={pgdata}&port=" in status.stdout
        refused = bosetting(env, "db", "stop")
        assert (refused.returncode, refused.stdout) == (1, "")
        assert refused.stderr.startswith(
            f"db stop: the embedded PostgreSQL in {pgdata} is in use by process "
        )
        assert refused.stderr.endswith("; stop that first, or pass --force\n")
        assert httpx.get(f"{served.base_url}/readyz").status_code == 200

    stopped = bosetting(env, "db", "stop")
    assert (stopped.returncode, stopped.stdout) == (
        0,
        f"Stopped the embedded PostgreSQL in {pgdata}.\n",
    )
    assert not (pgdata / "postmaster.pid").exists()
    status = bosetting(env, "db", "status")
    assert (status.returncode, status.stdout) == (
        3,
        f"The embedded PostgreSQL in {pgdata} is not running "
        "(any command that needs it starts it).\n",
    )
    again = bosetting(env, "db", "stop")
    assert (again.returncode, again.stdout) == (
        0,
        f"The embedded PostgreSQL in {pgdata} is not running.\n",
    )
    # Any command that needs it starts it again, with its data.
    users = bosetting(env, "users")
    assert users.returncode == 0, users.stderr
    assert "demo-0301-bosetter-skriv" in users.stdout


def test_db_with_database_url_says_it_is_about_the_embedded_server(
    cli_env: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli_env.setenv("DATABASE_URL", "postgresql://db.example/bosetting")
    assert main(["db", "stop"]) == 0
    assert capsys.readouterr().out == (
        "(DATABASE_URL is set: the service uses that server, which bosetting neither runs nor "
        "stops; this is about the embedded one.)\n"
        f"The embedded PostgreSQL in {tmp_path / 'postgres'} is not running.\n"
    )
