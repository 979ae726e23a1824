"""The assembled schema; ``schema.graphql`` is its printed form, kept equal by a test."""

from __future__ import annotations

from pathlib import Path

import strawberry
from strawberry.printer import print_schema

from schema.query import Query

schema = strawberry.Schema(query=Query)

SDL_PATH = Path(__file__).resolve().parent.parent / "schema.graphql"


def sdl() -> str:
    return print_schema(schema) + "\n"
