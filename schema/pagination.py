"""Relay-style cursor connections: opaque cursors, page size required to be 1 to 100."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry

from schema.errors import BadInputError

MAX_PAGE_SIZE = 100
T = TypeVar("T")


def page_size(first: int, *, field: str = "first") -> int:
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise BadInputError(field, f"must be between 1 and {MAX_PAGE_SIZE}, not {first}")
    return first


def encode_cursor(kind: str, *parts: Any) -> str:
    raw = json.dumps([kind, *parts], separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str, *, field: str = "after") -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        value = None
    if not isinstance(value, list) or not value or value[0] != kind:
        raise BadInputError(field, "is not a cursor of this list")
    return value[1:]


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int = strawberry.field(description="How many there are in all, every page.")


def offset_after(after: str | None, kind: str) -> int:
    """The position an offset cursor of the list ``kind`` points after (0: the first page)."""
    if after is None:
        return 0
    parts = decode_cursor(kind, after)
    if len(parts) != 1 or not isinstance(parts[0], int) or parts[0] < 0:
        raise BadInputError("after", "is not a cursor of this list")
    return int(parts[0])


def offset_page(
    kind: str, rows: Sequence[Any], size: int, offset: int, node: Callable[[Any], T]
) -> Connection[T]:
    """A page of rows fetched with ``LIMIT size + 1 OFFSET offset``, each with a ``total``."""
    edges = [
        Edge(cursor=encode_cursor(kind, offset + index + 1), node=node(row))
        for index, row in enumerate(rows[:size])
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None
        ),
        total_count=rows[0].total if rows else 0,
    )
