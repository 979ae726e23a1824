"""The root fields the compiler covers, and every field below them (the walk's table)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Select

from authz.principal import Principal
from resolvers.compiled.bosettingsdato import (
    BOSETTINGSDATO_TYPES,
    bosettingsdatoer_arguments,
    bosettingsdatoer_permitted,
    bosettingsdatoer_statement,
)
from resolvers.compiled.fordeling import (
    FORDELING,
    FORDELING_RAD,
    SAMMENDRAG,
    fordeling_arguments,
    fordeling_statement,
    fordelinger_arguments,
    fordelinger_statement,
)
from resolvers.compiled.innmelding import (
    INNMELDING_TYPES,
    innmeldinger_arguments,
    innmeldinger_statement,
)
from resolvers.compiled.paging import connection_types
from resolvers.compiled.person import (
    PERSON_TYPES,
    arbeidsflate_statement,
    person_arguments,
    person_statement,
    personer_arguments,
    personer_statement,
    rules,
)
from resolvers.compiled.personsok import (
    PERSONSOK_TYPES,
    personsok_arguments,
    personsok_statement,
)
from resolvers.compiled.walk import FieldRule, Node

STATEMENTS: dict[str, Callable[[Principal, date, Node], Select[Any]]] = {
    "person": person_statement,
    "personer": personer_statement,
    "fordeling": fordeling_statement,
    "fordelinger": fordelinger_statement,
    "innmeldinger": innmeldinger_statement,
    "arbeidsflate": arbeidsflate_statement,
    "personsok": personsok_statement,
    "bosettingsdatoer": bosettingsdatoer_statement,
}

PERMITTED: dict[str, Callable[[Principal, Node], bool]] = {
    "bosettingsdatoer": bosettingsdatoer_permitted,
}
"""Root fields whose resolver refuses some callers: the compiler answers only the others."""

TYPES: dict[str, dict[str, FieldRule]] = {
    "Query": {
        "person": FieldRule(arguments=person_arguments),
        "personer": FieldRule(arguments=personer_arguments, rows=True),
        "fordeling": FieldRule(arguments=fordeling_arguments),
        "fordelinger": FieldRule(arguments=fordelinger_arguments),
        "innmeldinger": FieldRule(arguments=innmeldinger_arguments),
        "arbeidsflate": FieldRule(),
        "personsok": FieldRule(arguments=personsok_arguments),
        "bosettingsdatoer": FieldRule(arguments=bosettingsdatoer_arguments),
    },
    **BOSETTINGSDATO_TYPES,
    **PERSONSOK_TYPES,
    "Arbeidsflate": {"personliste": FieldRule(rows=True)},
    **PERSON_TYPES,
    **connection_types("FordelingConnection", "FordelingEdge"),
    **INNMELDING_TYPES,
    "Fordeling": {**rules(FORDELING), "rader": FieldRule(rows=True)},
    "FordelingRad": {**rules(FORDELING_RAD), "person": FieldRule(klasse="identitet")},
    "FordelingRadSammendrag": rules(SAMMENDRAG),
}
"""Every field the compiler covers, by type; the walk refuses any other."""
