"""Query texts already seen, with what was worked out for them: the parsed document (or why
there is none), its analysis without variables, its validation. A bounded LRU, bounded by the
characters of the texts it keeps: a parsed document takes about 150 bytes a character, so a
count of entries would let a caller fill the memory with large documents."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from graphql import ASTValidationRule, DocumentNode, GraphQLError

from schema.document_analysis import Analysis


@dataclass(slots=True)
class Prepared:
    document: DocumentNode | GraphQLError
    analyses: dict[str | None, Analysis] = field(default_factory=dict)
    """By operation name: the analysis when no variables are given."""
    validations: dict[tuple[type[ASTValidationRule], ...], list[GraphQLError]] = field(
        default_factory=dict
    )
    """By the validation rules run."""


class DocumentCache:
    """One per process; a lock, since servers in threads of one process (the tests') share it."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.chars = 0
        self.entries: OrderedDict[str, Prepared] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, query: str) -> Prepared | None:
        with self.lock:
            entry = self.entries.get(query)
            if entry is not None:
                self.entries.move_to_end(query)
            return entry

    def put(self, query: str, entry: Prepared) -> None:
        """Keeps the entry, unless its text alone would take more than a tenth of the room."""
        with self.lock:
            if len(query) * 10 > self.max_chars or query in self.entries:
                return
            self.entries[query] = entry
            self.chars += len(query)
            while self.chars > self.max_chars:
                dropped, _ = self.entries.popitem(last=False)
                self.chars -= len(dropped)
