"""One JSON log line per request (no personal data), and Prometheus metrics."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from app.observability import JsonFormatter
from tests.support import LiveServer


def test_each_request_is_logged_as_json_without_personal_data(
    client: httpx.Client, server: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bosetting.access")
    response = client.post(
        "/graphql",
        json={
            "query": "query HentPerson($d: String!) { person(dufNr: $d) { navn } }",
            "variables": {"d": "201803452201"},
            "operationName": "HentPerson",
        },
        headers={"Authorization": f"Bearer {server.token('demo-imdi-saksbehandler')}"},
    )
    assert response.status_code == 200
    request_id = response.headers["x-request-id"]
    lines = [
        json.loads(JsonFormatter().format(r))
        for r in caplog.records
        if r.name == "bosetting.access"
    ]
    [line] = [entry for entry in lines if entry.get("request_id") == request_id]
    assert line["operation"] == "HentPerson"
    assert line["status"] == 200
    assert line["path"] == "/graphql"
    assert isinstance(line["principal_id"], int)
    assert line["duration_ms"] > 0
    everything = " ".join(JsonFormatter().format(r) for r in caplog.records)
    assert "201803452201" not in everything
    assert "Kurt" not in everything


def test_metrics_count_requests_by_operation_and_status(
    client: httpx.Client, server: LiveServer
) -> None:
    client.post(
        "/graphql",
        json={"query": "query Meg { me { id } }", "operationName": "Meg"},
        headers={"Authorization": f"Bearer {server.token('demo-imdi-admin')}"},
    )
    client.post("/graphql", json={"query": "{ me { id } }"})
    metrics = client.get("/metrics")
    assert metrics.status_code == 200
    text = metrics.text
    assert 'bosetting_requests_total{operation="Meg",path="/graphql",status="200"}' in text
    assert 'bosetting_requests_total{operation="-",path="/graphql",status="401"}' in text
    assert "bosetting_request_seconds_bucket" in text
    assert "bosetting_db_pool_checked_out" in text
