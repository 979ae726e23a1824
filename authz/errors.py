"""Errors raised below the schema layer that the API returns as they are.

``schema.errors`` re-exports them beside the errors of the schema layer itself.
"""

from __future__ import annotations

from graphql import GraphQLError

FORBIDDEN = "Forbidden"


class BadInputError(GraphQLError):
    """An argument breaks a rule; the message names the argument and the rule."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(
            f"{field}: {message}", extensions={"code": "BAD_USER_INPUT", "field": field}
        )
