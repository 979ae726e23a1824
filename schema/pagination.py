"""Relay-style cursor connections: opaque cursors, page size required to be 1 to 100."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar

import strawberry

from schema.errors import MAX_ID, BadInputError

MAX_PAGE_SIZE = 100
MAX_CURSOR_LENGTH = 200
"""Characters of an ``after`` argument; the cursors this API makes are shorter than 100."""
T = TypeVar("T")


def page_size(first: int, *, field: str = "first") -> int:
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise BadInputError(field, f"must be between 1 and {MAX_PAGE_SIZE}, not {first}")
    return first


def encode_cursor(kind: str, *parts: Any) -> str:
    raw = json.dumps([kind, *parts], separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _not_a_cursor(field: str = "after") -> BadInputError:
    return BadInputError(field, "is not a cursor of this list")


def decode_cursor(kind: str, cursor: str, *, field: str = "after") -> list[Any]:
    """The parts of a cursor of the list ``kind``; anything else is bad input naming ``field``."""
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise _not_a_cursor(field)
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
        value = None
    if not isinstance(value, list) or not value or value[0] != kind:
        raise _not_a_cursor(field)
    return value[1:]


def _bigint(value: Any) -> bool:
    """A whole number PostgreSQL's bigint holds, not negative (``True`` is no number here)."""
    return type(value) is int and 0 <= value <= MAX_ID


def keyset_after(after: str, kind: str) -> tuple[datetime, int]:
    """The (time, id) a keyset cursor of the list ``kind`` points after: a time with its zone
    that PostgreSQL's timestamptz holds, and an id in the bigint range."""
    parts = decode_cursor(kind, after)
    if len(parts) != 2 or not isinstance(parts[0], str) or not _bigint(parts[1]):
        raise _not_a_cursor()
    try:
        stamp = datetime.fromisoformat(parts[0])
        if stamp.tzinfo is None:
            raise ValueError("no time zone")
        stamp.astimezone(UTC)  # a time at the edge of the range may not convert
    except (ValueError, OverflowError) as error:
        raise _not_a_cursor() from error
    return stamp, int(parts[1])


First = Annotated[
    int,
    strawberry.argument(description=f"How many to return: the page size, 1 to {MAX_PAGE_SIZE}."),
]
"""The ``first`` argument of every connection."""


@strawberry.type(
    description="Where a page lies in its list (the cursor connections specification): whether "
    "there are entries before and after it, and the cursors of its first and last entry."
)
class PageInfo:
    has_previous_page: bool = strawberry.field(
        description="True when entries come before this page: the page was asked for with an "
        "`after` cursor.",
    )
    has_next_page: bool = strawberry.field(
        description="True when entries come after this page: ask again with `after: endCursor`."
    )
    start_cursor: str | None = strawberry.field(
        description="The cursor of the page's first entry; null when the page is empty."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of the page's last entry, for the next page's `after`; null "
        "when the page is empty."
    )


def page_info(edges: Sequence[Edge[Any]], *, has_previous: bool, has_next: bool) -> PageInfo:
    """The page info of a page of ``edges``: ``has_previous`` when it was asked for after a
    cursor (an offset above 0, or a keyset position), ``has_next`` when rows follow it."""
    return PageInfo(
        has_previous_page=has_previous,
        has_next_page=has_next,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )


@strawberry.type(description="One entry of a page: its item and the cursor that points at it.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(
        description="Opaque; give it as `after` for the entries that follow this one."
    )
    node: T = strawberry.field(description="The item.")


@strawberry.type(
    description="One page of a list, newest or most relevant first as the field says: its "
    "entries, where the page lies, and how many there are in all."
)
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The entries of this page, in order.")
    page_info: PageInfo = strawberry.field(
        description="Whether there are entries before and after this page, and its cursors."
    )
    total_count: int = strawberry.field(description="How many there are in all, every page.")


def offset_after(after: str | None, kind: str) -> int:
    """The position an offset cursor of the list ``kind`` points after (0: the first page)."""
    if after is None:
        return 0
    parts = decode_cursor(kind, after)
    if len(parts) != 1 or not _bigint(parts[0]):
        raise _not_a_cursor()
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
        page_info=page_info(edges, has_previous=offset > 0, has_next=len(rows) > size),
        total_count=rows[0].total if rows else 0,
    )
