"""Bosettingsrapporter (the guide: Bosetter roles "ha tilgang til bosettingsrapporter"): the
kommune's own persons søkt ut and bosatt, counted in one statement by fixed dimensions (never
the caller's text); each event counts at its own date."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from sqlalchemy import text

from authz.policy import Handling, kan
from authz.scope import rapportkommune
from models.enums import Aldersgruppe, Kategori, RapportDimensjon
from resolvers.statistikk import aldersgruppe_sql, kategori_sql
from schema import bounds
from schema.bosettingsrapport import Bosettingsrapport, RapportRad, RapportTall
from schema.context import Ctx
from schema.errors import BadInputError, ForbiddenError, check_period

_DIMENSJONER: dict[RapportDimensjon, tuple[str, str]] = {
    RapportDimensjon.AR: ("ar", "extract(year FROM p.dato)::int"),
    RapportDimensjon.MANED: ("maned", "extract(month FROM p.dato)::int"),
    RapportDimensjon.KATEGORI: ("kategori", kategori_sql("p.dato")),
    RapportDimensjon.NASJONALITET: ("nasjonalitet", "p.nasjonalitet"),
    RapportDimensjon.ALDERSGRUPPE: ("aldersgruppe", aldersgruppe_sql("p.dato")),
}

# Every event of the kommune's own persons (the active utsøking): the utsøking, and the
# bosettingsdato with the days waited since the vedtak om opphold.
_HENDELSER = """
    SELECT 'SOKT_UT' AS hva, u.sokt_ut_dato AS dato, p.fodselsdato, p.enslig_mindrearig,
           p.nasjonalitet, NULL::int AS ventetid
    FROM utsoking u JOIN person p ON p.id = u.person_id
    WHERE u.aktiv AND u.kommunenummer = :k
    UNION ALL
    SELECT 'BOSATT', u.bosettingsdato, p.fodselsdato, p.enslig_mindrearig, p.nasjonalitet,
           CASE WHEN p.vedtak_opphold_dato <= u.bosettingsdato
                THEN u.bosettingsdato - p.vedtak_opphold_dato END
    FROM utsoking u JOIN person p ON p.id = u.person_id
    WHERE u.aktiv AND u.kommunenummer = :k AND u.bosettingsdato IS NOT NULL
"""


def _statement(dimensjoner: list[RapportDimensjon]) -> Any:
    names = [_DIMENSJONER[d][0] for d in dimensjoner]
    columns = "".join(f"{_DIMENSJONER[d][1]} AS {_DIMENSJONER[d][0]}, " for d in dimensjoner)
    grouped = ", ".join(names)
    total = f"GROUPING({grouped}) <> 0" if names else "true"
    group_by = f"GROUPING SETS (({grouped}), ())" if names else "()"
    order = ", ".join(["total", *names])
    return text(
        f"SELECT {grouped + ', ' if names else ''}{total} AS total,"  # noqa: S608 (fixed SQL)
        " count(*) FILTER (WHERE q.hva = 'SOKT_UT')::int AS sokt_ut,"
        " count(*) FILTER (WHERE q.hva = 'BOSATT')::int AS bosatt,"
        " percentile_cont(0.5) WITHIN GROUP (ORDER BY q.ventetid) AS median"
        f" FROM (SELECT {columns}p.hva, p.ventetid FROM ({_HENDELSER}) p"
        "  WHERE (CAST(:fra AS date) IS NULL OR p.dato >= CAST(:fra AS date))"
        "  AND (CAST(:til AS date) IS NULL OR p.dato <= CAST(:til AS date))) q"
        f" GROUP BY {group_by} ORDER BY {order}"
    )


def _tall(row: Any) -> dict[str, Any]:
    return {
        "sokt_ut": row.sokt_ut,
        "bosatt": row.bosatt,
        "ventetid_median_dager": None if row.median is None else round(row.median),
    }


async def bosettingsrapport(
    info: Ctx,
    grupper_etter: Annotated[
        list[RapportDimensjon],
        bounds.argument(
            "The dimensions to group by, in order; empty: the total alone.",
            items=len(RapportDimensjon),
        ),
    ],
    kommunenummer: bounds.Kommunenummer = None,
    fra: Annotated[
        date | None, strawberry.argument(description="Events on or after this date.")
    ] = None,
    til: Annotated[
        date | None, strawberry.argument(description="Events on or before this date.")
    ] = None,
) -> Bosettingsrapport | None:
    principal = info.context.caller
    if not kan(principal, Handling.LESE_BOSETTINGSRAPPORT):
        raise ForbiddenError()
    kommune = rapportkommune(principal, kommunenummer)
    if kommune is None:
        raise BadInputError("kommunenummer", "IMDi names the kommune")
    check_period(fra, til)
    dimensjoner = list(dict.fromkeys(grupper_etter))
    rows = await info.context.db.all(
        _statement(dimensjoner).bindparams(k=kommune, fra=fra, til=til)
    )
    grupper = [
        RapportRad(
            **_tall(row),
            ar=getattr(row, "ar", None),
            maned=getattr(row, "maned", None),
            kategori=Kategori(row.kategori) if RapportDimensjon.KATEGORI in dimensjoner else None,
            nasjonalitet=getattr(row, "nasjonalitet", None),
            aldersgruppe=Aldersgruppe(row.aldersgruppe)
            if RapportDimensjon.ALDERSGRUPPE in dimensjoner
            else None,
        )
        for row in rows
        if not row.total
    ]
    (total,) = [row for row in rows if row.total]
    return Bosettingsrapport(
        kommunenummer=kommune, fra=fra, til=til, grupper=grupper, total=RapportTall(**_tall(total))
    )
