"""Settings from the environment; production refuses to start half-configured."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.asgi import create_app
from app.settings import DEV_ISSUER, ROOT, Settings, SettingsError, normalize_database_url


def test_development_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BOSETTING_ENV", "DATABASE_URL", "BOSETTING_JWKS", "BOSETTING_JWT_ISSUER"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env()
    assert settings.database_url is None
    assert settings.jwt_issuer == DEV_ISSUER
    assert settings.postgres_dir.name == "postgres"


def test_production_needs_a_database_a_jwks_and_an_issuer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOSETTING_ENV", "production")
    for name in (
        "DATABASE_URL",
        "BOSETTING_JWKS",
        "BOSETTING_JWT_ISSUER",
        "BOSETTING_STATISTIKK_SALT",
    ):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(
        SettingsError,
        match="DATABASE_URL, BOSETTING_JWKS, BOSETTING_JWT_ISSUER, BOSETTING_STATISTIKK_SALT",
    ):
        Settings.from_env()


def test_production_never_trusts_the_development_issuer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOSETTING_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/bosetting")
    monkeypatch.setenv("BOSETTING_JWKS", "https://idp.example/jwks")
    monkeypatch.setenv("BOSETTING_JWT_ISSUER", DEV_ISSUER)
    monkeypatch.setenv("BOSETTING_STATISTIKK_SALT", "8151")
    with pytest.raises(SettingsError, match="development token issuer"):
        Settings.from_env()


def test_an_unknown_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOSETTING_ENV", "staging")
    with pytest.raises(SettingsError, match="BOSETTING_ENV"):
        Settings.from_env()


@pytest.mark.parametrize(
    "url",
    ["postgres://u@h/db", "postgresql://u@h/db", "postgresql+asyncpg://u@h/db"],
)
def test_database_urls_use_asyncpg(url: str) -> None:
    assert normalize_database_url(url) == "postgresql+asyncpg://u@h/db"


def test_a_non_postgresql_url_is_refused() -> None:
    with pytest.raises(SettingsError, match="PostgreSQL"):
        normalize_database_url("mysql://u@h/db")


def _production(monkeypatch: pytest.MonkeyPatch, jwks: str) -> None:
    monkeypatch.setenv("BOSETTING_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/bosetting")
    monkeypatch.setenv("BOSETTING_JWKS", jwks)
    monkeypatch.setenv("BOSETTING_JWT_ISSUER", "https://idp.example")
    monkeypatch.setenv("BOSETTING_STATISTIKK_SALT", "8151")
    monkeypatch.delenv("BOSETTING_METRICS_PORT", raising=False)


@pytest.mark.parametrize("jwks", ["http://idp.example/jwks", "ftp://idp.example/jwks"])
def test_production_fetches_the_jwks_over_https_only(
    monkeypatch: pytest.MonkeyPatch, jwks: str
) -> None:
    _production(monkeypatch, jwks)
    with pytest.raises(SettingsError, match="BOSETTING_JWKS to be an https:// URL or a file"):
        Settings.from_env()


@pytest.mark.parametrize("jwks", ["https://idp.example/jwks", "/run/secrets/jwks.json"])
def test_production_takes_an_https_jwks_or_a_file(
    monkeypatch: pytest.MonkeyPatch, jwks: str
) -> None:
    _production(monkeypatch, jwks)
    settings = Settings.from_env()
    assert settings.jwks == jwks
    assert settings.metrics_port == 9464  # production: /metrics on a port of its own


def test_the_limits_and_their_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "BOSETTING_ENV",
        "BOSETTING_METRICS_PORT",
        "BOSETTING_METRICS_OPERATIONS",
        "BOSETTING_MAX_TOKEN_HOURS",
        "BOSETTING_KORRIGERINGSVINDU_DAGER",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env()
    assert settings.metrics_port is None  # development: /metrics on the API's listener
    assert settings.korrigeringsvindu_dager == 30
    assert (settings.max_token_hours, settings.max_client_token_minutes) == (12, 120)
    assert settings.max_token_bytes == 8192
    assert settings.failed_logins_per_minute == 60
    monkeypatch.setenv("BOSETTING_METRICS_OPERATIONS", "HentPerson, Meg,,")
    monkeypatch.setenv("BOSETTING_METRICS_PORT", "9100")
    monkeypatch.setenv("BOSETTING_MAX_TOKEN_HOURS", "2")
    monkeypatch.setenv("BOSETTING_KORRIGERINGSVINDU_DAGER", "14")
    settings = Settings.from_env()
    assert settings.korrigeringsvindu_dager == 14
    assert settings.metrics_operations == {"HentPerson", "Meg"}
    assert settings.metrics_port == 9100
    assert settings.max_token_hours == 2


def test_the_metrics_port_is_not_the_apis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOSETTING_ENV", raising=False)
    monkeypatch.setenv("BOSETTING_PORT", "8000")
    monkeypatch.setenv("BOSETTING_METRICS_PORT", "8000")
    with pytest.raises(SettingsError, match="BOSETTING_METRICS_PORT must differ"):
        Settings.from_env()


def test_the_pool_of_each_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """BOSETTING_DB_POOL_SIZE: the connections each API process keeps, and as many more."""
    monkeypatch.delenv("BOSETTING_DB_POOL_SIZE", raising=False)
    assert Settings.from_env().db_pool_size == 10
    monkeypatch.setenv("BOSETTING_DB_POOL_SIZE", "3")
    settings = replace(
        Settings.from_env(),
        data_dir=tmp_path,
        database_url="postgresql+asyncpg://postgres@127.0.0.1:1/none",
    )
    app = create_app(settings)
    pool = app.state.engine.pool
    assert (pool.size(), pool._max_overflow) == (3, 3)


def test_the_outboxs_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "BOSETTING_UTSENDING",
        "BOSETTING_BREV_DIR",
        "BOSETTING_SMTP_URL",
        "BOSETTING_UTSENDING_FORSOK",
        "BOSETTING_DATA_DIR",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env()
    assert settings.utsending == "inprocess"
    assert settings.brev_mappe == ROOT / "var" / "brev"
    assert settings.smtp_url is None
    assert settings.utsending_forsok == 8
    monkeypatch.setenv("BOSETTING_UTSENDING", "off")
    monkeypatch.setenv("BOSETTING_BREV_DIR", "/srv/brev")
    monkeypatch.setenv("BOSETTING_SMTP_URL", "smtp://mail.example:2525")
    settings = Settings.from_env()
    assert (settings.utsending, settings.brev_mappe) == ("off", Path("/srv/brev"))
    assert settings.smtp_url == "smtp://mail.example:2525"
    for name, value, message in (
        ("BOSETTING_UTSENDING", "sometimes", "BOSETTING_UTSENDING must be one of inprocess, off"),
        ("BOSETTING_SMTP_URL", "mail.example", "BOSETTING_SMTP_URL must be smtp://host:port"),
    ):
        monkeypatch.setenv(name, value)
        with pytest.raises(SettingsError, match=message):
            Settings.from_env()
        monkeypatch.delenv(name)
