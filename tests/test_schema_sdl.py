"""``schema.graphql`` is the printed schema; a change to the code must export it again."""

from __future__ import annotations

import re

from authz import permissions
from schema import SDL_PATH, sdl


def test_schema_graphql_equals_the_code() -> None:
    assert SDL_PATH.read_text() == sdl(), "schema.graphql is stale: run ./bosetting export-schema"


def test_permission_classes_print_no_directive_into_the_public_schema() -> None:
    text = sdl()
    assert "directive @" not in text
    assert set(re.findall(r"@(\w+)", text)) <= {"specifiedBy"}
    for name in ("LeseIdentitet", "LeseGrunndata", "LesePersonmappe"):
        assert hasattr(permissions, name)
        assert name not in text
