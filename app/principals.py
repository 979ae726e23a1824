"""Signed-in callers remembered per token: a request with a token seen before costs no
signature check and no login query.

An entry holds until its token expires or its user changes. Changes of a user (its row, its
roles) are announced on ``bruker_endret`` (app.varselhub), by NOTIFY from any process and at
once from this one; an announcement drops the user's entries. While this process does not
listen, nothing is remembered: a change could go unannounced; when it listens again, nothing
read before is kept. A principal read while a change was announced is not remembered either (it
may predate the change).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from authz.principal import Principal

MAX_ENTRIES = 10_000
RETRY_LISTEN_SECONDS = 5.0


class UserChanges(Protocol):
    """What the cache needs of ``app.varselhub.VarselHub``."""

    @property
    def listening(self) -> bool: ...

    def listen_in_background(self) -> None: ...

    def on_user_change(self, callback: Callable[[int | None], None]) -> None: ...


@dataclass(frozen=True, slots=True)
class _Entry:
    principal: Principal
    expires: float
    """The token's ``exp`` (seconds since the epoch)."""


class PrincipalCache:
    def __init__(
        self,
        changes: UserChanges,
        *,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._changes = changes
        self._max_entries = max_entries
        self._clock = clock
        self._entries: dict[bytes, _Entry] = {}
        self._tokens_of: dict[int, set[bytes]] = {}
        self._generation = 0
        self._asked_to_listen = float("-inf")
        changes.on_user_change(self._changed)

    def get(self, token: str) -> Principal | None:
        """The principal of ``token`` if it is remembered and still holds."""
        if not self._changes.listening:
            self._listen_soon()
            return None
        key = _key(token)
        entry = self._entries.get(key)
        if entry is None:
            return None
        if self._clock() >= entry.expires:
            self._drop(key, entry)
            return None
        return entry.principal

    @property
    def generation(self) -> int:
        """Take this before reading a principal, and give it to :meth:`put`."""
        return self._generation

    def put(self, token: str, principal: Principal, expires: float, generation: int) -> None:
        """Remember ``principal`` for ``token`` until ``expires``, unless a user changed (or
        the announcements stopped) since ``generation`` was taken."""
        if generation != self._generation or not self._changes.listening:
            return
        if len(self._entries) >= self._max_entries:
            self._evict()
        key = _key(token)
        self._entries[key] = _Entry(principal, expires)
        self._tokens_of.setdefault(principal.bruker_id, set()).add(key)

    def __len__(self) -> int:
        return len(self._entries)

    def _changed(self, bruker_id: int | None) -> None:
        self._generation += 1
        if bruker_id is None:
            self._entries.clear()
            self._tokens_of.clear()
            return
        for key in self._tokens_of.pop(bruker_id, set()):
            self._entries.pop(key, None)

    def _drop(self, key: bytes, entry: _Entry) -> None:
        del self._entries[key]
        tokens = self._tokens_of.get(entry.principal.bruker_id)
        if tokens is not None:
            tokens.discard(key)
            if not tokens:
                del self._tokens_of[entry.principal.bruker_id]

    def _evict(self) -> None:
        """Room for one more: the expired entries, else the oldest half."""
        now = self._clock()
        stale = [(t, e) for t, e in self._entries.items() if now >= e.expires]
        if not stale:
            stale = list(self._entries.items())[: max(1, len(self._entries) // 2)]
        for key, entry in stale:
            self._drop(key, entry)

    def _listen_soon(self) -> None:
        now = time.monotonic()
        if now - self._asked_to_listen >= RETRY_LISTEN_SECONDS:
            self._asked_to_listen = now
            self._changes.listen_in_background()


def _key(token: str) -> bytes:
    """A token's digest: what is kept is 32 bytes a token, however long the token (up to
    BOSETTING_MAX_TOKEN_BYTES), and never the token itself."""
    return hashlib.sha256(token.encode()).digest()
