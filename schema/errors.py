"""Errors the API returns on purpose: denied fields, bad input, and user errors in payloads."""

from __future__ import annotations

from datetime import date

import strawberry
from graphql import GraphQLError

from authz.errors import FORBIDDEN, BadInputError
from resolvers.workflows.rules import ErrorCode

__all__ = [
    "FORBIDDEN",
    "MAX_ID",
    "BadInputError",
    "ForbiddenError",
    "UserError",
    "database_id",
]


class ForbiddenError(GraphQLError):
    """A denied field: the same words whatever the reason, so a denial tells nothing."""

    def __init__(self) -> None:
        super().__init__(FORBIDDEN, extensions={"code": "FORBIDDEN"})


@strawberry.type(
    description="Why a mutation's step was refused (a broken rule of the process); nothing was "
    "written."
)
class UserError:
    field: str = strawberry.field(
        description="The input field or argument at fault, as named in the query (dufNr, "
        "vedtak[0].antall, …)."
    )
    message: str = strawberry.field(description="What rule was broken, in words.")
    code: str = strawberry.field(
        description="The rule, for programs: one of " + ", ".join(ErrorCode) + "."
    )


MAX_ID = 2**63 - 1


def database_id(value: str, field: str = "id") -> int:
    """An ID argument as the database's bigint; anything else is bad input naming the field."""
    if not (len(value) <= 19 and value.isascii() and value.isdigit()) or int(value) > MAX_ID:
        raise BadInputError(field, "not an id")
    return int(value)


def check_period(
    fra: date | None, til: date | None, *, fra_felt: str = "fra", til_felt: str = "til"
) -> None:
    """A period given by its two ends (either may be left open) must not end before it
    starts; the error names the end."""
    if fra is not None and til is not None and til < fra:
        raise BadInputError(til_felt, f"the period ends before it starts ({fra_felt} {fra})")
