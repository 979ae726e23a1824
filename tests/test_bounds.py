"""Every String and every list the schema takes has a bound, stated in its description and
checked before the resolver runs; a new one without a bound stops the schema from building."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
import strawberry
from graphql import (
    GraphQLArgument,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    get_named_type,
)

from schema import bounds, schema


def _list(type_: GraphQLInputType) -> bool:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


def _problems(where: str, value: GraphQLArgument | GraphQLInputField) -> list[str]:
    metadata: dict[str, Any] = dict(value.extensions["strawberry-definition"].metadata)
    description = value.description or ""
    problems = []
    string = get_named_type(value.type).name == "String"
    if _list(value.type):
        items = metadata.get(bounds.MAX_ITEMS)
        if items is None or f"At most {items} values." not in description:
            problems.append(f"{where}: no 'At most N values.' ({description!r})")
        length = metadata.get(bounds.ITEM_LENGTH)
        if string and (length is None or f"Each at most {length} characters." not in description):
            problems.append(f"{where}: no 'Each at most N characters.' ({description!r})")
    elif string:
        length = metadata.get(bounds.MAX_LENGTH)
        if length is None or not description.endswith(f"At most {length} characters."):
            problems.append(f"{where}: no 'At most N characters.' ({description!r})")
    return problems


def test_every_string_and_list_input_has_a_bound_in_its_description() -> None:
    graphql_schema = schema._schema
    problems: list[str] = []
    checked = 0
    for type_ in graphql_schema.type_map.values():
        if type_.name.startswith("__"):
            continue
        if isinstance(type_, GraphQLObjectType):
            for name, field in type_.fields.items():
                if not field.args:
                    continue
                extensions = field.extensions["strawberry-definition"].extensions
                if not any(isinstance(e, bounds.InputBounds) for e in extensions):
                    problems.append(f"{type_.name}.{name}: arguments without InputBounds")
                for arg_name, arg in field.args.items():
                    checked += 1
                    problems += _problems(f"{type_.name}.{name}({arg_name}:)", arg)
        elif isinstance(type_, GraphQLInputObjectType):
            for name, input_field in type_.fields.items():
                checked += 1
                problems += _problems(f"{type_.name}.{name}", input_field)
    assert not problems, "\n".join(problems)
    assert checked > 100


def test_the_chosen_limits() -> None:
    args = schema._schema.query_type.fields["personsok"].args  # type: ignore[union-attr]
    assert args["navn"].description is not None
    assert args["navn"].description.endswith("At most 100 characters.")
    notat = schema._schema.type_map["NotatInput"]
    assert isinstance(notat, GraphQLInputObjectType)
    assert str(notat.fields["tekst"].description).endswith("At most 10000 characters.")
    assert str(notat.fields["tittel"].description).endswith("At most 200 characters.")


def _build(query: type) -> strawberry.Schema:
    return strawberry.Schema(query=query)


def unbounded_argument(navn: str) -> str:
    return navn


@strawberry.input
class Unbounded:
    tekst: str = bounds.field(length=10)
    merknader: list[str] = bounds.field(items=3)  # the items' length is unbounded


def unbounded_input(input: Unbounded) -> str:
    return input.tekst


CALLS: list[str] = []


def bounded(
    navn: Annotated[str, bounds.argument(length=5)],
    tall: Annotated[list[int] | None, bounds.argument(items=2)] = None,
) -> str:
    CALLS.append(navn)
    return navn


def test_a_string_argument_without_a_bound_stops_the_schema() -> None:
    @bounds.checked
    @strawberry.type
    class Query:
        hello: str = strawberry.field(resolver=unbounded_argument)

    # graphql-core builds the fields late and names the error a TypeError.
    with pytest.raises(TypeError, match=r"Query\.hello\(navn:\): a String input needs a bound"):
        _build(Query)


def test_an_input_field_or_list_without_a_bound_stops_the_schema() -> None:
    @bounds.checked
    @strawberry.type
    class Query:
        hello: str = strawberry.field(resolver=unbounded_input)

    with pytest.raises(TypeError, match=r"Unbounded\.merknader\[\]: .*item_length"):
        _build(Query)


def test_bounded_arguments_are_checked_before_the_resolver_runs() -> None:
    @bounds.checked
    @strawberry.type
    class Query:
        hello: str = strawberry.field(resolver=bounded)

    built = _build(Query)
    CALLS.clear()
    ok = built.execute_sync('{ hello(navn: "Kari") }')
    assert ok.data == {"hello": "Kari"}
    long = built.execute_sync('{ hello(navn: "Kari Nordmann") }')
    assert long.errors is not None
    assert long.errors[0].message == "navn: at most 5 characters, not 13"
    assert long.errors[0].extensions == {"code": "BAD_USER_INPUT", "field": "navn"}
    many = built.execute_sync('{ hello(navn: "Kari", tall: [1, 2, 3]) }')
    assert many.errors is not None
    assert many.errors[0].message == "tall: at most 2 values, not 3"
    assert CALLS == ["Kari"]
