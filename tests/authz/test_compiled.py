"""The compiled reads against the standard execution: for any document over what the compiler
covers, as any caller of the matrix, on any person of the world, the same data, the same errors
(message, path, locations, code, order) and the same innsynslogg rows; and the compiled one
did run. Breaking the SQL guard of one class, or the SQL of a field, must show."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from app.db import make_engine
from schema.pagination import encode_cursor
from tests.authz.compiled_support import (
    Runner,
    add_bestemte_personer,
    add_varied_person,
    fill_personlister,
    same,
)
from tests.authz.mutation import Mutant, applied
from tests.authz.world import FEILROLLE, OTHER, ROLE_SETS, K, World, build_world, subject_for
from tests.support import DatabaseServer, unique_name

SUBJECTS = (
    *(subject_for(roles) for roles in ROLE_SETS),
    "demo-imdi-saksbehandler",
    "demo-bufetat-saksbehandler",
    "demo-analytiker",
    FEILROLLE,
)

OPPFORING = (
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
)
SELVREG = ("tittel", "beskrivelse", "land", "fraAr", "tilAr", "fullfort", "sprak")
HENDELSE = (
    "id",
    "type",
    "omrade",
    "kommunenummer",
    "tittel",
    "tekst",
    "detaljer",
    "tidspunkt",
    "opprettetAv",
    "organisasjon",
)

Spec = dict[str, Any]
"""A field's subfields by name (None: a leaf), with the object type's name under ``""``."""

PERSON: Spec = {
    "": "Person",
    **dict.fromkeys(
        [
            "dufNr",
            "fornavn",
            "mellomnavn",
            "etternavn",
            "navn",
            "bosettingsstatus",
            "fodselsdato",
            "alder",
            "kjonn",
            "nasjonalitet",
            "personnummer",
            "personnummerType",
            "registreringsnummer",
            "sakstype",
            "ensligMindrearig",
            "kategori",
        ]
    ),
    "tilgang": {"": "PersonTilgang", **dict.fromkeys(("identitet", "grunndata", "personmappe"))},
    "familie": {"": "Familiemedlem", **dict.fromkeys(("relasjon", "kjonn", "alder"))},
    "grunndataDetaljer": {
        "": "GrunndataDetaljer",
        **dict.fromkeys(
            [
                "sivilstand",
                "morsmal",
                "religion",
                "botilbud",
                "mottak",
                "vedtakOppholdDato",
                "bosettingsklarDato",
            ]
        ),
        "bosetting": {
            "": "Bosetting",
            **dict.fromkeys(("kommunenummer", "soktUtDato", "bosettingsdato")),
        },
    },
    "kontaktinformasjon": {
        "": "Kontaktinformasjon",
        **dict.fromkeys(["adresse", "postnummer", "poststed", "epost", "telefon", "kilde"]),
    },
    "bosettingsinformasjon": {
        "": "Bosettingsinformasjon",
        **dict.fromkeys(
            [
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
            ]
        ),
        "veiledendeTilknytninger": {
            "": "VeiledendeTilknytning",
            **dict.fromkeys(
                ["kriterium", "prioritet", "kommunenummer", "beskrivelse", "kilde", "registrert"]
            ),
        },
        "bosettingsmerknader": {
            "": "Bosettingsmerknad",
            **dict.fromkeys(["kilde", "tekst", "registrert"]),
        },
    },
    "helseinformasjon": {
        "": "Helseinformasjon",
        **dict.fromkeys(
            ["bosettingsrelevantHelseinfo", "svangerskap", "termin", "helsetilstand", "kilde"]
        ),
    },
    "sosialInformasjon": {"": "SosialInformasjon", "tekst": None, "kilde": None},
    "kompetanse": {
        "": "Kompetanse",
        "sprak": {
            "": "Sprak",
            **dict.fromkeys(["sprak", "morsmal", "tale", "lese", "skrive", "kilde", "registrert"]),
        },
        **{
            name: {
                "": "Kompetanseoppforing",
                **dict.fromkeys(OPPFORING),
                "selvregGrunndata": {"": "SelvregGrunndata", **dict.fromkeys(SELVREG)},
            }
            for name in ("yrker", "yrkesonsker", "utdanning", "andreFerdigheter", "interesser")
        },
        "merknader": {
            "": "Kompetansemerknader",
            **dict.fromkeys(
                [
                    "yrkesmerknad",
                    "utdanningsmerknad",
                    "annenKompetanse",
                    "merknadAnnenKompetanse",
                    "merknadAndreFerdigheter",
                    "interesserMottakImdi",
                ]
            ),
        },
        "omRegistreringen": {"": "OmRegistreringen", **dict.fromkeys(("tekst", "dato", "kilde"))},
        "karriereveiledning": {
            "": "Karriereveiledning",
            **dict.fromkeys(["dato", "veileder", "malsetting", "anbefaling", "notat", "kilde"]),
        },
    },
    "hendelser": {
        "": "HendelseConnection",
        "totalCount": None,
        "pageInfo": {
            "": "PageInfo",
            **dict.fromkeys(("hasPreviousPage", "hasNextPage", "startCursor", "endCursor")),
        },
        "edges": {
            "": "HendelseEdge",
            "cursor": None,
            "node": {"": "Hendelse", **dict.fromkeys(HENDELSE)},
        },
    },
}


FORDELING: Spec = {
    "": "Fordeling",
    **dict.fromkeys(
        ("id", "navn", "kommunenummer", "status", "opprettet", "sendt", "bekreftet", "svart")
    ),
    "versjon": None,
    "rader": {
        "": "FordelingRad",
        **dict.fromkeys(
            (
                "id",
                "boligtype",
                "innmeldingId",
                "forsteMuligeUke",
                "sisteMuligeUke",
                "forventetBosetting",
                "bosettes",
                "begrunnelseIkkeBosettes",
            )
        ),
        "sammendrag": {
            "": "FordelingRadSammendrag",
            **dict.fromkeys(
                ("kategori", "alder", "kjonn", "nasjonalitet", "boligtype", "familiestorrelse")
            ),
        },
        "person": PERSON,
    },
}


ARBEIDSFLATE: Spec = {"": "Arbeidsflate", "personliste": PERSON}
PAGE_INFO: Spec = {
    "": "PageInfo",
    **dict.fromkeys(("hasPreviousPage", "hasNextPage", "startCursor", "endCursor")),
}
BOSETTINGSDATOER: Spec = {
    "": "BosettingsdatoKandidatConnection",
    "totalCount": None,
    "edges": {
        "": "BosettingsdatoKandidatEdge",
        "cursor": None,
        "node": {
            "": "BosettingsdatoKandidat",
            **dict.fromkeys(("soktUtDato", "kommunenummer", "kanRegistreresAvKommunen")),
            "person": PERSON,
        },
    },
    "pageInfo": PAGE_INFO,
}
PERSONSOK: Spec = {
    "": "PersonConnection",
    "totalCount": None,
    "edges": {"": "PersonEdge", "cursor": None, "node": PERSON},
    "pageInfo": PAGE_INFO,
}


FORDELINGER: Spec = {
    "": "FordelingConnection",
    "totalCount": None,
    "edges": {"": "FordelingEdge", "cursor": None, "node": FORDELING},
    "pageInfo": PAGE_INFO,
}


INNMELDINGER: Spec = {
    "": "InnmeldingConnection",
    "totalCount": None,
    "edges": {
        "": "InnmeldingEdge",
        "cursor": None,
        "node": {
            "": "Innmelding",
            **dict.fromkeys(
                (
                    "id",
                    "kommunenummer",
                    "type",
                    "status",
                    "behandlesAv",
                    "emTiltakType",
                    "beggeAldersgrupper",
                    "antallPlasser",
                    "antallRom",
                    "adresse",
                    "ledigFra",
                    "ledigTil",
                    "tilpassetSaerligHensyn",
                    "saerligHensynBeskrivelse",
                    "merknad",
                    "tilknytning",
                    "familieKommentar",
                    "opprettet",
                    "opprettetAv",
                    "saksbehandler",
                    "svar",
                    "ferdigbehandlet",
                    "avslagBegrunnelse",
                    "avslatt",
                    "kansellertBegrunnelse",
                    "kansellert",
                    "kansellertAv",
                )
            ),
            "person": PERSON,
        },
    },
    "pageInfo": PAGE_INFO,
}


PAGED = (
    "PersonConnection",
    "BosettingsdatoKandidatConnection",
    "FordelingConnection",
    "InnmeldingConnection",
)
"""Connections whose edges are lists of rows."""


@dataclass
class Document:
    fragments: list[str] = field(default_factory=list)
    uncovered: bool = False
    maybe_uncovered: bool = False
    """``familie { person }`` under a @include/@skip: covered when the directive leaves it
    out."""
    ja: bool = False
    """The document uses the variable ``$ja``."""
    refused: bool = False
    """An argument the resolver refuses: the standard execution takes the operation."""
    counter: int = 0
    rows: set[tuple[str, ...]] = field(default_factory=set)
    """Response paths of the lists of rows (``rader``, ``personliste``, the edges of a page of
    persons or fordelinger): lists side by side take the standard execution, nested ones not."""

    def side_by_side(self) -> bool:
        return any(a[: len(b)] != b and b[: len(a)] != a for a in self.rows for b in self.rows)

    def name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"


def _cursor(stamp: str, hendelse_id: int) -> str:
    raw = json.dumps(["hendelse", stamp, hendelse_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@st.composite
def hendelser_arguments(draw: st.DrawFn, document: Document) -> str:
    first = draw(st.sampled_from([1, 2, 3, 5, 100, 0, 101]))
    if first in (0, 101):
        document.refused = True
    arguments = [f"first: {first}"]
    omrade = draw(st.sampled_from([None, "PERSON", "FORDELING", "BOSETTING", "KOMPETANSE"]))
    if omrade is not None:
        arguments.append(f"omrade: {omrade}")
    kind = draw(st.sampled_from([None, "NOTAT", "SYSTEMHENDELSE"]))
    if kind is not None:
        arguments.append(f"type: {kind}")
    after = draw(
        st.sampled_from([None, None, "valid", "far", "garbage"]),
    )
    if after == "valid":
        day = draw(st.integers(min_value=1, max_value=28))
        arguments.append(f'after: "{_cursor(f"2026-11-{day:02d}T12:00:00+00:00", 10**6)}"')
    elif after == "far":
        arguments.append(f'after: "{_cursor("2100-01-01T00:00:00.5+00:00", 1)}"')
    elif after == "garbage":
        document.refused = True
        arguments.append('after: "bm90IGEgY3Vyc29y"')
    return "(" + ", ".join(arguments) + ")"


@st.composite
def selection(
    draw: st.DrawFn,
    spec: Spec,
    document: Document,
    path: tuple[str, ...] = (),
    conditional: bool = False,
) -> str:
    """``path``: the response keys above; ``conditional``: under a field with @include/@skip,
    which may leave it out."""
    names = [name for name in spec if name]
    chosen = draw(st.lists(st.sampled_from([*names, "__typename"]), min_size=1, max_size=5))
    parts = []
    for name in chosen:
        sub = spec.get(name)
        directive = draw(
            st.sampled_from(["", "", "", "", "", " @include(if: $ja)", " @skip(if: $ja)"])
        )
        document.ja = document.ja or "$ja" in directive
        arguments = ""
        if name == "hendelser":
            arguments = draw(hendelser_arguments(document))
        form = draw(st.sampled_from(["plain", "alias", "inline", "fragment"]))
        key = name
        if form == "alias" or arguments:
            key = f"{document.name('a')}: {name}"
        response = key.partition(":")[0]
        if name in ("rader", "personliste") or (name == "edges" and spec[""] in PAGED):
            document.rows.add((*path, response))
        body = ""
        if isinstance(sub, dict):
            inner = draw(
                selection(sub, document, (*path, response), conditional or bool(directive))
            )
            body = " { " + inner + " }"
        rendered = f"{key}{arguments}{directive}{body}"
        if form == "inline":
            rendered = f"... on {spec['']} {{ {rendered} }}"
        elif form == "fragment":
            fragment = document.name("F")
            document.fragments.append(f"fragment {fragment} on {spec['']} {{ {rendered} }}")
            rendered = f"...{fragment}"
        parts.append(rendered)
    if spec[""] == "Person" and draw(st.integers(min_value=0, max_value=9)) == 0:
        if conditional:
            document.maybe_uncovered = True
        else:
            document.uncovered = True
        parts.append("familie { relasjon person { dufNr } }")
    return " ".join(parts)


ROOTS = {
    "person": ("person(dufNr: $duf)", "$duf: String!", PERSON),
    "personer": ("personer(dufNr: $dufs)", "$dufs: [String!]!", PERSON),
    "fordeling": ("fordeling(id: $id)", "$id: ID!", FORDELING),
    "innmeldinger": (
        "innmeldinger(first: $first, apne: $apne, status: $status, type: $type,"
        " behandlesAv: $b, tilknytning: $t, registrertAv: $reg, fra: $fra, til: $til,"
        " kommunenummer: $kommune, sorter: $sorter, rekkefolge: $r, after: $after)",
        "$first: Int!, $apne: Boolean, $status: [InnmeldingStatus!], $type: [InnmeldingType!],"
        " $b: [OrganisasjonType!], $t: [Tilknytning!], $reg: String, $fra: Date, $til: Date,"
        " $kommune: String, $sorter: InnmeldingSortering!, $r: Rekkefolge!, $after: String",
        INNMELDINGER,
    ),
    "fordelinger": (
        "fordelinger(first: $first, status: $status, kommunenummer: $kommune, after: $after)",
        "$first: Int!, $status: [FordelingStatus!], $kommune: String, $after: String",
        FORDELINGER,
    ),
    "arbeidsflate": ("arbeidsflate", "", ARBEIDSFLATE),
    "personsok": (
        "personsok(first: $first, navn: $navn, dufNr: $duf, personnummer: $pnr,"
        " registreringsnummer: $reg, after: $after)",
        "$first: Int!, $navn: String, $duf: String, $pnr: String, $reg: String, $after: String",
        PERSONSOK,
    ),
    "bosettingsdatoer": (
        "bosettingsdatoer(first: $first, kommunenummer: $kommune, after: $after)",
        "$first: Int!, $kommune: String, $after: String",
        BOSETTINGSDATOER,
    ),
}


@st.composite
def documents(draw: st.DrawFn, name: str) -> tuple[str, Document]:
    """A query of one of :data:`ROOTS`."""
    document = Document()
    root, variable, spec = ROOTS[name]
    body = draw(selection(spec, document))
    if draw(st.booleans()):
        root = f"r: {root}"
    typename = "__typename " if draw(st.booleans()) else ""
    declared = ", ".join(filter(None, [variable, "$ja: Boolean!" if document.ja else ""]))
    declared = f"({declared})" if declared else ""
    query = f"query Q{declared} {{ {typename}{root} {{ {body} }} }} " + " ".join(document.fragments)
    return query, document


@dataclass(frozen=True)
class Persons:
    duf_numbers: tuple[str, ...]
    fordeling_ids: tuple[str, ...]
    """The world's fordelinger (to K and to another kommune, in every status), the largest of
    the demo data, and ids no fordeling has."""
    sok: dict[str, tuple[str, ...]]
    """What to search by: names (of the world's persons, the demo data's, with a typo, too
    short), personnumre and registreringsnumre (the world's, and invalid ones)."""


@pytest.fixture(scope="module")
async def compiled_world(
    db_server: DatabaseServer, template_db: str
) -> AsyncIterator[tuple[str, World, str]]:
    """A world of its own (these tests write innsynslogg rows and add a person), with the
    varied person's DUF-nr."""
    name = unique_name("bosetting_compiled")
    url = await db_server.create(name, template=template_db)
    engine = make_engine(url, pool_size=1)
    world = await build_world(engine)
    varied = await add_varied_person(engine, 900)
    await fill_personlister(engine)
    await add_bestemte_personer(engine, K, OTHER)
    await engine.dispose()
    yield url, world, varied
    await db_server.drop(name)


@pytest.fixture(scope="module")
def runner(compiled_world: tuple[str, World, str]) -> Iterator[Runner]:
    running = Runner(compiled_world[0])
    yield running
    running.close()


@pytest.fixture(scope="module")
def persons(compiled_world: tuple[str, World, str], runner: Runner) -> Persons:
    """The world's persons, the varied one, the demo persons richest in sections and
    hendelser, and DUF-numbers no person has or the resolver refuses."""
    world, varied = compiled_world[1], compiled_world[2]
    own = [p.duf_nr for p in world.persons.values()]
    own += [world.em_under_15.duf_nr, world.em_15_i_dag.duf_nr, world.em_nesten_15.duf_nr]
    own += [world.family_child.duf_nr, *(p.duf_nr for p in world.slekt)]

    async def richest() -> list[str]:
        async with runner.engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT p.duf_nr FROM person p"
                    " ORDER BY (SELECT count(*) FROM hendelse_person h WHERE h.person_id = p.id)"
                    " + (SELECT count(*) FROM kompetanse k WHERE k.person_id = p.id)"
                    " + (SELECT count(*) FROM karriereveiledning v WHERE v.person_id = p.id)"
                    " DESC, p.id LIMIT 4"
                )
            )
            return [row[0] for row in rows]

    async def fordelinger() -> list[str]:
        async with runner.engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "(SELECT f.id FROM fordeling f WHERE f.kommunenummer IN (:k, :annen))"
                    " UNION (SELECT fordeling_id FROM fordeling_person"
                    " GROUP BY 1 ORDER BY count(*) DESC LIMIT 2)"
                ),
                {"k": K, "annen": OTHER},
            )
            return sorted(str(row[0]) for row in rows)

    rich = runner.loop.run_until_complete(richest())
    ids = runner.loop.run_until_complete(fordelinger())
    everyone = [*world.persons.values(), world.em_under_15, world.family_child, *world.slekt]
    sok = {
        "navn": tuple(
            [p.etternavn for p in everyone]
            + [p.etternavn[:3] + p.etternavn[4:] for p in everyone[:4]]
            + ["Verdi", "Hansen", "Ahmed", "Brien", "ø", "x"]
        ),
        "pnr": tuple([p.personnummer for p in everyone] + ["12345678901", "123"]),
        "reg": tuple(
            [*sorted({p.registreringsnummer for p in everyone}), "0", "1234567890123", "x"]
        ),
    }
    return Persons(
        tuple([varied, *own, *rich, "999999999999", "12345", " " * 20 + varied]),
        tuple([*ids, "999999999", "x"]),
        sok,
    )


def refused_search(variables: dict[str, Any]) -> bool:
    """The personsøk's arguments the compiler leaves to the resolver: not one criterion, a
    DUF-nr (a lookup), a page size or cursor out of bounds, a criterion it refuses."""
    given = [k for k in ("navn", "duf", "pnr", "reg") if variables[k] is not None]
    if len(given) != 1 or given[0] == "duf" or not 1 <= variables["first"] <= 100:
        return True
    if variables["after"] is not None and variables["after"].startswith("garbage"):
        return True
    value = variables[given[0]]
    if given[0] == "navn":
        return len(value) < 2
    if given[0] == "pnr":
        return value in ("12345678901", "123")
    return value in ("1234567890123", "x")


def afters(kind: str) -> st.SearchStrategy[str | None]:
    """An ``after`` of a page of ``kind``: none, a position (past the end too), or garbage."""
    positions = st.sampled_from([None, None, 1, 2, 40, 2**63 - 1, -1])
    return positions.map(
        lambda n: None if n is None else "garbage" if n < 0 else encode_cursor(kind, n)
    )


REFUSED = ("12345", "x")
"""Values the resolvers refuse (not a DUF-nr, not an id); a DUF-nr longer than its bound too."""


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_document_answers_alike(runner: Runner, persons: Persons, data: st.DataObject) -> None:
    root = data.draw(st.sampled_from(list(ROOTS)), label="root")
    query, document = data.draw(documents(root), label="document")
    subject = data.draw(st.sampled_from(SUBJECTS), label="subject")
    variables: dict[str, Any] = {}
    searched = False  # a personsøk the compiler leaves to the resolver
    # The varied person (first) is where formats and orders show: drawn half of the time.
    dufs = st.one_of(st.just(persons.duf_numbers[0]), st.sampled_from(persons.duf_numbers))
    values: list[str]
    if root == "person":
        variables["duf"] = data.draw(dufs, label="dufNr")
        values = [variables["duf"]]
    elif root == "personer":
        variables["dufs"] = values = data.draw(st.lists(dufs, max_size=4), label="dufNr")
    elif root == "arbeidsflate":
        values = []
    elif root == "personsok":
        values = []
        criteria = data.draw(
            st.sampled_from([["navn"], ["pnr"], ["reg"], ["duf"], [], ["navn", "reg"]]),
            label="criteria",
        )
        for name in ("navn", "duf", "pnr", "reg"):
            variables[name] = None
            if name in criteria:
                pool = persons.sok.get(name, persons.duf_numbers)
                variables[name] = data.draw(st.sampled_from(pool), label=name)
        variables["first"] = data.draw(st.sampled_from([1, 2, 3, 20, 0]), label="first")
        position = data.draw(st.sampled_from([None, None, 1, 2, 40, 2**63 - 1, -1]), label="after")
        variables["after"] = (
            None
            if position is None
            else "garbage" + "x" * 10
            if position < 0
            else encode_cursor("personsok", position)
        )
        searched = refused_search(variables)
    elif root == "bosettingsdatoer":
        values = []
        variables["kommune"] = data.draw(st.sampled_from([None, K, OTHER, "9999"]), label="k")
        variables["first"] = data.draw(st.sampled_from([1, 2, 3, 20, 0]), label="first")
        variables["after"] = data.draw(afters("bosettingsdatoer"), label="after")
        searched = variables["first"] == 0 or variables["after"] == "garbage"
    elif root == "fordelinger":
        values = []
        variables["first"] = data.draw(st.sampled_from([1, 2, 3, 0]), label="first")
        variables["status"] = data.draw(
            st.sampled_from([None, [], ["SENDT"], ["UTKAST", "BEKREFTET", "NY"], ["TRUKKET"]]),
            label="status",
        )
        variables["kommune"] = data.draw(st.sampled_from([None, K, OTHER, "9999"]), label="k")
        variables["after"] = data.draw(afters("fordelinger"), label="after")
        searched = variables["first"] == 0 or variables["after"] == "garbage"
    elif root == "innmeldinger":
        values = []
        choices: dict[str, list[Any]] = {
            "first": [1, 2, 3, 20, 0],
            "apne": [None, True, False],
            "status": [None, [], ["SAKSBEHANDLES", "AVSLATT"], ["KANSELLERT"]],
            "type": [None, ["BESTEMTE_PERSONER"], ["EM_TILTAK", "ANTALL_PLASSER"]],
            "b": [None, ["BUFETAT"], ["IMDI"]],
            "t": [None, ["NAER_FAMILIE", "STUDIEPLASS"]],
            "reg": [None, "", "verdi", "%", "a_b", "VERDI B"],
            "fra": [None, "2026-06-02"],
            "til": [None, "2026-06-03", "2026-05-01"],
            "kommune": [None, K, OTHER],
            "sorter": ["OPPRETTET", "PERIODE", "STATUS", "TYPE", "KOMMUNE"],
            "r": ["SYNKENDE", "STIGENDE"],
        }
        for name, options in choices.items():
            variables[name] = data.draw(st.sampled_from(options), label=name)
        variables["after"] = data.draw(afters("innmeldinger"), label="after")
        searched = (
            variables["first"] == 0
            or variables["after"] == "garbage"
            or (variables["fra"] is not None and variables["til"] == "2026-05-01")
        )
    else:
        variables["id"] = data.draw(st.sampled_from(persons.fordeling_ids), label="id")
        values = [variables["id"]]
    refused = searched or any(value in REFUSED or len(value) > 20 for value in values)
    if document.ja:
        variables["ja"] = data.draw(st.booleans(), label="ja")
    compiled, standard = runner.both(subject, query, variables)
    event(f"{root}: {compiled.execution}")  # --hypothesis-show-statistics
    assert compiled.data == standard.data
    assert compiled.errors == standard.errors
    assert compiled.logged == standard.logged
    assert standard.execution in (None, "standard")
    if standard.execution is None:  # refused before execution (a limit): by both alike
        assert compiled.execution is None
    elif document.uncovered or refused:
        assert compiled.execution == "standard"
    elif root == "bosettingsdatoer" and any(len(error[1]) == 1 for error in standard.errors):
        # The resolver refuses the caller (its role; IMDi without a kommune): it answers.
        assert compiled.execution == "standard"
    elif not (document.refused or document.maybe_uncovered or document.side_by_side()):
        # (a refused argument, or the second list of rows, may sit under a @skip)
        assert compiled.execution == "compiled"


def everything(spec: Spec, hendelser: dict[str, str] | None = None) -> str:
    """Every field of ``spec``, and of its objects, and ``__typename`` of each; ``hendelser``
    by the arguments of each alias (default :data:`HENDELSER`)."""
    parts = ["__typename"]
    for name, sub in spec.items():
        if not name:
            continue
        if name == "hendelser":
            for key, arguments in (hendelser or HENDELSER).items():
                parts.append(f"{key}: hendelser{arguments} {{ {everything(sub)} }}")
        elif isinstance(sub, dict):
            parts.append(f"{name} {{ {everything(sub, hendelser)} }}")
        else:
            parts.append(name)
    return " ".join(parts)


def without(spec: Spec, name: str) -> Spec:
    return {key: value for key, value in spec.items() if key != name}


HENDELSER = {
    "en": "(first: 1)",
    "alle": "(first: 100)",
    "system": "(first: 2, type: SYSTEMHENDELSE)",
    "notater": "(first: 3, type: NOTAT, omrade: PERSON)",
    "etter": f'(first: 2, after: "{_cursor("2026-11-01T12:00:00+00:00", 10**6)}")',
}
WHOLE = f"query W($duf: String!) {{ person(dufNr: $duf) {{ {everything(PERSON)} }} }}"
LISTED = everything(PERSON, {"to": "(first: 2)"})
WHOLE_LIST = f"query L($dufs: [String!]!) {{ personer(dufNr: $dufs) {{ {LISTED} }} }}"
ROWS = everything(
    {**FORDELING, "rader": {**FORDELING["rader"], "person": without(PERSON, "familie")}},
    {"to": "(first: 2)"},
)
"""A whole fordeling: each row's person with one page of hendelser, without its family (the
cost limit)."""
WHOLE_FORDELING = f"query W($id: ID!) {{ fordeling(id: $id) {{ {ROWS} }} }}"
SIDER = everything(
    {
        **FORDELINGER,
        "edges": {
            **FORDELINGER["edges"],
            "node": {
                **FORDELING,
                "rader": {
                    "": "FordelingRad",
                    "id": None,
                    "person": {
                        key: PERSON[key]
                        for key in ("", "dufNr", "alder", "helseinformasjon", "familie")
                    },
                },
            },
        },
    },
    {"en": "(first: 1)"},
)
WHOLE_FORDELINGER = (
    "query F($k: String, $after: String) {"
    f" fordelinger(first: 4, kommunenummer: $k, after: $after) {{ {SIDER} }} }}"
)
"""Pages of fordelinger: of each row, the person's classes and a family."""
MELDT = everything(INNMELDINGER, {"en": "(first: 1)"})
WHOLE_INNMELDINGER = (
    "query I($k: String, $after: String) {"
    f" innmeldinger(first: 40, kommunenummer: $k, after: $after) {{ {MELDT} }} }}"
)
"""Pages of innmeldinger: each one's person whole (one hendelse)."""
SOKT = everything(PERSONSOK, {"to": "(first: 2)"})
WHOLE_SOK = f"query S($navn: String!) {{ personsok(first: 30, navn: $navn) {{ {SOKT} }} }}"
WHOLE_SOK_REG = (
    f"query S($reg: String!) {{ personsok(first: 2, registreringsnummer: $reg) {{ {SOKT} }} }}"
)
KANDIDATER = everything(BOSETTINGSDATOER, {"to": "(first: 2)"})
WHOLE_BOSETTINGSDATOER = (
    f"query B($k: String) {{ bosettingsdatoer(first: 50, kommunenummer: $k) {{ {KANDIDATER} }} }}"
)
WHOLE_PERSONLISTE = f"{{ arbeidsflate {{ __typename personliste {{ {LISTED} }} }} }}"


def differences(runner: Runner, persons: Persons) -> list[tuple[str, str]]:
    """Every (subject, DUF-nr or fordeling id) whose whole person or whole fordeling answers
    differently compiled."""
    asked: list[tuple[str, dict[str, Any]]] = [(WHOLE, {"duf": duf}) for duf in persons.duf_numbers]
    asked += [(WHOLE_FORDELING, {"id": id_}) for id_ in persons.fordeling_ids]
    # Every person at once, twice the first, and one no person has.
    listed = [n for n in persons.duf_numbers if n not in REFUSED and len(n) <= 20]
    asked += [(WHOLE_LIST, {"dufs": [*listed, listed[0]]})]
    asked += [(WHOLE_PERSONLISTE, {})]
    # A name every world person has (IMDi: the whole register), and a family's number.
    asked += [(WHOLE_SOK, {"navn": "Verdi"}), (WHOLE_SOK_REG, {"reg": "9900000020"})]
    # The caller's own kommune's list (IMDi names it), and another's.
    asked += [(WHOLE_BOSETTINGSDATOER, {"k": kommune}) for kommune in (K, OTHER)]
    # Every kommune's, the world's kommune's, and a page past the first.
    asked += [
        (WHOLE_FORDELINGER, {"k": kommune, "after": after})
        for kommune, after in (
            (None, None),
            (K, None),
            (None, encode_cursor("fordelinger", 4)),
        )
    ]
    asked += [
        (WHOLE_INNMELDINGER, {"k": kommune, "after": after})
        for kommune, after in (
            (None, None),
            (K, None),
            (OTHER, None),
            (K, encode_cursor("innmeldinger", 40)),
        )
    ]
    found = []
    for subject in SUBJECTS:
        for query, variables in asked:
            compiled, standard = runner.both(subject, query, variables)
            value = next(iter(variables.values()), None)
            refused = value in REFUSED or len(value) > 20 if isinstance(value, str) else False
            # (bosettingsdatoer: the resolver refuses some callers, and answers them itself)
            refused = refused or any(len(error[1]) == 1 for error in standard.errors)
            assert compiled.execution == ("standard" if refused else "compiled"), value
            if not same(compiled, standard):
                found.append((subject, str(value)))
    return found


def test_every_caller_on_every_person_alike(runner: Runner, persons: Persons) -> None:
    assert differences(runner, persons) == []


def guard(navn: str, original: str, erstatning: str) -> Mutant:
    return Mutant(navn, "authz.sqlguard", "_kinds", original, erstatning)


GUARD_MUTANTS = (
    guard(
        "the EM limit's day counts as under 15",
        "(grense + timedelta(days=1), lambda r: r.fodselsdato > grense)",
        "(grense + timedelta(days=1), lambda r: r.fodselsdato >= grense)",
    ),
    guard(
        "søkt ut and bosatt swapped",
        "(None, lambda r: r.bosettingsdato.is_(None)),",
        "(None, lambda r: r.bosettingsdato.is_not(None)),",
    ),
    guard(
        "a pending fordeling read as none",
        "[(False, lambda r: not_(r.pa_fordeling)), (True, lambda r: r.pa_fordeling)]",
        "[(False, lambda r: r.pa_fordeling), (True, lambda r: not_(r.pa_fordeling))]",
    ),
    guard(
        "another kommune's utsøking read as the caller's",
        "utsoking.append((principal.kommunenummer, lambda r: r.utsoking_kommune == kommune))",
        "utsoking.append((principal.kommunenummer, lambda r: r.utsoking_kommune.is_not(None)))",
    ),
    guard(
        "enslig mindreårig read the other way",
        "(False, lambda r: not_(r.enslig_mindrearig)),\n"
        "            (True, lambda r: r.enslig_mindrearig),",
        "(False, lambda r: r.enslig_mindrearig),\n"
        "            (True, lambda r: not_(r.enslig_mindrearig)),",
    ),
)


@pytest.mark.parametrize("mutant", GUARD_MUTANTS, ids=lambda m: m.navn)
def test_a_broken_guard_shows(runner: Runner, persons: Persons, mutant: Mutant) -> None:
    with applied(mutant):
        assert differences(runner, persons), f"{mutant.navn}: no answer differs"


def test_a_kept_walk_answers_each_request_by_its_own_values(
    runner: Runner, persons: Persons
) -> None:
    """The walk of a document is kept (resolvers/compiled/run.py): a value the resolver refuses
    sends that request alone to the standard execution, and a new shape walks again."""
    query = (
        "query K($duf: String!, $n: Int!, $type: HendelseType) { person(dufNr: $duf) {"
        " navn hendelser(first: $n, type: $type) { totalCount edges { node { id } } } } }"
    )
    imdi = "demo-imdi-saksbehandler"
    varied = persons.duf_numbers[0]
    for variables, execution in (
        ({"duf": varied, "n": 2}, "compiled"),
        ({"duf": "12345", "n": 2}, "standard"),
        ({"duf": varied, "n": 0}, "standard"),
        ({"duf": varied, "n": 3}, "compiled"),
        ({"duf": varied, "n": 3, "type": "NOTAT"}, "compiled"),
        ({"duf": varied, "n": 1, "type": "SYSTEMHENDELSE"}, "compiled"),
        ({"duf": varied, "n": 1}, "compiled"),
    ):
        compiled, standard = runner.both(imdi, query, variables)
        assert compiled.execution == execution, variables
        assert same(compiled, standard), variables
