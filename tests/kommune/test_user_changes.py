"""A step that changes a user tells this process at once (``user_changed``), so its own
remembered logins of that user end before the NOTIFY arrives; a step that fails tells
nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from authz.principal import load_principal
from schema import schema
from tests.support import in_process_context

SUBJECT = "demo-0301-bosetter-skriv"


class Hub:
    def __init__(self) -> None:
        self.changed: list[int] = []

    def subscribe(self, bruker_id: int) -> Any:
        raise NotImplementedError

    def user_changed(self, bruker_id: int) -> None:
        self.changed.append(bruker_id)


async def _as_admin(engine: AsyncEngine, hub: Hub, query: str, **variables: Any) -> Any:
    async with engine.connect() as connection:
        admin = await load_principal(connection, "demo-0301-admin")
    context = in_process_context(engine, admin, "req-user-changes", varselhub=hub)
    result = await schema.execute(query, variable_values=variables, context_value=context)
    assert not result.errors, result.errors
    return result.data


async def test_deactivating_and_changing_roles_announce_the_user(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        bruker_id = await connection.scalar(
            text("SELECT id FROM bruker WHERE subject = :s"), {"s": SUBJECT}
        )
    hub = Hub()
    mutations = (
        "mutation($id: ID!) { fjernRolle(brukerId: $id, rolle: KOMMUNE_BOSETTER_SKRIV)"
        " { feil { code } } }",
        "mutation($id: ID!) { deaktiverBruker(brukerId: $id) { feil { code } } }",
    )
    for mutation in mutations:
        data = await _as_admin(engine, hub, mutation, id=str(bruker_id))
        assert next(iter(data.values()))["feil"] == []
    assert hub.changed == [bruker_id, bruker_id]


async def test_a_refused_step_announces_nothing(engine: AsyncEngine) -> None:
    hub = Hub()
    data = await _as_admin(
        engine, hub, 'mutation { deaktiverBruker(brukerId: "999999") { feil { code } } }'
    )
    assert data["deaktiverBruker"]["feil"][0]["code"] == "NOT_FOUND"
    assert hub.changed == []
