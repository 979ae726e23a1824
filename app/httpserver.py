"""The HTTP server's own limit on the request head (request line and headers): 431 above it.

uvicorn's httptools protocol (the one ``auto`` picks, and production's) has no such limit:
llhttp hands each header over only when it is complete, and httptools builds it up chunk by
chunk, so one header of 128 MiB kept a worker busy for many seconds. (uvicorn's h11 protocol
has a limit, ``h11_max_incomplete_event_size``, but answers it with a plain-text 400.) Here the
bytes received while a request's head is incomplete are counted before the parser sees them;
above ``BOSETTING_MAX_HEADER_BYTES`` the server answers 431, stops parsing, discards what the
client still sends for a short while (so that the client can read the answer instead of a
reset) and closes the connection.
"""

from __future__ import annotations

import json
import os
from typing import Any

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from app.settings import SettingsError
from models.identifikatorer import er_siffer

DEFAULT_MAX_HEADER_BYTES = 16_384
LINGER_SECONDS = 2.0
"""How long a refused connection discards what the client still sends before it closes."""


def max_header_bytes() -> int:
    """``BOSETTING_MAX_HEADER_BYTES``: the request line and all headers of one request."""
    value = os.environ.get("BOSETTING_MAX_HEADER_BYTES") or str(DEFAULT_MAX_HEADER_BYTES)
    if not er_siffer(value) or int(value) < 1024:
        raise SettingsError(
            f"BOSETTING_MAX_HEADER_BYTES must be a whole number of at least 1024, not {value!r}"
        )
    return int(value)


def _refusal(limit: int) -> bytes:
    body = json.dumps(
        {
            "errors": [
                {
                    "message": f"the request head (request line and headers) is larger than "
                    f"{limit} bytes (BOSETTING_MAX_HEADER_BYTES)",
                    "extensions": {"code": "LIMIT_EXCEEDED", "limit": "header", "value": limit},
                }
            ]
        }
    ).encode()
    return b"".join(
        [
            STATUS_LINE[431],
            b"content-type: application/json\r\n",
            b"content-length: " + str(len(body)).encode() + b"\r\n",
            b"cache-control: no-store\r\n",
            b"connection: close\r\n\r\n",
            body,
        ]
    )


class HeadLimitedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a cap on the bytes of each request's head."""

    max_head_bytes = max_header_bytes()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_bytes = 0
        self._in_head = True
        self._refused = False

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # discarded: the answer is sent, the connection closes shortly
        while data and self._in_head:
            allowance = self.max_head_bytes - self._head_bytes
            if allowance <= 0:
                self._refuse()
                return
            part, data = data[:allowance], data[allowance:]
            self._head_bytes += len(part)
            super().data_received(part)
            if self.transport.is_closing() or self.parser is None:
                return
            if self.transport.get_protocol() is not self:
                return  # upgraded to a websocket (uvicorn hands over the head alone)
        if data:
            super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        # The next request's head starts here (keep-alive, pipelining).
        self._in_head = True
        self._head_bytes = 0

    def _refuse(self) -> None:
        self._refused = True
        if self.cycle is not None and not self.cycle.response_complete:
            # A pipelined head behind a request still being answered: that answer goes out
            # whole, then the connection closes (an answer written now would mix with it).
            self.cycle.keep_alive = False
            return
        self.transport.write(_refusal(self.max_head_bytes))
        if self.transport.can_write_eof():
            # Half-close: the answer and a FIN go out, what the client still sends is read and
            # dropped, so that it reads the answer rather than a reset.
            self.transport.write_eof()
            self.loop.call_later(LINGER_SECONDS, self._close)
        else:
            self._close()

    def _close(self) -> None:
        if not self.transport.is_closing():
            self.transport.close()


PROTOCOL = f"{HeadLimitedHttpToolsProtocol.__module__}:{HeadLimitedHttpToolsProtocol.__name__}"


def uvicorn_http_options() -> dict[str, Any]:
    """uvicorn's options for the HTTP protocol: httptools with the head limit (named by its
    import path, so that ``--workers`` processes load it too), and h11's own limit set to the
    same value should h11 ever be chosen."""
    return {"http": PROTOCOL, "h11_max_incomplete_event_size": max_header_bytes()}
