"""``bosetting``: serve, migrate, seed, token, users and export-schema."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from app.db import make_engine, resolve_database_url
from app.observability import MetricsServer, configure_logging, multiprocess_registry
from app.settings import Settings, SettingsError

DEFAULT_DEMO_PERSONS = 10_000


def _print_login_help(settings: Settings, base_url: str) -> None:
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
""",
        flush=True,
    )


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.httpserver import uvicorn_http_options

    embedded = settings.database_url is None
    url = resolve_database_url(settings)
    if embedded:
        print(f"Using the embedded PostgreSQL in {settings.postgres_dir}", flush=True)
    if embedded or args.migrate:
        from app.migrate import prepare_database

        asyncio.run(
            prepare_database(url, seed_demo=embedded and not args.no_demo, persons=args.persons)
        )
    # The workers inherit the database through the environment.
    os.environ["DATABASE_URL"] = url
    base_url = f"http://{args.host or settings.host}:{args.port or settings.port}"
    _print_login_help(settings, base_url)
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
            args.host or settings.host,
            settings.metrics_port,
            multiprocess_registry(multiprocess_dir),
        )
    try:
        uvicorn.run(
            "app.asgi:create_app",
            factory=True,
            host=args.host or settings.host,
            port=args.port or settings.port,
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


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from app.migrate import upgrade

    url = resolve_database_url(settings)
    upgrade(url, args.revision)
    print(f"Migrated to {args.revision}.")
    return 0


def cmd_seed(args: argparse.Namespace, settings: Settings) -> int:
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
        except NotEmptyError as error:
            print(f"seed: {error}", file=sys.stderr)
            return 1
        finally:
            await engine.dispose()
        rows = sum(len(r) for r in data.rows.values())
        print(f"Loaded {args.persons} persons ({rows} rows) in {seconds:.1f} s.")
        return 0

    return asyncio.run(run())


def cmd_client_token(args: argparse.Namespace, settings: Settings) -> int:
    from authz.devkeys import issue_dev_token
    from authz.maskinklient import subject_for
    from authz.policy import MASKINSCOPES
    from models import Bruker, Organisasjon

    if _dev_tokens_refused(settings, "client-token"):
        return 1
    if args.minutes is None:
        args.minutes = min(120, settings.max_client_token_minutes)
    if not 0 < args.minutes <= settings.max_client_token_minutes:
        print(
            f"client-token: --minutes must be 1 to {settings.max_client_token_minutes}"
            " (BOSETTING_MAX_CLIENT_TOKEN_MINUTES): the service refuses longer-lived tokens",
            file=sys.stderr,
        )
        return 2
    url = resolve_database_url(settings)

    async def lookup() -> Any:
        engine = make_engine(url, pool_size=1)
        try:
            async with engine.connect() as connection:
                return (
                    await connection.execute(
                        select(Organisasjon.orgnr, Organisasjon.type, Bruker.aktiv)
                        .join(Organisasjon)
                        .where(Bruker.subject == subject_for(args.client_id))
                    )
                ).one_or_none()
        finally:
            await engine.dispose()

    client = asyncio.run(lookup())
    if client is None:
        print(f"client-token: no machine client {args.client_id!r} is registered", file=sys.stderr)
        return 1
    scopes = args.scope or [s for s, m in MASKINSCOPES.items() if client.type in m.organisasjoner]
    token = issue_dev_token(
        settings.dev_key_dir,
        None,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        lifetime_seconds=args.minutes * 60,
        extra_claims={
            "client_id": args.client_id,
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
            f"Token for machine client {args.client_id} (scope: {' '.join(scopes)}; "
            f"valid {args.minutes} min):\n\n{token}"
        )
    return 0


def cmd_users(args: argparse.Namespace, settings: Settings) -> int:
    from models import Bruker, BrukerRolle, Organisasjon

    url = resolve_database_url(settings)

    async def run() -> None:
        engine = make_engine(url, pool_size=1)
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    select(
                        Bruker.subject, Bruker.navn, Bruker.aktiv, Organisasjon.navn.label("org")
                    )
                    .join(Organisasjon)
                    .order_by(Bruker.subject)
                )
            ).all()
            roles = (
                await connection.execute(
                    select(BrukerRolle.bruker_id, BrukerRolle.rolle, Bruker.subject).join(Bruker)
                )
            ).all()
        await engine.dispose()
        by_subject: dict[str, list[str]] = {}
        for role in roles:
            by_subject.setdefault(role.subject, []).append(str(role.rolle))
        for row in rows:
            state = "" if row.aktiv else "  (deactivated)"
            roller = ", ".join(sorted(by_subject.get(row.subject, [])))
            print(f"{row.subject:32} {row.org:40} {roller}{state}")

    asyncio.run(run())
    return 0


def _dev_tokens_refused(settings: Settings, command: str) -> bool:
    if settings.is_production:
        print(f"{command}: demo tokens are for development only", file=sys.stderr)
        return True
    if settings.jwks is not None:
        print(
            f"{command}: BOSETTING_JWKS is set, so the service trusts another issuer than the "
            "local development key; unset it to use demo tokens",
            file=sys.stderr,
        )
        return True
    return False


def cmd_token(args: argparse.Namespace, settings: Settings) -> int:
    from authz.devkeys import issue_dev_token

    if _dev_tokens_refused(settings, "token"):
        return 1
    if args.hours is None:
        args.hours = min(8, settings.max_token_hours)
    if not 0 < args.hours <= settings.max_token_hours:
        print(
            f"token: --hours must be 1 to {settings.max_token_hours} (BOSETTING_MAX_TOKEN_HOURS):"
            " the service refuses longer-lived tokens",
            file=sys.stderr,
        )
        return 2
    token = issue_dev_token(
        settings.dev_key_dir,
        args.subject,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        lifetime_seconds=args.hours * 3600,
    )
    if args.quiet:
        print(token)
        return 0
    base = f"http://{settings.host}:{settings.port}"
    print(f"Token for {args.subject} (valid {args.hours} h):\n\n{token}\n")
    print(f"GraphiQL, logged in:  {base}/graphql#token={token}\n")
    print(f"curl:  curl -s {base}/graphql -H 'Authorization: Bearer {token[:12]}…' \\")
    print(
        "         -H 'Content-Type: application/json' -d '{\"query\": \"{ me { navn roller } }\"}'"
    )
    return 0


def cmd_export_schema(args: argparse.Namespace, settings: Settings) -> int:
    from schema import SDL_PATH, sdl

    text = sdl()
    if args.check:
        if not SDL_PATH.exists() or SDL_PATH.read_text() != text:
            print(f"{SDL_PATH.name} differs from the code: run `./bosetting export-schema`")
            return 1
        print(f"{SDL_PATH.name} is current.")
        return 0
    SDL_PATH.write_text(text)
    print(f"Wrote {SDL_PATH}.")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="bosetting",
        description=(
            "The bosetting GraphQL API. Without DATABASE_URL every command uses the embedded "
            "PostgreSQL kept in var/postgres."
        ),
    )
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve",
        help="run the service (embedded default: start PostgreSQL, migrate, load demo data)",
        description="Run the API with uvicorn. With the embedded default it migrates and loads "
        "demo data into an empty database first.",
    )
    serve.add_argument("--host", default=None, help="address to listen on (BOSETTING_HOST)")
    serve.add_argument("--port", type=int, default=None, help="port (BOSETTING_PORT, 8000)")
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    serve.add_argument(
        "--migrate", action="store_true", help="migrate a DATABASE_URL database before serving"
    )
    serve.add_argument("--no-demo", action="store_true", help="do not load demo data")
    serve.add_argument(
        "--persons", type=int, default=DEFAULT_DEMO_PERSONS, help="demo persons on first start"
    )
    serve.set_defaults(handler=cmd_serve)

    migrate = commands.add_parser("migrate", help="apply database migrations")
    migrate.add_argument("revision", nargs="?", default="head", help="target (default: head)")
    migrate.set_defaults(handler=cmd_migrate)

    seed = commands.add_parser(
        "seed", help="load deterministic demo data", description="Load demo data with COPY."
    )
    seed.add_argument("--persons", type=int, default=DEFAULT_DEMO_PERSONS, help="how many persons")
    seed.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    seed.add_argument("--reset", action="store_true", help="empty the database first")
    seed.add_argument("--no-migrate", action="store_true", help="do not migrate first")
    seed.set_defaults(handler=cmd_seed)

    token = commands.add_parser(
        "token",
        help="issue a development token for a demo user",
        description="Sign a token with the local development key (never trusted in production).",
    )
    token.add_argument("subject", help="the user's subject, e.g. demo-0301-bosetter-skriv")
    token.add_argument(
        "--hours",
        type=int,
        default=None,
        help="lifetime in hours (default 8; at most BOSETTING_MAX_TOKEN_HOURS)",
    )
    token.add_argument("-q", "--quiet", action="store_true", help="print the token alone")
    token.set_defaults(handler=cmd_token)

    client = commands.add_parser(
        "client-token",
        help="issue a development token for a demo machine client (Maskinporten-like)",
        description="Sign a client-credentials token (client_id, consumer orgnr, scope) with the "
        "local development key. Demo clients: demo-bufetat-system, demo-udi-system, "
        "demo-mottak-system.",
    )
    client.add_argument("client_id", help="the registered client id, e.g. demo-bufetat-system")
    client.add_argument(
        "--scope",
        action="append",
        help="a scope to ask for (repeatable); default: every scope of the client's organisation",
    )
    client.add_argument(
        "--minutes",
        type=int,
        default=None,
        help="lifetime in minutes (default and at most BOSETTING_MAX_CLIENT_TOKEN_MINUTES, 120)",
    )
    client.add_argument("-q", "--quiet", action="store_true", help="print the token alone")
    client.set_defaults(handler=cmd_client_token)

    users = commands.add_parser("users", help="list users and their roles")
    users.set_defaults(handler=cmd_users)

    export = commands.add_parser("export-schema", help="write schema.graphql from the code")
    export.add_argument("--check", action="store_true", help="only check that it is current")
    export.set_defaults(handler=cmd_export_schema)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"bosetting: {error}", file=sys.stderr)
        return 2
    result: int = args.handler(args, settings)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
