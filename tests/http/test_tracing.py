"""Optional OpenTelemetry tracing: spans reach an OTLP/HTTP collector, one trace per request
(continuing the caller's traceparent), and carry no personal data."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.trace.v1.trace_pb2 import Span

from tests.support import live_server


class Collector(ThreadingHTTPServer):
    payloads: list[bytes]


class Handler(BaseHTTPRequestHandler):
    server: Collector

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.server.payloads.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def collector() -> Iterator[Collector]:
    server = Collector(("127.0.0.1", 0), Handler)
    server.payloads = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
DUF = "201803452201"


def test_a_request_is_one_trace_with_its_operation_and_sql(
    shared_db: str, tmp_path: Path, collector: Collector
) -> None:
    endpoint = f"http://127.0.0.1:{collector.server_address[1]}/v1/traces"
    with live_server(
        shared_db,
        tmp_path,
        otlp_traces_endpoint=endpoint,
        metrics_operations=frozenset({"HentPerson"}),  # an operation name the service knows
    ) as live:
        response = httpx.post(
            f"{live.base_url}/graphql",
            json={
                "query": "query HentPerson($d: String!) {"
                " person(dufNr: $d) { navn helseinformasjon { helsetilstand } } }",
                "variables": {"d": DUF},
                "operationName": "HentPerson",
            },
            headers={
                "Authorization": f"Bearer {live.token('demo-imdi-saksbehandler')}",
                "traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01",
            },
        )
        assert response.status_code == 200
        name = response.json()["data"]["person"]["navn"]
    # Leaving the server flushed its spans.
    assert collector.payloads, "no spans reached the collector"
    spans = []
    for payload in collector.payloads:
        assert DUF.encode() not in payload
        assert name.encode() not in payload
        request = ExportTraceServiceRequest.FromString(payload)
        for resource_spans in request.resource_spans:
            service = {a.key: a.value.string_value for a in resource_spans.resource.attributes}[
                "service.name"
            ]
            assert service == "bosetting"
            for scope_spans in resource_spans.scope_spans:
                spans.extend(scope_spans.spans)
    ours = [s for s in spans if s.trace_id.hex() == TRACE_ID]
    by_name = {s.name: s for s in ours}
    server = by_name["POST /graphql"]
    attributes = {a.key: a.value for a in server.attributes}
    assert attributes["bosetting.request_id"].string_value == response.headers["x-request-id"]
    assert attributes["http.response.status_code"].int_value == 200
    assert attributes["graphql.operation.name"].string_value == "HentPerson"
    operation = by_name["graphql query HentPerson"]
    assert operation.parent_span_id == server.span_id
    for phase in ("graphql.parse", "graphql.validate", "graphql.execute"):
        assert by_name[phase].parent_span_id == operation.span_id
    execute = {a.key: a.value for a in by_name["graphql.execute"].attributes}
    assert execute["bosetting.execution"].string_value == "compiled"
    # The compiled read is one statement, WITH its person and its innsynslogg insert.
    selects = [s for s in ours if s.name in ("SELECT", "WITH")]
    assert selects, [s.name for s in ours]
    ids = {s.span_id: s for s in ours}

    def reaches_server(span: Span) -> bool:
        parent: bytes = span.parent_span_id
        while parent != server.span_id and parent in ids:
            parent = ids[parent].parent_span_id
        return bool(parent == server.span_id)

    assert all(reaches_server(s) for s in selects)
    statements = [
        a.value.string_value for s in selects for a in s.attributes if a.key == "db.statement"
    ]
    assert any("FROM person" in statement for statement in statements)


def test_without_an_endpoint_nothing_is_traced(shared_db: str, tmp_path: Path) -> None:
    with live_server(shared_db, tmp_path) as live:
        assert live.settings.otlp_traces_endpoint is None
        response = httpx.get(f"{live.base_url}/healthz")
        assert response.status_code == 200


def test_a_pdfs_span_is_named_by_its_route_without_the_duf_nr(
    shared_db: str, tmp_path: Path, collector: Collector
) -> None:
    endpoint = f"http://127.0.0.1:{collector.server_address[1]}/v1/traces"
    with live_server(shared_db, tmp_path, otlp_traces_endpoint=endpoint) as live:
        response = httpx.get(
            f"{live.base_url}/utskrift/kompetanse/{DUF}.pdf",
            headers={
                "Authorization": f"Bearer {live.token('demo-imdi-saksbehandler')}",
                "traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01",
            },
        )
        assert response.status_code == 200
    names = span_names(collector)
    assert "GET /utskrift/kompetanse/{dufNr}.pdf" in names


def test_an_operation_name_the_service_does_not_know_is_other_in_every_span(
    shared_db: str, tmp_path: Path, collector: Collector
) -> None:
    """A caller chooses the operation's name: a DUF-nr put there never reaches a span."""
    endpoint = f"http://127.0.0.1:{collector.server_address[1]}/v1/traces"
    chosen = f"Person{DUF}"
    with live_server(shared_db, tmp_path, otlp_traces_endpoint=endpoint) as live:
        response = httpx.post(
            f"{live.base_url}/graphql",
            json={"query": f"query {chosen} {{ me {{ navn }} }}", "operationName": chosen},
            headers={
                "Authorization": f"Bearer {live.token('demo-imdi-saksbehandler')}",
                "traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01",
            },
        )
        assert response.status_code == 200
    names = span_names(collector)
    assert "graphql query other" in names


def span_names(collector: Collector) -> set[str]:
    """The names of our trace's spans; no exported byte holds the DUF-nr."""
    assert collector.payloads, "no spans reached the collector"
    names = set()
    for payload in collector.payloads:
        assert DUF.encode() not in payload
        for resource_spans in ExportTraceServiceRequest.FromString(payload).resource_spans:
            for scope_spans in resource_spans.scope_spans:
                names |= {s.name for s in scope_spans.spans if s.trace_id.hex() == TRACE_ID}
    return names
