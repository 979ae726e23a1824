"""The full matrix, through real HTTP with real tokens: every kommune role combination × every
relation of the person to the caller's kommune × every sensitivity class; and IMDi, Bufetat
and the analyst.

The expectations are typed in from DOMAIN.md's table "Who sees what of a person", not taken
from the implementation's policy.
"""

from __future__ import annotations

import httpx
import pytest

from models.enums import Rolle
from tests.authz.support import (
    ALL,
    PERSON_QUERY,
    SEARCH_FINDS,
    ask,
    assert_classes,
    check_family,
    expected_via_duf,
    groups,
)
from tests.authz.world import RELATIONS, ROLE_SETS, World, subject_for
from tests.support import LiveServer


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("roles", ROLE_SETS, ids=subject_for)
def test_kommune_user_by_exact_duf_nr(
    world_client: httpx.Client,
    world_server: LiveServer,
    world: World,
    roles: frozenset[Rolle],
    relation: str,
) -> None:
    person = world.persons[relation]
    body = ask(world_client, world_server, subject_for(roles), PERSON_QUERY, duf=person.duf_nr)
    assert_classes(body, expected_via_duf(roles, relation))


@pytest.mark.parametrize("relation", RELATIONS)
def test_imdi_reads_everything_of_everyone(
    world_client: httpx.Client, world_server: LiveServer, world: World, relation: str
) -> None:
    body = ask(
        world_client, world_server, "demo-imdi-saksbehandler", PERSON_QUERY,
        duf=world.persons[relation].duf_nr,
    )  # fmt: skip
    assert_classes(body, ALL)


def test_bufetat_reads_everything_of_an_em_under_15(
    world_client: httpx.Client, world_server: LiveServer, world: World
) -> None:
    body = ask(
        world_client, world_server, "demo-bufetat-saksbehandler", PERSON_QUERY,
        duf=world.em_under_15.duf_nr,
    )  # fmt: skip
    assert_classes(body, ALL)


def test_bufetat_reads_an_em_until_the_day_it_turns_15(
    world_client: httpx.Client, world_server: LiveServer, world: World
) -> None:
    for person, visible in ((world.em_nesten_15, ALL), (world.em_15_i_dag, set())):
        body = ask(
            world_client, world_server, "demo-bufetat-saksbehandler", PERSON_QUERY,
            duf=person.duf_nr,
        )  # fmt: skip
        assert_classes(body, visible)


@pytest.mark.parametrize("roles", ROLE_SETS, ids=subject_for)
def test_the_family_of_a_person_known_only_by_duf_nr_is_masked(
    world_client: httpx.Client, world_server: LiveServer, world: World, roles: frozenset[Rolle]
) -> None:
    check_family(world_client, world_server, world, roles)


@pytest.mark.parametrize("relation", RELATIONS)
def test_bufetat_reads_nothing_of_others(
    world_client: httpx.Client, world_server: LiveServer, world: World, relation: str
) -> None:
    body = ask(
        world_client, world_server, "demo-bufetat-saksbehandler", PERSON_QUERY,
        duf=world.persons[relation].duf_nr,
    )  # fmt: skip
    assert_classes(body, set())


@pytest.mark.parametrize("relation", [*RELATIONS, "EM"])
def test_an_analyst_reads_no_person(
    world_client: httpx.Client, world_server: LiveServer, world: World, relation: str
) -> None:
    person = world.em_under_15 if relation == "EM" else world.persons[relation]
    body = ask(world_client, world_server, "demo-analytiker", PERSON_QUERY, duf=person.duf_nr)
    assert_classes(body, set())


SEARCH = (
    "query($navn: String, $pnr: String, $reg: String) {"
    " personsok(first: 20, navn: $navn, personnummer: $pnr, registreringsnummer: $reg) {"
    " totalCount edges { cursor node { dufNr tilgang { grunndata } } } } }"
)


@pytest.mark.parametrize("criterion", ["navn", "pnr", "reg"])
@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("roles", ROLE_SETS, ids=subject_for)
def test_personsok_finds_only_persons_in_k(
    world_client: httpx.Client,
    world_server: LiveServer,
    world: World,
    roles: frozenset[Rolle],
    relation: str,
    criterion: str,
) -> None:
    person = world.persons[relation]
    value = {
        "navn": person.etternavn,
        "pnr": person.personnummer,
        "reg": person.registreringsnummer,
    }
    body = ask(
        world_client, world_server, subject_for(roles), SEARCH, **{criterion: value[criterion]}
    )
    assert "errors" not in body
    found = any(relation in SEARCH_FINDS[group] for group in groups(roles))
    result = body["data"]["personsok"]
    assert result["totalCount"] == (1 if found else 0)
    assert [edge["node"]["dufNr"] for edge in result["edges"]] == ([person.duf_nr] if found else [])
    if found:
        assert result["edges"][0]["node"]["tilgang"] == {"grunndata": True}


@pytest.mark.parametrize("roles", ROLE_SETS, ids=subject_for)
def test_a_name_shared_by_all_finds_exactly_the_persons_in_k(
    world_client: httpx.Client, world_server: LiveServer, world: World, roles: frozenset[Rolle]
) -> None:
    body = ask(world_client, world_server, subject_for(roles), SEARCH, navn="Verdi")
    expected = {
        world.persons[relation].duf_nr
        for group in groups(roles)
        for relation in SEARCH_FINDS[group]
    }
    found = {edge["node"]["dufNr"] for edge in body["data"]["personsok"]["edges"]}
    assert found == expected
    assert body["data"]["personsok"]["totalCount"] == len(expected)
