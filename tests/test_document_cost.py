"""The analysis of a document before validation (schema/document_analysis.py): exact figures
for small documents, each fragment measured once, cycles and long chains safe, and a price
for every list of the schema."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import pytest
from graphql import (
    FragmentDefinitionNode,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    parse,
    specified_rules,
)
from strawberry.extensions.query_depth_limiter import determine_depth

from demodata.generate import COLUMNS, generate
from schema import limits, prices, schema
from schema.document_analysis import UNPRICED, Analysis, analyse, root_fields, schema_facts

SCHEMA = schema._schema


def measured(query: str, variables: dict[str, Any] | None = None) -> Analysis:
    return analyse(SCHEMA, parse(query), None, variables)


def bomb(levels: int, leaf: str = "id") -> str:
    """``{ me { ...F0 } }``, each fragment spreading the next ten times."""
    parts = ["{ me { ...F0 } }"]
    for level in range(levels):
        spreads = " ".join(f"...F{level + 1}" for _ in range(10))
        parts.append(f"fragment F{level} on Bruker {{ {spreads} }}")
    parts.append(f"fragment F{levels} on Bruker {{ {leaf} }}")
    return "\n".join(parts)


def test_a_connection_costs_its_page_and_multiplies_what_is_inside() -> None:
    query = (
        '{ personsok(navn: "Kurt", first: 100) {'
        " edges { node { hendelser(first: 100) { totalCount } } } } }"
    )
    assert measured(query).nodes == 100 + 100 * 100


def test_every_list_counts() -> None:
    assert measured("{ kommuner { navn } }").nodes == 357
    oversikt = "{ oversiktBosettingAlle(ar: 2026) { kategorier { vedtak } } }"
    assert measured(oversikt).nodes == 357 + 357 * 3
    assert measured("{ me { roller } }").nodes == 10


def test_send_anmodning_costs_one_answer_per_kommune_asked() -> None:
    """A mutation acting once per kommune: its payload's lists count once per kommune."""
    literal = (
        'mutation { sendAnmodning(input: {kommunenummer: [%s], svarfrist: "2027-01-01",'
        " tall: []}) { anmodninger { tall { ar } summer { ar } hendelser { tittel } } } }"
    )
    one = 1 + 18 + 7 + 50
    assert measured(literal % '"0301"').nodes == one
    assert measured(literal % '"0301", "4601", "5501"').nodes == 3 * one
    by_variable = (
        "mutation($i: SendAnmodningInput!) { sendAnmodning(input: $i) {"
        " anmodninger { tall { ar } summer { ar } hendelser { tittel } } } }"
    )
    given = {"kommunenummer": ["0301", "4601"], "svarfrist": "2027-01-01", "tall": []}
    assert measured(by_variable, {"i": given}).nodes == 2 * one
    nested = (
        "mutation($k: [String!]!) { sendAnmodning(input: {kommunenummer: $k, svarfrist:"
        ' "2027-01-01", tall: []}) { anmodninger { id } } }'
    )
    assert measured(nested, {"k": ["0301"] * 357}).nodes == 357


def test_familie_counts_the_largest_family_but_one() -> None:
    query = '{ person(dufNr: "201803452201") { familie { person { familie { alder } } } } }'
    assert measured(query).nodes == 6 + 6 * 6
    assert measured(query).repeats == {"Person.familie": 2, "Familiemedlem.person": 1}


def test_personer_counts_its_list_given_inline_or_as_a_variable() -> None:
    inline = '{ personer(dufNr: ["1", "2", "3"]) { familie { alder } } }'
    assert measured(inline).nodes == 3 + 3 * 6
    variable = "query($d: [String!]!) { personer(dufNr: $d) { familie { alder } } }"
    assert measured(variable, {"d": ["1", "2", "3", "4"]}).nodes == 4 + 4 * 6
    # A single value where a list is expected is coerced to a list of one.
    assert measured(variable, {"d": "1"}).nodes == 1 + 6


def test_the_cost_uses_the_coerced_variables_defaults_included() -> None:
    query = (
        'query Q($n: Int = 100) { personsok(navn: "Kurt", first: $n) {'
        " edges { node { hendelser(first: $n) { totalCount } } } } }"
    )
    assert measured(query).nodes == 10_100
    assert measured(query, {"n": 20}).nodes == 20 + 20 * 20
    # A value that does not coerce fails at execution; it is priced as the smallest page.
    assert measured(query, {"n": "many"}).nodes == 1 + 1


def test_a_fragment_costs_as_much_as_the_lists_around_each_spread() -> None:
    query = (
        '{ a: personsok(navn: "K", first: 10) { ...E } b: personsok(navn: "K", first: 20)'
        " { ...E } } fragment E on PersonConnection { edges { node { hendelser(first: 5)"
        " { totalCount } } } }"
    )
    analysis = measured(query)
    assert analysis.nodes == (10 + 10 * 5) + (20 + 20 * 5)
    assert analysis.aliases == 2
    assert analysis.fields == 2 + 2 * 4  # edges node hendelser totalCount


def test_the_fragment_bomb_is_measured_without_walking_it() -> None:
    started = time.perf_counter()
    analysis = measured(bomb(8, leaf="a: id @include(if: true)"))
    elapsed = time.perf_counter() - started
    assert analysis.fields == 10**8 + 1
    assert analysis.aliases == 10**8
    assert analysis.directives == 10**8
    assert analysis.depth == 1
    assert elapsed < 0.05
    refused = limits.refusal(analysis)
    assert refused is not None
    assert refused.extensions == {"code": "LIMIT_EXCEEDED", "limit": "fields", "value": 5000}


def test_fragment_cycles_end() -> None:
    query = (
        "{ ...A } fragment A on Query { me { id } ...B }"
        " fragment B on Query { kommuner { navn } ...A }"
    )
    analysis = measured(query)
    assert analysis.nodes == 357
    assert root_fields(parse(query), None) == ["me", "kommuner"]
    selfish = "{ me { ...S } } fragment S on Bruker { id ...S }"
    assert measured(selfish).fields == 2


def test_a_long_chain_of_fragments_does_not_exhaust_the_stack() -> None:
    length = 3000
    parts = ["{ me { ...C0 } }"]
    parts += [f"fragment C{i} on Bruker {{ ...C{i + 1} }}" for i in range(length)]
    parts.append(f"fragment C{length} on Bruker {{ id }}")
    assert measured("\n".join(parts)).fields == 2


def test_depth_is_counted_as_strawberrys_limiter_counts_it() -> None:
    for query in (
        "{ me { id } }",
        '{ person(dufNr: "1") { familie { person { kompetanse { sprak { sprak } } } } } }',
        "{ me { ...B } } fragment B on Bruker { organisasjon { ... on Organisasjon { id } } }",
        "{ __schema { types { fields { type { ofType { name } } } } } me { id } }",
    ):
        document = parse(query)
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        expected = determine_depth(
            node=document.definitions[0],
            fragments=fragments,
            depth_so_far=0,
            max_depth=100,
            context=None,  # type: ignore[arg-type]
            operation_name="",
            should_ignore=None,
        )
        assert analyse(SCHEMA, document, None, None).depth == expected, query


def test_the_scope_sees_every_operation_when_none_is_named() -> None:
    document = parse("query A { me { id } } query B { ... on Query { kommuner { navn } } }")
    assert root_fields(document, "A") == ["me"]
    assert root_fields(document, None) == ["me", "kommuner"]
    assert root_fields(document, "C") == []


def test_every_list_of_the_schema_has_a_price() -> None:
    facts = schema_facts(SCHEMA)
    unpriced = []
    for type_ in SCHEMA.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
            continue
        for name, definition in type_.fields.items():
            output = definition.type
            output = output.of_type if isinstance(output, GraphQLNonNull) else output
            price = facts.prices.get((type_.name, name))
            if isinstance(output, GraphQLList) and (price is None or price is UNPRICED):
                unpriced.append(f"{type_.name}.{name}")
    assert unpriced == []
    named = {key.split(".")[0] for key in prices.PRICES}
    assert named <= set(SCHEMA.type_map), "a price names a type the schema lacks"
    for key in prices.PRICES:
        type_name, field_name = key.split(".")
        owner = SCHEMA.type_map[type_name]
        assert isinstance(owner, GraphQLObjectType), key
        assert field_name in owner.fields, key


def test_the_fields_that_lead_back_to_their_own_type() -> None:
    assert schema_facts(SCHEMA).recursive == {("Person", "familie"), ("Familiemedlem", "person")}


def test_the_familie_bound_is_the_largest_family_case_of_the_demo_data() -> None:
    data = generate(seed=7, persons=4000)
    column = COLUMNS["person"].index("registreringsnummer")
    sizes = Counter(row[column] for row in data.rows["person"])
    assert max(sizes.values()) == prices.FAMILIE_STORST


DEEP = '{ person(dufNr: "1") { ' + "familie { person { " * 8 + "navn" + " } }" * 8 + " } }"
MANY = "[" + ", ".join(f'"{i}"' for i in range(200)) + "]"


@pytest.mark.parametrize(
    ("query", "limit"),
    [
        (bomb(4), "fields"),
        ("{ " + " ".join(f"a{i}: me {{ id }}" for i in range(51)) + " }", "aliases"),
        (
            "{ me { " + " ".join(f"a{i}: id @skip(if: false)" for i in range(21)) + " } }",
            "directives",
        ),
        (DEEP, "depth"),
        (
            '{ person(dufNr: "1") { familie { person { familie { person {'
            " familie { alder } } } } } } }",
            "repeats",
        ),
        ("{ personer(dufNr: " + MANY + ") { hendelser(first: 100) { totalCount } } }", "cost"),
        ('{ personer(dufNr: ["1", "2"]) { hendelser(first: 100) { totalCount } } }', None),
        ("{ kommuner { navn } oversiktBosettingAlle(ar: 2026) { kategorier { vedtak } } }", None),
    ],
)
def test_the_first_limit_broken_is_named(query: str, limit: str | None) -> None:
    refused = limits.refusal(measured(query))
    assert (None if refused is None else (refused.extensions or {})["limit"]) == limit


def test_validation_names_its_budget_and_suggests_nothing() -> None:
    repeated = parse("{ " + " me { organisasjon { id } }" * 400 + " }")
    [error] = limits.validated(SCHEMA, repeated, tuple(specified_rules))
    assert error.extensions == {
        "code": "LIMIT_EXCEEDED",
        "limit": "validation_work",
        "value": limits.MAX_VALIDATION_WORK,
    }
    leaf = parse("{ me }")
    [error] = limits.validated(SCHEMA, leaf, tuple(specified_rules))
    assert error.message == "Field 'me' of type 'Bruker!' must have a selection of subfields."
    assert limits.without_suggestion("Unknown argument 'fist'. Did you mean 'first'?") == (
        "Unknown argument 'fist'."
    )
