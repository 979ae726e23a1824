"""graphql-transport-ws on ``/graphql``: the token travels in ``connection_init``."""

from __future__ import annotations

import json

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.support import LiveServer

PROTOCOL = "graphql-transport-ws"


def ws_url(server: LiveServer) -> str:
    return server.base_url.replace("http://", "ws://") + "/graphql"


def test_a_valid_token_is_acknowledged(server: LiveServer) -> None:
    token = server.token("demo-0301-bosetter-les")
    with connect(ws_url(server), subprotocols=[PROTOCOL]) as socket:  # type: ignore[list-item]
        socket.send(
            json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
        )
        assert json.loads(socket.recv(timeout=10)) == {"type": "connection_ack"}
        socket.send(json.dumps({"type": "ping"}))
        assert json.loads(socket.recv(timeout=10)) == {"type": "pong"}


@pytest.mark.parametrize("payload", [{}, {"Authorization": "Bearer not-a-token"}])
def test_a_connection_without_a_valid_token_is_closed_with_4403(
    server: LiveServer, payload: dict[str, str]
) -> None:
    with connect(ws_url(server), subprotocols=[PROTOCOL]) as socket:  # type: ignore[list-item]
        socket.send(json.dumps({"type": "connection_init", "payload": payload}))
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=10)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403


def test_a_deactivated_user_is_refused_on_the_websocket_too(server: LiveServer) -> None:
    token = server.token("demo-0301-deaktivert")
    with connect(ws_url(server), subprotocols=[PROTOCOL]) as socket:  # type: ignore[list-item]
        socket.send(
            json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
        )
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=10)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403
