"""The assembled schema; ``schema.graphql`` is its printed form, kept equal by a test."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import strawberry
from graphql import GraphQLError
from strawberry.extensions import DisableIntrospection
from strawberry.printer import print_schema
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from schema import limits
from schema.executor import BosettingExecutor
from schema.extensions import (
    InnsynsloggExtension,
    InternalErrors,
    MaskinklientScope,
    OperationName,
    TraceOperation,
)
from schema.mutation import Mutation
from schema.query import Query
from schema.subscription import Subscription

logger = logging.getLogger("bosetting.errors")


class BosettingSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log what went wrong unexpectedly, with its trace; a denied field or a bad argument
        is no fault. Never the error's text: a GraphQLError prints the query's source (with
        any name or number written in it), and a database error's carries values (the log
        redaction in app.observability withholds those in the trace)."""
        for error in errors:
            if not _expected(error):
                original = error.original_error or error
                logger.error(
                    "unexpected %s in a GraphQL operation",
                    type(original).__name__,
                    exc_info=(type(original), original, original.__traceback__),
                )


def _expected(error: GraphQLError) -> bool:
    code = (error.extensions or {}).get("code")
    if code in ("FORBIDDEN", "BAD_USER_INPUT"):
        return True
    original = error.original_error
    # Validation and parse errors carry no original error; they are the caller's.
    return original is None or (isinstance(original, GraphQLError) and _expected(original))


INTROSPECTION = os.environ.get("BOSETTING_INTROSPECTION", "true").lower() not in (
    "false",
    "0",
    "no",
)
"""Introspection serves authenticated callers only (every request needs a token); off: none."""


def make_schema(executor: type[BosettingExecutor] | None = BosettingExecutor) -> BosettingSchema:
    """The schema; ``executor=None`` runs graphql-core's standard execution (the reference the
    faster one is tested against)."""
    return BosettingSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        config=StrawberryConfig(disable_field_suggestions=True),
        execution_context_class=executor,
        extensions=[
            TraceOperation,
            *limits.extensions(),
            *([] if INTROSPECTION else [DisableIntrospection]),
            OperationName,
            MaskinklientScope,
            InnsynsloggExtension,
            InternalErrors,
        ],
    )


schema = make_schema()

SDL_PATH = Path(__file__).resolve().parent.parent / "schema.graphql"


def sdl() -> str:
    return print_schema(schema) + "\n"
