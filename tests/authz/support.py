"""Shared by the authorization tests: the expected visibility typed in from DOMAIN.md's table
"Who sees what of a person", the queries that read it and the checks that compare an answer
with it."""

from __future__ import annotations

from typing import Any

import httpx

from models.enums import Rolle
from tests.authz.world import World, subject_for
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


# Every field of a person, for a list of them: the heaviest read there is. The family's
# persons are not compiled (resolvers/compiled), so it runs field by field: the standard
# execution's batching.
EVERYTHING = """query($d: [String!]!) { personer(dufNr: $d) {
  dufNr navn bosettingsstatus fodselsdato alder kjonn nasjonalitet personnummer kategori
  grunndataDetaljer { botilbud mottak bosetting { kommunenummer bosettingsdato } }
  kontaktinformasjon { adresse telefon }
  bosettingsinformasjon { familiebolig bosettingsmerknader { kilde tekst } }
  helseinformasjon { helsetilstand bosettingsrelevantHelseinfo }
  sosialInformasjon { tekst }
  kompetanse {
    sprak { sprak tale lese skrive kilde } yrker { tittel } yrkesonsker { tittel }
    utdanning { tittel } andreFerdigheter { tittel } interesser { tittel }
    merknader { yrkesmerknad } omRegistreringen { tekst } karriereveiledning { notat }
  }
  hendelser(first: 5) { totalCount edges { node { tittel opprettetAv } } }
  familie { relasjon kjonn alder person { dufNr } }
} }"""
