"""Bosettingsdato: the date a person søkt ut to a kommune moved in, registered by the kommune,
by a mottak for its residents, or by UDI for resettlement refugees; two steps (check, then
save), the second moving the person to BOSATT. A registered date is corrected with a reason:
by the kommune within a window, by IMDi at any time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select, update

from authz.policy import Korrigeringshinder, korrigeringshinder
from authz.scope import integrasjonens_personer, korrigerbare_utsokinger
from models import Person, Utsoking
from models.enums import Bosettingsstatus, Omrade, OrganisasjonType, Partnerhendelsetype
from resolvers.workflows import partnerfeed
from resolvers.workflows.effekter import ny_bosettingsstatus, systemhendelse
from resolvers.workflows.rules import ErrorCode, Regelbrudd, required_text
from resolvers.workflows.tx import Tx

KOMMUNEN_REGISTRERER = ("PRIVAT", "INSTITUSJON", "AMOT")


def _dato_regler(dato: date, sokt_ut: date, today: date) -> None:
    if dato < sokt_ut:
        raise Regelbrudd(
            "dato",
            f"the bosettingsdato is not before the utsøking date {sokt_ut}",
            ErrorCode.BEFORE_UTSOKING,
        )
    if dato > today:
        raise Regelbrudd("dato", "the bosettingsdato is not in the future", ErrorCode.IN_FUTURE)


async def registrer_bosettingsdato(
    tx: Tx,
    *,
    duf_nr: str,
    dato: date,
    bekreft: bool,
    integrasjon: bool = False,
) -> Any:
    """The date a person søkt ut to a kommune moved in. The kommune registers it for those who
    lived privately, in an institution or in AMOT; a mottak for its residents; UDI for
    resettlement refugees. Without ``bekreft`` nothing is written (the first of two steps)."""
    statement = (
        # unscoped: narrowed below to the caller's kommune or the integration's own persons
        select(
            Utsoking.id,
            Utsoking.sokt_ut_dato,
            Utsoking.kommunenummer,
            Person.id.label("person_id"),
            Person.botilbud,
            Person.sakstype,
        )
        .join(Person, Person.id == Utsoking.person_id)
        .where(Person.duf_nr == duf_nr, Utsoking.aktiv, Utsoking.bosettingsdato.is_(None))
        .with_for_update(of=Utsoking)
    )
    if integrasjon:
        # Only the caller's own persons are selected at all, so a refusal cannot tell a person
        # who exists but is another's from one who does not exist (DOMAIN.md, "Integrations").
        statement = statement.where(integrasjonens_personer(tx.principal))
    else:
        statement = statement.where(Utsoking.kommunenummer == tx.principal.kommunenummer)
    row = (await tx.connection.execute(statement)).one_or_none()
    if row is None:
        raise Regelbrudd(
            "dufNr",
            "no person søkt ut and waiting for a bosettingsdato has this DUF-nummer",
            ErrorCode.NOT_FOUND,
        )
    if not integrasjon and row.botilbud not in KOMMUNEN_REGISTRERER:
        raise Regelbrudd(
            "dufNr",
            "the mottak or UDI registers this person's bosettingsdato",
            ErrorCode.REGISTERED_BY_INTEGRATION,
        )
    _dato_regler(dato, row.sokt_ut_dato, tx.today)
    if not bekreft:
        return row
    kilde = {
        OrganisasjonType.MOTTAK: "MOTTAK",
        OrganisasjonType.UDI: "UDI",
    }.get(tx.principal.organisasjon_type, "KOMMUNE")
    await tx.connection.execute(
        update(Utsoking)
        .where(Utsoking.id == row.id)
        .values(
            bosettingsdato=dato,
            bosettingsdato_kilde=kilde,
            bosettingsdato_registrert_av=tx.principal.bruker_id,
            bosettingsdato_registrert=tx.now,
        )
    )
    await systemhendelse(
        tx.connection,
        omrade=Omrade.BOSETTING,
        kommunenummer=row.kommunenummer,
        tittel="Bosettingsdato registrert",
        tekst=dato.isoformat(),
        detaljer={"kilde": kilde},
        principal=tx.principal,
        personer=[row.person_id],
    )
    await ny_bosettingsstatus(
        tx,
        [row.person_id],
        fra=Bosettingsstatus.SOKT_UT,
        til=Bosettingsstatus.BOSATT,
        kommunenummer=row.kommunenummer,
    )
    return row


@dataclass(frozen=True)
class Korreksjon:
    forrige: date
    ny: date


async def korriger_bosettingsdato(
    tx: Tx,
    *,
    duf_nr: str,
    dato: date,
    begrunnelse: str,
    bekreft: bool,
    vindu: timedelta,
) -> Korreksjon:
    """Correct the registered bosettingsdato of a person's active utsøking to ``dato``, for
    ``begrunnelse``: a hendelse on the person and the kommune keeps both dates. The window of
    a kommune counts from the first registration. Without ``bekreft`` nothing is written."""
    row = (
        await tx.connection.execute(
            # unscoped: narrowed to what the caller may correct by korrigerbare_utsokinger
            select(
                Utsoking.id,
                Utsoking.kommunenummer,
                Utsoking.sokt_ut_dato,
                Utsoking.bosettingsdato,
                Utsoking.bosettingsdato_kilde,
                Utsoking.bosettingsdato_registrert,
                Person.id.label("person_id"),
            )
            .join(Person, Person.id == Utsoking.person_id)
            .where(
                Person.duf_nr == duf_nr,
                Utsoking.aktiv,
                korrigerbare_utsokinger(tx.principal),
            )
            .with_for_update(of=Utsoking)
        )
    ).one_or_none()
    if row is None:
        raise Regelbrudd(
            "dufNr",
            "no person bosatt with a bosettingsdato you may correct has this DUF-nummer",
            ErrorCode.NOT_FOUND,
        )
    match korrigeringshinder(
        tx.principal,
        kilde=row.bosettingsdato_kilde,
        registrert=row.bosettingsdato_registrert,
        now=tx.now,
        vindu=vindu,
    ):
        case Korrigeringshinder.ANNEN_KILDE:
            raise Regelbrudd(
                "dufNr",
                "the mottak or UDI registered this bosettingsdato; IMDi corrects it",
                ErrorCode.REGISTERED_BY_INTEGRATION,
            )
        case Korrigeringshinder.VINDU_LUKKET:
            raise Regelbrudd(
                "dufNr",
                f"the kommune corrects a bosettingsdato within {vindu.days} days of registering "
                "it; IMDi corrects it now",
                ErrorCode.OUTSIDE_WINDOW,
            )
    _dato_regler(dato, row.sokt_ut_dato, tx.today)
    if dato == row.bosettingsdato:
        raise Regelbrudd("dato", f"the bosettingsdato is {dato} already", ErrorCode.UNCHANGED)
    grunn = required_text(begrunnelse, "begrunnelse", "a correction needs a begrunnelse")
    korreksjon = Korreksjon(forrige=row.bosettingsdato, ny=dato)
    if not bekreft:
        return korreksjon
    await tx.connection.execute(
        update(Utsoking).where(Utsoking.id == row.id).values(bosettingsdato=dato)
    )
    await partnerfeed.personer(
        tx.connection, Partnerhendelsetype.BOSETTINGSDATO_KORRIGERT, [row.person_id]
    )
    await systemhendelse(
        tx.connection,
        omrade=Omrade.BOSETTING,
        kommunenummer=row.kommunenummer,
        tittel="Bosettingsdato korrigert",
        tekst=grunn,
        detaljer={
            "forrigeBosettingsdato": row.bosettingsdato.isoformat(),
            "bosettingsdato": dato.isoformat(),
            "kilde": row.bosettingsdato_kilde,
        },
        principal=tx.principal,
        personer=[row.person_id],
    )
    return korreksjon
