"""Statistics for analysts and IMDi: counts over fixed dimensions, never one person's data.
Every count passes the small-cell rule and the cell key noise (authz/statistikkvern.py)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from authz.policy import Handling, kan
from authz.statistikkvern import MINSTE_GRUPPE_FOR_FORDELING, Publisert, publiser
from resolvers import statistikk as sql
from schema import bounds
from schema.context import Ctx
from schema.enums import (
    Aldersgruppe,
    InnmeldingStatus,
    InnmeldingType,
    Kategori,
    StatistikkDimensjon,
    VentetidFra,
)
from schema.errors import ForbiddenError


@strawberry.type(description="A count as it may be shown: a number of 5 or more, or under 5.")
class Antall:
    verdi: int | None = strawberry.field(
        description="The count, with its small noise; null when it is under 5."
    )
    under5: bool = strawberry.field(description="True when the count is under 5 (and not shown).")
    tekst: str = strawberry.field(description='The number, or "under 5".')

    @staticmethod
    def av(publisert: Publisert) -> Antall:
        return Antall(verdi=publisert.verdi, under5=publisert.under_5, tekst=publisert.tekst)


@strawberry.input(
    description="Which records to count. Each list given keeps the records whose value is one "
    "of it; a list left out (null) keeps all. A statistic refuses a filter on a dimension it "
    "lacks (see StatistikkDimensjon)."
)
class StatistikkFilter:
    ar: list[int] | None = bounds.field(
        "Years, 1990 to 2100 (the year as in StatistikkDimensjon.AR).",
        items=bounds.STATISTIKK_VERDIER,
        default=None,
    )
    kommunenummer: list[str] | None = bounds.field(
        "Kommunenummer, four digits each.",
        items=bounds.STATISTIKK_VERDIER,
        item_length=bounds.IDENTIFIKATOR,
        default=None,
    )
    fylkesnummer: list[str] | None = bounds.field(
        "Fylkesnummer, two digits each.",
        items=bounds.STATISTIKK_VERDIER,
        item_length=bounds.IDENTIFIKATOR,
        default=None,
    )
    kategori: list[Kategori] | None = bounds.field(
        "Categories, at the event.", items=len(Kategori), default=None
    )
    nasjonalitet: list[str] | None = bounds.field(
        "Nationalities: ISO 3166 alpha-3 codes, e.g. SYR.",
        items=bounds.STATISTIKK_VERDIER,
        item_length=bounds.IDENTIFIKATOR,
        default=None,
    )
    aldersgruppe: list[Aldersgruppe] | None = bounds.field(
        "Age groups, by the age at the bosettingsdato.", items=len(Aldersgruppe), default=None
    )
    innmeldingstype: list[InnmeldingType] | None = bounds.field(
        "Innmelding types.", items=len(InnmeldingType), default=None
    )
    innmeldingsstatus: list[InnmeldingStatus] | None = bounds.field(
        "Innmelding statuses, as they are now.", items=len(InnmeldingStatus), default=None
    )

    def til_sql(self) -> sql.Filter:
        def values(items: list[Any] | None) -> list[Any] | None:
            return None if items is None else [getattr(v, "value", v) for v in items]

        return sql.Filter(
            ar=self.ar,
            kommunenummer=self.kommunenummer,
            fylkesnummer=self.fylkesnummer,
            kategori=values(self.kategori),
            nasjonalitet=self.nasjonalitet,
            aldersgruppe=values(self.aldersgruppe),
            innmeldingstype=values(self.innmeldingstype),
            innmeldingsstatus=values(self.innmeldingsstatus),
        )


@strawberry.type(description="The groups a cell belongs to; null where not grouped by it.")
class Grupper:
    kommunenummer: str | None = strawberry.field(
        default=None, description="The kommune's number (grouped by KOMMUNE)."
    )
    kommunenavn: str | None = strawberry.field(
        default=None, description="The kommune's name (grouped by KOMMUNE)."
    )
    fylkesnummer: str | None = strawberry.field(
        default=None, description="The fylke's number (grouped by FYLKE)."
    )
    fylke: str | None = strawberry.field(
        default=None, description="The fylke's name (grouped by FYLKE)."
    )
    ar: int | None = strawberry.field(default=None, description="The year (grouped by AR).")
    kategori: Kategori | None = strawberry.field(
        default=None, description="The category (grouped by KATEGORI)."
    )
    nasjonalitet: str | None = strawberry.field(
        default=None, description="The nationality, ISO 3166 alpha-3 (grouped by NASJONALITET)."
    )
    aldersgruppe: Aldersgruppe | None = strawberry.field(
        default=None, description="The age group (grouped by ALDERSGRUPPE)."
    )
    innmeldingstype: InnmeldingType | None = strawberry.field(
        default=None, description="The innmelding type (grouped by INNMELDINGSTYPE)."
    )
    innmeldingsstatus: InnmeldingStatus | None = strawberry.field(
        default=None, description="The innmelding status (grouped by INNMELDINGSSTATUS)."
    )


def _grupper(row: Any, names: list[str]) -> Grupper:
    values = {name: getattr(row, name) for name in names}
    for name, kind in (
        ("kategori", Kategori),
        ("aldersgruppe", Aldersgruppe),
        ("innmeldingstype", InnmeldingType),
        ("innmeldingsstatus", InnmeldingStatus),
    ):
        if values.get(name) is not None:
            values[name] = kind(values[name])
    return Grupper(**values)


_GRUPPER = "The group this cell counts; null in each dimension not grouped by."


@strawberry.type(description="One cell of a statistic: a group and its count.")
class Celle:
    grupper: Grupper = strawberry.field(description=_GRUPPER)
    antall: Antall = strawberry.field(description="How many, protected.")


@strawberry.type(
    description="One cell of anmodetVedtattBosatt: places asked and decided, persons bosatt."
)
class AnmodetVedtattBosattCelle:
    grupper: Grupper = strawberry.field(description=_GRUPPER)
    anmodet: int = strawberry.field(description="Places IMDi asked for (not persons).")
    vedtatt: int = strawberry.field(description="Places in the kommuner's sent vedtak.")
    bosatt: Antall = strawberry.field(description="Persons bosatt (protected).")


_KVANTIL = f"Null for groups under {MINSTE_GRUPPE_FOR_FORDELING} persons."


@strawberry.type(
    description="One cell of ventetid: how many persons, and their waiting days in whole days."
)
class VentetidCelle:
    grupper: Grupper = strawberry.field(description=_GRUPPER)
    antall: Antall = strawberry.field(description="Persons bosatt in the group, protected.")
    median_dager: int | None = strawberry.field(
        description=f"The median waiting time in days: half waited less. {_KVANTIL}"
    )
    p25_dager: int | None = strawberry.field(
        description=f"The 25th percentile in days: a quarter waited less. {_KVANTIL}"
    )
    p75_dager: int | None = strawberry.field(
        description=f"The 75th percentile in days: three quarters waited less. {_KVANTIL}"
    )
    p90_dager: int | None = strawberry.field(
        description=f"The 90th percentile in days: nine in ten waited less. {_KVANTIL}"
    )


def _salt(info: Ctx) -> int:
    return int(info.context.setting("statistikk_salt"))


async def _run(
    info: Ctx,
    kilde: sql.Kilde,
    grupper_etter: list[StatistikkDimensjon],
    filter: StatistikkFilter | None,
    aggregater: str,
) -> tuple[list[Any], list[str]]:
    statement, params, names = sql.sporring(
        kilde, grupper_etter, filter.til_sql() if filter else None, aggregater
    )
    params["salt"] = _salt(info)
    rows = await info.context.db.all(statement, params)
    return list(rows), names


def _celler(rows: list[Any], names: list[str]) -> list[Celle]:
    return [
        Celle(grupper=_grupper(r, names), antall=Antall.av(publiser(r.antall, r.nokkel)))
        for r in rows
    ]


Dimensjoner = Annotated[
    list[StatistikkDimensjon],
    bounds.argument(
        "The dimensions to group by, each once; the cells come sorted by them, in this order. "
        "Empty: one cell, the total. A statistic refuses a dimension it lacks.",
        items=len(StatistikkDimensjon),
    ),
]
Filtrering = Annotated[
    StatistikkFilter | None,
    strawberry.argument(description="Which records to count; null: all."),
]


@bounds.checked
@strawberry.type(
    description="Counts over fixed dimensions. A count under 5 shows as 'under 5'; every "
    "count carries a small consistent noise, so that no two queries can be subtracted to "
    "single out a person (README: Statistics)."
)
class Statistikk:
    @strawberry.field(description="Persons bosatt, by the year of their bosettingsdato.")
    async def bosettinger(
        self,
        info: Ctx,
        grupper_etter: Dimensjoner,
        filter: Filtrering = None,
    ) -> list[Celle]:
        rows, names = await _run(
            info,
            sql.BOSATT,
            grupper_etter,
            filter,
            sql.antall_og_nokkel("u.person_id", "person"),
        )
        return _celler(rows, names)

    @strawberry.field(
        description="Anmodet (places asked), vedtatt (places decided) and bosatt (persons), "
        "per kommune or fylke, year and category."
    )
    async def anmodet_vedtatt_bosatt(
        self,
        info: Ctx,
        grupper_etter: Dimensjoner,
        filter: Filtrering = None,
    ) -> list[AnmodetVedtattBosattCelle]:
        rows, names = await _run(
            info,
            sql.ANMODET_VEDTATT_BOSATT,
            grupper_etter,
            filter,
            "sum(r.anmodet)::int AS anmodet, sum(r.vedtatt)::int AS vedtatt, "
            + sql.antall_og_nokkel("r.person_id", "person"),
        )
        return [
            AnmodetVedtattBosattCelle(
                grupper=_grupper(r, names),
                anmodet=r.anmodet,
                vedtatt=r.vedtatt,
                bosatt=Antall.av(publiser(r.antall, r.nokkel)),
            )
            for r in rows
        ]

    @strawberry.field(
        description="Days from the decision on residence (or from the utsøking) to the "
        "bosettingsdato: median and percentiles."
    )
    async def ventetid(
        self,
        info: Ctx,
        fra: Annotated[
            VentetidFra,
            strawberry.argument(description="Where the waiting time starts."),
        ],
        grupper_etter: Dimensjoner,
        filter: Filtrering = None,
    ) -> list[VentetidCelle]:
        start = (
            "p.vedtak_opphold_dato" if fra == VentetidFra.VEDTAK_OM_OPPHOLD else "u.sokt_ut_dato"
        )
        kilde = sql.Kilde(
            fra=f"{sql.BOSATT.fra} AND {start} IS NOT NULL AND {start} <= u.bosettingsdato",
            dimensjoner=sql.BOSATT.dimensjoner,
        )
        rows, names = await _run(
            info,
            kilde,
            grupper_etter,
            filter,
            sql.antall_og_nokkel("u.person_id", "person")
            + ", percentile_cont(ARRAY[0.25, 0.5, 0.75, 0.9]) WITHIN GROUP"
            f" (ORDER BY u.bosettingsdato - {start}) AS kvantiler",
        )
        cells = []
        for r in rows:
            shown = r.antall >= MINSTE_GRUPPE_FOR_FORDELING
            q = [round(v) for v in r.kvantiler] if shown else [None] * 4
            cells.append(
                VentetidCelle(
                    grupper=_grupper(r, names),
                    antall=Antall.av(publiser(r.antall, r.nokkel)),
                    median_dager=q[1],
                    p25_dager=q[0],
                    p75_dager=q[2],
                    p90_dager=q[3],
                )
            )
        return cells

    @strawberry.field(description="Innmeldinger by type, status, year (free from, else sent).")
    async def innmeldinger(
        self,
        info: Ctx,
        grupper_etter: Dimensjoner,
        filter: Filtrering = None,
    ) -> list[Celle]:
        rows, names = await _run(
            info,
            sql.INNMELDINGER,
            grupper_etter,
            filter,
            sql.antall_og_nokkel("i.id", "innmelding"),
        )
        return _celler(rows, names)


def statistikk(info: Ctx) -> Statistikk:
    if not kan(info.context.caller, Handling.LESE_STATISTIKK):
        raise ForbiddenError()
    return Statistikk()
