"""A kommune's hendelser and notater, its refugee office, its users, and the arbeidsflate."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support import Api

OSLO_BOSETTER = "demo-0301-bosetter-skriv"
OSLO_ADMIN = "demo-0301-admin"
NOTAT = """mutation($i: NotatInput!) { opprettNotat(input: $i) {
  notat { id type tittel tekst opprettetAv personer { dufNr } } feil { field message code } } }"""
HENDELSER = """query($o: Omrade, $t: HendelseType, $after: String) {
  kommunehendelser(omrade: $o, type: $t, first: 5, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id type omrade tittel } } } }"""


async def oslo_person(engine: AsyncEngine, *, bosatt: bool = True) -> str:
    async with engine.connect() as connection:
        duf = await connection.scalar(
            text(
                "SELECT p.duf_nr FROM person p JOIN utsoking u ON u.person_id = p.id AND u.aktiv"
                " WHERE u.kommunenummer = '0301' AND (u.bosettingsdato IS NOT NULL) = :b"
                " ORDER BY p.id LIMIT 1"
            ),
            {"b": bosatt},
        )
    assert duf is not None
    return str(duf)


async def test_a_notat_linked_to_a_person_shows_in_its_hendelser_for_imdi_and_the_kommune(
    api: Api, engine: AsyncEngine
) -> None:
    person = await oslo_person(engine)
    body = await api(
        OSLO_BOSETTER,
        NOTAT,
        i={
            "tittel": "Samtale om skole",
            "saksomrade": "BOSETTING",
            "tekst": "Barna starter i januar.",
            "personer": [person],
        },
    )
    notat = body["data"]["opprettNotat"]["notat"]
    assert body["data"]["opprettNotat"]["feil"] == []
    assert (notat["type"], notat["tittel"], notat["personer"]) == (
        "NOTAT",
        "Samtale om skole",
        [{"dufNr": person}],
    )
    assert notat["opprettetAv"]
    person_hendelser = (
        "query($d: String!) { person(dufNr: $d) {"
        " hendelser(type: NOTAT, first: 50) { edges { node { tittel } } } } }"
    )
    for subject in (OSLO_BOSETTER, "demo-imdi-saksbehandler"):
        seen = await api(subject, person_hendelser, d=person)
        titles = [e["node"]["tittel"] for e in seen["data"]["person"]["hendelser"]["edges"]]
        assert "Samtale om skole" in titles
    # Another kommune sees neither the person's hendelser nor the notat in its own list.
    other = await api("demo-4601-bosetter-skriv", person_hendelser, d=person)
    assert other["data"]["person"]["hendelser"] is None
    other_list = await api("demo-4601-bosetter-skriv", HENDELSER, t="NOTAT")
    assert "Samtale om skole" not in str(other_list)
    own_list = await api("demo-0301-anmoder-les", HENDELSER, t="NOTAT")
    assert own_list["data"]["kommunehendelser"]["edges"][0]["node"]["tittel"] == "Samtale om skole"


async def test_a_notat_links_only_persons_the_writer_may_read(
    api: Api, engine: AsyncEngine
) -> None:
    elsewhere = await oslo_person(engine)
    body = await api(
        "demo-4601-bosetter-skriv",
        NOTAT,
        i={"tittel": "T", "saksomrade": "PERSON", "tekst": "x", "personer": [elsewhere]},
    )
    assert body["data"]["opprettNotat"] == {
        "notat": None,
        "feil": [
            {
                "field": "personer",
                "message": f"no person you may read has the DUF-nummer {elsewhere}",
                "code": "PERSON_NOT_FOUND",
            }
        ],
    }
    empty = await api(
        OSLO_BOSETTER, NOTAT, i={"tittel": " ", "saksomrade": "KOMMUNE", "tekst": "x"}
    )
    assert empty["data"]["opprettNotat"]["feil"][0]["code"] == "REQUIRED"
    reader = await api(
        "demo-0301-anmoder-les", NOTAT, i={"tittel": "T", "saksomrade": "KOMMUNE", "tekst": "x"}
    )
    assert reader["data"] == {"opprettNotat": None}


async def test_kommune_hendelser_filter_and_page(api: Api) -> None:
    first = await api("demo-0301-anmoder-skriv", HENDELSER, o="ANMODNING")
    page = first["data"]["kommunehendelser"]
    assert {e["node"]["omrade"] for e in page["edges"]} == {"ANMODNING"}
    assert page["totalCount"] > 5
    assert page["pageInfo"]["hasNextPage"] is True
    second = await api(
        "demo-0301-anmoder-skriv", HENDELSER, o="ANMODNING", after=page["pageInfo"]["endCursor"]
    )
    ids_first = {e["node"]["id"] for e in page["edges"]}
    ids_second = {e["node"]["id"] for e in second["data"]["kommunehendelser"]["edges"]}
    assert ids_first.isdisjoint(ids_second)
    assert second["data"]["kommunehendelser"]["totalCount"] == page["totalCount"]
    admin_only = await api(OSLO_ADMIN, HENDELSER)
    assert admin_only["data"] == {"kommunehendelser": None}


KONTAKT = """mutation($i: FlyktningkontorInput!) { oppdaterFlyktningkontor(input: $i) {
  kontaktinformasjon { flyktningkontor { avdeling postnummer telefon epost } endret }
  feil { field code } } }"""
KONTOR = {
    "avdeling": "Flyktningtjenesten",
    "adresse": "Storgata 1",
    "postnummer": "0155",
    "navn": "Kari Nordmann",
    "telefon": "+47 22 33 44 55",
    "epost": "flyktning@oslo.kommune.no",
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"postnummer": "155"}, "postnummer"),
        ({"telefon": "123"}, "telefon"),
        ({"epost": "ikke-en-adresse"}, "epost"),
        ({"navn": "  "}, "navn"),
    ],
)
async def test_the_refugee_office_is_validated(
    api: Api, change: dict[str, str], field: str
) -> None:
    body = await api(OSLO_ADMIN, KONTAKT, i=KONTOR | change)
    assert body["data"]["oppdaterFlyktningkontor"]["feil"][0]["field"] == field


async def test_the_kommune_edits_its_refugee_office_and_others_cannot_read_it(api: Api) -> None:
    body = await api(OSLO_ADMIN, KONTAKT, i=KONTOR)
    saved = body["data"]["oppdaterFlyktningkontor"]
    assert saved["feil"] == []
    assert saved["kontaktinformasjon"]["flyktningkontor"] == {
        "avdeling": "Flyktningtjenesten",
        "postnummer": "0155",
        "telefon": "+4722334455",
        "epost": "flyktning@oslo.kommune.no",
    }
    read = (
        '{ kommune(nummer: "0301") {'
        " kontaktinformasjon { offisiell { epost } flyktningkontor { navn } } } }"
    )
    for subject in (
        "demo-0301-anmoder-les",
        "demo-imdi-saksbehandler",
        "demo-bufetat-saksbehandler",
    ):
        seen = await api(subject, read)
        assert seen["data"]["kommune"]["kontaktinformasjon"]["flyktningkontor"] == {
            "navn": "Kari Nordmann"
        }
    other = await api("demo-4601-bosetter-les", read)
    assert other["data"]["kommune"] == {"kontaktinformasjon": None}
    assert other["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
    reader = await api("demo-0301-bosetter-les", KONTAKT, i=KONTOR)
    assert reader["data"] == {"oppdaterFlyktningkontor": None}


BRUKER = "bruker { id subject aktiv roller kommunenummer } feil { field message code }"
OPPRETT = f"mutation($i: OpprettBrukerInput!) {{ opprettBruker(input: $i) {{ {BRUKER} }} }}"
DEAKTIVER = f"mutation($id: ID!) {{ deaktiverBruker(brukerId: $id) {{ {BRUKER} }} }}"
TILDEL = (
    f"mutation($id: ID!, $r: Rolle!) {{ tildelRolle(brukerId: $id, rolle: $r) {{ {BRUKER} }} }}"
)
FJERN = f"mutation($id: ID!, $r: Rolle!) {{ fjernRolle(brukerId: $id, rolle: $r) {{ {BRUKER} }} }}"


def payload(body: dict[str, Any], name: str) -> dict[str, Any]:
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"][name]
    return result


async def test_a_kommune_admin_manages_its_own_users(api: Api, engine: AsyncEngine) -> None:
    created = payload(
        await api(
            OSLO_ADMIN,
            OPPRETT,
            i={
                "subject": "ny-0301",
                "navn": "Ny Bruker",
                "epost": "ny@oslo.kommune.no",
                "roller": ["KOMMUNE_BOSETTER_LES"],
            },
        ),
        "opprettBruker",
    )
    assert created["feil"] == []
    user = created["bruker"]
    assert (user["kommunenummer"], user["roller"], user["aktiv"]) == (
        "0301",
        ["KOMMUNE_BOSETTER_LES"],
        True,
    )
    # The new user logs in with its roles from the database.
    me = await api("ny-0301", "{ me { roller organisasjon { kommunenummer } } }")
    assert me["data"]["me"] == {
        "roller": ["KOMMUNE_BOSETTER_LES"],
        "organisasjon": {"kommunenummer": "0301"},
    }
    granted = payload(
        await api(OSLO_ADMIN, TILDEL, id=user["id"], r="KOMMUNE_ANMODER_SKRIV"), "tildelRolle"
    )
    assert granted["bruker"]["roller"] == ["KOMMUNE_ANMODER_SKRIV", "KOMMUNE_BOSETTER_LES"]
    removed = payload(
        await api(OSLO_ADMIN, FJERN, id=user["id"], r="KOMMUNE_BOSETTER_LES"), "fjernRolle"
    )
    assert removed["bruker"]["roller"] == ["KOMMUNE_ANMODER_SKRIV"]
    deactivated = payload(await api(OSLO_ADMIN, DEAKTIVER, id=user["id"]), "deaktiverBruker")
    assert deactivated["bruker"]["aktiv"] is False
    refused = api.http.post(
        "/graphql",
        json={"query": "{ me { navn } }"},
        headers={"Authorization": f"Bearer {api.server.token('ny-0301')}"},
    )
    assert refused.status_code == 401
    # Every change is a hendelse on the kommune.
    async with engine.connect() as connection:
        titles = list(
            await connection.scalars(
                text(
                    "SELECT tittel FROM hendelse WHERE kommunenummer = '0301'"
                    " AND detaljer->>'brukerId' = :id ORDER BY id"
                ),
                {"id": user["id"]},
            )
        )
    assert titles == ["Bruker opprettet", "Rolle tildelt", "Rolle fjernet", "Bruker deaktivert"]


@pytest.mark.parametrize(
    "rolle", ["IMDI_SAKSBEHANDLER", "BUFETAT_SAKSBEHANDLER", "KOMMUNE_ADMIN", "ANALYTIKER"]
)
async def test_a_kommune_admin_grants_only_the_four_kommune_roles(api: Api, rolle: str) -> None:
    body = payload(
        await api(OSLO_ADMIN, OPPRETT, i={"subject": f"x-{rolle}", "navn": "X", "roller": [rolle]}),
        "opprettBruker",
    )
    assert body["feil"] == [
        {
            "field": "roller",
            "message": f"you may not grant {rolle} to this user",
            "code": "ROLE_NOT_ALLOWED",
        }
    ]
    existing = await api(OSLO_ADMIN, "{ brukere(first: 100) { edges { node { id subject } } } }")
    user = next(
        e["node"]
        for e in existing["data"]["brukere"]["edges"]
        if e["node"]["subject"] == "demo-0301-anmoder-les"
    )
    assert (
        payload(await api(OSLO_ADMIN, TILDEL, id=user["id"], r=rolle), "tildelRolle")["feil"][0][
            "code"
        ]
        == "ROLE_NOT_ALLOWED"
    )


async def test_a_kommune_admin_never_touches_another_kommunes_users(api: Api) -> None:
    listed = await api(
        OSLO_ADMIN,
        "{ brukere(first: 100) { totalCount edges { node { id subject kommunenummer } } } }",
    )
    assert {e["node"]["kommunenummer"] for e in listed["data"]["brukere"]["edges"]} == {"0301"}
    imdi_view = await api(
        "demo-imdi-admin",
        '{ brukere(first: 100, kommunenummer: "4601") { edges { node { id subject } } } }',
    )
    bergen = next(
        e["node"]
        for e in imdi_view["data"]["brukere"]["edges"]
        if e["node"]["subject"] == "demo-4601-bosetter-les"
    )
    for mutation, name, extra in (
        (DEAKTIVER, "deaktiverBruker", {}),
        (TILDEL, "tildelRolle", {"r": "KOMMUNE_ANMODER_LES"}),
    ):
        body = payload(await api(OSLO_ADMIN, mutation, id=bergen["id"], **extra), name)
        assert body["feil"] == [
            {
                "field": "brukerId",
                "message": "no user you may administer has this id",
                "code": "NOT_FOUND",
            }
        ]
    me = next(
        e["node"] for e in listed["data"]["brukere"]["edges"] if e["node"]["subject"] == OSLO_ADMIN
    )
    assert (
        payload(await api(OSLO_ADMIN, DEAKTIVER, id=me["id"]), "deaktiverBruker")["feil"][0]["code"]
        == "SELF"
    )
    for subject in ("demo-0301-bosetter-skriv", "demo-imdi-saksbehandler"):
        assert (await api(subject, "{ brukere(first: 20) { totalCount } }"))["data"] == {
            "brukere": None
        }


async def test_imdi_admin_manages_all_with_roles_that_fit_the_organisation(
    api: Api, engine: AsyncEngine
) -> None:
    async with engine.connect() as connection:
        bufetat = await connection.scalar(
            text("SELECT id FROM organisasjon WHERE type = 'BUFETAT'")
        )
    ok = payload(
        await api(
            "demo-imdi-admin",
            OPPRETT,
            i={
                "subject": "buf-2",
                "navn": "B",
                "roller": ["BUFETAT_SAKSBEHANDLER"],
                "organisasjonId": str(bufetat),
            },
        ),
        "opprettBruker",
    )
    assert ok["feil"] == []
    wrong = payload(
        await api(
            "demo-imdi-admin",
            OPPRETT,
            i={
                "subject": "buf-3",
                "navn": "B",
                "roller": ["KOMMUNE_ADMIN"],
                "organisasjonId": str(bufetat),
            },
        ),
        "opprettBruker",
    )
    assert wrong["feil"][0]["code"] == "ROLE_NOT_ALLOWED"
    duplicate = payload(
        await api(
            "demo-imdi-admin",
            OPPRETT,
            i={"subject": "buf-2", "navn": "B", "organisasjonId": str(bufetat)},
        ),
        "opprettBruker",
    )
    assert duplicate["feil"][0]["code"] == "DUPLICATE"


LAGRE = """mutation($p: [PanelInput!]!) {
  lagreArbeidsflate(paneler: $p) { paneler { panel synlig snarveier } } }"""


async def test_the_arbeidsflate_layout_is_saved_per_user(api: Api) -> None:
    default = await api(OSLO_BOSETTER, "{ arbeidsflate { paneler { panel synlig snarveier } } }")
    assert [p["panel"] for p in default["data"]["arbeidsflate"]["paneler"]] == [
        "PERSONSOK",
        "VARSLER",
        "PERSONLISTE",
        "SNARVEIER",
    ]
    layout = [
        {"panel": "VARSLER", "synlig": True},
        {"panel": "SNARVEIER", "synlig": True, "snarveier": ["BOSETTINGSDATO", "FORDELINGER"]},
        {"panel": "PERSONSOK", "synlig": True},
        {"panel": "PERSONLISTE", "synlig": False},
    ]
    saved = await api(OSLO_BOSETTER, LAGRE, p=layout)
    assert saved["data"]["lagreArbeidsflate"]["paneler"] == [
        {"panel": "VARSLER", "synlig": True, "snarveier": []},
        {"panel": "SNARVEIER", "synlig": True, "snarveier": ["BOSETTINGSDATO", "FORDELINGER"]},
        {"panel": "PERSONSOK", "synlig": True, "snarveier": []},
        {"panel": "PERSONLISTE", "synlig": False, "snarveier": []},
    ]
    other_user = await api("demo-0301-bosetter-les", "{ arbeidsflate { paneler { panel } } }")
    assert next(p["panel"] for p in other_user["data"]["arbeidsflate"]["paneler"]) == "PERSONSOK"
    missing = await api(OSLO_BOSETTER, LAGRE, p=layout[:3])
    assert missing["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "paneler"}
    misplaced = await api(
        OSLO_BOSETTER, LAGRE, p=[{"panel": "VARSLER", "snarveier": ["HENDELSER"]}, *layout[1:]]
    )
    assert misplaced["errors"][0]["extensions"]["field"] == "paneler[0].snarveier"


ANMODNING_HENDELSER = "query($id: ID!) { anmodning(id: $id) { hendelser { type tittel } } }"


async def anmodning_of(engine: AsyncEngine, kommunenummer: str) -> str:
    async with engine.connect() as connection:
        found = await connection.scalar(
            text("SELECT max(id) FROM anmodning WHERE kommunenummer = :k"), {"k": kommunenummer}
        )
    assert found is not None
    return str(found)


async def hendelser_count(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        count = await connection.scalar(text("SELECT count(*) FROM hendelse"))
    assert isinstance(count, int)
    return count


async def test_a_notat_on_an_anmodning_shows_in_its_hendelser_for_the_kommune_and_imdi(
    api: Api, engine: AsyncEngine
) -> None:
    oslo = await anmodning_of(engine, "0301")
    body = await api(
        "demo-0301-anmoder-skriv",
        NOTAT,
        i={
            "tittel": "Vedtaket behandles i bystyret",
            "saksomrade": "ANMODNING",
            "tekst": "Saken er satt opp til møtet 12. desember.",
            "anmodningId": oslo,
        },
    )
    assert body["data"]["opprettNotat"]["feil"] == []
    assert body["data"]["opprettNotat"]["notat"]["type"] == "NOTAT"
    for subject in ("demo-0301-anmoder-les", "demo-imdi-saksbehandler"):
        seen = await api(subject, ANMODNING_HENDELSER, id=oslo)
        assert seen["data"]["anmodning"]["hendelser"][0] == {
            "type": "NOTAT",
            "tittel": "Vedtaket behandles i bystyret",
        }
    listed = await api("demo-0301-anmoder-les", HENDELSER, o="ANMODNING", t="NOTAT")
    titles = [e["node"]["tittel"] for e in listed["data"]["kommunehendelser"]["edges"]]
    assert "Vedtaket behandles i bystyret" in titles
    # IMDi writes on any kommune's anmodning: the notat is on that kommune.
    imdi = await api(
        "demo-imdi-saksbehandler",
        NOTAT,
        i={
            "tittel": "Purring avtalt",
            "saksomrade": "ANMODNING",
            "tekst": "x",
            "anmodningId": oslo,
        },
    )
    assert imdi["data"]["opprettNotat"]["feil"] == []
    seen = await api("demo-0301-anmoder-skriv", ANMODNING_HENDELSER, id=oslo)
    assert seen["data"]["anmodning"]["hendelser"][0]["tittel"] == "Purring avtalt"


@pytest.mark.parametrize(
    ("subject", "change", "field", "code"),
    [
        # Another kommune's anmodning, one that does not exist, and no id: the same refusal.
        ("demo-4601-anmoder-skriv", {}, "anmodningId", "NOT_FOUND"),
        ("demo-0301-anmoder-skriv", {"anmodningId": "999999999"}, "anmodningId", "NOT_FOUND"),
        ("demo-0301-anmoder-skriv", {"anmodningId": "x1"}, "anmodningId", "NOT_FOUND"),
        ("demo-0301-anmoder-skriv", {"saksomrade": "KOMMUNE"}, "saksomrade", "INVALID"),
        ("demo-imdi-saksbehandler", {"kommunenummer": "4601"}, "kommunenummer", "INVALID"),
    ],
)
async def test_a_notat_on_an_anmodning_is_refused_with_the_field_and_nothing_is_written(
    api: Api, engine: AsyncEngine, subject: str, change: dict[str, str], field: str, code: str
) -> None:
    oslo = await anmodning_of(engine, "0301")
    before = await hendelser_count(engine)
    notat = {"tittel": "T", "saksomrade": "ANMODNING", "tekst": "x", "anmodningId": oslo}
    body = await api(subject, NOTAT, i=notat | change)
    assert body["data"]["opprettNotat"]["notat"] is None
    [feil] = body["data"]["opprettNotat"]["feil"]
    assert (feil["field"], feil["code"]) == (field, code)
    assert await hendelser_count(engine) == before


async def test_only_a_role_that_writes_notater_puts_one_on_an_anmodning(
    api: Api, engine: AsyncEngine
) -> None:
    oslo = await anmodning_of(engine, "0301")
    notat = {"tittel": "T", "saksomrade": "ANMODNING", "tekst": "x", "anmodningId": oslo}
    reader = await api("demo-0301-anmoder-les", NOTAT, i=notat)
    assert reader["data"] == {"opprettNotat": None}
    assert reader["errors"][0]["extensions"]["code"] == "FORBIDDEN"
