"""``schema.graphql`` is the printed schema; a change to the code must export it again."""

from __future__ import annotations

from schema import SDL_PATH, sdl


def test_schema_graphql_equals_the_code() -> None:
    assert SDL_PATH.read_text() == sdl(), "schema.graphql is stale: run ./bosetting export-schema"


def test_permission_names_do_not_leak_into_the_public_schema() -> None:
    assert "@" not in sdl()
