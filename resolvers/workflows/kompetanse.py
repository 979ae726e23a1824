"""Kompetanse as its sources write it (issue 16, part 1): Selvreg (the refugee's own record) and
IMDi's case workers. Each entry is upserted by its source's own key, each language by its name;
an entry another source registered is never changed or removed (``OTHER_SOURCE``), and a
kommune never writes kompetanse (DOMAIN.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from models import Kompetanse, Sprak
from models.enums import Ferdighetsniva, Kilde, KompetanseType
from models.person import SELVREG_FELT
from resolvers.workflows.rules import ErrorCode, Regelbrudd, er_landkode, tekst_eller_none
from resolvers.workflows.tx import Tx

FORSTE_AR = 1900
"""The earliest year an entry names."""


@dataclass(frozen=True, slots=True)
class Oppforing:
    nokkel: str
    """The source's own key of the entry."""
    type: KompetanseType
    tittel: str
    beskrivelse: str | None = None
    land: str | None = None
    fra_ar: int | None = None
    til_ar: int | None = None
    antall_ar: int | None = None
    fullfort: bool | None = None
    som_skrevet: dict[str, str | None] | None = None
    """Selvreg's only: the form as the refugee typed it (``SELVREG_FELT`` names the keys)."""


@dataclass(frozen=True, slots=True)
class Sprakoppforing:
    sprak: str
    tale: Ferdighetsniva
    lese: Ferdighetsniva
    skrive: Ferdighetsniva
    morsmal: bool = False


@dataclass(frozen=True, slots=True)
class Kompetanseendring:
    """What a source writes of a person's kompetanse: languages and entries, and those of its
    own to remove (by name, by key)."""

    sprak: list[Sprakoppforing] = field(default_factory=list)
    fjern_sprak: list[str] = field(default_factory=list)
    kompetanse: list[Oppforing] = field(default_factory=list)
    fjern_kompetanse: list[str] = field(default_factory=list)


async def skriv_endring(
    tx: Tx, person_id: int, kilde: Kilde, endring: Kompetanseendring, sted: str
) -> list[str]:
    """``endring`` written; the parts it changed (``sprak``, ``kompetanse``), for the
    hendelse."""
    endret = []
    if await skriv_sprak(tx, person_id, kilde, endring.sprak, endring.fjern_sprak, sted):
        endret.append("sprak")
    if await skriv_kompetanse(
        tx, person_id, kilde, endring.kompetanse, endring.fjern_kompetanse, sted
    ):
        endret.append("kompetanse")
    return endret


def _verdier(oppforing: Oppforing, kilde: Kilde, sted: str, ar: int) -> dict[str, Any]:
    tittel = tekst_eller_none(oppforing.tittel)
    if tittel is None:
        raise Regelbrudd(f"{sted}.tittel", "an entry has a tittel", ErrorCode.EMPTY)
    land = tekst_eller_none(oppforing.land)
    if land is not None and not er_landkode(land):
        raise Regelbrudd(
            f"{sted}.land", "an ISO 3166-1 alpha-3 code in capitals (SYR, …)", ErrorCode.INVALID
        )
    for name, value in (("fraAr", oppforing.fra_ar), ("tilAr", oppforing.til_ar)):
        if value is not None and not FORSTE_AR <= value <= ar:
            raise Regelbrudd(
                f"{sted}.{name}", f"a year from {FORSTE_AR} to this year", ErrorCode.OUT_OF_RANGE
            )
    if (
        oppforing.fra_ar is not None
        and oppforing.til_ar is not None
        and oppforing.fra_ar > oppforing.til_ar
    ):
        raise Regelbrudd(f"{sted}.tilAr", "not before fraAr", ErrorCode.PERIOD_ORDER)
    lengst = ar - FORSTE_AR
    if oppforing.fra_ar is not None:
        lengst = (oppforing.til_ar or ar) - oppforing.fra_ar + 1
    if oppforing.antall_ar is not None and not 0 <= oppforing.antall_ar <= lengst:
        raise Regelbrudd(
            f"{sted}.antallAr", f"a number of years from 0 to {lengst}", ErrorCode.OUT_OF_RANGE
        )
    if oppforing.fullfort is not None and oppforing.type != KompetanseType.UTDANNING:
        raise Regelbrudd(
            f"{sted}.fullfort", "only an utdanning is completed or not", ErrorCode.NOT_RELEVANT
        )
    som_skrevet = None
    if oppforing.som_skrevet is not None:
        if kilde != Kilde.SELVREG:
            raise Regelbrudd(
                f"{sted}.somSkrevet", "only Selvreg keeps the form as typed", ErrorCode.NOT_ALLOWED
            )
        som_skrevet = {key: oppforing.som_skrevet.get(key) for key in SELVREG_FELT}
    return {
        "type": oppforing.type,
        "tittel": tittel,
        "beskrivelse": tekst_eller_none(oppforing.beskrivelse),
        "land": land,
        "fra_ar": oppforing.fra_ar,
        "til_ar": oppforing.til_ar,
        "antall_ar": oppforing.antall_ar,
        "fullfort": oppforing.fullfort,
        "selvreg_grunndata": som_skrevet,
    }


Endret = list[tuple[str, dict[str, Any]]]


def _endret(wanted: dict[str, dict[str, Any]], own: dict[str, Any]) -> Endret:
    """The wanted entries, by key, that are new or differ from the source's own row."""
    return [
        (key, values)
        for key, values in wanted.items()
        if key not in own or any(getattr(own[key], name) != value for name, value in values.items())
    ]


def _rader(
    tx: Tx, person_id: int, kilde: Kilde, nokkel: str, changed: Endret
) -> list[dict[str, Any]]:
    """The rows to upsert: ``nokkel`` names the column of the key."""
    return [
        {"person_id": person_id, "kilde": kilde, nokkel: key, "registrert": tx.today, **values}
        for key, values in changed
    ]


def _nokkel(nokkel: str, sted: str) -> str:
    key = tekst_eller_none(nokkel)
    if key is None:
        raise Regelbrudd(sted, "an entry has its source's key", ErrorCode.EMPTY)
    return key


async def skriv_kompetanse(
    tx: Tx,
    person_id: int,
    kilde: Kilde,
    oppforinger: Sequence[Oppforing],
    fjern: Sequence[str],
    sted: str,
) -> bool:
    """``kilde``'s entries upserted by their keys and those named in ``fjern`` removed; whether
    anything changed. ``sted`` prefixes the fields in an error (``personer[2].``, or none)."""
    wanted: dict[str, dict[str, Any]] = {}
    for index, oppforing in enumerate(oppforinger):
        where = f"{sted}kompetanse[{index}]"
        key = _nokkel(oppforing.nokkel, f"{where}.nokkel")
        if key in wanted:
            raise Regelbrudd(f"{where}.nokkel", "each key once", ErrorCode.DUPLICATE)
        wanted[key] = _verdier(oppforing, kilde, where, tx.today.year)
    removed = [_nokkel(key, f"{sted}fjernKompetanse[{i}]") for i, key in enumerate(fjern)]
    for index, key in enumerate(removed):
        if key in wanted:
            raise Regelbrudd(
                f"{sted}fjernKompetanse[{index}]", "written and removed at once", ErrorCode.CONFLICT
            )
    keys = [*wanted, *removed]
    if not keys:
        return False
    rows = (
        await tx.connection.execute(
            select(Kompetanse).where(
                Kompetanse.person_id == person_id, Kompetanse.kildenokkel.in_(keys)
            )
        )
    ).all()
    own = {row.kildenokkel: row for row in rows if row.kilde == kilde}
    others = {row.kildenokkel: Kilde(row.kilde) for row in rows if row.kilde != kilde}
    for index, key in enumerate(wanted):
        if key not in own and key in others:
            raise Regelbrudd(
                f"{sted}kompetanse[{index}].nokkel",
                f"{others[key].value} registered this entry; {kilde.value} does not overwrite "
                "another source's entry",
                ErrorCode.OTHER_SOURCE,
            )
    for index, key in enumerate(removed):
        if key not in own:
            field = f"{sted}fjernKompetanse[{index}]"
            if key in others:
                raise Regelbrudd(
                    field,
                    f"{others[key].value} registered this entry; {kilde.value} does not remove "
                    "another source's entry",
                    ErrorCode.OTHER_SOURCE,
                )
            raise Regelbrudd(field, f"no entry of {kilde.value} has this key", ErrorCode.NOT_FOUND)
    changed = _endret(wanted, own)
    if changed:
        statement = pg_insert(Kompetanse).values(
            _rader(tx, person_id, kilde, "kildenokkel", changed)
        )
        written = await tx.connection.scalars(
            statement.on_conflict_do_update(
                index_elements=[Kompetanse.person_id, Kompetanse.kildenokkel],
                set_={name: statement.excluded[name] for name in changed[0][1]},
                # Never another source's entry, even one written since the keys were read.
                where=Kompetanse.kilde == kilde,
            ).returning(Kompetanse.kildenokkel)
        )
        if len(written.all()) != len(changed):
            raise Regelbrudd(
                f"{sted}kompetanse",
                "another source wrote one of these keys meanwhile; deliver again",
                ErrorCode.CONFLICT,
            )
    if removed:
        await tx.connection.execute(
            delete(Kompetanse).where(
                Kompetanse.person_id == person_id,
                Kompetanse.kilde == kilde,
                Kompetanse.kildenokkel.in_(removed),
            )
        )
    return bool(changed or removed)


async def skriv_sprak(
    tx: Tx,
    person_id: int,
    kilde: Kilde,
    sprakene: Sequence[Sprakoppforing],
    fjern: Sequence[str],
    sted: str,
) -> bool:
    """``kilde``'s languages upserted by name (each source keeps its own levels of a language)
    and those named in ``fjern`` removed; whether anything changed."""
    wanted: dict[str, dict[str, Any]] = {}
    for index, given in enumerate(sprakene):
        where = f"{sted}sprak[{index}]"
        name = (tekst_eller_none(given.sprak) or "").lower()
        if not name:
            raise Regelbrudd(f"{where}.sprak", "a language has a name", ErrorCode.EMPTY)
        if name in wanted:
            raise Regelbrudd(f"{where}.sprak", "each language once", ErrorCode.DUPLICATE)
        wanted[name] = {
            "morsmal": given.morsmal,
            "tale": given.tale,
            "lese": given.lese,
            "skrive": given.skrive,
        }
    removed = [(tekst_eller_none(name) or "").lower() for name in fjern]
    for index, name in enumerate(removed):
        if not name:
            raise Regelbrudd(f"{sted}fjernSprak[{index}]", "a language by name", ErrorCode.EMPTY)
        if name in wanted:
            raise Regelbrudd(
                f"{sted}fjernSprak[{index}]", "written and removed at once", ErrorCode.CONFLICT
            )
    if not wanted and not removed:
        return False
    rows = (
        await tx.connection.execute(
            select(Sprak).where(Sprak.person_id == person_id, Sprak.sprak.in_([*wanted, *removed]))
        )
    ).all()
    own = {row.sprak: row for row in rows if row.kilde == kilde}
    others = {row.sprak: Kilde(row.kilde) for row in rows if row.kilde != kilde}
    for index, name in enumerate(removed):
        if name in own:
            continue
        if name in others:
            raise Regelbrudd(
                f"{sted}fjernSprak[{index}]",
                f"{others[name].value} registered this language; {kilde.value} does not remove "
                "another source's entry (each source keeps its own levels)",
                ErrorCode.OTHER_SOURCE,
            )
        raise Regelbrudd(
            f"{sted}fjernSprak[{index}]",
            f"{kilde.value} has registered no such language",
            ErrorCode.NOT_FOUND,
        )
    changed = _endret(wanted, own)
    if changed:
        statement = pg_insert(Sprak).values(_rader(tx, person_id, kilde, "sprak", changed))
        await tx.connection.execute(
            statement.on_conflict_do_update(
                index_elements=[Sprak.person_id, Sprak.sprak, Sprak.kilde],
                set_={column: statement.excluded[column] for column in changed[0][1]},
            )
        )
    if removed:
        await tx.connection.execute(
            delete(Sprak).where(
                Sprak.person_id == person_id, Sprak.kilde == kilde, Sprak.sprak.in_(removed)
            )
        )
    return bool(changed or removed)
