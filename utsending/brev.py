"""A letter of the outbox as the dispatcher sends it: its recipient's address and its PDF.

A kommune's letter is addressed to its flyktningkontor when the kommune has registered one (the
office's address and e-mail), else to the kommune's official address; a person's letter to the
address registered for the person (kontaktinformasjon).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from models import Kommune, PersonKontakt, Utboks
from models.enums import BREVTITLER, Brevkanal, Brevmal
from utskrift.pdf import Dokument

AVSENDER = "Integrerings- og mangfoldsdirektoratet (IMDi)"


@dataclass(frozen=True, slots=True)
class Mottaker:
    navn: str
    adresse: tuple[str, ...]
    """The postal address, line by line; empty when none is registered."""
    epost: str | None = None


@dataclass(frozen=True, slots=True)
class Brev:
    id: int
    mal: Brevmal
    kanal: Brevkanal
    kommunenummer: str | None
    person_id: int | None
    fordeling_id: int | None
    opprettet: datetime
    innhold: dict[str, Any]
    mottaker: Mottaker

    @property
    def tittel(self) -> str:
        return BREVTITLER[self.mal]

    def konvolutt(self) -> dict[str, Any]:
        """What the envelope says: identifiers, recipient and channel, never the content."""
        return {
            "id": self.id,
            "mal": self.mal.value,
            "tittel": self.tittel,
            "kanal": self.kanal.value,
            "kommunenummer": self.kommunenummer,
            "fordelingId": self.fordeling_id,
            "opprettet": self.opprettet.isoformat(),
            "mottaker": {
                "navn": self.mottaker.navn,
                "adresse": list(self.mottaker.adresse),
                "epost": self.mottaker.epost,
            },
            "avsender": AVSENDER,
        }


def _linjer(*deler: str | None) -> tuple[str, ...]:
    return tuple(del_ for del_ in deler if del_ and del_.strip())


def kommunens_mottaker(kommune: Any) -> Mottaker:
    """The flyktningkontor first (when it has an address), else the official address."""
    if kommune.flyktningkontor_adresse:
        return Mottaker(
            navn=f"{kommune.navn}, {kommune.flyktningkontor_avdeling or 'flyktningkontoret'}",
            adresse=_linjer(
                kommune.flyktningkontor_navn and f"v/ {kommune.flyktningkontor_navn}",
                kommune.flyktningkontor_adresse,
                kommune.flyktningkontor_postnummer,
            ),
            epost=kommune.flyktningkontor_epost or kommune.offisiell_epost,
        )
    poststed = " ".join(_linjer(kommune.offisiell_postnummer, kommune.offisiell_poststed))
    return Mottaker(
        navn=kommune.navn,
        adresse=_linjer(kommune.offisiell_adresse, poststed),
        epost=kommune.flyktningkontor_epost or kommune.offisiell_epost,
    )


async def last(connection: AsyncConnection, utboks_id: int) -> tuple[Any, Brev] | None:
    """The outbox row and its letter, addressed; None when there is no such row."""
    row = (await connection.execute(select(Utboks).where(Utboks.id == utboks_id))).first()
    if row is None:
        return None
    if row.person_id is not None and row.mal == Brevmal.VEDTAK_OM_BOSETTINGSKOMMUNE:
        kontakt = (
            await connection.execute(
                # unscoped: the dispatcher addresses the person's own letter
                select(PersonKontakt).where(PersonKontakt.person_id == row.person_id)
            )
        ).first()
        poststed = kontakt and " ".join(_linjer(kontakt.postnummer, kontakt.poststed))
        mottaker = Mottaker(
            navn=str(row.innhold.get("navn") or ""),
            adresse=_linjer(kontakt.adresse, poststed) if kontakt is not None else (),
        )
    else:
        kommune = (
            await connection.execute(
                select(Kommune).where(Kommune.kommunenummer == row.kommunenummer)
            )
        ).first()
        assert kommune is not None, "utboks.kommunenummer has a foreign key"
        mottaker = kommunens_mottaker(kommune)
    brev = Brev(
        id=row.id,
        mal=Brevmal(row.mal),
        kanal=Brevkanal(row.kanal),
        kommunenummer=row.kommunenummer,
        person_id=row.person_id,
        fordeling_id=row.fordeling_id,
        opprettet=row.opprettet,
        innhold=dict(row.innhold),
        mottaker=mottaker,
    )
    return row, brev


def _dato(value: str | None) -> str:
    if not value:
        return "–"
    year, month, day = value.split("-")
    return f"{day}.{month}.{year}"


def pdf(brev: Brev) -> bytes:
    """The letter as a PDF (blocking: call it in a thread)."""
    dokument = Dokument(brev.tittel, brev.mottaker.navn, AVSENDER)
    dokument.seksjon("Til")
    dokument.tekst("\n".join((brev.mottaker.navn, *brev.mottaker.adresse)))
    dokument.seksjon("Fra")
    dokument.tekst(AVSENDER)
    dokument.rad("Dato", brev.opprettet.strftime("%d.%m.%Y"))
    dokument.rad("Vår referanse", f"IMDi-brev {brev.id}")
    innhold = brev.innhold
    if brev.mal == Brevmal.BOSETTING_AV_FLYKTNINGER:
        dokument.seksjon("Bosetting av flyktninger")
        dokument.tekst(
            f"Kommunen har svart på fordelingslisten «{innhold.get('fordeling', '')}» og søkt "
            "ut personene nedenfor. IMDi ber kommunen bosette dem innen forventet bosetting."
        )
        dokument.seksjon("Søkt ut")
        for person in innhold.get("personer", []):
            dokument.rad(
                f"{person.get('navn', '')} ({person.get('dufNr', '')})",
                f"forventet bosetting {_dato(person.get('forventetBosetting'))}",
            )
    else:
        dokument.seksjon("Vedtak om bosettingskommune")
        dokument.rad("Navn", innhold.get("navn"))
        dokument.rad("DUF-nummer", innhold.get("dufNr"))
        dokument.rad("Bosettingskommune", innhold.get("kommunenummer"))
        dokument.tekst(
            "IMDi har vedtatt at du skal bosettes i kommunen over. Kommunen tar kontakt med deg "
            "om bolig og dato for flytting."
        )
    return dokument.bytes()
