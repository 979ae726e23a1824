"""The payload of a change to the personliste."""

from __future__ import annotations

import strawberry

from schema.errors import UserError
from schema.person import Person


@strawberry.type(description="The result of a change to the personliste.")
class PersonlistePayload:
    personliste: list[Person] = strawberry.field(description="The list after the change.")
    feil: list[UserError] = strawberry.field(description="Empty when the change was made.")
