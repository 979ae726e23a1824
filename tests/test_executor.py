"""The faster execution (schema/executor.py) answers exactly as graphql-core's standard
execution does: the same data and the same errors (message, locations, path, extensions), for
every kind of caller, on real queries over the seeded data."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from authz.principal import load_principal
from bench import queries
from schema import make_schema, schema
from schema.executor import BosettingExecutor
from tests.support import in_process_context

reference = make_schema(None)


PERSON_WIDE = """query($d: String!) { person(dufNr: $d) { ...P
  alias: navn __typename tilgang { identitet grunndata personmappe }
  skipped: fodselsdato @skip(if: true) included: kjonn @include(if: true)
  familie { relasjon kjonn alder person { dufNr navn fodselsdato ...P } }
  kompetanse { ... on Kompetanse { sprak { sprak tale } yrker { tittel kilde } } }
} }
fragment P on Person { dufNr navn bosettingsstatus kategori alder personnummer
  grunndataDetaljer { botilbud mottak } helseinformasjon { helsetilstand kilde } }"""


async def _run(target: Any, engine: AsyncEngine, subject: str, query: str, **variables: Any) -> Any:
    async with engine.connect() as connection:
        principal = await load_principal(connection, subject)
    context = in_process_context(engine, principal, "req-executor")
    result = await target.execute(query, variable_values=variables, context_value=context)
    return result.data, [e.formatted for e in result.errors or ()]


async def _ids(engine: AsyncEngine) -> dict[str, Any]:
    async with engine.connect() as connection:
        fordeling = await connection.scalar(
            text(
                "SELECT f.id FROM fordeling f JOIN fordeling_person fp ON fp.fordeling_id = f.id"
                " WHERE f.kommunenummer = '0301' AND f.status IN ('NY', 'SENDT')"
                " GROUP BY f.id ORDER BY count(*) DESC LIMIT 1"
            )
        )
        persons = (
            await connection.scalars(
                text(
                    "(SELECT p.duf_nr FROM utsoking u JOIN person p ON p.id = u.person_id"
                    " WHERE u.aktiv AND u.kommunenummer = '0301' ORDER BY p.id LIMIT 3)"
                    " UNION ALL (SELECT duf_nr FROM person WHERE enslig_mindrearig"
                    " ORDER BY id LIMIT 2)"
                    " UNION ALL (SELECT duf_nr FROM person ORDER BY id DESC LIMIT 2)"
                )
            )
        ).all()
    return {"fordeling": str(fordeling), "persons": list(persons)}


SUBJECTS = (
    "demo-0301-bosetter-les",
    "demo-0301-anmoder-les",
    "demo-4601-bosetter-skriv",
    "demo-imdi-saksbehandler",
    "demo-bufetat-saksbehandler",
    "demo-analytiker",
)


@pytest.mark.parametrize("subject", SUBJECTS)
async def test_the_fast_execution_equals_the_standard_one(
    engine: AsyncEngine, subject: str
) -> None:
    assert schema.execution_context_class is BosettingExecutor
    ids = await _ids(engine)
    cases: list[tuple[str, dict[str, Any]]] = [
        (queries.FORDELING, {"id": ids["fordeling"]}),
        (queries.PERSONSOK, {"navn": "Hosseini"}),
        *((queries.PERSON, {"dufNr": d}) for d in ids["persons"]),
        *((PERSON_WIDE, {"d": d}) for d in ids["persons"]),
        ("{ me { id navn roller organisasjon { navn type } } kommuner { nummer navn } }", {}),
    ]
    compared = 0
    for query, variables in cases:
        fast = await _run(schema, engine, subject, query, **variables)
        standard = await _run(reference, engine, subject, query, **variables)
        assert fast == standard, (subject, query[:60], variables)
        compared += 1
    assert compared == len(cases)


async def test_the_comparison_sees_a_difference(engine: AsyncEngine) -> None:
    """The equality above is not vacuous: a broken plan shows up as a difference."""
    from schema import executor

    ids = await _ids(engine)
    standard = await _run(
        reference, engine, "demo-imdi-saksbehandler", queries.FORDELING, id=ids["fordeling"]
    )
    key = ("Person", "navn")
    saved = executor._plans.get(key)
    executor._plans[key] = executor.Plan((), True, lambda source, context: "Ola Nordmann")
    try:
        broken = await _run(
            schema, engine, "demo-imdi-saksbehandler", queries.FORDELING, id=ids["fordeling"]
        )
    finally:
        if saved is None:
            executor._plans.pop(key, None)
        else:
            executor._plans[key] = saved
    assert broken != standard
