"""Every step of every workflow from every status: the statuses the state diagrams allow start
it; every other status is refused with ILLEGAL_TRANSITION (or the reason the table names),
nothing is written, and a status the caller's read scope hides answers NOT_FOUND.

The expected tables are written here from the state diagrams in each workflow's docstring, not
read from the code: a changed table fails this test until the diagram (and this copy) agree.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.principal import Principal
from models.enums import (
    AnmodningStatus,
    FordelingStatus,
    InnmeldingStatus,
    Kategori,
    OrganisasjonType,
    Rolle,
    VedtakStatus,
)
from resolvers.workflows import anmodning, fordeling, innmelding
from resolvers.workflows.machine import Machine
from resolvers.workflows.rules import ErrorCode, Regelbrudd
from tests.factories import make_anmodning, make_fordeling, make_innmelding, make_principal
from tests.workflow_support import NOW, K, tx

A = AnmodningStatus
F = FordelingStatus
In = InnmeldingStatus

Call = Callable[[AsyncConnection, Principal, Any], Awaitable[object]]
"""A step called with valid arguments on the object the factory made."""


@dataclass(frozen=True)
class Expected:
    starts_from: frozenset[StrEnum]
    call: Call
    imdi: bool
    """Taken by IMDi (else by the kommune)."""
    to: StrEnum | None = None
    """The status the diagram's arrow leads to; None: the step keeps the status."""
    refusals: tuple[tuple[StrEnum, ErrorCode], ...] = ()


def expected(
    call: Call,
    *starts_from: StrEnum,
    imdi: bool,
    to: StrEnum | None = None,
    refusals: dict[Any, ErrorCode] | None = None,
) -> Expected:
    return Expected(frozenset(starts_from), call, imdi, to, tuple((refusals or {}).items()))


ANMODNING: dict[str, Expected] = {
    "purr": expected(
        lambda c, p, o: anmodning.purr(tx(c, p), o),
        A.IKKE_SVART,
        A.UNDER_ARBEID,
        A.PURRET,
        imdi=True,
        to=A.PURRET,
    ),
    "returner": expected(
        lambda c, p, o: anmodning.returner(tx(c, p), o, "Rett"), A.SVART, imdi=True, to=A.RETURNERT
    ),
    "bekreft": expected(
        lambda c, p, o: anmodning.bekreft(tx(c, p), o, None), A.SVART, imdi=True, to=A.BEKREFTET
    ),
    "kommenter": expected(
        lambda c, p, o: anmodning.kommenter(tx(c, p), o, "Fint"), A.SVART, A.BEKREFTET, imdi=True
    ),
    "apne": expected(
        lambda c, p, o: anmodning.apne(tx(c, p), o),
        A.IKKE_SVART,
        A.PURRET,
        A.RETURNERT,
        imdi=False,
        to=A.UNDER_ARBEID,
    ),
    "registrer_vedtak": expected(
        lambda c, p, o: anmodning.registrer_vedtak(
            tx(c, p),
            o,
            ar=2027,
            vedtak=[anmodning.VedtakInput(Kategori.ENSLIGE_VOKSNE_OG_FAMILIER, 20)],
            vedtaksdato=None,
        ),
        A.UNDER_ARBEID,
        imdi=False,
    ),
    "godkjenn": expected(
        lambda c, p, o: anmodning.godkjenn(tx(c, p), o), A.UNDER_ARBEID, imdi=False
    ),
    "angre": expected(lambda c, p, o: anmodning.angre(tx(c, p), o), A.UNDER_ARBEID, imdi=False),
    "send_svar": expected(
        lambda c, p, o: anmodning.send_svar(tx(c, p), o),
        A.UNDER_ARBEID,
        imdi=False,
        to=A.SVART,
        refusals={
            A.SVART: ErrorCode.ALREADY_ANSWERED,
            A.BEKREFTET: ErrorCode.ALREADY_ANSWERED,
            A.RETURNERT: ErrorCode.ILLEGAL_TRANSITION,  # in words of its own: reopen first
        },
    ),
    "endre_svarfrist": expected(
        lambda c, p, o: anmodning.endre_svarfrist(tx(c, p), o, date(2026, 5, 1), "Møte"),
        A.IKKE_SVART,
        A.UNDER_ARBEID,
        A.PURRET,
        A.RETURNERT,
        imdi=False,
    ),
}

FORDELING: dict[str, Expected] = {
    "send": expected(lambda c, p, o: fordeling.send(tx(c, p), o.id), F.UTKAST, imdi=True, to=F.NY),
    "sett_forventet_bosetting": expected(
        lambda c, p, o: fordeling.sett_forventet_bosetting(
            tx(c, p), o.rad_ids[0], date(2026, 6, 1)
        ),
        F.NY,
        imdi=False,
    ),
    "sett_bosettes": expected(
        lambda c, p, o: fordeling.sett_bosettes(tx(c, p), o.rad_ids[0], True, None),
        F.NY,
        imdi=False,
    ),
    "bekreft": expected(
        lambda c, p, o: fordeling.bekreft(tx(c, p), o.id, o.versjon),
        F.NY,
        imdi=False,
        to=F.BEKREFTET,
    ),
    "angre": expected(
        lambda c, p, o: fordeling.angre(tx(c, p), o.id), F.BEKREFTET, imdi=False, to=F.NY
    ),
    "send_svar": expected(
        lambda c, p, o: fordeling.send_svar(tx(c, p), o.id, o.versjon, "en-annen-nokkel"),
        F.BEKREFTET,
        imdi=False,
        to=F.SENDT,
        refusals={F.SENDT: ErrorCode.CONFLICT},
    ),
}

INNMELDING: dict[str, Expected] = {
    "kanseller": expected(
        lambda c, p, o: innmelding.kanseller(tx(c, p), o, "Tatt"),
        In.VENTER_PA_BEHANDLING,
        imdi=False,
        to=In.KANSELLERT,
    ),
    "behandle": expected(
        lambda c, p, o: innmelding.behandle(tx(c, p), o),
        In.VENTER_PA_BEHANDLING,
        imdi=True,
        to=In.SAKSBEHANDLES,
    ),
    "svar": expected(
        lambda c, p, o: innmelding.svar(tx(c, p), o, "Takk"), In.SAKSBEHANDLES, imdi=True
    ),
    "ferdigbehandle": expected(
        lambda c, p, o: innmelding.ferdigbehandle(tx(c, p), o, None),
        In.SAKSBEHANDLES,
        imdi=True,
        to=In.FERDIGBEHANDLET,
    ),
    "avsla": expected(
        lambda c, p, o: innmelding.avsla(tx(c, p), o, "Nei"),
        In.VENTER_PA_BEHANDLING,
        In.SAKSBEHANDLES,
        imdi=True,
        to=In.AVSLATT,
    ),
}


@dataclass(frozen=True)
class Workflow:
    machine: Machine[Any]
    table: dict[str, Expected]
    kommune_roller: tuple[Rolle, ...]
    hidden_from_kommune: frozenset[StrEnum] = frozenset()
    """Statuses the kommune's read scope does not show it (a fordeling not yet sent)."""


WORKFLOWS = {
    "anmodning": Workflow(anmodning.ANMODNING, ANMODNING, (Rolle.KOMMUNE_ANMODER_SKRIV,)),
    "fordeling": Workflow(
        fordeling.FORDELING,
        FORDELING,
        (Rolle.KOMMUNE_BOSETTER_SKRIV,),
        hidden_from_kommune=frozenset({F.UTKAST}),
    ),
    "innmelding": Workflow(innmelding.INNMELDING, INNMELDING, (Rolle.KOMMUNE_BOSETTER_SKRIV,)),
}

CASES = [
    pytest.param(name, step, status, id=f"{name}.{step}.from.{status.value}")
    for name, workflow in WORKFLOWS.items()
    for step in workflow.table
    for status in workflow.machine.status
]


async def _make(connection: AsyncConnection, name: str, status: Any) -> Any:
    match name:
        case "anmodning":
            return await make_anmodning(
                connection, kommunenummer=K, status=status, vedtak=VedtakStatus.GODKJENT
            )
        case "fordeling":
            return await make_fordeling(connection, kommunenummer=K, status=status)
        case _:
            return await make_innmelding(connection, kommunenummer=K, status=status)


def _object_id(made: Any) -> int:
    return int(made if isinstance(made, int) else made.id)


@pytest.mark.parametrize("name", WORKFLOWS)
def test_the_machine_has_the_diagrams_table(name: str) -> None:
    workflow = WORKFLOWS[name]
    assert set(workflow.machine.steps) == set(workflow.table), "a step without its test, or gone"
    for step, want in workflow.table.items():
        declared = workflow.machine.steps[step]
        assert declared.starts_from == want.starts_from, step
        assert declared.to == want.to, step
        assert {s: r.code for s, r in declared.refusals.items()} == dict(want.refusals), step


@pytest.mark.parametrize(("name", "step", "status"), CASES)
async def test_step_from_status(
    connection: AsyncConnection, name: str, step: str, status: Any
) -> None:
    workflow = WORKFLOWS[name]
    want = workflow.table[step]
    if want.imdi:
        principal = await make_principal(
            connection, OrganisasjonType.IMDI, Rolle.IMDI_SAKSBEHANDLER
        )
    else:
        principal = await make_principal(
            connection, OrganisasjonType.KOMMUNE, *workflow.kommune_roller, kommunenummer=K
        )
    made = await _make(connection, name, status)
    model = workflow.machine.model
    before = (
        await connection.execute(
            select(model.status, model.versjon).where(model.id == _object_id(made))
        )
    ).one()
    refused: Regelbrudd | None = None
    try:
        async with connection.begin_nested():
            await want.call(connection, principal, made)
    except Regelbrudd as error:
        refused = error
    hidden = not want.imdi and status in workflow.hidden_from_kommune
    if status in want.starts_from and not hidden:
        # It may break another rule, but never the table's or the scope's.
        assert refused is None or refused.code not in (
            ErrorCode.ILLEGAL_TRANSITION,
            ErrorCode.NOT_FOUND,
        ), refused
        if refused is None:
            await _moved(connection, workflow.machine, step, want, principal, made, before)
        return
    assert refused is not None, f"{step} was allowed from {status}"
    if hidden:
        assert refused.code == ErrorCode.NOT_FOUND
    else:
        assert refused.code == dict(want.refusals).get(status, ErrorCode.ILLEGAL_TRANSITION)
        assert refused.field == "id"
    after = (
        await connection.execute(
            select(model.status, model.versjon).where(model.id == _object_id(made))
        )
    ).one()
    assert after == before


async def _moved(
    connection: AsyncConnection,
    machine: Machine[Any],
    step: str,
    want: Expected,
    principal: Principal,
    made: Any,
    before: Any,
) -> None:
    """A step taken: the status the diagram leads to, a new version, and when and by whom in
    the columns the table names (the time is the one the test passed in)."""
    row = (
        await connection.execute(select(machine.model).where(machine.model.id == _object_id(made)))
    ).one()
    assert row.status == (want.to or before.status), step
    assert row.versjon == before.versjon + 1, step
    declared = machine.steps[step]
    if declared.stamp is not None:
        assert getattr(row, declared.stamp) == NOW, step
    if declared.by is not None:
        assert getattr(row, declared.by) == principal.bruker_id, step


def test_an_illegal_step_says_what_it_needs() -> None:
    class Row:
        status = FordelingStatus.SENDT

    with pytest.raises(Regelbrudd) as caught:
        fordeling.FORDELING.require(Row(), "angre")
    assert (
        caught.value.message
        == "stepping back needs a fordeling in status BEKREFTET; this one is SENDT"
    )
