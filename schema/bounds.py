"""Bounded input: the longest text of every String argument and input field, and the most
values of every list, declared where the argument or field is declared (:func:`argument`,
:func:`field`), stated in its schema description, and checked in one place
(:class:`InputBounds`) on the converted arguments, before the resolver runs. A field with
arguments gets the check from :func:`checked` on its type; a String or a list without a bound
stops the schema from being built.

The limits are part of the API (every description states its own), so they are constants,
not settings. Identifiers (DUF-nr, kommunenummer, personnummer …) keep their format rules;
their bound only stops a long value before any rule looks at it.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.types.base import (
    StrawberryList,
    StrawberryOptional,
    get_object_definition,
    has_object_definition,
)
from strawberry.types.field import StrawberryField
from strawberry.types.unset import UNSET
from strawberry.utils.str_converters import to_camel_case

from resolvers.statistikk import MAX_VERDIER
from schema.errors import BadInputError
from schema.pagination import MAX_CURSOR_LENGTH

# Characters of one text.
SOKETEKST = 100
"""``personsok(navn:)``: a name search (the trigram search's cost grows with it)."""
IDENTIFIKATOR = 20
"""Codes and numbers with a format of their own (the longest, a DUF-nr, has 12 digits)."""
NAVN = 200
"""Names of persons, users, offices and fordelinger."""
TITTEL = 200
"""Titles of notater and anmodninger."""
AVDELING = 200
TELEFON = 50
EPOST = 254
"""The longest address SMTP carries (RFC 5321)."""
ADRESSE = 500
SUBJECT = 255
"""OpenID Connect's longest ``sub``."""
IDEMPOTENSNOKKEL = 200
KILDENOKKEL = 100
"""A source's own key of a kompetanse entry (the column's CHECK says the same)."""
CURSOR = MAX_CURSOR_LENGTH
BEGRUNNELSE = 2_000
"""Reasons, comments, merknader, answers and descriptions: a few paragraphs."""
NOTAT = 10_000
"""The text of a notat: a few pages."""

# Values of one list.
PERSONER = 200
"""DUF-numbers in ``personer`` and persons on one fordelingsliste."""
NOTAT_PERSONER = 100
KOMMUNER = 400
"""Kommuner of one anmodning (there are 357)."""
ANMODNING_TALL = 100
SNARVEIER = 10
STATISTIKK_VERDIER = MAX_VERDIER
"""Values of one statistics filter (more than there are kommuner or nationalities); the
statistics' own check (resolvers/statistikk.py) holds the number."""

MAX_LENGTH = "bosetting.max_length"
MAX_ITEMS = "bosetting.max_items"
ITEM_LENGTH = "bosetting.item_length"


def describe(
    description: str = "",
    *,
    length: int | None = None,
    items: int | None = None,
    item_length: int | None = None,
) -> str:
    """The description with the bounds stated: "… At most 200 characters." """
    parts = [description.strip()] if description.strip() else []
    if length is not None:
        parts.append(f"At most {length} characters.")
    if items is not None:
        parts.append(f"At most {items} values.")
    if item_length is not None:
        parts.append(f"Each at most {item_length} characters.")
    return " ".join(parts)


def _metadata(length: int | None, items: int | None, item_length: int | None) -> dict[str, int]:
    given = {MAX_LENGTH: length, MAX_ITEMS: items, ITEM_LENGTH: item_length}
    return {key: value for key, value in given.items() if value is not None}


def argument(
    description: str = "",
    *,
    length: int | None = None,
    items: int | None = None,
    item_length: int | None = None,
) -> Any:
    """A bounded argument: ``navn: Annotated[str | None, bounds.argument(length=100)]``."""
    return strawberry.argument(
        description=describe(description, length=length, items=items, item_length=item_length),
        metadata=_metadata(length, items, item_length),
    )


def field(
    description: str = "",
    *,
    length: int | None = None,
    items: int | None = None,
    item_length: int | None = None,
    default: Any = dataclasses.MISSING,
    default_factory: Any = dataclasses.MISSING,
) -> Any:
    """A bounded field of an input type: ``tittel: str = bounds.field(length=200)``."""
    return strawberry.field(
        description=describe(description, length=length, items=items, item_length=item_length),
        metadata=_metadata(length, items, item_length),
        default=default,
        default_factory=default_factory,
    )


Check = Callable[[Any, str], None]
"""Raises :class:`BadInputError` naming the path when the value breaks a bound."""


class UnboundedInputError(TypeError):
    """A String or a list in the schema's input without a declared bound."""

    def __init__(self, where: str, kind: str) -> None:
        if kind != "String":
            declare = "items=…"
        elif where.endswith("[]"):
            declare = "item_length=… on the list"
        else:
            declare = "length=…"
        super().__init__(
            f"{where}: a {kind} input needs a bound; declare it with schema.bounds.argument() "
            f"or schema.bounds.field() ({declare})"
        )


def _length_check(limit: int) -> Check:
    def check(value: Any, path: str) -> None:
        if len(value) > limit:
            raise BadInputError(path, f"at most {limit} characters, not {len(value)}")

    return check


def _items_check(limit: int, item: Check | None) -> Check:
    def check(value: Any, path: str) -> None:
        if len(value) > limit:
            raise BadInputError(path, f"at most {limit} values, not {len(value)}")
        if item is not None:
            for index, entry in enumerate(value):
                item(entry, f"{path}[{index}]")

    return check


def _optional(inner: Check) -> Check:
    def check(value: Any, path: str) -> None:
        if value is not None and value is not UNSET:
            inner(value, path)

    return check


_input_checks: dict[type, Check | None] = {}


def _input_check(cls: type) -> Check | None:
    """The check of an input type: each of its fields with a bound, by its GraphQL name."""
    if cls in _input_checks:
        return _input_checks[cls]
    built: list[Check] = []

    def recursive(value: Any, path: str) -> None:
        for check in built:  # an input type that contains itself, checked at every level
            check(value, path)

    _input_checks[cls] = recursive
    definition = get_object_definition(cls, strict=True)
    fields: list[tuple[str, str, Check]] = []
    for input_field in definition.fields:
        name = input_field.graphql_name or to_camel_case(input_field.python_name)
        bound = plan(input_field.type, f"{definition.name}.{name}", input_field.metadata)
        if bound is not None:
            fields.append((input_field.python_name, name, bound))
    if not fields:
        _input_checks[cls] = None
        return None

    def check(value: Any, path: str) -> None:
        for python_name, name, field_check in fields:
            field_check(getattr(value, python_name, None), f"{path}.{name}")

    built.append(check)
    _input_checks[cls] = check
    return check


def plan(type_: Any, where: str, metadata: Mapping[Any, Any]) -> Check | None:
    """The check of a value of ``type_`` (None: nothing to check). ``where`` names the
    argument or field in an error of the schema's author."""
    if isinstance(type_, StrawberryOptional):
        inner = plan(type_.of_type, where, metadata)
        return _optional(inner) if inner is not None else None
    if isinstance(type_, StrawberryList):
        items = metadata.get(MAX_ITEMS)
        if items is None:
            raise UnboundedInputError(where, "list")
        item_length = metadata.get(ITEM_LENGTH)
        item = plan(
            type_.of_type, f"{where}[]", {} if item_length is None else {MAX_LENGTH: item_length}
        )
        return _items_check(items, item)
    if type_ is str:
        length = metadata.get(MAX_LENGTH)
        if length is None:
            raise UnboundedInputError(where, "String")
        return _length_check(length)
    if isinstance(type_, type) and has_object_definition(type_):
        definition = get_object_definition(type_, strict=True)
        if definition.is_input:
            return _input_check(type_)
    return None


class InputBounds(FieldExtension):
    """Checks a field's converted arguments against their bounds before its resolver runs
    (the refusal is the field's error, BAD_USER_INPUT, naming the argument)."""

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.checks: list[tuple[str, str, Check]] = []

    def apply(self, field: StrawberryField) -> None:
        self.checks = []  # each schema built from the type applies it again
        for arg in field.arguments:
            name = arg.graphql_name or to_camel_case(arg.python_name)
            check = plan(arg.type, f"{self.owner}.{field.name}({name}:)", arg.metadata)
            if check is not None:
                self.checks.append((arg.python_name, name, check))

    def map_arguments(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        for python_name, name, check in self.checks:
            check(kwargs.get(python_name), name)
        return kwargs


_RESERVED = {"self", "info", "root", "parent"}

T = TypeVar("T", bound=type)


def _has_arguments(field: StrawberryField) -> bool:
    resolver = field.base_resolver
    if resolver is None:
        return False
    func: Callable[..., Any] = resolver.wrapped_func  # type: ignore[assignment]
    parameters = inspect.signature(func).parameters
    return any(name not in _RESERVED for name in parameters)


def checked(cls: T) -> T:
    """Class decorator (above ``@strawberry.type``): every field of the type that takes
    arguments gets :class:`InputBounds`."""
    definition = get_object_definition(cls, strict=True)
    for type_field in definition.fields:
        if _has_arguments(type_field) and not any(
            isinstance(extension, InputBounds) for extension in type_field.extensions
        ):
            type_field.extensions.append(InputBounds(definition.name))
    return cls


# The arguments many fields share.
After = Annotated[
    str | None,
    argument("The endCursor of the page before this one; null: the first page.", length=CURSOR),
]
DufNr = Annotated[str, argument("The person's DUF-nummer: 12 digits.", length=IDENTIFIKATOR)]
KommunenummerValg = Annotated[
    str | None,
    argument(
        "Only this kommune's, by kommunenummer (four digits); null: every kommune the caller "
        "may read.",
        length=IDENTIFIKATOR,
    ),
]
Kommunenummer = Annotated[
    str | None,
    argument(
        "The kommune, by kommunenummer (four digits): IMDi names it; a kommune user may leave "
        "it out and reads its own.",
        length=IDENTIFIKATOR,
    ),
]
