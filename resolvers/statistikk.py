"""Statistics for analysts (and IMDi), computed in SQL over fixed dimensions; every count
passes :mod:`authz.statistikkvern` before it leaves. Nothing here reads one person's fields.

Each statistic is one statement: the requested dimensions are chosen from a fixed table of
SQL expressions (never the caller's text), filters are bound ``= ANY(:values)`` lists.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from authz.errors import BadInputError
from authz.statistikkvern import nokkel_sql
from models.enums import StatistikkDimensjon as Dimensjon


def kategori_sql(at: str) -> str:
    """The category of person ``p`` at the date ``at`` (SQL)."""
    return f"""CASE
        WHEN p.enslig_mindrearig AND {at} < p.fodselsdato + interval '15 years' THEN 'EM_UNDER_15'
        WHEN p.enslig_mindrearig AND {at} < p.fodselsdato + interval '18 years' THEN 'EM_15_18'
        ELSE 'ENSLIGE_VOKSNE_OG_FAMILIER' END"""


def aldersgruppe_sql(at: str) -> str:
    """The age group of person ``p`` at the date ``at`` (SQL)."""
    age = f"date_part('year', age({at}, p.fodselsdato))"
    return f"""CASE
        WHEN {age} < 18 THEN 'AR_0_17' WHEN {age} < 30 THEN 'AR_18_29'
        WHEN {age} < 50 THEN 'AR_30_49' WHEN {age} < 67 THEN 'AR_50_66'
        ELSE 'AR_67_PLUSS' END"""


_STED = {
    Dimensjon.KOMMUNE: (("kommunenummer", "k.kommunenummer"), ("kommunenavn", "k.navn")),
    Dimensjon.FYLKE: (("fylkesnummer", "k.fylkesnummer"), ("fylke", "k.fylke")),
}


@dataclass(frozen=True)
class Kilde:
    """Where one statistic's records come from, and the dimensions they can be counted by."""

    fra: str
    dimensjoner: dict[Dimensjon, tuple[tuple[str, str], ...]]


_BOSATT_VED = "u.bosettingsdato"
BOSATT = Kilde(
    fra="utsoking u JOIN person p ON p.id = u.person_id"
    " JOIN kommune k ON k.kommunenummer = u.kommunenummer"
    " WHERE u.aktiv AND u.bosettingsdato IS NOT NULL",
    dimensjoner={
        **_STED,
        Dimensjon.AR: (("ar", f"extract(year FROM {_BOSATT_VED})::int"),),
        Dimensjon.KATEGORI: (("kategori", kategori_sql(_BOSATT_VED)),),
        Dimensjon.NASJONALITET: (("nasjonalitet", "p.nasjonalitet"),),
        Dimensjon.ALDERSGRUPPE: (("aldersgruppe", aldersgruppe_sql(_BOSATT_VED)),),
    },
)

# Anmodet and vedtatt are the kommune's and IMDi's numbers of places, not of persons; bosatt
# counts persons (``person_id``), so it alone is protected.
ANMODET_VEDTATT_BOSATT = Kilde(
    fra="""(
        SELECT a.kommunenummer, t.ar::int AS ar, t.kategori::text AS kategori,
               t.antall AS anmodet, 0 AS vedtatt, NULL::bigint AS person_id
        FROM anmodning_tall t JOIN anmodning a ON a.id = t.anmodning_id
        UNION ALL
        SELECT v.kommunenummer, v.ar::int, v.kategori::text, 0, v.antall, NULL
        FROM vedtak v WHERE v.status = 'SENDT'
        UNION ALL
        SELECT u.kommunenummer, extract(year FROM u.bosettingsdato)::int,
               """  # noqa: S608 (our own SQL text; no value is spliced in)
    + kategori_sql(_BOSATT_VED)
    + """, 0, 0, u.person_id
        FROM utsoking u JOIN person p ON p.id = u.person_id
        WHERE u.aktiv AND u.bosettingsdato IS NOT NULL
    ) r JOIN kommune k ON k.kommunenummer = r.kommunenummer WHERE true""",
    dimensjoner={
        **_STED,
        Dimensjon.AR: (("ar", "r.ar"),),
        Dimensjon.KATEGORI: (("kategori", "r.kategori"),),
    },
)

_INNMELDING_AR = "extract(year FROM coalesce(i.ledig_fra, i.opprettet::date))::int"
INNMELDINGER = Kilde(
    fra="innmelding i JOIN kommune k ON k.kommunenummer = i.kommunenummer WHERE true",
    dimensjoner={
        **_STED,
        Dimensjon.AR: (("ar", _INNMELDING_AR),),
        Dimensjon.INNMELDINGSTYPE: (("innmeldingstype", "i.type::text"),),
        Dimensjon.INNMELDINGSSTATUS: (("innmeldingsstatus", "i.status::text"),),
    },
)


@dataclass(frozen=True)
class Filter:
    """Each given list keeps the records whose value is one of it."""

    ar: Sequence[int] | None = None
    kommunenummer: Sequence[str] | None = None
    fylkesnummer: Sequence[str] | None = None
    kategori: Sequence[str] | None = None
    nasjonalitet: Sequence[str] | None = None
    aldersgruppe: Sequence[str] | None = None
    innmeldingstype: Sequence[str] | None = None
    innmeldingsstatus: Sequence[str] | None = None


# filter field → (the dimension whose expression it compares, the GraphQL argument name)
_FILTRE: dict[str, tuple[Dimensjon, str]] = {
    "ar": (Dimensjon.AR, "filter.ar"),
    "kommunenummer": (Dimensjon.KOMMUNE, "filter.kommunenummer"),
    "fylkesnummer": (Dimensjon.FYLKE, "filter.fylkesnummer"),
    "kategori": (Dimensjon.KATEGORI, "filter.kategori"),
    "nasjonalitet": (Dimensjon.NASJONALITET, "filter.nasjonalitet"),
    "aldersgruppe": (Dimensjon.ALDERSGRUPPE, "filter.aldersgruppe"),
    "innmeldingstype": (Dimensjon.INNMELDINGSTYPE, "filter.innmeldingstype"),
    "innmeldingsstatus": (Dimensjon.INNMELDINGSSTATUS, "filter.innmeldingsstatus"),
}
_FORMAT = {
    "kommunenummer": (re.compile(r"^[0-9]{4}$"), "four digits"),
    "fylkesnummer": (re.compile(r"^[0-9]{2}$"), "two digits"),
    "nasjonalitet": (re.compile(r"^[A-Z]{3}$"), "an ISO 3166 alpha-3 code such as SYR"),
}
MAX_VERDIER = 400
"""Values of one filter; the same number as ``schema.bounds.STATISTIKK_VERDIER``, which bounds
the argument before it gets here."""


def _check(filter: Filter, kilde: Kilde) -> dict[str, tuple[str, list[Any]]]:
    """The filters as (SQL expression, values); refuses one the statistic has no dimension
    for, and values of the wrong form, naming the field."""
    valgt: dict[str, tuple[str, list[Any]]] = {}
    for name, (dimensjon, field) in _FILTRE.items():
        values = getattr(filter, name)
        if values is None:
            continue
        if dimensjon not in kilde.dimensjoner:
            raise BadInputError(field, "this statistic cannot be filtered by it")
        if not values or len(values) > MAX_VERDIER:
            raise BadInputError(field, f"give between 1 and {MAX_VERDIER} values")
        if name in _FORMAT:
            pattern, rule = _FORMAT[name]
            for value in values:
                if not pattern.match(value):
                    raise BadInputError(field, f"each value must be {rule}, not {value!r}")
        if name == "ar" and any(not 1990 <= int(v) <= 2100 for v in values):
            raise BadInputError(field, "years are between 1990 and 2100")
        expression = kilde.dimensjoner[dimensjon][0][1]
        valgt[name] = (expression, [str(v) if name != "ar" else int(v) for v in values])
    return valgt


def sporring(
    kilde: Kilde, grupper: Sequence[Dimensjon], filter: Filter | None, aggregater: str
) -> tuple[Any, dict[str, Any], list[str]]:
    """One statement: ``aggregater`` per group of ``grupper``; returns it, its parameters and
    the names of the group columns."""
    if len(set(grupper)) != len(grupper):
        raise BadInputError("grupperEtter", "name each dimension once")
    for dimensjon in grupper:
        if dimensjon not in kilde.dimensjoner:
            raise BadInputError(
                "grupperEtter", f"this statistic cannot be grouped by {dimensjon.value}"
            )
    columns = [column for d in grupper for column in kilde.dimensjoner[d]]
    names = [alias for alias, _ in columns]
    params: dict[str, Any] = {}
    where = ""
    for name, (expression, values) in _check(filter or Filter(), kilde).items():
        where += f" AND ({expression}) = ANY(:f_{name})"
        params[f"f_{name}"] = values
    select = ", ".join([f"{expression} AS {alias}" for alias, expression in columns] + [aggregater])
    group = ", ".join(str(i + 1) for i in range(len(columns)))
    # Only our own expressions (the Kilde tables) are spliced in; every value is bound.
    sql = f"SELECT {select} FROM {kilde.fra}{where}"  # noqa: S608
    if columns:
        sql += f" GROUP BY {group} ORDER BY {group}"
    return text(sql), params, names


def antall_og_nokkel(id_expression: str, kind: str) -> str:
    nokkel = nokkel_sql(id_expression, kind)
    return f"count({id_expression})::int AS antall, coalesce({nokkel}, 0) AS nokkel"
