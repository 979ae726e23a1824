"""What the source systems' tests share: UDB's mutation and a valid person to deliver."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from demodata.ids import personnummer
from models.identifikatorer import duf_nr

UDB = "demo-udi-integrasjon"
UDI_ORGNR_SQL = "SELECT orgnr FROM organisasjon WHERE type = 'UDI' LIMIT 1"
SKRIV = """mutation($p: [UdbPersonInput!]!, $k: String!) { udbPersoner(personer: $p,
  idempotensnokkel: $k) { gjentatt resultater { dufNr status feil { field code message } } } }"""
LES = """query($d: String!) { person(dufNr: $d) { navn fodselsdato nasjonalitet personnummer
  bosettingsstatus grunndataDetaljer { mottak bosettingsklarDato }
  hendelser(first: 10) { edges { node { tittel tekst } } } } }"""
BIRTH = date(1994, 5, 17)


def person(serial: int, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "dufNr": duf_nr(2026, 770000 + serial),
        "fornavn": "Amina",
        "etternavn": f"Udb{serial}",
        "fodselsdato": BIRTH.isoformat(),
        "kjonn": "KVINNE",
        "nasjonalitet": "SYR",
        "registreringsnummer": f"77{serial:06d}",
        "familierolle": "HOVEDPERSON",
        "sakstype": "ASYL",
        "ensligMindrearig": False,
        "botilbud": "MOTTAK",
        "mottak": "Hvalstad asylmottak",
        "personnummer": personnummer(BIRTH, random.Random(serial), d_nummer=True),
    }
    return values | overrides
