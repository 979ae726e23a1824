"""The rules of the domain's identifiers: DUF-nummer check digits and personnummer."""

from __future__ import annotations

from stdnum.no import fodselsnummer

DUF_WEIGHTS = (4, 6, 3, 2, 4, 6, 3, 2, 7, 5)


def duf_check(first_ten: str) -> str:
    """The two check digits of a DUF-nummer: the weighted sum mod 11, written as 00-10."""
    return f"{sum(int(d) * w for d, w in zip(first_ten, DUF_WEIGHTS, strict=True)) % 11:02d}"


def duf_nr(year: int, serial: int) -> str:
    first_ten = f"{year:04d}{serial:06d}"
    return first_ten + duf_check(first_ten)


def duf_nr_is_valid(value: str) -> bool:
    """Twelve digits whose last two are the check of the first ten.

    Imported data may hold numbers that fail (the user guide's examples do); accept those on
    import with a warning, but validate what users type.
    """
    return len(value) == 12 and er_siffer(value) and duf_check(value[:10]) == value[10:]


def personnummer_is_valid(value: str) -> bool:
    """A valid fødselsnummer or D-nummer (python-stdnum checks both)."""
    return bool(fodselsnummer.is_valid(value))


def is_d_nummer(value: str) -> bool:
    return er_siffer(value[:1]) and int(value[0]) >= 4


def er_siffer(value: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts '³' and '٣', which ``int`` refuses."""
    return value.isascii() and value.isdigit()
