"""Anmodning og vedtak, and the oversikt over bosetting."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry

from schema import bounds
from schema.context import Ctx
from schema.enums import AnmodningStatus, Kategori, VedtakStatus
from schema.errors import UserError
from schema.person import Hendelse, hendelse_fields


@strawberry.type(
    description="What IMDi asked and what the kommune decided, for one year and category."
)
class AnmodningTall:
    ar: int = strawberry.field(description="The year.")
    kategori: Kategori = strawberry.field(description="The category.")
    anmodet: int = strawberry.field(description="What IMDi asked for (0 if not asked).")
    vedtatt: int | None = strawberry.field(description="The kommune's vedtak; null: none yet.")
    differanse: int | None = strawberry.field(
        description="Avvik: vedtatt − anmodet (negative: fewer places than asked); null: no "
        "vedtak yet."
    )
    begrunnelse: str | None = strawberry.field(
        description="The kommune's reason for deciding fewer places than asked."
    )
    vedtak_status: VedtakStatus | None = strawberry.field(
        description="Where the vedtak is; null: none registered."
    )
    vedtaksdato: date | None = strawberry.field(
        description="The date of the council's decision, as registered; null: not given."
    )
    registrert: datetime | None = strawberry.field(
        description="When the vedtak was registered; null: none registered."
    )
    registrert_av: str | None = strawberry.field(description="Who registered it.")
    godkjent: datetime | None = strawberry.field(
        description="When the answer holding it was approved; null: not approved (or stepped "
        "back, or returned by IMDi)."
    )
    godkjent_av: str | None = strawberry.field(description="Who approved it.")
    sendt: datetime | None = strawberry.field(
        description="When the answer holding it was last sent to IMDi; null: never."
    )
    sendt_av: str | None = strawberry.field(description="Who sent it.")


@strawberry.type(description="The sums of one year, or of all years (ar null).")
class AnmodningSum:
    ar: int | None = strawberry.field(description="The year; null: all years together.")
    anmodet: int = strawberry.field(description="Places IMDi asked for, all categories.")
    vedtatt: int = strawberry.field(description="Places the kommune decided, all categories.")
    differanse: int = strawberry.field(description="vedtatt − anmodet.")


def summer(tall: list[AnmodningTall]) -> list[AnmodningSum]:
    years = sorted({t.ar for t in tall})
    result = []
    for year in [*years, None]:
        rows = [t for t in tall if year is None or t.ar == year]
        anmodet = sum(t.anmodet for t in rows)
        vedtatt = sum(t.vedtatt or 0 for t in rows)
        result.append(
            AnmodningSum(ar=year, anmodet=anmodet, vedtatt=vedtatt, differanse=vedtatt - anmodet)
        )
    return result


@strawberry.type(
    description="The kommunestyre's decision on the anmodning, as the PDF the kommune uploaded."
)
class Vedtaksdokument:
    filnavn: str = strawberry.field(description="The file's name.")
    storrelse: int = strawberry.field(description="Its size in bytes.")
    sha256: str = strawberry.field(description="Its SHA-256, hex: the same bytes, the same sum.")
    lastet_opp: datetime = strawberry.field(description="When it was uploaded.")
    lastet_opp_av: str | None = strawberry.field(description="Who uploaded it.")
    url: str = strawberry.field(
        description="Where to GET it (with the same token): the PDF itself. The kommune's "
        "Anmoder_Skriv PUTs a new one there (Content-Type application/pdf)."
    )


@strawberry.type(description="IMDi's request that a kommune settle refugees, and its answer.")
class Anmodning:
    id: strawberry.ID = strawberry.field(description="The anmodning's id.")
    kommunenummer: str = strawberry.field(description="The kommune asked.")
    tittel: str = strawberry.field(
        description="Its title, e.g. 'Anmodning om bosetting av flyktninger Sortland 2025'."
    )
    status: AnmodningStatus = strawberry.field(description="Where it is.")
    sendt: datetime = strawberry.field(description="When IMDi sent it.")
    svarfrist: date = strawberry.field(description="The answer is due by this date.")
    apnet: datetime | None = strawberry.field(
        description="When the kommune last opened it (Under arbeid); null: never."
    )
    svart: datetime | None = strawberry.field(
        description="When the kommune sent its answer; null: not answered."
    )
    purret: datetime | None = strawberry.field(
        description="When IMDi last reminded the kommune; null: never."
    )
    bekreftet: datetime | None = strawberry.field(
        description="When IMDi confirmed the answer; null: not confirmed."
    )
    returnert: datetime | None = strawberry.field(
        description="When IMDi last returned the answer for correction; null: never."
    )
    imdi_kommentar: str | None = strawberry.field(
        description="IMDi's latest comment on the answer: what to correct, or a remark."
    )
    versjon: int = strawberry.field(description="Grows with every change to the anmodning.")

    @strawberry.field(description="Per year and category: asked, decided, difference.")
    async def tall(self, info: Ctx) -> list[AnmodningTall]:
        rows = await info.context.loaders.anmodning_tall.load(int(self.id))
        return [
            AnmodningTall(
                ar=row.ar,
                kategori=Kategori(row.kategori),
                anmodet=row.anmodet,
                vedtatt=row.vedtatt,
                differanse=None if row.vedtatt is None else row.vedtatt - row.anmodet,
                begrunnelse=row.begrunnelse,
                vedtak_status=None
                if row.vedtak_status is None
                else VedtakStatus(row.vedtak_status),
                vedtaksdato=row.vedtaksdato,
                registrert=row.registrert,
                registrert_av=row.registrert_av,
                godkjent=row.godkjent,
                godkjent_av=row.godkjent_av,
                sendt=row.sendt,
                sendt_av=row.sendt_av,
            )
            for row in rows
        ]

    @strawberry.field(description="The summary: per year and in total (the last, ar null).")
    async def summer(self, info: Ctx) -> list[AnmodningSum]:
        return summer(await self.tall(info))

    @strawberry.field(
        description="The kommunestyre's decision as the kommune uploaded it; null: none yet."
    )
    async def vedtaksdokument(self, info: Ctx) -> Vedtaksdokument | None:
        row = await info.context.loaders.vedtaksdokument.load(int(self.id))
        if row is None:
            return None
        return Vedtaksdokument(
            filnavn=row.filnavn,
            storrelse=row.storrelse,
            sha256=row.sha256,
            lastet_opp=row.lastet_opp,
            lastet_opp_av=row.lastet_opp_av,
            url=f"/vedtaksdokument/{self.id}.pdf",
        )

    @strawberry.field(description="The hendelser of this anmodning, newest first.")
    async def hendelser(self, info: Ctx) -> list[Hendelse]:
        rows = await info.context.loaders.anmodning_hendelser.load(int(self.id))
        return [Hendelse(**hendelse_fields(row)) for row in rows]

    @classmethod
    def from_row(cls, row: Any) -> Anmodning:
        return cls(
            id=strawberry.ID(str(row.id)),
            kommunenummer=row.kommunenummer,
            tittel=row.tittel,
            status=AnmodningStatus(row.status),
            sendt=row.sendt,
            svarfrist=row.svarfrist,
            apnet=row.apnet,
            svart=row.svart,
            purret=row.purret,
            bekreftet=row.bekreftet,
            returnert=row.returnert,
            imdi_kommentar=row.imdi_kommentar,
            versjon=row.versjon,
        )


@strawberry.type(description="The result of a step on an anmodning.")
class AnmodningPayload:
    anmodning: Anmodning | None = strawberry.field(
        description="The anmodning after the step (as before it when refused); null when there "
        "is none the caller may read."
    )
    feil: list[UserError] = strawberry.field(description="Empty when the step was taken.")


@strawberry.type(description="The anmodninger IMDi sent, one per kommune.")
class SendAnmodningPayload:
    anmodninger: list[Anmodning] = strawberry.field(
        description="The anmodninger created, one per kommune; empty when refused."
    )
    feil: list[UserError] = strawberry.field(description="Empty when they were sent.")


@strawberry.input(description="The number of places asked for one year and category.")
class AnmodningTallInput:
    ar: int = strawberry.field(description="The year: this year or one of the next five.")
    kategori: Kategori = strawberry.field(description="The category.")
    antall: int = strawberry.field(description="Places asked; 0 or more.")


@strawberry.input(description="An anmodning to send to one or many kommuner.")
class SendAnmodningInput:
    kommunenummer: list[str] = bounds.field(
        "The kommuner asked, by kommunenummer (four digits).",
        items=bounds.KOMMUNER,
        item_length=bounds.IDENTIFIKATOR,
    )
    svarfrist: date = strawberry.field(description="The answer is due by this date; not past.")
    tall: list[AnmodningTallInput] = bounds.field(
        "The numbers asked, per year and category, each once.", items=bounds.ANMODNING_TALL
    )
    tittel: str | None = bounds.field(
        "The title; null: 'Anmodning om bosetting av flyktninger', the kommune and the years.",
        length=bounds.TITTEL,
        default=None,
    )


@strawberry.input(description="The kommune's vedtak for one category of the year.")
class VedtakInput:
    kategori: Kategori = strawberry.field(description="The category.")
    antall: int = strawberry.field(description="Places decided; 0 or more.")
    begrunnelse: str | None = bounds.field(
        "Required when the number is lower than asked.", length=bounds.BEGRUNNELSE, default=None
    )


@strawberry.type(description="Oversikt bosetting for one category (or all: kategori null).")
class OversiktLinje:
    kategori: Kategori | None = strawberry.field(description="The category; null: all together.")
    vedtak: int = strawberry.field(description="Places in the kommune's sent vedtak for the year.")
    fordelt: int = strawberry.field(
        description="Persons on fordelinger IMDi sent the kommune in the year, answered or not."
    )
    sokt_ut: int = strawberry.field(description="Persons søkt ut to the kommune in the year.")
    bosatt: int = strawberry.field(
        description="Persons whose bosettingsdato in the kommune falls in the year."
    )
    ledige_plasser_fra_tidligere_ar: int = strawberry.field(
        description="Free places carried over from earlier years."
    )
    ledige_plasser: int = strawberry.field(
        description="Free places now: those carried over plus this year's vedtak, less this "
        "year's søkt ut (never below zero)."
    )


@strawberry.type(description="Oversikt bosetting: one kommune, one year.")
class OversiktBosetting:
    kommunenummer: str = strawberry.field(description="The kommune.")
    ar: int = strawberry.field(description="The year.")
    kategorier: list[OversiktLinje] = strawberry.field(description="One line per category.")
    total: OversiktLinje = strawberry.field(description="The sum of the categories.")


def oversikt_from_rows(ar: int, rows: list[Any]) -> list[OversiktBosetting]:
    by_kommune: dict[str, list[Any]] = {}
    for row in rows:
        by_kommune.setdefault(row.kommunenummer, []).append(row)
    result = []
    for kommunenummer, lines in by_kommune.items():
        kategorier = [
            OversiktLinje(
                kategori=Kategori(row.kategori),
                vedtak=row.vedtak,
                fordelt=row.fordelt,
                sokt_ut=row.sokt_ut,
                bosatt=row.bosatt,
                ledige_plasser_fra_tidligere_ar=row.fra_tidligere,
                ledige_plasser=row.ledige,
            )
            for row in lines
        ]
        total = OversiktLinje(
            kategori=None,
            vedtak=sum(k.vedtak for k in kategorier),
            fordelt=sum(k.fordelt for k in kategorier),
            sokt_ut=sum(k.sokt_ut for k in kategorier),
            bosatt=sum(k.bosatt for k in kategorier),
            ledige_plasser_fra_tidligere_ar=sum(
                k.ledige_plasser_fra_tidligere_ar for k in kategorier
            ),
            ledige_plasser=sum(k.ledige_plasser for k in kategorier),
        )
        result.append(
            OversiktBosetting(
                kommunenummer=kommunenummer, ar=ar, kategorier=kategorier, total=total
            )
        )
    return result
