"""Browser safety: no state change from a form, security headers, CSP, CORS allow-list."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from app.security import API_CSP, GRAPHIQL_CSP
from tests.support import LiveServer, live_server

FORM_TYPES = [
    ("text/plain", '{"query": "mutation { markerAlleVarslerLest }"}'),
    ("application/x-www-form-urlencoded", "query=mutation+%7B+markerAlleVarslerLest+%7D"),
    (
        "multipart/form-data; boundary=x",
        '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n'
        "mutation { markerAlleVarslerLest }\r\n--x--\r\n",
    ),
]


@pytest.mark.parametrize(("content_type", "body"), FORM_TYPES, ids=[t for t, _ in FORM_TYPES])
def test_a_content_type_a_form_can_send_is_refused(
    client: httpx.Client, server: LiveServer, content_type: str, body: str
) -> None:
    token = server.token("demo-0301-bosetter-les")
    before = client.post(
        "/graphql",
        json={"query": "{ antallUlesteVarsler }"},
        headers={"Authorization": f"Bearer {token}"},
    )
    response = client.post(
        "/graphql",
        content=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": content_type},
    )
    assert response.status_code == 415
    assert response.json() == {"errors": [{"message": "send the request as application/json"}]}
    after = client.post(
        "/graphql",
        json={"query": "{ antallUlesteVarsler }"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert after.json() == before.json()


def test_api_answers_are_never_cached_and_carry_the_security_headers(
    client: httpx.Client, server: LiveServer
) -> None:
    response = client.post(
        "/graphql",
        json={"query": "{ me { id } }"},
        headers={"Authorization": f"Bearer {server.token('demo-imdi-admin')}"},
    )
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-security-policy"] == API_CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    refused = client.post("/graphql", json={"query": "{ me { id } }"})
    assert refused.headers["cache-control"] == "no-store"


def test_graphiql_gets_a_strict_content_security_policy(client: httpx.Client) -> None:
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.headers["content-security-policy"] == GRAPHIQL_CSP
    assert "'unsafe-inline'" not in GRAPHIQL_CSP
    assert "script-src 'self'" in GRAPHIQL_CSP


def test_cors_allows_only_the_configured_origins(shared_db: str, tmp_path: Path) -> None:
    allowed = "https://bosetting.imdi.no"
    with (
        live_server(shared_db, tmp_path, cors_origins=(allowed,)) as live,
        httpx.Client(base_url=live.base_url) as http,
    ):

        def preflight(origin: str) -> httpx.Response:
            return http.options(
                "/graphql",
                headers={
                    "Origin": origin,
                    "Access-Control-Request-Method": "POST",
                    "Access-Control-Request-Headers": "authorization, content-type",
                },
            )

        ok = preflight(allowed)
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == allowed
        evil = preflight("https://evil.example")
        assert evil.status_code == 400
        assert "access-control-allow-origin" not in evil.headers
        answer = http.post(
            "/graphql",
            json={"query": "{ me { id } }"},
            headers={
                "Origin": "https://evil.example",
                "Authorization": f"Bearer {live.token('demo-imdi-admin')}",
            },
        )
        assert "access-control-allow-origin" not in answer.headers
