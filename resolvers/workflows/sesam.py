"""SESAM (the reception centres' system) writes its residents' personmappe (issue 16, part 1):
kontaktinformasjon, the bosettingsmerknad, the health needs that matter for housing, and the
person's mottak when the resident moves to another (then it is that mottak's resident). A
mottak writes only its own residents (botilbud MOTTAK at that mottak; any other DUF-nr is
refused as one that does not exist), and never another source's entry: a kontaktinformasjon
or helseinformasjon another source registered is refused (``OTHER_SOURCE``); the
bosettingsmerknad is kept per source, so SESAM's never touches IMDi's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from authz.scope import sesams_personer
from models import (
    Bosettingsmerknad,
    Organisasjon,
    Person,
    PersonBosettingsinfo,
    PersonHelse,
    PersonKontakt,
)
from models.enums import Kilde, Kildestatus, OrganisasjonType
from models.identifikatorer import er_siffer
from resolvers.workflows.kilder import Resultat, egen_seksjon, levering, utfall
from resolvers.workflows.rules import ErrorCode, Regelbrudd, tekst_eller_none
from resolvers.workflows.tx import Tx

_EPOST = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class SesamKontakt:
    adresse: str | None = None
    postnummer: str | None = None
    poststed: str | None = None
    epost: str | None = None
    telefon: str | None = None


@dataclass(frozen=True, slots=True)
class SesamPerson:
    duf_nr: str
    kontaktinformasjon: SesamKontakt | None = None
    """None: left as it is."""
    bosettingsmerknad: str | None = None
    """None: left as it is; blank: SESAM's merknad removed."""
    bosettingsrelevant_helseinfo: str | None = None
    """None: left as it is; blank: cleared."""
    mottak: str | None = None
    """The mottak the resident moved to; None: left as it is."""


def _kontakt(kontakt: SesamKontakt, sted: str) -> dict[str, Any]:
    values = {
        "adresse": tekst_eller_none(kontakt.adresse),
        "postnummer": tekst_eller_none(kontakt.postnummer),
        "poststed": tekst_eller_none(kontakt.poststed),
        "epost": tekst_eller_none(kontakt.epost),
        "telefon": tekst_eller_none(kontakt.telefon),
    }
    postnummer = values["postnummer"]
    if postnummer is not None and not (len(postnummer) == 4 and er_siffer(postnummer)):
        raise Regelbrudd(f"{sted}.kontaktinformasjon.postnummer", "four digits", ErrorCode.INVALID)
    if values["epost"] is not None and not _EPOST.match(values["epost"]):
        raise Regelbrudd(f"{sted}.kontaktinformasjon.epost", "an e-mail address", ErrorCode.INVALID)
    return values


async def _skriv(tx: Tx, person: SesamPerson, sted: str) -> Kildestatus:
    person_id = await tx.connection.scalar(
        # unscoped: narrowed to the mottak's own residents by sesams_personer
        select(Person.id)
        .where(Person.duf_nr == person.duf_nr, sesams_personer(tx.principal))
        .with_for_update()
    )
    if person_id is None:
        raise Regelbrudd(
            f"{sted}.dufNr", "no resident of this mottak has this DUF-nr", ErrorCode.NOT_FOUND
        )
    endret: list[str] = []
    if person.kontaktinformasjon is not None:
        values = _kontakt(person.kontaktinformasjon, sted)
        row = await egen_seksjon(
            tx, PersonKontakt, person_id, Kilde.SESAM, f"{sted}.kontaktinformasjon"
        )
        if row is None or any(getattr(row, name) != value for name, value in values.items()):
            await tx.connection.execute(
                pg_insert(PersonKontakt)
                .values(person_id=person_id, kilde=Kilde.SESAM, **values)
                .on_conflict_do_update(
                    index_elements=[PersonKontakt.person_id],
                    set_={**values, "endret": func.now()},
                )
            )
            endret.append("kontaktinformasjon")
    if person.bosettingsrelevant_helseinfo is not None:
        helse = tekst_eller_none(person.bosettingsrelevant_helseinfo)
        row = await egen_seksjon(
            tx, PersonHelse, person_id, Kilde.SESAM, f"{sted}.bosettingsrelevantHelseinfo"
        )
        if (row is None and helse is not None) or (
            row is not None and row.bosettingsrelevant_helseinfo != helse
        ):
            await tx.connection.execute(
                pg_insert(PersonHelse)
                .values(person_id=person_id, kilde=Kilde.SESAM, bosettingsrelevant_helseinfo=helse)
                .on_conflict_do_update(
                    index_elements=[PersonHelse.person_id],
                    set_={"bosettingsrelevant_helseinfo": helse, "endret": func.now()},
                )
            )
            endret.append("bosettingsrelevantHelseinfo")
    merknad = person.bosettingsmerknad
    if merknad is not None and await _merknad(tx, person_id, tekst_eller_none(merknad), tx.today):
        endret.append("bosettingsmerknad")
    if person.mottak is not None:
        mottak = tekst_eller_none(person.mottak)
        if mottak is None:
            raise Regelbrudd(
                f"{sted}.mottak", "the mottak the resident moved to, by name", ErrorCode.EMPTY
            )
        if mottak != tx.principal.organisasjon_navn:
            known = await tx.connection.scalar(
                select(Organisasjon.id).where(
                    Organisasjon.type == OrganisasjonType.MOTTAK, Organisasjon.navn == mottak
                )
            )
            if known is None:
                raise Regelbrudd(
                    f"{sted}.mottak", "no mottak is registered by this name", ErrorCode.INVALID
                )
            await tx.connection.execute(
                update(Person)
                .where(Person.id == person_id)
                .values(
                    # UDB's placement kept beside the move (rows from before have none).
                    udb_mottak=func.coalesce(Person.udb_mottak, Person.mottak),
                    mottak=mottak,
                    endret=func.now(),
                )
            )
            endret.append("mottak")
    return await utfall(tx, Kilde.SESAM, person_id, "Personmappe endret fra SESAM", endret)


async def _merknad(tx: Tx, person_id: int, tekst: str | None, today: date) -> bool:
    """SESAM's own bosettingsmerknad (IMDi's is its own row): written, removed, or as it was."""
    own = (Bosettingsmerknad.person_id == person_id, Bosettingsmerknad.kilde == Kilde.SESAM)
    current = await tx.connection.scalar(select(Bosettingsmerknad.tekst).where(*own))
    if current == tekst:
        return False
    if tekst is None:
        await tx.connection.execute(delete(Bosettingsmerknad).where(*own))
        return True
    # The merknad is read inside bosettingsinformasjon: a person without one gets an empty
    # section of SESAM's (another source's stays as it is).
    await tx.connection.execute(
        pg_insert(PersonBosettingsinfo)
        .values(person_id=person_id, kilde=Kilde.SESAM)
        .on_conflict_do_nothing()
    )
    await tx.connection.execute(
        pg_insert(Bosettingsmerknad)
        .values(person_id=person_id, kilde=Kilde.SESAM, tekst=tekst, registrert=today)
        .on_conflict_do_update(
            index_elements=[Bosettingsmerknad.person_id, Bosettingsmerknad.kilde],
            set_={"tekst": tekst, "registrert": today},
        )
    )
    return True


async def personer(tx: Tx, personer: list[SesamPerson], nokkel: str) -> tuple[list[Resultat], bool]:
    """Each resident written (or refused, alone); whether the key was delivered before."""
    return await levering(tx, Kilde.SESAM, nokkel, personer, lambda p: p.duf_nr, _skriv)
