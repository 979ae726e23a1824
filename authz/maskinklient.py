"""Machine clients: OAuth2 client-credentials tokens of the kind Maskinporten issues.

Such a token names the client (``client_id``), the organisation it acts for (``consumer``,
an ISO 6523 id ``0192:<orgnr>``) and its ``scope``s, and has no ``sub``. It is verified like a
user's token (signature, expiry, issuer, audience, against the same JWKS). The client must be
registered here, as a user ``maskinporten:<client_id>`` of that very organisation; its roles
are the ones its scopes map to (``authz.policy.MASKINSCOPES``) that the registration also
holds, and its scopes bound the steps and root fields it reaches.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.policy import MASKINSCOPES
from authz.principal import AuthenticationError, Principal, load_principal

SUBJECT_PREFIX = "maskinporten:"
_CONSUMER = re.compile(r"^0192:([0-9]{9})$")
_ORGNR = text("SELECT orgnr FROM organisasjon WHERE id = :id")


def er_maskintoken(claims: dict[str, Any]) -> bool:
    """Maskinporten's ``consumer``, or a client id without a user: a person's access token may
    carry ``client_id`` too (the app it logged in through), and stays a person's."""
    return "consumer" in claims or ("client_id" in claims and "sub" not in claims)


def subject_for(client_id: str) -> str:
    return f"{SUBJECT_PREFIX}{client_id}"


async def load_maskinklient(connection: AsyncConnection, claims: dict[str, Any]) -> Principal:
    client_id = claims.get("client_id")
    consumer = claims.get("consumer")
    scope = claims.get("scope")
    if not isinstance(client_id, str) or not client_id:
        raise AuthenticationError("a machine token must carry client_id")
    orgnr_match = (
        _CONSUMER.match(str(consumer.get("ID", ""))) if isinstance(consumer, dict) else None
    )
    if orgnr_match is None:
        raise AuthenticationError("a machine token must carry consumer.ID as 0192:<orgnr>")
    if not isinstance(scope, str):
        raise AuthenticationError("a machine token must carry scope")
    try:
        registered = await load_principal(connection, subject_for(client_id))
    except AuthenticationError as error:
        raise AuthenticationError("the machine client is unknown or deactivated") from error
    orgnr = await connection.scalar(_ORGNR, {"id": registered.organisasjon_id})
    if orgnr != orgnr_match.group(1):
        raise AuthenticationError("the machine client is not registered for this organisation")
    scopes = frozenset(
        s
        for s in scope.split()
        if s in MASKINSCOPES
        and registered.organisasjon_type in MASKINSCOPES[s].organisasjoner
        and MASKINSCOPES[s].rolle in registered.roller
    )
    if not scopes:
        raise AuthenticationError("the token carries no scope of this service for this client")
    return Principal(
        bruker_id=registered.bruker_id,
        subject=registered.subject,
        navn=registered.navn,
        organisasjon_id=registered.organisasjon_id,
        organisasjon_type=registered.organisasjon_type,
        organisasjon_navn=registered.organisasjon_navn,
        kommunenummer=registered.kommunenummer,
        roller=frozenset(MASKINSCOPES[s].rolle for s in scopes),
        klient_id=client_id,
        scopes=scopes,
    )


async def load_caller(connection: AsyncConnection, claims: dict[str, Any]) -> Principal:
    """The principal of verified ``claims``: a machine client, or a user by ``sub``."""
    if er_maskintoken(claims):
        return await load_maskinklient(connection, claims)
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise AuthenticationError("the token names no user (sub)")
    if subject.startswith(SUBJECT_PREFIX):
        # A machine client's registration is never a person's login.
        raise AuthenticationError("the token's user is unknown or deactivated")
    return await load_principal(connection, subject)
