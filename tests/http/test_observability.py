"""One JSON log line per request (no personal data), and Prometheus metrics whose labels
callers cannot write, served on a port of their own."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import httpx
import pytest

from app.observability import JsonFormatter
from tests.http.serving import production_env, serve
from tests.support import LiveServer, free_port, live_server


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
        headers={
            "Authorization": f"Bearer {server.token('demo-imdi-saksbehandler')}",
            "X-Request-Id": "caller-chosen-1",
        },
    )
    assert response.status_code == 200
    request_id = response.headers["x-request-id"]
    lines = [
        json.loads(JsonFormatter().format(r))
        for r in caplog.records
        if r.name == "bosetting.access"
    ]
    [line] = [entry for entry in lines if entry.get("request_id") == request_id]
    assert line["operation"] == "other"  # a name the service does not know
    assert line["correlation_id"] == "caller-chosen-1"
    assert line["status"] == 200
    assert line["path"] == "/graphql"
    assert isinstance(line["principal_id"], int)
    assert line["duration_ms"] > 0
    assert line["execution"] == "compiled"  # person(dufNr:) { navn }: one statement
    everything = " ".join(JsonFormatter().format(r) for r in caplog.records)
    assert "201803452201" not in everything
    assert "Kurt" not in everything


def test_a_pdfs_path_is_logged_without_its_duf_nr(
    client: httpx.Client, server: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bosetting.access")
    response = client.get(
        "/utskrift/kompetanse/201803452201.pdf",
        headers={"Authorization": f"Bearer {server.token('demo-imdi-saksbehandler')}"},
    )
    [line] = [
        json.loads(JsonFormatter().format(r))
        for r in caplog.records
        if r.name == "bosetting.access"
        and getattr(r, "fields", {}).get("request_id") == response.headers["x-request-id"]
    ]
    assert line["path"] == "/utskrift/kompetanse/{dufNr}.pdf"
    assert "201803452201" not in json.dumps(line)


def metrics_text(url: str) -> str:
    response = httpx.get(url)
    assert response.status_code == 200, response.text
    return response.text


def _count(metrics: str, name: str, **labels: str) -> float:
    total = 0.0
    for line in metrics.splitlines():
        if line.startswith(name + "{"):
            label_text = line[len(name) + 1 : line.index("}")]
            present = dict(part.split("=", 1) for part in label_text.split(","))
            if all(present.get(k) == f'"{v}"' for k, v in labels.items()):
                total += float(line.rsplit(" ", 1)[1])
    return total


def _series(metrics: str) -> set[str]:
    """The labelled series of a scrape, without their values."""
    return {
        line.rsplit(" ", 1)[0]
        for line in metrics.splitlines()
        if line.startswith("bosetting_") and "{" in line
    }


def test_metrics_count_requests_by_operation_and_status(shared_db: str, tmp_path: Path) -> None:
    """Named operations count under their name when the service knows it (its own
    documents, BOSETTING_METRICS_OPERATIONS); in development /metrics is on both listeners."""
    metrics_port = free_port()
    with live_server(
        shared_db, tmp_path, metrics_operations=frozenset({"Meg"}), metrics_port=metrics_port
    ) as live:
        token = live.token("demo-imdi-admin")
        for name in ("Meg", "Kompetanse", "Ukjent"):
            httpx.post(
                f"{live.base_url}/graphql",
                json={"query": f"query {name} {{ me {{ id }} }}", "operationName": name},
                headers={"Authorization": f"Bearer {token}"},
            )
        httpx.post(f"{live.base_url}/graphql", json={"query": "{ me { id } }"})
        httpx.post(
            f"{live.base_url}/graphql",
            json={"query": '{ person(dufNr: "201803452201") { navn } }'},
            headers={"Authorization": f"Bearer {token}"},
        )
        httpx.get(
            f"{live.base_url}/utskrift/kompetanse/201803452201.pdf",
            headers={"Authorization": f"Bearer {token}"},
        )
        for text in (
            metrics_text(f"{live.base_url}/metrics"),
            metrics_text(f"http://127.0.0.1:{metrics_port}/metrics"),
        ):
            for operation, status in (
                ("Meg", "200"),
                ("Kompetanse", "200"),
                ("other", "200"),
                ("-", "401"),
            ):
                series = (
                    f'bosetting_requests_total{{operation="{operation}",'
                    f'path="/graphql",status="{status}"}}'
                )
                assert series in text, operation
            assert "Ukjent" not in text
            assert 'path="/utskrift/kompetanse/{dufNr}.pdf"' in text
            assert "201803452201" not in text
            assert "bosetting_request_seconds_bucket" in text
            assert "bosetting_db_pool_checked_out" in text
            # Which execution ran is a label of its own: the person and the PDF's person ran
            # compiled, the three me { id } field by field.
            assert _count(text, "bosetting_executions_total", execution="compiled") == 2
            assert _count(text, "bosetting_executions_total", execution="standard") == 3


def test_500_requests_named_after_a_person_add_no_label(shared_db: str, tmp_path: Path) -> None:
    """The attack: operations named after a person's DUF-nr and name, each its own. The
    metrics keep their series (only counts grow), and hold neither."""
    # Not a test of the rate limit: 500 requests of one user must all be answered.
    with (
        live_server(shared_db, tmp_path, rate_limit_per_minute=100_000) as live,
        httpx.Client(base_url=live.base_url) as http,
    ):
        token = live.token("demo-0301-anmoder-les")

        def ask(name: str) -> httpx.Response:
            return http.post(
                "/graphql",
                json={"query": f"query {name} {{ __typename }}", "operationName": name},
                headers={"Authorization": f"Bearer {token}"},
            )

        assert ask("Oppvarming").status_code == 200
        assert http.get("/healthz").status_code == 200
        before = http.get("/metrics").text
        for n in range(500):
            assert ask(f"Kurt_Mohammed_{201803452201 + n}").status_code == 200
        assert http.get("/healthz").status_code == 200  # other callers are served
        after = http.get("/metrics").text
    assert _series(after) == _series(before)
    assert _count(after, "bosetting_requests_total", operation="other") == 501
    assert "Kurt" not in after
    assert "2018034" not in after


def test_metrics_are_not_on_the_api_listener_in_production(shared_db: str, tmp_path: Path) -> None:
    metrics_port = free_port()
    with live_server(
        shared_db, tmp_path, environment="production", metrics_port=metrics_port
    ) as live:
        assert httpx.get(f"{live.base_url}/metrics").status_code == 404
        assert httpx.get(f"{live.base_url}/healthz").status_code == 200
        text = metrics_text(f"http://127.0.0.1:{metrics_port}/metrics")
        assert 'bosetting_requests_total{operation="-",path="/healthz",status="200"}' in text


def test_metrics_sum_every_worker_process(shared_db: str, tmp_path: Path) -> None:
    """`serve --workers 2` in production: /metrics is not on the API's port, and the metrics
    port (served once, by the supervising process) counts the requests both workers answered."""
    metrics_port = free_port()
    env = production_env(
        shared_db,
        tmp_path,
        BOSETTING_METRICS_PORT=str(metrics_port),
        BOSETTING_METRICS_OPERATIONS="Hvem",
    )
    with serve(env, tmp_path, "--workers", "2") as served:
        token = served.token("demo-imdi-saksbehandler")
        for _ in range(40):  # a new connection each: the kernel spreads them over the workers
            response = httpx.post(
                f"{served.base_url}/graphql",
                json={"query": "query Hvem { me { id } }", "operationName": "Hvem"},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert response.status_code == 200, response.text
        assert httpx.get(f"{served.base_url}/metrics").status_code == 404
        # `serve` runs its workers with the HTTP server's limit on the request head.
        big_head = httpx.get(f"{served.base_url}/healthz", headers={"X-Big": "x" * 20_000})
        assert big_head.status_code == 431
        for _ in range(6):
            scraped = metrics_text(f"http://127.0.0.1:{metrics_port}/metrics")
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
