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
    max_body_bytes: int = 1_048_576
    request_timeout_seconds: float = 30.0
    statement_timeout_ms: int = 10_000
    rate_limit_per_minute: int = 600
    max_subscriptions: int = 5
    otlp_traces_endpoint: str | None = None
    """Where OpenTelemetry spans go (OTLP over HTTP); no tracing without it."""
    otel_service_name: str = "bosetting"
    statistikk_salt: int = 0x5EED
    """The secret behind the statistics' record keys (cell key noise); production sets it."""
    """Origins (scheme://host[:port]) whose browsers may call the API; none by default."""

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
        port_text = _env("BOSETTING_PORT", "8000") or "8000"
        if not er_siffer(port_text):
            raise SettingsError(f"BOSETTING_PORT must be a number, not {port_text!r}")
        return cls(
            environment=environment,
            database_url=normalize_database_url(database_url) if database_url else None,
            data_dir=data_dir,
            host=_env("BOSETTING_HOST", "127.0.0.1") or "127.0.0.1",
            port=int(port_text),
            jwks=jwks,
            jwt_issuer=issuer or DEV_ISSUER,
            jwt_audience=audience,
            vendor_dir=Path(_env("BOSETTING_VENDOR_DIR", str(data_dir / "graphiql")) or ""),
            max_body_bytes=_int("BOSETTING_MAX_BODY_BYTES", 1_048_576),
            request_timeout_seconds=float(_int("BOSETTING_REQUEST_TIMEOUT_SECONDS", 30)),
            statement_timeout_ms=_int("BOSETTING_STATEMENT_TIMEOUT_MS", 10_000),
            rate_limit_per_minute=_int("BOSETTING_RATE_LIMIT_PER_MINUTE", 600),
            max_subscriptions=_int("BOSETTING_MAX_SUBSCRIPTIONS", 5),
            otlp_traces_endpoint=_otlp_traces_endpoint(),
            otel_service_name=_env("OTEL_SERVICE_NAME", "bosetting") or "bosetting",
            statistikk_salt=_int("BOSETTING_STATISTIKK_SALT", 0x5EED),
            cors_origins=tuple(
                origin.strip()
                for origin in (_env("BOSETTING_CORS_ORIGINS", "") or "").split(",")
                if origin.strip()
            ),
        )


def _otlp_traces_endpoint() -> str | None:
    """OpenTelemetry's own variables: the traces endpoint, else the base endpoint's."""
    if traces := _env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
        return traces
    if base := _env("OTEL_EXPORTER_OTLP_ENDPOINT"):
        return base.rstrip("/") + "/v1/traces"
    return None


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
