"""Generating valid fødselsnummer and D-nummer for demo persons."""

from __future__ import annotations

import random
from datetime import date

from models.identifikatorer import personnummer_is_valid

_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _mod11(digits: str, weights: tuple[int, ...]) -> int | None:
    check = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def _individnummer_range(year: int) -> range:
    if 2000 <= year <= 2039:
        return range(500, 1000)
    if 1940 <= year <= 1999:
        return range(0, 500)
    return range(0, 500)


def personnummer(birth: date, rng: random.Random, *, d_nummer: bool = False) -> str:
    """A valid fødselsnummer (or D-nummer: first digit + 4) for ``birth``."""
    day = birth.day + (40 if d_nummer else 0)
    stem = f"{day:02d}{birth.month:02d}{birth.year % 100:02d}"
    individ = _individnummer_range(birth.year)
    while True:
        base = stem + f"{rng.choice(individ):03d}"
        k1 = _mod11(base, _K1)
        if k1 is None:
            continue
        k2 = _mod11(base + str(k1), _K2)
        if k2 is None:
            continue
        number = f"{base}{k1}{k2}"
        if personnummer_is_valid(number):
            return number
