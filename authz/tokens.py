"""Verification of bearer tokens (JWTs) against a JWKS, as an OIDC provider issues them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jwt

from authz.maskinklient import er_maskintoken
from authz.principal import AuthenticationError

ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud"]
"""``sub`` names a user; a machine token has ``client_id`` instead (authz.maskinklient)."""
NUMERIC_CLAIMS = ("exp", "nbf", "iat")
"""NumericDate claims (RFC 7519): a number of seconds, never a string."""
MAX_TOKEN_BYTES = 8192


class TokenVerifier:
    """Checks signature, expiry, issuer, audience and lifetime; returns the claims.

    A token lives at most ``max_lifetime_seconds`` (a person's) or
    ``max_client_lifetime_seconds`` (a machine client's) from its ``iat`` to its ``exp``.
    """

    def __init__(
        self,
        jwks: str,
        *,
        issuer: str,
        audience: str,
        leeway_seconds: int = 30,
        max_lifetime_seconds: int = 12 * 3600,
        max_client_lifetime_seconds: int = 120 * 60,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway_seconds
        self.max_lifetime = max_lifetime_seconds
        self.max_client_lifetime = max_client_lifetime_seconds
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
        except jwt.MissingRequiredClaimError as error:
            raise AuthenticationError(f"the token lacks the {error.claim} claim") from error
        except jwt.PyJWKClientError as error:
            raise AuthenticationError("the token's signing key could not be found") from error
        except jwt.PyJWTError as error:
            raise AuthenticationError("the token is invalid") from error
        self._check_lifetime(claims)
        return claims

    def _check_lifetime(self, claims: dict[str, Any]) -> None:
        for name in NUMERIC_CLAIMS:
            value = claims.get(name)
            # PyJWT takes "4000000000" for a date; the standard does not.
            if name in claims and (isinstance(value, bool) or not isinstance(value, int | float)):
                raise AuthenticationError(f"the token's {name} must be a number (NumericDate)")
        lifetime = claims["exp"] - claims["iat"]
        if er_maskintoken(claims):
            if lifetime > self.max_client_lifetime:
                raise AuthenticationError(
                    "a machine client's token may live at most "
                    f"{self.max_client_lifetime // 60} min from iat to exp "
                    "(BOSETTING_MAX_CLIENT_TOKEN_MINUTES)"
                )
        elif lifetime > self.max_lifetime:
            raise AuthenticationError(
                f"a token may live at most {self.max_lifetime // 3600} h from iat to exp "
                "(BOSETTING_MAX_TOKEN_HOURS)"
            )


def bearer_token(authorization: str | None, max_bytes: int = MAX_TOKEN_BYTES) -> str:
    """The token of an ``Authorization: Bearer …`` header; one longer than ``max_bytes`` is
    refused before anything parses it."""
    if not authorization:
        raise AuthenticationError("no Authorization header: send 'Authorization: Bearer <token>'")
    if len(authorization) > max_bytes + 64:
        raise _too_long(max_bytes)
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError("the Authorization header must be 'Bearer <token>'")
    token = token.strip()
    if len(token) > max_bytes:
        raise _too_long(max_bytes)
    return token


def _too_long(max_bytes: int) -> AuthenticationError:
    return AuthenticationError(
        f"the bearer token is longer than {max_bytes} bytes (BOSETTING_MAX_TOKEN_BYTES)"
    )
