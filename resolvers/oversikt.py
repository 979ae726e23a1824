"""Oversikt bosetting: per kommune, year and category, the vedtak, fordelt, søkt ut, bosatt and
ledige plasser; one SQL statement, for one kommune or for all at once.

Definitions (per kommune and category):
- vedtak: places in the kommune's sent vedtak for the year;
- fordelt: persons on fordelinger IMDi sent to the kommune that year (answered or not);
- søkt ut: persons søkt ut to the kommune that year (active utsøkinger);
- bosatt: persons whose bosettingsdato in the kommune falls in the year;
- ledige plasser: a running balance from the first year with a vedtak: each year adds its
  vedtak and subtracts its søkt ut, never going below zero. So the free places of a year are
  "the free places from earlier years" (the balance of the year before) plus the year's own,
  as the guide says, and places used beyond a year's vedtak consume what earlier years left.

A person's category is taken at the event: EM under 15, EM 15–18, or everybody else.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ARRAY, Boolean, Date, Integer, Text, bindparam, text

from models.enums import Kategori

KATEGORIER = [k.value for k in Kategori]

_PERSON_KATEGORI = """
    CASE
        WHEN p.enslig_mindrearig AND {at} < p.fodselsdato + interval '15 years' THEN 'EM_UNDER_15'
        WHEN p.enslig_mindrearig AND {at} < p.fodselsdato + interval '18 years' THEN 'EM_15_18'
        ELSE 'ENSLIGE_VOKSNE_OG_FAMILIER'
    END"""

_EM = "LEFT JOIN person p ON p.id = {person_id} AND p.enslig_mindrearig"
"""Only an enslig mindreårig's birth date decides its category (the rest are
ENSLIGE_VOKSNE_OG_FAMILIER whatever the date), so only those rows of person are joined."""

# The template is ours alone (the category expression, written three times); values are bound.
OVERSIKT = text(
    f"""
WITH
kommuner AS (
    SELECT kommunenummer FROM kommune
    WHERE :alle OR kommunenummer = ANY(:kommuner)
),
kategorier AS (SELECT unnest(:kategorier) AS kategori),
vedtak_ar AS (
    SELECT v.kommunenummer, v.ar::integer AS ar, v.kategori, sum(v.antall)::int AS antall
    FROM vedtak v JOIN kommuner USING (kommunenummer)
    WHERE v.status = 'SENDT' AND v.ar <= :ar
    GROUP BY 1, 2, 3
),
forste AS (
    SELECT k.kommunenummer, least(coalesce(min(v.ar), :ar), :ar) AS ar
    FROM kommuner k LEFT JOIN vedtak_ar v USING (kommunenummer)
    GROUP BY 1
),
sokt_ut_ar AS (
    SELECT u.kommunenummer, extract(year FROM u.sokt_ut_dato)::int AS ar,
           {_PERSON_KATEGORI.format(at="u.sokt_ut_dato")} AS kategori, count(*)::int AS antall
    FROM utsoking u JOIN forste f USING (kommunenummer) {_EM.format(person_id="u.person_id")}
    WHERE u.aktiv AND u.sokt_ut_dato < :til
      -- the balance starts with the kommune's first vedtak: nothing before it counts
      AND u.sokt_ut_dato >= make_date(f.ar, 1, 1)
    GROUP BY 1, 2, 3
),
bosatt_i_ar AS (
    SELECT u.kommunenummer, {_PERSON_KATEGORI.format(at="u.bosettingsdato")} AS kategori,
           count(*)::int AS antall
    FROM utsoking u JOIN kommuner USING (kommunenummer) {_EM.format(person_id="u.person_id")}
    WHERE u.aktiv AND u.bosettingsdato >= :fra
      AND u.bosettingsdato < :til
    GROUP BY 1, 2
),
fordelt_i_ar AS (
    SELECT f.kommunenummer, {_PERSON_KATEGORI.format(at="f.sendt::date")} AS kategori,
           count(*)::int AS antall
    FROM fordeling f JOIN kommuner USING (kommunenummer)
    JOIN fordeling_person fp ON fp.fordeling_id = f.id {_EM.format(person_id="fp.person_id")}
    WHERE f.status IN ('NY', 'BEKREFTET', 'SENDT')
      AND f.sendt >= :fra AND f.sendt < :til
    GROUP BY 1, 2
),
grid AS (
    SELECT k.kommunenummer, c.kategori, y.ar,
           coalesce(v.antall, 0) AS vedtak, coalesce(s.antall, 0) AS sokt_ut
    FROM forste k
    CROSS JOIN kategorier c
    CROSS JOIN LATERAL generate_series(k.ar, :ar) AS y(ar)
    LEFT JOIN vedtak_ar v
        ON v.kommunenummer = k.kommunenummer AND v.kategori = c.kategori AND v.ar = y.ar
    LEFT JOIN sokt_ut_ar s
        ON s.kommunenummer = k.kommunenummer AND s.kategori = c.kategori AND s.ar = y.ar
),
saldo AS (
    -- The running balance L(y) = max(0, L(y-1) + vedtak(y) - søkt ut(y)), L before the first
    -- year 0, without recursion: with S(y) the sum of vedtak - søkt ut up to y,
    -- L(y) = S(y) - least(0, the lowest S up to y) (Lindley's identity).
    SELECT g.kommunenummer, g.kategori, g.ar, g.vedtak, g.sokt_ut,
           sum(g.vedtak - g.sokt_ut) OVER aar AS s
    FROM grid g
    WINDOW aar AS (PARTITION BY g.kommunenummer, g.kategori ORDER BY g.ar)
),
ledige AS (
    SELECT kommunenummer, kategori, ar, vedtak, sokt_ut,
           s - least(0, min(s) OVER aar) AS ledige
    FROM saldo
    WINDOW aar AS (PARTITION BY kommunenummer, kategori ORDER BY ar)
),
aret AS (
    SELECT kommunenummer, kategori, ar, vedtak, sokt_ut, ledige,
           coalesce(lag(ledige) OVER (PARTITION BY kommunenummer, kategori ORDER BY ar), 0)
               AS fra_tidligere
    FROM ledige
)
SELECT s.kommunenummer, s.kategori, s.vedtak, s.sokt_ut,
       coalesce(fo.antall, 0) AS fordelt, coalesce(b.antall, 0) AS bosatt,
       s.fra_tidligere, s.ledige
FROM aret s
LEFT JOIN fordelt_i_ar fo USING (kommunenummer, kategori)
LEFT JOIN bosatt_i_ar b USING (kommunenummer, kategori)
WHERE s.ar = :ar
ORDER BY s.kommunenummer, array_position(:kategorier, s.kategori)
"""  # noqa: S608
).bindparams(
    bindparam("ar", type_=Integer),
    bindparam("fra", type_=Date),
    bindparam("til", type_=Date),
    bindparam("alle", type_=Boolean),
    bindparam("kommuner", type_=ARRAY(Text)),
    bindparam("kategorier", type_=ARRAY(Text)),
)


def parameters(ar: int, kommuner: list[str] | None) -> dict[str, Any]:
    """``kommuner=None``: every kommune."""
    return {
        "ar": ar,
        "fra": date(ar, 1, 1),
        "til": date(ar + 1, 1, 1),
        "alle": kommuner is None,
        "kommuner": kommuner or [],
        "kategorier": KATEGORIER,
    }
