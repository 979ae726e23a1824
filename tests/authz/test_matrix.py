"""The full matrix, through real HTTP with real tokens: every kommune role combination × every
relation of the person to the caller's kommune × every sensitivity class; and IMDi, Bufetat
and the analyst.

The expectations are typed in from DOMAIN.md's table "Who sees what of a person", not taken
from the implementation's policy.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from models.enums import Rolle
from tests.authz.world import RELATIONS, ROLE_SETS, World, subject_for
from tests.support import LiveServer

IDENTITET = "identitet"
GRUNNDATA = "grunndata"
PERSONMAPPE = "personmappe"
ALL = {IDENTITET, GRUNNDATA, PERSONMAPPE}

# A kommune user of K who looks a person up by exact DUF-nr (DOMAIN.md):
# identitet for any person with any kommune role; grunndata with any role if bosatt in K, with
# Bosetter roles if søkt ut to, bosatt in or on a fordeling sent to K; personmappe with Bosetter
# roles when søkt ut to or bosatt in K, never with Anmoder roles alone.
VIA_DUF: dict[str, dict[str, set[str]]] = {
    "INGEN": {"anmoder": {IDENTITET}, "bosetter": {IDENTITET}},
    "ANNEN_KOMMUNE": {"anmoder": {IDENTITET}, "bosetter": {IDENTITET}},
    "FORDELING": {"anmoder": {IDENTITET}, "bosetter": {IDENTITET, GRUNNDATA}},
    "SOKT_UT": {"anmoder": {IDENTITET}, "bosetter": ALL},
    "BOSATT": {"anmoder": {IDENTITET, GRUNNDATA}, "bosetter": ALL},
    # DOMAIN.md "Readings": a person who moved on is no longer in K; a draft fordeling is not
    # sent to K; a person K declined on its answer is in no relation to K.
    "FLYTTET": {"anmoder": {IDENTITET}, "bosetter": {IDENTITET}},
    "UTKAST": {"anmoder": {IDENTITET}, "bosetter": {IDENTITET}},
    "BESVART": {"anmoder": {IDENTITET}, "bosetter": {IDENTITET}},
    "FORDELING_ANNEN": {"anmoder": {IDENTITET}, "bosetter": {IDENTITET}},
}
# Personsøk by name, personnummer or registreringsnummer: Anmoder roles find persons bosatt in
# K, Bosetter roles persons søkt ut to or bosatt in K.
SEARCH_FINDS: dict[str, set[str]] = {"anmoder": {"BOSATT"}, "bosetter": {"SOKT_UT", "BOSATT"}}

ANMODER_ROLES = {Rolle.KOMMUNE_ANMODER_SKRIV, Rolle.KOMMUNE_ANMODER_LES}
BOSETTER_ROLES = {Rolle.KOMMUNE_BOSETTER_SKRIV, Rolle.KOMMUNE_BOSETTER_LES}


def groups(roles: frozenset[Rolle]) -> list[str]:
    found = []
    if roles & ANMODER_ROLES:
        found.append("anmoder")
    if roles & BOSETTER_ROLES:
        found.append("bosetter")
    return found


def expected_via_duf(roles: frozenset[Rolle], relation: str) -> set[str]:
    visible: set[str] = set()
    for group in groups(roles):  # roles combine
        visible |= VIA_DUF[relation][group]
    return visible


FIELDS: dict[str, dict[str, str]] = {
    IDENTITET: {"dufNr": "dufNr", "navn": "navn", "bosettingsstatus": "bosettingsstatus"},
    GRUNNDATA: {
        "fodselsdato": "fodselsdato",
        "kjonn": "kjonn",
        "nasjonalitet": "nasjonalitet",
        "personnummer": "personnummer",
        "registreringsnummer": "registreringsnummer",
        "grunndataDetaljer": "grunndataDetaljer { botilbud }",
    },
    PERSONMAPPE: {
        "kontaktinformasjon": "kontaktinformasjon { telefon }",
        "bosettingsinformasjon": "bosettingsinformasjon { familiemerknad }",
        "helseinformasjon": "helseinformasjon { helsetilstand }",
        "sosialInformasjon": "sosialInformasjon { tekst }",
        "kompetanse": "kompetanse { yrker { tittel } karriereveiledning { notat } }",
        "hendelser": "hendelser(first: 5) { totalCount edges { node { tittel } } }",
    },
}
PERSON_QUERY = (
    "query($duf: String!) { person(dufNr: $duf) { tilgang { identitet grunndata personmappe } "
    + " ".join(selection for fields in FIELDS.values() for selection in fields.values())
    + " } }"
)


def ask(
    client: httpx.Client, server: LiveServer, subject: str, query: str, **variables: Any
) -> dict[str, Any]:
    response = client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {server.token(subject)}"},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_classes(body: dict[str, Any], visible: set[str]) -> None:
    """Each field of a visible class has its value; each other is null with one FORBIDDEN."""
    person = body["data"]["person"]
    if not visible:
        assert body == {"data": {"person": None}}
        return
    assert person["tilgang"] == {c: c in visible for c in (IDENTITET, GRUNNDATA, PERSONMAPPE)}
    errors = body.get("errors", [])
    for error in errors:
        assert error["message"] == "Forbidden"
        assert error["extensions"] == {"code": "FORBIDDEN"}
    denied_paths = [tuple(error["path"]) for error in errors]
    assert len(denied_paths) == len(set(denied_paths))
    for klass, fields in FIELDS.items():
        for name in fields:
            if klass in visible:
                assert person[name] is not None, (klass, name)
                assert ("person", name) not in denied_paths
            else:
                assert person[name] is None, (klass, name)
                assert ("person", name) in denied_paths
    assert len(denied_paths) == sum(len(f) for k, f in FIELDS.items() if k not in visible)


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


FAMILY = (
    "query($duf: String!) { person(dufNr: $duf) { dufNr"
    " familie { relasjon kjonn alder person { dufNr navn fodselsdato } } } }"
)


def check_family(
    client: httpx.Client, server: LiveServer, world: World, roles: frozenset[Rolle]
) -> None:
    """DOMAIN.md "Family under a DUF-nr lookup": the head has no relation to K; its two members
    are bosatt in K, yet show relation, sex and age only, or the lookup would tie the head to
    a family in K. Looked up themselves, the members show each other (bosatt: grunndata)."""
    head, member, other = world.slekt
    body = ask(client, server, subject_for(roles), FAMILY, duf=head.duf_nr)
    if not groups(roles):
        assert body == {"data": {"person": None}}
        return
    familie = body["data"]["person"]["familie"]
    assert [(m["relasjon"], m["person"]) for m in familie] == [("BARN", None), ("BARN", None)]
    assert all(m["kjonn"] == "KVINNE" and m["alder"] > 0 for m in familie)
    assert len(body["errors"]) == 2
    assert {e["message"] for e in body["errors"]} == {"Forbidden"}
    assert member.duf_nr not in str(body)
    assert member.etternavn not in str(body)
    assert other.duf_nr not in str(body)
    assert other.etternavn not in str(body)

    body = ask(client, server, subject_for(roles), FAMILY, duf=member.duf_nr)
    shown = {m["relasjon"]: m["person"] for m in body["data"]["person"]["familie"]}
    assert shown["FORELDER"] is None  # the head: no relation to K
    assert shown["SOSKEN"]["dufNr"] == other.duf_nr  # bosatt in K: grunndata for every role


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
