"""``bosetting``: serve, migrate, seed, token, client-token, users, export-schema and db.

Exit codes: 0 done; 1 failed (the database is not ready, a seed over data, a stop refused);
2 bad input or settings, said in one line on stderr; ``db status`` 3: the server is not running.
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import os
import shlex
import shutil
import socket
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from app.db import make_engine, resolve_database_url
from app.embedded import (
    EmbeddedStatus,
    embedded_lock,
    embedded_status,
    stop_embedded_postgres,
)
from app.observability import MetricsServer, configure_logging, multiprocess_registry
from app.settings import ROOT, Settings, SettingsError

DEFAULT_DEMO_PERSONS = 10_000
T = TypeVar("T")


class DatabaseNotReady(Exception):
    """The database has no tables yet (never migrated), or cannot be reached."""


def _refuse(command: str, message: str, code: int = 2) -> int:
    print(f"{command}: {message}", file=sys.stderr)
    return code


def _shown(path: Path) -> str:
    """``path`` relative to the checkout when it lies inside it (as the README names it)."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


NOT_READY = (
    "the database has no tables yet: `./bosetting serve` migrates it and loads the demo data "
    "(with DATABASE_URL: `./bosetting migrate` and `./bosetting seed`)"
)


def _query(url: str, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
    """Run ``work`` on one connection to ``url``; DatabaseNotReady when it cannot."""

    async def run() -> T:
        engine = make_engine(url, pool_size=1)
        try:
            async with engine.connect() as connection:
                return await work(connection)
        except DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) == "42P01":  # undefined_table
                raise DatabaseNotReady(NOT_READY) from error
            raise
        except OSError as error:  # no such host, nothing listening, no such socket
            raise DatabaseNotReady(f"cannot reach the database (DATABASE_URL): {error}") from error
        finally:
            await engine.dispose()

    return asyncio.run(run())


# serve


def _cannot_listen(host: str, port: int) -> OSError | None:
    """Why a server could not listen on ``host:port``, tried the way uvicorn binds; None if it
    can (the port is free again when this returns)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return error
    return None


def _listen_refusal(host: str, port: int, metrics_port: int | None) -> str | None:
    for number, setting in (
        (port, "--port or BOSETTING_PORT"),
        (metrics_port, "BOSETTING_METRICS_PORT"),
    ):
        error = _cannot_listen(host, number) if number else None
        if error is None:
            continue
        if error.errno == errno.EADDRINUSE:
            return f"port {number} is in use; set {setting}"
        reason = error.strerror or str(error)
        hint = f"set --host or BOSETTING_HOST, or {setting}"
        return f"cannot listen on {host}:{number} ({reason}); {hint}"
    return None


def _print_login_help(base_url: str, embedded: Path | None) -> None:
    stop = (
        f"""  The embedded PostgreSQL ({_shown(embedded)}) keeps running after the service stops,
  so the next start is quick: `./bosetting db stop` stops it.
"""
        if embedded is not None
        else ""
    )
    print(
        f"""
  Bosetting API is starting.
    GraphQL and GraphiQL: {base_url}/graphql
    Health:               {base_url}/healthz   {base_url}/readyz
  Log in: every request needs a token. In another terminal:
    ./bosetting users                                  (the demo users)
    ./bosetting token demo-0301-bosetter-skriv         (a token for one of them)
  `token` prints a GraphiQL address that carries the token; or send the header
    Authorization: Bearer <token>
{stop}""",
        flush=True,
    )


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.httpserver import uvicorn_http_options

    host = args.host or settings.host
    port = args.port or settings.port
    # Before anything slow: a busy port otherwise shows only after migrating and loading.
    refusal = _listen_refusal(host, port, settings.metrics_port)
    if refusal is not None:
        return _refuse("serve", refusal)
    embedded = settings.database_url is None
    url = resolve_database_url(settings)
    if embedded:
        print(f"Using the embedded PostgreSQL in {_shown(settings.postgres_dir)}", flush=True)
    if embedded or args.migrate:
        from app.migrate import prepare_database

        asyncio.run(
            prepare_database(url, seed_demo=embedded and not args.no_demo, persons=args.persons)
        )
        refusal = _listen_refusal(host, port, settings.metrics_port)  # taken meanwhile?
        if refusal is not None:
            return _refuse("serve", refusal)
    # The workers inherit the database through the environment.
    os.environ["DATABASE_URL"] = url
    _print_login_help(f"http://{host}:{port}", settings.postgres_dir if embedded else None)
    os.environ["BOSETTING_LOG_JSON"] = "1"
    os.environ["BOSETTING_TUNE_GC"] = "1"
    if args.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Each worker writes its metrics here; /metrics sums them (a new folder per start).
        metrics_dir = settings.data_dir / "prometheus"
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
    configure_logging()
    metrics_server = None
    multiprocess_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if settings.metrics_port and multiprocess_dir:
        # The workers write their metrics to files; this (supervising) process serves their
        # sum on the metrics port, once. A single process without the folder serves its own.
        metrics_server = MetricsServer(
            host, settings.metrics_port, multiprocess_registry(multiprocess_dir)
        )
    try:
        uvicorn.run(
            "app.asgi:create_app",
            factory=True,
            host=host,
            port=port,
            workers=args.workers,
            log_level="info",
            log_config=None,
            access_log=False,
            proxy_headers=settings.forwarded_allow_ips is not None,
            forwarded_allow_ips=settings.forwarded_allow_ips,
            timeout_graceful_shutdown=20,
            ws_max_size=settings.max_body_bytes,  # a websocket message: as large as a body
            **uvicorn_http_options(),  # the request head's limit (BOSETTING_MAX_HEADER_BYTES)
        )
    finally:
        if metrics_server is not None:
            metrics_server.close()
    return 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    """The outbox's dispatcher alone (``serve`` runs one in each API process unless
    ``BOSETTING_UTSENDING=off``), until SIGTERM or SIGINT."""
    import signal

    from utsending.dispatcher import fra_innstillinger, stopped

    url = resolve_database_url(settings)
    configure_logging()

    async def run() -> None:
        engine = make_engine(url, pool_size=2, statement_timeout_ms=settings.statement_timeout_ms)
        dispatcher = fra_innstillinger(engine, url, settings)
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, dispatcher.stop)
        task = asyncio.create_task(dispatcher.run(), name="utsending")
        print(
            f"Delivering the outbox: letters to {_shown(settings.brev_mappe)}"
            + (f", e-mail through {settings.smtp_url}" if settings.smtp_url else "")
            + ". Stop with Ctrl+C.",
            flush=True,
        )
        try:
            await asyncio.wait({task}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            dispatcher.stop()
            await stopped(task)
            await engine.dispose()

    asyncio.run(run())
    return 0


# migrate, seed


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    from app.migrate import alembic_config, upgrade

    url = resolve_database_url(settings)
    try:
        if "+" not in args.revision:  # a relative step (+1) is resolved against the database
            ScriptDirectory.from_config(alembic_config(url)).get_revisions(args.revision)
        upgrade(url, args.revision)
    except CommandError as error:
        return _refuse("migrate", str(error))
    print(f"Migrated to {args.revision}.")
    return 0


def cmd_seed(args: argparse.Namespace, settings: Settings) -> int:
    from app.demokilder import gjennom_kildene
    from demodata.load import NotEmptyError, load

    url = resolve_database_url(settings)
    if not args.no_migrate:
        from app.migrate import upgrade

        upgrade(url)

    async def run() -> int:
        engine = make_engine(url, pool_size=2)
        try:
            data, seconds = await load(
                engine, seed=args.seed, persons=args.persons, reset=args.reset
            )
            await gjennom_kildene(engine)
        except NotEmptyError as error:
            return _refuse("seed", str(error), 1)
        except DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) == "42P01":
                return _refuse("seed", "the database has no tables: leave out --no-migrate", 1)
            raise
        finally:
            await engine.dispose()
        rows = sum(len(r) for r in data.rows.values())
        print(f"Loaded {args.persons} persons ({rows} rows) in {seconds:.1f} s.")
        return 0

    return asyncio.run(run())


# token, client-token, users


def _dev_tokens_refused(settings: Settings, command: str) -> bool:
    if settings.is_production:
        _refuse(command, "demo tokens are for development only", 1)
        return True
    if settings.jwks is not None:
        _refuse(
            command,
            "BOSETTING_JWKS is set, so the service trusts another issuer than the local "
            "development key; unset it to use demo tokens",
            1,
        )
        return True
    return False


def cmd_token(args: argparse.Namespace, settings: Settings) -> int:
    from authz.devkeys import issue_dev_token
    from authz.maskinklient import SUBJECT_PREFIX
    from models import Bruker

    if _dev_tokens_refused(settings, "token"):
        return 1
    if args.hours is None:
        args.hours = min(8, settings.max_token_hours)
    if args.hours > settings.max_token_hours:
        return _refuse(
            "token",
            f"--hours must be at most {settings.max_token_hours} (BOSETTING_MAX_TOKEN_HOURS): "
            "the service refuses longer-lived tokens",
        )
    subject: str = args.subject
    if subject.startswith(SUBJECT_PREFIX):
        client_id = subject.removeprefix(SUBJECT_PREFIX)
        return _refuse(
            "token",
            f"{subject!r} is a machine client; `./bosetting client-token {client_id}` "
            "issues its tokens",
        )

    async def lookup(connection: AsyncConnection) -> bool | None:
        active: bool | None = await connection.scalar(
            select(Bruker.aktiv).where(Bruker.subject == subject)
        )
        return active

    try:
        active = _query(resolve_database_url(settings), lookup)
    except DatabaseNotReady as error:
        return _refuse("token", str(error), 1)
    if active is None:
        return _refuse("token", f"no user {subject!r}; `./bosetting users` lists them")
    if not active:
        return _refuse("token", f"user {subject!r} is deactivated: the service refuses it")
    token = issue_dev_token(
        settings.dev_key_dir,
        subject,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        lifetime_seconds=args.hours * 3600,
    )
    if args.quiet:
        print(token)
        return 0
    base = f"http://{settings.host}:{settings.port}"
    body = shlex.quote('{"query": "{ me { navn roller } }"}')
    print(f"Token for {subject} (valid {args.hours} h):\n\n{token}\n")
    print(f"GraphiQL, logged in:\n  {base}/graphql#token={token}\n")
    print("curl:")
    print(f"  curl -s {base}/graphql -H 'Authorization: Bearer {token}' \\")
    print(f"    -H 'Content-Type: application/json' -d {body}")
    return 0


def cmd_client_token(args: argparse.Namespace, settings: Settings) -> int:
    from authz.devkeys import issue_dev_token
    from authz.maskinklient import SUBJECT_PREFIX, subject_for
    from authz.policy import MASKINSCOPES
    from models import Bruker, BrukerRolle, Organisasjon

    if _dev_tokens_refused(settings, "client-token"):
        return 1
    if args.minutes is None:
        args.minutes = min(120, settings.max_client_token_minutes)
    if args.minutes > settings.max_client_token_minutes:
        return _refuse(
            "client-token",
            f"--minutes must be at most {settings.max_client_token_minutes} "
            "(BOSETTING_MAX_CLIENT_TOKEN_MINUTES): the service refuses longer-lived tokens",
        )
    client_id: str = args.client_id

    async def lookup(connection: AsyncConnection) -> tuple[Any, list[Any], list[str]]:
        client = (
            await connection.execute(
                select(Bruker.id, Bruker.aktiv, Organisasjon.orgnr, Organisasjon.type)
                .join(Organisasjon, Organisasjon.id == Bruker.organisasjon_id)
                .where(Bruker.subject == subject_for(client_id))
            )
        ).one_or_none()
        roles = []
        if client is not None:
            roles = list(
                await connection.scalars(
                    select(BrukerRolle.rolle).where(BrukerRolle.bruker_id == client.id)
                )
            )
        registered = await connection.scalars(
            select(Bruker.subject)
            .where(Bruker.subject.startswith(SUBJECT_PREFIX), Bruker.aktiv)
            .order_by(Bruker.subject)
        )
        return client, roles, [s.removeprefix(SUBJECT_PREFIX) for s in registered]

    try:
        client, roles, registered = _query(resolve_database_url(settings), lookup)
    except DatabaseNotReady as error:
        return _refuse("client-token", str(error), 1)
    if client is None:
        known = ", ".join(registered) or "none"
        return _refuse(
            "client-token", f"no machine client {client_id!r} is registered (registered: {known})"
        )
    if not client.aktiv:
        return _refuse(
            "client-token", f"machine client {client_id!r} is deactivated: the service refuses it"
        )
    # The scopes the service grants this client: its organisation's, backed by its roles.
    granted = [
        s for s, m in MASKINSCOPES.items() if client.type in m.organisasjoner and m.rolle in roles
    ]
    refused = [s for s in args.scope or () if s not in granted]
    if refused:
        return _refuse(
            "client-token",
            f"--scope {refused[0]!r} is not granted to {client_id} "
            f"(its scopes: {', '.join(granted) or 'none'})",
        )
    if not granted:
        return _refuse("client-token", f"{client_id} holds no scope of this service", 1)
    scopes = args.scope or granted
    token = issue_dev_token(
        settings.dev_key_dir,
        None,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        lifetime_seconds=args.minutes * 60,
        extra_claims={
            "client_id": client_id,
            "consumer": {"authority": "iso6523-actorid-upi", "ID": f"0192:{client.orgnr}"},
            "scope": " ".join(scopes),
            "client_amr": "private_key_jwt",
            "token_type": "Bearer",
        },
    )
    if args.quiet:
        print(token)
    else:
        print(
            f"Token for machine client {client_id} (scope: {' '.join(scopes)}; "
            f"valid {args.minutes} min):\n\n{token}"
        )
    return 0


def cmd_users(args: argparse.Namespace, settings: Settings) -> int:
    from models import Bruker, BrukerRolle, Organisasjon

    async def lookup(connection: AsyncConnection) -> tuple[list[Any], list[Any]]:
        users = (
            await connection.execute(
                select(Bruker.subject, Bruker.aktiv, Organisasjon.navn.label("org"))
                .join(Organisasjon, Organisasjon.id == Bruker.organisasjon_id)
                .order_by(Bruker.subject)
            )
        ).all()
        roles = (
            await connection.execute(
                # bruker_rolle names a user twice (bruker_id, tildelt_av): join on the holder.
                select(Bruker.subject, BrukerRolle.rolle).join(
                    BrukerRolle, BrukerRolle.bruker_id == Bruker.id
                )
            )
        ).all()
        return list(users), list(roles)

    try:
        users, roles = _query(resolve_database_url(settings), lookup)
    except DatabaseNotReady as error:
        return _refuse("users", str(error), 1)
    if not users:
        return _refuse("users", "the database has no users: `./bosetting seed` loads the demo", 1)
    by_subject: dict[str, list[str]] = {}
    for role in roles:
        by_subject.setdefault(role.subject, []).append(str(role.rolle))
    for user in users:
        state = "" if user.aktiv else "  (deactivated)"
        roller = ", ".join(sorted(by_subject.get(user.subject, [])))
        print(f"{user.subject:32} {user.org:40} {roller}{state}")
    return 0


# export-schema


def cmd_export_schema(args: argparse.Namespace, settings: Settings) -> int:
    from schema import SDL_PATH, sdl

    path: Path = args.output or SDL_PATH
    text = sdl()
    if args.check:
        if not path.exists() or path.read_text() != text:
            return _refuse(
                "export-schema",
                f"{_shown(path)} differs from the code: run `./bosetting export-schema`",
                1,
            )
        print(f"{_shown(path)} is current.")
        return 0
    path.write_text(text)
    print(f"Wrote {_shown(path)}.")
    return 0


# db


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    pgdata: Path = args.pgdata or settings.postgres_dir
    if settings.database_url is not None:
        print(
            "(DATABASE_URL is set: the service uses that server, which bosetting neither runs "
            "nor stops; this is about the embedded one.)"
        )
    shown = _shown(pgdata)
    with embedded_lock(pgdata):
        status = embedded_status(pgdata)
        if args.action == "status":
            return _print_status(status, shown)
        if not status.running:
            print(f"The embedded PostgreSQL in {shown} is not running.")
            return 0
        if status.users and not args.force:
            users = "; ".join(f"{u.pid} ({u.command})" for u in status.users)
            return _refuse(
                "db stop",
                f"the embedded PostgreSQL in {shown} is in use by process {users}; "
                "stop that first, or pass --force",
                1,
            )
        stop_embedded_postgres(pgdata)
    print(f"Stopped the embedded PostgreSQL in {shown}.")
    return 0


def _print_status(status: EmbeddedStatus, shown: str) -> int:
    if not status.initialized:
        print(f"There is no embedded PostgreSQL in {shown} yet: `./bosetting serve` creates it.")
        return 3
    if not status.running:
        print(
            f"The embedded PostgreSQL in {shown} is not running "
            "(any command that needs it starts it)."
        )
        return 3
    print(f"The embedded PostgreSQL in {shown} is running (process {status.pid}).")
    socket_dir = status.socket_dir or status.pgdata
    print(
        f"  the service's database: postgresql://postgres@/bosetting?host={socket_dir}"
        f"&port={status.port or 5432}"
    )
    for user in status.users:
        print(f"  in use by process {user.pid}: {user.command}")
    print("  `./bosetting db stop` stops it.")
    return 0


# the parser


class _Parser(argparse.ArgumentParser):
    """Refuses bad input in one line, with exit code 2 (argparse's own adds the usage)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


class _Help(argparse.ArgumentDefaultsHelpFormatter):
    """Shows each option's default, unless its help already says it or there is none."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if "default" in text or action.default is None or isinstance(action.default, bool):
            return text
        return super()._get_help_string(action)


def _whole(least: int, most: int | None = None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = least - 1
        if value < least or (most is not None and value > most):
            bound = f"{least} to {most}" if most is not None else f"{least} or more"
            raise argparse.ArgumentTypeError(f"must be a whole number of {bound}, not {text!r}")
        return value

    return parse


POSITIVE = _whole(1)
PORT = _whole(1, 65535)


def parser() -> argparse.ArgumentParser:
    root = _Parser(
        prog="bosetting",
        formatter_class=_Help,
        description=(
            "The bosetting GraphQL API. Without DATABASE_URL every command uses the embedded "
            "PostgreSQL kept in var/postgres (BOSETTING_DATA_DIR/postgres): the first command "
            "that needs it starts it, and it keeps running until `bosetting db stop`."
        ),
        epilog="Each command has --help. Settings come from the environment (README).",
    )
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = commands.add_parser(
            name, help=summary, description=description, formatter_class=_Help
        )
        return sub

    serve = command(
        "serve",
        "run the service (embedded default: start PostgreSQL, migrate, load demo data)",
        "Run the API with uvicorn. Without DATABASE_URL it starts the embedded PostgreSQL, "
        "migrates it and loads demo data into an empty database first. With DATABASE_URL it "
        "migrates only when asked (--migrate) and loads nothing.",
    )
    serve.add_argument(
        "--host", help="address to listen on (default: BOSETTING_HOST, else 127.0.0.1)"
    )
    serve.add_argument(
        "--port", type=PORT, help="port to listen on (default: BOSETTING_PORT, else 8000)"
    )
    serve.add_argument("--workers", type=POSITIVE, default=1, help="uvicorn worker processes")
    serve.add_argument(
        "--migrate", action="store_true", help="migrate a DATABASE_URL database before serving"
    )
    serve.add_argument("--no-demo", action="store_true", help="do not load demo data")
    serve.add_argument(
        "--persons",
        type=POSITIVE,
        default=DEFAULT_DEMO_PERSONS,
        help="demo persons loaded into an empty embedded database",
    )
    serve.set_defaults(handler=cmd_serve)

    worker = command(
        "worker",
        "deliver the outbox's letters (the dispatcher alone)",
        "Run the outbox's dispatcher without the API: each letter as a PDF and a JSON envelope "
        "in BOSETTING_BREV_DIR (default var/brev), and the kommune's e-mail varsel through "
        "BOSETTING_SMTP_URL when set. `serve` runs one itself unless BOSETTING_UTSENDING=off; "
        "any number may run at once.",
    )
    worker.set_defaults(handler=cmd_worker)

    migrate = command(
        "migrate",
        "apply database migrations",
        "Migrate the database (DATABASE_URL, or the embedded one) with Alembic.",
    )
    migrate.add_argument("revision", nargs="?", default="head", help="the revision to migrate to")
    migrate.set_defaults(handler=cmd_migrate)

    seed = command(
        "seed",
        "load deterministic demo data",
        "Migrate, then load demo data with COPY, in one transaction: the same seed gives the "
        "same data. Refused when the database already holds data, unless --reset.",
    )
    seed.add_argument(
        "--persons", type=POSITIVE, default=DEFAULT_DEMO_PERSONS, help="how many persons"
    )
    seed.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    seed.add_argument("--reset", action="store_true", help="empty the database first")
    seed.add_argument("--no-migrate", action="store_true", help="do not migrate first")
    seed.set_defaults(handler=cmd_seed)

    token = command(
        "token",
        "issue a development token for a demo user",
        "Sign a token for an active user of the database with the local development key "
        "(never trusted in production), and print it with a GraphiQL address and a curl "
        "command that carry it. `bosetting users` lists the users.",
    )
    token.add_argument("subject", help="the user's subject, e.g. demo-0301-bosetter-skriv")
    token.add_argument(
        "--hours",
        type=POSITIVE,
        help="lifetime in hours (default: 8, or BOSETTING_MAX_TOKEN_HOURS when lower; "
        "at most BOSETTING_MAX_TOKEN_HOURS, 12)",
    )
    token.add_argument("-q", "--quiet", action="store_true", help="print the token alone")
    token.set_defaults(handler=cmd_token)

    client = command(
        "client-token",
        "issue a development token for a demo machine client (Maskinporten-like)",
        "Sign a client-credentials token (client_id, consumer orgnr, scope) for a registered "
        "machine client with the local development key. Demo clients: demo-bufetat-system, "
        "demo-udi-system, demo-mottak-system, demo-iom-system, demo-selvreg-system.",
    )
    client.add_argument("client_id", help="the registered client id, e.g. demo-bufetat-system")
    client.add_argument(
        "--scope",
        action="append",
        help="a scope to ask for (repeatable; default: every scope the client is granted)",
    )
    client.add_argument(
        "--minutes",
        type=POSITIVE,
        help="lifetime in minutes (default and at most: BOSETTING_MAX_CLIENT_TOKEN_MINUTES, 120)",
    )
    client.add_argument("-q", "--quiet", action="store_true", help="print the token alone")
    client.set_defaults(handler=cmd_client_token)

    users = command(
        "users",
        "list users and their roles",
        "List every user of the database (the demo users on a demo database): subject, "
        "organisation and roles, and whether deactivated. `bosetting token SUBJECT` issues a "
        "token for one.",
    )
    users.set_defaults(handler=cmd_users)

    export = command(
        "export-schema",
        "write schema.graphql from the code",
        "Write the GraphQL schema (SDL) the code defines, which the repository keeps in "
        "schema.graphql; --check only compares (exit 1 when it differs).",
    )
    export.add_argument("--check", action="store_true", help="only check that it is current")
    export.add_argument(
        "--output",
        type=Path,
        help="the file to write or check (default: schema.graphql in the checkout)",
    )
    export.set_defaults(handler=cmd_export_schema)

    db = command(
        "db",
        "status or stop of the embedded PostgreSQL",
        "The embedded PostgreSQL (used without DATABASE_URL) starts with the first command "
        "that needs it and keeps running after that command ends. `db status` says whether it "
        "runs (exit 3 when not) and who uses it; `db stop` stops it (to start over: stop it and "
        "delete its folder).",
    )
    actions = db.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, summary in (
        ("status", "whether it runs (exit 0) or not (exit 3), and which processes use it"),
        ("stop", "stop it; refused while a process such as `serve` uses it, unless --force"),
    ):
        action = actions.add_parser(
            name,
            help=summary,
            description=f"The embedded PostgreSQL: {summary}.",
            formatter_class=_Help,
        )
        action.add_argument(
            "--pgdata",
            type=Path,
            help="its data folder (default: BOSETTING_DATA_DIR/postgres, i.e. var/postgres; "
            "the tests' is var/test-postgres)",
        )
        if name == "stop":
            action.add_argument(
                "--force", action="store_true", help="stop it even while processes use it"
            )
    db.set_defaults(handler=cmd_db)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"bosetting: {error}", file=sys.stderr)
        return 2
    try:
        result: int = args.handler(args, settings)
    except BrokenPipeError:
        # The reader left early (`bosetting users | head`): no traceback for that.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return result


if __name__ == "__main__":
    raise SystemExit(main())
