"""Verification of bearer tokens (JWTs) against a JWKS, as an OIDC provider issues them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jwt

from authz.principal import AuthenticationError

ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud"]
"""``sub`` names a user; a machine token has ``client_id`` instead (authz.maskinklient)."""


class TokenVerifier:
    """Checks signature, expiry, issuer and audience; returns the claims."""

    def __init__(self, jwks: str, *, issuer: str, audience: str, leeway_seconds: int = 30) -> None:
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway_seconds
        self._client: jwt.PyJWKClient | None = None
        self._keys: jwt.PyJWKSet | None = None
        if jwks.startswith(("https://", "http://")):
            self._client = jwt.PyJWKClient(jwks, cache_keys=True, lifespan=300)
        else:
            self._keys = jwt.PyJWKSet.from_dict(json.loads(Path(jwks).read_text()))

    def _signing_key(self, token: str) -> Any:
        if self._client is not None:
            return self._client.get_signing_key_from_jwt(token).key
        assert self._keys is not None
        kid = jwt.get_unverified_header(token).get("kid")
        for key in self._keys.keys:
            if kid is None or key.key_id == kid:
                return key.key
        raise AuthenticationError("the token is signed with a key this service does not trust")

    def verify(self, token: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=self._signing_key(token),
                algorithms=ALGORITHMS,
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.ExpiredSignatureError as error:
            raise AuthenticationError("the token has expired") from error
        except jwt.InvalidAudienceError as error:
            raise AuthenticationError("the token is not meant for this service") from error
        except jwt.InvalidIssuerError as error:
            raise AuthenticationError("the token's issuer is not trusted") from error
        except jwt.PyJWKClientError as error:
            raise AuthenticationError("the token's signing key could not be found") from error
        except jwt.PyJWTError as error:
            raise AuthenticationError("the token is invalid") from error
        return claims


def bearer_token(authorization: str | None) -> str:
    """The token of an ``Authorization: Bearer …`` header."""
    if not authorization:
        raise AuthenticationError("no Authorization header: send 'Authorization: Bearer <token>'")
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError("the Authorization header must be 'Bearer <token>'")
    return token.strip()
