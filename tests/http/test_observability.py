"""One JSON log line per request (no personal data), and Prometheus metrics."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.observability import JsonFormatter
from app.settings import ROOT
from tests.support import LiveServer, free_port


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


def _count(metrics: str, name: str, **labels: str) -> float:
    total = 0.0
    for line in metrics.splitlines():
        if line.startswith(name + "{"):
            label_text = line[len(name) + 1 : line.index("}")]
            present = dict(part.split("=", 1) for part in label_text.split(","))
            if all(present.get(k) == f'"{v}"' for k, v in labels.items()):
                total += float(line.rsplit(" ", 1)[1])
    return total


def test_metrics_sum_every_worker_process(shared_db: str, tmp_path: Path) -> None:
    """`serve --workers 2`, as in production: whichever worker answers /metrics, it counts the
    requests that both answered."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": shared_db,
        "BOSETTING_DATA_DIR": str(tmp_path),
        "BOSETTING_VENDOR_DIR": str(ROOT / "var" / "graphiql"),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    token = subprocess.run(
        [sys.executable, "-m", "app.cli", "token", "demo-imdi-saksbehandler", "-q"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "app.cli", "serve", "--workers", "2", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        for _ in range(40):  # a new connection each: the kernel spreads them over the workers
            response = httpx.post(
                f"{base}/graphql",
                json={"query": "query Hvem { me { id } }", "operationName": "Hvem"},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert response.status_code == 200
        for _ in range(6):
            scraped = httpx.get(f"{base}/metrics").text
            assert (
                _count(
                    scraped,
                    "bosetting_requests_total",
                    path="/graphql",
                    operation="Hvem",
                    status="200",
                )
                == 40
            ), scraped
            assert _count(scraped, "bosetting_request_seconds_count", operation="Hvem") == 40
        files = os.listdir(tmp_path / "prometheus")
        assert len({name.rsplit("_", 1)[-1] for name in files}) >= 2, files
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
