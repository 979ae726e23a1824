"""DataLoaders: built per request (never shared between users), one statement per batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Coroutine, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from aiodataloader import DataLoader
from sqlalchemy import Row, Select, Text, and_, case, func, literal, select, tuple_
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from authz.principal import Principal
from authz.scope import readable_persons
from models import (
    Anmodning,
    AnmodningTall,
    Bosettingsmerknad,
    Bruker,
    FordelingPerson,
    Hendelse,
    HendelsePerson,
    Karriereveiledning,
    Kompetanse,
    Organisasjon,
    Person,
    PersonBosettingsinfo,
    PersonHelse,
    PersonKompetanseMerknad,
    PersonKontakt,
    PersonSosial,
    Sprak,
    Vedtak,
    Vedtaksdokument,
    VeiledendeTilknytning,
)
from models.enums import HendelseType, Kategori, Omrade
from resolvers.database import RequestDatabase

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

AnyRow = Row[Any]


class Loader(Generic[K, V]):
    """A typed face on aiodataloader's DataLoader, over an async batch function."""

    def __init__(self, batch: Callable[[list[K]], Coroutine[Any, Any, list[V]]]) -> None:
        self._batch = batch
        self._loader = DataLoader(batch_load_fn=batch)

    def load(self, key: K) -> Awaitable[V]:
        result: Awaitable[V] = self._loader.load(key)
        return result

    def load_batch(self, keys: list[K]) -> Awaitable[list[V]]:
        """The batch function on ``keys`` at once: one statement, no future per key."""
        return self._batch(keys)


def _one_per_person(
    db: RequestDatabase, table: Any
) -> Callable[[list[int]], Coroutine[Any, Any, list[AnyRow | None]]]:
    async def batch(ids: list[int]) -> list[AnyRow | None]:
        rows = await db.all(select(table).where(table.person_id.in_(ids)))
        found = {row.person_id: row for row in rows}
        return [found.get(person_id) for person_id in ids]

    return batch


def _many_per_person(
    db: RequestDatabase, table: Any, *order: Any
) -> Callable[[list[int]], Coroutine[Any, Any, list[list[AnyRow]]]]:
    async def batch(ids: list[int]) -> list[list[AnyRow]]:
        rows = await db.all(select(table).where(table.person_id.in_(ids)).order_by(*order))
        return gruppert(rows, ids, "person_id")

    return batch


HENDELSE_KOLONNER = (
    Hendelse.id,
    Hendelse.type,
    Hendelse.omrade,
    Hendelse.kommunenummer,
    Hendelse.tittel,
    Hendelse.tekst,
    Hendelse.detaljer,
    Hendelse.tidspunkt,
    Bruker.navn.label("forfatter"),
    Organisasjon.navn.label("organisasjon"),
)
"""The columns of a hendelse as the API shows it; use with :func:`med_forfatter`."""


def med_forfatter(statement: Select[*tuple[Any, ...]]) -> Select[*tuple[Any, ...]]:
    """Join in the names of a hendelse's author and its organisation."""
    return statement.outerjoin(Bruker, Bruker.id == Hendelse.opprettet_av).outerjoin(
        Organisasjon, Organisasjon.id == Hendelse.organisasjon_id
    )


def gruppert(rows: Sequence[AnyRow], keys: Sequence[Any], attribute: str) -> list[list[AnyRow]]:
    """Rows grouped by ``attribute``, one list per key in the order of ``keys``."""
    grouped: dict[Any, list[AnyRow]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, attribute)].append(row)
    return [grouped.get(key, []) for key in keys]


def fordeling_rader(
    principal: Principal, *, familiestorrelse: bool = True
) -> Select[*tuple[Any, ...]]:
    """The rows of fordelinger, each with its person through the caller's scope (the loader's
    and the compiled read's: resolvers/compiled/fordeling.py); ``familiestorrelse``: with the
    size of each row's family case (a count per row: the compiled read asks only when the
    document reads it)."""
    statement = (
        readable_persons(principal)
        .join(FordelingPerson, FordelingPerson.person_id == Person.id)
        .add_columns(
            FordelingPerson.id.label("rad_id"),
            FordelingPerson.fordeling_id,
            FordelingPerson.boligtype,
            FordelingPerson.innmelding_id,
            FordelingPerson.forste_mulige_uke,
            FordelingPerson.siste_mulige_uke,
            FordelingPerson.forventet_bosetting,
            FordelingPerson.bosettes,
            FordelingPerson.begrunnelse_ikke_bosettes,
        )
    )
    if familiestorrelse:
        statement = statement.add_columns(_familiestorrelse().label("familiestorrelse"))
    return statement


def _familiestorrelse() -> Any:
    """The size of the row's person's family case: part of the row's summary (DOMAIN.md, "The
    fordeling row's summary"), a count, never a member."""
    medlem = aliased(Person)
    return (
        # unscoped: a count of the family case, data of the fordeling row
        select(func.count())
        .where(medlem.registreringsnummer == Person.registreringsnummer)
        .correlate(Person)
        .scalar_subquery()
    )


@dataclass(frozen=True)
class HendelseFilter:
    """The arguments of one ``hendelser`` field; persons asked with the same share a batch."""

    first: int
    etter: tuple[datetime, int] | None
    omrade: Omrade | None
    type: HendelseType | None


@dataclass(frozen=True)
class HendelseSide:
    rows: Sequence[AnyRow]
    total: int
    has_next: bool


def _hendelser(
    db: RequestDatabase,
) -> Callable[[list[tuple[int, HendelseFilter]]], Coroutine[Any, Any, list[HendelseSide]]]:
    async def batch(keys: list[tuple[int, HendelseFilter]]) -> list[HendelseSide]:
        by_filter: dict[HendelseFilter, list[int]] = defaultdict(list)
        for person_id, filter_ in keys:
            by_filter[filter_].append(person_id)
        pages: dict[tuple[int, HendelseFilter], HendelseSide] = {}
        for filter_, ids in by_filter.items():
            for person_id, page in (await _hendelse_sider(db, ids, filter_)).items():
                pages[(person_id, filter_)] = page
        return [pages.get(key, HendelseSide((), 0, False)) for key in keys]

    return batch


async def _hendelse_sider(
    db: RequestDatabase, ids: list[int], filter_: HendelseFilter
) -> dict[int, HendelseSide]:
    """One statement: each person's page of hendelser, newest first, and each one's total."""
    conditions: list[ColumnElement[bool]] = [HendelsePerson.person_id.in_(ids)]
    if filter_.omrade is not None:
        conditions.append(Hendelse.omrade == filter_.omrade)
    if filter_.type is not None:
        conditions.append(Hendelse.type == filter_.type)
    matching = (
        med_forfatter(
            select(HendelsePerson.person_id, *HENDELSE_KOLONNER).join(
                Hendelse, Hendelse.id == HendelsePerson.hendelse_id
            )
        )
        .where(and_(*conditions))
        .cte("matching")
    )
    totals = (
        select(matching.c.person_id, func.count().label("total"))
        .group_by(matching.c.person_id)
        .cte("totals")
    )
    after: ColumnElement[bool] = literal(True)
    if filter_.etter is not None:
        after = tuple_(matching.c.tidspunkt, matching.c.id) < tuple_(
            literal(filter_.etter[0]), literal(filter_.etter[1])
        )
    rank = func.row_number().over(
        partition_by=matching.c.person_id,
        order_by=(matching.c.tidspunkt.desc(), matching.c.id.desc()),
    )
    numbered = select(matching, rank.label("rn")).where(after).subquery("numbered")
    rows = await db.all(
        select(totals.c.person_id.label("eier"), totals.c.total, numbered)
        .select_from(totals)
        .outerjoin(
            numbered,
            and_(numbered.c.person_id == totals.c.person_id, numbered.c.rn <= filter_.first + 1),
        )
        .order_by(totals.c.person_id, numbered.c.rn)
    )
    pages: dict[int, list[AnyRow]] = defaultdict(list)
    result: dict[int, HendelseSide] = {}
    for row in rows:
        if row.id is not None:
            pages[row.eier].append(row)
        result[row.eier] = HendelseSide((), row.total, False)
    for person_id, page in pages.items():
        result[person_id] = HendelseSide(
            rows=page[: filter_.first],
            total=result[person_id].total,
            has_next=len(page) > filter_.first,
        )
    return result


class Loaders:
    """Every loader of one request. Person rows always come through the caller's scope."""

    def __init__(self, db: RequestDatabase, principal: Principal | None) -> None:
        self.db = db
        self.principal = principal
        self.person: Loader[int, AnyRow | None] = Loader(self._personer)
        self.familie: Loader[str, list[AnyRow]] = Loader(self._familier)
        self.kontakt: Loader[int, AnyRow | None] = Loader(_one_per_person(db, PersonKontakt))
        self.bosettingsinfo: Loader[int, AnyRow | None] = Loader(
            _one_per_person(db, PersonBosettingsinfo)
        )
        self.tilknytninger: Loader[int, list[AnyRow]] = Loader(
            _many_per_person(
                db,
                VeiledendeTilknytning,
                VeiledendeTilknytning.person_id,
                VeiledendeTilknytning.prioritet,
                VeiledendeTilknytning.id,
            )
        )
        self.bosettingsmerknader: Loader[int, list[AnyRow]] = Loader(
            _many_per_person(
                db, Bosettingsmerknad, Bosettingsmerknad.person_id, Bosettingsmerknad.kilde
            )
        )
        self.helse: Loader[int, AnyRow | None] = Loader(_one_per_person(db, PersonHelse))
        self.sosial: Loader[int, AnyRow | None] = Loader(_one_per_person(db, PersonSosial))
        self.kompetansemerknad: Loader[int, AnyRow | None] = Loader(
            _one_per_person(db, PersonKompetanseMerknad)
        )
        self.sprak: Loader[int, list[AnyRow]] = Loader(
            _many_per_person(db, Sprak, Sprak.person_id, Sprak.morsmal.desc(), Sprak.id)
        )
        self.kompetanse: Loader[int, list[AnyRow]] = Loader(
            _many_per_person(db, Kompetanse, Kompetanse.person_id, Kompetanse.id)
        )
        self.karriereveiledning: Loader[int, list[AnyRow]] = Loader(
            _many_per_person(
                db,
                Karriereveiledning,
                Karriereveiledning.person_id,
                Karriereveiledning.dato.desc(),
                Karriereveiledning.id,
            )
        )
        self.hendelser: Loader[tuple[int, HendelseFilter], HendelseSide] = Loader(_hendelser(db))
        self.fordeling_rader: Loader[int, list[AnyRow]] = Loader(self._fordeling_rader)
        self.anmodning_tall: Loader[int, list[AnyRow]] = Loader(self._anmodning_tall)
        self.anmodning_hendelser: Loader[int, list[AnyRow]] = Loader(self._anmodning_hendelser)
        self.vedtaksdokument: Loader[int, AnyRow | None] = Loader(self._vedtaksdokumenter)
        self.hendelse_personer: Loader[int, list[AnyRow]] = Loader(self._hendelse_personer)

    async def _personer(self, ids: list[int]) -> list[AnyRow | None]:
        if self.principal is None:
            return [None for _ in ids]
        rows = await self.db.all(readable_persons(self.principal).where(Person.id.in_(ids)))
        found = {row.id: row for row in rows}
        return [found.get(person_id) for person_id in ids]

    async def _familier(self, numbers: list[str]) -> list[list[AnyRow]]:
        rows = await self.db.all(
            # unscoped: family of a person the caller reads (Person.familie masks it if need be)
            select(
                Person.id,
                Person.registreringsnummer,
                Person.familierolle,
                Person.kjonn,
                Person.fodselsdato,
            )
            .where(Person.registreringsnummer.in_(numbers))
            .order_by(Person.registreringsnummer, Person.fodselsdato, Person.id)
        )
        return gruppert(rows, numbers, "registreringsnummer")

    async def _fordeling_rader(self, fordeling_ids: list[int]) -> list[list[AnyRow]]:
        """Each fordeling's rows, with the row's person through the caller's scope."""
        if self.principal is None:
            return [[] for _ in fordeling_ids]
        rows = await self.db.all(
            fordeling_rader(self.principal)
            .where(FordelingPerson.fordeling_id.in_(fordeling_ids))
            .order_by(FordelingPerson.fordeling_id, Person.registreringsnummer, FordelingPerson.id)
        )
        return gruppert(rows, fordeling_ids, "fordeling_id")

    async def _anmodning_tall(self, ids: list[int]) -> list[list[AnyRow]]:
        """Asked and decided per year and category: what was asked, full-joined with what
        was decided (a kommune may decide on a category that was not asked)."""
        asked = select(AnmodningTall).where(AnmodningTall.anmodning_id.in_(ids)).subquery("t")
        decided = select(Vedtak).where(Vedtak.anmodning_id.in_(ids)).subquery("v")
        registrert_av, godkjent_av, sendt_av = (aliased(Bruker) for _ in range(3))
        order = case(
            {k.value: i for i, k in enumerate(Kategori)},
            value=func.coalesce(asked.c.kategori, decided.c.kategori),
        )
        rows = await self.db.all(
            select(
                func.coalesce(asked.c.anmodning_id, decided.c.anmodning_id).label("anmodning_id"),
                func.coalesce(asked.c.ar, decided.c.ar).label("ar"),
                func.coalesce(asked.c.kategori, decided.c.kategori).label("kategori"),
                func.coalesce(asked.c.antall, 0).label("anmodet"),
                decided.c.antall.label("vedtatt"),
                decided.c.begrunnelse,
                decided.c.status.label("vedtak_status"),
                decided.c.vedtaksdato,
                decided.c.registrert,
                registrert_av.navn.label("registrert_av"),
                decided.c.godkjent,
                godkjent_av.navn.label("godkjent_av"),
                decided.c.sendt,
                sendt_av.navn.label("sendt_av"),
            )
            .select_from(
                asked.join(
                    decided,
                    and_(
                        decided.c.anmodning_id == asked.c.anmodning_id,
                        decided.c.ar == asked.c.ar,
                        decided.c.kategori == asked.c.kategori,
                    ),
                    full=True,
                )
                .outerjoin(registrert_av, registrert_av.id == decided.c.registrert_av)
                .outerjoin(godkjent_av, godkjent_av.id == decided.c.godkjent_av)
                .outerjoin(sendt_av, sendt_av.id == decided.c.sendt_av)
            )
            .order_by("anmodning_id", "ar", order)
        )
        return gruppert(rows, ids, "anmodning_id")

    async def _vedtaksdokumenter(self, ids: list[int]) -> list[AnyRow | None]:
        """What each anmodning's vedtaksdokument is (its name, size, checksum, who uploaded it
        when), not its bytes; the anmodninger come through the caller's scope."""
        rows = await self.db.all(
            select(
                Vedtaksdokument.anmodning_id,
                Vedtaksdokument.filnavn,
                Vedtaksdokument.storrelse,
                Vedtaksdokument.sha256,
                Vedtaksdokument.lastet_opp,
                Bruker.navn.label("lastet_opp_av"),
            )
            .outerjoin(Bruker, Bruker.id == Vedtaksdokument.lastet_opp_av)
            .where(Vedtaksdokument.anmodning_id.in_(ids))
        )
        found = {row.anmodning_id: row for row in rows}
        return [found.get(anmodning_id) for anmodning_id in ids]

    async def _anmodning_hendelser(self, ids: list[int]) -> list[list[AnyRow]]:
        rows = await self.db.all(
            med_forfatter(
                select(Anmodning.id.label("anmodning_id"), *HENDELSE_KOLONNER).join(
                    Hendelse,
                    and_(
                        Hendelse.kommunenummer == Anmodning.kommunenummer,
                        Hendelse.omrade == Omrade.ANMODNING,
                        Hendelse.detaljer["anmodningId"].astext == func.cast(Anmodning.id, Text),
                    ),
                )
            )
            .where(Anmodning.id.in_(ids))
            .order_by(Anmodning.id, Hendelse.tidspunkt.desc(), Hendelse.id.desc())
        )
        return gruppert(rows, ids, "anmodning_id")

    async def _hendelse_personer(self, ids: list[int]) -> list[list[AnyRow]]:
        """The persons linked to each hendelse, through the caller's scope."""
        if self.principal is None:
            return [[] for _ in ids]
        rows = await self.db.all(
            readable_persons(self.principal)
            .join(HendelsePerson, HendelsePerson.person_id == Person.id)
            .add_columns(HendelsePerson.hendelse_id)
            .where(HendelsePerson.hendelse_id.in_(ids))
            .order_by(HendelsePerson.hendelse_id, Person.id)
        )
        return gruppert(rows, ids, "hendelse_id")
