"""Login: bearer tokens checked against the JWKS; user, organisation and roles from the database."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from authz.devkeys import issue_dev_token
from tests.support import LiveServer

ME = "{ me { id navn roller organisasjon { type navn kommunenummer } } }"

EXPECTED_ROLES = {
    "demo-0301-anmoder-skriv": ("KOMMUNE", "0301", ["KOMMUNE_ANMODER_SKRIV"]),
    "demo-0301-anmoder-les": ("KOMMUNE", "0301", ["KOMMUNE_ANMODER_LES"]),
    "demo-4601-bosetter-skriv": ("KOMMUNE", "4601", ["KOMMUNE_BOSETTER_SKRIV"]),
    "demo-5501-bosetter-les": ("KOMMUNE", "5501", ["KOMMUNE_BOSETTER_LES"]),
    "demo-1870-saksbehandler": (
        "KOMMUNE",
        "1870",
        ["KOMMUNE_ANMODER_SKRIV", "KOMMUNE_BOSETTER_SKRIV"],
    ),
    "demo-4204-admin": ("KOMMUNE", "4204", ["KOMMUNE_ADMIN"]),
    "demo-imdi-saksbehandler": ("IMDI", None, ["IMDI_SAKSBEHANDLER"]),
    "demo-imdi-admin": ("IMDI", None, ["IMDI_ADMIN"]),
    "demo-analytiker": ("IMDI", None, ["ANALYTIKER"]),
    "demo-bufetat-saksbehandler": ("BUFETAT", None, ["BUFETAT_SAKSBEHANDLER"]),
    "demo-udi-integrasjon": ("UDI", None, ["INTEGRASJON"]),
}


def post(
    client: httpx.Client, query: str, token: str | None = None, **headers: str
) -> httpx.Response:
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return client.post("/graphql", json={"query": query}, headers=headers)


def assert_unauthenticated(response: httpx.Response, words: str) -> None:
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert "data" not in body
    [error] = body["errors"]
    assert error["extensions"] == {"code": "UNAUTHENTICATED"}
    assert words in error["message"]


@pytest.mark.parametrize("subject", sorted(EXPECTED_ROLES))
def test_me_answers_for_every_kind_of_demo_user(
    client: httpx.Client, server: LiveServer, subject: str
) -> None:
    org_type, kommunenummer, roles = EXPECTED_ROLES[subject]
    response = post(client, ME, server.token(subject))
    assert response.status_code == 200, response.text
    me = response.json()["data"]["me"]
    assert me["roller"] == sorted(roles)
    assert me["organisasjon"]["type"] == org_type
    assert me["organisasjon"]["kommunenummer"] == kommunenummer
    assert me["navn"]


def test_a_request_without_a_token_gets_401_and_no_data(client: httpx.Client) -> None:
    assert_unauthenticated(post(client, ME), "no Authorization header")


def test_a_get_query_without_a_token_gets_401(client: httpx.Client) -> None:
    response = client.get("/graphql", params={"query": ME}, headers={"Accept": "application/json"})
    assert_unauthenticated(response, "no Authorization header")


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "token abc"])
def test_a_malformed_authorization_header_gets_401(client: httpx.Client, header: str) -> None:
    assert_unauthenticated(post(client, ME, Authorization=header), "Bearer <token>")


def test_a_token_signed_by_an_unknown_key_gets_401(
    client: httpx.Client, server: LiveServer, tmp_path: Path
) -> None:
    forged = issue_dev_token(
        tmp_path / "other-key",
        "demo-imdi-admin",
        issuer=server.settings.jwt_issuer,
        audience=server.settings.jwt_audience,
    )
    assert_unauthenticated(post(client, ME, forged), "not trust")


def test_a_tampered_token_gets_401(client: httpx.Client, server: LiveServer) -> None:
    header, payload, signature = server.token("demo-0301-anmoder-les").split(".")
    flipped = signature[:-4] + ("AAAA" if signature[-4:] != "AAAA" else "BBBB")
    assert_unauthenticated(post(client, ME, f"{header}.{payload}.{flipped}"), "invalid")


def test_an_expired_token_gets_401(client: httpx.Client, server: LiveServer) -> None:
    token = server.token(
        "demo-imdi-saksbehandler",
        extra_claims={"iat": int(time.time()) - 7200, "exp": int(time.time()) - 3600},
    )
    assert_unauthenticated(post(client, ME, token), "expired")


def test_a_token_for_another_audience_gets_401(client: httpx.Client, server: LiveServer) -> None:
    token = server.token("demo-imdi-saksbehandler", extra_claims={"aud": "another-api"})
    assert_unauthenticated(post(client, ME, token), "not meant for this service")


def test_a_token_from_another_issuer_gets_401(client: httpx.Client, server: LiveServer) -> None:
    token = server.token("demo-imdi-saksbehandler", extra_claims={"iss": "https://evil.example"})
    assert_unauthenticated(post(client, ME, token), "issuer")


def test_a_token_without_a_subject_gets_401(client: httpx.Client, server: LiveServer) -> None:
    token = server.token("", extra_claims={"sub": None})
    assert_unauthenticated(post(client, ME, token), "invalid")


def test_a_deactivated_user_gets_401(client: httpx.Client, server: LiveServer) -> None:
    response = post(client, ME, server.token("demo-0301-deaktivert"))
    assert_unauthenticated(response, "unknown or deactivated")


def test_an_unknown_user_gets_the_same_401_as_a_deactivated_one(
    client: httpx.Client, server: LiveServer
) -> None:
    unknown = post(client, ME, server.token("nobody-at-all"))
    deactivated = post(client, ME, server.token("demo-0301-deaktivert"))
    assert_unauthenticated(unknown, "unknown or deactivated")
    assert unknown.json() == deactivated.json()


def test_queries_also_work_over_get(client: httpx.Client, server: LiveServer) -> None:
    response = client.get(
        "/graphql",
        params={"query": "{ me { roller } }"},
        headers={
            "Authorization": f"Bearer {server.token('demo-imdi-admin')}",
            "Accept": "application/json",
        },
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"me": {"roller": ["IMDI_ADMIN"]}}}


def test_every_response_carries_the_servers_request_id(
    client: httpx.Client, server: LiveServer
) -> None:
    """The server makes the request id; a caller's own X-Request-Id comes back beside it as
    X-Correlation-Id, and one that is not sane is dropped."""
    ok = post(
        client, "{ me { id } }", server.token("demo-imdi-admin"), **{"X-Request-Id": "abc-12345678"}
    )
    refused = post(client, ME, **{"X-Request-Id": "abc-87654321"})
    insane = post(client, ME, **{"X-Request-Id": "<script>alert(1)</script>"})
    health = client.get("/healthz")
    ids = [r.headers["x-request-id"] for r in (ok, refused, insane, health)]
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids), ids
    assert len(set(ids)) == 4
    assert ok.headers["x-correlation-id"] == "abc-12345678"
    assert refused.headers["x-correlation-id"] == "abc-87654321"
    assert "x-correlation-id" not in insane.headers


def test_a_bearer_token_over_8_kib_is_refused_before_it_is_parsed(
    client: httpx.Client, server: LiveServer
) -> None:
    """8 KiB of padding after a valid token: refused by its length (the message names the
    limit), not read as a token."""
    valid = server.token("demo-0301-anmoder-les")
    at_limit = post(client, ME, valid + "A" * (8192 - len(valid)))
    assert_unauthenticated(at_limit, "invalid")
    over = post(client, ME, valid + "A" * (8193 - len(valid)))
    assert_unauthenticated(over, "longer than 8192 bytes (BOSETTING_MAX_TOKEN_BYTES)")
    huge = post(client, ME, "x" * 100_000)
    assert huge.status_code in (401, 431)  # 431: the HTTP server's limit on the request head
    assert post(client, ME, valid).status_code == 200  # and the caller is served meanwhile


@pytest.mark.parametrize(
    ("claims", "words"),
    [
        ({"exp": str(4_000_000_000)}, "exp must be a number"),
        ({"exp": int(time.time()) + 100 * 365 * 86400}, "BOSETTING_MAX_TOKEN_HOURS"),
        ({"iat": None}, "lacks the iat claim"),
    ],
    ids=["exp-as-a-string", "valid-for-100-years", "without-iat"],
)
def test_a_token_with_bad_dates_gets_401(
    client: httpx.Client, server: LiveServer, claims: dict[str, object], words: str
) -> None:
    token = server.token("demo-0301-anmoder-les", extra_claims=claims)
    assert_unauthenticated(post(client, ME, token), words)
    assert post(client, ME, server.token("demo-0301-anmoder-les")).status_code == 200


def test_a_machine_clients_token_for_a_day_gets_401(
    client: httpx.Client, server: LiveServer
) -> None:
    claims = {
        "client_id": "demo-udi-system",
        "consumer": {"authority": "iso6523-actorid-upi", "ID": "0192:974760746"},
        "scope": "imdi:bosetting.bosettingsdato",
    }
    day = issue_dev_token(
        server.settings.dev_key_dir,
        None,
        issuer=server.settings.jwt_issuer,
        audience=server.settings.jwt_audience,
        lifetime_seconds=86400,
        extra_claims=claims,
    )
    assert_unauthenticated(post(client, ME, day), "BOSETTING_MAX_CLIENT_TOKEN_MINUTES")
