"""Anmodning og vedtak: IMDi asks a kommune to settle refugees per year and category; the
kommune registers its council's vedtak, approves and sends the answer; IMDi confirms, comments
or returns it.

    IKKE_SVART --apne--> UNDER_ARBEID --send svar--> SVART --bekreft--> BEKREFTET
        |  ^                 ^   |                     |
      purr |               apne  +--(vedtak: UTKAST    +--returner--> RETURNERT
        v  |                 |       <-> GODKJENT)
       PURRET ---apne--------+------------------------------------------+

The answer is sent in two explicit steps: ``godkjenn`` marks every vedtak GODKJENT (after
reviewing the summary; ``angre`` steps back to correct), ``send_svar`` sends it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.principal import Principal
from models import Anmodning, AnmodningTall, Kommune, Vedtak
from models.enums import AnmodningStatus, Kategori, Omrade, OrganisasjonType, Rolle, VedtakStatus
from resolvers.workflows.effekter import Regelbrudd, brukere, krev_status, systemhendelse, varsle

IKKE_SVART = AnmodningStatus.IKKE_SVART
UNDER_ARBEID = AnmodningStatus.UNDER_ARBEID
SVART = AnmodningStatus.SVART
BEKREFTET = AnmodningStatus.BEKREFTET
PURRET = AnmodningStatus.PURRET
RETURNERT = AnmodningStatus.RETURNERT


@dataclass(frozen=True)
class Tall:
    ar: int
    kategori: Kategori
    antall: int


@dataclass(frozen=True)
class VedtakInput:
    kategori: Kategori
    antall: int
    begrunnelse: str | None = None


def now() -> datetime:
    return datetime.now(UTC)


async def _lock(connection: AsyncConnection, principal: Principal, anmodning_id: int) -> Any:
    row = (
        await connection.execute(
            select(Anmodning).where(Anmodning.id == anmodning_id).with_for_update()
        )
    ).one_or_none()
    own = row is not None and (
        principal.organisasjon_type == OrganisasjonType.IMDI
        or row.kommunenummer == principal.kommunenummer
    )
    if not own:
        # Another kommune's anmodning looks exactly like one that does not exist.
        raise Regelbrudd("id", "no anmodning you may answer has this id", "NOT_FOUND")
    return row


_status = functools.partial(krev_status, hva="an anmodning")


async def _set(connection: AsyncConnection, anmodning_id: int, **values: Any) -> None:
    await connection.execute(
        update(Anmodning)
        .where(Anmodning.id == anmodning_id)
        .values(versjon=Anmodning.versjon + 1, **values)
    )


async def _tell_kommune(
    connection: AsyncConnection, row: Any, tittel: str, tekst: str | None
) -> None:
    mottakere = await brukere(
        connection,
        roller=(Rolle.KOMMUNE_ANMODER_SKRIV, Rolle.KOMMUNE_ANMODER_LES),
        kommunenummer=row.kommunenummer,
    )
    await varsle(
        connection, mottakere, omrade=Omrade.ANMODNING, tittel=tittel, tekst=tekst,
        objekt_type="Anmodning", objekt_id=row.id,
    )  # fmt: skip


async def _tell_imdi(connection: AsyncConnection, row: Any, tittel: str, tekst: str | None) -> None:
    mottakere = (
        [row.sendt_av]
        if row.sendt_av
        else await brukere(
            connection, roller=(Rolle.IMDI_SAKSBEHANDLER,), organisasjon_type=OrganisasjonType.IMDI
        )
    )
    await varsle(
        connection, mottakere, omrade=Omrade.ANMODNING, tittel=tittel, tekst=tekst,
        objekt_type="Anmodning", objekt_id=row.id,
    )  # fmt: skip


async def _hendelse(
    connection: AsyncConnection, principal: Principal, row: Any, tittel: str,
    tekst: str | None = None, **detaljer: Any,
) -> None:  # fmt: skip
    await systemhendelse(
        connection,
        omrade=Omrade.ANMODNING,
        kommunenummer=row.kommunenummer,
        tittel=tittel,
        tekst=tekst,
        detaljer={"anmodningId": row.id, **detaljer},
        principal=principal,
    )


# -- IMDi -------------------------------------------------------------------------------------


async def send(
    connection: AsyncConnection,
    principal: Principal,
    *,
    kommuner: list[str],
    tittel: str | None,
    svarfrist: date,
    tall: list[Tall],
    today: date,
) -> list[int]:
    """One anmodning to each kommune, with the numbers per year and category."""
    if not kommuner:
        raise Regelbrudd("kommunenummer", "name at least one kommune", "EMPTY")
    if len(set(kommuner)) != len(kommuner):
        raise Regelbrudd("kommunenummer", "a kommune is named twice", "DUPLICATE")
    if svarfrist < today:
        raise Regelbrudd("svarfrist", "the svarfrist is not in the past", "IN_PAST")
    if not tall:
        raise Regelbrudd(
            "tall", "give the number asked for at least one year and category", "EMPTY"
        )
    keys = [(t.ar, t.kategori) for t in tall]
    if len(set(keys)) != len(keys):
        raise Regelbrudd("tall", "a year and category is given twice", "DUPLICATE")
    for t in tall:
        if not today.year <= t.ar <= today.year + 5:
            raise Regelbrudd(
                "tall.ar", f"{t.ar}: a year from {today.year} to {today.year + 5}", "OUT_OF_RANGE"
            )
        if t.antall < 0:
            raise Regelbrudd("tall.antall", "a number is not negative", "NEGATIVE")
    names = dict(
        (
            await connection.execute(
                select(Kommune.kommunenummer, Kommune.navn_kort).where(
                    Kommune.kommunenummer.in_(kommuner)
                )
            )
        ).all()
    )
    unknown = sorted(set(kommuner) - set(names))
    if unknown:
        raise Regelbrudd(
            "kommunenummer", f"no kommune has the number {', '.join(unknown)}", "NOT_FOUND"
        )
    years = "-".join(str(y) for y in sorted({t.ar for t in tall}))
    created = []
    for kommune in kommuner:
        anmodning_id: int = (
            await connection.execute(
                insert(Anmodning)
                .values(
                    kommunenummer=kommune,
                    tittel=tittel
                    or f"Anmodning om bosetting av flyktninger {names[kommune]} {years}",
                    status=IKKE_SVART,
                    sendt=now(),
                    svarfrist=svarfrist,
                    sendt_av=principal.bruker_id,
                )
                .returning(Anmodning.id)
            )
        ).scalar_one()
        await connection.execute(
            insert(AnmodningTall),
            [
                {
                    "anmodning_id": anmodning_id,
                    "ar": t.ar,
                    "kategori": t.kategori,
                    "antall": t.antall,
                }
                for t in tall
            ],
        )
        row = (
            await connection.execute(select(Anmodning).where(Anmodning.id == anmodning_id))
        ).one()
        await _hendelse(
            connection, principal, row, "Anmodning sendt fra IMDi", f"Svarfrist {svarfrist}"
        )
        await _tell_kommune(connection, row, "Ny anmodning om bosetting fra IMDi", row.tittel)
        created.append(anmodning_id)
    return created


async def purr(connection: AsyncConnection, principal: Principal, anmodning_id: int) -> None:
    """Remind a kommune that has not answered."""
    row = await _lock(connection, principal, anmodning_id)
    _status(row, IKKE_SVART, UNDER_ARBEID, PURRET, step="a reminder")
    await _set(connection, anmodning_id, status=PURRET, purret=now())
    await _hendelse(connection, principal, row, "Anmodning purret")
    await _tell_kommune(connection, row, "Påminnelse: anmodning om bosetting", row.tittel)


async def returner(
    connection: AsyncConnection, principal: Principal, anmodning_id: int, kommentar: str
) -> None:
    """Send an answer back to the kommune for correction; the kommune reopens it."""
    row = await _lock(connection, principal, anmodning_id)
    _status(row, SVART, step="returning an answer")
    text = kommentar.strip()
    if not text:
        raise Regelbrudd("kommentar", "say what the kommune must correct", "REASON_REQUIRED")
    await _set(connection, anmodning_id, status=RETURNERT, returnert=now(), imdi_kommentar=text)
    await connection.execute(
        update(Vedtak).where(Vedtak.anmodning_id == anmodning_id).values(status=VedtakStatus.UTKAST)
    )
    await _hendelse(connection, principal, row, "Svar returnert av IMDi", text)
    await _tell_kommune(connection, row, "IMDi har returnert svaret på anmodningen", text)


async def bekreft(
    connection: AsyncConnection, principal: Principal, anmodning_id: int, kommentar: str | None
) -> None:
    row = await _lock(connection, principal, anmodning_id)
    _status(row, SVART, step="confirming an answer")
    text = (kommentar or "").strip() or None
    await _set(
        connection,
        anmodning_id,
        status=BEKREFTET,
        bekreftet=now(),
        imdi_kommentar=text or row.imdi_kommentar,
    )
    await _hendelse(connection, principal, row, "Svar bekreftet av IMDi", text)
    await _tell_kommune(connection, row, "IMDi har bekreftet svaret på anmodningen", text)


async def kommenter(
    connection: AsyncConnection, principal: Principal, anmodning_id: int, kommentar: str
) -> None:
    """Comment on an answer without confirming or returning it."""
    row = await _lock(connection, principal, anmodning_id)
    _status(row, SVART, BEKREFTET, step="commenting an answer")
    text = kommentar.strip()
    if not text:
        raise Regelbrudd("kommentar", "a comment has text", "EMPTY")
    await _set(connection, anmodning_id, imdi_kommentar=text)
    await _hendelse(connection, principal, row, "IMDi har kommentert svaret", text)
    await _tell_kommune(connection, row, "IMDi har kommentert svaret på anmodningen", text)


# -- the kommune --------------------------------------------------------------------------------


async def apne(connection: AsyncConnection, principal: Principal, anmodning_id: int) -> None:
    """Start working on it (or reopen a returned answer): UNDER_ARBEID."""
    row = await _lock(connection, principal, anmodning_id)
    _status(row, IKKE_SVART, PURRET, RETURNERT, step="opening")
    await _set(connection, anmodning_id, status=UNDER_ARBEID, apnet=now())
    await _hendelse(
        connection,
        principal,
        row,
        "Anmodning åpnet" if row.status != RETURNERT else "Returnert svar gjenåpnet",
    )


async def _asked(connection: AsyncConnection, anmodning_id: int) -> dict[tuple[int, Kategori], int]:
    rows = (
        await connection.execute(
            select(AnmodningTall.ar, AnmodningTall.kategori, AnmodningTall.antall).where(
                AnmodningTall.anmodning_id == anmodning_id
            )
        )
    ).all()
    return {(row.ar, Kategori(row.kategori)): row.antall for row in rows}


async def registrer_vedtak(
    connection: AsyncConnection,
    principal: Principal,
    anmodning_id: int,
    *,
    ar: int,
    vedtak: list[VedtakInput],
    vedtaksdato: date | None,
) -> None:
    """The council's vedtak for one of the anmodning's years, per category. A number lower
    than asked needs a reason."""
    row = await _lock(connection, principal, anmodning_id)
    _status(row, UNDER_ARBEID, step="registering a vedtak")
    approved = await connection.scalar(
        select(Vedtak.id)
        .where(Vedtak.anmodning_id == anmodning_id, Vedtak.status == VedtakStatus.GODKJENT)
        .limit(1)
    )
    if approved is not None:
        raise Regelbrudd(
            "id", "the answer is approved: step back (angre) before correcting it", "APPROVED"
        )
    asked = await _asked(connection, anmodning_id)
    if ar not in {year for year, _ in asked}:
        years = ", ".join(str(y) for y in sorted({year for year, _ in asked}))
        raise Regelbrudd("ar", f"this anmodning asks for {years}", "NOT_ASKED")
    kinds = [v.kategori for v in vedtak]
    if not vedtak or len(set(kinds)) != len(kinds):
        raise Regelbrudd("vedtak", "one number per category", "DUPLICATE")
    for index, v in enumerate(vedtak):
        if v.antall < 0:
            raise Regelbrudd(f"vedtak[{index}].antall", "a number is not negative", "NEGATIVE")
        wanted = asked.get((ar, v.kategori), 0)
        if v.antall < wanted and not (v.begrunnelse or "").strip():
            raise Regelbrudd(
                f"vedtak[{index}].begrunnelse",
                f"{v.kategori}: {v.antall} is fewer than the {wanted} asked for; give the reason",
                "REASON_REQUIRED",
            )
    await connection.execute(
        delete(Vedtak).where(
            Vedtak.anmodning_id == anmodning_id, Vedtak.ar == ar, Vedtak.kategori.in_(kinds)
        )
    )
    await connection.execute(
        insert(Vedtak),
        [
            {
                "anmodning_id": anmodning_id,
                "kommunenummer": row.kommunenummer,
                "ar": ar,
                "kategori": v.kategori,
                "antall": v.antall,
                "begrunnelse": (v.begrunnelse or "").strip() or None,
                "vedtaksdato": vedtaksdato,
                "status": VedtakStatus.UTKAST,
                "registrert_av": principal.bruker_id,
            }
            for v in vedtak
        ],
    )
    await _set(connection, anmodning_id)


async def godkjenn(connection: AsyncConnection, principal: Principal, anmodning_id: int) -> None:
    """Step one of two: approve the reviewed answer. Every year and category asked needs a
    vedtak."""
    row = await _lock(connection, principal, anmodning_id)
    _status(row, UNDER_ARBEID, step="approving the answer")
    asked = await _asked(connection, anmodning_id)
    given = {
        (r.ar, Kategori(r.kategori))
        for r in (
            await connection.execute(
                select(Vedtak.ar, Vedtak.kategori).where(Vedtak.anmodning_id == anmodning_id)
            )
        ).all()
    }
    missing = sorted(f"{ar} {kategori}" for ar, kategori in set(asked) - given)
    if missing:
        raise Regelbrudd("vedtak", f"register a vedtak for {', '.join(missing)}", "VEDTAK_MISSING")
    await connection.execute(
        update(Vedtak)
        .where(Vedtak.anmodning_id == anmodning_id)
        .values(status=VedtakStatus.GODKJENT)
    )
    await _set(connection, anmodning_id)


async def angre(connection: AsyncConnection, principal: Principal, anmodning_id: int) -> None:
    """Step back from an approved answer to correct it."""
    row = await _lock(connection, principal, anmodning_id)
    _status(row, UNDER_ARBEID, step="stepping back")
    await connection.execute(
        update(Vedtak).where(Vedtak.anmodning_id == anmodning_id).values(status=VedtakStatus.UTKAST)
    )
    await _set(connection, anmodning_id)


async def send_svar(connection: AsyncConnection, principal: Principal, anmodning_id: int) -> None:
    """Step two of two: send the approved answer to IMDi (SVART)."""
    row = await _lock(connection, principal, anmodning_id)
    if row.status in (SVART, BEKREFTET):
        raise Regelbrudd("id", "this anmodning is already answered", "ALREADY_ANSWERED")
    if row.status == RETURNERT:
        raise Regelbrudd(
            "id",
            "a returned answer is reopened (apne) before it is answered again",
            "ILLEGAL_TRANSITION",
        )
    _status(row, UNDER_ARBEID, step="sending the answer")
    statuses = set(
        (
            await connection.scalars(
                select(Vedtak.status).where(Vedtak.anmodning_id == anmodning_id)
            )
        ).all()
    )
    if statuses != {VedtakStatus.GODKJENT}:
        raise Regelbrudd("id", "approve the answer (godkjenn) before sending it", "NOT_APPROVED")
    await connection.execute(
        update(Vedtak).where(Vedtak.anmodning_id == anmodning_id).values(status=VedtakStatus.SENDT)
    )
    await _set(connection, anmodning_id, status=SVART, svart=now(), svart_av=principal.bruker_id)
    await _hendelse(connection, principal, row, "Anmodning besvart")
    await _tell_imdi(connection, row, "Kommunen har svart på anmodningen", row.tittel)


async def endre_svarfrist(
    connection: AsyncConnection,
    principal: Principal,
    anmodning_id: int,
    svarfrist: date,
    begrunnelse: str,
    today: date,
) -> None:
    """Move the svarfrist, with a reason."""
    row = await _lock(connection, principal, anmodning_id)
    _status(row, IKKE_SVART, UNDER_ARBEID, PURRET, RETURNERT, step="moving the svarfrist")
    reason = begrunnelse.strip()
    if not reason:
        raise Regelbrudd("begrunnelse", "say why the svarfrist moves", "REASON_REQUIRED")
    if svarfrist < today:
        raise Regelbrudd("svarfrist", "the svarfrist is not in the past", "IN_PAST")
    await _set(connection, anmodning_id, svarfrist=svarfrist)
    await _hendelse(
        connection, principal, row, "Svarfrist endret", reason,
        fra=row.svarfrist.isoformat(), til=svarfrist.isoformat(),
    )  # fmt: skip
    await _tell_imdi(
        connection,
        row,
        "Kommunen har endret svarfristen",
        f"{row.svarfrist} → {svarfrist}: {reason}",
    )
