"""The panels of a user's arbeidsflate."""

from __future__ import annotations

import strawberry

from schema import bounds
from schema.enums import Panel, Snarvei


@strawberry.type(description="One panel of the arbeidsflate, in the user's order.")
class Arbeidsflatepanel:
    panel: Panel
    synlig: bool
    snarveier: list[Snarvei] = strawberry.field(description="The SNARVEIER panel's shortcuts.")


@strawberry.input
class PanelInput:
    panel: Panel
    synlig: bool = True
    snarveier: list[Snarvei] = bounds.field(
        "The SNARVEIER panel's shortcuts, each once.",
        items=bounds.SNARVEIER,
        default_factory=list,
    )
