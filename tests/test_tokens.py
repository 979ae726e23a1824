"""Token verification against a JWKS served over HTTP, as an OIDC provider publishes it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

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
