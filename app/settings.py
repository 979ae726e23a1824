"""Settings, read from the environment: ``DATABASE_URL`` and ``BOSETTING_*``."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from models.identifikatorer import er_siffer

ROOT = Path(__file__).resolve().parent.parent
DEV_ISSUER = "https://bosetting.localhost/dev"
DEV_AUDIENCE = "bosetting-api"


class SettingsError(ValueError):
    """A setting is missing or has a value the service cannot run with."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


@dataclass(frozen=True)
class Settings:
    environment: str = "development"
    database_url: str | None = None
    data_dir: Path = ROOT / "var"
    host: str = "127.0.0.1"
    port: int = 8000
    jwks: str | None = None
    jwt_issuer: str = DEV_ISSUER
    jwt_audience: str = DEV_AUDIENCE
    jwt_leeway_seconds: int = 30
    vendor_dir: Path = field(default_factory=lambda: ROOT / "var" / "graphiql")
    cors_origins: tuple[str, ...] = ()
    """Origins (scheme://host[:port]) whose browsers may call the API; none by default."""
    max_body_bytes: int = 1_048_576
    max_dokument_bytes: int = 10_485_760
    """The largest document a kommune uploads (the council's vedtak, a PDF)."""
    request_timeout_seconds: float = 30.0
    statement_timeout_ms: int = 10_000
    db_pool_size: int = 10
    """Connections each API process keeps to PostgreSQL; as many more may open under load."""
    rate_limit_per_minute: int = 600
    failed_logins_per_minute: int = 60
    """401 answers per client address a minute; past it, 429 before a token is read."""
    rate_limit_sync_ms: int = 1000
    """How often each process reconciles its rate-limit counts with PostgreSQL."""
    rate_limit_sync_requests: int = 50
    """Admits of one key a process makes before PostgreSQL has seen them (at most a tenth of
    the key's limit): with N processes a limit holds within N times this."""
    forwarded_allow_ips: str | None = None
    """Proxies whose ``X-Forwarded-For`` names the client (uvicorn's ``forwarded_allow_ips``)."""
    max_subscriptions: int = 5
    max_token_bytes: int = 8192
    max_token_hours: int = 12
    max_client_token_minutes: int = 120
    metrics_port: int | None = None
    """Where ``/metrics`` is served on a listener of its own; production: 9464 by default."""
    metrics_operations: frozenset[str] = frozenset()
    """Operation names the metrics label by (besides the service's own); others are ``other``."""
    otlp_traces_endpoint: str | None = None
    """Where OpenTelemetry spans go (OTLP over HTTP); no tracing without it."""
    otel_service_name: str = "bosetting"
    statistikk_salt: int = 0x5EED
    """The secret behind the statistics' record keys (cell key noise); production sets it."""
    korrigeringsvindu_dager: int = 30
    """Days after registering a bosettingsdato in which the kommune may correct it (IMDi may
    at any time)."""
    utsending: str = "inprocess"
    """Where the outbox is delivered: ``inprocess`` (``serve`` runs the dispatcher beside the
    API) or ``off`` (``bosetting worker`` runs it alone)."""
    brev_dir: Path | None = None
    """The file channel's folder (a PDF and a JSON envelope per letter); default
    ``<data dir>/brev``."""
    smtp_url: str | None = None
    """``smtp://host:port``: the e-mail channel (the kommune's varsel of a new letter); none
    without it."""
    smtp_avsender: str = "ikke-svar@imdi.no"
    utsending_forsok: int = 8
    """Attempts of a letter before it is dead-lettered (``feilet``), with backoff between."""
    utsending_heartbeat_sekunder: int = 30
    """A letter taken by a dispatcher that stops sending heartbeats this long is taken again."""

    @property
    def brev_mappe(self) -> Path:
        return self.brev_dir or self.data_dir / "brev"

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def postgres_dir(self) -> Path:
        """Where the embedded PostgreSQL keeps its data."""
        return self.data_dir / "postgres"

    @property
    def dev_key_dir(self) -> Path:
        """The local development signing key and its JWKS (never trusted in production)."""
        return self.data_dir / "dev-keys"

    @classmethod
    def from_env(cls) -> Settings:
        environment = _env("BOSETTING_ENV", "development") or "development"
        if environment not in ("development", "production"):
            raise SettingsError(
                f"BOSETTING_ENV must be 'development' or 'production', not {environment!r}"
            )
        data_dir = Path(_env("BOSETTING_DATA_DIR", str(ROOT / "var")) or ROOT / "var")
        jwks = _env("BOSETTING_JWKS")
        issuer = _env("BOSETTING_JWT_ISSUER")
        audience = _env("BOSETTING_JWT_AUDIENCE", DEV_AUDIENCE) or DEV_AUDIENCE
        database_url = _env("DATABASE_URL")
        if environment == "production":
            missing = [
                name
                for name, value in (
                    ("DATABASE_URL", database_url),
                    ("BOSETTING_JWKS", jwks),
                    ("BOSETTING_JWT_ISSUER", issuer),
                    ("BOSETTING_STATISTIKK_SALT", _env("BOSETTING_STATISTIKK_SALT")),
                )
                if value is None
            ]
            if missing:
                raise SettingsError(f"production needs {', '.join(missing)} to be set")
            if issuer == DEV_ISSUER:
                raise SettingsError("production must not trust the development token issuer")
            if jwks is not None and "://" in jwks and not jwks.startswith("https://"):
                # A file path is fine (a mounted secret); a key fetched over plain HTTP is not.
                raise SettingsError(
                    "production needs BOSETTING_JWKS to be an https:// URL or a file path, "
                    f"not {jwks.split('://', 1)[0]}://…"
                )
        port = _int("BOSETTING_PORT", 8000)
        metrics_port = _int("BOSETTING_METRICS_PORT", 9464 if environment == "production" else 0)
        if metrics_port == port:
            raise SettingsError("BOSETTING_METRICS_PORT must differ from BOSETTING_PORT")
        return cls(
            environment=environment,
            database_url=normalize_database_url(database_url) if database_url else None,
            data_dir=data_dir,
            host=_env("BOSETTING_HOST", "127.0.0.1") or "127.0.0.1",
            port=port,
            jwks=jwks,
            jwt_issuer=issuer or DEV_ISSUER,
            jwt_audience=audience,
            vendor_dir=Path(_env("BOSETTING_VENDOR_DIR", str(data_dir / "graphiql")) or ""),
            max_body_bytes=_int("BOSETTING_MAX_BODY_BYTES", 1_048_576),
            max_dokument_bytes=_int("BOSETTING_MAX_DOKUMENT_BYTES", 10_485_760),
            request_timeout_seconds=float(_int("BOSETTING_REQUEST_TIMEOUT_SECONDS", 30)),
            statement_timeout_ms=_int("BOSETTING_STATEMENT_TIMEOUT_MS", 10_000),
            db_pool_size=max(1, _int("BOSETTING_DB_POOL_SIZE", 10)),
            rate_limit_per_minute=_int("BOSETTING_RATE_LIMIT_PER_MINUTE", 600),
            failed_logins_per_minute=_int("BOSETTING_FAILED_LOGINS_PER_MINUTE", 60),
            rate_limit_sync_ms=_int("BOSETTING_RATE_LIMIT_SYNC_MS", 1000),
            rate_limit_sync_requests=max(1, _int("BOSETTING_RATE_LIMIT_SYNC_REQUESTS", 50)),
            forwarded_allow_ips=_env("BOSETTING_FORWARDED_ALLOW_IPS"),
            max_subscriptions=_int("BOSETTING_MAX_SUBSCRIPTIONS", 5),
            max_token_bytes=_int("BOSETTING_MAX_TOKEN_BYTES", 8192),
            max_token_hours=_int("BOSETTING_MAX_TOKEN_HOURS", 12),
            max_client_token_minutes=_int("BOSETTING_MAX_CLIENT_TOKEN_MINUTES", 120),
            metrics_port=metrics_port or None,
            metrics_operations=frozenset(_list("BOSETTING_METRICS_OPERATIONS")),
            otlp_traces_endpoint=_otlp_traces_endpoint(),
            otel_service_name=_env("OTEL_SERVICE_NAME", "bosetting") or "bosetting",
            statistikk_salt=_int("BOSETTING_STATISTIKK_SALT", 0x5EED),
            korrigeringsvindu_dager=_int("BOSETTING_KORRIGERINGSVINDU_DAGER", 30),
            cors_origins=tuple(_list("BOSETTING_CORS_ORIGINS")),
            utsending=_choice("BOSETTING_UTSENDING", ("inprocess", "off")),
            brev_dir=Path(brev_dir) if (brev_dir := _env("BOSETTING_BREV_DIR")) else None,
            smtp_url=_smtp_url(),
            smtp_avsender=_env("BOSETTING_SMTP_AVSENDER", "ikke-svar@imdi.no")
            or "ikke-svar@imdi.no",
            utsending_forsok=max(1, _int("BOSETTING_UTSENDING_FORSOK", 8)),
            utsending_heartbeat_sekunder=max(1, _int("BOSETTING_UTSENDING_HEARTBEAT_SEKUNDER", 30)),
        )


def _otlp_traces_endpoint() -> str | None:
    """OpenTelemetry's own variables: the traces endpoint, else the base endpoint's."""
    if traces := _env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
        return traces
    if base := _env("OTEL_EXPORTER_OTLP_ENDPOINT"):
        return base.rstrip("/") + "/v1/traces"
    return None


def _choice(name: str, choices: tuple[str, ...]) -> str:
    value = _env(name, choices[0]) or choices[0]
    if value not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _smtp_url() -> str | None:
    url = _env("BOSETTING_SMTP_URL")
    if url is not None and not url.startswith("smtp://"):
        raise SettingsError("BOSETTING_SMTP_URL must be smtp://host:port")
    return url


def _list(name: str) -> list[str]:
    """A comma-separated setting, without blanks."""
    return [part.strip() for part in (_env(name, "") or "").split(",") if part.strip()]


def _int(name: str, default: int) -> int:
    value = _env(name)
    if value is None:
        return default
    if not er_siffer(value):
        raise SettingsError(f"{name} must be a whole number, not {value!r}")
    return int(value)


def normalize_database_url(url: str) -> str:
    """Accept ``postgres://`` and ``postgresql://`` URLs and use the asyncpg driver for them."""
    for prefix in (
        "postgres://",
        "postgresql://",
        "postgresql+psycopg://",
        "postgresql+psycopg2://",
    ):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    if not url.startswith("postgresql+asyncpg://"):
        raise SettingsError(
            f"DATABASE_URL must be a PostgreSQL URL, not {url.split(':', 1)[0]}://…"
        )
    return url
