"""The layout of the user's arbeidsflate, saved per user."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from models import ArbeidsflateOppsett
from models.enums import Panel, Snarvei
from resolvers.steps import OWN_DATA, run_step
from resolvers.workflows.tx import Tx
from schema import bounds
from schema.arbeidsflatepanel import Arbeidsflatepanel, PanelInput
from schema.context import Ctx
from schema.errors import BadInputError

STANDARD_SNARVEIER = [Snarvei.FORDELINGER, Snarvei.ANMODNINGER, Snarvei.INNMELDINGER]
MAKS_SNARVEIER = bounds.SNARVEIER


def _paneler(stored: list[dict[str, Any]] | None) -> list[Arbeidsflatepanel]:
    if not stored:
        return [
            Arbeidsflatepanel(
                panel=panel,
                synlig=True,
                snarveier=list(STANDARD_SNARVEIER) if panel == Panel.SNARVEIER else [],
            )
            for panel in Panel
        ]
    return [
        Arbeidsflatepanel(
            panel=Panel(item["panel"]),
            synlig=bool(item["synlig"]),
            snarveier=[Snarvei(s) for s in item.get("snarveier", [])],
        )
        for item in stored
    ]


async def paneler(info: Ctx) -> list[Arbeidsflatepanel]:
    rows = await info.context.db.all(
        select(ArbeidsflateOppsett.paneler).where(
            ArbeidsflateOppsett.bruker_id == info.context.caller.bruker_id
        )
    )
    return _paneler(rows[0].paneler if rows else None)


async def lagre(info: Ctx, paneler: list[PanelInput]) -> None:
    """The user's layout: every panel once, in the order shown, each visible or hidden."""
    given = [p.panel for p in paneler]
    if sorted(given) != sorted(Panel):
        raise BadInputError(
            "paneler", f"give each of {', '.join(p.value for p in Panel)} exactly once"
        )
    for index, panel in enumerate(paneler):
        if panel.snarveier and panel.panel != Panel.SNARVEIER:
            raise BadInputError(
                f"paneler[{index}].snarveier", "only the SNARVEIER panel has shortcuts"
            )
        if (
            len(set(panel.snarveier)) != len(panel.snarveier)
            or len(panel.snarveier) > MAKS_SNARVEIER
        ):
            raise BadInputError(
                f"paneler[{index}].snarveier", f"at most {MAKS_SNARVEIER} shortcuts, each once"
            )
    stored = [
        {"panel": p.panel.value, "synlig": p.synlig, "snarveier": [s.value for s in p.snarveier]}
        for p in paneler
    ]
    caller = info.context.caller

    async def step(tx: Tx) -> None:
        await tx.connection.execute(
            pg_insert(ArbeidsflateOppsett)
            .values(bruker_id=caller.bruker_id, paneler=stored)
            .on_conflict_do_update(
                index_elements=[ArbeidsflateOppsett.bruker_id],
                set_={"paneler": stored, "endret": tx.now},
            )
        )

    await run_step(info.context, OWN_DATA, step)
