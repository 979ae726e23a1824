"""The panels of a user's arbeidsflate."""

from __future__ import annotations

import strawberry

from schema import bounds
from schema.enums import Panel, Snarvei


@strawberry.type(description="One panel of the arbeidsflate, in the user's order.")
class Arbeidsflatepanel:
    panel: Panel = strawberry.field(description="Which panel.")
    synlig: bool = strawberry.field(description="Whether the user shows it.")
    snarveier: list[Snarvei] = strawberry.field(description="The SNARVEIER panel's shortcuts.")


@strawberry.input(description="One panel of the arbeidsflate, as the user wants it.")
class PanelInput:
    panel: Panel = strawberry.field(description="Which panel.")
    synlig: bool = strawberry.field(default=True, description="Whether to show it.")
    snarveier: list[Snarvei] = bounds.field(
        "The SNARVEIER panel's shortcuts, each once, in the order shown; empty for the other "
        "panels.",
        items=bounds.SNARVEIER,
        default_factory=list,
    )
