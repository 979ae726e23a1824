"""GraphQL over HTTP: the specification's own audit suite, and the rules it leaves to us."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import httpx
import pytest

from app.settings import ROOT
from tests.support import LiveServer

AUDIT = Path(__file__).with_name("graphql_http_audit.mjs")
GRAPHQL_HTTP = ROOT / "var" / "node" / "node_modules" / "graphql-http"


def test_every_must_and_should_audit_passes(server: LiveServer) -> None:
    node = shutil.which("node")
    assert node is not None, "the audit suite needs Node.js"
    assert GRAPHQL_HTTP.exists(), "./test installs graphql-http into var/node"
    result = subprocess.run(  # noqa: S603 (our own script, our own server)
        [
            node,
            str(AUDIT),
            str(GRAPHQL_HTTP),
            f"{server.base_url}/graphql",
            server.token("demo-imdi-saksbehandler"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    audits = json.loads(result.stdout)
    statuses = Counter(audit["status"] for audit in audits)
    failing = [f"{a['id']} {a['name']}: {a['reason']}" for a in audits if a["status"] != "ok"]
    assert failing == []
    assert statuses["ok"] == len(audits) >= 60
    assert any(a["name"].startswith("SHOULD") for a in audits)


def headers(server: LiveServer, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {server.token('demo-imdi-saksbehandler')}"} | extra


def test_a_mutation_over_get_is_405(client: httpx.Client, server: LiveServer) -> None:
    response = client.get(
        "/graphql",
        params={
            "query": 'mutation { fjernFraPersonliste(dufNr: "201803452201") { feil { code } } }'
        },
        headers=headers(server, Accept="application/graphql-response+json"),
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("{ me { ", "parse"),
        ("{ finnesIkke }", "validation"),
        ("query($d: String!) { person(dufNr: $d) { navn } }", "variables"),
    ],
)
def test_a_request_that_never_executes_is_400_without_data(
    client: httpx.Client, server: LiveServer, query: str, kind: str
) -> None:
    response = client.post(
        "/graphql",
        json={"query": query},
        headers=headers(server, Accept="application/graphql-response+json"),
    )
    assert response.status_code == 400, kind
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    body = response.json()
    assert "data" not in body
    assert body["errors"]
    legacy = client.post(
        "/graphql", json={"query": query}, headers=headers(server, Accept="application/json")
    )
    assert legacy.status_code == 200
    assert legacy.headers["content-type"].startswith("application/json")


def test_a_field_error_is_200_with_data(client: httpx.Client, server: LiveServer) -> None:
    response = client.post(
        "/graphql",
        json={"query": '{ innsynslogg(first: 20, dufNr: "201803452201") { totalCount } }'},
        headers={
            "Authorization": f"Bearer {server.token('demo-0301-bosetter-les')}",
            "Accept": "application/graphql-response+json",
        },
    )
    assert response.status_code == 200
    assert response.json()["data"] == {"innsynslogg": None}
