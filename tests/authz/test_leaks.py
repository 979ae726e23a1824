"""Ways a denied value could leak anyway: not-found vs not-allowed, aliases and fragments,
family members, cursors and counts, error texts."""

from __future__ import annotations

import base64
import json

import httpx

from models.enums import Rolle
from models.identifikatorer import duf_nr
from tests.authz.support import ask
from tests.authz.world import World, subject_for
from tests.support import LiveServer

ANMODER = subject_for(frozenset({Rolle.KOMMUNE_ANMODER_SKRIV}))
BOSETTER = subject_for(frozenset({Rolle.KOMMUNE_BOSETTER_LES}))
ADMIN = subject_for(frozenset({Rolle.KOMMUNE_ADMIN}))
MARKERS = ("HELSE-", "SOSIAL-", "MERKNAD-", "YRKE-", "NOTAT-", "HENDELSE-", "+47 4000")


def test_not_found_and_not_allowed_look_the_same(
    world_client: httpx.Client, world_server: LiveServer, world: World
) -> None:
    query = "query($duf: String!) { person(dufNr: $duf) { dufNr navn } }"
    existing = world.persons["BOSATT"].duf_nr
    missing = duf_nr(2026, 999999)
    for subject in (ADMIN, "demo-analytiker", "demo-bufetat-saksbehandler"):
        denied = world_client.post(
            "/graphql",
            json={"query": query, "variables": {"duf": existing}},
            headers={"Authorization": f"Bearer {world_server.token(subject)}"},
        )
        absent = world_client.post(
            "/graphql",
            json={"query": query, "variables": {"duf": missing}},
            headers={"Authorization": f"Bearer {world_server.token(subject)}"},
        )
        assert denied.status_code == absent.status_code == 200
        assert denied.json() == absent.json() == {"data": {"person": None}}


def test_aliases_and_fragments_reach_no_denied_value(
    world_client: httpx.Client, world_server: LiveServer, world: World
) -> None:
    query = """
      fragment Mappe on Person { kontaktinformasjon { telefon } sosialInformasjon { tekst } }
      query($duf: String!) {
        a: person(dufNr: $duf) {
          h: helseinformasjon { helsetilstand }
          ...Mappe
          ... on Person {
            k: kompetanse { yrker { tittel } }
            hendelser(first: 20) { edges { node { tittel } } }
          }
          again: helseinformasjon { x: helsetilstand }
        }
      }"""
    for relation in ("SOKT_UT", "BOSATT"):
        response = world_client.post(
            "/graphql",
            json={"query": query, "variables": {"duf": world.persons[relation].duf_nr}},
            headers={"Authorization": f"Bearer {world_server.token(ANMODER)}"},
        )
        body = response.json()
        person = body["data"]["a"]
        assert person == {
            "h": None,
            "kontaktinformasjon": None,
            "sosialInformasjon": None,
            "k": None,
            "hendelser": None,
            "again": None,
        }
        assert sorted(e["path"][1] for e in body["errors"]) == sorted(person)
        assert not any(marker in response.text for marker in MARKERS)


def test_family_members_show_relation_sex_and_age_but_never_who(
    world_client: httpx.Client, world_server: LiveServer, world: World
) -> None:
    query = """query($duf: String!) { person(dufNr: $duf) {
        familie { relasjon kjonn alder
          person { dufNr navn helseinformasjon { helsetilstand } } } } }"""
    response = world_client.post(
        "/graphql",
        json={"query": query, "variables": {"duf": world.persons["ANNEN_KOMMUNE"].duf_nr}},
        headers={"Authorization": f"Bearer {world_server.token(BOSETTER)}"},
    )
    body = response.json()
    [member] = body["data"]["person"]["familie"]
    assert member == {
        "relasjon": "BARN",
        "kjonn": "KVINNE",
        "alder": member["alder"],
        "person": None,
    }
    assert 7 <= member["alder"] <= 9
    assert [e["path"] for e in body["errors"]] == [["person", "familie", 0, "person"]]
    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
    assert world.family_child.duf_nr not in response.text
    assert world.family_child.etternavn not in response.text


def test_imdi_sees_family_members_in_full(
    world_client: httpx.Client, world_server: LiveServer, world: World
) -> None:
    query = "query($duf: String!) { person(dufNr: $duf) { familie { relasjon person { dufNr } } } }"
    body = ask(
        world_client, world_server, "demo-imdi-saksbehandler", query,
        duf=world.persons["ANNEN_KOMMUNE"].duf_nr,
    )  # fmt: skip
    assert body == {
        "data": {
            "person": {
                "familie": [{"relasjon": "BARN", "person": {"dufNr": world.family_child.duf_nr}}]
            }
        }
    }


def test_the_child_sees_its_parent_as_forelder(
    world_client: httpx.Client, world_server: LiveServer, world: World
) -> None:
    query = "query($duf: String!) { person(dufNr: $duf) { familie { relasjon } } }"
    body = ask(
        world_client, world_server, "demo-imdi-saksbehandler", query, duf=world.family_child.duf_nr
    )
    assert body["data"]["person"]["familie"] == [{"relasjon": "FORELDER"}]


def test_search_cursors_hold_a_position_only(
    world_client: httpx.Client, world_server: LiveServer
) -> None:
    query = (
        '{ personsok(navn: "Verdi", first: 1) {'
        " edges { cursor } pageInfo { hasNextPage endCursor } } }"
    )
    body = ask(world_client, world_server, BOSETTER, query)
    page = body["data"]["personsok"]
    assert page["pageInfo"]["hasNextPage"] is True
    cursor = page["edges"][0]["cursor"]
    decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    assert decoded == ["personsok", 1]
    second = ask(
        world_client, world_server, BOSETTER,
        "query($after: String) { personsok(navn: \"Verdi\", first: 5, after: $after) {"
        " totalCount edges { node { etternavn } } pageInfo { hasNextPage } } }",
        after=cursor,
    )  # fmt: skip
    assert second["data"]["personsok"]["totalCount"] == 2
    assert len(second["data"]["personsok"]["edges"]) == 1
    assert second["data"]["personsok"]["pageInfo"]["hasNextPage"] is False


def test_a_forged_cursor_is_refused_without_data(
    world_client: httpx.Client, world_server: LiveServer
) -> None:
    forged = base64.urlsafe_b64encode(b'["hendelse", "x", 1]').decode()
    body = ask(
        world_client, world_server, BOSETTER,
        "query($after: String) {"
        ' personsok(first: 20, navn: "Verdi", after: $after) { totalCount } }',
        after=forged,
    )  # fmt: skip
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}


def test_search_criteria_are_validated_by_name(
    world_client: httpx.Client, world_server: LiveServer
) -> None:
    cases = {
        "{ personsok(first: 20) { totalCount } }": "personsok",
        '{ personsok(first: 20, navn: "a", dufNr: "201803452201") { totalCount } }': "personsok",
        '{ personsok(first: 20, navn: "x") { totalCount } }': "navn",
        '{ personsok(first: 20, personnummer: "12345678901") { totalCount } }': "personnummer",
        '{ personsok(first: 20, dufNr: "2018") { totalCount } }': "dufNr",
        '{ personsok(navn: "Verdi", first: 101) { totalCount } }': "first",
        '{ personsok(navn: "Verdi", first: 0) { totalCount } }': "first",
        '{ person(dufNr: "abc") { navn } }': "dufNr",
    }
    for query, field in cases.items():
        body = ask(world_client, world_server, "demo-imdi-saksbehandler", query)
        [error] = body["errors"]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, query
        assert error["message"].startswith(f"{field}: ")


def test_an_exact_duf_search_outside_k_shows_identitet_alone(
    world_client: httpx.Client, world_server: LiveServer, world: World
) -> None:
    query = """query($duf: String) { personsok(first: 20, dufNr: $duf) { totalCount edges { node {
        dufNr navn bosettingsstatus tilgang { grunndata } } } } }"""
    body = ask(world_client, world_server, ANMODER, query, duf=world.persons["INGEN"].duf_nr)
    assert body == {
        "data": {
            "personsok": {
                "totalCount": 1,
                "edges": [
                    {
                        "node": {
                            "dufNr": world.persons["INGEN"].duf_nr,
                            "navn": "Verdi Ingenrelasjon",
                            "bosettingsstatus": "BOSETTINGSKLAR",
                            "tilgang": {"grunndata": False},
                        }
                    }
                ],
            }
        }
    }


def test_the_personliste_never_holds_a_person_the_caller_may_not_read(
    world_client: httpx.Client, world_server: LiveServer, world: World
) -> None:
    add = """mutation($duf: String!) { leggTilIPersonliste(dufNr: $duf) {
        personliste { dufNr } feil { field message code } } }"""
    outside = ask(
        world_client, world_server, BOSETTER, add, duf=world.persons["ANNEN_KOMMUNE"].duf_nr
    )
    assert outside["data"]["leggTilIPersonliste"]["feil"] == [
        {
            "field": "dufNr",
            "message": "no person you may read has this DUF-nummer",
            "code": "PERSON_NOT_FOUND",
        }
    ]
    missing = ask(world_client, world_server, BOSETTER, add, duf=duf_nr(2026, 999998))
    assert (
        missing["data"]["leggTilIPersonliste"]["feil"]
        == outside["data"]["leggTilIPersonliste"]["feil"]
    )
    ok = ask(world_client, world_server, BOSETTER, add, duf=world.persons["SOKT_UT"].duf_nr)
    assert ok["data"]["leggTilIPersonliste"] == {
        "personliste": [{"dufNr": world.persons["SOKT_UT"].duf_nr}],
        "feil": [],
    }
    listed = ask(world_client, world_server, BOSETTER, "{ arbeidsflate { personliste { dufNr } } }")
    assert listed["data"]["arbeidsflate"]["personliste"] == [
        {"dufNr": world.persons["SOKT_UT"].duf_nr}
    ]
    removed = ask(
        world_client, world_server, BOSETTER,
        "mutation($duf: String!) { fjernFraPersonliste(dufNr: $duf) {"
        " personliste { dufNr } feil { code } } }",
        duf=world.persons["SOKT_UT"].duf_nr,
    )  # fmt: skip
    assert removed["data"]["fjernFraPersonliste"] == {"personliste": [], "feil": []}
