"""Folding names for search: lower-case ASCII, so 'Şahin', 'Sahin' and 'SAHİN' meet."""

from __future__ import annotations

import unicodedata

_SPECIAL = str.maketrans(
    {"æ": "ae", "ø": "o", "å": "a", "ß": "ss", "ı": "i", "đ": "d", "ł": "l", "œ": "oe"}
)


def fold(text: str) -> str:
    lowered = text.casefold().translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", lowered)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(ascii_only.replace("-", " ").split())
