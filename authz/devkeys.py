"""The local development signing key: issues demo tokens; trusted only outside production."""

from __future__ import annotations

import functools
import json
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

PRIVATE_KEY = "private.pem"
JWKS = "jwks.json"


def ensure_dev_key(directory: Path) -> Path:
    """Create the key pair on first use; return the path of the public JWKS."""
    directory.mkdir(parents=True, exist_ok=True)
    private_path = directory / PRIVATE_KEY
    jwks_path = directory / JWKS
    if private_path.exists() and jwks_path.exists():
        return jwks_path
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    private_path.write_bytes(pem)
    private_path.chmod(0o600)
    public_jwk: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    public_jwk.update({"kid": f"dev-{uuid.uuid4().hex[:12]}", "use": "sig", "alg": "RS256"})
    jwks_path.write_text(json.dumps({"keys": [public_jwk]}, indent=2))
    return jwks_path


def issue_dev_token(
    directory: Path,
    subject: str | None,
    *,
    issuer: str,
    audience: str,
    lifetime_seconds: int = 8 * 3600,
    extra_claims: dict[str, Any] | None = None,
) -> str:
    """A signed token for ``subject``, as the identity provider would issue it (no ``sub``
    when None: a machine client's token carries its client id in ``extra_claims``)."""
    jwks_path = ensure_dev_key(directory)
    kid = json.loads(jwks_path.read_text())["keys"][0]["kid"]
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": issuer,
        "aud": audience,
        "iat": now,
        "nbf": now,
        "exp": now + lifetime_seconds,
        "jti": uuid.uuid4().hex,
    }
    if subject is not None:
        claims["sub"] = subject
    claims.update(extra_claims or {})
    private_path = directory / PRIVATE_KEY
    key = _private_key(private_path, private_path.stat().st_mtime_ns)
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


@functools.lru_cache(maxsize=8)
def _private_key(path: Path, mtime_ns: int) -> rsa.RSAPrivateKey:
    """Parsing the key costs tens of milliseconds; keep it while the file is unchanged."""
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key
