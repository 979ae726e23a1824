"""Disclosure control for statistics: no number may single out a person.

The rule (README, "Statistics"), applied to every count an analyst sees:

1. **Small cells.** A cell counting fewer than 5 (persons or innmeldinger) shows "under 5"
   and no number.
2. **Consistent noise (the cell key method).** Every record has a fixed, secret random key
   (0–255, from a keyed hash of its id). A cell's key is the sum of its records' keys, modulo
   256, and picks the cell's noise from a fixed table: 0 (half the cells), ±1 (a fifth each),
   ±2 (one in twenty each). The same set of records always gets the same noise, so repeating
   a query or asking it another way teaches nothing; two queries whose cells differ by one
   person differ by a noisy amount, so subtracting them (the differencing attack) does not
   reveal whether that person is there. A noisy count never shows below 5.
3. **Distributions need 10.** Percentiles of waiting time are shown only for groups of at
   least 10 persons, in whole days.
4. **Fixed dimensions.** Groupings and filters are fixed lists of values (kommune, fylke,
   year, category, nationality, age group, type, status); no free text, no ranges of dates.

Statistics Norway protected the 2021 census tables with the same cell key method.
"""

from __future__ import annotations

from dataclasses import dataclass

MINSTE_ANTALL = 5
MINSTE_GRUPPE_FOR_FORDELING = 10
NOKKELROM = 256

# Cell key → noise: [0, 13) −2, [13, 64) −1, [64, 192) 0, [192, 243) +1, [243, 256) +2.
_STOY = ((13, -2), (64, -1), (192, 0), (243, 1), (NOKKELROM, 2))


def stoy(cellenokkel: int) -> int:
    for grense, verdi in _STOY:
        if cellenokkel < grense:
            return verdi
    raise ValueError(f"a cell key is between 0 and {NOKKELROM - 1}, not {cellenokkel}")


@dataclass(frozen=True, slots=True)
class Publisert:
    """A count as it may be shown: a number, or "under 5"."""

    verdi: int | None

    @property
    def under_5(self) -> bool:
        return self.verdi is None

    @property
    def tekst(self) -> str:
        return "under 5" if self.verdi is None else str(self.verdi)


def publiser(antall: int, cellenokkel: int) -> Publisert:
    """The published form of a true count whose records' keys sum to ``cellenokkel``."""
    if antall < MINSTE_ANTALL:
        return Publisert(None)
    return Publisert(max(MINSTE_ANTALL, antall + stoy(cellenokkel % NOKKELROM)))


def nokkel_sql(id_expression: str, kind: str) -> str:
    """SQL for the sum of the record keys of a group (``:salt`` is the secret)."""
    return (
        f"(sum(hashtextextended('{kind}:' || {id_expression}::text, :salt) & 255)"
        f" % {NOKKELROM})::int"
    )
