"""A person as SQL: ``person(dufNr:)``, and the person of every row that lists persons.

The person rows come from :func:`authz.scope.readable_persons` (the same selection as the
standard execution), their guards from :func:`authz.sqlguard.vakter` (the policy itself,
asked), and every field is built where it lives: a guarded field is ``CASE WHEN guard THEN
value END``, so a denied section is never read; sections and lists are subqueries with
``json_agg``. The reads of personmappe sections are written by a data-modifying CTE of the
same statement, so the log and the read commit together. A statement returns the JSON text and
the guards' bits of each person; the errors of the denied fields are made from the bits
(``schema/executor.py``).

What each field becomes is written once here (:data:`PERSON_TYPES` for the walk, the builders
for the SQL); ``tests/authz/test_compiled.py`` runs documents through this and through the
standard execution.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    Select,
    Text,
    and_,
    bindparam,
    case,
    cast,
    func,
    insert,
    literal,
    literal_column,
    select,
    true,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by, array
from sqlalchemy.sql import FromClause

from authz.principal import Principal
from authz.scope import readable_persons
from authz.sqlguard import KLASSER, vakter
from models import (
    Bosettingsmerknad,
    Bruker,
    Hendelse,
    HendelsePerson,
    Innsynslogg,
    Karriereveiledning,
    Kompetanse,
    Organisasjon,
    Person,
    PersonBosettingsinfo,
    PersonHelse,
    PersonKompetanseMerknad,
    PersonKontakt,
    PersonlistePlass,
    PersonSosial,
    Sprak,
    VeiledendeTilknytning,
)
from models.enums import Familierolle, HendelseType, KompetanseType, Omrade, Personmappeseksjon
from models.person import SELVREG_FELT
from resolvers.compiled.walk import FieldRule, Node
from resolvers.loaders import HENDELSE_KOLONNER, med_forfatter
from resolvers.personer import valid_duf_nr
from schema.pagination import keyset_after, page_size

Json = ColumnElement[Any]


def param(name: str, type_: Any) -> ColumnElement[Any]:
    """A parameter whose value each request gives (not written into the statement)."""
    return bindparam(name, value=None, type_=type_)


# -- JSON in SQL, as Python serializes it --------------------------------------------------


def objekt(pairs: list[tuple[str, Any]]) -> Json:
    """``json_build_object`` in the given order (the document's)."""
    arguments: list[Any] = []
    for key, value in pairs:
        arguments += [literal_column("'" + key.replace("'", "''") + "'"), value]
    return func.json_build_object(*arguments)


def iso_tidspunkt(value: ColumnElement[Any]) -> ColumnElement[str]:
    """A timestamptz as Python's ``isoformat()`` of it in UTC: microseconds only when not
    zero, and the offset ``+00:00``."""
    utc = func.timezone("UTC", value)
    microseconds = func.to_char(utc, "US")
    return (
        func.to_char(utc, 'YYYY-MM-DD"T"HH24:MI:SS')
        + case((microseconds == "000000", ""), else_="." + microseconds)
        + "+00:00"
    )


def cursor(kind: str, *parts: ColumnElement[str]) -> ColumnElement[str]:
    """:func:`schema.pagination.encode_cursor` of string parts that need no JSON escaping."""
    text: ColumnElement[str] = literal(f'["{kind}"')
    for part in parts:
        text = text + "," + part
    text = text + "]"
    base64 = func.replace(func.encode(func.convert_to(text, "UTF8"), "base64"), "\n", "")
    return func.rtrim(func.translate(base64, "+/", "-_"), "=")


def alder(fodselsdato: ColumnElement[date], today: date) -> ColumnElement[int]:
    """:func:`schema.person.alder` in SQL."""
    before_birthday = tuple_(func.extract("month", fodselsdato), func.extract("day", fodselsdato))
    return cast(
        today.year
        - func.extract("year", fodselsdato)
        - case((tuple_(literal(today.month), literal(today.day)) < before_birthday, 1), else_=0),
        Integer,
    )


# -- what each field becomes ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bygg:
    """What the builders share: the caller's shape, the day, the sections read."""

    principal: Principal
    today: date
    seksjoner: set[Personmappeseksjon]
    rader: Any = None
    """The CTE of a list's rows with their persons (resolvers/compiled/fordeling.py)."""


Builder = Callable[[Bygg, Any, Node], Json]
"""(the statement's state, the source's columns, the field) → its JSON value."""


def children(bygg: Bygg, source: Any, node: Node, fields: Mapping[str, Builder]) -> Json:
    return objekt(
        [
            (
                child.key,
                literal(node.type_name)
                if child.field == "__typename"
                else fields[child.field](bygg, source, child),
            )
            for child in node.children
        ]
    )


def column(name: str) -> Builder:
    return lambda bygg, source, node: getattr(source, name)


def tidspunkt(name: str) -> Builder:
    """A timestamptz column, as :func:`iso_tidspunkt` writes it."""
    return lambda bygg, source, node: iso_tidspunkt(getattr(source, name))


def row_type(overrides: Mapping[str, str], names: tuple[str, ...]) -> dict[str, Builder]:
    """The fields of a type read straight from columns, by name; ``overrides`` maps a field to a
    column of another name."""
    return {name: column(overrides.get(name, _snake(name))) for name in names}


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


KONTAKT = row_type({}, ("adresse", "postnummer", "poststed", "epost", "telefon", "kilde"))
BOSETTINGSINFO = row_type(
    {"bindendeTilknytningKommunenummer": "bindende_tilknytning_kommune"},
    (
        "bindendeTilknytning",
        "bindendeTilknytningKommunenummer",
        "bindendeTilknytningMerknad",
        "familiebolig",
        "familiemerknad",
        "tilknyttedeSaker",
        "bofellesskap",
        "vergeForBosetting",
        "folgeperson",
        "kilde",
    ),
)
HELSE = row_type(
    {}, ("bosettingsrelevantHelseinfo", "svangerskap", "termin", "helsetilstand", "kilde")
)
SOSIAL = row_type({}, ("tekst", "kilde"))
SPRAK = row_type({}, ("sprak", "morsmal", "tale", "lese", "skrive", "kilde", "registrert"))
OPPFORING = row_type(
    {"nokkel": "kildenokkel"},
    (
        "nokkel",
        "type",
        "tittel",
        "beskrivelse",
        "land",
        "fraAr",
        "tilAr",
        "antallAr",
        "fullfort",
        "kilde",
        "registrert",
    ),
)


def selvreg_grunndata(bygg: Bygg, source: Any, node: Node) -> Json:
    """:class:`schema.person.SelvregGrunndata` from the JSONB record: each key as typed (text),
    a missing one null; null without a record."""
    record = source.selvreg_grunndata
    keys = dict(zip(SELVREG_GRUNNDATA, SELVREG_FELT, strict=True))
    pairs = [
        (
            child.key,
            literal(node.type_name)
            if child.field == "__typename"
            else record.op("->>")(keys[child.field]),
        )
        for child in node.children
    ]
    return case((record.is_not(None), objekt(pairs)))


SELVREG_GRUNNDATA = ("tittel", "beskrivelse", "land", "fraAr", "tilAr", "fullfort", "sprak")
"""The fields of ``SelvregGrunndata``, in the order of their keys in ``SELVREG_FELT``."""
OPPFORING["selvregGrunndata"] = selvreg_grunndata

MERKNADER = row_type(
    {},
    (
        "yrkesmerknad",
        "utdanningsmerknad",
        "annenKompetanse",
        "merknadAnnenKompetanse",
        "merknadAndreFerdigheter",
        "interesserMottakImdi",
    ),
)
OM_REGISTRERINGEN = row_type(
    {"tekst": "om_registreringen", "dato": "registreringsdato", "kilde": "registreringskilde"},
    ("tekst", "dato", "kilde"),
)
KARRIEREVEILEDNING = row_type(
    {}, ("dato", "veileder", "malsetting", "anbefaling", "notat", "kilde")
)
HENDELSE: dict[str, Builder] = {
    **row_type(
        {"opprettetAv": "forfatter"},
        ("type", "omrade", "kommunenummer", "tittel", "tekst", "detaljer", "opprettetAv"),
    ),
    "organisasjon": column("organisasjon"),
    "id": lambda bygg, source, node: cast(source.id, Text),
    "tidspunkt": lambda bygg, source, node: iso_tidspunkt(source.tidspunkt),
}


def one_row(
    table: Any, fields: Mapping[str, Builder], where: Callable[[Any], Any] | None = None
) -> Builder:
    """A section of at most one row per person: its object, or null."""

    def build(bygg: Bygg, source: Any, node: Node) -> Json:
        return (
            select(children(bygg, table, node, fields))
            .where(table.person_id == source.id)
            .scalar_subquery()
        )

    return build


def many_rows(
    table: Any,
    fields: Mapping[str, Builder],
    order: Callable[[], list[Any]],
    *,
    person: Callable[[Any], Any] = lambda source: source.id,
    **equal: Any,
) -> Builder:
    """A list of a person's rows, ordered as its loader orders them (resolvers/loaders.py);
    ``person`` finds the person's id in the source (a section's row: its ``person_id``)."""

    def build(bygg: Bygg, source: Any, node: Node) -> Json:
        conditions = [table.person_id == person(source)]
        conditions += [getattr(table, name) == value for name, value in equal.items()]
        aggregated = func.json_agg(
            aggregate_order_by(children(bygg, table, node, fields), *order())
        )
        listed = select(aggregated).where(*conditions).scalar_subquery()
        return func.coalesce(listed, literal_column("'[]'::json"))

    return build


def oppforinger(kind: KompetanseType) -> Builder:
    return many_rows(
        Kompetanse.__table__.c, OPPFORING, lambda: [Kompetanse.__table__.c.id], type=kind
    )


TILKNYTNING = row_type(
    {}, ("kriterium", "prioritet", "kommunenummer", "beskrivelse", "kilde", "registrert")
)
BOSETTINGSMERKNAD = row_type({}, ("kilde", "tekst", "registrert"))
BOSETTINGSINFO["veiledendeTilknytninger"] = many_rows(
    VeiledendeTilknytning.__table__.c,
    TILKNYTNING,
    lambda: [VeiledendeTilknytning.__table__.c.prioritet, VeiledendeTilknytning.__table__.c.id],
    person=lambda source: source.person_id,
)
BOSETTINGSINFO["bosettingsmerknader"] = many_rows(
    Bosettingsmerknad.__table__.c,
    BOSETTINGSMERKNAD,
    lambda: [Bosettingsmerknad.__table__.c.kilde],
    person=lambda source: source.person_id,
)


KOMPETANSE: dict[str, Builder] = {
    "sprak": many_rows(
        Sprak.__table__.c,
        SPRAK,
        lambda: [Sprak.__table__.c.morsmal.desc(), Sprak.__table__.c.id],
    ),
    "yrker": oppforinger(KompetanseType.YRKE),
    "yrkesonsker": oppforinger(KompetanseType.YRKESONSKE),
    "utdanning": oppforinger(KompetanseType.UTDANNING),
    "andreFerdigheter": oppforinger(KompetanseType.ANNEN_FERDIGHET),
    "interesser": oppforinger(KompetanseType.INTERESSE),
    "merknader": one_row(PersonKompetanseMerknad.__table__.c, MERKNADER),
    "omRegistreringen": one_row(PersonKompetanseMerknad.__table__.c, OM_REGISTRERINGEN),
    "karriereveiledning": many_rows(
        Karriereveiledning.__table__.c,
        KARRIEREVEILEDNING,
        lambda: [Karriereveiledning.__table__.c.dato.desc(), Karriereveiledning.__table__.c.id],
    ),
}


def hendelser(bygg: Bygg, source: Any, node: Node) -> Json:
    """The connection of ``Person.hendelser``, as resolvers/loaders.py pages it."""
    omrade, type_, after = node.shape
    first = param(node.params[0], Integer)
    conditions: list[Any] = [HendelsePerson.person_id == source.id]
    if omrade is not None:
        conditions.append(Hendelse.omrade == omrade)
    if type_ is not None:
        conditions.append(Hendelse.type == type_)
    joined = HendelsePerson.__table__.join(Hendelse, Hendelse.id == HendelsePerson.hendelse_id)
    page = (
        med_forfatter(select(*HENDELSE_KOLONNER).select_from(joined))
        .where(*conditions)
        .correlate_except(HendelsePerson, Hendelse, Bruker, Organisasjon)
    )
    if after:
        stamp = param(node.params[1], Hendelse.tidspunkt.type)
        hendelse_id = param(node.params[2], BigInteger)
        page = page.where(tuple_(Hendelse.tidspunkt, Hendelse.id) < tuple_(stamp, hendelse_id))
    limited = (
        page.order_by(Hendelse.tidspunkt.desc(), Hendelse.id.desc()).limit(first + 1).subquery()
    )
    numbered = select(
        limited,
        func.row_number()
        .over(order_by=(limited.c.tidspunkt.desc(), limited.c.id.desc()))
        .label("n"),
        func.count().over().label("m"),
        cursor(
            "hendelse", '"' + iso_tidspunkt(limited.c.tidspunkt) + '"', cast(limited.c.id, Text)
        ).label("cursor"),
    ).subquery("e")
    shown = numbered.c.n <= first

    def edge(child: Node) -> Json:
        edge_fields: dict[str, Builder] = {
            "cursor": lambda bygg, source, node: source.cursor,
            "node": lambda bygg, source, node: children(bygg, source, node, HENDELSE),
        }
        return func.coalesce(
            func.json_agg(
                aggregate_order_by(children(bygg, numbered.c, child, edge_fields), numbered.c.n)
            ).filter(shown),
            literal_column("'[]'::json"),
        )

    page_info: dict[str, Builder] = {
        "hasPreviousPage": lambda bygg, source, node: literal(bool(after)),
        "hasNextPage": lambda bygg, source, node: func.count() > first,
        "startCursor": lambda bygg, source, node: func.max(numbered.c.cursor).filter(
            numbered.c.n == 1
        ),
        "endCursor": lambda bygg, source, node: func.max(numbered.c.cursor).filter(
            numbered.c.n == func.least(numbered.c.m, first)
        ),
    }
    total = (
        select(func.count())
        .select_from(joined)
        .where(*conditions)
        .correlate_except(HendelsePerson, Hendelse)
        .scalar_subquery()
    )
    connection: dict[str, Builder] = {
        "totalCount": lambda bygg, source, child: total,
        "edges": lambda bygg, source, child: edge(child),
        "pageInfo": lambda bygg, source, child: children(bygg, source, child, page_info),
    }
    # One row whatever is selected: an aggregate over the page (HAVING makes it one even
    # when no aggregate is selected).
    return (
        select(children(bygg, numbered.c, node, connection))
        .select_from(numbered)
        .having(true())
        .scalar_subquery()
    )


def hendelser_arguments(values: dict[str, Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    first = page_size(values["first"])
    after = values.get("after")
    omrade = values.get("omrade")
    type_ = values.get("type")
    shape = (
        None if omrade is None else Omrade(omrade),
        None if type_ is None else HendelseType(type_),
        after is not None,
    )
    if after is None:
        return shape, (first,)
    stamp, hendelse_id = keyset_after(after, "hendelse")
    return shape, (first, stamp, hendelse_id)


def relasjon(person: Any, medlem: Any) -> ColumnElement[str]:
    """:func:`schema.person.familierelasjon` in SQL: how ``medlem`` relates to ``person``."""
    foreldre = (Familierolle.HOVEDPERSON, Familierolle.EKTEFELLE)
    return case(
        (and_(person.in_(foreldre), medlem.in_(foreldre)), "EKTEFELLE"),
        (and_(person.in_(foreldre), medlem == Familierolle.BARN), "BARN"),
        (and_(person == Familierolle.BARN, medlem.in_(foreldre)), "FORELDER"),
        (and_(person == Familierolle.BARN, medlem == Familierolle.BARN), "SOSKEN"),
        else_="ANNEN",
    )


def familie(bygg: Bygg, source: Any, node: Node) -> Json:
    """``Person.familie``: the others of the registreringsnummer, as the loader orders them
    (``Familiemedlem.person`` is not covered: the walk leaves it to the standard execution)."""
    medlem = Person.__table__.alias()
    fields: dict[str, Builder] = {
        "relasjon": lambda bygg, m, node: relasjon(source.familierolle, m.familierolle),
        "kjonn": column("kjonn"),
        "alder": lambda bygg, m, node: alder(m.fodselsdato, bygg.today),
    }
    listed = (
        select(
            func.json_agg(
                aggregate_order_by(
                    children(bygg, medlem.c, node, fields), medlem.c.fodselsdato, medlem.c.id
                )
            )
        )
        .where(
            # unscoped: the family of a person the caller reads (identitet: relation, sex, age)
            medlem.c.registreringsnummer == source.registreringsnummer,
            medlem.c.id != source.id,
        )
        .scalar_subquery()
    )
    return func.coalesce(listed, literal_column("'[]'::json"))


FAMILIEMEDLEM = ("relasjon", "kjonn", "alder")


def navn(bygg: Bygg, source: Any, node: Node) -> Json:
    parts = (source.fornavn, source.mellomnavn, source.etternavn)
    return func.concat_ws(" ", *(func.nullif(part, "") for part in parts))


def kategori_i_dag(fodselsdato: Any, enslig_mindrearig: Any, today: date) -> ColumnElement[str]:
    """The person's category on ``today``, as ``schema.person`` computes it in Python."""
    age = alder(fodselsdato, today)
    return case(
        (and_(enslig_mindrearig, age < 15), "EM_UNDER_15"),
        (and_(enslig_mindrearig, age < 18), "EM_15_18"),
        else_="ENSLIGE_VOKSNE_OG_FAMILIER",
    )


def kategori(bygg: Bygg, source: Any, node: Node) -> Json:
    return kategori_i_dag(source.fodselsdato, source.enslig_mindrearig, bygg.today)


GRUNNDATA_DETALJER: dict[str, Builder] = {
    **row_type(
        {},
        (
            "sivilstand",
            "morsmal",
            "religion",
            "botilbud",
            "mottak",
            "vedtakOppholdDato",
            "bosettingsklarDato",
        ),
    ),
    "bosetting": lambda bygg, source, node: case(
        (
            source.utsoking_kommune.is_not(None),
            children(
                bygg,
                source,
                node,
                {
                    "kommunenummer": column("utsoking_kommune"),
                    "soktUtDato": column("sokt_ut_dato"),
                    "bosettingsdato": column("bosettingsdato"),
                },
            ),
        )
    ),
}


def section(seksjon: Personmappeseksjon, build: Builder) -> Builder:
    def logged(bygg: Bygg, source: Any, node: Node) -> Json:
        bygg.seksjoner.add(seksjon)
        return build(bygg, source, node)

    return logged


PERSON: dict[str, Builder] = {
    **row_type(
        {},
        (
            "dufNr",
            "fornavn",
            "mellomnavn",
            "etternavn",
            "bosettingsstatus",
            "fodselsdato",
            "kjonn",
            "nasjonalitet",
            "personnummer",
            "personnummerType",
            "registreringsnummer",
            "sakstype",
            "ensligMindrearig",
        ),
    ),
    "navn": navn,
    "alder": lambda bygg, source, node: alder(source.fodselsdato, bygg.today),
    "kategori": kategori,
    "familie": familie,
    "grunndataDetaljer": lambda bygg, source, node: children(
        bygg, source, node, GRUNNDATA_DETALJER
    ),
    "tilgang": lambda bygg, source, node: children(
        bygg, source, node, {klasse: column(f"t_{klasse}") for klasse in KLASSER}
    ),
    "kontaktinformasjon": section(
        Personmappeseksjon.KONTAKT, one_row(PersonKontakt.__table__.c, KONTAKT)
    ),
    "bosettingsinformasjon": section(
        Personmappeseksjon.BOSETTINGSINFO,
        one_row(PersonBosettingsinfo.__table__.c, BOSETTINGSINFO),
    ),
    "helseinformasjon": section(Personmappeseksjon.HELSE, one_row(PersonHelse.__table__.c, HELSE)),
    "sosialInformasjon": section(
        Personmappeseksjon.SOSIAL, one_row(PersonSosial.__table__.c, SOSIAL)
    ),
    "kompetanse": section(
        Personmappeseksjon.KOMPETANSE,
        lambda bygg, source, node: children(bygg, source, node, KOMPETANSE),
    ),
    "hendelser": section(Personmappeseksjon.HENDELSER, hendelser),
}

IDENTITET = ("dufNr", "fornavn", "mellomnavn", "etternavn", "navn", "bosettingsstatus", "familie")
PERSONMAPPE = (
    "kontaktinformasjon",
    "bosettingsinformasjon",
    "helseinformasjon",
    "sosialInformasjon",
    "kompetanse",
    "hendelser",
)


def _klasse(name: str) -> str | None:
    if name == "tilgang":
        return None
    if name in IDENTITET:
        return "identitet"
    return "personmappe" if name in PERSONMAPPE else "grunndata"


def rules(fields: Mapping[str, Builder]) -> dict[str, FieldRule]:
    return {name: FieldRule() for name in fields}


def person_arguments(values: dict[str, Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    return (), (valid_duf_nr(values["dufNr"]),)


def personer_arguments(values: dict[str, Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    return (), ([valid_duf_nr(number) for number in values["dufNr"]],)


PERSON_TYPES: dict[str, dict[str, FieldRule]] = {
    "Person": {
        name: FieldRule(
            klasse=_klasse(name),
            deferred=name in ("hendelser", "familie"),
            arguments=hendelser_arguments if name == "hendelser" else None,
        )
        for name in PERSON
    },
    "PersonTilgang": {klasse: FieldRule() for klasse in KLASSER},
    "Familiemedlem": {name: FieldRule() for name in FAMILIEMEDLEM},
    "GrunndataDetaljer": rules(GRUNNDATA_DETALJER),
    "Bosetting": {name: FieldRule() for name in ("kommunenummer", "soktUtDato", "bosettingsdato")},
    "Kontaktinformasjon": rules(KONTAKT),
    "Bosettingsinformasjon": rules(BOSETTINGSINFO),
    "VeiledendeTilknytning": rules(TILKNYTNING),
    "Bosettingsmerknad": rules(BOSETTINGSMERKNAD),
    "Helseinformasjon": rules(HELSE),
    "SosialInformasjon": rules(SOSIAL),
    "Kompetanse": rules(KOMPETANSE),
    "Sprak": rules(SPRAK),
    "Kompetanseoppforing": rules(OPPFORING),
    "SelvregGrunndata": {name: FieldRule() for name in SELVREG_GRUNNDATA},
    "Kompetansemerknader": rules(MERKNADER),
    "OmRegistreringen": rules(OM_REGISTRERINGEN),
    "Karriereveiledning": rules(KARRIEREVEILEDNING),
    "HendelseConnection": {name: FieldRule() for name in ("totalCount", "edges", "pageInfo")},
    "HendelseEdge": {name: FieldRule() for name in ("cursor", "node")},
    "PageInfo": {
        name: FieldRule() for name in ("hasPreviousPage", "hasNextPage", "startCursor", "endCursor")
    },
    "Hendelse": rules(HENDELSE),
}
"""The person's fields and those below it (resolvers/compiled/roots.py adds the roots)."""


def person_object(bygg: Bygg, source: Any, node: Node) -> Json:
    """A person's JSON from a row with its guards (``t_identitet`` …): each field of a class
    under its guard, the whole null when the person shows nothing."""
    pairs: list[tuple[str, Any]] = []
    for child in node.children:
        if child.field == "__typename":
            pairs.append((child.key, literal(node.type_name)))
            continue
        value = PERSON[child.field](bygg, source, child)
        klasse = _klasse(child.field)
        if klasse is not None:
            value = case((getattr(source, f"t_{klasse}"), value))
        pairs.append((child.key, value))
    return case((source.t_identitet, objekt(pairs)))


def guarded(persons: Select[Any], principal: Principal, today: date, *, duf_oppslag: bool) -> Any:
    """``persons`` (rows of :func:`authz.scope.readable_persons`) with the guard of each class,
    as the CTE ``g``. The rows are materialized first: each guard reads the same facts, and
    PostgreSQL would otherwise plan and run a fact's subquery once per guard that reads it."""
    base = persons.cte("p").prefix_with("MATERIALIZED")
    guards = vakter(principal, today, base.c, duf_oppslag=duf_oppslag)
    return select(
        base,
        guards.identitet.label("t_identitet"),
        guards.grunndata.label("t_grunndata"),
        guards.personmappe.label("t_personmappe"),
    ).cte("g")


def bits(rows: Any) -> ColumnElement[Any]:
    """A person's guards as the statement returns them: identitet 4, grunndata 2,
    personmappe 1 (:func:`authz.sqlguard.avgjort` reads them)."""
    return (
        cast(rows.t_identitet, Integer) * 4
        + cast(rows.t_grunndata, Integer) * 2
        + cast(rows.t_personmappe, Integer)
    )


NO_FLAGS: ColumnElement[Any] = literal_column("ARRAY[]::integer[]")
"""The guards' bits of a statement that lists no person."""


def with_logg(statement: Select[Any], bygg: Bygg, rows: Any) -> Select[Any]:
    """``statement`` with the innsynslogg rows of the sections it reads, if any."""
    if not bygg.seksjoner:
        return statement
    return statement.add_cte(_logg(rows, sorted(bygg.seksjoner)))


def person_statement(principal: Principal, today: date, root: Node) -> Select[Any]:
    """``person(dufNr:)``: the person's JSON text (null when it shows nothing) and its guards'
    bits, with the innsynslogg rows of the sections it reads."""
    rows = guarded(
        readable_persons(principal).where(Person.duf_nr == param(root.params[0], Text)),
        principal,
        today,
        duf_oppslag=True,
    )
    bygg = Bygg(principal, today, set())
    statement: Select[Any] = select(
        cast(person_object(bygg, rows.c, root), Text).label("json"),
        array([bits(rows.c)]).label("flags"),
    )
    return with_logg(statement, bygg, rows)


def personer_statement(principal: Principal, today: date, root: Node) -> Select[Any]:
    """``personer(dufNr: [...])``: the persons in the order asked, null where ``person`` gives
    null, and each position's guard bits (null where the person shows nothing: no errors)."""
    asked = select(
        func.unnest(param(root.params[0], ARRAY(Text)))
        .table_valued("duf_nr", with_ordinality="n")
        .render_derived()
    ).subquery("asked")
    rows = guarded(
        readable_persons(principal)
        .join(asked, asked.c.duf_nr == Person.duf_nr)
        .add_columns(asked.c.n.label("n")),
        principal,
        today,
        duf_oppslag=True,
    )
    bygg = Bygg(principal, today, set())
    positions = asked.outerjoin(rows, rows.c.n == asked.c.n)
    json = (
        select(
            func.coalesce(
                func.json_agg(aggregate_order_by(person_object(bygg, rows.c, root), asked.c.n)),
                literal_column("'[]'::json"),
            )
        )
        .select_from(positions)
        .scalar_subquery()
    )
    flags = (
        select(
            func.array_agg(aggregate_order_by(case((rows.c.t_identitet, bits(rows.c))), asked.c.n))
        )
        .select_from(positions)
        .scalar_subquery()
    )
    statement = select(cast(json, Text).label("json"), flags.label("flags"))
    return with_logg(statement, bygg, rows)


def arbeidsflate_statement(principal: Principal, today: date, root: Node) -> Select[Any]:
    """``arbeidsflate { personliste }``: the persons on the caller's list whose grunndata it
    may still read, in the order added, and each one's guard bits."""
    rows = guarded(
        readable_persons(principal)
        .join(PersonlistePlass, PersonlistePlass.person_id == Person.id)
        .where(PersonlistePlass.bruker_id == param("bruker_id", BigInteger))
        .add_columns(PersonlistePlass.plass.label("n")),
        principal,
        today,
        duf_oppslag=False,
    )
    shown = select(rows).where(rows.c.t_grunndata).cte("shown")
    bygg = Bygg(principal, today, set())

    def personliste(bygg: Bygg, source: Any, node: Node) -> Json:
        listed = func.json_agg(aggregate_order_by(person_object(bygg, shown.c, node), shown.c.n))
        return select(func.coalesce(listed, literal_column("'[]'::json"))).scalar_subquery()

    flags: Any = NO_FLAGS
    if any(child.field == "personliste" for child in root.children):
        flags = select(
            func.coalesce(func.array_agg(aggregate_order_by(bits(shown.c), shown.c.n)), NO_FLAGS)
        ).scalar_subquery()
    json = children(bygg, None, root, {"personliste": personliste})
    statement = select(cast(json, Text).label("json"), flags.label("flags"))
    return with_logg(statement, bygg, shown)


def _logg(rows: FromClause, seksjoner: list[Personmappeseksjon]) -> Any:
    """The innsynslogg rows: one per section read of each person who shows its personmappe."""
    logged = select(
        param("bruker_id", BigInteger),
        param("klient_id", Text),
        param("organisasjon_id", BigInteger),
        rows.c.id,
        func.unnest(cast(array([s.value for s in seksjoner]), ARRAY(Text))),
        param("request_id", Text),
        param("correlation_id", Text),
    ).where(rows.c.t_identitet, rows.c.t_personmappe)
    # Once per person and section, however often the document or the list names the person.
    logged = logged.distinct()
    return (
        insert(Innsynslogg)
        .from_select(
            [
                "bruker_id",
                "klient_id",
                "organisasjon_id",
                "person_id",
                "seksjon",
                "request_id",
                "correlation_id",
            ],
            logged,
        )
        .cte("logg")
    )
