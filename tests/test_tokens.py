"""Token verification against a JWKS served over HTTP, as an OIDC provider publishes it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from app.cli import main
from authz.devkeys import ensure_dev_key, issue_dev_token
from authz.principal import AuthenticationError
from authz.tokens import TokenVerifier, bearer_token

ISSUER = "https://idp.test"
AUDIENCE = "bosetting-api"


@pytest.fixture
def jwks_url(tmp_path: Path) -> Iterator[str]:
    body = ensure_dev_key(tmp_path / "idp").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/.well-known/jwks.json"
    httpd.shutdown()
    httpd.server_close()


def test_a_token_is_verified_against_a_jwks_url(jwks_url: str, tmp_path: Path) -> None:
    verifier = TokenVerifier(jwks_url, issuer=ISSUER, audience=AUDIENCE)
    token = issue_dev_token(tmp_path / "idp", "user-1", issuer=ISSUER, audience=AUDIENCE)
    assert verifier.verify(token)["sub"] == "user-1"


def test_a_token_of_another_key_is_refused_by_the_jwks_url(jwks_url: str, tmp_path: Path) -> None:
    verifier = TokenVerifier(jwks_url, issuer=ISSUER, audience=AUDIENCE)
    token = issue_dev_token(tmp_path / "other", "user-1", issuer=ISSUER, audience=AUDIENCE)
    with pytest.raises(AuthenticationError):
        verifier.verify(token)


def test_an_unsigned_token_is_refused(tmp_path: Path) -> None:
    import jwt

    verifier = TokenVerifier(str(ensure_dev_key(tmp_path)), issuer=ISSUER, audience=AUDIENCE)
    unsigned = jwt.encode(
        {"sub": "x", "iss": ISSUER, "aud": AUDIENCE, "exp": 4_000_000_000, "iat": 1},
        key="",
        algorithm="none",
    )
    with pytest.raises(AuthenticationError, match="invalid"):
        verifier.verify(unsigned)


@pytest.mark.parametrize(("header", "token"), [("Bearer abc", "abc"), ("bearer  abc ", "abc")])
def test_bearer_token(header: str, token: str) -> None:
    assert bearer_token(header) == token


def _verifier(tmp_path: Path) -> TokenVerifier:
    return TokenVerifier(
        str(ensure_dev_key(tmp_path)),
        issuer=ISSUER,
        audience=AUDIENCE,
        max_lifetime_seconds=12 * 3600,
        max_client_lifetime_seconds=120 * 60,
    )


def _token(tmp_path: Path, subject: str | None = "user-1", **claims: object) -> str:
    return issue_dev_token(
        tmp_path, subject, issuer=ISSUER, audience=AUDIENCE, extra_claims=dict(claims)
    )


@pytest.mark.parametrize("claim", ["exp", "nbf", "iat"])
def test_a_date_claim_as_a_string_is_refused(tmp_path: Path, claim: str) -> None:
    now = int(time.time())
    values = {"exp": now + 3600, "nbf": now, "iat": now}
    token = _token(tmp_path, **{claim: str(values[claim])})
    with pytest.raises(AuthenticationError, match=f"{claim} must be a number"):
        _verifier(tmp_path).verify(token)


def test_a_token_without_iat_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AuthenticationError, match="lacks the iat claim"):
        _verifier(tmp_path).verify(_token(tmp_path, iat=None))


def test_a_persons_token_lives_at_most_the_maximum(tmp_path: Path) -> None:
    now = int(time.time())
    verifier = _verifier(tmp_path)
    assert verifier.verify(_token(tmp_path, iat=now, exp=now + 12 * 3600))["sub"] == "user-1"
    with pytest.raises(AuthenticationError, match=r"12 h .*BOSETTING_MAX_TOKEN_HOURS"):
        verifier.verify(_token(tmp_path, iat=now, exp=now + 12 * 3600 + 1))
    with pytest.raises(AuthenticationError, match="BOSETTING_MAX_TOKEN_HOURS"):
        verifier.verify(_token(tmp_path, iat=now, exp=now + 100 * 365 * 86400))


def test_a_machine_clients_token_lives_at_most_its_maximum(tmp_path: Path) -> None:
    now = int(time.time())
    client = {"client_id": "c", "consumer": {"ID": "0192:123456789"}, "scope": "s"}
    verifier = _verifier(tmp_path)
    assert verifier.verify(_token(tmp_path, None, iat=now, exp=now + 7200, **client))
    with pytest.raises(AuthenticationError, match="BOSETTING_MAX_CLIENT_TOKEN_MINUTES"):
        verifier.verify(_token(tmp_path, None, iat=now, exp=now + 7201, **client))


def test_a_bearer_token_over_the_limit_is_refused_unread() -> None:
    assert bearer_token("Bearer " + "a" * 8192) == "a" * 8192
    with pytest.raises(AuthenticationError, match="BOSETTING_MAX_TOKEN_BYTES"):
        bearer_token("Bearer " + "a" * 8193)
    with pytest.raises(AuthenticationError, match="longer than 100 bytes"):
        bearer_token("Bearer " + "a" * 101, max_bytes=100)
    with pytest.raises(AuthenticationError, match="BOSETTING_MAX_TOKEN_BYTES"):
        bearer_token("x" * 10_000_000)


@pytest.mark.parametrize(
    ("command", "setting"),
    [
        (["token", "demo-imdi-admin", "--hours", "13"], "BOSETTING_MAX_TOKEN_HOURS"),
        (["client-token", "demo-udi-system", "--minutes", "121"], "MAX_CLIENT_TOKEN_MINUTES"),
    ],
)
def test_the_command_line_issues_no_token_beyond_the_maximum(
    tmp_path: Path,
    shared_db: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    setting: str,
) -> None:
    monkeypatch.setenv("BOSETTING_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", shared_db)  # a token names a user of the database
    for name in ("BOSETTING_ENV", "BOSETTING_JWKS", "BOSETTING_JWT_ISSUER"):
        monkeypatch.delenv(name, raising=False)
    assert main(command) == 2
    assert setting in capsys.readouterr().err
    assert main(["token", "demo-imdi-admin", "--hours", "12", "-q"]) == 0
