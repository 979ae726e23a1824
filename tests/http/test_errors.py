"""Errors tell the caller what it did wrong and nothing about the schema it may not guess."""

from __future__ import annotations

import subprocess
import sys

import httpx

from app.settings import ROOT
from tests.support import LiveServer


def test_no_field_suggestions(client: httpx.Client, server: LiveServer) -> None:
    response = client.post(
        "/graphql",
        json={"query": '{ persn(dufNr: "201803452201") { navn } }'},
        headers={"Authorization": f"Bearer {server.token('demo-imdi-admin')}"},
    )
    message = response.json()["errors"][0]["message"]
    assert "Cannot query field 'persn'" in message
    assert "Did you mean" not in message


def test_introspection_needs_a_token(client: httpx.Client, server: LiveServer) -> None:
    anonymous = client.post("/graphql", json={"query": "{ __schema { queryType { name } } }"})
    assert anonymous.status_code == 401
    known = client.post(
        "/graphql",
        json={"query": "{ __schema { queryType { name } } }"},
        headers={"Authorization": f"Bearer {server.token('demo-analytiker')}"},
    )
    assert known.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


def test_introspection_can_be_switched_off() -> None:
    program = (
        "import asyncio; from schema import schema;"
        "r = asyncio.run(schema.execute('{ __schema { queryType { name } } }'));"
        "print(r.errors[0].message if r.errors else 'open')"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"BOSETTING_INTROSPECTION": "false", "PATH": "/usr/bin:/bin"},
    )
    assert "introspection" in result.stdout.lower()
