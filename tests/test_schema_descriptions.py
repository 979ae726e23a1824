"""Every type, field, argument, enum value and input field of the schema has a description:
the description rules of graphql-schema-linter (types-have-descriptions,
fields-have-descriptions, arguments-have-descriptions, enum-values-have-descriptions,
input-object-values-have-descriptions), run over graphql-core's schema objects, both of the
exported ``schema.graphql`` and of the schema the server builds."""

from __future__ import annotations

from collections import Counter

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    build_schema,
    specified_scalar_types,
)
from strawberry.types.base import get_object_definition

from schema import SDL_PATH, schema
from schema.mutation import Mutation

TYPES = "types-have-descriptions"
FIELDS = "fields-have-descriptions"
ARGUMENTS = "arguments-have-descriptions"
ENUM_VALUES = "enum-values-have-descriptions"
INPUT_FIELDS = "input-object-values-have-descriptions"


def _described(description: str | None) -> bool:
    return bool(description and description.strip())


def missing_descriptions(schema: GraphQLSchema) -> list[tuple[str, str]]:
    """(rule, where) for each type, field, argument, enum value and input field of the
    schema's own definitions (not introspection's, not the specified scalars) without a
    description."""
    found: list[tuple[str, str]] = []
    for name, type_ in sorted(schema.type_map.items()):
        if name.startswith("__") or name in specified_scalar_types:
            continue
        if isinstance(
            type_,
            GraphQLObjectType
            | GraphQLInterfaceType
            | GraphQLInputObjectType
            | GraphQLUnionType
            | GraphQLEnumType
            | GraphQLScalarType,
        ) and not _described(type_.description):
            found.append((TYPES, name))
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in type_.fields.items():
                if not _described(field.description):
                    found.append((FIELDS, f"{name}.{field_name}"))
                for arg_name, arg in field.args.items():
                    if not _described(arg.description):
                        found.append((ARGUMENTS, f"{name}.{field_name}({arg_name}:)"))
        elif isinstance(type_, GraphQLInputObjectType):
            for field_name, input_field in type_.fields.items():
                if not _described(input_field.description):
                    found.append((INPUT_FIELDS, f"{name}.{field_name}"))
        elif isinstance(type_, GraphQLEnumType):
            for value_name, value in type_.values.items():
                if not _described(value.description):
                    found.append((ENUM_VALUES, f"{name}.{value_name}"))
    return found


def _report(found: list[tuple[str, str]]) -> str:
    counts = Counter(rule for rule, _ in found)
    lines = [f"{rule}: {count}" for rule, count in sorted(counts.items())]
    return "\n".join([*lines, *(f"  {rule}: {where}" for rule, where in found)])


@pytest.mark.parametrize("source", ["schema.graphql", "built schema"], ids=["exported", "built"])
def test_every_definition_has_a_description(source: str) -> None:
    checked = build_schema(SDL_PATH.read_text()) if source == "schema.graphql" else schema._schema
    found = missing_descriptions(checked)
    assert not found, "missing descriptions:\n" + _report(found)


def test_the_rules_find_each_kind_of_missing_description() -> None:
    """The rules themselves: one of each kind left undescribed is found, by its rule."""
    bare = build_schema(
        """
        "Described." type Query { "Described." a(x: Int, "Described." y: Int): Int
          b(i: In): E  "Described." s: S  "Described." u: U }
        input In { f: Int  "Described." g: Int }
        enum E { "Described." ONE  TWO }
        scalar S
        type T { "Described." t: Int }
        union U = T
        interface I { "Described." i: Int }
        type Q2 implements I { "Described." i: Int }
        "Described." type Unused { "Described." q: Q2 "Described." i: I }
        """
    )
    assert sorted(missing_descriptions(bare)) == sorted(
        [
            (ARGUMENTS, "Query.a(x:)"),
            (FIELDS, "Query.b"),
            (ARGUMENTS, "Query.b(i:)"),
            (TYPES, "In"),
            (INPUT_FIELDS, "In.f"),
            (TYPES, "E"),
            (ENUM_VALUES, "E.TWO"),
            (TYPES, "S"),
            (TYPES, "T"),
            (TYPES, "U"),
            (TYPES, "I"),
            (TYPES, "Q2"),
        ]
    )


def test_a_mutation_is_described_once() -> None:
    """A mutation's text for API users is its description in the schema; a docstring on its
    resolver would be a second copy that drifts from it (Strawberry never publishes it)."""
    twice = []
    for field in get_object_definition(Mutation, strict=True).fields:
        assert _described(field.description), field.python_name
        resolver = field.base_resolver
        if resolver is not None and (resolver.wrapped_func.__doc__ or "").strip():
            twice.append(field.python_name)
    assert twice == []
