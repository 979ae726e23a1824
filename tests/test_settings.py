"""Settings from the environment; production refuses to start half-configured."""

from __future__ import annotations

import pytest

from app.settings import DEV_ISSUER, Settings, SettingsError, normalize_database_url


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
