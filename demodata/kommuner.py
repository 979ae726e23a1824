"""The 357 kommuner (a copy of shared/data/kommuner.csv ships with the package)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

CSV = Path(__file__).resolve().parent / "kommuner.csv"


class KommuneRad(NamedTuple):
    kommunenummer: str
    navn: str
    fylkesnummer: str
    fylke: str
    navn_kort: str
    adm_senter: str
    innbyggere: int
    areal_km2: Decimal
    malform: str


def load_kommuner(path: Path = CSV) -> list[KommuneRad]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            KommuneRad(
                kommunenummer=row["kommunenummer"],
                navn=row["navn"],
                fylkesnummer=row["fylkesnummer"],
                fylke=row["fylke"],
                navn_kort=row["navn_kort"],
                adm_senter=row["adm_senter"],
                innbyggere=int(row["innbyggere"]),
                areal_km2=Decimal(row["areal_km2"]),
                malform=row["malform"],
            )
            for row in csv.DictReader(handle)
        ]
