"""The request head is limited by the HTTP server: 431 above BOSETTING_MAX_HEADER_BYTES, at
once, without reading the rest, and other callers are served meanwhile."""

from __future__ import annotations

import select
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from app.httpserver import DEFAULT_MAX_HEADER_BYTES, HeadLimitedHttpToolsProtocol
from tests.support import LiveServer

HUGE = 128 * 2**20


@dataclass
class Attack:
    """One header of ``HUGE`` bytes, streamed through a raw socket."""

    address: tuple[str, int]
    polite: bool = True
    """Stop sending when the server answers (else: send on until the connection breaks)."""
    sent: int = 0
    answer: bytes = b""
    seconds: float = 0.0
    closed: bool = False
    errors: list[str] = field(default_factory=list)

    def run(self) -> None:
        started = time.monotonic()
        try:
            self._run(started + 30)
        except Exception as error:  # reported by the test, not lost in the thread
            self.errors.append(repr(error))
        self.seconds = time.monotonic() - started

    def _run(self, deadline: float) -> None:
        with socket.create_connection(self.address, timeout=10) as sock:
            sock.setblocking(False)
            pending = memoryview(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Huge: ")
            chunk = b"a" * 65536
            while time.monotonic() < deadline:
                sending = self.sent < HUGE and not (self.polite and self.answer)
                readable, writable, _ = select.select([sock], [sock] if sending else [], [], 1)
                if readable:
                    try:
                        data = sock.recv(65536)
                    except ConnectionResetError:
                        self.closed = True
                        return
                    if not data:
                        self.closed = True
                        return
                    self.answer += data
                if writable:
                    if not pending:
                        pending = memoryview(chunk[: HUGE - self.sent])
                    try:
                        count = sock.send(pending)
                    except (BrokenPipeError, ConnectionResetError):
                        self.closed = True
                        return
                    self.sent += count
                    pending = pending[count:]


def _address(server: LiveServer) -> tuple[str, int]:
    url = urlsplit(server.base_url)
    assert url.hostname is not None
    assert url.port is not None
    return url.hostname, url.port


def _healthz_while(attacks: list[Attack], client: httpx.Client) -> list[float]:
    """Start the attacks, ask /healthz over and over until they end; the time of each."""
    threads = [threading.Thread(target=attack.run, daemon=True) for attack in attacks]
    for thread in threads:
        thread.start()
    times: list[float] = []
    while any(thread.is_alive() for thread in threads) or len(times) < 3:
        started = time.monotonic()
        response = client.get("/healthz", timeout=30)
        times.append(time.monotonic() - started)
        assert response.status_code == 200
        time.sleep(0.02)
    for thread in threads:
        thread.join()
    return times


def test_a_huge_header_gets_431_at_once_and_others_are_served(
    server: LiveServer, client: httpx.Client
) -> None:
    attack = Attack(_address(server))
    times = _healthz_while([attack], client)
    assert not attack.errors, attack.errors
    assert attack.answer.startswith(b"HTTP/1.1 431 "), attack.answer[:200]
    assert b"BOSETTING_MAX_HEADER_BYTES" in attack.answer
    assert b'"code": "LIMIT_EXCEEDED"' in attack.answer
    assert attack.closed, "the server closes the connection after refusing"
    assert attack.seconds < 3, attack.seconds  # the answer at once, the close after 2 s
    assert attack.sent < HUGE // 4, f"the server waited for {attack.sent} bytes"
    assert max(times) < 0.5, times


def test_clients_that_send_on_are_cut_off_and_others_are_served(
    server: LiveServer, client: httpx.Client
) -> None:
    attacks = [Attack(_address(server), polite=False) for _ in range(4)]
    times = _healthz_while(attacks, client)
    for attack in attacks:
        assert not attack.errors, attack.errors
        assert attack.closed
        assert attack.seconds < 10, attack.seconds
    assert max(times) < 0.5, times


def test_a_head_just_under_the_limit_is_served(client: httpx.Client) -> None:
    response = client.get("/healthz", headers={"X-Pad": "a" * 15 * 1024})
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_the_limit_is_on_the_whole_head(client: httpx.Client) -> None:
    assert HeadLimitedHttpToolsProtocol.max_head_bytes == DEFAULT_MAX_HEADER_BYTES
    many = {f"X-Pad-{i}": "a" * 1000 for i in range(17)}  # no header near the limit alone
    response = client.get("/healthz", headers=many)
    assert response.status_code == 431
    assert response.json()["errors"][0]["extensions"] == {
        "code": "LIMIT_EXCEEDED",
        "limit": "header",
        "value": DEFAULT_MAX_HEADER_BYTES,
    }
    # The refused connection is closed; the next request gets a new one and is served.
    assert client.get("/healthz").status_code == 200


def test_a_long_request_line_counts_too(client: httpx.Client) -> None:
    response = client.get("/healthz", params={"q": "a" * DEFAULT_MAX_HEADER_BYTES})
    assert response.status_code == 431


def test_the_limit_is_per_request_and_leaves_bodies_alone(
    server: LiveServer, client: httpx.Client
) -> None:
    # One keep-alive connection: five heads of 12 KiB each (60 KiB in all) are all served.
    for _ in range(5):
        response = client.get("/healthz", headers={"X-Pad": "a" * 12 * 1024})
        assert response.status_code == 200
    # A body far larger than the head limit is the body limit's business.
    body = client.post(
        "/graphql",
        json={"query": "{ me { navn } }", "variables": {"pad": "a" * 100_000}},
        headers={"Authorization": f"Bearer {server.token('demo-0301-anmoder-les')}"},
    )
    assert body.status_code == 200, body.text
    assert body.json()["data"]["me"]["navn"]


def test_a_huge_head_behind_a_pipelined_request_leaves_its_answer_whole(
    server: LiveServer,
) -> None:
    with socket.create_connection(_address(server), timeout=10) as sock:
        sock.sendall(
            b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Huge: " + b"a" * 65536
        )
        received = b""
        while True:
            try:
                data = sock.recv(65536)
            except ConnectionResetError:
                break
            if not data:
                break
            received += data
    head, _, rest = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 "), received[:300]
    length = next(
        int(line.split(b":")[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    assert rest[:length] == b'{"status":"ok"}'
    # After it, nothing but (perhaps) a whole 431 for the second request.
    assert rest[length:] == b"" or rest[length:].startswith(b"HTTP/1.1 431 ")
