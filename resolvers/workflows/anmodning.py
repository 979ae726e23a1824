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

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from authz import scope
from models import Anmodning, AnmodningTall, Kommune, Vedtak, Vedtaksdokument
from models.enums import AnmodningStatus, Kategori, Omrade, Rolle, VedtakStatus
from resolvers.workflows.effekter import Emne, saksbehandlere
from resolvers.workflows.machine import Machine, Refusal, step
from resolvers.workflows.rules import ErrorCode, Regelbrudd, required_text
from resolvers.workflows.tx import Tx

IKKE_SVART = AnmodningStatus.IKKE_SVART
UNDER_ARBEID = AnmodningStatus.UNDER_ARBEID
SVART = AnmodningStatus.SVART
BEKREFTET = AnmodningStatus.BEKREFTET
PURRET = AnmodningStatus.PURRET
RETURNERT = AnmodningStatus.RETURNERT
ALREADY_ANSWERED = Refusal("this anmodning is already answered", ErrorCode.ALREADY_ANSWERED)


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


REOPEN_FIRST = Refusal(
    "a returned answer is reopened (apne) before it is answered again",
    ErrorCode.ILLEGAL_TRANSITION,
)

# fmt: off
ANMODNING = Machine(Anmodning, AnmodningStatus, scope.readable_anmodninger, steps={
    "purr": step("a reminder", IKKE_SVART, UNDER_ARBEID, PURRET, to=PURRET, stamp="purret"),
    "returner": step("returning an answer", SVART, to=RETURNERT, stamp="returnert"),
    "bekreft": step("confirming an answer", SVART, to=BEKREFTET, stamp="bekreftet"),
    "kommenter": step("commenting an answer", SVART, BEKREFTET),
    "apne": step("opening", IKKE_SVART, PURRET, RETURNERT, to=UNDER_ARBEID, stamp="apnet"),
    "registrer_vedtak": step("registering a vedtak", UNDER_ARBEID),
    "godkjenn": step("approving the answer", UNDER_ARBEID),
    "angre": step("stepping back", UNDER_ARBEID),
    "send_svar": step("sending the answer", UNDER_ARBEID, to=SVART, stamp="svart", by="svart_av",
                      refusals={SVART: ALREADY_ANSWERED, BEKREFTET: ALREADY_ANSWERED,
                                RETURNERT: REOPEN_FIRST}),
    "endre_svarfrist": step("moving the svarfrist", IKKE_SVART, UNDER_ARBEID, PURRET, RETURNERT),
}, thing="an anmodning", not_found="no anmodning you may answer has this id")
# fmt: on
"""Which status each step starts from; a kommune reaches only its own (authz/scope.py)."""


EMNE = Emne(Omrade.ANMODNING, "Anmodning", "anmodningId")
ANMODERE = (Rolle.KOMMUNE_ANMODER_SKRIV, Rolle.KOMMUNE_ANMODER_LES)
"""The kommune's users who hear of anmodninger."""


async def _varsle_kommune(tx: Tx, row: Any, tittel: str, tekst: str | None) -> None:
    await EMNE.varsle_kommunen(tx, row.kommunenummer, ANMODERE, row.id, tittel, tekst)


async def _varsle_imdi(tx: Tx, row: Any, tittel: str, tekst: str | None) -> None:
    mottakere = await saksbehandlere(tx.connection, sendt_av=row.sendt_av)
    await EMNE.varsle(tx, mottakere, row.id, tittel, tekst)


async def _hendelse(
    tx: Tx, row: Any, tittel: str, tekst: str | None = None, **detaljer: Any
) -> None:
    await EMNE.hendelse(tx, row.id, row.kommunenummer, tittel, tekst, **detaljer)


# -- IMDi -------------------------------------------------------------------------------------


async def send(
    tx: Tx, *, kommuner: list[str], tittel: str | None, svarfrist: date, tall: list[Tall]
) -> list[int]:
    """One anmodning to each kommune, with the numbers per year and category."""
    if not kommuner:
        raise Regelbrudd("kommunenummer", "name at least one kommune", ErrorCode.EMPTY)
    if len(set(kommuner)) != len(kommuner):
        raise Regelbrudd("kommunenummer", "a kommune is named twice", ErrorCode.DUPLICATE)
    if svarfrist < tx.today:
        raise Regelbrudd("svarfrist", "the svarfrist is not in the past", ErrorCode.IN_PAST)
    if not tall:
        raise Regelbrudd(
            "tall", "give the number asked for at least one year and category", ErrorCode.EMPTY
        )
    keys = [(t.ar, t.kategori) for t in tall]
    if len(set(keys)) != len(keys):
        raise Regelbrudd("tall", "a year and category is given twice", ErrorCode.DUPLICATE)
    for t in tall:
        if not tx.today.year <= t.ar <= tx.today.year + 5:
            raise Regelbrudd(
                "tall.ar",
                f"{t.ar}: a year from {tx.today.year} to {tx.today.year + 5}",
                ErrorCode.OUT_OF_RANGE,
            )
        if t.antall < 0:
            raise Regelbrudd("tall.antall", "a number is not negative", ErrorCode.NEGATIVE)
    names = dict(
        (
            await tx.connection.execute(
                select(Kommune.kommunenummer, Kommune.navn_kort).where(
                    Kommune.kommunenummer.in_(kommuner)
                )
            )
        ).all()
    )
    unknown = sorted(set(kommuner) - set(names))
    if unknown:
        raise Regelbrudd(
            "kommunenummer", f"no kommune has the number {', '.join(unknown)}", ErrorCode.NOT_FOUND
        )
    years = "-".join(str(y) for y in sorted({t.ar for t in tall}))
    created = []
    for kommune in kommuner:
        anmodning_id = await tx.insert(
            Anmodning,
            kommunenummer=kommune,
            tittel=tittel or f"Anmodning om bosetting av flyktninger {names[kommune]} {years}",
            status=IKKE_SVART,
            sendt=tx.now,
            svarfrist=svarfrist,
            sendt_av=tx.principal.bruker_id,
        )
        await tx.connection.execute(
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
            await tx.connection.execute(select(Anmodning).where(Anmodning.id == anmodning_id))
        ).one()
        await _hendelse(tx, row, "Anmodning sendt fra IMDi", f"Svarfrist {svarfrist}")
        await _varsle_kommune(tx, row, "Ny anmodning om bosetting fra IMDi", row.tittel)
        created.append(anmodning_id)
    return created


async def purr(tx: Tx, anmodning_id: int) -> None:
    """Remind a kommune that has not answered."""
    row = await ANMODNING.start(tx, anmodning_id, "purr")
    await ANMODNING.move(tx, anmodning_id, "purr")
    await _hendelse(tx, row, "Anmodning purret")
    await _varsle_kommune(tx, row, "Påminnelse: anmodning om bosetting", row.tittel)


async def returner(tx: Tx, anmodning_id: int, kommentar: str) -> None:
    """Send an answer back to the kommune for correction; the kommune reopens it."""
    row = await ANMODNING.start(tx, anmodning_id, "returner")
    text = required_text(kommentar, "kommentar", "say what the kommune must correct")
    await ANMODNING.move(tx, anmodning_id, "returner", imdi_kommentar=text)
    await tx.connection.execute(
        update(Vedtak)
        .where(Vedtak.anmodning_id == anmodning_id)
        .values(status=VedtakStatus.UTKAST, godkjent=None, godkjent_av=None)
    )
    await _hendelse(tx, row, "Svar returnert av IMDi", text)
    await _varsle_kommune(tx, row, "IMDi har returnert svaret på anmodningen", text)


async def bekreft(tx: Tx, anmodning_id: int, kommentar: str | None) -> None:
    row = await ANMODNING.start(tx, anmodning_id, "bekreft")
    text = (kommentar or "").strip() or None
    await ANMODNING.move(
        tx,
        anmodning_id,
        "bekreft",
        imdi_kommentar=text or row.imdi_kommentar,
    )
    await _hendelse(tx, row, "Svar bekreftet av IMDi", text)
    await _varsle_kommune(tx, row, "IMDi har bekreftet svaret på anmodningen", text)


async def kommenter(tx: Tx, anmodning_id: int, kommentar: str) -> None:
    """Comment on an answer without confirming or returning it."""
    row = await ANMODNING.start(tx, anmodning_id, "kommenter")
    text = required_text(kommentar, "kommentar", "a comment has text", ErrorCode.EMPTY)
    await ANMODNING.move(tx, anmodning_id, "kommenter", imdi_kommentar=text)
    await _hendelse(tx, row, "IMDi har kommentert svaret", text)
    await _varsle_kommune(tx, row, "IMDi har kommentert svaret på anmodningen", text)


# -- the kommune --------------------------------------------------------------------------------


async def apne(tx: Tx, anmodning_id: int) -> None:
    """Start working on it (or reopen a returned answer): UNDER_ARBEID."""
    row = await ANMODNING.start(tx, anmodning_id, "apne")
    await ANMODNING.move(tx, anmodning_id, "apne")
    await _hendelse(
        tx,
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
    tx: Tx,
    anmodning_id: int,
    *,
    ar: int,
    vedtak: list[VedtakInput],
    vedtaksdato: date | None,
) -> None:
    """The council's vedtak for one of the anmodning's years, per category. A number lower
    than asked needs a reason."""
    row = await ANMODNING.start(tx, anmodning_id, "registrer_vedtak")
    approved = await tx.connection.scalar(
        select(Vedtak.id)
        .where(Vedtak.anmodning_id == anmodning_id, Vedtak.status == VedtakStatus.GODKJENT)
        .limit(1)
    )
    if approved is not None:
        raise Regelbrudd(
            "id",
            "the answer is approved: step back (angre) before correcting it",
            ErrorCode.APPROVED,
        )
    asked = await _asked(tx.connection, anmodning_id)
    if ar not in {year for year, _ in asked}:
        years = ", ".join(str(y) for y in sorted({year for year, _ in asked}))
        raise Regelbrudd("ar", f"this anmodning asks for {years}", ErrorCode.NOT_ASKED)
    kinds = [v.kategori for v in vedtak]
    if not vedtak or len(set(kinds)) != len(kinds):
        raise Regelbrudd("vedtak", "one number per category", ErrorCode.DUPLICATE)
    for index, v in enumerate(vedtak):
        if v.antall < 0:
            raise Regelbrudd(
                f"vedtak[{index}].antall", "a number is not negative", ErrorCode.NEGATIVE
            )
        wanted = asked.get((ar, v.kategori), 0)
        if v.antall < wanted and not (v.begrunnelse or "").strip():
            raise Regelbrudd(
                f"vedtak[{index}].begrunnelse",
                f"{v.kategori}: {v.antall} is fewer than the {wanted} asked for; give the reason",
                ErrorCode.REASON_REQUIRED,
            )
    await tx.connection.execute(
        delete(Vedtak).where(
            Vedtak.anmodning_id == anmodning_id, Vedtak.ar == ar, Vedtak.kategori.in_(kinds)
        )
    )
    await tx.connection.execute(
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
                "registrert_av": tx.principal.bruker_id,
            }
            for v in vedtak
        ],
    )
    await ANMODNING.move(tx, anmodning_id, "registrer_vedtak")


async def godkjenn(tx: Tx, anmodning_id: int) -> None:
    """Step one of two: approve the reviewed answer. Every year and category asked needs a
    vedtak."""
    await ANMODNING.start(tx, anmodning_id, "godkjenn")
    asked = await _asked(tx.connection, anmodning_id)
    given = {
        (r.ar, Kategori(r.kategori))
        for r in (
            await tx.connection.execute(
                select(Vedtak.ar, Vedtak.kategori).where(Vedtak.anmodning_id == anmodning_id)
            )
        ).all()
    }
    missing = sorted(f"{ar} {kategori}" for ar, kategori in set(asked) - given)
    if missing:
        raise Regelbrudd(
            "vedtak", f"register a vedtak for {', '.join(missing)}", ErrorCode.VEDTAK_MISSING
        )
    await tx.connection.execute(
        update(Vedtak)
        .where(Vedtak.anmodning_id == anmodning_id)
        .values(status=VedtakStatus.GODKJENT, godkjent=tx.now, godkjent_av=tx.principal.bruker_id)
    )
    await ANMODNING.move(tx, anmodning_id, "godkjenn")


async def angre(tx: Tx, anmodning_id: int) -> None:
    """Step back from an approved answer to correct it."""
    await ANMODNING.start(tx, anmodning_id, "angre")
    await tx.connection.execute(
        update(Vedtak)
        .where(Vedtak.anmodning_id == anmodning_id)
        .values(status=VedtakStatus.UTKAST, godkjent=None, godkjent_av=None)
    )
    await ANMODNING.move(tx, anmodning_id, "angre")


async def send_svar(tx: Tx, anmodning_id: int) -> None:
    """Step two of two: send the approved answer to IMDi (SVART)."""
    row = await ANMODNING.start(tx, anmodning_id, "send_svar")
    statuses = set(
        (
            await tx.connection.scalars(
                select(Vedtak.status).where(Vedtak.anmodning_id == anmodning_id)
            )
        ).all()
    )
    if statuses != {VedtakStatus.GODKJENT}:
        raise Regelbrudd(
            "id", "approve the answer (godkjenn) before sending it", ErrorCode.NOT_APPROVED
        )
    await tx.connection.execute(
        update(Vedtak)
        .where(Vedtak.anmodning_id == anmodning_id)
        .values(status=VedtakStatus.SENDT, sendt=tx.now, sendt_av=tx.principal.bruker_id)
    )
    await ANMODNING.move(tx, anmodning_id, "send_svar")
    await _hendelse(tx, row, "Anmodning besvart")
    await _varsle_imdi(tx, row, "Kommunen har svart på anmodningen", row.tittel)


async def endre_svarfrist(
    tx: Tx,
    anmodning_id: int,
    svarfrist: date,
    begrunnelse: str,
) -> None:
    """Move the svarfrist, with a reason."""
    row = await ANMODNING.start(tx, anmodning_id, "endre_svarfrist")
    reason = required_text(begrunnelse, "begrunnelse", "say why the svarfrist moves")
    if svarfrist < tx.today:
        raise Regelbrudd("svarfrist", "the svarfrist is not in the past", ErrorCode.IN_PAST)
    await ANMODNING.move(tx, anmodning_id, "endre_svarfrist", svarfrist=svarfrist)
    await _hendelse(
        tx, row, "Svarfrist endret", reason,
        fra=row.svarfrist.isoformat(), til=svarfrist.isoformat(),
    )  # fmt: skip
    await _varsle_imdi(
        tx,
        row,
        "Kommunen har endret svarfristen",
        f"{row.svarfrist} → {svarfrist}: {reason}",
    )


# -- the council's decision document ----------------------------------------------------------

PDF_START = b"%PDF-"
PDF_END = b"%%EOF"
FILNAVN = re.compile(r"[^0-9A-Za-zÆØÅæøå ._()-]")
MAX_FILNAVN = 120


@dataclass(frozen=True)
class Dokument:
    filnavn: str
    storrelse: int
    sha256: str


def pdf_innhold(innhold: bytes) -> None:
    """A PDF by its content, whatever the caller calls it: it starts with ``%PDF-`` and ends
    with ``%%EOF`` (a line end or a little trailing garbage allowed)."""
    if not innhold:
        raise Regelbrudd("innhold", "the document is empty", ErrorCode.EMPTY)
    if not innhold.startswith(PDF_START) or PDF_END not in innhold[-1024:]:
        raise Regelbrudd(
            "innhold",
            "not a PDF: a PDF starts with %PDF- and ends with %%EOF",
            ErrorCode.WRONG_TYPE,
        )


def trygt_filnavn(filnavn: str | None, anmodning_id: int) -> str:
    """The name the document is served with: letters, digits, spaces and ._()- only, at most
    120 characters, ending in .pdf; ``vedtak-<id>.pdf`` without one."""
    navn = FILNAVN.sub("_", (filnavn or "").strip())[:MAX_FILNAVN].strip(" ._")
    if not navn:
        navn = f"vedtak-{anmodning_id}"
    return navn if navn.lower().endswith(".pdf") else f"{navn}.pdf"


async def last_opp_vedtaksdokument(
    tx: Tx, anmodning_id: int, *, filnavn: str | None, innhold: bytes
) -> Dokument:
    """The kommune's Anmoder_Skriv attaches the kommunestyre's decision to an anmodning of its
    own, as a PDF; a new upload replaces the old. A hendelse names it."""
    row = await ANMODNING.lock(tx, anmodning_id)
    pdf_innhold(innhold)
    dokument = Dokument(
        filnavn=trygt_filnavn(filnavn, anmodning_id),
        storrelse=len(innhold),
        sha256=hashlib.sha256(innhold).hexdigest(),
    )
    values = {
        "filnavn": dokument.filnavn,
        "innhold": innhold,
        "storrelse": dokument.storrelse,
        "sha256": dokument.sha256,
        "lastet_opp": tx.now,
        "lastet_opp_av": tx.principal.bruker_id,
    }
    statement = pg_insert(Vedtaksdokument).values(anmodning_id=anmodning_id, **values)
    await tx.connection.execute(
        statement.on_conflict_do_update(index_elements=["anmodning_id"], set_=values)
    )
    await _hendelse(
        tx, row, "Vedtaksdokument lastet opp", dokument.filnavn,
        storrelse=dokument.storrelse, sha256=dokument.sha256,
    )  # fmt: skip
    return dokument
