"""Property: whatever query a caller composes over Person (aliases, fragments, family paths,
any root field), no personmappe value of a person outside its reach appears in the answer."""

from __future__ import annotations

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.enums import Rolle
from tests.authz.support import ALL, GRUNNDATA, IDENTITET, PERSONMAPPE, expected_via_duf
from tests.authz.world import ROLE_SETS, World, WorldPerson, subject_for
from tests.support import LiveServer

OTHERS = ("demo-imdi-saksbehandler", "demo-bufetat-saksbehandler", "demo-analytiker")
SUBJECTS = tuple(subject_for(roles) for roles in ROLE_SETS) + OTHERS
ROLES_OF = {subject_for(roles): roles for roles in ROLE_SETS}

SECTIONS = (
    "kontaktinformasjon { telefon kilde }",
    "bosettingsinformasjon { familiemerknad }",
    "helseinformasjon { helsetilstand svangerskap }",
    "sosialInformasjon { tekst }",
    "kompetanse { yrker { tittel } sprak { sprak } karriereveiledning { notat } }",
    "hendelser(first: 3) { totalCount edges { node { tittel tekst } } }",
)
PLAIN = ("dufNr", "navn", "etternavn", "fodselsdato", "personnummer", "tilgang { personmappe }")


def reach(subject: str, person: WorldPerson, world: World) -> set[str]:
    """The most any path may show of ``person`` to ``subject``: what DOMAIN.md grants on an
    exact DUF-nr lookup (no other path shows more)."""
    if subject == "demo-imdi-saksbehandler":
        return set(ALL)
    if subject == "demo-bufetat-saksbehandler":
        return set(ALL) if person == world.em_under_15 else set()
    if subject == "demo-analytiker":
        return set()
    relation = person.relation if person in world.persons.values() else "INGEN"
    return expected_via_duf(frozenset(ROLES_OF[subject]), relation)


@st.composite
def selections(draw: st.DrawFn, depth: int = 0) -> str:
    parts = draw(st.lists(st.sampled_from(SECTIONS + PLAIN), min_size=1, max_size=6))
    if depth == 0 and draw(st.booleans()):
        inner = draw(selections(depth=1))
        parts.append(f"familie {{ relasjon alder person {{ {inner} }} }}")
    rendered = []
    for index, part in enumerate(parts):
        form = draw(st.sampled_from(["plain", "alias", "inline"]))
        if form == "alias":
            rendered.append(f"a{depth}x{index}: {part}")
        elif form == "inline":
            rendered.append(f"... on Person {{ {part} }}")
        else:
            rendered.append(part)
    return " ".join(rendered)


@st.composite
def queries(draw: st.DrawFn, world: World) -> tuple[str, dict[str, object]]:
    people = [*world.persons.values(), world.em_under_15, world.family_child]
    person = draw(st.sampled_from(people))
    body = draw(selections())
    root = draw(st.sampled_from(["person", "personer", "sokDuf", "sokNavn", "fragment"]))
    if root == "person":
        return f"query($d: String!) {{ person(dufNr: $d) {{ {body} }} }}", {"d": person.duf_nr}
    if root == "personer":
        others = draw(st.lists(st.sampled_from(people), max_size=3))
        return (
            f"query($d: [String!]!) {{ personer(dufNr: $d) {{ {body} }} }}",
            {"d": [person.duf_nr] + [p.duf_nr for p in others]},
        )
    if root == "sokDuf":
        return (
            "query($d: String) { personsok(first: 20, dufNr: $d) {"
            f" edges {{ node {{ {body} }} }} }} }}",
            {"d": person.duf_nr},
        )
    if root == "sokNavn":
        return (
            "query($n: String) { personsok(first: 20, navn: $n) { totalCount edges { node { "
            + body
            + " } } } }",
            {"n": draw(st.sampled_from([person.etternavn, "Verdi"]))},
        )
    return (
        f"fragment F on Person {{ {body} }}"
        " query($d: String!) { x: person(dufNr: $d) { ...F } }",
        {"d": person.duf_nr},
    )


def markers(person: WorldPerson) -> dict[str, list[str]]:
    name = person.etternavn
    return {
        PERSONMAPPE: [f"HELSE-{name}", f"SOSIAL-{name}", f"MERKNAD-{name}", f"YRKE-{name}",
                      f"NOTAT-{name}", f"HENDELSE-{name}"],
        GRUNNDATA: [person.personnummer],
        IDENTITET: [person.duf_nr, name],
    }  # fmt: skip


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_value_of_a_class_out_of_reach_appears(
    world_client: httpx.Client, world_server: LiveServer, world: World, data: st.DataObject
) -> None:
    subject = data.draw(st.sampled_from(SUBJECTS), label="subject")
    query, variables = data.draw(queries(world), label="query")
    response = world_client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {world_server.token(subject)}"},
    )
    assert response.status_code == 200, response.text
    text = response.text
    for person in [*world.persons.values(), world.em_under_15, world.family_child]:
        allowed = reach(subject, person, world)
        for klass, values in markers(person).items():
            if klass not in allowed:
                for value in values:
                    assert value not in text, (subject, klass, value, query)


def test_the_oracle_itself_distinguishes() -> None:
    """The property above is only as strong as ``reach``: check it against a few known rows."""
    anmoder = subject_for(frozenset({Rolle.KOMMUNE_ANMODER_LES}))
    assert ROLES_OF[anmoder] == frozenset({Rolle.KOMMUNE_ANMODER_LES})
    assert expected_via_duf(ROLES_OF[anmoder], "BOSATT") == {IDENTITET, GRUNNDATA}
    assert expected_via_duf(ROLES_OF[anmoder], "SOKT_UT") == {IDENTITET}
