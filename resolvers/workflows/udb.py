"""UDB (UDI's case system) writes grunndata (issue 16, part 1): creates a person, or updates
one, by its own key, the DUF-nr. Grunndata is UDB's alone (creating a person is UDB's only);
each change is a hendelse on the person; a delivery is one transaction whose persons each
stand alone (a refused person leaves the others written) and whose idempotency key makes a
repeated delivery change nothing and answer the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from models import Person
from models.enums import (
    Bosettingsstatus,
    Botilbud,
    Familierolle,
    Kilde,
    Kildestatus,
    Kjonn,
    PersonnummerType,
    Sakstype,
)
from models.folding import fold
from models.identifikatorer import duf_nr_is_valid, er_siffer, is_d_nummer, personnummer_is_valid
from resolvers.workflows.effekter import ny_bosettingsstatus
from resolvers.workflows.kilder import Resultat, kildehendelse, levering
from resolvers.workflows.rules import ErrorCode, Regelbrudd, er_landkode, tekst_eller_none
from resolvers.workflows.tx import Tx


@dataclass(frozen=True, slots=True)
class UdbPerson:
    duf_nr: str
    fornavn: str
    etternavn: str
    fodselsdato: date
    kjonn: Kjonn
    nasjonalitet: str
    registreringsnummer: str
    familierolle: Familierolle
    sakstype: Sakstype
    enslig_mindrearig: bool
    botilbud: Botilbud
    mellomnavn: str | None = None
    personnummer: str | None = None
    mottak: str | None = None
    vedtak_opphold_dato: date | None = None
    bosettingsklar_dato: date | None = None
    sivilstand: str | None = None
    morsmal: str | None = None
    religion: str | None = None


FELT = {
    "fornavn": "fornavn",
    "mellomnavn": "mellomnavn",
    "etternavn": "etternavn",
    "fodselsdato": "fodselsdato",
    "kjonn": "kjonn",
    "nasjonalitet": "nasjonalitet",
    "personnummer": "personnummer",
    "registreringsnummer": "registreringsnummer",
    "familierolle": "familierolle",
    "sakstype": "sakstype",
    "enslig_mindrearig": "ensligMindrearig",
    "botilbud": "botilbud",
    "mottak": "mottak",
    "vedtak_opphold_dato": "vedtakOppholdDato",
    "bosettingsklar_dato": "bosettingsklarDato",
    "sivilstand": "sivilstand",
    "morsmal": "morsmal",
    "religion": "religion",
}
"""The columns UDB writes, and their names in the input."""


def kolonner(person: UdbPerson, sted: str, today: date) -> dict[str, Any]:
    """The person's columns as UDB gives them, checked; ``sted`` names the person in an error
    (``personer[3]``)."""
    if len(person.duf_nr) != 12 or not er_siffer(person.duf_nr):
        raise Regelbrudd(f"{sted}.dufNr", "a DUF-nummer is 12 digits", ErrorCode.INVALID)
    if not duf_nr_is_valid(person.duf_nr):
        raise Regelbrudd(
            f"{sted}.dufNr", "the DUF-nummer's check digits do not match", ErrorCode.INVALID
        )
    values: dict[str, Any] = {name: getattr(person, name) for name in FELT}
    for name in ("fornavn", "etternavn"):
        values[name] = tekst_eller_none(values[name])
        if values[name] is None:
            raise Regelbrudd(f"{sted}.{name}", f"a person has an {name}", ErrorCode.EMPTY)
    for name in ("mellomnavn", "mottak", "sivilstand", "morsmal", "religion"):
        values[name] = tekst_eller_none(values[name])
    if person.fodselsdato > today:
        raise Regelbrudd(f"{sted}.fodselsdato", "not in the future", ErrorCode.IN_FUTURE)
    if not er_landkode(person.nasjonalitet):
        raise Regelbrudd(
            f"{sted}.nasjonalitet",
            "an ISO 3166-1 alpha-3 code in capitals (XXX: stateless)",
            ErrorCode.INVALID,
        )
    if not (1 <= len(person.registreringsnummer) <= 12 and er_siffer(person.registreringsnummer)):
        raise Regelbrudd(f"{sted}.registreringsnummer", "1 to 12 digits", ErrorCode.INVALID)
    nummer = tekst_eller_none(person.personnummer)
    if nummer is not None and not (
        len(nummer) == 11 and er_siffer(nummer) and personnummer_is_valid(nummer)
    ):
        raise Regelbrudd(
            f"{sted}.personnummer",
            "a fødselsnummer or D-nummer: 11 digits whose check digits match",
            ErrorCode.INVALID,
        )
    values["personnummer"] = nummer
    values["personnummer_type"] = (
        None
        if nummer is None
        else PersonnummerType.D_NUMMER
        if is_d_nummer(nummer)
        else PersonnummerType.FODSELSNUMMER
    )
    if (person.botilbud == Botilbud.MOTTAK) != (values["mottak"] is not None):
        raise Regelbrudd(
            f"{sted}.mottak",
            "the mottak is named for a person who lives in one (botilbud MOTTAK), and only then",
            ErrorCode.REQUIRED,
        )
    return values


async def _skriv(tx: Tx, person: UdbPerson, sted: str) -> Kildestatus:
    values = kolonner(person, sted, tx.today)
    navn = " ".join(p for p in (values["fornavn"], values["mellomnavn"], values["etternavn"]) if p)
    row = (
        await tx.connection.execute(
            # unscoped: UDB writes grunndata by its own key; it reads nothing back
            select(Person).where(Person.duf_nr == person.duf_nr).with_for_update()
        )
    ).first()
    try:
        if row is None:
            status = (
                Bosettingsstatus.BOSETTINGSKLAR
                if values["bosettingsklar_dato"] is not None
                else Bosettingsstatus.IKKE_BOSETTINGSKLAR
            )
            person_id = (
                await tx.connection.execute(
                    insert(Person)
                    .values(
                        duf_nr=person.duf_nr,
                        navn_sok=fold(navn),
                        bosettingsstatus=status,
                        udb_mottak=values["mottak"],
                        **values,
                    )
                    .returning(Person.id)
                )
            ).scalar_one()
            await kildehendelse(
                tx, Kilde.UDB, person_id, "Person opprettet fra UDB", sorted(FELT.values())
            )
            return Kildestatus.OPPRETTET
        plassering = values["mottak"]
        if plassering == (row.mottak if row.udb_mottak is None else row.udb_mottak):
            # The placement UDB delivered before: a move SESAM registered since stays.
            values["mottak"] = row.mottak
        changed = sorted(FELT[name] for name in FELT if getattr(row, name) != values[name])
        if not changed:
            return Kildestatus.UENDRET
        values["udb_mottak"] = plassering
        await tx.connection.execute(
            update(Person)
            .where(Person.id == row.id)
            .values(navn_sok=fold(navn), endret=func.now(), **values)
        )
    except IntegrityError as error:
        if "personnummer" in str(error.orig):
            raise Regelbrudd(
                f"{sted}.personnummer",
                "another person has this personnummer",
                ErrorCode.DUPLICATE,
            ) from error
        raise
    if (
        row.bosettingsstatus == Bosettingsstatus.IKKE_BOSETTINGSKLAR
        and values["bosettingsklar_dato"] is not None
    ):
        await ny_bosettingsstatus(
            tx,
            [row.id],
            fra=Bosettingsstatus.IKKE_BOSETTINGSKLAR,
            til=Bosettingsstatus.BOSETTINGSKLAR,
            kommunenummer=None,
        )
    await kildehendelse(tx, Kilde.UDB, row.id, "Grunndata endret fra UDB", changed)
    return Kildestatus.ENDRET


async def personer(tx: Tx, personer: list[UdbPerson], nokkel: str) -> tuple[list[Resultat], bool]:
    """Each person written (or refused, alone); whether the key was delivered before."""
    return await levering(tx, Kilde.UDB, nokkel, personer, lambda p: p.duf_nr, _skriv)
