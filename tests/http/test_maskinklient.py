"""Machine clients (Maskinporten-like client-credentials tokens): verified like user tokens,
bounded by their scopes, access-logged like users."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import date
from typing import Any

import httpx
import pytest

from tests.http.machine_clients import (
    BOSETTINGSDATO_SCOPE,
    BUFETAT_ORGNR,
    BUFETAT_SCOPE,
    MOTTAK_ORGNR,
    machine_token,
)
from tests.support import Api, LiveServer, sql_rows


def post(client: httpx.Client, token: str, query: str, **variables: Any) -> httpx.Response:
    return client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )


EM_UNDER_15 = """SELECT duf_nr FROM person WHERE enslig_mindrearig
    AND fodselsdato > current_date - interval '15 years' ORDER BY id LIMIT 1"""
ADULT = """SELECT duf_nr FROM person
    WHERE fodselsdato < current_date - interval '30 years' ORDER BY id LIMIT 1"""


@pytest.fixture(scope="module")
def bufetat_token(server: LiveServer) -> str:
    """Issued by the CLI, as a developer would get one."""
    env = {
        **os.environ,
        "DATABASE_URL": server.settings.database_url or "",
        "BOSETTING_DATA_DIR": str(server.settings.data_dir),
    }
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "client-token", "demo-bufetat-system", "-q"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_a_bufetat_client_reads_an_em_under_15_and_it_is_logged(
    client: httpx.Client, server: LiveServer, shared_db: str, bufetat_token: str
) -> None:
    [(em,)] = sql_rows(shared_db, EM_UNDER_15)
    response = post(
        client,
        bufetat_token,
        "query($d: String!) { person(dufNr: $d) { dufNr navn fodselsdato"
        " helseinformasjon { helsetilstand } tilgang { personmappe } } }",
        d=em,
    )
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body, body
    assert body["data"]["person"]["dufNr"] == em
    assert body["data"]["person"]["tilgang"] == {"personmappe": True}
    logged = sql_rows(
        shared_db,
        "SELECT l.klient_id, b.subject FROM innsynslogg l JOIN bruker b ON b.id = l.bruker_id"
        " WHERE l.request_id = :r",
        r=response.headers["x-request-id"],
    )
    assert logged == [("demo-bufetat-system", "maskinporten:demo-bufetat-system")]


def test_a_bufetat_client_is_refused_everything_else(
    client: httpx.Client, server: LiveServer, shared_db: str, bufetat_token: str
) -> None:
    [(adult,)] = sql_rows(shared_db, ADULT)
    denied = post(
        client, bufetat_token, "query($d: String!) { person(dufNr: $d) { navn } }", d=adult
    )
    assert denied.json() == {"data": {"person": None}}
    assert (
        post(client, bufetat_token, "{ innmeldinger(first: 5) { totalCount } }").json()["data"][
            "innmeldinger"
        ]["totalCount"]
        >= 0
    )
    for query, field in (
        ('{ kommune(nummer: "0301") { navn } }', "kommune"),
        ("{ fordelinger(first: 5) { totalCount } }", "fordelinger"),
        ("{ statistikk { bosettinger(grupperEtter: [AR]) { grupper { ar } } } }", "statistikk"),
        ("{ varsler(first: 5) { totalCount } }", "varsler"),
        ("{ ... on Query { arbeidsflate { __typename } } }", "arbeidsflate"),
        ("{ __schema { queryType { name } } }", "__schema"),
        (
            'mutation { meldInnAntallPlasser(input: {antall: 5, fra: "2027-01-04"})'
            " { feil { code } } }",
            "meldInnAntallPlasser",
        ),
    ):
        body = post(client, bufetat_token, query).json()
        assert "data" not in body or body["data"] is None, body
        assert body["errors"][0]["message"] == (
            f"{field}: the client's scopes ({BUFETAT_SCOPE}) do not reach this field"
        )


@pytest.mark.parametrize(
    ("client_id", "orgnr", "scope", "message"),
    [
        (
            "demo-bufetat-system",
            MOTTAK_ORGNR,
            BUFETAT_SCOPE,
            "not registered for this organisation",
        ),
        ("unknown-system", BUFETAT_ORGNR, BUFETAT_SCOPE, "the machine client is unknown"),
        ("demo-bufetat-system", BUFETAT_ORGNR, "nav:aareg", "carries no scope of this service"),
        ("demo-mottak-system", MOTTAK_ORGNR, BUFETAT_SCOPE, "carries no scope of this service"),
    ],
)
def test_machine_tokens_that_do_not_fit_are_refused(
    client: httpx.Client, server: LiveServer, client_id: str, orgnr: str, scope: str, message: str
) -> None:
    response = post(client, machine_token(server, client_id, orgnr, scope), "{ me { id } }")
    assert response.status_code == 401
    assert message in response.json()["errors"][0]["message"]


def test_an_expired_machine_token_and_a_user_token_for_a_client_are_refused(
    client: httpx.Client, server: LiveServer
) -> None:
    expired = machine_token(
        server, "demo-bufetat-system", BUFETAT_ORGNR, BUFETAT_SCOPE, lifetime_seconds=-120
    )
    response = post(client, expired, "{ me { id } }")
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"] == "the token has expired"
    # A person's token (sub) naming a machine client's registration logs nobody in.
    posing = post(client, server.token("maskinporten:demo-bufetat-system"), "{ me { id } }")
    assert posing.status_code == 401


def test_a_persons_token_with_a_client_id_stays_a_persons(
    client: httpx.Client, server: LiveServer
) -> None:
    """OIDC access tokens often name the app the person logged in through."""
    token = server.token("demo-imdi-saksbehandler", extra_claims={"client_id": "bosetting-web"})
    response = post(client, token, '{ me { navn } kommune(nummer: "0301") { navn } }')
    assert response.status_code == 200
    assert response.json()["data"]["kommune"] == {"navn": "Oslo - Oslove"}


async def test_a_mottak_client_registers_bosettingsdato_and_nothing_more(api: Api) -> None:
    [(duf,)] = await asyncio.to_thread(
        sql_rows,
        api.server.settings.database_url or "",
        "SELECT p.duf_nr FROM utsoking u JOIN person p ON p.id = u.person_id"
        " WHERE u.aktiv AND u.bosettingsdato IS NULL AND p.botilbud = 'MOTTAK'"
        " AND p.mottak = 'Hvalstad asylmottak'"
        " ORDER BY p.id LIMIT 1",
    )
    token = machine_token(api.server, "demo-mottak-system", MOTTAK_ORGNR, BOSETTINGSDATO_SCOPE)
    refused = await asyncio.to_thread(
        post, api.http, token, "query($d: String!) { person(dufNr: $d) { navn } }", d=duf
    )
    assert refused.json()["errors"][0]["message"] == (
        f"person: the client's scopes ({BOSETTINGSDATO_SCOPE}) do not reach this field"
    )
    registered = await asyncio.to_thread(
        post,
        api.http,
        token,
        "mutation($d: String!, $dato: Date!) {"
        " registrerBosettingsdatoFraIntegrasjon(dufNr: $d, dato: $dato) {"
        " registrert feil { code } } }",
        d=duf,
        dato=date.today().isoformat(),
    )
    assert registered.json() == {
        "data": {"registrerBosettingsdatoFraIntegrasjon": {"registrert": True, "feil": []}}
    }
    me = await asyncio.to_thread(post, api.http, token, "{ me { navn organisasjon { navn } } }")
    assert me.json()["data"]["me"]["organisasjon"]["navn"] == "Hvalstad asylmottak"
