"""What every source system's delivery shares (issue 16, part 1): one transaction, each person
standing alone in a savepoint, and the idempotency key that makes a repeated delivery change
nothing and answer the same."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from models import Kildeskriving
from models.enums import Kilde, Kildestatus, Omrade
from resolvers.workflows.effekter import systemhendelse
from resolvers.workflows.rules import ErrorCode, Regelbrudd
from resolvers.workflows.tx import Tx

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Feil:
    field: str
    message: str
    code: str


@dataclass(frozen=True, slots=True)
class Resultat:
    duf_nr: str
    status: Kildestatus
    feil: list[Feil] = field(default_factory=list)


async def levering(
    tx: Tx,
    kilde: Kilde,
    nokkel: str,
    items: Sequence[T],
    duf_nr: Callable[[T], str],
    skriv: Callable[[Tx, T, str], Awaitable[Kildestatus]],
) -> tuple[list[Resultat], bool]:
    """``skriv`` each item (``personer[i]`` names it in an error), each in a savepoint of its
    own; and whether ``nokkel`` was delivered before (then nothing is written, and the earlier
    answer is given). The key is taken first, in this transaction: a second delivery of it
    running at once waits, then finds it."""
    claimed = (
        await tx.connection.execute(
            pg_insert(Kildeskriving)
            .values(kilde=kilde, idempotensnokkel=nokkel, resultat=[])
            .on_conflict_do_nothing()
            .returning(Kildeskriving.idempotensnokkel)
        )
    ).first()
    if claimed is None:
        stored = await tx.connection.scalar(
            select(Kildeskriving.resultat).where(
                Kildeskriving.kilde == kilde, Kildeskriving.idempotensnokkel == nokkel
            )
        )
        return [_fra_json(entry) for entry in stored or []], True
    resultater: list[Resultat] = []
    for index, item in enumerate(items):
        try:
            async with tx.connection.begin_nested():
                status = await skriv(tx, item, f"personer[{index}]")
            resultater.append(Resultat(duf_nr(item), status))
        except Regelbrudd as broken:
            feil = Feil(broken.field, broken.message, broken.code.value)
            resultater.append(Resultat(duf_nr(item), Kildestatus.AVVIST, [feil]))
    await tx.connection.execute(
        update(Kildeskriving)
        .where(Kildeskriving.kilde == kilde, Kildeskriving.idempotensnokkel == nokkel)
        .values(resultat=[asdict(r) for r in resultater])
    )
    return resultater, False


async def egen_seksjon(tx: Tx, table: Any, person_id: int, kilde: Kilde, felt: str) -> Any:
    """A one-row section of the person (locked), or None; refused (``felt`` names it) when
    another source than ``kilde`` registered it: no source overwrites another's entry."""
    row = (
        await tx.connection.execute(
            select(table).where(table.person_id == person_id).with_for_update()
        )
    ).first()
    if row is not None and row.kilde != kilde:
        raise Regelbrudd(
            felt,
            f"{Kilde(row.kilde).value} registered it; {kilde.value} does not overwrite another "
            "source's entry",
            ErrorCode.OTHER_SOURCE,
        )
    return row


async def kildehendelse(tx: Tx, kilde: Kilde, person_id: int, tittel: str, felt: list[str]) -> None:
    """The hendelse on the person of a source's write: which fields it wrote, never their
    values (the hendelse is read by more than read them)."""
    await systemhendelse(
        tx.connection,
        omrade=Omrade.PERSON,
        kommunenummer=None,
        tittel=tittel,
        tekst=", ".join(felt),
        detaljer={"kilde": kilde.value, "felt": felt},
        principal=tx.principal,
        personer=[person_id],
    )


async def utfall(
    tx: Tx, kilde: Kilde, person_id: int, tittel: str, endret: list[str]
) -> Kildestatus:
    """``UENDRET`` when the write changed nothing; else ``ENDRET``, with its hendelse."""
    if not endret:
        return Kildestatus.UENDRET
    await kildehendelse(tx, kilde, person_id, tittel, endret)
    return Kildestatus.ENDRET


def _fra_json(entry: dict[str, Any]) -> Resultat:
    return Resultat(
        entry["duf_nr"],
        Kildestatus(entry["status"]),
        [Feil(**feil) for feil in entry["feil"]],
    )
