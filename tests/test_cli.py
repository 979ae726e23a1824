"""The ``bosetting`` command line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.cli import main, parser
from app.settings import DEV_AUDIENCE, DEV_ISSUER, Settings
from authz.tokens import TokenVerifier

COMMANDS = ("serve", "migrate", "seed", "token", "users", "export-schema")


def test_help_lists_every_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "--help"], capture_output=True, text=True, check=True
    )
    for command in COMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        parser().parse_args([command, "--help"])
    assert exit_.value.code == 0
    assert "usage: bosetting " + command in capsys.readouterr().out


def test_token_issues_a_token_the_service_accepts(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOSETTING_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("BOSETTING_JWKS", raising=False)
    assert main(["token", "demo-imdi-admin", "--quiet"]) == 0
    token = capsys.readouterr().out.strip()
    settings = Settings.from_env()
    verifier = TokenVerifier(
        str(settings.dev_key_dir / "jwks.json"), issuer=DEV_ISSUER, audience=DEV_AUDIENCE
    )
    assert verifier.verify(token)["sub"] == "demo-imdi-admin"


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


def test_export_schema_check_passes_when_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export-schema", "--check"]) == 0
    assert "is current" in capsys.readouterr().out
