"""IMDi's case workers write a person's personmappe (issue 16, part 1): sosial informasjon,
helseinformasjon, a karriereveiledning conversation, and IMDi's languages and kompetanse
entries. As every source: never another
source's entry (a section another source registered is ``OTHER_SOURCE``), a hendelse naming
what changed, an idempotency key."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from models import Karriereveiledning, Person, PersonHelse, PersonSosial
from models.enums import Kilde, Kildestatus
from resolvers.workflows.kilder import Resultat, egen_seksjon, levering, utfall
from resolvers.workflows.kompetanse import Kompetanseendring, skriv_endring
from resolvers.workflows.rules import ErrorCode, Regelbrudd, tekst_eller_none
from resolvers.workflows.tx import Tx


@dataclass(frozen=True, slots=True)
class Helse:
    bosettingsrelevant_helseinfo: str | None = None
    svangerskap: str | None = None
    termin: date | None = None
    helsetilstand: str | None = None


@dataclass(frozen=True, slots=True)
class Samtale:
    dato: date
    notat: str
    malsetting: str | None = None
    anbefaling: str | None = None


@dataclass(frozen=True, slots=True)
class ImdiPersonmappe:
    duf_nr: str
    sosial_informasjon: str | None = None
    """None: left as it is; empty: removed."""
    helseinformasjon: Helse | None = None
    """The whole section, replacing IMDi's; None: left as it is."""
    karriereveiledning: Samtale | None = None
    """A conversation to add."""
    kompetanse: Kompetanseendring = field(default_factory=Kompetanseendring)
    """IMDi's languages and kompetanse entries."""


async def _skriv(tx: Tx, mappe: ImdiPersonmappe, sted: str) -> Kildestatus:
    person_id = await tx.connection.scalar(
        # unscoped: IMDi's case workers read and write every person (the policy's IMDi row)
        select(Person.id).where(Person.duf_nr == mappe.duf_nr)
    )
    if person_id is None:
        raise Regelbrudd("dufNr", "no person has this DUF-nr", ErrorCode.NOT_FOUND)
    endret: list[str] = []
    if mappe.sosial_informasjon is not None:
        tekst = tekst_eller_none(mappe.sosial_informasjon)
        row = await egen_seksjon(tx, PersonSosial, person_id, Kilde.IMDI, "sosialInformasjon")
        if row is not None and tekst is None:
            await tx.connection.execute(
                delete(PersonSosial).where(PersonSosial.person_id == person_id)
            )
            endret.append("sosialInformasjon")
        elif tekst is not None and (row is None or row.tekst != tekst):
            await tx.connection.execute(
                pg_insert(PersonSosial)
                .values(person_id=person_id, tekst=tekst, kilde=Kilde.IMDI)
                .on_conflict_do_update(
                    index_elements=[PersonSosial.person_id],
                    set_={"tekst": tekst, "endret": func.now()},
                )
            )
            endret.append("sosialInformasjon")
    if mappe.helseinformasjon is not None:
        helse = mappe.helseinformasjon
        values = {
            "bosettingsrelevant_helseinfo": tekst_eller_none(helse.bosettingsrelevant_helseinfo),
            "svangerskap": tekst_eller_none(helse.svangerskap),
            "termin": helse.termin,
            "helsetilstand": tekst_eller_none(helse.helsetilstand),
        }
        if values["termin"] is not None and values["svangerskap"] is None:
            raise Regelbrudd(
                "helseinformasjon.svangerskap",
                "a termin belongs to a svangerskap: describe it",
                ErrorCode.REQUIRED,
            )
        row = await egen_seksjon(tx, PersonHelse, person_id, Kilde.IMDI, "helseinformasjon")
        if row is None or any(getattr(row, name) != value for name, value in values.items()):
            await tx.connection.execute(
                pg_insert(PersonHelse)
                .values(person_id=person_id, kilde=Kilde.IMDI, **values)
                .on_conflict_do_update(
                    index_elements=[PersonHelse.person_id],
                    set_={**values, "endret": func.now()},
                )
            )
            endret.append("helseinformasjon")
    if mappe.karriereveiledning is not None:
        samtale = mappe.karriereveiledning
        notat = tekst_eller_none(samtale.notat)
        if notat is None:
            raise Regelbrudd(
                "karriereveiledning.notat", "a conversation has a notat", ErrorCode.EMPTY
            )
        if samtale.dato > tx.today:
            raise Regelbrudd("karriereveiledning.dato", "not in the future", ErrorCode.IN_FUTURE)
        await tx.connection.execute(
            insert(Karriereveiledning).values(
                person_id=person_id,
                dato=samtale.dato,
                veileder=tx.principal.navn,
                malsetting=tekst_eller_none(samtale.malsetting),
                anbefaling=tekst_eller_none(samtale.anbefaling),
                notat=notat,
                kilde=Kilde.IMDI,
            )
        )
        endret.append("karriereveiledning")
    endret += await skriv_endring(tx, person_id, Kilde.IMDI, mappe.kompetanse, "")
    return await utfall(tx, Kilde.IMDI, person_id, "Personmappe endret av IMDi", endret)


async def personmappe(tx: Tx, mappe: ImdiPersonmappe, nokkel: str) -> tuple[list[Resultat], bool]:
    """The person's sections written (or refused); whether the key was delivered before."""
    return await levering(tx, Kilde.IMDI, nokkel, [mappe], lambda m: m.duf_nr, _skriv)
