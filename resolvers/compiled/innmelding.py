"""``innmeldinger`` as one statement: the page the resolver selects (:func:`resolvers.innmelding.
utvalg`, the same filters and order), each innmelding's person built as ``person(dufNr:)``
builds it and decided as the resolver decides it: by an exact DUF-nr lookup's rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Integer, Select, Text, case, cast, func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from authz.principal import Principal
from authz.scope import readable_persons
from models import Person
from models.enums import (
    EmTiltakType,
    InnmeldingSortering,
    InnmeldingStatus,
    InnmeldingType,
    OrganisasjonType,
    Rekkefolge,
    Tilknytning,
)
from resolvers.compiled.paging import connection_fields, connection_types, page_and_edges
from resolvers.compiled.person import (
    NO_FLAGS,
    Builder,
    Bygg,
    Json,
    bits,
    children,
    column,
    guarded,
    param,
    person_object,
    rules,
    tidspunkt,
    with_logg,
)
from resolvers.compiled.walk import FieldRule, Node
from resolvers.innmelding import FILTRE, filterverdier, utvalg
from schema.errors import check_period
from schema.pagination import offset_after, page_size

_LISTER = {
    "status": InnmeldingStatus,
    "type": InnmeldingType,
    "emTiltakType": EmTiltakType,
    "behandlesAv": OrganisasjonType,
    "tilknytning": Tilknytning,
}


def innmeldinger_arguments(values: dict[str, Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The shape: which filters are given, ``apne``, the order; the values: the filters', the
    page size and the offset."""
    size = page_size(values["first"])
    offset = offset_after(values.get("after"), "innmeldinger")
    check_period(values.get("fra"), values.get("til"))
    lister = {
        name: None if values.get(name) is None else [kind(v) for v in values[name]]
        for name, kind in _LISTER.items()
    }
    given = filterverdier(
        status=lister["status"],
        type=lister["type"],
        em_tiltak_type=lister["emTiltakType"],
        behandles_av=lister["behandlesAv"],
        tilknytning=lister["tilknytning"],
        saerlig_hensyn=values.get("saerligHensyn"),
        registrert_av=values.get("registrertAv"),
        fra=values.get("fra"),
        til=values.get("til"),
        kommunenummer=values.get("kommunenummer"),
    )
    shape = (
        tuple(given),
        values.get("apne"),
        InnmeldingSortering(values.get("sorter", InnmeldingSortering.OPPRETTET)),
        Rekkefolge(values.get("rekkefolge", Rekkefolge.SYNKENDE)),
    )
    return shape, (*given.values(), size, offset)


INNMELDING: dict[str, Builder] = {
    "id": lambda bygg, source, node: cast(source.id, Text),
    "kommunenummer": column("kommunenummer"),
    "type": column("type"),
    "status": column("status"),
    "behandlesAv": column("behandlende_organisasjon"),
    "emTiltakType": column("em_tiltak_type"),
    "beggeAldersgrupper": column("begge_aldersgrupper"),
    "antallPlasser": column("antall_plasser"),
    "antallRom": column("antall_rom"),
    "adresse": column("adresse"),
    "ledigFra": column("ledig_fra"),
    "ledigTil": column("ledig_til"),
    "tilpassetSaerligHensyn": column("tilpasset_saerlig_hensyn"),
    "saerligHensynBeskrivelse": column("saerlig_hensyn_beskrivelse"),
    "merknad": column("merknad"),
    "tilknytning": column("tilknytning"),
    "familieKommentar": column("familie_kommentar"),
    "opprettet": tidspunkt("opprettet"),
    "opprettetAv": column("opprettet_av_navn"),
    "saksbehandler": column("saksbehandler_navn"),
    "svar": column("svar"),
    "ferdigbehandlet": tidspunkt("ferdigbehandlet"),
    "avslagBegrunnelse": column("avslag_begrunnelse"),
    "avslatt": tidspunkt("avslatt"),
    "kansellertBegrunnelse": column("kansellert_begrunnelse"),
    "kansellert": tidspunkt("kansellert"),
    "kansellertAv": column("kansellert_av_navn"),
}


def innmeldinger_statement(principal: Principal, today: date, root: Node) -> Select[Any]:
    """The connection's JSON text, the guards' bits of its innmeldinger's persons in order
    (null where an innmelding has none), and the innsynslogg rows of the sections it reads."""
    names, apne, sorter, rekkefolge = root.shape
    verdi = {name: param(root.params[index], FILTRE[name]) for index, name in enumerate(names)}
    size = param(root.params[len(names)], Integer)
    offset = param(root.params[len(names) + 1], BigInteger)
    found, order = utvalg(principal, apne=apne, sorter=sorter, rekkefolge=rekkefolge, verdi=verdi)
    page, edges = page_and_edges("innmeldinger", found, order, size=size, offset=offset)
    bygg = Bygg(principal, today, set())

    def connection(fields: dict[str, Builder]) -> Json:
        return cast(
            children(
                bygg,
                None,
                root,
                connection_fields(
                    edges,
                    page,
                    size=size,
                    offset=offset,
                    node=lambda bygg, source, node: children(bygg, source, node, fields),
                ),
            ),
            Text,
        )

    if not root.reads("person"):
        # No person selected: none is decided, logged or denied.
        return select(connection(INNMELDING).label("json"), NO_FLAGS.label("flags"))
    # Each innmelding's person as on an exact DUF-nr lookup (schema/innmelding.py), one row
    # per innmelding that names one.
    rows = guarded(
        readable_persons(principal)
        .join(edges, edges.c.person_id == Person.id)
        .add_columns(edges.c.i.label("n")),
        principal,
        today,
        duf_oppslag=True,
    )

    def person(bygg: Bygg, source: Any, node: Node) -> Json:
        return (
            select(person_object(bygg, rows.c, node)).where(rows.c.n == source.i).scalar_subquery()
        )

    json = connection({**INNMELDING, "person": person})
    listed = edges.outerjoin(rows, rows.c.n == edges.c.i)
    flags = func.coalesce(
        select(
            func.array_agg(
                aggregate_order_by(case((edges.c.person_id.is_not(None), bits(rows.c))), edges.c.i)
            )
        )
        .select_from(listed)
        .scalar_subquery(),
        NO_FLAGS,
    )
    statement: Any = select(json.label("json"), flags.label("flags"))
    return with_logg(statement, bygg, rows)


INNMELDING_TYPES: dict[str, dict[str, FieldRule]] = {
    **connection_types("InnmeldingConnection", "InnmeldingEdge"),
    "Innmelding": {**rules(INNMELDING), "person": FieldRule(klasse="identitet")},
}
