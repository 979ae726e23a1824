"""Machine clients for the HTTP tests: the organisations and scopes of the demo clients, and
Maskinporten-like client-credentials tokens signed with the dev key."""

from __future__ import annotations

import asyncio
from typing import Any

from authz.devkeys import issue_dev_token
from tests.support import Api, LiveServer

BUFETAT_ORGNR = "986128433"
MOTTAK_ORGNR = "912345674"
IOM_ORGNR = "992141174"
SELVREG_ORGNR = "974759044"
BUFETAT_SCOPE = "imdi:bosetting.bufetat"
BOSETTINGSDATO_SCOPE = "imdi:bosetting.bosettingsdato"
HENDELSESFEED_SCOPE = "imdi:bosetting.hendelsesfeed"
SELVREG_SCOPE = "imdi:bosetting.selvreg"


def machine_token(live: LiveServer, client_id: str, orgnr: str, scope: str, **kwargs: Any) -> str:
    """Valid an hour unless said otherwise (BOSETTING_MAX_CLIENT_TOKEN_MINUTES: 120)."""
    kwargs.setdefault("lifetime_seconds", 3600)
    return issue_dev_token(
        live.settings.dev_key_dir,
        None,
        issuer=live.settings.jwt_issuer,
        audience=live.settings.jwt_audience,
        extra_claims={
            "client_id": client_id,
            "consumer": {"authority": "iso6523-actorid-upi", "ID": f"0192:{orgnr}"},
            "scope": scope,
        },
        **kwargs,
    )


async def as_machine(
    api: Api, client: tuple[str, str, str], query: str, **variables: Any
) -> dict[str, Any]:
    """POST as the machine client ``(client_id, orgnr, scope)``, off the test's event loop."""
    token = machine_token(api.server, *client)
    return await asyncio.to_thread(api.post_token, token, query, variables)
